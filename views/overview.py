"""概览: the corpus at a glance — a first-visit note, KPIs, branches x themes heatmap with
evidence, keywords (organization names out unless the sidebar keeps them), formulations, and the
report list whose rows open their report. All from SQL over the stored facts (views/overview_data.py):
opening this page never loads the whole corpus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis.core.escape import markdown
from analysis.corpus.aggregates import Overview
from analysis.service import ThemeDictionary
from views import (
    data,
    filters,
    onboarding,
    overview_data,
    overview_parts,
    overview_stale,
    selection,
    table_pages,
    theme_data,
    widgets,
)
from views.report_list import report_list

HEAT_KEY = "ov_heat"
BRANCH_KEY, THEME_KEY = "ov_branch", "ov_theme"  # the chosen cell's one source (views.selection)


def kpis(ov: Overview) -> None:
    """The corpus's headline figures (the same as `analysis.corpus.kpis` and every export)."""
    shown = overview_parts.kpis(ov).items()
    for row in range(0, len(shown), 4):  # four per row, as on the slides
        for col, k in zip(st.columns(4), shown[row : row + 4], strict=False):
            col.metric(k.label, f"{k.value} {k.unit}".strip(), help=k.detail or None, border=True)


def _pick_cell(branches: tuple[str, ...], themes: tuple[str, ...]) -> None:
    """Heatmap click -> the chosen branch and theme keys (read by the pickers and the evidence)."""
    state = st.session_state.get(HEAT_KEY)
    cell = selection.heat_cell(
        state.selection.points if state is not None else [], branches, themes
    )
    if cell is not None:
        st.session_state[BRANCH_KEY], st.session_state[THEME_KEY] = cell


def evidence_panel(ov: Overview, d: ThemeDictionary, branch: str, theme: str) -> None:
    """The chosen branch's sentences hitting the chosen theme (only its reports are loaded)."""
    ev = overview_parts.evidence(ov, d, branch, theme)
    st.markdown(f"**证据句**（{markdown(branch)} · {markdown(theme)}）：{len(ev)} 句")
    if ev.empty:
        st.caption("这个支部的报告没有命中该主题的句子。")
        return
    table_pages.show_paged(
        ev, f"证据句_{branch}_{theme}", "ov_evidence", column_config=overview_parts.EVIDENCE_COLUMNS
    )


def heatmap_section(ov: Overview, d: ThemeDictionary) -> Callable[[], None]:
    """Heatmap of branches x themes; a chosen cell shows its evidence sentences, drawn by the
    function returned (the page calls it after its first paint)."""
    st.subheader(f"各{filters.group_noun()}主题分布")
    heat = overview_parts.heat(ov, d)
    if heat.figure is None:
        st.info("主题词典为空或没有报告可计算，请在「主题探索」页面添加主题词。")
        return lambda: None
    for note in heat.notes:  # the cut, and short reports left out of the colour scale
        st.caption(markdown(note))
    widgets.show_dressed(
        heat.figure,
        "主题热力图",
        key=HEAT_KEY,
        on_select=lambda: _pick_cell(heat.branches, heat.themes),
        selection_mode="points",
    )
    st.caption("点击热力图中的格子，或在下面选择支部和主题，查看命中的证据句。")
    c1, c2 = st.columns(2)
    branch = selection.select(c1, "支部", heat.branches, BRANCH_KEY)
    top = heat.strongest[branch]  # a first visit opens the branch's strongest theme
    theme = selection.select(c2, "主题", list(d.names), THEME_KEY, top)
    box = st.container()
    return lambda: drawn_in(box, lambda: evidence_panel(ov, d, branch, theme))


def drawn_in(box: Any, draw: Callable[[], None]) -> None:
    """`draw()` into the container `box` made earlier in the page (drawn after the first paint)."""
    with box:
        draw()


def keywords_section(ov: Overview) -> Callable[[], None]:
    """Top keywords over the filtered reports: bar chart and word cloud (drawn by the function
    returned, last: a first cloud takes seconds)."""
    st.subheader("高频关键词")
    hidden = overview_data.hidden_names()  # cut to the top 200 after the names are out
    part = overview_parts.keywords(ov, filters.officialese_on(), hidden)
    if not filters.org_names_on():
        st.caption("单位和支部的名称不计入关键词和词云；需要时打开侧边栏的「显示机构名称」。")
    if part.figure is None:
        st.info("没有可显示的关键词。")
        return lambda: None
    c1, c2 = st.columns([2, 3])
    with c1:
        widgets.show_dressed(part.figure, "高频关键词")
    with st.expander("全部关键词（次数、每万字、重要度、出现报告数）", icon=":material/list:"):
        table_pages.show_paged(part.table, "高频关键词", key="ov_keywords")
    return lambda: drawn_in(c2, lambda: widgets.show_wordcloud(part.freqs, "语料词云", "ov_cloud"))


def formulations_section(ov: Overview) -> None:
    """The most common formulations and which branches use them."""
    st.subheader("常见提法")
    part = overview_parts.formulations(ov)
    if part.figure is None:
        st.info("没有找到提法（如“三会一课”“一岗双责”）。")
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        widgets.show_dressed(part.figure, "常见提法")
        st.caption("红色：数字提法（如“三会一课”）；金色：工作品牌与特色名称。")
    with c2:
        table_pages.show_paged(part.shown, "常见提法", "ov_formulations", part.table, height=420)
        if part.cut:
            st.caption(
                f"每个提法列出前 {overview_parts.USERS_SHOWN} 个使用支部；下载的表格列出全部。"
            )


st.title("概览")
onboarding.welcome(data.live_reports()["sha256"])
ov = overview_data.overview()
overview_stale.notice(ov.store.location)  # older rules' facts shown while the current compute
if not overview_data.empty(ov):  # drawn in page order, computed cheapest first
    d = theme_data.get_theme_dictionary()
    kpis(ov)
    heat_box, words_box, formulations_box = st.container(), st.container(), st.container()
    with heat_box:
        evidence = heatmap_section(ov, d)
    report_list(overview_parts.reports(ov))
    evidence()
    with formulations_box:
        formulations_section(ov)
    with words_box:
        cloud = keywords_section(ov)
    cloud()
