"""汇报模式: choose a sequence of views, then present them one per screen (sidebar and Streamlit
chrome hidden, large fonts, projector palette, previous/next), and export the briefing
(PPT / Excel / HTML of the corpus overview, the chosen reports and comparisons).

Session state holds only the selections (pm_*), whether presenting, and the slide index
(views/present_state). The configure step is views/present_config, a slide views/present_slide.
"""

from __future__ import annotations

import streamlit as st

from views import filters
from views import present_state as state
from views.present_config import configure
from views.present_slide import present

state.keep_selections()
_corpus = filters.filtered_corpus()
if st.session_state.get(state.ACTIVE) and len(_corpus.ids):
    present(_corpus)
else:
    st.session_state[state.ACTIVE] = False
    st.title("汇报模式")
    if not filters.empty_state():
        configure(_corpus)
