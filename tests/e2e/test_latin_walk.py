"""Issue 22: no English a user sees. Walk every routed page on the sample corpus at 1440x900, open
every tab and expander, hover every table and chart, and fail on any Latin-letter token outside the
allow list of tests/latin.py.

Collected: the text of visible text nodes (material-icon ligatures left out), CSS ::before/::after
text (our replacements of Streamlit's strings), placeholders and titles of visible elements, the
labels of the table/chart toolbar buttons (each is the tooltip shown on hover) and the plotly
toolbar's tooltips. Screen-reader-only labels (aria-label of icons and landmarks) are not collected.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import serve
from tests.e2e.helpers import (
    FIRST_LOAD_MS,
    ROUTED_PAGES,
    RUN_MS,
    install_run_counter,
    open_page,
    opening,
    outcome,
    rerun,
    side_by_side,
    slide_position,
    wait_idle,
)
from tests.latin import offending

pytestmark = pytest.mark.e2e

PAGES = ROUTED_PAGES
MAX_HELPS = 40  # help icons hovered per page
MAX_CLICKS = 80  # tabs and expanders opened per page (a bound, not a target)
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples"

VISIBLE_TEXT_JS = """
() => {
  const out = [];
  const shown = (el) => {  // drawn, and bigger than the 1px box of screen-reader-only text
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const icon = '[data-testid="stIconMaterial"], [data-testid="stExpanderIcon"], .material-icons';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    // An edit box holds the user's data (a dictionary file, a search term), not UI text.
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA'].includes(el.tagName)) continue;
    if (el.closest(icon) || !shown(el) || parseFloat(getComputedStyle(el).fontSize) === 0) continue;
    const box = el.closest('details');
    const notes = box && box.querySelector('summary')?.innerText.includes('方法说明');
    out.push((notes ? '\u2063方法说明\u2063' : '') + node.textContent);  // tests/latin.NOTE_MARK
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el)) continue;
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      if (content && content !== 'none' && content !== 'normal' && /^".*"$/s.test(content)) {
        out.push(content.slice(1, -1));
      }
    }
    if (el.title) out.push(el.title);
    const hint = el.getAttribute('placeholder');
    if (hint && el.value === '' && getComputedStyle(el, '::placeholder').color !== 'rgba(0, 0, 0, 0)') {
      out.push(hint);  // shown while the field is empty
    }
  }
  // Toolbar tooltips show on hover: a Streamlit toolbar button's is its label, a plotly one's is
  // its ::after text (plotly draws it from data-title; our CSS may replace it).
  for (const el of document.querySelectorAll('[data-testid="stElementToolbar"] button')) {
    if (el.checkVisibility()) out.push(el.getAttribute('aria-label') || '');
  }
  for (const el of document.querySelectorAll('.modebar-btn')) {
    const content = getComputedStyle(el, '::after').content;
    if (el.closest('.modebar').checkVisibility() && /^".*"$/s.test(content)) {
      out.push(content.slice(1, -1));
    }
  }
  out.push(document.title);
  return out;
}
"""

# Clicks the first tab or closed expander not clicked yet; returns its label or null.
OPEN_NEXT_JS = """
() => {
  window.__djOpened = window.__djOpened || new Set();
  const items = [...document.querySelectorAll(
    '[data-testid="stMain"] [role="tab"], [data-testid="stMain"] details > summary'
  )].filter((el) => el.checkVisibility() && el.getClientRects().length > 0)
    .sort((a, b) => (a.tagName === 'SUMMARY' ? 0 : 1) - (b.tagName === 'SUMMARY' ? 0 : 1));
  for (const [i, el] of items.entries()) {
    const details = el.parentElement.tagName === 'DETAILS' ? el.parentElement : null;
    const id = (details ? 'x:' : 't:') + i + ':' + el.innerText.trim();
    if (window.__djOpened.has(id) || (details && details.open)) continue;
    window.__djOpened.add(id);
    el.scrollIntoView({block: 'center'});
    el.click();
    window.__djClicked = el;
    return id;
  }
  return null;
}
"""

# True once the last tab or expander clicked is open (or was replaced by a rerun).
OPENED_JS = """
() => {
  const el = window.__djClicked;
  if (!el || !el.isConnected) return true;
  const details = el.parentElement.tagName === 'DETAILS' ? el.parentElement : null;
  return details ? details.open : el.getAttribute('aria-selected') === 'true';
}
"""


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory, artifacts) -> Iterator[str]:
    """The app on a fresh store (the first page load analyses the sample corpus)."""
    db = tmp_path_factory.mktemp("latin") / "corpus.db"
    with serve(db, artifacts / "latin-server.log") as url:
        yield url


@pytest.fixture(scope="module")
def walker(browser, sample_url):
    """One 1440x900 zh-CN tab; the first load is waited for."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    ctx.set_default_timeout(30_000)
    install_run_counter(ctx)
    page = ctx.new_page()
    open_page(page, sample_url, "/", "概览", timeout=FIRST_LOAD_MS)
    try:
        yield page
    finally:
        ctx.close()


def _walking(page) -> Generator[None, None, list[str]]:
    """Every visible text of the page, after opening each tab and expander and hovering each
    table and chart (their toolbars show on hover) and each help icon (its tooltip). Pauses
    after each click, for side_by_side."""
    texts = page.evaluate(VISIBLE_TEXT_JS)
    for _ in range(MAX_CLICKS):
        if page.evaluate(OPEN_NEXT_JS) is None:
            break
        yield
        page.wait_for_function(OPENED_JS, polling=50)
        wait_idle(page, RUN_MS * 2)
        texts += page.evaluate(VISIBLE_TEXT_JS)
    hovered = page.locator('[data-testid="stDataFrame"], [data-testid="stPlotlyChart"]')
    for i in range(min(hovered.count(), 40)):
        target = hovered.nth(i)
        if target.is_visible():
            target.scroll_into_view_if_needed()
            target.hover()
            texts += page.evaluate(VISIBLE_TEXT_JS)
    helps = page.locator('[data-testid="stMain"] [data-testid="stTooltipIcon"]')
    for i in range(min(helps.count(), MAX_HELPS)):
        target = helps.nth(i)
        if target.is_visible():
            target.scroll_into_view_if_needed()
            target.hover()
            page.get_by_test_id("stTooltipContent").first.wait_for(state="visible")
            texts += page.evaluate(VISIBLE_TEXT_JS)
    return texts


def _page_texts(browser, url: str, path: str, heading: str) -> Generator[None, None, list[str]]:
    """One page walked in its own 1440x900 zh-CN tab (a fresh session, as a new visit is)."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    ctx.set_default_timeout(30_000)
    install_run_counter(ctx)
    page = ctx.new_page()
    try:
        yield from opening(page, url, path, heading, timeout=RUN_MS * 4)
        return (yield from _walking(page))
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def page_texts(browser, sample_url, walker) -> dict:
    """Every routed page walked, side by side (helpers.side_by_side), once the first load has
    analysed the samples (the walker's tab)."""
    return side_by_side({p: _page_texts(browser, sample_url, p, h) for p, h in PAGES})


@pytest.mark.parametrize("path,heading", PAGES, ids=[p for p, _ in PAGES])
def test_no_latin_ui_text_on_page(page_texts, path, heading):
    found = offending(outcome(page_texts[path]))
    assert found == {}, f"{path}: Latin-letter UI text (token → where): {found}"


def test_no_latin_ui_text_in_the_uploader_after_choosing_a_file(walker, sample_url):
    """The uploader lists a chosen file with its size and delete button: no English there."""
    open_page(walker, sample_url, "/manage", "数据管理", timeout=RUN_MS * 4)
    sample = sorted(SAMPLE.glob("*.txt"))[0]
    walker.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(sample)
    walker.wait_for_timeout(500)  # the uploader lists the file without its name as text
    wait_idle(walker, RUN_MS * 2)
    texts = walker.evaluate(VISIBLE_TEXT_JS)
    walker.locator(
        '[data-testid="stFileUploader"] [data-testid="stBaseButton-borderlessIcon"]'
    ).first.hover()
    wait_idle(walker)  # a tooltip shows within the quiet time
    found = offending(texts + walker.evaluate(VISIBLE_TEXT_JS))
    assert found == {}, f"uploader with a file: {found}"


@pytest.mark.parametrize(
    "path,heading,widget",
    [("/", "概览", "stMultiSelect"), ("/report", "报告详情", "stSelectbox")],
    ids=["multiselect", "selectbox"],
)
def test_no_latin_ui_text_in_open_select_lists(walker, sample_url, path, heading, widget):
    """An open option list, then one filtered to nothing ("No results" in Streamlit)."""
    open_page(walker, sample_url, path, heading, timeout=RUN_MS * 4)
    box = walker.locator(f'[data-testid="{widget}"] input').first
    box.click()
    walker.locator('[role="listbox"]').first.wait_for(state="visible")
    texts = walker.evaluate(VISIBLE_TEXT_JS)
    listed = walker.locator('[role="listbox"]').first.inner_text()
    box.fill("无此选项之名称")
    walker.wait_for_function(  # the list redrawn for the filter
        "(before) => document.querySelector('[role=\"listbox\"]')?.innerText !== before", arg=listed
    )
    texts += walker.evaluate(VISIBLE_TEXT_JS)
    shown = walker.locator('[role="listbox"]').first.inner_text()
    box.press("Escape")
    found = offending(texts)
    assert found == {}, f"{widget} list ({shown!r}): {found}"


def test_uploader_states_the_real_limits(walker, sample_url):
    """The report uploader's own hint names the app's limits (not Streamlit's 200MB per file)."""
    from analysis.io.limits import max_file_bytes
    from views.chrome import report_upload_hint

    open_page(walker, sample_url, "/manage", "数据管理", timeout=RUN_MS * 4)
    texts = walker.evaluate(VISIBLE_TEXT_JS)
    hint = report_upload_hint()
    assert hint in texts
    assert f"单个报告不超过 {max_file_bytes() / (1024 * 1024):g} MB" in hint
    assert ".docx" in hint and ".zip" in hint


def test_no_latin_ui_text_on_any_presentation_screen(walker, sample_url):
    """汇报模式 while presenting: every screen of the default selection, first to last."""
    open_page(walker, sample_url, "/present", "汇报模式", timeout=RUN_MS * 4)
    rerun(walker, walker.get_by_role("button", name="开始汇报").click, timeout=RUN_MS * 2)
    _, total = slide_position(walker)
    texts = walker.evaluate(VISIBLE_TEXT_JS)
    for _ in range(total - 1):
        rerun(walker, walker.get_by_role("button", name="下一页").click, timeout=RUN_MS * 2)
        texts += walker.evaluate(VISIBLE_TEXT_JS)
    rerun(walker, walker.get_by_role("button", name="退出汇报模式").click)
    found = offending(texts)
    assert found == {}, f"presentation screens (of {total}): {found}"
