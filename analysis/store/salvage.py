"""What is still readable in a damaged SQLite store, as a backup archive (for a user without one).

Each report is read on its own by id (a damaged page loses the rows on it, not the others), kept
only when its text still matches its stored hash, and written in the ordinary backup format, so the
salvage is restored like any backup. Read-only: the damaged file is never written.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from analysis.store.archive import write_archive
from analysis.store.caches import content_hash
from analysis.store.report_columns import ADDED_COLUMNS, RECORD_COLUMNS, confidence

logger = logging.getLogger(__name__)

MAX_SALVAGE_IDS = 2_000_000  # ids tried at most (the id counter of a damaged file may be wrong)

# The columns every store has; the ones added later (ADDED_COLUMNS) are read when the file has them.
_COLUMNS = tuple(c for c in RECORD_COLUMNS if c not in dict(ADDED_COLUMNS))


@dataclass(frozen=True)
class Salvage:
    """A salvage archive and what went into it."""

    data: bytes = field(repr=False)
    saved: int
    lost: int  # report ids that could not be read or whose text no longer matches its hash
    resources: int

    def summary(self) -> str:
        """One Chinese sentence for the page."""
        return (
            f"抢救出 {self.saved} 份报告和 {self.resources} 个修改过的词典；"
            f"{self.lost} 份报告已无法读取或内容已损坏，未包含在内。"
        )


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


def _last_id(con: sqlite3.Connection) -> int:
    """The highest report id ever given (the AUTOINCREMENT counter, else max(id)), or 0."""
    for sql in (
        "SELECT seq FROM sqlite_sequence WHERE name = 'reports'",
        "SELECT max(id) FROM reports",
    ):
        try:
            row = con.execute(sql).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row and row[0]:
            return min(int(row[0]), MAX_SALVAGE_IDS)
    return 0


def _columns(con: sqlite3.Connection) -> tuple[str, ...]:
    """The record columns this file holds (a store from an older version lacks the added ones)."""
    try:
        have = {str(r[1]) for r in con.execute("PRAGMA table_info(reports)").fetchall()}
    except sqlite3.DatabaseError:
        have = set()
    return _COLUMNS + tuple(name for name, _ in ADDED_COLUMNS if name in have)


def _record(con: sqlite3.Connection, rid: int, columns: tuple[str, ...]) -> dict | None:
    """One report as `CorpusStore.records` gives it, or None when unreadable or damaged."""
    try:
        row = con.execute(
            f"SELECT {', '.join(columns)} FROM reports WHERE id = ?", (rid,)
        ).fetchone()
        if row is None:
            return None
        rec = dict(zip(columns, row, strict=True))
        rec["hints"] = [[int(lv), str(t)] for lv, t in json.loads(rec["hints"])]
        rec["ocr"] = bool(rec.get("ocr"))
        rec["ocr_confidence"] = confidence(rec.get("ocr_confidence"))
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return {}
    if not isinstance(rec["text"], str) or content_hash(rec["text"]) != rec["sha256"]:
        return {}
    return rec


def _records(con: sqlite3.Connection, lost: list[int]) -> Iterator[dict]:
    """Every readable report; the id of each unreadable one is appended to `lost`."""
    columns = _columns(con)
    for rid in range(1, _last_id(con) + 1):
        rec = _record(con, rid, columns)
        if rec:
            yield rec
        elif rec is not None:
            lost.append(rid)


def _resources(con: sqlite3.Connection) -> dict[str, str]:
    """The edited resources that can still be read (none when their table is damaged)."""
    try:
        rows = con.execute("SELECT name, content FROM resources").fetchall()
    except sqlite3.DatabaseError:
        logger.warning("salvage: the resources table cannot be read")
        return {}
    return {str(n): c for n, c in rows if isinstance(c, str)}


def salvage_archive(path: Path) -> Salvage:
    """A backup archive of everything still readable in the SQLite file at `path`."""
    con = _connect(path)
    try:
        lost: list[int] = []
        resources = _resources(con)
        records = list(_records(con, lost))
    finally:
        con.close()
    if lost:
        logger.warning("salvage of %s: %d reports lost", path, len(lost))
    data = write_archive(records, resources)
    return Salvage(data, len(records), len(lost), len(resources))
