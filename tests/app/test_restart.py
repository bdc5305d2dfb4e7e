"""A crashed app restarts on its port (issue 30, point 1): `kill -9` of the server while its pool
workers analyse the corpus must not leave them holding the listening socket."""

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

from bench.hostile.kills import children
from tests.e2e.conftest import _free_port, _stop, _wait_healthy

ROOT = Path(__file__).resolve().parents[2]
REPORTS = 240  # enough that analysis is still running when the workers are seen
WAIT_S = 40  # bound on waiting for the workers to appear


def _seed(db: Path) -> None:
    """A store of REPORTS distinct reports, none analysed yet (the samples marked as loaded)."""
    from analysis.core.models import Extracted
    from analysis.store.database import CorpusStore
    from analysis.store.saving import save_report
    from analysis.text.metadata import Metadata

    store = CorpusStore(db)
    base = (ROOT / "data" / "samples").glob("*.txt")
    texts = [p.read_text(encoding="utf-8") for p in sorted(base)]
    for n in range(REPORTS):
        text = f"{texts[n % len(texts)]}\n第{n}号补充：支部开展主题党日活动{n}次。\n"
        save_report(store, f"报告{n}.txt", Extracted(text, "txt"), Metadata(title=f"报告{n}"))
    store.set_meta("samples_loaded", "1")


_children = children  # processes whose parent is `pid` (one /proc reader, bench/hostile/kills.py)


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(port: int, db: Path, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    env = {**os.environ, "DJ_DB": str(db)}
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


async def _open_session(port: int) -> None:
    """Run the app once, as a browser would, and stay connected until cancelled."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:  # type: ignore[list-item]
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        await ws.send(rerun.SerializeToString())
        try:
            while True:
                await asyncio.wait_for(ws.recv(), timeout=WAIT_S)
        except Exception:  # the server was killed: the session is over
            return


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_app_killed_mid_analysis_restarts_on_its_port(tmp_path):
    db = tmp_path / "corpus.db"
    _seed(db)
    port = _free_port()
    first = _start(port, db, tmp_path / "first.log")
    workers: list[int] = []
    second = None
    try:
        _wait_healthy(first, f"http://127.0.0.1:{port}", tmp_path / "first.log")
        session = threading.Thread(target=asyncio.run, args=(_open_session(port),), daemon=True)
        session.start()
        deadline = time.monotonic() + WAIT_S
        while not workers and time.monotonic() < deadline:
            workers = _children(first.pid)
            time.sleep(0.1)
        assert workers, "the app never started its analysis workers"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        second = _start(port, db, tmp_path / "second.log")
        _wait_healthy(second, f"http://127.0.0.1:{port}", tmp_path / "second.log")
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers)), "workers outlived the killed app"
    finally:
        for pid in workers:  # the test's own orphans, should the fix regress
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if first.poll() is None:
            first.kill()
        if second is not None:
            _stop(second)
