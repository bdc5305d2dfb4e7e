"""报告详情's text tab: the report with the chosen themes' hits highlighted (a colour and a legend
entry per theme), the place another page or a measure asked to show, and the evidence sentences.

The text is HTML built by analysis.corpus.highlight: every character of it escaped, the only
markup our own paragraphs and marks (st.html, which renders no Markdown and no script)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.core.palette import HIGHLIGHT_COLORS
from analysis.corpus.highlight import context_html, legend_html, mark_style, marked_html
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import hit_marks, hit_places
from analysis.corpus.tables import with_sentences
from analysis.output.labels import labelled, labelled_config
from analysis.service import ThemeDictionary
from views import report_rows

MAX_TEXT_CHARS = 40_000  # longer reports are shown up to here (the jump view reaches anywhere)
EVIDENCE_COLUMNS = (
    labelled_config(  # pixel widths, stretched in proportion: the sentence gets most room
        {
            "theme": st.column_config.TextColumn(width=110),
            "term": st.column_config.TextColumn(width=80),
            "evidence": st.column_config.TextColumn(width=640),
        }
    )
)


def jump_box(rid: int, text: str) -> None:
    """The place asked for (a search hit, a measure, an evidence row): its sentence highlighted
    in its context, the place itself bright and bold, with a close button."""
    jump = st.session_state.get("report_jump")
    if not jump or jump[0] != rid:
        return
    _, start, end, what = jump
    with st.container(border=True):
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        c1.html(
            f"<p><strong>定位：{escape.html_text(what)}</strong>（第 {int(start) + 1} 字处）</p>"
        )
        if c2.button("关闭", key="rp_jump_close", icon=":material/close:"):
            st.session_state.pop("report_jump", None)
            st.rerun()
        st.html(context_html(text, int(start), int(end)))


def theme_colors(d: ThemeDictionary, scores: pd.DataFrame, rid: int) -> dict[str, str]:
    """The themes chosen to highlight (the report's top three by default) -> their colours."""
    ranked = scores.sort_values("score", ascending=False)
    default = [t for t in ranked[ranked["hits"] > 0]["theme"].head(3) if t in d.names]
    chosen = st.multiselect(
        f"高亮主题（最多 {len(HIGHLIGHT_COLORS)} 个，每个主题一种颜色）",
        list(d.names),
        default=default,
        max_selections=len(HIGHLIGHT_COLORS),
        key=f"rp_hl_{rid}",
    )
    return dict(zip(chosen, HIGHLIGHT_COLORS, strict=False))


def text_tab(
    corpus: Corpus,
    rid: int,
    scores: pd.DataFrame,
    evidence: pd.DataFrame,
    d: ThemeDictionary,
) -> None:
    """The report text with the chosen themes' hits highlighted, the jump target first
    (`corpus`: the reports loaded for this page, `rid` among them)."""
    text = corpus.analyses[rid].cleaned.text
    jump_box(rid, text)
    colors = theme_colors(d, scores, rid)
    if colors:
        st.html(legend_html(colors))
    hits = evidence[evidence["theme"].isin(list(colors))]
    styles = {t: mark_style(c) for t, c in colors.items()}
    body = marked_html(text, hit_marks(text, hits, colors), styles, limit=MAX_TEXT_CHARS)
    with st.container(height=620, border=True):
        st.html(body or "<p>（正文为空）</p>")
        if len(text) > MAX_TEXT_CHARS:
            st.caption(f"报告较长，只显示前 {MAX_TEXT_CHARS:,} 字。")
    with st.expander(f"命中证据（{len(hits)} 句）", icon=":material/format_quote:"):
        rows = with_sentences(hits, corpus)
        places = hit_places(hits, {rid: text})
        shown = labelled(rows[["theme", "term", "evidence"]])
        report_rows.show(
            shown,
            places,
            corpus,
            "主题证据",
            "rp_evidence",
            here=True,
            column_config=EVIDENCE_COLUMNS,
        )
