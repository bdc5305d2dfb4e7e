"""雷同检测's data: the stored rows brought up to the store's revision (once per revision; the index
kept in the process and updated incrementally), the corpus view's queries, and the checker that one
pair's side-by-side and one report's check read texts through. The corpus itself is never loaded."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.corpus.aggregates import Filters
from analysis.corpus.overlap import maintain, queries
from analysis.corpus.overlap.check import OverlapChecker, PairOverlap, ReportCheck
from analysis.corpus.overlap.index import OverlapIndex, default_boilerplate_df
from analysis.corpus.overlap.stored import StoreTexts, refresh_index
from views import data

REPORT_KEY = "ov_report"  # the report whose check is shown (set by 报告详情's button)
TAB_KEY = "ov_tab"
CHECK_TAB = "单份报告检测"


@st.cache_resource(show_spinner=False)
def _latest() -> dict[str, OverlapIndex]:
    """The latest index of each open store (`where`), brought up to date at the next revision."""
    return {}


@st.cache_resource(show_spinner=False)
def _synced() -> set[tuple[str, int, int | None]]:
    """(store, revision, threshold asked) whose rows are known up to date."""
    return set()


def where() -> str:
    """The open store as a cache key: its location and this process's object of it (a restore
    opens a new one, whose revisions count from the start again)."""
    return f"{data.get_store().location}#{id(data.get_store())}"


def bar() -> Callable[[int, int], None]:
    """A progress callback drawing its bar on the first step only (nothing to do: no bar)."""
    shown: list = []

    def step(done: int, total: int) -> None:
        if not shown:
            shown.append(st.progress(0.0))
        text = f"正在更新雷同检测结果… {done}/{total}"
        shown[0].progress(min(1.0, done / max(total, 1)), text=text)

    return step


def ensure_rows(threshold: int | None = None) -> None:
    """The stored rows (and `threshold`'s, when another is asked) up to the store's revision:
    the reports added since aligned, those deleted removed; a progress bar while it runs."""
    store = data.get_store()
    key = (where(), data.revision(), threshold)
    if key in _synced():
        return
    index, _ = maintain.update(store, _latest().get(where()), threshold, bar())
    if index is not None:
        _latest()[where()] = index
    _synced().add(key)


def maintained() -> int:
    """The threshold the stored rows are kept under (after `ensure_rows`)."""
    kept = maintain.maintained_threshold(data.get_store())
    return kept if kept is not None else default_threshold()


@st.cache_data(show_spinner=False, max_entries=64)
def query_at(
    kind: str, at: str, revision: int, df: int, chosen: Filters, low: float, page: tuple
) -> pd.DataFrame | int:
    """One of the corpus view's queries (views/overlap_queries.py), cached per revision and
    page (a warm rerun reads nothing)."""
    store = data.get_store()
    shown = (slice(*page),) if page else ()
    call = {
        "pair_count": queries.pair_count,
        "pairs": queries.pairs_table,
        "share_count": queries.share_count,
        "shares": queries.shares_table,
        "matrix": queries.matrix,
    }[kind]
    return call(store, df, chosen, low, *shown)  # type: ignore[operator]


@st.cache_resource(show_spinner=False)
def jobs() -> dict:
    """(store, threshold) -> its background job (views/overlap_jobs.py), process-wide."""
    return {}


def default_threshold() -> int:
    """The data-driven 通用表述 threshold of the stored corpus' size."""
    return default_boilerplate_df(len(data.live_reports()))


@st.cache_resource(show_spinner="正在读取雷同检测索引…", max_entries=2)
def _checker_at(at: str, revision: int, threshold: int) -> OverlapChecker:
    store = data.get_store()
    index = refresh_index(store, _latest().get(at), threshold)
    _latest()[at] = index
    return OverlapChecker(index, StoreTexts(store))


def get_checker(threshold: int) -> OverlapChecker:
    """The checker whose texts and 通用表述 marks one pair's and one report's views read."""
    return _checker_at(where(), data.revision(), threshold)


def stored_pair(threshold: int, a: int, b: int) -> PairOverlap | None:
    return queries.stored_pair(data.get_store(), threshold, a, b)


def stored_check(checker: OverlapChecker, threshold: int, report_id: int) -> ReportCheck:
    return queries.stored_check(checker, data.get_store(), threshold, report_id)


def open_check(report_id: int) -> None:
    """Button callback: 雷同检测 opened on this report's check."""
    st.session_state[REPORT_KEY] = int(report_id)
    st.session_state[TAB_KEY] = CHECK_TAB


def open_button(report_id: int) -> None:
    """报告详情's link: this report's 雷同检测 and what changed since last year."""
    if st.button(
        "雷同检测与逐年变化",
        key="rp_overlap",
        icon=":material/content_copy:",
        on_click=open_check,
        args=(report_id,),
    ):
        st.switch_page("views/overlap.py")
