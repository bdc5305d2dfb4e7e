"""A hostile client without a browser, against a real server with an admin password set: Streamlit's
"clear cache" message (which any client can send over the websocket, menu or not) must not empty
the caches every visitor shares (issue 16, hole 10)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
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


RUN_S = 120  # the first run on a fresh store analyses the sample corpus
GUARD_S = 10  # for the server to log its answer to the clear-cache message


async def _run_then_clear(port: int, log: Path) -> None:
    """Open a session and run the app once to its end, send the clear-cache BackMsg, and stay
    connected until the server has logged its answer."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    finished = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
    url = f"ws://localhost:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:  # type: ignore[list-item]
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        await ws.send(rerun.SerializeToString())
        async with asyncio.timeout(RUN_S):
            while True:  # the page's messages, until a run has finished (not one cut for a rerun)
                msg = ForwardMsg.FromString(await ws.recv())
                if msg.WhichOneof("type") == "script_finished" and msg.script_finished == finished:
                    break
        clear = BackMsg()
        clear.clear_cache = True
        await ws.send(clear.SerializeToString())
        async with asyncio.timeout(GUARD_S):
            while GUARD_LINE not in log.read_text(encoding="utf-8"):
                await asyncio.sleep(0.1)


def test_viewer_cannot_clear_the_shared_caches(gated_server):
    port, log = gated_server
    # In its own thread: the browser tests' Playwright keeps an event loop running in this one.
    worker = threading.Thread(target=asyncio.run, args=(_run_then_clear(port, log),))
    worker.start()
    worker.join(timeout=RUN_S + GUARD_S)
    text = log.read_text(encoding="utf-8")
    assert GUARD_LINE in text, text[-3000:]
    assert "Traceback" not in text
