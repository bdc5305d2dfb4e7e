"""Long tables shown a page at a time: the browser gets PAGE_ROWS rows per run (not a 1 MB table
of every row), the downloads still hold every row (issue 28: small payloads)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

PAGE_ROWS = 50  # rows sent to the browser per page of a long table


def page_count(rows: int) -> int:
    """How many pages `rows` rows fill (at least one)."""
    return max(1, math.ceil(rows / PAGE_ROWS))


def rows_of(page: int, rows: int) -> slice:
    """The rows of page `page` (from 1) of a table of `rows` rows."""
    if not 1 <= page <= page_count(rows):
        raise ValueError(f"page {page} outside 1..{page_count(rows)}")
    start = (page - 1) * PAGE_ROWS
    return slice(start, min(start + PAGE_ROWS, rows))


def pick_page(rows: int, key: str) -> tuple[slice, str]:
    """The rows to show of a table of `rows` rows, and the key of their table widget: a page
    picker above a table longer than one page (each page keeps its own row selection)."""
    pages = page_count(rows)
    if pages == 1:
        return rows_of(1, rows), key
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    page = int(
        row.number_input(
            "页码", min_value=1, max_value=pages, value=1, step=1, key=f"{key}_page", width=160
        )
    )
    row.caption(f"共 {pages} 页，每页 {PAGE_ROWS} 条；下载的表格含全部 {rows} 条。")
    return rows_of(page, rows), key if page == 1 else f"{key}_p{page}"


def show_paged(
    table: pd.DataFrame, name: str, key: str, download: pd.DataFrame | None = None, **kwargs: Any
) -> None:
    """`table` a page at a time with its downloads of every row (of `download`, the same rows
    as written to a file, when given)."""
    from views import widgets  # it draws the table and its buttons

    rows, table_key = pick_page(len(table), key)
    full = table if download is None else download
    widgets.show_table(table.iloc[rows], name, table_key, download=full, **kwargs)
