"""支部对比 › 词语: word clouds on one scale, distinctive terms, the term scatter (a click picks
a term) and the picked term's contexts on both sides."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown as md
from analysis.core.models import AnalysisError
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.sides import term_contexts
from analysis.output import comparison_frames as frames
from analysis.output.briefing import comparison_tables
from analysis.output.charts import comparison as charts
from analysis.output.charts.style import for_screen, screen_config
from analysis.output.sides import side_cloud
from analysis.output.wordclouds import SCREEN, SLIDE
from views import widgets
from views.compare_notes import names_note, note
from views.compare_sides import side_md

SCATTER_KEY, TERM_KEY = "cmp_scatter", "cmp_term"
CONTEXT_HEADERS = {"report": "报告", "left": "前文", "hit": "词", "right": "后文"}


def cloud(c: Comparison, side: str, key: str) -> None:
    """One side's word cloud on the common scale in its colour, with its PNG at slide size."""
    label = c.label_a if side == "A" else c.label_b
    st.markdown(f"{side_md(side, label)} 词云")
    if not (c.freqs_a if side == "A" else c.freqs_b):
        st.caption("没有可显示的词语。")
        return
    st.image(side_cloud(c, side, SCREEN), width="stretch", output_format="PNG")
    st.download_button(
        "下载词云 PNG（幻灯片尺寸）",
        lambda: side_cloud(c, side, SLIDE),
        file_name=f"{widgets.safe_name(label)}_词云.png",
        mime="image/png",
        key=key,
        icon=":material/image:",
        on_click="ignore",
    )


def _pick_term_from_chart() -> None:
    """A clicked point of the scatter -> the term picker (runs before the rerun)."""
    state = st.session_state.get(SCATTER_KEY)
    points = state.selection.points if state is not None else []
    if points and points[0].get("customdata"):
        st.session_state[TERM_KEY] = points[0]["customdata"]


def scatter_chart(c: Comparison) -> None:
    """The term scatter (WebGL); clicking a point shows its contexts below."""
    name = widgets.safe_name(f"{c.label_a}_{c.label_b}_词频对照")
    image = {"format": "png", "filename": name, "width": 1600, "height": 900}
    st.plotly_chart(
        for_screen(charts.scatter(c)),
        width="stretch",
        key=SCATTER_KEY,
        on_select=_pick_term_from_chart,
        selection_mode="points",
        config={**screen_config(name), "toImageButtonOptions": image},  # only the PNG button
    )


def contexts(c: Comparison, corpus) -> None:
    """A term picker (search or click) and the term's contexts in A and in B."""
    terms = frames.term_choices(c, st.session_state.get(TERM_KEY))
    term = st.selectbox(
        "查看词语在两方的上下文（可输入任意词，或点击上图中的点）",
        terms,
        index=0 if terms else None,
        key=TERM_KEY,
        accept_new_options=True,
        placeholder="输入或选择一个词",
    )
    if not term:
        return
    try:
        lines = term_contexts(corpus, c.ids_a, c.ids_b, str(term), width=24, limit=40)
    except AnalysisError as exc:
        st.warning(md(exc.message), icon=":material/warning:")
        return
    note("contexts")
    for col, side, label in zip(st.columns(2), "AB", (c.label_a, c.label_b), strict=True):
        part = lines[lines["side"] == side].drop(columns=["side", "sentence"])
        with col:
            st.markdown(f"{side_md(side, label)}：{len(part)} 处")
            if part.empty:
                st.caption("没有出现。")
                continue
            widgets.show_table(
                part.rename(columns=CONTEXT_HEADERS),
                f"{label}_{term}_上下文",
                key=f"cmp_ctx_{side}",
                column_config={"前文": st.column_config.TextColumn(width="medium")},
            )


def words_tab(c: Comparison, corpus, same: bool) -> None:
    """Word clouds on one scale, diverging z-scores, the term scatter and term contexts."""
    for col, side in zip(st.columns(2), "AB", strict=True):
        with col:
            cloud(c, side, f"cmp_cloud_{side.lower()}")
    note("cloud")
    names_note(c)
    st.subheader("区分两方的词语")
    if same or not frames.distinctive(c):
        st.info("两方用词没有差别，没有区分词。")
    else:
        widgets.show_chart(for_screen(charts.diverging(c)), f"{c.label_a}_{c.label_b}_区分词")
        note("z_bars")
    st.subheader("词频对照")
    if c.scatter.empty:
        st.caption("词语太少，无法绘制。")
    else:
        scatter_chart(c)
        note("scatter")
    contexts(c, corpus)
    with st.expander("全部词语的 z 值与次数", icon=":material/table:"):
        note("z", "delta")
        table = comparison_tables(c)["区分词"]
        widgets.show_table(table, f"{c.label_a}_{c.label_b}_区分词", "cmp_words")
