"""主题探索: one theme across branches (scores, coded measures, evidence), topics discovered from
the corpus, the keyword co-occurrence network, and in-page editing of the theme dictionary."""

from __future__ import annotations

import streamlit as st

from analysis.core import escape
from analysis.corpus import tables
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import hit_places, measure_places
from analysis.corpus.theme_view import branch_ranking, coded_practices
from analysis.output.charts.corpus import theme_branch_figure
from analysis.service import ThemeDictionary
from views import (
    admin,
    filters,
    flows,
    report_rows,
    selection,
    theme_data,
    theme_discovery,
    theme_editor,
    widgets,
)

TABS = ["主题分析与词典", "发现新主题", "共现网络"]
# Pixel widths that fit a 1366-px screen; wider screens stretch them in proportion.
EVIDENCE_COLUMNS = {
    tables.LABEL: st.column_config.TextColumn(width=130),
    "命中词": st.column_config.TextColumn(width=80),
    "证据句": st.column_config.TextColumn(width=620),
}
MEASURE_COLUMNS = {
    tables.LABEL: st.column_config.TextColumn(width=110),
    "举措": st.column_config.TextColumn(width=180),
    "所在章节": st.column_config.TextColumn(width=80),
    "主题": st.column_config.TextColumn(width=100),
    "全文": st.column_config.TextColumn(width=390),
}


def theme_section(
    corpus: Corpus, frames: tables.ThemeFrames, d: ThemeDictionary, theme: str
) -> None:
    """Bar chart of branches, the measures coded to the theme, and its evidence."""
    t = d.get(theme)
    if t.description:
        st.caption(escape.markdown(t.description))
    rates, hits = branch_ranking(frames["scores"], theme)
    widgets.show_chart(theme_branch_figure(rates, hits, theme), f"主题_{theme}_支部得分")
    coded = coded_practices(frames["measures"], theme)
    st.markdown(f"##### 归入该主题的举措（{len(coded)} 条）")
    if coded.empty:
        st.caption("没有举措以该主题为主。")
    else:
        shown = coded[[tables.LABEL, "举措", "所在章节", "主题", "全文"]]
        places = measure_places(coded)
        report_rows.show(
            shown, places, corpus, f"主题举措_{theme}", "th_measures", column_config=MEASURE_COLUMNS
        )
    spans = frames["evidence"][frames["evidence"]["主题"] == theme]
    st.markdown(f"##### 证据句（{len(spans)} 句）")
    if spans.empty:
        st.caption("没有句子命中该主题。")
    else:
        rows = theme_data.evidence_sentences(spans)[[tables.LABEL, "命中词", "证据句"]]
        texts = {rid: corpus.analyses[rid].cleaned.text for rid in set(spans[tables.ID])}
        places = hit_places(spans, texts)
        report_rows.show(
            rows, places, corpus, f"主题证据_{theme}", "th_evidence", column_config=EVIDENCE_COLUMNS
        )


st.title("主题探索")
flows.follow_open_report()
flows.show_flashes(theme_editor.MESSAGES)
if not filters.empty_state():
    corpus = filters.filtered_corpus()
    d = theme_data.get_theme_dictionary()
    frames = theme_data.theme_tables(corpus.ids, d)
    if not d.names:
        st.info("主题词典是空的，请新建主题并添加关键词。")
        if admin.can_write():
            theme_editor.new_theme_form()
    else:
        theme = selection.select(st, "选择主题", list(d.names), selection.THEME_KEY)
        tab_theme, tab_topics, tab_net = st.tabs(TABS, key="th_tab", on_change="rerun")
        with tab_theme:
            if tab_theme.open:
                theme_section(corpus, frames, d, theme)
                evidence = frames["evidence"][frames["evidence"]["主题"] == theme]
                theme_editor.editor_section(d, theme, evidence)
        with tab_topics:
            if tab_topics.open:
                theme_discovery.topics_section(corpus.ids, theme)
        with tab_net:
            if tab_net.open:
                theme_discovery.network_section(corpus.ids)
