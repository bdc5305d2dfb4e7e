"""views/table_pages: which rows a page of a long table holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from views.table_pages import PAGE_ROWS, page_count, rows_of


@pytest.mark.parametrize(
    ("rows", "pages"),
    [(0, 1), (1, 1), (PAGE_ROWS, 1), (PAGE_ROWS + 1, 2), (3 * PAGE_ROWS, 3)],
)
def test_page_count(rows, pages):
    assert page_count(rows) == pages


@pytest.mark.parametrize(
    ("page", "rows", "expected"),
    [
        (1, 0, slice(0, 0)),
        (1, 7, slice(0, 7)),
        (1, PAGE_ROWS + 7, slice(0, PAGE_ROWS)),
        (2, PAGE_ROWS + 7, slice(PAGE_ROWS, PAGE_ROWS + 7)),
    ],
)
def test_rows_of(page, rows, expected):
    assert rows_of(page, rows) == expected


@pytest.mark.parametrize(("page", "rows"), [(0, 10), (2, PAGE_ROWS), (-1, 5)])
def test_a_page_outside_the_table_is_refused(page, rows):
    with pytest.raises(ValueError, match="outside"):
        rows_of(page, rows)


@given(st.integers(0, 5000))
def test_pages_cover_every_row_once(rows):
    covered = [i for p in range(1, page_count(rows) + 1) for i in range(rows)[rows_of(p, rows)]]
    assert covered == list(range(rows))
