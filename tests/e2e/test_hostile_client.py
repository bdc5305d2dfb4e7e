"""A hostile client without a browser, against a real server with an admin password set: Streamlit's
"clear cache" message (which any client can send over the websocket, menu or not) must not empty
the caches every visitor shares (issue 16, hole 10)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import _free_port, _stop, _wait_healthy

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
GUARD_LINE = "clear-cache request from a session that may not write: shared caches kept"


@pytest.fixture(scope="module")
def gated_server(tmp_path_factory):
    """`streamlit run app.py` with DJ_ADMIN_PASSWORD set; its port and log file."""
    tmp = tmp_path_factory.mktemp("gated")
    port, log = _free_port(), tmp / "server.log"
    env = {**os.environ, "DJ_DB": str(tmp / "corpus.db"), "DJ_ADMIN_PASSWORD": "正确的密码"}
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(proc, f"http://localhost:{port}", log)
        yield port, log
    finally:
        _stop(proc)


async def _run_then_clear(port: int) -> None:
    """Open a session (run the app once), then send the clear-cache BackMsg."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    url = f"ws://localhost:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:  # type: ignore[list-item]
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        await ws.send(rerun.SerializeToString())
        try:
            while True:  # the page's messages, until it has finished and gone quiet
                await asyncio.wait_for(ws.recv(), timeout=15)
        except TimeoutError:
            pass
        clear = BackMsg()
        clear.clear_cache = True
        await ws.send(clear.SerializeToString())
        await asyncio.sleep(2)


def test_viewer_cannot_clear_the_shared_caches(gated_server):
    port, log = gated_server
    # In its own thread: the browser tests' Playwright keeps an event loop running in this one.
    worker = threading.Thread(target=asyncio.run, args=(_run_then_clear(port),))
    worker.start()
    worker.join(timeout=60)
    deadline = time.monotonic() + 10
    while GUARD_LINE not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    text = log.read_text(encoding="utf-8")
    assert GUARD_LINE in text, text[-3000:]
    assert "Traceback" not in text
