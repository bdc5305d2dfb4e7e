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
from tests.app.restarts import WAIT_S, alive, open_session, seed
from tests.e2e.conftest import _free_port, _stop, _wait_healthy

ROOT = Path(__file__).resolve().parents[2]


_children = children  # processes whose parent is `pid` (one /proc reader, bench/hostile/kills.py)


def _start(port: int, db: Path, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    env = {**os.environ, "DJ_DB": str(db)}
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_app_killed_mid_analysis_restarts_on_its_port(tmp_path):
    db = tmp_path / "corpus.db"
    seed(db)
    port = _free_port()
    first = _start(port, db, tmp_path / "first.log")
    workers: list[int] = []
    second = None
    try:
        _wait_healthy(first, f"http://127.0.0.1:{port}", tmp_path / "first.log")
        session = threading.Thread(target=asyncio.run, args=(open_session(port),), daemon=True)
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
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(alive, workers)), "workers outlived the killed app"
    finally:
        for pid in workers:  # the test's own orphans, should the fix regress
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if first.poll() is None:
            first.kill()
        if second is not None:
            _stop(second)
