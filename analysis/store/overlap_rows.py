"""The store's 雷同检测 results, kept as rows so the corpus view is a query, not a computation:
one row per pair of reports sharing a passage and one 文字复制比 row per report, each under the
通用表述 threshold (document frequency) it was computed with.

The rows are written by analysis.corpus.overlap.maintain (the one module that computes passages and
shares) as reports are saved and deleted; this module only creates the tables (on first use, on
SQLite and PostgreSQL alike), writes, removes and reads them, the sidebar filters in the WHERE.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from analysis.io.errors import is_disk_full
from analysis.store.backends import Conn
from analysis.store.database import CorpusStore
from analysis.store.fact_queries import Filters
from analysis.store.fingerprints import skip_on_full_disk

PAIRS, SHARES, SETS = "overlap_pairs", "overlap_shares", "overlap_sets"
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {PAIRS} ("
    " threshold INTEGER NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL,"
    " chars_a INTEGER NOT NULL, chars_b INTEGER NOT NULL,"
    " shared_a INTEGER NOT NULL, shared_b INTEGER NOT NULL,"
    " share DOUBLE PRECISION NOT NULL, passages INTEGER NOT NULL, spans {blob} NOT NULL,"
    " PRIMARY KEY (threshold, a, b))",
    f"CREATE INDEX IF NOT EXISTS {PAIRS}_b ON {PAIRS} (threshold, b)",
    f"CREATE INDEX IF NOT EXISTS {PAIRS}_share ON {PAIRS} (threshold, share)",
    f"CREATE TABLE IF NOT EXISTS {SHARES} ("
    " threshold INTEGER NOT NULL, report_id INTEGER NOT NULL,"
    " compared INTEGER NOT NULL, shared INTEGER NOT NULL, boilerplate INTEGER NOT NULL,"
    " sources INTEGER NOT NULL, share DOUBLE PRECISION NOT NULL,"
    " PRIMARY KEY (threshold, report_id))",
    f"CREATE TABLE IF NOT EXISTS {SETS} ("
    " threshold INTEGER PRIMARY KEY, maintained INTEGER NOT NULL, updated_at TEXT NOT NULL)",
)
_CHUNK = 500  # ids per IN (…)
_READY: weakref.WeakSet[CorpusStore] = weakref.WeakSet()  # stores whose tables were seen

PAIR_FIELDS = ("a", "b", "chars_a", "chars_b", "shared_a", "shared_b", "share", "passages", "spans")
SHARE_FIELDS = ("report_id", "compared", "shared", "boilerplate", "sources", "share")


@dataclass(frozen=True)
class PairRow:
    """One stored pair (a < b): characters compared and shared each way, passages packed."""

    a: int
    b: int
    chars_a: int
    chars_b: int
    shared_a: int
    shared_b: int
    share: float
    passages: int
    spans: bytes


@dataclass(frozen=True)
class ShareRow:
    """One report's stored 文字复制比 and how many reports it shares passages with."""

    report_id: int
    compared: int
    shared: int
    boilerplate: int
    sources: int
    share: float


def _blob_type(store: CorpusStore) -> str:
    return "BYTEA" if store._db.pg else "BLOB"


def _exists(store: CorpusStore) -> bool:
    """Whether the tables are there (asked of the catalog, no write transaction)."""
    sql = (
        "SELECT to_regclass(?) IS NOT NULL"
        if store._db.pg
        else "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
    )
    with store._read() as con:
        return bool(con.execute(sql, (SETS,)).fetchone()[0])


def ensure_tables(store: CorpusStore) -> bool:
    """Create the three tables if this store lacks them (a new, older or restored store); False
    when they are missing and the disk is too full to create them (the rows are derived data:
    readers then find none, the pages say 磁盘空间不足 once)."""
    if store in _READY:
        return True
    if not _exists(store):
        try:
            with store._tx() as con:
                for ddl in _DDL:
                    con.execute(ddl.replace("{blob}", _blob_type(store)))
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            skip_on_full_disk(store, exc, "the 雷同检测 tables")
            return False
    _READY.add(store)
    return True


def live_hashes(store: CorpusStore) -> dict[int, str]:
    """report id -> sha256 of every report not in the trash (one light query: what the index and
    the rows follow; the report list with its metadata is 10× slower at 10,000)."""
    with store._read() as con:
        found = con.execute(
            "SELECT id, sha256 FROM reports WHERE deleted_at IS NULL ORDER BY id"
        ).fetchall()
    return {int(i): str(sha) for i, sha in found}


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield [int(x) for x in ids[i : i + _CHUNK]]


def sets(store: CorpusStore) -> dict[int, bool]:
    """threshold -> whether its rows are maintained on every save (False: computed once)."""
    if not ensure_tables(store):
        return {}
    with store._read() as con:
        rows = con.execute(f"SELECT threshold, maintained FROM {SETS}").fetchall()
    return {int(t): bool(m) for t, m in rows}


def set_maintained(store: CorpusStore, threshold: int, maintained: bool = True) -> None:
    """Record a threshold's rows (the maintained one is kept up to date on every save)."""
    if not ensure_tables(store):
        return
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        _record_set(store, threshold, maintained, now)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        skip_on_full_disk(store, exc, "the 雷同检测 threshold")


def _record_set(store: CorpusStore, threshold: int, maintained: bool, now: str) -> None:
    with store._tx() as con:
        if maintained:
            con.execute(f"UPDATE {SETS} SET maintained = 0 WHERE threshold <> ?", (threshold,))
        con.execute(
            f"INSERT INTO {SETS}(threshold, maintained, updated_at) VALUES (?,?,?)"
            " ON CONFLICT (threshold) DO UPDATE"
            " SET maintained = excluded.maintained, updated_at = excluded.updated_at",
            (int(threshold), int(maintained), now),
        )


def drop_set(store: CorpusStore, threshold: int) -> None:
    """Remove every row of one threshold."""
    if not ensure_tables(store):
        return
    with store._tx() as con:
        for table in (PAIRS, SHARES, SETS):
            con.execute(f"DELETE FROM {table} WHERE threshold = ?", (int(threshold),))


def checked_ids(store: CorpusStore, threshold: int) -> set[int]:
    """Reports with a 文字复制比 row under this threshold (those the rows account for)."""
    if not ensure_tables(store):
        return set()
    with store._read() as con:
        rows = con.execute(
            f"SELECT report_id FROM {SHARES} WHERE threshold = ?", (int(threshold),)
        ).fetchall()
    return {int(r[0]) for r in rows}


def _upsert_pairs(con: Conn, threshold: int, pairs: Sequence[PairRow]) -> None:
    con.executemany(
        f"INSERT INTO {PAIRS}(threshold, {', '.join(PAIR_FIELDS)}) VALUES (?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (threshold, a, b) DO UPDATE SET chars_a = excluded.chars_a,"
        " chars_b = excluded.chars_b, shared_a = excluded.shared_a,"
        " shared_b = excluded.shared_b, share = excluded.share,"
        " passages = excluded.passages, spans = excluded.spans",
        [(threshold, *(getattr(p, f) for f in PAIR_FIELDS)) for p in pairs],
    )


def _upsert_shares(con: Conn, threshold: int, shares: Sequence[ShareRow]) -> None:
    con.executemany(
        f"INSERT INTO {SHARES}(threshold, {', '.join(SHARE_FIELDS)}) VALUES (?,?,?,?,?,?,?)"
        " ON CONFLICT (threshold, report_id) DO UPDATE SET compared = excluded.compared,"
        " shared = excluded.shared, boilerplate = excluded.boilerplate,"
        " sources = excluded.sources, share = excluded.share",
        [(threshold, *(getattr(s, f) for f in SHARE_FIELDS)) for s in shares],
    )


def save_rows(
    store: CorpusStore, threshold: int, pairs: Sequence[PairRow], shares: Sequence[ShareRow]
) -> None:
    """Write (or replace) pair and share rows under one threshold, in one transaction."""
    if not ensure_tables(store):
        return
    try:
        with store._tx() as con:
            _upsert_pairs(con, int(threshold), pairs)
            _upsert_shares(con, int(threshold), shares)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        skip_on_full_disk(store, exc, f"{len(pairs)} 雷同检测 pairs, {len(shares)} shares")


def remove_reports(store: CorpusStore, threshold: int, ids: Sequence[int]) -> set[int]:
    """Remove the rows of these reports (their pairs and their share rows); the reports they
    were paired with are returned (their 文字复制比 must be computed again)."""
    if not ensure_tables(store):
        return set()
    partners: set[int] = set()
    t = int(threshold)
    with store._tx() as con:
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for a, b in con.execute(
                f"SELECT a, b FROM {PAIRS} WHERE threshold = ? AND (a IN ({marks}) OR b IN ({marks}))",
                (t, *chunk, *chunk),
            ).fetchall():
                partners.update((int(a), int(b)))
            con.execute(
                f"DELETE FROM {PAIRS} WHERE threshold = ? AND (a IN ({marks}) OR b IN ({marks}))",
                (t, *chunk, *chunk),
            )
            con.execute(
                f"DELETE FROM {SHARES} WHERE threshold = ? AND report_id IN ({marks})", (t, *chunk)
            )
    return partners - {int(i) for i in ids}


def pairs_of(store: CorpusStore, threshold: int, ids: Sequence[int]) -> list[PairRow]:
    """Every stored pair holding one of these reports (as a or b)."""
    if not ensure_tables(store):
        return []
    out: dict[tuple[int, int], PairRow] = {}
    with store._read() as con:
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for row in con.execute(
                f"SELECT {', '.join(PAIR_FIELDS)} FROM {PAIRS}"
                f" WHERE threshold = ? AND (a IN ({marks}) OR b IN ({marks}))",
                (int(threshold), *chunk, *chunk),
            ).fetchall():
                pair = _pair_row(row)
                out[(pair.a, pair.b)] = pair
    return list(out.values())


def _pair_row(row: Sequence) -> PairRow:
    a, b, ca, cb, sa, sb, share, n, spans = row
    return PairRow(
        int(a), int(b), int(ca), int(cb), int(sa), int(sb), float(share), int(n), bytes(spans)
    )


def _shown(filters: Filters) -> tuple[str, tuple]:
    """The live reports passing the sidebar filters, as a sub-query on `reports r`."""
    where, params = filters.where()
    return f"SELECT r.id FROM reports r WHERE r.deleted_at IS NULL{where}", params


_PAIR_FROM = (
    f" FROM {PAIRS} p JOIN reports ra ON ra.id = p.a JOIN reports rb ON rb.id = p.b"
    " WHERE p.threshold = ? AND p.share >= ? AND ra.deleted_at IS NULL AND rb.deleted_at IS NULL"
)


def _pair_where(threshold: int, filters: Filters, low: float) -> tuple[str, tuple]:
    """Pairs of this threshold, at least `low` shared, with either report passing the filters."""
    sub, params = _shown(filters)
    sql = _PAIR_FROM
    args: tuple = (int(threshold), float(low))
    if filters != Filters():
        sql += f" AND (p.a IN ({sub}) OR p.b IN ({sub}))"
        args += (*params, *params)
    return sql, args


PAIR_COLUMNS = (
    "a",
    "b",
    "title_a",
    "filename_a",
    "branch_a",
    "year_a",
    "title_b",
    "filename_b",
    "branch_b",
    "year_b",
    "share",
    "share_a",
    "share_b",
    "shared",
    "passages",
)


def _count(store: CorpusStore, sql: str, args: tuple) -> int:
    """COUNT(*) over a FROM … WHERE clause built by one of the *_where helpers."""
    with store._read() as con:
        return int(con.execute(f"SELECT COUNT(*){sql}", args).fetchone()[0])


def _window(rows: slice) -> str:
    """LIMIT/OFFSET for the slice `rows` of an ordered query (a page of a paged table)."""
    start = rows.start or 0
    if rows.stop is None:  # SQLite takes no OFFSET without a LIMIT: a page has an end
        if start:
            raise ValueError(f"a page of rows needs an end: {rows!r}")
        return ""
    return f" LIMIT {max(int(rows.stop) - start, 0)}" + (f" OFFSET {int(start)}" if start else "")


def count_pairs(store: CorpusStore, threshold: int, filters: Filters, low: float = 0.0) -> int:
    """How many stored pairs pass the filters."""
    if not ensure_tables(store):
        return 0
    return _count(store, *_pair_where(threshold, filters, low))


def pair_page(
    store: CorpusStore,
    threshold: int,
    filters: Filters,
    low: float = 0.0,
    rows: slice = slice(None),
) -> pd.DataFrame:
    """The pairs passing the filters, most shared first, rows `rows` of them (PAIR_COLUMNS)."""
    if not ensure_tables(store):
        return pd.DataFrame(columns=list(PAIR_COLUMNS))
    sql, args = _pair_where(threshold, filters, low)
    window = _window(rows)
    query = (
        "SELECT p.a, p.b, ra.title, ra.filename, ra.branch, ra.year,"
        " rb.title, rb.filename, rb.branch, rb.year, p.share,"
        " CASE WHEN p.chars_a > 0 THEN 1.0 * p.shared_a / p.chars_a ELSE 0 END,"
        " CASE WHEN p.chars_b > 0 THEN 1.0 * p.shared_b / p.chars_b ELSE 0 END,"
        " CASE WHEN p.shared_a > p.shared_b THEN p.shared_a ELSE p.shared_b END, p.passages"
        f"{sql} ORDER BY p.share DESC, 14 DESC, p.a, p.b{window}"
    )
    with store._read() as con:
        found = con.execute(query, args).fetchall()
    frame = pd.DataFrame(found, columns=list(PAIR_COLUMNS))
    frame["year_a"] = frame["year_a"].astype("Int64")
    frame["year_b"] = frame["year_b"].astype("Int64")
    return frame


def pair_row(store: CorpusStore, threshold: int, a: int, b: int) -> PairRow | None:
    """One stored pair (either order given), or None."""
    if not ensure_tables(store):
        return None
    lo, hi = sorted((int(a), int(b)))
    with store._read() as con:
        row = con.execute(
            f"SELECT {', '.join(PAIR_FIELDS)} FROM {PAIRS} WHERE threshold = ? AND a = ? AND b = ?",
            (int(threshold), lo, hi),
        ).fetchone()
    return _pair_row(row) if row else None


SHARE_COLUMNS = ("id", "title", "filename", "branch", "year", "share", "sources")


def _share_where(threshold: int, filters: Filters, low: float) -> tuple[str, tuple]:
    where, params = filters.where()
    return (
        f" FROM {SHARES} s JOIN reports r ON r.id = s.report_id"
        f" WHERE s.threshold = ? AND s.sources > 0 AND s.share >= ? AND r.deleted_at IS NULL{where}",
        (int(threshold), float(low), *params),
    )


def count_shares(store: CorpusStore, threshold: int, filters: Filters, low: float = 0.0) -> int:
    """How many reports passing the filters share a passage with another report."""
    if not ensure_tables(store):
        return 0
    return _count(store, *_share_where(threshold, filters, low))


def share_page(
    store: CorpusStore,
    threshold: int,
    filters: Filters,
    low: float = 0.0,
    rows: slice = slice(None),
) -> pd.DataFrame:
    """Reports passing the filters that share passages, most shared first (SHARE_COLUMNS)."""
    if not ensure_tables(store):
        return pd.DataFrame(columns=list(SHARE_COLUMNS))
    sql, args = _share_where(threshold, filters, low)
    window = _window(rows)
    with store._read() as con:
        found = con.execute(
            "SELECT r.id, r.title, r.filename, r.branch, r.year, s.share, s.sources"
            f"{sql} ORDER BY s.share DESC, r.id{window}",
            args,
        ).fetchall()
    frame = pd.DataFrame(found, columns=list(SHARE_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return frame


def share_row(store: CorpusStore, threshold: int, report_id: int) -> ShareRow | None:
    """One report's stored 文字复制比 row, or None."""
    if not ensure_tables(store):
        return None
    with store._read() as con:
        row = con.execute(
            f"SELECT {', '.join(SHARE_FIELDS)} FROM {SHARES} WHERE threshold = ? AND report_id = ?",
            (int(threshold), int(report_id)),
        ).fetchone()
    if row is None:
        return None
    rid, compared, shared, common, sources, share = row
    return ShareRow(int(rid), int(compared), int(shared), int(common), int(sources), float(share))


def branch_pairs(
    store: CorpusStore, threshold: int, filters: Filters, low: float = 0.0
) -> pd.DataFrame:
    """Branch × branch: the largest share of any pair of their reports (branch_a, branch_b, share),
    grouped by the database; pairs with a report of no branch left out."""
    if not ensure_tables(store):
        return pd.DataFrame(columns=["branch_a", "branch_b", "share"])
    sql, args = _pair_where(threshold, filters, low)
    with store._read() as con:
        found = con.execute(
            f"SELECT ra.branch, rb.branch, MAX(p.share){sql}"
            " AND ra.branch <> '' AND rb.branch <> '' GROUP BY ra.branch, rb.branch",
            args,
        ).fetchall()
    return pd.DataFrame(found, columns=["branch_a", "branch_b", "share"])
