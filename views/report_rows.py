"""Tables whose rows open their report: long text wraps in the row, a selected row shows its whole
sentence with the place marked, and one button opens the report page at that place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.corpus.highlight import sentence_html
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import Place
from views import flows, widgets

WRAP_ROW_HEIGHT = 92  # px; above 4rem Streamlit wraps a cell's text (here over four lines)
HEADER_HEIGHT = 38  # px of the header row
MAX_HEIGHT = 560  # px; a longer table scrolls inside itself
PICK_HINT = "选中一行，可阅读整句，并{}定位到这一句。"


def height(rows: int, row_height: int) -> int:
    """The table's height in pixels: every row up to MAX_HEIGHT."""
    return min(MAX_HEIGHT, HEADER_HEIGHT + row_height * max(rows, 1) + 2)


def show(
    rows: pd.DataFrame,
    places: Sequence[Place],
    corpus: Corpus,
    name: str,
    key: str,
    *,
    here: bool = False,
    download: pd.DataFrame | None = None,
    row_height: int = WRAP_ROW_HEIGHT,
    **kwargs: Any,
) -> None:
    """`rows` (one per place of `places`, same order) as a table with its downloads (`download`,
    else `rows`); a selected row opens its report at its place (`here`: the report page itself).
    Pages other than the report page call flows.follow_open_report at their top."""
    if len(rows) != len(places):
        raise ValueError("one place per row is needed")
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=height(len(rows), row_height),
        row_height=row_height,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        **kwargs,
    )
    widgets.table_downloads(rows if download is None else download, name, key=f"{key}_dl")
    picked = [i for i in (event.selection.rows if event is not None else []) if i < len(places)]
    if not picked:
        st.caption(PICK_HINT.format("在原文中" if here else "打开报告"))
        return
    place_card(corpus, places[picked[0]], key, here)


def show_here(rid: int, start: int, end: int, what: str) -> None:
    """Button callback on the report page: show the place in the text tab, and say where."""
    flows.show_place(rid, start, end, what)
    st.toast(f"已在“{flows.TEXT_TAB}”页签顶部显示这一处。", icon=":material/my_location:")


def place_card(corpus: Corpus, place: Place, key: str, here: bool) -> None:
    """The whole sentence of a place (the place marked) and the button that opens it."""
    rid, start, end, what = place
    if rid not in corpus.analyses:
        return
    with st.container(border=True):
        st.caption(escape.markdown(f"{corpus.label(rid)} · {what}"))
        st.html(sentence_html(corpus.analyses[rid].cleaned.text, start, end))
        st.button(
            "在原文中定位" if here else "打开报告，定位到这一句",
            key=f"{key}_open",
            type="primary",
            icon=":material/my_location:" if here else ":material/description:",
            on_click=show_here if here else flows.open_report,
            args=place,
        )
