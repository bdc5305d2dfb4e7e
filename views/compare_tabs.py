"""支部对比 › 总体, 主题, 提法: the similarity and summary, the theme profiles with evidence,
and the formulations each side uses. User text is escaped for Markdown everywhere it is shown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.escape import markdown as md
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.explain import reading
from analysis.corpus.compare.summary import SIMILARITY_PARTS
from analysis.corpus.compare.theme_contrast import top_theme_differences
from analysis.corpus.compare.word_contrast import similarity_label
from analysis.output import comparison_frames as frames
from analysis.output.briefing import comparison_tables, formulation_columns
from analysis.output.charts import comparison as charts
from analysis.output.charts.style import for_screen
from views import widgets
from views.compare_notes import note
from views.compare_sides import side_md


def similarity_text(threshold: float) -> str:
    """What the overall similarity and its four parts mean, one plain sentence each."""
    parts = "\n".join(f"- {reading(k)}" for k in SIMILARITY_PARTS)
    return (
        f"{reading('similarity')}四项分别是：\n\n{parts}\n\n"
        f"做法配对的文字相似度阈值为 {threshold:.2f}，可在「举措」页调整。"
    )


def overall_tab(c: Comparison, same: bool) -> None:
    """Similarity score, what it means, its parts, and the generated summary."""
    if same:
        st.info(
            "A、B 两方是同一组报告：相似度为 1，没有区分词。请选择不同的支部或分组进行对比。",
            icon=":material/info:",
        )
    m1, m2 = st.columns([1, 3])
    m1.metric(
        "总体相似度",
        f"{c.similarity:.2f}",
        similarity_label(c.similarity),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    m2.markdown(similarity_text(c.measures.threshold))
    numbers = (c.similarity, tuple(c.similarity_parts.items()))
    widgets.show_shared_chart(charts.similarity_bars, numbers, f"{c.label_a}_{c.label_b}_相似度")
    note("similarity_parts")
    st.subheader("对比小结")
    note("summary")
    st.markdown("\n".join(f"- {md(s)}" for s in c.summary))


def _evidence_expanders(c: Comparison, top: pd.DataFrame) -> None:
    """One expander per differing theme with every evidence sentence of both sides."""
    for r in top.itertuples():
        head = f"{r.theme}：{c.label_a} {r.score_a:.1f} · {c.label_b} {r.score_b:.1f}"
        with st.expander(md(head), icon=":material/format_quote:"):
            for col, side, label in zip(st.columns(2), "AB", (c.label_a, c.label_b), strict=True):
                rows = frames.theme_evidence(c, str(r.theme), side)
                col.markdown(side_md(side, label))
                if not rows:
                    col.caption("没有写到这个主题的句子。")
                for term, sentence in rows:
                    col.markdown(f"- {md(sentence)}（{md(term)}）")


def themes_tab(c: Comparison) -> None:
    """Radar of both theme profiles; the themes that differ most with evidence from each side."""
    if c.themes.table.empty:
        st.info("主题词典为空，请在「主题探索」页面添加主题。")
        return
    widgets.show_chart(for_screen(charts.radar(c)), f"{c.label_a}_{c.label_b}_主题雷达")
    note("theme_score")
    st.subheader("差别最大的主题")
    top = top_theme_differences(c.themes.table, 6)
    if top.empty:
        st.caption("两方各主题得分相同。")
        return
    wide = st.column_config.TextColumn(width="large")
    widgets.show_table(
        frames.theme_differences(c, 6),
        f"{c.label_a}_{c.label_b}_主题差异",
        "cmp_themes",
        column_config={f"{c.label_a}证据": wide, f"{c.label_b}证据": wide},
    )
    st.caption(f"{reading('theme_score')}证据为各方写到该主题的第一句，完整证据见下。")
    _evidence_expanders(c, top)
    with st.expander("全部证据句（表格）", icon=":material/table:"):
        note("theme_evidence")
        table = comparison_tables(c)["主题证据"]
        widgets.show_table(table, f"{c.label_a}_{c.label_b}_主题证据", "cmp_evidence")


def formulations_tab(c: Comparison) -> None:
    """Formulations used by both, only A, only B."""
    note("formulation_lists")
    groups = list(formulation_columns(c).items())
    for col, (name, terms), side in zip(st.columns(3), groups, ("", "A", "B"), strict=True):
        with col:
            head = f"{name}（{len(terms)}）"
            st.markdown(side_md(side, head) if side else f"**{md(head)}**")
            if terms:
                st.dataframe(pd.DataFrame({"提法": terms}), hide_index=True, width="stretch")
            else:
                st.caption("（无）")
    with st.expander("提法次数明细", icon=":material/table:"):
        note("formulation_counts")
        table = comparison_tables(c)["提法"]
        widgets.show_table(table, f"{c.label_a}_{c.label_b}_提法", "cmp_forms")
