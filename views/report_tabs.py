"""报告详情's tabs on the report's structure: outline and measures, indicators, formulations,
keywords."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.core.models import Analysis
from analysis.corpus import tables
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import formulation_rows, indicator_values
from analysis.output.charts.corpus import keyword_figure
from analysis.text.keywords import frequent_phrases, textrank_keywords, top_keywords
from views import data, filters, flows, widgets

MEASURE_COLUMNS = {
    "举措": st.column_config.TextColumn(width="medium"),
    "所在章节": st.column_config.TextColumn(width="medium"),
}


def outline_tab(rid: int, a: Analysis, measures: pd.DataFrame) -> None:
    """The outline as an indented tree, and the measures with full text and a jump to the text."""
    st.markdown("##### 报告大纲")
    rows = tables.outline_rows(a.structure.outline)
    if rows.empty:
        st.info("没有识别出标题层级（报告可能没有“一、（一）1.”之类的编号）。")
    else:
        config = {"大纲": st.column_config.TextColumn("大纲", width="large")}
        widgets.show_table(
            rows[["大纲", "类型"]], "报告大纲", key="rp_outline", column_config=config
        )
    st.markdown("##### 举措")
    only = st.toggle("只看举措（不含成效、问题、打算等条目）", value=True, key="rp_only_measures")
    items = measures[measures["类型"] == "举措"] if only else measures
    if items.empty:
        st.info("没有识别出举措。")
        return
    event = st.dataframe(
        items[["举措", "类型", "所在章节", "主题", "层级"]].reset_index(drop=True),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="rp_measures",
        column_config=MEASURE_COLUMNS,
    )
    widgets.table_downloads(items.drop(columns=[tables.POS, "结束"]), "举措", key="rp_measures_dl")
    picked = event.selection.rows if event is not None else []
    if not picked:
        st.caption("选中表格中的一行，查看该举措的全文和它在原文中的位置。")
        return
    m = items.iloc[picked[0]]
    with st.container(border=True):
        st.markdown(f"**{escape.markdown(m['举措'])}**")
        if m["所在章节"]:
            st.caption(escape.markdown(f"所在章节：{m['所在章节']}"))
        st.markdown(escape.markdown(m["全文"]))
        st.button(
            "在原文中定位",
            icon=":material/my_location:",
            key="rp_jump_btn",
            on_click=flows.show_place,
            args=(rid, int(m[tables.POS]), int(m["结束"]), f"举措：{m['举措']}"),
        )


def indicators_tab(corpus: Corpus, rid: int) -> None:
    """The numbers of the report: subject, value, unit, category, approximate or redacted."""
    frame = tables.indicators_frame(corpus.subset([rid]))
    if frame.empty:
        st.info("没有找到数字指标。")
        return
    redacted = int(frame["脱敏"].sum())
    st.caption(f"共 {len(frame)} 个指标，其中 {redacted} 个数字已脱敏（只计数，不取值）。")
    shown = frame.drop(columns=[tables.ID, tables.LABEL, tables.POS])
    shown["数值"] = indicator_values(frame)
    config = {"句子": st.column_config.TextColumn(width="large")}
    widgets.show_table(shown, "数字指标", key="rp_indicators", column_config=config)


def formulations_tab(corpus: Corpus, a: Analysis) -> None:
    """Formulations of the report, with how many reports of the selection use them."""
    if not a.formulations:
        st.info("没有找到提法。")
        return
    rows = formulation_rows(a, data.formulations(corpus))
    widgets.show_table(rows, "提法", key="rp_formulations")


def keywords_tab(a: Analysis) -> None:
    """Keywords by frequency or TextRank: bar chart, word cloud and frequent phrases."""
    lex = data.get_lexicon()
    officialese = filters.officialese_on()
    method = st.radio(
        "排序方式",
        ["词频", "TextRank"],
        horizontal=True,
        key="rp_kw_method",
        help="TextRank 按词语在文中的关联程度排序，能找出出现不多但处于核心的词。",
    )
    if method == "TextRank":
        kws = textrank_keywords(lex, a.cleaned.text, n=150, officialese=officialese)
    else:
        kws = top_keywords(a.term_counts, a.chars, lex, n=150, officialese=officialese)
    if not kws:
        st.info("没有可显示的关键词。")
        return
    top = pd.DataFrame(
        [(k.term, k.count, k.weight) for k in kws[:20]], columns=["term", "count", "per10k"]
    )
    c1, c2 = st.columns([2, 3])
    with c1:
        widgets.show_chart(keyword_figure(top, f"前 20 个关键词（{method}）"), "关键词")
    with c2:
        freqs = {k.term: float(k.count if method == "词频" else k.weight) for k in kws}
        widgets.show_wordcloud(freqs, "报告词云", key="rp_cloud")
    phrases = frequent_phrases(a.bigram_counts, n=30, lex=lex, officialese=officialese)
    if phrases:
        st.markdown("##### 高频词组")
        rows = [(p.term.replace(" ", ""), p.count) for p in phrases]
        frame = pd.DataFrame(rows, columns=["词组", "次数"])
        widgets.show_table(frame, "高频词组", key="rp_phrases")
