"""支部对比 按年份: one branch's report of the later year against its report of the earlier year —
新增 / 延续 / 不再提及 and the changed figures, drawn as 雷同检测 draws them (issue 29)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis.corpus.loading import Corpus
from analysis.corpus.overlap.yearly import year_over_year
from views import overlap_data, overlap_view


def newest_by_branch(reports: pd.DataFrame, ids: Sequence[int]) -> dict[str, int]:
    """Branch -> its newest report among `ids` (reports without a branch left out)."""
    rows = reports.loc[[i for i in ids if i in reports.index]]
    rows = rows[rows["branch"].fillna("").astype(str) != ""]
    return {str(b): int(max(g.index)) for b, g in rows.groupby("branch", sort=True)}


def latest_year(reports: pd.DataFrame, ids: Sequence[int]) -> float:
    """The latest year among `ids` (NaN when none has a year)."""
    return float(pd.to_numeric(reports.loc[list(ids), "year"], errors="coerce").max())


def section(corpus: Corpus, ids_a: Sequence[int], ids_b: Sequence[int]) -> None:
    """The expander: a branch with reports in both years, and what changed between them."""
    year_a, year_b = latest_year(corpus.reports, ids_a), latest_year(corpus.reports, ids_b)
    if math.isnan(year_a) or math.isnan(year_b) or year_a == year_b:
        return
    later, earlier = (ids_a, ids_b) if year_a > year_b else (ids_b, ids_a)
    now, before = newest_by_branch(corpus.reports, later), newest_by_branch(corpus.reports, earlier)
    both = [b for b in now if b in before]
    with st.expander("同一支部的逐年变化", icon=":material/history:"):
        if not both:
            st.caption("没有在两个年份都有报告的支部。")
            return
        branch = st.selectbox("支部", both, key="cmp_yoy_branch")
        rid, last = now[branch], before[branch]
        if rid not in corpus.analyses or last not in corpus.analyses:
            st.caption("这两份报告还没有分析结果。")
            return
        overlap_view.changes(year_over_year(corpus.analyses[rid], corpus.analyses[last]), "cmp_yoy")
        if st.button(
            "在雷同检测中查看沿用的段落",
            key="cmp_yoy_open",
            icon=":material/content_copy:",
            on_click=overlap_data.open_check,
            args=(rid,),
        ):
            st.switch_page("views/overlap.py")
