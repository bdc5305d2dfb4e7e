"""The text views in a real browser at 1366x768: theme highlights in distinct strong colours that
survive Streamlit's HTML sanitizer, no stray markup or spaces, and a theme evidence row that opens
the report at its sentence (the sentence and the word marked, on screen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analysis.core.palette import HIGHLIGHT_COLORS, JUMP_TARGET, rgb
from tests.app.injection import THEME, plant
from tests.e2e.conftest import serve
from tests.e2e.helpers import FIRST_LOAD_MS, LIVE, RUN_MS, open_page, rerun, shoot

pytestmark = pytest.mark.e2e

SMALL = {"width": 1366, "height": 768}
OPEN = "打开报告，定位到这一句"
# Background colour and text of each highlight of the report text (not the jump box).
MARKS_JS = """() => [...document.querySelectorAll('mark.dj-mark[data-key]')]
  .filter((m) => !['句', '此处', '此段'].includes(m.dataset.key))
  .map((m) => [m.dataset.key, getComputedStyle(m).backgroundColor, m.textContent,
               m.previousSibling ? m.previousSibling.textContent.slice(-1) : '',
               m.nextSibling ? m.nextSibling.textContent.slice(0, 1) : ''])"""


def css(hex_color: str) -> str:
    return "rgb({}, {}, {})".format(*rgb(hex_color))


@pytest.fixture
def small_page(context, base_url):
    page = context.new_page()
    page.set_viewport_size(SMALL)
    try:
        yield page
    finally:
        page.close()


def test_text_tab_highlights_in_distinct_colours(small_page, base_url):
    page = small_page
    open_page(page, base_url, "/report?id=3", "报告详情", timeout=FIRST_LOAD_MS)
    rerun(page, page.get_by_role("tab", name="原文与主题").click)
    marks = page.evaluate(MARKS_JS)
    colours = {key: colour for key, colour, *_ in marks}
    assert len(colours) == 3 and len(set(colours.values())) == 3  # one colour per theme
    assert set(colours.values()) <= {css(c) for c in HIGHLIGHT_COLORS}
    for _, _, text, before, after in marks:
        assert text.strip() == text and before != " " and after != " "  # no space around
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "**" not in main and "-background[" not in main
    assert page.get_by_text("图例").first.is_visible()
    shoot(page, "text_tab_1366")


def test_theme_evidence_row_opens_the_report_at_its_sentence(small_page, base_url):
    page = small_page
    open_page(page, base_url, "/themes", "主题探索", timeout=FIRST_LOAD_MS)
    grid = page.locator('[data-testid="stDataFrame"]').filter(has_text="证据句").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box and box["x"] + box["width"] <= SMALL["width"]
    rerun(page, lambda: page.mouse.click(box["x"] + 16, box["y"] + 38 + 46))  # the first row
    button = page.get_by_role("button", name=OPEN)
    button.scroll_into_view_if_needed()
    card = page.locator('mark.dj-mark[data-key="此处"]').first
    assert card.is_visible()
    shoot(page, "theme_evidence_1366")
    word = card.inner_text()
    rerun(page, button.click)
    page.get_by_role("heading", name="报告详情").first.wait_for()
    rerun(page, lambda: None)
    target = page.locator('mark.dj-mark[data-key="此处"]').first
    target.scroll_into_view_if_needed()
    assert target.is_visible() and target.inner_text() == word
    background = target.evaluate("(m) => getComputedStyle(m).backgroundColor")
    assert background == css(JUMP_TARGET)
    assert page.locator('mark.dj-mark[data-key="句"]').count() >= 1  # its sentence marked too
    shoot(page, "report_jump_1366")


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, artifacts) -> Iterator[str]:
    """The app on a store whose branches, titles and first theme hold Markdown, KaTeX and HTML."""
    db = tmp_path_factory.mktemp("hostile_text") / "corpus.db"
    plant(db)
    with serve(db, artifacts / "hostile-text-server.log") as url:
        yield url


def test_hostile_theme_and_report_stay_text_in_the_text_tab(small_page, hostile_url):
    """The planted theme name in the legend and the hostile branch's text tab: shown as text, no
    link, image or formula made (st.html keeps only our own marks)."""
    page = small_page
    open_page(page, hostile_url, "/report?id=1", "报告详情", timeout=RUN_MS * 4)
    rerun(page, page.get_by_role("tab", name="原文与主题").click)
    legend = page.get_by_text("图例").first
    assert THEME in legend.inner_text()  # the hostile theme is highlighted, its name as text
    rows = page.locator('[data-testid="stExpander"]').filter(has_text="命中证据")
    rerun(page, rows.first.click)
    assert page.locator(LIVE).count() == 0
