"""Walking 汇报模式 in a real Chromium: open it, choose every kind of screen, step through every
screen and collect what is wrong with each (boxes outside the viewport, scrolling, toolbar, bars
without labels, empty screens, tables scrolling inside their box), where the navigation sits, and
how long each step takes from the click to the new screen's title and counter."""

from __future__ import annotations

import time
from collections.abc import Generator, Hashable
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.chart_layout import CHARTS_JS, layout_problems
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import (
    FIRST_LOAD_MS,
    RUN_MS,
    go_to,
    install_run_counter,
    opening,
    rerun,
    rerunning,
    side_by_side,
    slide_position,
    wait_for_app,
    wait_idle,
)

EXTRA_VIEWS = ("高频关键词", "常用提法")  # beyond the default selection: every kind of screen
SLACK = 1.5  # px

# The viewport, the navigation buttons' boxes, the lowest box of any drawn element of the main
# area and any box right of the screen, whether the main area scrolls, toolbars shown, per chart
# its categories vs. its drawn category labels, and what the screen shows besides its title.
SCREEN_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const nav = ['上一页', '下一页', '退出汇报模式'].map((name) => {
    const b = [...document.querySelectorAll('button')].find((e) => e.innerText.includes(name));
    return b ? {name, ...box(b)} : {name, missing: true};
  });
  let lowest = null, widest = null;
  const describe = (e, r) => ({tag: e.tagName,
    cls: String(e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className).slice(0, 60),
    text: (e.innerText || e.textContent || '').slice(0, 30), bottom: r.bottom, right: r.right});
  for (const e of main.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    if (!r.width || !r.height || style.visibility === 'hidden' || style.display === 'none') continue;
    if (e.closest('.hoverlayer') || e.closest('[data-testid="stTooltipContent"]')) continue;
    if (!lowest || r.bottom > lowest.bottom) lowest = describe(e, r);
    if (!widest || r.right > widest.right) widest = describe(e, r);
  }
  const scroller = [main, document.scrollingElement].map((e) => e.scrollHeight - e.clientHeight);
  const modebars = [...document.querySelectorAll('.modebar-container')]
    .filter((m) => m.getBoundingClientRect().height > 0 && getComputedStyle(m).display !== 'none').length;
  const labelled = (gd, axis) => [...gd.querySelectorAll('.' + axis + 'tick text')]
    .filter((t) => t.textContent.trim()).length;
  const charts = [...document.querySelectorAll('.js-plotly-plot')].map((gd) => {
    const cats = {x: new Set(), y: new Set()};
    for (const t of gd.data || []) {
      if (t.type === 'bar') {
        const axis = t.orientation === 'h' ? 'y' : 'x';
        (t[axis] || []).forEach((v) => cats[axis].add(String(v)));
      } else if (t.type === 'heatmap') {
        (t.x || []).forEach((v) => cats.x.add(String(v)));
        (t.y || []).forEach((v) => cats.y.add(String(v)));
      }
    }
    return {x: cats.x.size, y: cats.y.size, xLabels: labelled(gd, 'x'), yLabels: labelled(gd, 'y')};
  });
  const tableScroll = [...document.querySelectorAll('.js-plotly-plot .scrollbar-glyph')]
    .filter((g) => g.__data__ && g.__data__.scrollbarState.barWiggleRoom > 0.5).length;
  const content = main.querySelectorAll(
    '.js-plotly-plot, [data-testid="stImage"] img, li, [data-testid="stMarkdownContainer"] p').length;
  return {width: innerWidth, height: innerHeight, nav, lowest, widest, scroller, modebars, charts,
          tableScroll, content, title: (main.querySelector('h1') || {}).innerText || ''};
}
"""


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
    low, wide = info["lowest"], info["widest"]
    if low and low["bottom"] > info["height"] + SLACK:
        out.append(
            f"{where}: {low['tag']}.{low['cls']} «{low['text']}» ends at {low['bottom']:.0f} px,"
            f" below the {info['height']} px screen"
        )
    if wide and wide["right"] > info["width"] + SLACK:
        out.append(
            f"{where}: {wide['tag']}.{wide['cls']} «{wide['text']}» ends at {wide['right']:.0f} px,"
            f" right of the {info['width']} px screen"
        )
    if max(info["scroller"]) > SLACK:
        out.append(f"{where}: the page scrolls by {max(info['scroller'])} px")
    if info["modebars"]:
        out.append(f"{where}: the plotly toolbar shows")
    for c in info["charts"]:
        for axis in ("x", "y"):
            if c[f"{axis}Labels"] < c[axis]:
                out.append(f"{where}: {c[axis + 'Labels']} {axis} labels for {c[axis]} categories")
    if info["tableScroll"]:
        out.append(f"{where}: a table scrolls inside its box")
    if not info["content"]:
        out.append(f"{where}: the screen shows nothing but its title")
    return out


def choose_all_views(page) -> None:
    """Add the views the default selection leaves out, so every kind of screen is walked."""
    box = page.get_by_test_id("stMultiSelect").filter(has_text="汇报内容").first
    for name in EXTRA_VIEWS:
        if box.get_by_text(name, exact=True).count():
            continue
        box.locator("input").first.click()
        rerun(page, page.get_by_role("option", name=name).first.click)
    page.keyboard.press("Escape")


def _pick(page, box, option: str) -> None:
    """Type into the picker `box` to filter its (long, virtualised) list, then click `option`."""
    box.locator("input").first.click()
    page.keyboard.type(option.split("：", 1)[-1])
    rerun(page, page.get_by_role("option", name=option, exact=True).first.click)
    page.keyboard.press("Escape")


def choose_sides(page, side_a: str, side_b: str) -> None:
    """Compare `side_a` with `side_b` only (picker texts such as "类型：经验材料")."""
    widgets = page.get_by_test_id("stSelectbox").filter(has_text="对比：A 方").first
    _pick(page, widgets, side_a)
    box = page.get_by_test_id("stMultiSelect").filter(has_text="对比：B 方").first
    box.locator("input").first.click()
    rerun(page, lambda: page.keyboard.press("Backspace"))  # the default B side
    _pick(page, box, side_b)


def _step(page, button: str, to: int, total: int) -> Generator[None, None, float]:
    """Click `button`, pause (other walks go on meanwhile), then return the seconds until screen
    `to` shows its counter and title (the page is then waited idle, untimed)."""
    counter = page.get_by_text(f"{to} / {total}", exact=True)
    t0 = time.perf_counter()
    page.get_by_role("button", name=button).click()
    yield
    counter.wait_for(state="visible", timeout=RUN_MS)
    page.locator('[data-testid="stMain"] h1').first.wait_for(state="visible", timeout=RUN_MS)
    seconds = time.perf_counter() - t0
    wait_idle(page)
    assert slide_position(page) == (to, total)
    return seconds


@dataclass
class Walk:
    """What a walk through every screen found."""

    total: int = 0
    problems: list[str] = field(default_factory=list)
    navs: list[tuple[int, ...]] = field(default_factory=list)
    first: list[float] = field(default_factory=list)  # s per step onto a screen not yet shown
    warm: list[float] = field(default_factory=list)  # s per step back onto a shown screen
    titles: list[str] = field(default_factory=list)

    def summary(self, label: str) -> str:
        """One line: screens and step times."""
        return (
            f"{label}: {self.total} screens; first visit {min(self.first):.2f}–"
            f"{max(self.first):.2f} s, warm {min(self.warm):.2f}–{max(self.warm):.2f} s"
            f" (median {sorted(self.warm)[len(self.warm) // 2]:.2f} s)"
        )


@dataclass(frozen=True)
class Plan:
    """One walk: the viewport, the screenshot name prefix, the comparison sides (picker texts
    such as "类型：经验材料"; None: the default selection), and how many turns it starts after
    the first walk of `walks`. A walk that starts later stays that many steps behind, so every
    screen it asks for was already built by the walks ahead (the server's caches are warm) and
    no two walks build the same screen at once."""

    size: tuple[int, int]
    prefix: str
    sides: tuple[str, str] | None = None
    lag: int = 0


def _walking(browser, base_url: str, plan: Plan) -> Generator[None, None, Walk]:
    """Open 汇报模式 at the plan's size in a fresh context, choose every kind of screen (and the
    comparison sides), step through all screens (a screenshot of each to
    artifacts/e2e/<prefix>_<w>x<h>_<k>.png), then back to the first (warm steps: every screen
    built once already). Pauses right after each click, so that `walks` can run other walks
    while this one's screen is built."""
    out = Walk()
    for _ in range(plan.lag):
        yield
    width, height = plan.size
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    ctx.set_default_timeout(RUN_MS)
    install_run_counter(ctx)
    page = ctx.new_page()
    try:
        yield from opening(page, base_url, "/", "概览", timeout=FIRST_LOAD_MS)
        go_to(page, "汇报模式")
        choose_all_views(page)
        if plan.sides:
            choose_sides(page, *plan.sides)
        start = page.get_by_role("button", name="开始汇报").click
        yield from rerunning(page, start, timeout=FIRST_LOAD_MS)
        wait_for_app(page, timeout=FIRST_LOAD_MS)
        _, out.total = slide_position(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for k in range(out.total):
            info = page.evaluate(SCREEN_JS)
            out.titles.append(info["title"])
            page.screenshot(path=str(ARTIFACTS / f"{plan.prefix}_{width}x{height}_{k + 1:02d}.png"))
            out.problems += screen_problems(info)
            out.problems += [p for c in page.evaluate(CHARTS_JS) for p in layout_problems(c)]
            out.navs.append(tuple(round(b.get("top", -1)) for b in info["nav"]))
            if k < out.total - 1:
                out.first.append((yield from _step(page, "下一页", k + 2, out.total)))
        for k in range(out.total - 1):
            out.warm.append((yield from _step(page, "上一页", out.total - k - 1, out.total)))
    finally:
        ctx.close()
    return out


def walks(browser, base_url: str, plans: dict[Hashable, Plan]) -> dict[Hashable, Any]:
    """Every plan walked side by side on one server, each in its own browser context
    (helpers.side_by_side): the same screens, checks and screenshots as walking them one after
    another, in less time; a step's seconds then include the other walks' work. Per plan its
    Walk, or the error that ended it (helpers.outcome raises it)."""
    runs = {key: _walking(browser, base_url, plan) for key, plan in plans.items()}
    return side_by_side(runs, at_once=len(runs))
