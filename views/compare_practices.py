"""支部对比 › 举措, 数字: practice pairs in two tiers (共有的做法 / 可能相近的做法, each with its
similarity) under a threshold, what only one side does, and the indicators per subject side by
side (redacted figures shown as 已脱敏, their totals as —)."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown as md
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.measure_alignment import (
    TIER_POSSIBLE,
    TIER_RULE,
    TIER_STRONG,
    TIER_TEXT,
)
from analysis.output import comparison_frames as frames
from analysis.output.charts import comparison as charts
from analysis.output.charts.style import for_screen
from views import widgets
from views.compare_notes import note
from views.compare_sides import side_md

THRESHOLD_KEY = "cmp_threshold"
THRESHOLD_HELP = (
    "两项做法的标题和正文用字越接近，相似度越高（0 到 1）。达到这个阈值才配成一对；"
    "调低会配出更多对，调高只留非常接近的。"
)
TIER_EMPTY = {
    TIER_STRONG: "没有共有的做法：没有文字相同的做法，也没有文字高度相近且正文说的是同一件事的做法。",
    TIER_POSSIBLE: "没有只是部分相近的做法（相似度达到 {low:.2f}，且有共同的实质词语）。",
}
TIER_HINT = {
    TIER_STRONG: f"{TIER_RULE[TIER_STRONG]}：可以认为双方都有这项做法。",
    TIER_POSSIBLE: f"{TIER_RULE[TIER_POSSIBLE]}。",
}


def pairs_section(c: Comparison, tier: str) -> None:
    """One tier's pairs with their similarity, or why there are none."""
    m = c.measures
    df = frames.practice_pairs(c, tier)
    st.subheader(f"{TIER_TEXT[tier]}（{len(df)} 对）")
    if df.empty:
        st.caption(TIER_EMPTY[tier].format(strong=m.strong_threshold, low=m.threshold))
        return
    st.caption(TIER_HINT[tier])
    bar = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f")
    name = f"{c.label_a}_{c.label_b}_{TIER_TEXT[tier]}"
    widgets.show_table(df, name, f"cmp_pairs_{tier}", column_config={"相似度": bar})


def measures_tab(c: Comparison) -> None:
    """Practice pairs in two tiers (threshold slider) and what only one side does."""
    st.slider(
        "做法配对的文字相似度阈值",
        min_value=0.05,
        max_value=0.9,
        step=0.01,
        key=THRESHOLD_KEY,
        help=THRESHOLD_HELP,
    )
    m = c.measures
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(TIER_TEXT[TIER_STRONG], f"{len(m.strong)} 对", border=True)
    k2.metric(TIER_TEXT[TIER_POSSIBLE], f"{len(m.possible)} 对", border=True)
    k3.metric(md(f"只有 {c.label_a} 有"), f"{len(m.only_a)} 项", border=True)
    k4.metric(md(f"只有 {c.label_b} 有"), f"{len(m.only_b)} 项", border=True)
    note("pairs")
    pairs_section(c, TIER_STRONG)
    if m.threshold < m.strong_threshold:  # else every pair is strong: no middle tier
        pairs_section(c, TIER_POSSIBLE)
    st.subheader("对方有、我方没有的做法")
    note("best_similarity")
    for col, side, label in zip(st.columns(2), "AB", (c.label_a, c.label_b), strict=True):
        with col:
            st.markdown(f"只有 {side_md(side, label)} 有")
            df = frames.only_practices(c, side)
            if df.empty:
                st.caption("没有：每项做法在对方都有相近的。")
                continue
            best = st.column_config.NumberColumn(format="%.2f", width="small")
            key = f"cmp_only_{side}"
            widgets.show_table(df, f"只有{label}有的举措", key, column_config={"最高相似度": best})


def numbers_tab(c: Comparison) -> None:
    """Indicators per subject side by side; redacted figures shown as 已脱敏, their totals —."""
    if c.numbers.empty:
        st.info("两方都没有提取到数字指标。")
        return
    a, b = c.label_a, c.label_b
    widgets.show_chart(for_screen(charts.number_bars(c)), f"{a}_{b}_数字指标")
    note("number_counts")
    wide = st.column_config.TextColumn(width="large")
    widgets.show_table(
        frames.number_table(c),
        f"{a}_{b}_数字指标对比",
        "cmp_numbers",
        column_config={a: wide, b: wide},
    )
    note("numbers", "number_units")
    with st.expander("每一项指标", icon=":material/pin:"):
        note("number_details")
        widgets.show_table(frames.number_details(c), f"{a}_{b}_数字指标明细", "cmp_number_details")
