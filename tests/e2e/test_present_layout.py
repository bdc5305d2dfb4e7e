"""汇报模式 in a real Chromium at projector sizes: every screen of the sample briefing fits the
viewport (nothing below the fold, no scroll), the navigation sits at the same place on every
screen, inside the viewport; no plotly toolbar; every bar has its label and no chart label is
cut or overlaps another. A screenshot of every screen goes to artifacts/e2e/.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import (
    FIRST_LOAD_MS,
    QUIET_MS,
    go_to,
    install_run_counter,
    open_page,
    rerun,
    slide_position,
    wait_for_app,
)
from tests.e2e.test_exports_layout import CHARTS_JS, layout_problems

pytestmark = pytest.mark.e2e

EXTRA_VIEWS = ("高频关键词", "常用提法")  # beyond the default selection: every kind of screen
SLACK = 1.5  # px

# The viewport, the navigation buttons' boxes, the lowest box of any drawn element of the main
# area, whether the main area scrolls, toolbars shown, and per bar chart its bars vs. its labels.
SCREEN_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const nav = ['上一页', '下一页', '退出汇报模式'].map((name) => {
    const b = [...document.querySelectorAll('button')].find((e) => e.innerText.includes(name));
    return b ? {name, ...box(b)} : {name, missing: true};
  });
  let lowest = null;
  for (const e of main.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    if (!r.width || !r.height || style.visibility === 'hidden' || style.display === 'none') continue;
    if (e.closest('.hoverlayer') || e.closest('[data-testid="stTooltipContent"]')) continue;
    if (!lowest || r.bottom > lowest.bottom) lowest = {tag: e.tagName,
      cls: String(e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className).slice(0, 60),
      text: (e.innerText || e.textContent || '').slice(0, 30), bottom: r.bottom};
  }
  const scroller = [main, document.scrollingElement].map((e) => e.scrollHeight - e.clientHeight);
  const modebars = [...document.querySelectorAll('.modebar-container')]
    .filter((m) => m.getBoundingClientRect().height > 0 && getComputedStyle(m).display !== 'none').length;
  const bars = [...document.querySelectorAll('.js-plotly-plot')].map((gd) => {
    const cats = new Set();
    (gd.data || []).filter((t) => t.type === 'bar' && t.orientation === 'h')
      .forEach((t) => (t.y || []).forEach((y) => cats.add(String(y))));
    const labels = [...gd.querySelectorAll('.ytick text')].filter((t) => t.textContent.trim()).length;
    return {bars: cats.size, labels};
  }).filter((b) => b.bars);
  // plotly keeps a table's scroll state on its scrollbar glyphs: wiggle room = rows hidden
  const tableScroll = [...document.querySelectorAll('.js-plotly-plot .scrollbar-glyph')]
    .filter((g) => g.__data__ && g.__data__.scrollbarState.barWiggleRoom > 0.5).length;
  return {width: innerWidth, height: innerHeight, nav, lowest, scroller, modebars, bars,
          tableScroll, title: (main.querySelector('h1') || {}).innerText || ''};
}
"""


def _choose_all_views(page) -> None:
    """Add the views the default selection leaves out, so every kind of screen is walked."""
    box = page.get_by_test_id("stMultiSelect").filter(has_text="汇报内容").first
    for name in EXTRA_VIEWS:
        if box.get_by_text(name, exact=True).count():
            continue
        box.locator("input").first.click()
        rerun(page, page.get_by_role("option", name=name).first.click)
    page.keyboard.press("Escape")


def screen_problems(info: dict) -> list[str]:
    """Everything wrong with one screen, as sentences."""
    where = f"screen «{info['title']}»"
    out = []
    for b in info["nav"]:
        if b.get("missing"):
            out.append(f"{where}: no {b['name']} button")
        elif (
            b["top"] < -SLACK
            or b["bottom"] > info["height"] + SLACK
            or b["right"] > info["width"] + SLACK
        ):
            out.append(f"{where}: {b['name']} at {b['top']:.0f}–{b['bottom']:.0f} is off screen")
    low = info["lowest"]
    if low and low["bottom"] > info["height"] + SLACK:
        out.append(
            f"{where}: {low['tag']}.{low['cls']} «{low['text']}» ends at {low['bottom']:.0f} px,"
            f" below the {info['height']} px screen"
        )
    if max(info["scroller"]) > SLACK:
        out.append(f"{where}: the page scrolls by {max(info['scroller'])} px")
    if info["modebars"]:
        out.append(f"{where}: the plotly toolbar shows")
    for b in info["bars"]:
        if b["labels"] < b["bars"]:
            out.append(f"{where}: {b['labels']} labels for {b['bars']} bars")
    if info["tableScroll"]:
        out.append(f"{where}: a table scrolls inside its box")
    return out


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_every_screen_fits_the_projector(browser, base_url, size):
    width, height = size
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    ctx.set_default_timeout(30_000)
    install_run_counter(ctx)
    page = ctx.new_page()
    try:
        open_page(page, base_url, "/", "概览", timeout=FIRST_LOAD_MS)
        go_to(page, "汇报模式")
        _choose_all_views(page)
        rerun(page, page.get_by_role("button", name="开始汇报").click)
        wait_for_app(page)
        _, total = slide_position(page)
        problems, navs, steps = [], [], []
        for k in range(total):
            info = page.evaluate(SCREEN_JS)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"present_{width}x{height}_{k + 1:02d}.png"))
            problems += screen_problems(info)
            problems += [p for chart in page.evaluate(CHARTS_JS) for p in layout_problems(chart)]
            navs.append(tuple(round(b.get("top", -1)) for b in info["nav"]))
            if k < total - 1:
                t0 = time.perf_counter()
                rerun(page, page.get_by_role("button", name="下一页").click)
                steps.append(time.perf_counter() - t0 - QUIET_MS / 1000)
                assert slide_position(page) == (k + 2, total)
        back = []  # warm steps: every screen visited once already
        for k in range(min(total - 1, 6)):
            t0 = time.perf_counter()
            rerun(page, page.get_by_role("button", name="上一页").click)
            back.append(time.perf_counter() - t0 - QUIET_MS / 1000)
            assert slide_position(page) == (total - k - 1, total)
        print(
            f"\n{width}x{height}: {total} screens; first visit {min(steps):.2f}–{max(steps):.2f} s,"
            f" warm {min(back):.2f}–{max(back):.2f} s (page idle wait excluded)"
        )
        assert not problems, "\n".join(problems)
        assert len(set(navs)) == 1, f"the navigation moves between screens: {navs}"
    finally:
        ctx.close()
