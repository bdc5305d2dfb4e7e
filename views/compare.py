"""支部对比: two sides (a branch, or a group by organization/year/kind) side by side — overall
similarity and summary, words, themes, measures, numbers, formulations — and the exports.

A is always on the left in SIDE_COLORS["A"], B on the right in SIDE_COLORS["B"]. User text is shown
as plain text (tables) or escaped Markdown; plotly labels are escaped by the figure builders
(analysis.output.charts). Each tab is drawn by a helper module: compare_tabs (总体, 主题, 提法),
compare_words (词语), compare_practices (举措, 数字), compare_export (导出); compare_notes holds
the plain sentence under each chart and the 方法说明 expander (the only place naming a method).
"""

from __future__ import annotations

import streamlit as st

from analysis.corpus.compare.comparison import realign
from analysis.corpus.compare.measure_alignment import DEFAULT_THRESHOLD
from views import compare_yearly, data, filters, nearest, search_data
from views.compare_export import export_tab
from views.compare_notes import methods_expander
from views.compare_practices import THRESHOLD_KEY, measures_tab, numbers_tab
from views.compare_sides import pick_sides, sides_header
from views.compare_tabs import formulations_tab, overall_tab, themes_tab
from views.compare_words import words_tab

TABS = ("总体", "词语", "主题", "举措", "数字", "提法", "导出")

# A widget's value is dropped on a run that does not draw it (lazy tabs); re-assigning it here
# keeps the threshold when the user leaves the 举措 tab.
if THRESHOLD_KEY in st.session_state:
    st.session_state[THRESHOLD_KEY] = st.session_state[THRESHOLD_KEY]


def show(corpus) -> None:
    """The whole page for a non-empty corpus."""
    picked = pick_sides(corpus.reports)
    if picked is None:
        return
    ids_a, ids_b, label_a, label_b = picked
    if not ids_a or not ids_b:
        st.info("有一方没有报告，请重新选择。")
        return
    c = search_data.get_comparison(ids_a, ids_b, label_a, label_b)
    threshold = float(st.session_state.setdefault(THRESHOLD_KEY, DEFAULT_THRESHOLD))
    if abs(threshold - c.measures.threshold) > 1e-9:
        c = realign(c, threshold)
    same = set(ids_a) == set(ids_b)
    sides_header(c)
    if st.session_state.get("cmp_by") == "branch":  # side A's most similar branches (issue 20)
        nearest.section(str(st.session_state.get("cmp_a_branch", "")), key="cmp_near")
    if st.session_state.get("cmp_by") == "year":  # one branch, year over year (issue 29)
        compare_yearly.section(data.get_corpus(), ids_a, ids_b)
    tabs = st.tabs(TABS, key="cmp_tab", on_change="rerun")
    full = data.get_corpus()
    draw = (
        lambda: overall_tab(c, same),
        lambda: words_tab(c, full, same),
        lambda: themes_tab(c),
        lambda: measures_tab(c),
        lambda: numbers_tab(c),
        lambda: formulations_tab(c),
        lambda: export_tab(c),
    )
    for tab, fn in zip(tabs, draw, strict=True):
        with tab:
            if tab.open:
                fn()
    methods_expander()


st.title("支部对比")
if not filters.empty_state():
    show(filters.filtered_corpus())
