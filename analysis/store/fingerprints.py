"""The store's table of 雷同检测 fingerprints: one row per report text (by SHA-256) and method
version, computed once and kept, rebuilt from the reports whenever missing (so a backup needs
no copy of them: a restored store fills the table again on first use).

The table is created on first use, on SQLite and PostgreSQL alike. Rows of reports purged from
the store, or of an older method version, are removed by `drop_stale`. Like the analysis cache,
it is only a cache: on a full disk a write that fails is logged and skipped (`cache_full` set for
the pages' one notice), and the fingerprints are computed again next time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from analysis.io.errors import is_disk_full
from analysis.store.database import CorpusStore

logger = logging.getLogger(__name__)

TABLE = "overlap_prints"
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " sha256 TEXT NOT NULL, version TEXT NOT NULL,"
    " hashes {blob} NOT NULL, positions {blob} NOT NULL,"
    " PRIMARY KEY (sha256, version))"
)
_CHUNK = 500  # hashes per IN (…) query

Row = tuple[bytes, bytes]  # (hashes, positions) as stored


def _blob_type(store: CorpusStore) -> str:
    return "BYTEA" if store._db.pg else "BLOB"


def _exists(store: CorpusStore) -> bool:
    """Whether the table is there (asked of the catalog: a failed query would look like damage)."""
    sql = (
        "SELECT to_regclass(?) IS NOT NULL"
        if store._db.pg
        else "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
    )
    with store._read() as con:
        return bool(con.execute(sql, (TABLE,)).fetchone()[0])


def skip_on_full_disk(store: CorpusStore, exc: Exception, what: str) -> None:
    """The disk is full: log, flag the store, and go on (the table is a cache)."""
    store.cache_full = True
    logger.warning("disk full: %s not written to the fingerprint cache (%s)", what, exc)


def ensure_table(store: CorpusStore) -> bool:
    """Create the fingerprint table if this store lacks it (a restored or new store); False
    when it is missing and the disk is too full to create it."""
    if _exists(store):
        return True
    try:
        with store._tx() as con:
            con.execute(_DDL.replace("{blob}", _blob_type(store)))
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        skip_on_full_disk(store, exc, "the table")
        return False
    return True


def load_prints(store: CorpusStore, version: str, shas: Iterable[str]) -> dict[str, Row]:
    """sha256 -> stored (hashes, positions) of this method version, for those already computed."""
    if not ensure_table(store):
        return {}
    wanted = list(shas)
    out: dict[str, Row] = {}
    with store._read() as con:
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for sha, hashes, positions in con.execute(
                f"SELECT sha256, hashes, positions FROM {TABLE}"
                f" WHERE version = ? AND sha256 IN ({marks})",
                (version, *chunk),
            ):
                out[str(sha)] = (bytes(hashes), bytes(positions))
    return out


def save_prints(store: CorpusStore, version: str, rows: Mapping[str, Row]) -> None:
    """Keep computed fingerprints (sha256 -> (hashes, positions)) in one transaction."""
    if not rows or not ensure_table(store):
        return
    try:
        with store._tx() as con:
            con.executemany(
                f"INSERT INTO {TABLE}(sha256, version, hashes, positions) VALUES (?,?,?,?)"
                " ON CONFLICT (sha256, version) DO UPDATE"
                " SET hashes = excluded.hashes, positions = excluded.positions",
                [(sha, version, h, p) for sha, (h, p) in rows.items()],
            )
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        skip_on_full_disk(store, exc, f"{len(rows)} fingerprints")


def drop_stale(store: CorpusStore, version: str) -> int:
    """Remove rows of purged reports and of other method versions; how many were removed."""
    if not ensure_table(store):
        return 0
    try:
        with store._tx() as con:
            cur = con.execute(
                f"DELETE FROM {TABLE} WHERE version <> ? OR sha256 NOT IN (SELECT sha256 FROM reports)",
                (version,),
            )
            return int(cur.rowcount or 0)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        skip_on_full_disk(store, exc, "the removal of stale rows")
        return 0


def stored_count(store: CorpusStore, version: str) -> int:
    """How many report texts have fingerprints of this version stored."""
    if not ensure_table(store):
        return 0
    with store._read() as con:
        row = con.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE version = ?", (version,)).fetchone()
    return int(row[0])
