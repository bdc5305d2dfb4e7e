"""概览: the corpus at a glance — a first-visit note, KPIs, branches x themes heatmap with
evidence, keywords (organization names out unless the sidebar keeps them), formulations, and the
report list whose rows open their report. All from SQL over the stored facts (views/overview_data.py):
opening this page never loads the whole corpus."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown
from analysis.corpus import tables
from analysis.corpus.aggregates import Overview
from analysis.output.charts.corpus import formulation_figure, heat_figure, keyword_figure
from analysis.output.charts.exploration import guard_short_rows
from analysis.output.heat import branch_chars, heat_data
from analysis.output.labels import labelled, labelled_config
from analysis.service import ThemeDictionary
from views import data, filters, onboarding, overview_data, selection, theme_data, widgets
from views.report_list import report_list

HEAT_KEY = "ov_heat"
BRANCH_KEY, THEME_KEY = (
    "ov_branch",
    "ov_theme",
)  # the one source of the chosen cell (views.selection)
EVIDENCE_COLUMNS = labelled_config(
    {
        "theme": st.column_config.TextColumn(width="small"),
        "term": st.column_config.TextColumn(width="small"),
        "evidence": st.column_config.TextColumn(width="large"),
    }
)


def kpis(ov: Overview) -> None:
    """The corpus's headline figures (the same as `analysis.corpus.kpis` and every export)."""
    shown = ov.kpis().items()
    for row in range(0, len(shown), 4):  # four per row, as on the slides
        for col, k in zip(st.columns(4), shown[row : row + 4], strict=False):
            col.metric(k.label, f"{k.value} {k.unit}".strip(), help=k.detail or None, border=True)


def _pick_cell(branches: list[str], themes: list[str]) -> None:
    """Heatmap click -> the chosen branch and theme keys (read by the pickers and the evidence)."""
    state = st.session_state.get(HEAT_KEY)
    cell = selection.heat_cell(
        state.selection.points if state is not None else [], branches, themes
    )
    if cell is not None:
        st.session_state[BRANCH_KEY], st.session_state[THEME_KEY] = cell


def evidence_panel(ov: Overview, d: ThemeDictionary, branch: str, theme: str) -> None:
    """The chosen branch's sentences hitting the chosen theme (only its reports are loaded)."""
    frames = overview_data.theme_frames([r for r in ov.ids if ov.labels[r] == branch], d)
    ev = frames["evidence"]
    ev = tables.with_sentences(ev[ev["theme"] == theme], frames.corpus)
    st.markdown(f"**证据句**（{markdown(branch)} · {markdown(theme)}）：{len(ev)} 句")
    if ev.empty:
        st.caption("这个支部的报告没有命中该主题的句子。")
        return
    cols = labelled(ev[["theme", "term", "evidence"]])
    widgets.show_table(
        cols, f"证据句_{branch}_{theme}", "ov_evidence", column_config=EVIDENCE_COLUMNS
    )


def heatmap_section(ov: Overview, d: ThemeDictionary) -> None:
    """Heatmap of branches x themes; a chosen cell shows its evidence sentences."""
    st.subheader(f"各{filters.group_noun()}主题分布")
    matrix = ov.branch_matrix(d)
    if matrix.empty or not d.names:
        st.info("主题词典为空或没有报告可计算，请在「主题探索」页面添加主题词。")
        return
    chars = branch_chars((ov.labels[i] for i in ov.ids), ov.facts["chars"])
    heat = heat_data(matrix, chars)  # one rule for screen, slides and documents
    matrix = heat.matrix
    branches, themes = list(matrix.index), list(matrix.columns)
    fig = guard_short_rows(heat_figure(matrix), heat)
    for note in heat.notes():  # the cut, and short reports left out of the colour scale
        st.caption(markdown(note))
    widgets.show_chart(
        fig,
        "主题热力图",
        key=HEAT_KEY,
        on_select=lambda: _pick_cell(branches, themes),
        selection_mode="points",
    )
    st.caption("点击热力图中的格子，或在下面选择支部和主题，查看命中的证据句。")
    c1, c2 = st.columns(2)
    branch = selection.select(c1, "支部", branches, BRANCH_KEY)
    top = str(matrix.loc[branch].idxmax())  # a first visit opens the branch's strongest theme
    evidence_panel(ov, d, branch, selection.select(c2, "主题", list(d.names), THEME_KEY, top))


def keywords_section() -> None:
    """Top keywords over the filtered reports: bar chart and word cloud."""
    st.subheader("高频关键词")
    hidden = overview_data.hidden_names()  # cut to the top 200 after the names are out
    table = overview_data.keywords(filters.officialese_on(), hidden)
    if not filters.org_names_on():
        st.caption("单位和支部的名称不计入关键词和词云；需要时打开侧边栏的「显示机构名称」。")
    if table.empty:
        st.info("没有可显示的关键词。")
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        widgets.show_chart(keyword_figure(table.head(20), "前 20 个关键词"), "高频关键词")
    with c2:
        freqs = dict(zip(table["term"], table["count"].astype(float), strict=True))
        widgets.show_wordcloud(freqs, "语料词云", key="ov_cloud")
    with st.expander("全部关键词（次数、每万字、重要度、出现报告数）", icon=":material/list:"):
        widgets.show_table(labelled(table, "keywords"), "高频关键词", key="ov_keywords")


def formulations_section(ov: Overview) -> None:
    """The most common formulations and which branches use them."""
    st.subheader("常见提法")
    frame = ov.formulations()
    if frame.empty:
        st.info("没有找到提法（如“三会一课”“一岗双责”）。")
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        widgets.show_chart(formulation_figure(frame), "常见提法")
        st.caption("红色：数字提法（如“三会一课”）；金色：工作品牌与特色名称。")
    with c2:
        kinds = frame["numbered"].map({True: "数字提法", False: "品牌名称"})
        shown = frame.assign(numbered=kinds).rename(columns={"numbered": "category"})
        widgets.show_table(labelled(shown), "常见提法", key="ov_formulations", height=420)


st.title("概览")
onboarding.welcome(data.live_reports()["sha256"])
ov = overview_data.overview()
if not overview_data.empty(ov):
    d = theme_data.get_theme_dictionary()
    kpis(ov)
    heatmap_section(ov, d)
    keywords_section()
    formulations_section(ov)
    report_list(ov.reports())
