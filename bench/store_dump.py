"""A store's content as plain Python values, for tests that compare two stores built two ways.

Row ids of facts and term vocabularies depend on write order, so facts are keyed by (sha256,
fingerprint) and packed term vectors are decoded to {term: count}; timestamps are left out.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import numpy as np

TIMESTAMPS = {"added_at", "updated_at", "created_at"}


def _rows(con: sqlite3.Connection, table: str, drop: set[str]) -> list[tuple]:
    cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in drop]
    return sorted(con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)


def dump_store(db: Path) -> dict[str, object]:
    """Every table of a SQLite store that ingest writes, comparable across write orders."""
    con = sqlite3.connect(db)
    try:
        facts = {fid: (sha, fp) for fid, sha, fp in con.execute(
            "SELECT id, sha256, fingerprint FROM report_facts")}  # fmt: skip
        vocab = dict(con.execute("SELECT id, term FROM fact_terms").fetchall())
        terms = {}
        for fid, ids, counts in con.execute("SELECT fact_id, terms, counts FROM report_terms"):
            pairs = zip(np.frombuffer(ids, "<i4"), np.frombuffer(counts, "<i4"), strict=True)
            terms[facts[fid]] = {vocab[int(t)]: int(n) for t, n in pairs}
        return {
            "meta": _rows(con, "meta", set()),
            "reports": _rows(con, "reports", TIMESTAMPS),
            "identities": _rows(con, "identities", set()),
            "analyses": sorted(
                (sha, fp, zlib.decompress(data))
                for sha, fp, data in con.execute("SELECT sha256, fingerprint, data FROM analyses")
            ),
            "report_facts": _rows(con, "report_facts", {"id"}),
            "report_terms": terms,
            "children": {
                table: sorted((facts[r[0]], *r[1:]) for r in con.execute(f"SELECT * FROM {table}"))
                for table in ("report_formulations", "report_org_terms", "report_themes")
            },
        }
    finally:
        con.close()
