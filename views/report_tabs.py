"""报告详情's tabs on the report's structure: outline and measures, indicators, formulations,
keywords."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.models import Analysis
from analysis.corpus import tables
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import (
    formulation_rows,
    indicator_places,
    indicator_values,
    measure_places,
)
from analysis.output.charts.corpus import keyword_figure
from analysis.output.labels import labelled, labelled_config
from analysis.service import keywords
from views import data, filters, org_filter, report_rows, selection, widgets

MEASURE_COLUMNS = labelled_config(  # pixel widths, stretched in proportion
    {
        "item": st.column_config.TextColumn(width=360),
        "item_kind": st.column_config.TextColumn(width=60),
        "section": st.column_config.TextColumn(width=170),
        "themes": st.column_config.TextColumn(width=150),
        "level": st.column_config.NumberColumn(width=50),
    },
    "items",
)


def outline_tab(corpus: Corpus, rid: int, a: Analysis, measures: pd.DataFrame) -> None:
    """The outline as an indented tree, and the measures with full text and a jump to the text."""
    st.markdown("##### 报告大纲")
    rows = tables.outline_rows(a.structure.outline)
    if rows.empty:
        st.info("没有识别出标题层级（报告可能没有“一、（一）1.”之类的编号）。")
    else:
        config = labelled_config({"outline": st.column_config.TextColumn(width="large")})
        shown = labelled(rows[["outline", "section_kind"]], "outline")
        widgets.show_table(shown, "报告大纲", key="rp_outline", column_config=config)
    st.markdown("##### 举措")
    only = st.toggle("只看举措（不含成效、问题、打算等条目）", value=True, key="rp_only_measures")
    items = tables.practice_rows(measures) if only else measures
    if items.empty:
        st.info("没有识别出举措。")
        return
    shown = items.reset_index(drop=True)
    places = measure_places(shown)
    report_rows.show(
        labelled(shown[["item", "item_kind", "section", "themes", "level"]], "items"),
        places,
        corpus,
        "举措",
        "rp_measures",
        here=True,
        download=labelled(shown.drop(columns=[tables.POS, "end"]), "items"),
        column_config=MEASURE_COLUMNS,
    )


def indicators_tab(corpus: Corpus, rid: int) -> None:
    """The numbers of the report: subject, value, unit, category, approximate or redacted."""
    frame = tables.indicators_frame(corpus.subset([rid]))
    if frame.empty:
        st.info("没有找到数字指标。")
        return
    redacted = int(frame["redacted"].sum())
    st.caption(f"共 {len(frame)} 个指标，其中 {redacted} 个数字已脱敏（只计数，不取值）。")
    shown = frame.drop(columns=[tables.ID, tables.LABEL, tables.POS])
    shown["value"] = indicator_values(frame)
    places = indicator_places(frame)
    config = labelled_config({"sentence": st.column_config.TextColumn(width=400)}, "indicators")
    shown = labelled(shown, "indicators")
    report_rows.show(
        shown, places, corpus, "数字指标", "rp_indicators", here=True, column_config=config
    )


def formulations_tab(a: Analysis, selection_formulations: pd.DataFrame) -> None:
    """Formulations of the report, with how many reports of the selection use them
    (`selection_formulations`: tables.formulations_frame of the filtered reports)."""
    if not a.formulations:
        st.info("没有找到提法。")
        return
    rows = formulation_rows(a, selection_formulations)
    widgets.show_table(labelled(rows), "提法", key="rp_formulations")


def hidden_names(corpus: Corpus, rid: int) -> frozenset[str]:
    """The organization names of report `rid` (in `corpus`, loaded with it) kept out of its
    keywords (none when the sidebar switch 显示机构名称 is on): views/org_filter.py."""
    return org_filter.report_hidden_names(corpus, rid)


BY_COUNT, BY_LINKS = "按出现次数", "按关联程度"  # the second is TextRank (方法说明 on 支部对比)


def keywords_tab(corpus: Corpus, a: Analysis, rid: int | None = None) -> None:
    """Keywords by frequency or by TextRank (按关联程度): bar chart, word cloud and frequent phrases; the
    report's organization names left out unless the sidebar switch shows them."""
    rid = int(st.session_state[selection.REPORT_KEY]) if rid is None else rid
    hidden = hidden_names(corpus, rid)
    lex = data.get_lexicon()
    officialese = filters.officialese_on()
    method = st.radio(
        "排序方式",
        [BY_COUNT, BY_LINKS],
        horizontal=True,
        key="rp_kw_method",
        help="按关联程度：常和其他关键词一起出现的词排在前面，能找出出现不多但处于核心的词。",
    )
    if method == BY_LINKS:
        ranked = keywords.textrank_keywords(
            lex, a.cleaned.text, n=150 + len(hidden), officialese=officialese
        )
        kws = tuple(k for k in ranked if k.term not in hidden)[:150]
    else:
        kws = keywords.top_keywords(
            a.term_counts, a.chars, lex, n=150, officialese=officialese, exclude=hidden
        )
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
        freqs = {k.term: float(k.count if method == BY_COUNT else k.weight) for k in kws}
        widgets.show_wordcloud(freqs, "报告词云", key="rp_cloud")
    phrases = keywords.frequent_phrases(
        a.bigram_counts, n=30 + len(hidden), lex=lex, officialese=officialese
    )
    rows = [
        (p.term.replace(" ", ""), p.count) for p in phrases if not set(p.term.split(" ")) & hidden
    ][:30]
    if rows:
        st.markdown("##### 高频词组")
        frame = pd.DataFrame(rows, columns=["词组", "次数"])
        widgets.show_table(frame, "高频词组", key="rp_phrases")
