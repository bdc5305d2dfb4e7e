"""雷同检测 in a real browser: the check opened from 报告详情 marks the shared passages (planted
markup stays text), and the corpus view's chosen pair shows both texts marked side by side."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analysis.core.models import Extracted
from analysis.corpus.loading import ensure_samples
from analysis.store.database import CorpusStore
from tests.e2e.conftest import serve
from tests.e2e.helpers import FIRST_LOAD_MS, open_page, rerun, shoot

pytestmark = pytest.mark.e2e

PLANTED = "<img src=x onerror=alert(1)>"
SHARED_JS = """() => [...document.querySelectorAll('mark.dj-mark[data-key="共享"]')]
  .map((m) => [getComputedStyle(m).backgroundColor, m.textContent])"""


@pytest.fixture(scope="module")
def copy_url(tmp_path_factory, artifacts) -> Iterator[tuple[str, int]]:
    """The app on the samples plus next year's copy of sample 0 (with planted markup)."""
    db = tmp_path_factory.mktemp("overlap") / "corpus.db"
    store = CorpusStore(db)
    ensure_samples(store)
    first = store.get(int(store.list_reports()["id"].iloc[0]))
    text = first.text.replace("2022", "2023") + f"\n{PLANTED}\n"
    meta = {"branch": first.branch, "year": (first.year or 2022) + 1, "title": "明年的报告"}
    new = store.add("明年.txt", Extracted(text=text, fmt="txt", encoding="utf-8"), meta)
    with serve(db, artifacts / "overlap-server.log") as url:
        yield url, new.report_id


@pytest.fixture
def page(context):
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()


def _shared_marks(page) -> list:
    page.locator('mark.dj-mark[data-key="共享"]').first.wait_for()
    return page.evaluate(SHARED_JS)


def test_check_from_the_report_page_marks_shared_passages(page, copy_url):
    url, rid = copy_url
    open_page(page, url, f"/report?id={rid}", "报告详情", timeout=FIRST_LOAD_MS)
    rerun(page, page.get_by_role("button", name="雷同检测与逐年变化").click, timeout=FIRST_LOAD_MS)
    page.get_by_role("heading", name="雷同检测").first.wait_for()
    marks = _shared_marks(page)
    assert len(marks) >= 2  # this report and its source, side by side
    assert {colour for colour, _ in marks} == {"rgb(246, 184, 184)"}
    assert sum(len(text) for _, text in marks) > 1000
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("img[src=x]").count() == 0
    assert page.get_by_text("新增的做法").first.is_visible()
    shoot(page, "overlap_check")


def test_corpus_view_opens_a_pair_side_by_side(page, copy_url):
    url, _ = copy_url
    open_page(page, url, "/overlap", "雷同检测", timeout=FIRST_LOAD_MS)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    box = grid.bounding_box()
    assert box is not None
    # The first data row's selection box: left edge of the grid, below the header row.
    rerun(page, lambda: page.mouse.click(box["x"] + 18, box["y"] + 35 + 17))
    marks = _shared_marks(page)
    assert len(marks) >= 2
    shoot(page, "overlap_pair")
