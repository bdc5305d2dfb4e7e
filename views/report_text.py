"""报告详情's text tab: the report with the chosen themes' hits highlighted, and the place another
page or a measure asked to show (user text escaped; only the highlight directives are Markdown)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.core.models import Analysis
from analysis.corpus.report_view import context_markdown, hit_spans
from analysis.corpus.search import highlight_markdown
from analysis.text.themes import ThemeDictionary
from views import theme_data, widgets

# Streamlit background colours for theme highlights, one per highlighted theme.
HIGHLIGHT_COLORS = ("orange", "blue", "green", "violet", "red", "gray")
JUMP_COLOR = "orange"
MAX_TEXT_CHARS = 40_000  # longer reports are shown up to here (the jump view reaches anywhere)
EVIDENCE_COLUMNS = {
    "命中词": st.column_config.TextColumn(width="small"),
    "证据句": st.column_config.TextColumn(width="large"),
}


def jump_box(rid: int, text: str) -> None:
    """The place asked for (a search hit, a measure), highlighted in its context, with a close button."""
    jump = st.session_state.get("report_jump")
    if not jump or jump[0] != rid:
        return
    _, start, end, what = jump
    with st.container(border=True):
        c1, c2 = st.columns([5, 1])
        c1.markdown(f":material/my_location: **{escape.markdown(what)}**（第 {start + 1} 字处）")
        if c2.button("关闭", key="rp_jump_close", icon=":material/close:"):
            st.session_state.pop("report_jump", None)
            st.rerun()
        st.markdown(context_markdown(text, start, end, JUMP_COLOR))


def text_tab(
    rid: int, a: Analysis, scores: pd.DataFrame, evidence: pd.DataFrame, d: ThemeDictionary
) -> None:
    """The report text with the chosen themes' hits highlighted, the jump target first."""
    text = a.cleaned.text
    jump_box(rid, text)
    ranked = scores.sort_values("得分", ascending=False)
    default = [t for t in ranked[ranked["命中次数"] > 0]["主题"].head(3) if t in d.names]
    chosen = st.multiselect(
        "高亮主题（最多 6 个）",
        list(d.names),
        default=default,
        max_selections=len(HIGHLIGHT_COLORS),
        key=f"rp_hl_{rid}",
    )
    colors = dict(zip(chosen, HIGHLIGHT_COLORS, strict=False))
    if chosen:
        legend = "　".join(f":{c}-background[{escape.markdown(t)}]" for t, c in colors.items())
        st.markdown(f"图例：{legend}")
    hits = evidence[evidence["主题"].isin(chosen)]
    body = highlight_markdown(text, hit_spans(text, hits, colors), limit=MAX_TEXT_CHARS)
    with st.container(height=620, border=True):
        st.markdown(body or "（正文为空）")
        if len(text) > MAX_TEXT_CHARS:
            st.caption(f"报告较长，只显示前 {MAX_TEXT_CHARS:,} 字。")
    with st.expander(f"命中证据（{len(hits)} 句）", icon=":material/format_quote:"):
        rows = theme_data.evidence_sentences(hits)[["主题", "命中词", "证据句"]]
        widgets.show_table(rows, "主题证据", key="rp_evidence", column_config=EVIDENCE_COLUMNS)
