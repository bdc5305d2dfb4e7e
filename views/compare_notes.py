"""支部对比: the plain sentence under each chart and table (analysis.corpus.compare.explain) and
the one `方法说明` expander, the only place on the page that names a method."""

from __future__ import annotations

import streamlit as st

from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.explain import method_notes, org_names_note, reading

# The statistics this page shows, in the order the expander explains them.
PAGE_METHODS = (
    "similarity",
    "words",
    "themes",
    "measures",
    "formulations",
    "z",
    "per10k",
    "theme_score",
    "pairs",
    "org_names",
)


def note(*keys: str) -> None:
    """What the chart or table above means and how to read it, in plain Chinese."""
    st.caption("".join(reading(k) for k in keys))


def names_note(c: Comparison) -> None:
    """Whether the organization names count among the words shown (the sidebar switch)."""
    st.caption(org_names_note(c.org_names))


def methods_expander() -> None:
    """方法说明: how each number of the page is computed, method names included."""
    with st.expander("方法说明", icon=":material/functions:"):
        st.markdown("\n".join(f"- {line}" for line in method_notes(PAGE_METHODS)))
