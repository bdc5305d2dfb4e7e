"""An app of an older version (pool workers without the parent-death signal, keeping the app's
listening socket) killed mid-analysis blocks its port; the start-up sweep that `make run` runs
first (`python -m analysis.core.workers`) ends those workers, and the app restarts on its port."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.hostile.kills import children as _children
from tests.app.restarts import WAIT_S, alive, open_session, seed
from tests.e2e.conftest import _free_port, _stop, _wait_healthy

ROOT = Path(__file__).resolve().parents[2]

# The older version, faithfully: the pools' initializer did nothing (no death signal, no name,
# sockets kept). Patched before app.py imports the pools, which bind the name at import.
OLD_VERSION = """
from analysis.core import workers
workers.die_with_parent = lambda parent_pid: None
"""


def _start(port: int, db: Path, log: Path, site: Path | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    env = {**os.environ, "DJ_DB": str(db)}
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_old_workers_holding_the_port_are_swept_and_the_app_restarts(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(OLD_VERSION, encoding="utf-8")
    db = tmp_path / "corpus.db"
    seed(db)
    port = _free_port()
    old = _start(port, db, tmp_path / "old.log", site)
    workers: list[int] = []
    blocked = second = None
    try:
        _wait_healthy(old, f"http://127.0.0.1:{port}", tmp_path / "old.log")
        session = threading.Thread(target=asyncio.run, args=(open_session(port),), daemon=True)
        session.start()
        deadline = time.monotonic() + WAIT_S
        while not workers and time.monotonic() < deadline:
            workers = _children(old.pid)
            time.sleep(0.1)
        assert workers, "the app never started its analysis workers"
        old.send_signal(signal.SIGKILL)
        old.wait(timeout=10)
        assert all(map(alive, workers)), "the old version's workers should outlive their app"
        blocked = _start(port, db, tmp_path / "blocked.log")
        assert blocked.wait(timeout=120) != 0  # the problem being fixed: the port is taken
        assert "is not available" in (tmp_path / "blocked.log").read_text(encoding="utf-8")

        sweep = [sys.executable, "-m", "analysis.core.workers"]
        done = subprocess.run(sweep, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0
        for pid in workers:
            assert f"已结束残留的工作进程 {pid}" in done.stderr, done.stderr
        second = _start(port, db, tmp_path / "second.log")
        _wait_healthy(second, f"http://127.0.0.1:{port}", tmp_path / "second.log")
        assert not any(map(alive, workers))
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        for proc in (old, blocked):
            if proc is not None and proc.poll() is None:
                proc.kill()
        if second is not None:
            _stop(second)
