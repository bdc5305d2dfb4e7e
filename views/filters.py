"""The sidebar: year / organization / kind filters, the grouping (按支部 / 按上级党组织) and the
officialese switch, and the filtered corpus every exploration page starts from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corpus.loading import Corpus
from views import data, snapshot

FILTER_KEYS = {"year": "flt_year", "organization": "flt_org", "kind": "flt_kind"}
OFFICIALESE_KEY = "officialese"
ORG_NAMES_KEY = "org_names"
MAX_RECENT = 8  # filtered corpora kept with the corpus


def filter_options(reports: pd.DataFrame) -> dict[str, list]:
    """The choices of each filter: the years, organizations and kinds of `reports`."""
    return {
        "year": sorted({int(y) for y in reports["year"].dropna()}),
        "organization": sorted({o for o in reports["organization"] if o}),
        "kind": sorted({k for k in reports["kind"] if k}),
    }


def draw_sidebar() -> None:
    """Year / organization / kind filters and the officialese switch; every page respects them."""
    opts = snapshot.of_snapshot("filters", lambda: filter_options(data.live_reports()))
    st.sidebar.markdown("**筛选**")
    st.sidebar.multiselect("年份", opts["year"], key=FILTER_KEYS["year"], placeholder="全部年份")
    st.sidebar.multiselect(
        "单位", opts["organization"], key=FILTER_KEYS["organization"], placeholder="全部单位"
    )
    st.sidebar.multiselect("类型", opts["kind"], key=FILTER_KEYS["kind"], placeholder="全部类型")
    if data.parents_known():  # only a roster with parents can group by them
        st.sidebar.radio(
            "分组方式",
            [snapshot.BY_BRANCH, snapshot.BY_PARENT],
            key=snapshot.GROUPING_KEY,
            horizontal=True,
            help="按上级党组织：各页面把同一上级党组织下各支部的报告合为一行（依据组织名录）",
        )
    st.sidebar.toggle(
        "过滤公文套话",
        value=True,
        key=OFFICIALESE_KEY,
        help="关键词和词云中去掉“开展、推进、加强”等套话",
    )
    st.sidebar.toggle(
        "显示机构名称",
        value=False,
        key=ORG_NAMES_KEY,
        help="默认不把单位和支部的名称算作关键词、词云和特色词；打开后显示",
    )


def officialese_on() -> bool:
    """The stoplist switch for officialese words (on by default)."""
    return bool(st.session_state.get(OFFICIALESE_KEY, True))


def group_noun() -> str:
    """What a row of a by-branch table is under the sidebar's grouping: 支部 or 上级党组织."""
    return "上级党组织" if data.grouping() == snapshot.BY_PARENT else "支部"


def org_names_on() -> bool:
    """The switch that keeps organization names in keyword lists, clouds and distinctive terms."""
    return bool(st.session_state.get(ORG_NAMES_KEY, False))


def apply_filters(reports: pd.DataFrame) -> pd.DataFrame:
    """The rows of `reports` that pass the sidebar filters."""
    mask = pd.Series(True, index=reports.index)
    for col, key in FILTER_KEYS.items():
        chosen = st.session_state.get(key) or []
        if chosen:
            mask &= reports[col].isin(chosen)
    return reports[mask]


def filtered_corpus() -> Corpus:
    """The corpus restricted to the sidebar filters (the cached corpus itself when none is set).

    The last few filtered corpora are kept with the corpus, so the tables derived from them
    (`formulations`, `report_rows`) are reused across page runs too.
    """
    corpus = data.get_corpus()
    chosen = tuple(tuple(st.session_state.get(key) or ()) for key in FILTER_KEYS.values())
    if not any(chosen):
        return corpus
    recent: dict = corpus.cached("filtered", lambda c: {})
    sub = recent.pop(chosen, None)
    if sub is None:
        sub = corpus.subset(list(apply_filters(corpus.reports).index))
    recent[chosen] = sub  # most recent last
    while len(recent) > MAX_RECENT:
        recent.pop(next(iter(recent)))
    return sub


def empty_state() -> bool:
    """Show how to add reports when the (filtered) corpus is empty; True if it was empty."""
    if len(filtered_corpus().reports) == 0:
        if len(data.get_corpus().reports):
            st.info("当前筛选条件下没有报告，请在侧边栏调整筛选。")
        else:
            st.info(data.EMPTY_HINT)
        return True
    return False
