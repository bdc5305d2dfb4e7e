"""SQLite stores in trouble, built the same way by the store, CLI and page tests: a store filled
with reports and checkpointed, then damaged as a failing disk would; a store whose file may not
grow (a full disk: `PRAGMA max_page_count` on every connection makes SQLite fail writes with
SQLITE_FULL)."""

from __future__ import annotations

import sqlite3

from analysis.core.models import Extracted
from analysis.store import backends
from analysis.store.database import CorpusStore
from tests.conftest import SAMPLES


def filled(path, n: int = 60) -> CorpusStore:
    """A SQLite store of `n` reports, everything checkpointed into the main file."""
    store = CorpusStore(path)
    for i in range(n):
        text = f"报告{i}\n" + "支部坚持“三会一课”，党建引领发展。" * 120
        scan = i % 3 == 0  # some read by OCR, written in Traditional: salvaged with the rest
        doc = Extracted(text=text, fmt="txt", ocr=scan, ocr_confidence=0.91 if scan else None)
        store.add(f"{i}.txt", doc, {"title": f"第{i}份", "original_title": "第份" if scan else ""})
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return store


def damage(path, where: float) -> None:
    """Overwrite 4 KB at fraction `where` of the file with garbage, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(int(size * where))
        fh.write(b"\xde\xad\xbe\xef" * 1024)


SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLES]


def report_text(n: int) -> str:
    """Sample report `n` (cycling through the five) with a numbered line of its own."""
    return f"{SAMPLE_TEXTS[n % len(SAMPLE_TEXTS)]}\n第{n}号补充：支部开展主题党日活动{n}次。\n"


def limit_pages(monkeypatch, pages: int) -> None:
    """Every connection of every store may grow the file to `pages` pages, no more."""
    real = backends.SQLiteDB.acquire

    def limited(self):
        con = real(self)
        con.execute(f"PRAGMA max_page_count = {pages}")
        return con

    monkeypatch.setattr(backends.SQLiteDB, "acquire", limited)


def page_count(path) -> int:
    """Pages of the SQLite file at `path`, its write-ahead log checkpointed first."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(con.execute("PRAGMA page_count").fetchone()[0])
    finally:
        con.close()


def damaged_store(path) -> bytes:
    """A damaged store at `path` (healthy first, then 4 KB of garbage mid-file); its bytes."""
    filled(path, 40)
    damage(path, 0.5)
    return path.read_bytes()
