"""One session_state key per choice a page shows (a theme, a branch, a report).

A page's picker, a chart click that changes the choice and the content shown for it (evidence
sentences, tables) all read and write the same key: the picker is created on that key, a click
writes it in its callback before the page runs, and the content is computed from the picker's
value (the key's) after it, never from another copy. So what is selected and what is shown
cannot disagree; the content's heading names the choice as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

REPORT_KEY = "report_id"  # the report shown on 报告详情 (set by links, lists and its picker)
THEME_KEY = "th_theme"  # the theme shown on 主题探索 (set by its picker and the theme editor)


def select(
    where: Any, label: str, options: Sequence[T], key: str, default: T | None = None, **kw: Any
) -> T:
    """A selectbox on `key` (in `where`: st, a column, the sidebar); its value is the key's.

    A missing or stale choice is dropped and the widget starts at `default` (else the first
    option) through its own index, not by writing the key first: the browser and the script then
    start from the same value, on a first visit too.
    """
    options = list(options)
    if st.session_state.get(key) in options:
        return where.selectbox(label, options, key=key, **kw)
    st.session_state.pop(key, None)
    index = options.index(default) if default in options else 0
    return where.selectbox(label, options, index=index, key=key, **kw)


def heat_cell(
    points: Sequence[dict], rows: Sequence[str], cols: Sequence[str]
) -> tuple[str, str] | None:
    """(row, column) names of the first clicked heatmap point: a heatmap cell gives its index as
    [row, column], a marker trace drawn over it a flat index (row * columns + column)."""
    index = points[0].get("point_index") if points else None
    if index is None or not cols:
        return None
    r, c = index if isinstance(index, list | tuple) else divmod(int(index), len(cols))
    if 0 <= r < len(rows) and 0 <= c < len(cols):
        return rows[r], cols[c]
    return None
