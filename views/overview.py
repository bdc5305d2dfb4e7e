"""概览: the corpus at a glance — KPIs, branches x themes heatmap with evidence, keywords,
formulations, and the report list."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core.escape import markdown
from analysis.core.models import Keyword
from analysis.corpus import tables
from analysis.output.charts.exploration import guard_short_rows
from views import common

MAX_HEAT_ROWS = 40  # branches shown in the heatmap; more make it unreadable
HEAT_KEY = "ov_heat"


def kpis(corpus, reports: pd.DataFrame) -> None:
    """Reports, branches, characters, measures and indicators of the filtered corpus."""
    n_chars = sum(a.chars for a in corpus.analyses.values())
    branches = set(corpus.labels.values())
    cols = st.columns(5)
    cols[0].metric("报告", f"{len(corpus.ids)} 份", border=True)
    cols[1].metric("支部", f"{len(branches)} 个", border=True)
    cols[2].metric("总字数", f"{n_chars / 10000:.1f} 万字", border=True)
    cols[3].metric("举措", f"{int(reports['举措数'].sum())} 条", border=True)
    cols[4].metric("数字指标", f"{int(reports['指标数'].sum())} 个", border=True)


def heat_figure(matrix: pd.DataFrame) -> go.Figure:
    """Branches x themes heatmap (hits per 10,000 characters), values written in the cells."""
    fig = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale=common.HEAT_SCALE,
            texttemplate="%{z:.0f}",
            colorbar=dict(title=dict(text="次/万字")),
            xgap=1,
            ygap=1,
            hoverinfo="skip",
        )
    )
    # Plotly heatmaps emit no selection events: invisible square markers on the cell centres
    # carry the hover text and make a click select the cell (branch = y, theme = x).
    xs = [t for _ in matrix.index for t in matrix.columns]
    ys = [b for b in matrix.index for _ in matrix.columns]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker=dict(symbol="square", size=30, opacity=0),
            customdata=matrix.values.reshape(-1),
            hovertemplate="支部：%{y}<br>主题：%{x}<br>得分：%{customdata:.1f} 次/万字<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(
        title="各支部主题分布（每万字命中句数）",
        # Fixed ranges: the overlay markers must not pad the axes around the cells.
        xaxis=dict(
            side="top",
            tickangle=-35,
            type="category",
            range=[-0.5, len(matrix.columns) - 0.5],
            showgrid=False,
        ),
        yaxis=dict(
            type="category",
            automargin=True,
            range=[len(matrix.index) - 0.5, -0.5],
            showgrid=False,
        ),
        height=max(320, 34 * len(matrix.index) + 170),
    )
    return fig


def _pick_cell() -> None:
    """Heatmap click -> the branch and theme pickers (runs before the rerun)."""
    state = st.session_state.get(HEAT_KEY)
    points = state.selection.points if state is not None else []
    if points:
        st.session_state["ov_branch"] = points[0]["y"]
        st.session_state["ov_theme"] = points[0]["x"]


def heatmap_section(frames: tables.ThemeFrames, d) -> None:
    """Heatmap of branches x themes; a chosen cell shows its evidence sentences."""
    st.subheader("各支部主题分布")
    matrix = frames.branch_matrix()
    if matrix.empty or not d.names:
        st.info("主题词典为空或没有报告可计算，请在「主题探索」页面添加主题词。")
        return
    if len(matrix) > MAX_HEAT_ROWS:
        st.caption(f"支部较多，只显示主题总得分最高的 {MAX_HEAT_ROWS} 个。")
        matrix = matrix.loc[matrix.sum(axis=1).nlargest(MAX_HEAT_ROWS).index]
    fig = heat_figure(matrix)
    guard_short_rows(fig, matrix, short := frames.short_branches())
    if short:
        st.caption(f"字数不足 {tables.SHORT_CHARS} 的支部不参与色阶：{markdown('、'.join(short))}")
    fig.update_layout(
        font=dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"),
        margin=dict(l=10, r=10, t=120, b=10),
    )
    st.plotly_chart(
        fig,
        width="stretch",
        key=HEAT_KEY,
        on_select=_pick_cell,
        selection_mode="points",
        config={"displaylogo": False, "toImageButtonOptions": {"filename": "主题热力图"}},
    )
    st.caption("点击热力图中的格子，或在下面选择支部和主题，查看命中的证据句。")
    branches = list(matrix.index)
    if st.session_state.get("ov_branch") not in branches:
        st.session_state["ov_branch"] = branches[0]
    if st.session_state.get("ov_theme") not in d.names:
        st.session_state["ov_theme"] = matrix.loc[st.session_state["ov_branch"]].idxmax()
    c1, c2 = st.columns(2)
    branch = c1.selectbox("支部", branches, key="ov_branch")
    theme = c2.selectbox("主题", list(d.names), key="ov_theme")
    labels = frames.corpus.labels
    ev = frames.select([rid for rid in frames.corpus.ids if labels[rid] == branch])["evidence"]
    ev = common.evidence_sentences(ev[ev["主题"] == theme])
    st.markdown(f"**证据句**：{len(ev)} 句")
    if ev.empty:
        st.caption("这个支部的报告没有命中该主题的句子。")
    else:
        common.show_table(
            ev[["命中词", "证据句"]],
            f"证据句_{branch}_{theme}",
            key="ov_evidence",
            column_config={
                "命中词": st.column_config.TextColumn(width="small"),
                "证据句": st.column_config.TextColumn(width="large"),
            },
        )


def keywords_section(corpus) -> None:
    """Top keywords over the filtered corpus: bar chart and word cloud."""
    st.subheader("高频关键词")
    table = common.corpus_keywords(corpus.ids, common.officialese_on())
    if table.empty:
        st.info("没有可显示的关键词。")
        return
    top = [
        Keyword(r.term, int(r.count), float(r.per10k))
        for r in table.head(20).itertuples(index=False)
    ]
    c1, c2 = st.columns([2, 3])
    with c1:
        common.show_chart(common.keyword_figure(top, "前 20 个关键词"), "高频关键词")
    with c2:
        freqs = dict(zip(table["term"], table["count"].astype(float), strict=True))
        common.show_wordcloud(freqs, "语料词云", key="ov_cloud")
    with st.expander("全部关键词（次数、每万字、TF-IDF、出现报告数）", icon=":material/list:"):
        common.show_table(
            table.rename(
                columns={
                    "term": "关键词",
                    "count": "次数",
                    "per10k": "每万字",
                    "tfidf": "TF-IDF",
                    "docs": "报告数",
                }
            ),
            "高频关键词",
            key="ov_keywords",
        )


def formulation_figure(frame: pd.DataFrame) -> go.Figure:
    """Top formulations by how many reports use them; hover lists the branches."""
    top = frame.head(15).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=top["报告数"],
            y=top["提法"],
            orientation="h",
            marker_color=[common.PALETTE[0] if n else common.PALETTE[1] for n in top["编号式"]],
            customdata=top[["次数", "使用支部"]].values,
            hovertemplate=(
                "%{y}<br>%{x} 份报告使用，共 %{customdata[0]} 次<br>%{customdata[1]}<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        title="常见提法（使用报告数）",
        xaxis_title="使用报告数",
        yaxis=dict(type="category", automargin=True),
        height=max(320, 26 * len(top) + 90),
    )
    return fig


def formulations_section(corpus) -> None:
    """The most common formulations and which branches use them."""
    st.subheader("常见提法")
    frame = common.formulations(corpus)
    if frame.empty:
        st.info("没有找到提法（如“三会一课”“一岗双责”）。")
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        common.show_chart(formulation_figure(frame), "常见提法")
        st.caption("红色：数字提法（如“三会一课”）；金色：工作品牌与特色名称。")
    with c2:
        shown = frame.assign(编号式=frame["编号式"].map({True: "数字提法", False: "品牌名称"}))
        common.show_table(
            shown.rename(columns={"编号式": "类别"}),
            "常见提法",
            key="ov_formulations",
            height=420,
        )


def report_list(reports: pd.DataFrame) -> None:
    """One row per report: branch, organization, year, kind, title, length, date added."""
    st.subheader("报告列表")
    common.show_table(reports, "报告列表", key="overview_reports")


st.title("概览")
if not common.empty_state():
    corpus = common.filtered_corpus()
    d = common.get_theme_dictionary()
    frames = common.theme_tables(corpus.ids, d)
    reports = common.report_rows(corpus)
    kpis(corpus, reports)
    heatmap_section(frames, d)
    keywords_section(corpus)
    formulations_section(corpus)
    report_list(reports)
