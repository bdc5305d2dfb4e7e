"""雷同检测's cached data: the checker over the store (fingerprints synced with the store's reports
at each revision) and every pair it finds, per 通用表述 threshold."""

from __future__ import annotations

import streamlit as st

from analysis.corpus.overlap.check import OverlapChecker, PairOverlap, ReportCheck
from analysis.corpus.overlap.index import OverlapIndex, default_boilerplate_df
from analysis.corpus.overlap.stored import StoreTexts, refresh_index
from views import data

REPORT_KEY = "ov_report"  # the report whose check is shown (set by 报告详情's button)
TAB_KEY = "ov_tab"
CHECK_TAB = "单份报告检测"


@st.cache_resource(show_spinner=False)
def _latest() -> dict[str, OverlapIndex]:
    """The latest index of each store location, brought up to date at the next revision."""
    return {}


@st.cache_resource(show_spinner="正在建立雷同检测索引…", max_entries=2)
def checker_at(location: str, revision: int, boilerplate_df: int) -> OverlapChecker:
    """The checker of the store at `revision` (`location`, without password, is a key): the
    previous revision's index with the reports added and deleted since."""
    store = data.get_store()
    index = refresh_index(store, _latest().get(location), boilerplate_df)
    _latest()[location] = index
    return OverlapChecker(index, StoreTexts(store))


@st.cache_resource(show_spinner="正在比对报告…", max_entries=2)
def pairs_at(location: str, revision: int, boilerplate_df: int) -> list[PairOverlap]:
    """Every pair of reports sharing a passage, most shared first."""
    return checker_at(location, revision, boilerplate_df).all_pairs()


@st.cache_resource(show_spinner="正在计算各报告文字复制比…", max_entries=4)
def checks_at(location: str, revision: int, boilerplate_df: int) -> dict[int, ReportCheck]:
    """report id -> its check, for every report in a pair."""
    checker = checker_at(location, revision, boilerplate_df)
    pairs = pairs_at(location, revision, boilerplate_df)
    return {int(str(c.key)): c for c in checker.report_checks(pairs)}


def default_threshold() -> int:
    """The data-driven 通用表述 threshold of the stored corpus' size."""
    return default_boilerplate_df(len(data.live_reports()))


def get_checker(boilerplate_df: int) -> OverlapChecker:
    return checker_at(data.get_store().location, data.revision(), boilerplate_df)


def get_pairs(boilerplate_df: int) -> list[PairOverlap]:
    return pairs_at(data.get_store().location, data.revision(), boilerplate_df)


def get_checks(boilerplate_df: int) -> dict[int, ReportCheck]:
    return checks_at(data.get_store().location, data.revision(), boilerplate_df)


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
