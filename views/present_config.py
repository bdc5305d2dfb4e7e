"""汇报模式's configure step: which views, which reports, which comparisons; a preview of the
slides; start; and the briefing exports."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown as md
from analysis.output.briefing import DEFAULT_TITLE
from analysis.output.sides import default_pair, side_options, side_text
from analysis.output.slide_plan import DEFAULT_VIEWS, MEASURES_PER_SLIDE, VIEWS
from views import present_state as state
from views.present_export import briefing_exports

HOW_TO = (
    "选好要展示的内容后点「开始汇报」：侧边栏和控件隐藏，字号放大，每屏一张图；"
    "用「上一页 / 下一页」按钮或键盘 ← / → 翻页，Esc 或「退出汇报模式」返回。"
)


def _pickers(corpus, views: list[str]) -> None:
    """The reports whose practices are shown, and the comparison sides (A, then one or more B)."""
    labels = {rid: f"{corpus.label(rid)}（{rid}）" for rid in corpus.ids}
    sides = side_options(corpus.reports)
    no_cmp = "comparison" not in views
    c1, c2, c3 = st.columns([2, 1, 2])
    c1.multiselect(
        "展示举措的报告",
        [int(i) for i in corpus.ids],
        format_func=lambda r: labels.get(r, str(r)),
        key=state.REPORTS_KEY,
        disabled="measures" not in views,
        help=f"「某报告的举措」：每份报告的主要举措，每页 {MEASURES_PER_SLIDE} 项",
    )
    c2.selectbox("对比：A 方", sides, format_func=side_text, key=state.SIDE_A_KEY, disabled=no_cmp)
    c3.multiselect(
        "对比：B 方（可多选，每个与 A 对比一次）",
        sides,
        format_func=side_text,
        key=state.SIDE_B_KEY,
        disabled=no_cmp,
    )


def set_defaults(corpus) -> None:
    """First-visit selections; stale ones (deleted reports, filtered-out sides) cleaned up."""
    ss = st.session_state
    sides = side_options(corpus.reports)
    ia, ib = default_pair(sides)
    ss.setdefault(state.VIEWS_KEY, list(DEFAULT_VIEWS))
    ss.setdefault(state.REPORTS_KEY, [int(i) for i in corpus.ids][:1])
    ss.setdefault(state.SIDE_A_KEY, sides[ia] if sides else None)
    ss.setdefault(state.SIDE_B_KEY, sides[ib : ib + 1] if sides else [])
    ss.setdefault(state.TITLE_KEY, DEFAULT_TITLE)
    ss[state.REPORTS_KEY] = [r for r in ss[state.REPORTS_KEY] if r in corpus.analyses]
    if ss[state.SIDE_A_KEY] not in sides:
        ss[state.SIDE_A_KEY] = sides[ia] if sides else None
    ss[state.SIDE_B_KEY] = [b for b in ss[state.SIDE_B_KEY] if b in sides]


def configure(corpus) -> None:
    """The configure step: which views, which reports, which comparisons; then start."""
    st.caption(HOW_TO)
    set_defaults(corpus)
    st.multiselect(
        "汇报内容（按选择的顺序播放）",
        list(VIEWS),
        format_func=lambda v: VIEWS.get(v, v),
        key=state.VIEWS_KEY,
        placeholder="选择要展示的内容",
    )
    _pickers(corpus, st.session_state[state.VIEWS_KEY])
    _, reports, pairs = state.selections(corpus)
    plan = state.plan(corpus)
    if plan:
        with st.expander(f"预览：共 {len(plan)} 页", icon=":material/list:"):
            st.markdown("\n".join(f"1. {md(s.title)}" for s in plan))
    st.button(
        "开始汇报",
        type="primary",
        icon=":material/slideshow:",
        on_click=state.start,
        disabled=not plan,
        key="pm_start",
    )
    st.divider()
    briefing_exports(corpus, reports, pairs)
