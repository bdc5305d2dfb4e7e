"""概览: the corpus at a glance — a first-visit note, KPIs, branches x themes heatmap with
evidence, keywords (organization names out unless the sidebar keeps them), formulations, and the
report list whose rows open their report. All from SQL over the stored facts (views/overview_data.py):
opening this page never loads the whole corpus."""

from __future__ import annotations

import pandas as pd
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
    selection,
    table_pages,
    theme_data,
    widgets,
)
from views.report_list import report_list

HEAT_KEY = "ov_heat"
BRANCH_KEY, THEME_KEY = (
    "ov_branch",
    "ov_theme",
)  # the one source of the chosen cell (views.selection)
EVIDENCE_COLUMNS = {
    "主题": st.column_config.TextColumn(width="small"),
    "命中词": st.column_config.TextColumn(width="small"),
    "证据句": st.column_config.TextColumn(width="large"),
}


def kpis(ov: Overview) -> None:
    """The corpus's headline figures (the same as `analysis.corpus.kpis` and every export)."""
    shown = overview_parts.kpis(ov).items()
    for row in range(0, len(shown), 4):  # four per row, as on the slides
        for col, k in zip(st.columns(4), shown[row : row + 4], strict=False):
            col.metric(k.label, f"{k.value} {k.unit}".strip(), help=k.detail or None, border=True)


def paged_table(table: pd.DataFrame, name: str, key: str, **kwargs: object) -> None:
    """A long table a page at a time (table_pages); its downloads hold every row."""
    rows, table_key = table_pages.pick_page(len(table), key)
    widgets.show_table(table.iloc[rows], name, table_key, download=table, **kwargs)


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
    paged_table(ev, f"证据句_{branch}_{theme}", "ov_evidence", column_config=EVIDENCE_COLUMNS)


def heatmap_section(ov: Overview, d: ThemeDictionary) -> None:
    """Heatmap of branches x themes; a chosen cell shows its evidence sentences."""
    st.subheader(f"各{filters.group_noun()}主题分布")
    heat = overview_parts.heat(ov, d)
    if heat.figure is None:
        st.info("主题词典为空或没有报告可计算，请在「主题探索」页面添加主题词。")
        return
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
    evidence_panel(ov, d, branch, selection.select(c2, "主题", list(d.names), THEME_KEY, top))


def keywords_section(ov: Overview) -> None:
    """Top keywords over the filtered reports: bar chart and word cloud."""
    st.subheader("高频关键词")
    hidden = overview_data.hidden_names()  # cut to the top 200 after the names are out
    part = overview_parts.keywords(ov, filters.officialese_on(), hidden)
    if not filters.org_names_on():
        st.caption("单位和支部的名称不计入关键词和词云；需要时打开侧边栏的「显示机构名称」。")
    if part.figure is None:
        st.info("没有可显示的关键词。")
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        widgets.show_dressed(part.figure, "高频关键词")
    with c2:
        widgets.show_wordcloud(dict(part.freqs), "语料词云", key="ov_cloud")
    with st.expander("全部关键词（次数、每万字、重要度、出现报告数）", icon=":material/list:"):
        paged_table(part.table, "高频关键词", key="ov_keywords")


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
        rows, key = table_pages.pick_page(len(part.shown), "ov_formulations")
        widgets.show_table(part.shown.iloc[rows], "常见提法", key, download=part.table, height=420)
        if part.cut:
            st.caption(
                f"每个提法列出前 {overview_parts.USERS_SHOWN} 个使用支部；下载的表格列出全部。"
            )


st.title("概览")
onboarding.welcome(data.live_reports()["sha256"])
ov = overview_data.overview()
if not overview_data.empty(ov):
    d = theme_data.get_theme_dictionary()
    kpis(ov)
    heatmap_section(ov, d)
    keywords_section(ov)
    formulations_section(ov)
    report_list(overview_parts.reports(ov))
