"""The start-up sweep of stale workers (issue 30, point 1): workers of a dead app are found and
ended — named workers of this version, and unnamed ones of an older version that still hold the
app's port — while live apps, their workers and unrelated processes are left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.core import workers
from analysis.core.workers import Proc, find_stale_workers, judge_stale, sweep_stale_workers

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
ROOT = Path(__file__).resolve().parents[3]
APP = ("python", "-m", "streamlit", "run", "app.py", "--server.port", "8501")
CLI = ("python", "-m", "analysis", "ingest", "a.txt")


def _proc(pid=50, ppid=40, comm="python", cmdline=APP, cwd=str(ROOT), ports=()) -> Proc:
    return Proc(pid, ppid, comm, cmdline, cwd, ports)


@pytest.mark.parametrize(
    ("proc", "parent", "serving", "stale"),
    [
        # this version: named after its parent's pid
        (_proc(comm="djw-40"), _proc(pid=40, ppid=1), False, False),  # its parent is alive
        (_proc(ppid=1, comm="djw-40"), None, False, True),  # handed to init
        (_proc(ppid=7, comm="djw-40", cmdline=CLI), _proc(pid=7, cmdline=("tini",)), False, True),
        # an older version: unnamed, found by the port it holds that nobody serves
        (_proc(ppid=1, ports=(8501,)), None, False, True),
        (_proc(ppid=1, ports=(8501,)), None, True, False),  # a live app (daemon): it answers
        (_proc(ports=(8501,)), _proc(pid=40, cmdline=("bash",)), True, False),  # started by a shell
        (_proc(ports=(8501,)), _proc(pid=40, ports=(8501,)), False, False),  # worker of a live app
        (_proc(ppid=1), None, False, False),  # holds no port: cannot tell, left alone
        (_proc(ppid=1, ports=(8501,), cmdline=CLI), None, False, False),  # not the app
        (_proc(ppid=1, ports=(8501,), cwd="/elsewhere"), None, False, False),  # another checkout
    ],
)
def test_who_is_a_stale_worker(proc, parent, serving, stale):
    assert (judge_stale(proc, parent, ROOT, probe=lambda port: serving) is not None) is stale


# A parent that forks one child holding a listening socket, prints the child's pid, and waits to
# be killed: the child is then an orphan as an older version's pool worker was (or, with "named",
# a worker of this version whose parent-death signal never came).
ORPHAN = r"""
import os, socket, sys, time
from analysis.core import workers
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen()
child = os.fork()
if child == 0:
    if sys.argv[1] == "named":
        workers._name_worker(os.getppid())
    time.sleep(600)
    os._exit(0)
print(child, sock.getsockname()[1], flush=True)
time.sleep(600)
"""

# A live app: same command line, answers HTTP on its port.
LIVE = r"""
import http.server, sys
server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def _start(code: str, *args: str) -> subprocess.Popen:
    # argv after the code reads like the app's command line: `streamlit run app.py`
    cmd = [sys.executable, "-c", code, *args, "streamlit", "run", "app.py"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("kind", ["named", "old"])
def test_the_sweep_ends_the_orphans_of_a_killed_app_and_spares_a_live_one(kind):
    app, live = _start(ORPHAN, kind), _start(LIVE)
    assert app.stdout is not None and live.stdout is not None
    child, port = map(int, app.stdout.readline().split())
    live_port = int(live.stdout.readline())
    try:
        assert child not in {s.pid for s in find_stale_workers(ROOT)}  # its app is alive
        app.send_signal(signal.SIGKILL)
        app.wait(10)
        stale = {s.pid: s.why for s in find_stale_workers(ROOT)}
        assert child in stale and live.pid not in stale
        if kind == "old":
            assert str(port) in stale[child] and str(live_port) not in stale[child]
        ended = sweep_stale_workers(ROOT)
        assert child in {s.pid for s in ended}
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child) and live.poll() is None
    finally:
        for proc in (app, live):
            proc.kill()
            proc.wait(10)
        if _alive(child):
            os.kill(child, signal.SIGKILL)


def test_a_worker_is_named_after_its_parent():
    assert workers.worker_name(4194304) == "djw-4194304" and len(b"djw-4194304") <= 15
