"""主题探索: one theme across branches (scores, coded measures, evidence), topics discovered from
the corpus, the keyword co-occurrence network, and in-page editing of the theme dictionary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.corpus import tables
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import Place
from analysis.output.labels import labelled, labelled_config
from analysis.service import ThemeDictionary
from views import (
    admin,
    filters,
    flows,
    report_rows,
    selection,
    table_pages,
    theme_data,
    theme_discovery,
    theme_editor,
    widgets,
)

TABS = ["主题分析与词典", "发现新主题", "共现网络"]
# Pixel widths that fit a 1366-px screen; wider screens stretch them in proportion.
EVIDENCE_COLUMNS = labelled_config(
    {
        tables.LABEL: st.column_config.TextColumn(width=130),
        "term": st.column_config.TextColumn(width=80),
        "evidence": st.column_config.TextColumn(width=620),
    }
)
MEASURE_COLUMNS = labelled_config(
    {
        tables.LABEL: st.column_config.TextColumn(width=110),
        "item": st.column_config.TextColumn(width=180),
        "section": st.column_config.TextColumn(width=80),
        "themes": st.column_config.TextColumn(width=100),
        "text": st.column_config.TextColumn(width=390),
    },
    "items",
)


def paged_rows(
    rows: pd.DataFrame,
    places: Sequence[Place],
    corpus: Corpus,
    name: str,
    key: str,
    table: str | None = None,
    **kwargs: Any,
) -> None:
    """A long table a page at a time (`rows` with English keys, shown in Chinese: labels table
    `table`); its downloads hold every row."""
    rows = labelled(rows, table)
    shown, table_key = table_pages.pick_page(len(rows), key)
    report_rows.show(
        rows.iloc[shown], places[shown], corpus, name, table_key, download=rows, **kwargs
    )


def theme_section(corpus: Corpus, d: ThemeDictionary, theme: str) -> theme_data.ThemeView:
    """Bar chart of branches, the measures coded to the theme, and its evidence (built once for
    every session: theme_data.theme_view); returns the view for the editor."""
    t = d.get(theme)
    if t.description:
        st.caption(escape.markdown(t.description))
    view = theme_data.theme_view(corpus.ids, d, theme)
    widgets.show_dressed(view.ranking, f"主题_{theme}_支部得分")
    st.markdown(f"##### 归入该主题的举措（{len(view.measures)} 条）")
    if view.measures.empty:
        st.caption("没有举措以该主题为主。")
    else:
        paged_rows(
            view.measures,
            view.measure_places,
            corpus,
            f"主题举措_{theme}",
            "th_measures",
            "items",
            column_config=MEASURE_COLUMNS,
        )
    st.markdown(f"##### 证据句（{len(view.evidence)} 句）")
    if view.evidence.empty:
        st.caption("没有句子命中该主题。")
    else:
        paged_rows(
            view.evidence,
            view.evidence_places,
            corpus,
            f"主题证据_{theme}",
            "th_evidence",
            column_config=EVIDENCE_COLUMNS,
        )
    return view


st.title("主题探索")
flows.follow_open_report()
flows.show_flashes(theme_editor.MESSAGES)
if not filters.empty_state():
    corpus = filters.filtered_corpus()
    d = theme_data.get_theme_dictionary()
    if not d.names:
        st.info("主题词典是空的，请新建主题并添加关键词。")
        if admin.can_write():
            theme_editor.new_theme_form()
    else:
        theme = selection.select(st, "选择主题", list(d.names), selection.THEME_KEY)
        tab_theme, tab_topics, tab_net = st.tabs(TABS, key="th_tab", on_change="rerun")
        with tab_theme:
            if tab_theme.open:
                view = theme_section(corpus, d, theme)
                theme_editor.editor_section(d, theme, view.spans)
        with tab_topics:
            if tab_topics.open:
                theme_discovery.topics_section(corpus.ids, theme)
        with tab_net:
            if tab_net.open:
                theme_discovery.network_section(corpus.ids)
