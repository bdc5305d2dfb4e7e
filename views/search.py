"""关键词检索: a term -> concordance lines (KWIC, term centred), counts per branch and per year,
and a way to open each hit in its report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core.models import AnalysisError
from analysis.corpus.search import count_hits, escape_markdown, hit_counts, kwic, sort_kwic
from views import common

MAX_LINES = 2000  # KWIC lines shown; counts always cover every hit
SORTS = {"出现顺序": "position", "按左侧语境": "left", "按右侧语境": "right"}


@st.cache_data(show_spinner=False, max_entries=32)
def cached_search(
    revision: int, ids: tuple[int, ...], query: str, width: int
) -> tuple[pd.DataFrame, dict[int, int]]:
    """(KWIC lines, hits per report) of the query over the chosen reports."""
    corpus = common.get_corpus().subset(list(ids))
    texts = {rid: a.cleaned.text for rid, a in corpus.analyses.items()}
    return kwic(texts, query, width=width, limit=MAX_LINES), count_hits(texts, query)


def _use_suggestion() -> None:
    """A clicked suggestion becomes the query."""
    pick = st.session_state.get("sr_pick")
    if pick:
        st.session_state["sr_query"] = pick
    st.session_state["sr_pick"] = None


def _open_report(rid: int, pos: int, length: int) -> None:
    """Button callback: open the report page at this hit."""
    st.session_state["report_id"] = rid
    st.session_state["report_jump"] = (rid, pos, pos + length, "检索命中")
    st.session_state["rp_tab"] = "原文与主题"
    st.session_state["sr_goto"] = True


def suggestions(corpus) -> list[str]:
    """Common formulations of the selection, offered as one-click queries."""
    frame = common.formulations(corpus)
    return list(frame["提法"].head(10))


def count_figure(counts: pd.DataFrame, by: str, title: str, relative: bool) -> go.Figure:
    """Bar chart of hits per group (raw or per 10,000 characters)."""
    value = "per10k" if relative else "hits"
    fig = go.Figure(
        go.Bar(
            x=counts[by],
            y=counts[value],
            marker_color=common.PALETTE[0] if by != "year" else common.PALETTE[1],
            customdata=counts[["hits", "reports", "per10k"]].values,
            hovertemplate=(
                "%{x}<br>命中 %{customdata[0]} 次（%{customdata[1]} 份报告）"
                "<br>每万字 %{customdata[2]:.1f} 次<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        title=title,
        xaxis=dict(type="category", tickangle=-30 if by != "year" else 0, automargin=True),
        yaxis=dict(
            title="次/万字" if relative else "命中次数",
            rangemode="tozero",
            tickformat=".1f" if relative else "d",
            dtick=None if relative or counts["hits"].max() > 10 else 1,
        ),
        height=380,
    )
    return fig


def kwic_section(corpus, lines: pd.DataFrame, total: int) -> None:
    """Concordance lines: left context right-aligned, the hit centred, a link to each report."""
    order = st.radio("排序", list(SORTS), horizontal=True, key="sr_sort")
    lines = sort_kwic(lines, SORTS[order])
    labels = {rid: corpus.label(rid) for rid in corpus.ids}
    table = pd.DataFrame(
        {
            "支部": lines["id"].map(labels),
            "左侧语境": lines["left"],
            "检索词": lines["hit"],
            "右侧语境": lines["right"],
            "报告": [
                f"report?id={rid}&pos={pos}&len={len(hit)}"
                for rid, pos, hit in zip(lines["id"], lines["position"], lines["hit"], strict=True)
            ],
            "位置": lines["position"],
            "句子": lines["sentence"],
        }
    )
    if total > len(lines):
        st.caption(f"共 {total} 处命中，下表列出前 {len(lines)} 处；统计图包含全部命中。")
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(560, 38 + 35 * len(table)),
        on_select="rerun",
        selection_mode="single-row",
        key="sr_lines",
        column_order=["支部", "左侧语境", "检索词", "右侧语境", "报告"],
        column_config={
            "支部": st.column_config.TextColumn(width="small"),
            "左侧语境": st.column_config.TextColumn(width="medium", alignment="right"),
            "检索词": st.column_config.TextColumn(width="small", alignment="center"),
            "右侧语境": st.column_config.TextColumn(width="medium", alignment="left"),
            "报告": st.column_config.LinkColumn(
                "报告",
                display_text="新标签页打开",
                width="small",
                help="在新标签页中打开该报告，并定位到这一处",
            ),
        },
    )
    common.table_downloads(table.drop(columns=["报告"]), "关键词检索结果", key="sr_lines_dl")
    picked = event.selection.rows if event is not None else []
    if not picked:
        st.caption("选中一行可查看整句，并跳转到报告详情。")
        return
    row = lines.iloc[picked[0]]
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(labels.get(row['id'], ''))}**")
        st.text(row["sentence"])
        st.button(
            "在报告详情中查看",
            key="sr_open",
            icon=":material/description:",
            on_click=_open_report,
            args=(int(row["id"]), int(row["position"]), len(row["hit"])),
        )


def counts_section(corpus, per_report: dict[int, int]) -> None:
    """Hits per branch and per year, raw or relative to text length."""
    relative = st.toggle("按每万字计算（消除报告长短差异）", key="sr_relative")
    by_branch = hit_counts(per_report, _labelled(corpus), "label")
    by_year = hit_counts(per_report, corpus.reports, "year").sort_values("year")
    c1, c2 = st.columns([3, 2])
    with c1:
        common.show_chart(
            count_figure(by_branch.head(30), "label", "各支部命中次数", relative), "检索_各支部"
        )
    with c2:
        common.show_chart(count_figure(by_year, "year", "各年份命中次数", relative), "检索_各年份")
    with st.expander("命中统计表", icon=":material/table_chart:"):
        common.show_table(
            by_branch.rename(
                columns={
                    "label": "支部",
                    "hits": "命中次数",
                    "reports": "命中报告数",
                    "per10k": "每万字",
                }
            ),
            "检索_各支部",
            key="sr_branch_counts",
        )


def _labelled(corpus) -> pd.DataFrame:
    """Reports with their chart label (branch, else title) as a column."""
    return corpus.reports.assign(label=[corpus.label(rid) for rid in corpus.ids])


st.title("关键词检索")
if st.session_state.pop("sr_goto", False):
    st.switch_page("views/report.py")
if not common.empty_state():
    corpus = common.filtered_corpus()
    c1, c2 = st.columns([3, 1])
    query = c1.text_input(
        "检索词或短语", key="sr_query", placeholder="如：三会一课、主题党日、党建联建", max_chars=50
    )
    width = c2.slider("语境字数", 10, 60, 25, step=5, key="sr_width")
    options = suggestions(corpus)
    if options:
        st.pills("常见提法", options, key="sr_pick", on_change=_use_suggestion)
    if not query.strip():
        st.info("输入一个词或短语，查看它在各报告中出现的上下文（也支持繁体字检索）。")
    else:
        try:
            lines, per_report = cached_search(
                common.get_store().revision(), tuple(corpus.ids), query, width
            )
        except AnalysisError as exc:
            st.warning(exc.message, icon=":material/warning:")
        else:
            total = sum(per_report.values())
            reports_hit = sum(1 for n in per_report.values() if n)
            m1, m2, m3 = st.columns(3)
            m1.metric("命中次数", total, border=True)
            m2.metric("命中报告", f"{reports_hit} / {len(corpus.ids)}", border=True)
            m3.metric(
                "每万字",
                f"{total * 10000 / max(1, sum(a.chars for a in corpus.analyses.values())):.1f}",
                border=True,
            )
            if total == 0:
                st.info("没有找到。可以换一个更短的词，或检查侧边栏的筛选条件。")
            else:
                kwic_section(corpus, lines, total)
                counts_section(corpus, per_report)
