"""概览: the corpus at a glance — a first-visit note, KPIs, branches x themes heatmap with
evidence, keywords (organization names out unless the sidebar keeps them), formulations, and the
report list whose rows open their report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.escape import markdown
from analysis.corpus import tables
from analysis.corpus.kpis import corpus_kpis
from analysis.corpus.loading import Corpus
from analysis.output.charts.corpus import formulation_figure, heat_figure, keyword_figure
from analysis.output.charts.exploration import guard_short_rows
from analysis.service import ThemeDictionary
from views import data, filters, onboarding, org_filter, theme_data, widgets
from views.report_list import report_list

MAX_HEAT_ROWS = 40  # branches shown in the heatmap; more make it unreadable
HEAT_KEY = "ov_heat"
KEYWORD_COLUMNS = {
    "term": "关键词",
    "count": "次数",
    "per10k": "每万字",
    "tfidf": "重要度",
    "docs": "报告数",
}
EVIDENCE_COLUMNS = {
    "命中词": st.column_config.TextColumn(width="small"),
    "证据句": st.column_config.TextColumn(width="large"),
}


def kpis(corpus: Corpus, reports: pd.DataFrame) -> None:
    """The corpus's headline figures (`analysis.corpus.kpis`, the same as every export)."""
    shown = corpus_kpis(corpus).items()
    for row in range(0, len(shown), 4):  # four per row, as on the slides
        for col, k in zip(st.columns(4), shown[row : row + 4], strict=False):
            col.metric(k.label, f"{k.value} {k.unit}".strip(), help=k.detail or None, border=True)


def _pick_cell(branches: list[str], themes: list[str]) -> None:
    """Heatmap click -> the branch and theme pickers (a point's index is row * columns + column)."""
    state = st.session_state.get(HEAT_KEY)
    points = state.selection.points if state is not None else []
    index = points[0].get("point_index") if points else None
    if index is not None:  # a heatmap cell gives [row, column], a marker its flat index
        row, col = index if isinstance(index, list) else divmod(int(index), len(themes))
        if row < len(branches) and col < len(themes):
            st.session_state["ov_branch"] = branches[row]
            st.session_state["ov_theme"] = themes[col]


def heatmap_section(frames: tables.ThemeFrames, d: ThemeDictionary) -> None:
    """Heatmap of branches x themes; a chosen cell shows its evidence sentences."""
    st.subheader(f"各{filters.group_noun()}主题分布")
    matrix = frames.branch_matrix()
    if matrix.empty or not d.names:
        st.info("主题词典为空或没有报告可计算，请在「主题探索」页面添加主题词。")
        return
    if len(matrix) > MAX_HEAT_ROWS:
        st.caption(f"支部较多，只显示主题总得分最高的 {MAX_HEAT_ROWS} 个。")
        matrix = matrix.loc[matrix.sum(axis=1).nlargest(MAX_HEAT_ROWS).index]
    branches, themes = list(matrix.index), list(matrix.columns)
    fig = heat_figure(matrix)
    guard_short_rows(fig, matrix, short := frames.short_branches())
    if short:  # a very short report must not set the colour scale of everyone else
        st.caption(f"字数不足 {tables.SHORT_CHARS} 的支部不参与色阶：{markdown('、'.join(short))}")
    widgets.show_chart(
        fig,
        "主题热力图",
        key=HEAT_KEY,
        on_select=lambda: _pick_cell(branches, themes),
        selection_mode="points",
    )
    st.caption("点击热力图中的格子，或在下面选择支部和主题，查看命中的证据句。")
    if st.session_state.get("ov_branch") not in branches:
        st.session_state["ov_branch"] = branches[0]
    if st.session_state.get("ov_theme") not in d.names:
        st.session_state["ov_theme"] = matrix.loc[st.session_state["ov_branch"]].idxmax()
    c1, c2 = st.columns(2)
    branch = c1.selectbox("支部", branches, key="ov_branch")
    theme = c2.selectbox("主题", list(d.names), key="ov_theme")
    labels = frames.corpus.labels
    ev = frames.select([rid for rid in frames.corpus.ids if labels[rid] == branch])["evidence"]
    ev = theme_data.evidence_sentences(ev[ev["主题"] == theme])
    st.markdown(f"**证据句**：{len(ev)} 句")
    if ev.empty:
        st.caption("这个支部的报告没有命中该主题的句子。")
    else:
        name = f"证据句_{branch}_{theme}"
        widgets.show_table(
            ev[["命中词", "证据句"]], name, "ov_evidence", column_config=EVIDENCE_COLUMNS
        )


def keywords_section(corpus: Corpus) -> None:
    """Top keywords over the filtered corpus: bar chart and word cloud."""
    st.subheader("高频关键词")
    hidden = org_filter.hidden_names(corpus)  # cut to the top 200 after the names are out
    table = data.corpus_keywords(corpus.ids, filters.officialese_on(), hidden)
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
        widgets.show_table(table.rename(columns=KEYWORD_COLUMNS), "高频关键词", key="ov_keywords")


def formulations_section(corpus: Corpus) -> None:
    """The most common formulations and which branches use them."""
    st.subheader("常见提法")
    frame = data.formulations(corpus)
    if frame.empty:
        st.info("没有找到提法（如“三会一课”“一岗双责”）。")
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        widgets.show_chart(formulation_figure(frame), "常见提法")
        st.caption("红色：数字提法（如“三会一课”）；金色：工作品牌与特色名称。")
    with c2:
        kinds = frame["编号式"].map({True: "数字提法", False: "品牌名称"})
        shown = frame.assign(编号式=kinds).rename(columns={"编号式": "类别"})
        widgets.show_table(shown, "常见提法", key="ov_formulations", height=420)


st.title("概览")
onboarding.welcome(data.live_reports()["sha256"])
if not filters.empty_state():
    corpus = filters.filtered_corpus()
    d = theme_data.get_theme_dictionary()
    reports = data.report_rows(corpus)
    kpis(corpus, reports)
    heatmap_section(theme_data.theme_tables(corpus.ids, d), d)
    keywords_section(corpus)
    formulations_section(corpus)
    report_list(reports)
