"""汇报模式 while presenting: one slide per screen (sidebar and Streamlit chrome hidden, large
fonts) with previous / next / exit. The injected CSS is a constant: no user text goes into it."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown as md
from analysis.output.charts.style import projector_config
from analysis.output.slide_plan import Slide, clamp_index
from views import present_state as state

# Presentation look: hide the sidebar and Streamlit's header/toolbar, use the full width, fonts
# about 1.4x; the navigation pinned at the bottom of the screen (room kept for it), the title on
# one line, nothing scrolls. Static CSS only.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], header, footer { display: none !important; }
html { font-size: 140%; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: .8rem 2.5rem 0; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: .45rem; }
[data-testid="stMain"] h1 { color: #B00020; font-size: 1.8rem; padding: 0; line-height: 1.3;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; margin-bottom: .25rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1rem; color: #444; }
[data-testid="stMain"] li { font-size: 1.05rem; line-height: 1.5; }
.st-key-pm_nav { position: fixed; left: 2.5rem; right: 2.5rem; bottom: 12px; z-index: 999990;
  width: auto !important; background: white; }
</style>
"""


def _image(col, caption: str, build) -> None:
    """A word-cloud PNG with its caption (escaped, drawn as a caption beneath)."""
    col.image(build(), width="stretch", output_format="PNG")
    col.caption(md(caption), text_alignment="center")


def show_slide(slide: Slide) -> None:
    """Title, subtitle, the figure or images, and the text lines of one slide."""
    st.title(md(slide.title))
    if slide.subtitle:
        st.caption(md(slide.subtitle))
    if slide.figure is not None:  # no toolbar on a slide
        st.plotly_chart(slide.figure, width="stretch", config=projector_config())
    if len(slide.images) == 1:  # 16:9 at full width is taller than the screen: keep it centred
        _, mid, _ = st.columns([1, 3, 1])
        _image(mid, *slide.images[0])
    elif slide.images:
        for col, (caption, build) in zip(st.columns(len(slide.images)), slide.images, strict=True):
            _image(col, caption, build)
    if slide.lines:
        st.markdown("\n".join(f"- {md(s)}" for s in slide.lines))


def navigation(i: int, n: int) -> None:
    """Previous / position / next / exit, with keyboard shortcuts, pinned at the screen's foot."""
    nav = st.container(key="pm_nav").columns([1.2, 0.8, 1.2, 2.4, 1.8], vertical_alignment="center")
    nav[0].button(
        "上一页",
        icon=":material/arrow_back:",
        args=(i - 1,),
        disabled=i == 0,
        key="pm_prev",
        shortcut="Left",
        width="stretch",
        on_click=state.go,
    )
    nav[1].markdown(f"**{i + 1} / {n}**")
    nav[2].button(
        "下一页",
        icon=":material/arrow_forward:",
        args=(i + 1,),
        disabled=i >= n - 1,
        key="pm_next",
        type="primary",
        shortcut="Right",
        width="stretch",
        on_click=state.go,
    )
    nav[4].button(
        "退出汇报模式",
        icon=":material/close:",
        on_click=state.stop,
        key="pm_exit",
        shortcut="Esc",
        width="stretch",
    )


def present(corpus) -> None:
    """One slide per screen with previous / next / exit."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    plan = state.plan(corpus)
    if not plan:
        state.stop()
        st.rerun()
    i = clamp_index(st.session_state.get(state.SLIDE, 0), len(plan))
    st.session_state[state.SLIDE] = i
    with st.spinner("正在准备这一页…"):
        slide = state.built_slide(corpus, plan[i])
    show_slide(slide)
    navigation(i, len(plan))
    if i + 1 < len(plan):  # drawn already: build the next screen while this one is shown
        state.built_slide(corpus, plan[i + 1])
