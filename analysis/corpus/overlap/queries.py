"""The corpus view of 雷同检测 read from the stored rows (analysis/store/overlap_rows.py): the pairs,
each report's 文字复制比 and the branch × branch matrix, with the sidebar filters and the page's
floor in the query and one page of rows at a time, under the same Chinese headers as
`tables` (what the export and the CLI write). No text is read and nothing is aligned here."""

from __future__ import annotations

import pandas as pd

from analysis.corpus.overlap.check import MOSTLY_SHARED, OverlapChecker, PairOverlap, ReportCheck
from analysis.corpus.overlap.maintain import from_row
from analysis.corpus.overlap.tables import PAIR_COLUMNS, SHARE_COLUMNS, branch_matrix, shown_name
from analysis.store import overlap_rows as rows
from analysis.store.database import CorpusStore
from analysis.store.fact_queries import Filters

__all__ = ["Filters", "pair_count", "pairs_table", "share_count", "shares_table", "matrix"]


def _blank(value: object) -> object:
    """A missing year or branch shown as an empty cell."""
    return "" if value is None or value is pd.NA or value != value else value


def pair_count(store: CorpusStore, threshold: int, filters: Filters, low: float = 0.0) -> int:
    """How many stored pairs pass the filters and the floor."""
    return rows.count_pairs(store, threshold, filters, low)


def pairs_table(
    store: CorpusStore,
    threshold: int,
    filters: Filters,
    low: float = 0.0,
    shown: slice = slice(None),
) -> pd.DataFrame:
    """Rows `shown` of the pairs, most shared first: report ids in `a`, `b`, then PAIR_COLUMNS."""
    found = rows.pair_page(store, threshold, filters, low, shown)
    out = pd.DataFrame(
        {
            "a": found["a"].astype(int),
            "b": found["b"].astype(int),
            PAIR_COLUMNS[0]: [
                shown_name(t, f, k)
                for t, f, k in zip(found["title_a"], found["filename_a"], found["a"], strict=True)
            ],
            PAIR_COLUMNS[1]: found["branch_a"].map(_blank),
            PAIR_COLUMNS[2]: found["year_a"].astype(object).map(_blank),
            PAIR_COLUMNS[3]: [
                shown_name(t, f, k)
                for t, f, k in zip(found["title_b"], found["filename_b"], found["b"], strict=True)
            ],
            PAIR_COLUMNS[4]: found["branch_b"].map(_blank),
            PAIR_COLUMNS[5]: found["year_b"].astype(object).map(_blank),
            PAIR_COLUMNS[6]: found["share"].astype(float).round(4),
            PAIR_COLUMNS[7]: found["share_a"].astype(float).round(4),
            PAIR_COLUMNS[8]: found["share_b"].astype(float).round(4),
            PAIR_COLUMNS[9]: found["shared"].astype(int),
            PAIR_COLUMNS[10]: found["passages"].astype(int),
        },
        columns=["a", "b", *PAIR_COLUMNS],
    )
    return out.reset_index(drop=True)


def share_count(store: CorpusStore, threshold: int, filters: Filters, low: float = 0.0) -> int:
    """How many reports passing the filters share a passage, at least `low` of their text."""
    return rows.count_shares(store, threshold, filters, low)


def shares_table(
    store: CorpusStore,
    threshold: int,
    filters: Filters,
    low: float = 0.0,
    shown: slice = slice(None),
) -> pd.DataFrame:
    """Rows `shown` of the reports sharing passages, most shared first: `id`, then SHARE_COLUMNS."""
    found = rows.share_page(store, threshold, filters, low, shown)
    return pd.DataFrame(
        {
            "id": found["id"].astype(int),
            SHARE_COLUMNS[0]: [
                shown_name(t, f, k)
                for t, f, k in zip(found["title"], found["filename"], found["id"], strict=True)
            ],
            SHARE_COLUMNS[1]: found["branch"].map(_blank),
            SHARE_COLUMNS[2]: found["year"].astype(object).map(_blank),
            SHARE_COLUMNS[3]: found["share"].astype(float).round(4),
            SHARE_COLUMNS[4]: found["sources"].astype(int),
            SHARE_COLUMNS[5]: ["是" if s >= MOSTLY_SHARED else "否" for s in found["share"]],
        },
        columns=["id", *SHARE_COLUMNS],
    )


def matrix(
    store: CorpusStore, threshold: int, filters: Filters, low: float = 0.0, limit: int = 30
) -> pd.DataFrame:
    """Branch × branch (`tables.branch_matrix`) over the stored pairs, grouped by the database."""
    grouped = rows.branch_pairs(store, threshold, filters, low)
    frame = grouped.set_axis([PAIR_COLUMNS[1], PAIR_COLUMNS[4], PAIR_COLUMNS[6]], axis=1)
    return branch_matrix(frame, limit)


def stored_pair(store: CorpusStore, threshold: int, a: int, b: int) -> PairOverlap | None:
    """One stored pair, seen from `a`."""
    row = rows.pair_row(store, threshold, a, b)
    if row is None:
        return None
    pair = from_row(row)
    return pair if pair.a == int(a) else pair.flipped()


def stored_check(
    checker: OverlapChecker, store: CorpusStore, threshold: int, key: int
) -> ReportCheck:
    """One report's check from its stored pairs (no alignment): its text read for the
    通用表述 marks, the passages as stored."""
    pairs = [from_row(r) for r in rows.pairs_of(store, threshold, [int(key)])]
    return checker.report_check(int(key), pairs)
