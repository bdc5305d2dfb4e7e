"""概览 in a real browser: the first-visit note's links are not cut at 1366x768, and a click on a
report-list row opens that report on 报告详情."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import open_page, rerun, shoot, wait_for_app

pytestmark = pytest.mark.e2e

# Any element inside a page link whose text overflows its box (a cut label).
CUT_LINKS_JS = """() => [...document.querySelectorAll('[data-testid="stPageLink"] *')]
    .filter(el => el.scrollWidth > el.clientWidth + 1 && el.innerText.trim())
    .map(el => el.innerText.trim())"""


def test_first_visit_note_fits_a_small_screen(context, base_url):
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 1366, "height": 768})
        open_page(page, base_url, "/", "概览")
        note = page.get_by_text("欢迎使用党建报告分析看板")
        if note.count():  # another scenario may have uploaded reports: then the note is folded
            assert note.first.is_visible()
            assert page.get_by_test_id("stPageLink").count() == 4
            assert page.evaluate(CUT_LINKS_JS) == []
        shoot(page, "20_first_visit_1366")
    finally:
        page.close()


def test_a_report_row_opens_the_report(context, base_url):
    page = context.new_page()
    try:
        open_page(page, base_url, "/", "概览")
        grid = page.locator('[data-testid="stDataFrame"]').last
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        # the first data row's selection box: header row ~35 px, then the row's middle
        rerun(page, lambda: page.mouse.click(box["x"] + 15, box["y"] + 35 + 17))
        wait_for_app(page, "报告详情")
        shoot(page, "21_row_opens_report")
    finally:
        page.close()
