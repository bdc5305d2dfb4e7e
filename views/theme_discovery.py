"""主题探索's discovery tabs: topics found in the texts themselves (NMF) and the keyword
co-occurrence network."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.corpus.passages import MEASURES, PARAGRAPHS
from views import admin, filters, theme_data, theme_editor, widgets

EXAMPLE_CHARS = 300  # of each example passage


def topics_section(ids: list[int], theme: str) -> None:
    """Topics found from the texts themselves, each with terms and example passages."""
    st.subheader("从语料中发现的主题")
    st.caption("用主题模型从报告文本中自动归纳，帮助发现词典中还没有的主题。")
    c1, c2 = st.columns(2)
    unit = c1.radio("分析单位", [MEASURES, PARAGRAPHS], horizontal=True, key="th_topic_unit")
    n = c2.slider("主题数", 3, 12, 6, key="th_topic_n")
    topics = theme_data.topics(ids, unit, n)
    if not topics:
        st.info("文本太少，无法归纳主题。请增加报告或改用“段落”为单位。")
        return
    summary = pd.DataFrame(
        [(i + 1, "、".join(t.terms), round(100 * t.share, 1)) for i, t in enumerate(topics)],
        columns=["序号", "关键词", "占比（%）"],
    )
    widgets.show_table(summary, "发现的主题", key="th_topics")
    writable = admin.can_write()
    for i, t in enumerate(topics):
        with st.expander(f"主题 {i + 1}：{escape.markdown(t.label)}（占 {100 * t.share:.0f}%）"):
            st.markdown("**关键词**：" + escape.markdown("、".join(t.terms)))
            for ex in t.examples:
                cut = ex[:EXAMPLE_CHARS] + ("…" if len(ex) > EXAMPLE_CHARS else "")
                st.markdown("> " + escape.markdown(cut))
            if writable:
                key = f"th_topic_terms_{i}"
                st.multiselect(f"把这些词加入主题「{escape.markdown(theme)}」", t.terms, key=key)
                st.button(
                    "加入",
                    key=f"th_topic_add_{i}",
                    icon=":material/add:",
                    on_click=theme_editor.add_words,
                    args=(theme, key),
                )


def network_section(ids: list[int]) -> None:
    """The keyword co-occurrence network (KH Coder style) of the chosen reports."""
    st.subheader("关键词共现网络")
    c1, c2 = st.columns(2)
    top_terms = c1.slider("关键词数", 20, 120, 60, step=10, key="th_net_terms")
    top_edges = c2.slider("连线数", 30, 300, 120, step=10, key="th_net_edges")
    nodes, edges, figure = theme_data.network(ids, filters.officialese_on(), top_terms, top_edges)
    if figure is None:
        st.info("文本太少，画不出共现网络。")
        return
    widgets.show_dressed(figure, "关键词共现网络")
    st.caption("圆点越大，出现的句子越多；同色为联系紧密的一组词；线越粗，两个词越常在同一句出现。")
    with st.expander("网络数据（节点与连线）", icon=":material/hub:"):
        widgets.show_table(
            nodes.rename(columns={"term": "关键词", "count": "句数", "community": "群组"}),
            "共现网络节点",
            key="th_nodes",
        )
        widgets.show_table(
            edges.rename(columns={"source": "词1", "target": "词2", "jaccard": "关联度"}),
            "共现网络连线",
            key="th_edges",
        )
