"""关键词检索: a term -> concordance lines (KWIC, term centred), counts per branch and per year,
and a way to open each hit in its report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.core.facts import per10k
from analysis.core.models import AnalysisError
from analysis.corpus.concordance import kwic_places, kwic_table, labelled_reports, total_chars
from analysis.corpus.loading import Corpus
from analysis.corpus.search import hit_counts, sort_kwic
from analysis.output.charts.corpus import count_figure
from analysis.output.labels import label, labelled, labelled_config
from views import data, filters, flows, report_rows, search_data, widgets

KWIC_ROW_HEIGHT = 35  # px: one line (the contexts are short; a selected line shows its sentence)
SORTS = {"出现顺序": "position", "按左侧语境": "left", "按右侧语境": "right"}
COUNT_COLUMNS = {"label": "支部", "hits": "命中次数", "reports": "命中报告数", "per10k": "每万字"}
LINE_COLUMNS = labelled_config(
    {
        "branch": st.column_config.TextColumn(width="small"),
        "left": st.column_config.TextColumn(width="medium", alignment="right"),
        "hit": st.column_config.TextColumn(width="small", alignment="center"),
        "right": st.column_config.TextColumn(width="medium", alignment="left"),
        "link": st.column_config.LinkColumn(
            label("link"),
            display_text="新标签页打开",
            width="small",
            help="在新标签页中打开该报告，并定位到这一处",
        ),
    }
)


def _use_suggestion() -> None:
    """A clicked suggestion becomes the query."""
    pick = st.session_state.get("sr_pick")
    if pick:
        st.session_state["sr_query"] = pick
    st.session_state["sr_pick"] = None


def kwic_section(corpus: Corpus, lines: pd.DataFrame, total: int) -> None:
    """Concordance lines: left context right-aligned, the hit centred, a link to each report."""
    order = st.radio("排序", list(SORTS), horizontal=True, key="sr_sort")
    lines = sort_kwic(lines, SORTS[order])
    table = labelled(kwic_table(lines, corpus.labels))
    if total > len(lines):
        st.caption(f"共 {total} 处命中，下表列出前 {len(lines)} 处；统计图包含全部命中。")
    report_rows.show(
        table,
        kwic_places(lines),
        corpus,
        "关键词检索结果",
        "sr_lines",
        download=table.drop(columns=[label("link")]),
        row_height=KWIC_ROW_HEIGHT,
        column_order=list(LINE_COLUMNS),
        column_config=LINE_COLUMNS,
    )


def counts_section(corpus: Corpus, per_report: dict[int, int]) -> None:
    """Hits per branch and per year, raw or relative to text length."""
    relative = st.toggle("按每万字计算（消除报告长短差异）", key="sr_relative")
    by_branch = hit_counts(per_report, labelled_reports(corpus), "label")
    by_year = hit_counts(per_report, corpus.reports, "year").sort_values("year")
    c1, c2 = st.columns([3, 2])
    with c1:
        fig = count_figure(by_branch.head(30), "label", "各支部命中次数", relative)
        widgets.show_chart(fig, "检索_各支部")
    with c2:
        fig = count_figure(by_year, "year", "各年份命中次数", relative)
        widgets.show_chart(fig, "检索_各年份")
    with st.expander("命中统计表", icon=":material/table_chart:"):
        shown = by_branch.rename(columns=COUNT_COLUMNS)
        widgets.show_table(shown, "检索_各支部", key="sr_branch_counts")


def results(corpus: Corpus, query: str, width: int) -> None:
    """Counts of the query, its concordance lines and its hits per branch and year."""
    try:
        lines, per_report = search_data.search(corpus.ids, query, width)
    except AnalysisError as exc:
        st.warning(exc.message, icon=":material/warning:")
        return
    total = sum(per_report.values())
    m1, m2, m3 = st.columns(3)
    m1.metric("命中次数", total, border=True)
    m2.metric(
        "命中报告", f"{sum(1 for n in per_report.values() if n)} / {len(corpus.ids)}", border=True
    )
    m3.metric("每万字", f"{per10k(total, total_chars(corpus)):.1f}", border=True)
    if total == 0:
        st.info("没有找到。可以换一个更短的词，或检查侧边栏的筛选条件。")
        return
    kwic_section(corpus, lines, total)
    counts_section(corpus, per_report)


st.title("关键词检索")
flows.follow_open_report()
if not filters.empty_state():
    corpus = filters.filtered_corpus()
    c1, c2 = st.columns([3, 1])
    query = c1.text_input(
        "检索词或短语", key="sr_query", placeholder="如：三会一课、主题党日、党建联建", max_chars=50
    )
    width = c2.slider("语境字数", 10, 60, 25, step=5, key="sr_width")
    options = list(data.formulations(corpus)["formulation"].head(10))  # one-click queries
    if options:
        st.pills(
            "常见提法",
            options,
            key="sr_pick",
            on_change=_use_suggestion,
            format_func=escape.markdown,
        )
    if not query.strip():
        st.info("输入一个词或短语，查看它在各报告中出现的上下文（也支持繁体字检索）。")
    else:
        results(corpus, query, width)
