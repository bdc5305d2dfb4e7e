"""Queries over the per-report facts (analysis/store/facts.py) joined with the live reports, the
sidebar filters in the WHERE clause: what 概览 shows comes from these, not from decoding every
report's analysis.

Plain SQL, the same on SQLite and PostgreSQL (bench/README.md says why not an analytical engine).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.store.backends import Conn
from analysis.store.database import CorpusStore
from analysis.store.facts import TERM_DTYPE

_LIVE = (
    " FROM report_facts f JOIN reports r ON r.sha256 = f.sha256"
    " WHERE f.fingerprint = ? AND r.deleted_at IS NULL"
)


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices: reports of these years, organizations and kinds (empty: all)."""

    years: tuple[int, ...] = ()
    organizations: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def where(self) -> tuple[str, tuple]:
        """The filter as ` AND …` on the reports table `r`, with its parameters."""
        sql, params = "", list[object]()
        for column, chosen in (
            ("year", [int(y) for y in self.years]),
            ("organization", list(self.organizations)),
            ("kind", list(self.kinds)),
        ):
            if chosen:
                sql += f" AND r.{column} IN ({','.join('?' * len(chosen))})"
                params += chosen
        return sql, tuple(params)


FRAME_BATCH = 50_000  # rows turned into a frame at a time: never all of them as Python tuples


def _frame(store: CorpusStore, sql: str, params: Sequence, columns: Sequence[str]) -> pd.DataFrame:
    """The rows of a query as a DataFrame with these column names, built FRAME_BATCH rows at a
    time (1.75 million formulation rows at 100,000 reports held ~600 MB as tuples at once)."""
    parts = []
    with store._read() as con:
        cur = con.execute(sql, tuple(params))
        while rows := cur.fetchmany(FRAME_BATCH):
            parts.append(pd.DataFrame(rows, columns=list(columns)))
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return pd.DataFrame([], columns=list(columns))
    return pd.concat(parts, ignore_index=True)


FACT_COLUMNS = (
    "id",
    "sha256",
    "branch",
    "organization",
    "year",
    "kind",
    "title",
    "added_at",
    "analysis_title",
    "chars",
    "practices",
    "indicators",
    "redacted",
    "failed",
    "org_key",
)


def report_facts(store: CorpusStore, fingerprint: str, filters: Filters) -> pd.DataFrame:
    """One row per live report with facts under `fingerprint` passing `filters`, by id: its
    metadata (as stored now) and its facts (FACT_COLUMNS)."""
    where, params = filters.where()
    df = _frame(
        store,
        "SELECT r.id, r.sha256, r.branch, r.organization, r.year, r.kind, r.title, r.added_at,"
        " f.title, f.chars, f.practices, f.indicators, f.redacted, f.failed, f.org_key"
        f"{_LIVE}{where} ORDER BY r.id",
        (fingerprint, *params),
        FACT_COLUMNS,
    )
    df["year"] = df["year"].astype("Int64")
    return df.set_index("id", drop=False).rename_axis(None)


def without_facts(store: CorpusStore, fingerprint: str) -> pd.DataFrame:
    """Live reports with no facts under `fingerprint` (id, sha256, branch, organization)."""
    return _frame(
        store,
        "SELECT r.id, r.sha256, r.branch, r.organization FROM reports r LEFT JOIN report_facts f"
        " ON f.sha256 = r.sha256 AND f.fingerprint = ?"
        " WHERE r.deleted_at IS NULL AND f.id IS NULL ORDER BY r.id",
        (fingerprint,),
        ("id", "sha256", "branch", "organization"),
    )


def fact_fingerprints(store: CorpusStore) -> list[tuple[str, int]]:
    """(analysis fingerprint, live reports with facts under it), most reports first: which
    rules' facts the store holds (an upgrade leaves the older ones until the backfill)."""
    rows = _frame(
        store,
        "SELECT f.fingerprint, COUNT(*) FROM report_facts f JOIN reports r ON r.sha256 = f.sha256"
        " WHERE r.deleted_at IS NULL GROUP BY f.fingerprint ORDER BY COUNT(*) DESC, f.fingerprint",
        (),
        ("fingerprint", "reports"),
    )
    return [(str(f), int(n)) for f, n in zip(rows["fingerprint"], rows["reports"], strict=True)]


def term_totals(store: CorpusStore, fingerprint: str, filters: Filters) -> pd.DataFrame:
    """Every term of the filtered reports: total count and document frequency (term, count, docs).

    The database selects the reports' packed term vectors (the filters in the WHERE clause);
    numpy sums them: 5 million (report, term) rows grouped in SQLite took 20–34 s, the vectors
    take well under a second (bench/README.md). They are summed VECTOR_BATCH reports at a time:
    at 100,000 reports all of them at once held ~1 GB (rows, their join, float weights)."""
    where, params = filters.where()
    totals = docs = np.zeros(0, np.int64)
    with store._read() as con:
        cur = con.execute(
            "SELECT t.terms, t.counts FROM report_terms t"
            " JOIN report_facts f ON f.id = t.fact_id JOIN reports r ON r.sha256 = f.sha256"
            f" WHERE f.fingerprint = ? AND r.deleted_at IS NULL{where}",
            (fingerprint, *params),
        )
        while rows := cur.fetchmany(VECTOR_BATCH):
            ids = np.frombuffer(b"".join(bytes(r[0]) for r in rows), TERM_DTYPE)
            counts = np.frombuffer(b"".join(bytes(r[1]) for r in rows), TERM_DTYPE)
            totals = _add(totals, np.bincount(ids, weights=counts).astype(np.int64))
            docs = _add(docs, np.bincount(ids))
        present = np.flatnonzero(docs)
        names = _vocabulary(con, present.tolist())
    return pd.DataFrame(
        {
            "term": [names[i] for i in present.tolist()],
            "count": totals[present].astype(np.int64),
            "docs": docs[present].astype(np.int64),
        },
        columns=["term", "count", "docs"],
    )


VECTOR_BATCH = 2000  # reports' term vectors summed at a time (memory stays flat)


def _add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The element-wise sum of two count vectors of any lengths (the shorter padded with 0)."""
    if len(a) < len(b):
        a, b = b, a
    out = a.copy()
    out[: len(b)] += b
    return out


def _vocabulary(con: Conn, ids: list[int]) -> dict[int, str]:
    """Term id -> term, for these ids."""
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rows = con.execute(f"SELECT id, term FROM fact_terms WHERE id IN ({marks})", chunk)
        out.update({int(n): str(t) for n, t in rows.fetchall()})
    return out


def org_term_totals(store: CorpusStore, fingerprint: str, filters: Filters) -> pd.DataFrame:
    """Organization-name terms of the filtered reports: occurrences in reports where each is a
    name (term, count)."""
    where, params = filters.where()
    return _frame(
        store,
        "SELECT o.term, SUM(o.count) FROM report_org_terms o"
        " JOIN report_facts f ON f.id = o.fact_id JOIN reports r ON r.sha256 = f.sha256"
        f" WHERE f.fingerprint = ? AND r.deleted_at IS NULL{where} GROUP BY o.term",
        (fingerprint, *params),
        ("term", "count"),
    )


def formulation_rows(store: CorpusStore, fingerprint: str, filters: Filters) -> pd.DataFrame:
    """Each formulation of each filtered report, in report order (id, term, count, numbered)."""
    where, params = filters.where()
    df = _frame(
        store,
        "SELECT r.id, m.term, m.count, m.numbered FROM report_formulations m"
        " JOIN report_facts f ON f.id = m.fact_id JOIN reports r ON r.sha256 = f.sha256"
        f" WHERE f.fingerprint = ? AND r.deleted_at IS NULL{where} ORDER BY r.id",
        (fingerprint, *params),
        ("id", "term", "count", "numbered"),
    )
    df["numbered"] = df["numbered"].astype(bool)
    return df


def formulation_count(store: CorpusStore, fingerprint: str, filters: Filters) -> int:
    """How many distinct formulations the filtered reports use (概览's KPI), counted by the
    database: the KPI needs no row of the formulations table."""
    where, params = filters.where()
    with store._read() as con:
        row = con.execute(
            "SELECT COUNT(DISTINCT m.term) FROM report_formulations m"
            " JOIN report_facts f ON f.id = m.fact_id JOIN reports r ON r.sha256 = f.sha256"
            f" WHERE f.fingerprint = ? AND r.deleted_at IS NULL{where}",
            (fingerprint, *params),
        ).fetchone()
    return int(row[0] or 0)


def theme_hits(store: CorpusStore, fingerprint: str, themes: str, filters: Filters) -> pd.DataFrame:
    """Hits per theme (index in dictionary order) of the filtered reports (id, theme, hits):
    one packed vector per report from the database, unpacked here."""
    where, params = filters.where()
    with store._read() as con:
        rows = con.execute(
            "SELECT r.id, h.hits FROM report_themes h"
            " JOIN report_facts f ON f.id = h.fact_id JOIN reports r ON r.sha256 = f.sha256"
            f" WHERE f.fingerprint = ? AND h.themes = ? AND r.deleted_at IS NULL{where}"
            " ORDER BY r.id",
            (fingerprint, themes, *params),
        ).fetchall()
    hits = [np.frombuffer(bytes(h), TERM_DTYPE) for _, h in rows]
    sizes = [len(h) for h in hits]
    return pd.DataFrame(
        {
            "id": np.repeat(np.array([int(r[0]) for r in rows], np.int64), sizes),
            "theme": np.concatenate([np.arange(n) for n in sizes]) if rows else [],
            "hits": np.concatenate(hits).astype(np.int64) if rows else [],
        },
        columns=["id", "theme", "hits"],
    )


def themeless(store: CorpusStore, fingerprint: str, themes: str) -> pd.DataFrame:
    """Live reports with facts but no theme hits under `themes` (id, sha256), by id."""
    return _frame(
        store,
        f"SELECT r.id, r.sha256{_LIVE} AND NOT EXISTS (SELECT 1 FROM report_themes h"
        " WHERE h.fact_id = f.id AND h.themes = ?) ORDER BY r.id",
        (fingerprint, themes),
        ("id", "sha256"),
    )


def without_themes(store: CorpusStore, fingerprint: str, themes: str) -> list[str]:
    """sha256 of the live reports with facts but no theme hits under `themes`."""
    return list(dict.fromkeys(themeless(store, fingerprint, themes)["sha256"]))
