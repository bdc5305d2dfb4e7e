"""Helpers of the restart tests (a server killed mid-analysis): a store whose analysis takes a
while, a live-process check, and a browser-like session that keeps the app running."""

from __future__ import annotations

import asyncio
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


REPORTS = 240  # enough that analysis is still running when the workers are seen


WAIT_S = 40  # bound on waiting for the workers to appear


def seed(db: Path) -> None:
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


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def open_session(port: int) -> None:
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
