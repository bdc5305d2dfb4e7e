"""支部对比 › 举措, 数字: aligned practice pairs under a similarity threshold, what only one side
does, and the indicators by category side by side (redacted figures shown as 已脱敏)."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown as md
from analysis.corpus.compare import REDACTED, Comparison
from analysis.output import comparison_frames as frames
from analysis.output.briefing import comparison_tables
from analysis.output.charts import comparison as charts
from analysis.output.charts.style import for_screen
from views import common
from views.compare_sides import side_md

THRESHOLD_KEY = "cmp_threshold"
THRESHOLD_HELP = (
    "两条举措的标题和正文（字符 n-gram TF-IDF 余弦）相似度达到阈值，就算同一类做法。"
    "调低会配出更多对，调高只留非常接近的。"
)


def measures_tab(c: Comparison) -> None:
    """Aligned measure pairs (threshold slider) and what only one side does."""
    st.slider(
        "相近做法的文本相似度阈值",
        min_value=0.05,
        max_value=0.9,
        step=0.01,
        key=THRESHOLD_KEY,
        help=THRESHOLD_HELP,
    )
    m = c.measures
    k1, k2, k3 = st.columns(3)
    k1.metric("相近做法", f"{len(m.pairs)} 对", border=True)
    k2.metric(md(f"只有 {c.label_a} 有"), f"{len(m.only_a)} 项", border=True)
    k3.metric(md(f"只有 {c.label_b} 有"), f"{len(m.only_b)} 项", border=True)
    st.subheader("相近的做法")
    if m.pairs.empty:
        st.caption("在当前阈值下没有相近的做法。")
    else:
        bar = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f")
        pairs = comparison_tables(c)["相近举措"]
        name = f"{c.label_a}_{c.label_b}_相近举措"
        common.show_table(pairs, name, "cmp_pairs", column_config={"相似度": bar})
    st.subheader("对方有、我方没有的做法")
    for col, side, label in zip(st.columns(2), "AB", (c.label_a, c.label_b), strict=True):
        with col:
            st.markdown(f"只有 {side_md(side, label)} 有")
            df = frames.only_practices(c, side)
            if df.empty:
                st.caption("没有：每项做法在对方都有相近的。")
                continue
            best = st.column_config.NumberColumn(format="%.2f", width="small")
            key = f"cmp_only_{side}"
            common.show_table(df, f"只有{label}有的举措", key, column_config={"最高相似度": best})


def numbers_tab(c: Comparison) -> None:
    """Indicators by category side by side; redacted figures shown as 已脱敏."""
    if c.numbers.empty:
        st.info("两方都没有提取到数字指标。")
        return
    a, b = c.label_a, c.label_b
    common.show_chart(for_screen(charts.number_bars(c)), f"{a}_{b}_数字指标")
    wide = st.column_config.TextColumn(width="large")
    common.show_table(
        frames.number_table(c),
        f"{a}_{b}_数字指标对比",
        "cmp_numbers",
        column_config={a: wide, b: wide},
    )
    st.caption(
        f"打了星号、叉号的数字记为「{REDACTED}」，不参与合计；资金统一折算为万元，比率取平均。"
    )
    with st.expander("每一项指标", icon=":material/pin:"):
        common.show_table(frames.number_details(c), f"{a}_{b}_数字指标明细", "cmp_number_details")
