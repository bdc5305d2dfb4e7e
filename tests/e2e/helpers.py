"""Browser helpers: wait until a Streamlit page has really rendered, save and check screenshots.

A Streamlit page draws over a websocket after load, so "loaded" means: a heading is there, the
script is not running, no skeleton/stale element or status widget is left, every plotly chart has
drawn its SVG and every image has decoded — and it stayed that way for a moment.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

from PIL import Image, ImageStat

ROOT = Path(__file__).resolve().parents[2]
# Screenshots, downloads and server logs; under pytest-xdist each worker (gw0, gw1…) has its own
# folder, so parallel workers never write the same file.
ARTIFACTS = ROOT / "artifacts" / "e2e" / os.environ.get("PYTEST_XDIST_WORKER", "")
# Override with DJ_CHROMIUM=/path/to/chromium (or a missing path to check the skip message).
CHROMIUM = os.environ.get("DJ_CHROMIUM", "/usr/bin/chromium")
FIRST_LOAD_MS = 90_000  # the first page load analyses the sample corpus
RUN_MS = 45_000  # one script rerun after an interaction
RERUN_START_MS = 5_000  # how long an interaction may take to start a rerun
QUIET_MS = 500  # the page must stay idle this long to count as rendered
MAX_SHOT_HEIGHT = 16_000  # px; longer pages are cut (Chromium's texture limit)

# Counts every start of a script run (stApp's data-test-script-state turning "running").
RUN_COUNTER_JS = """
window.__djRuns = 0;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.getAttribute && r.target.getAttribute('data-test-script-state') === 'running') {
      window.__djRuns += 1;
    }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""

# True once the app has been idle (connected, not running, nothing pending) for `quiet` ms.
IDLE_JS = """
(quiet) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const q = (sel) => document.querySelector(sel) !== null;
  const chartsPending = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .some((c) => !c.querySelector('.main-svg'));
  const imagesPending = [...document.querySelectorAll('[data-testid="stImage"] img')]
    .some((img) => !img.complete);
  const busy = !app
    || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
    || app.getAttribute('data-test-script-state') !== 'notRunning'
    || q('[data-testid="stStatusWidget"]') || q('[data-testid="stSkeleton"]')
    || q('[data-stale="true"]') || q('[data-testid="stSpinner"]')
    || chartsPending || imagesPending;
  const now = performance.now();
  if (busy) { window.__djIdleSince = null; return false; }
  if (window.__djIdleSince == null) window.__djIdleSince = now;
  return now - window.__djIdleSince >= quiet;
}
"""

# Per word-cloud image: decoded size and whether its pixels have more than one colour.
IMAGES_JS = """
async () => {
  const out = [];
  for (const img of document.querySelectorAll('[data-testid="stImage"] img')) {
    try { await img.decode(); } catch (e) { /* reported through naturalWidth below */ }
    const w = img.naturalWidth, h = img.naturalHeight;
    let colours = 0;
    if (w > 0 && h > 0) {
      const canvas = document.createElement('canvas');
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, w, h).data;
      const seen = new Set();
      const step = Math.max(1, Math.floor((w * h) / 20000)) * 4;
      for (let i = 0; i < data.length && seen.size < 64; i += step) {
        seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
      colours = seen.size;
    }
    out.push({src: img.src.slice(0, 80), width: w, height: h, colours: colours});
  }
  return out;
}
"""


def unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (
            f"browser (e2e) tests skipped: Chromium not found at {CHROMIUM}. "
            "Install it with `apt-get install chromium fonts-noto-cjk` "
            "(never `playwright install`), or point DJ_CHROMIUM at a Chromium binary."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return (
            f"browser (e2e) tests skipped: Playwright for Python cannot be imported ({exc}). "
            "Install requirements-dev.txt (`make test` does)."
        )
    return None


def install_run_counter(context) -> None:
    """Count script runs in every page of `context` (see rerun())."""
    context.add_init_script(RUN_COUNTER_JS)


def wait_idle(page, timeout: int = RUN_MS) -> None:
    """Wait until the app is connected, not running and fully drawn, for QUIET_MS in a row."""
    page.evaluate("window.__djIdleSince = null")
    page.wait_for_function(IDLE_JS, arg=QUIET_MS, timeout=timeout, polling=100)


def wait_for_app(page, heading: str | None = None, timeout: int = RUN_MS) -> None:
    """Wait for the page title (an <h1> in the main area, optionally with this text) and for the
    app to go idle."""
    _heading(page, heading).wait_for(state="visible", timeout=timeout)
    wait_idle(page, timeout)


def _heading(page, heading: str | None = None):
    """The first <h1> of the main area (with exactly this text, when given)."""
    h1 = page.locator('[data-testid="stMain"] h1')
    if heading:
        h1 = h1.filter(has_text=re.compile(rf"^\s*{re.escape(heading)}\s*$"))
    return h1.first


def runs(page) -> int:
    """How many script runs this page has seen."""
    return int(page.evaluate("window.__djRuns || 0"))


def rerun(page, action, timeout: int = RUN_MS) -> None:
    """Do `action()` (a click, a fill…), wait for the rerun it causes to start and finish."""
    for _ in rerunning(page, action, timeout):
        pass


def rerunning(page, action, timeout: int = RUN_MS) -> Iterator[None]:
    """`rerun` as steps for `side_by_side`: pauses once, after the action."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    before = runs(page)
    action()
    yield
    with contextlib.suppress(PlaywrightTimeout):  # some interactions cause no rerun
        page.wait_for_function(f"(window.__djRuns || 0) > {before}", timeout=RERUN_START_MS)
    wait_idle(page, timeout)


def open_page(page, base_url: str, path: str, heading: str, timeout: int = RUN_MS) -> None:
    """Load `path` in `page` (a fresh session) and wait until it has rendered."""
    for _ in opening(page, base_url, path, heading, timeout):
        pass


def opening(page, base_url: str, path: str, heading: str, timeout: int = RUN_MS) -> Iterator[None]:
    """`open_page` as steps for `side_by_side`: pauses once, after the request."""
    page.goto(base_url.rstrip("/") + path)
    yield
    wait_for_app(page, heading, timeout)


def go_to(page, title: str, timeout: int = RUN_MS) -> None:
    """Navigate as a user: click the sidebar link `title` and wait for that page's heading."""
    link = page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first
    rerun(page, link.click, timeout)
    if not _heading(page, title).is_visible():  # idle with its heading shown: arrived already
        wait_for_app(page, title, timeout)


def screenshot(page, name: str) -> Path:
    """A full-page PNG `<name>.png` in ARTIFACTS, including the scrolled part of the main area.

    Streamlit scrolls inside [data-testid="stMain"], so Playwright's full_page only sees the
    viewport; the viewport is stretched to the content height for the shot, then restored.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        '\'[data-testid="stMain"], [data-testid="stSidebarContent"]\')]'
        ".map((e) => e.scrollHeight), window.innerHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(height, MAX_SHOT_HEIGHT)})
    try:
        wait_idle(page)  # charts re-layout on resize
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def _main_box(page) -> tuple[int, int, int, int] | None:
    """Pixel box (left, top, right, bottom) of the main area in the screenshot."""
    box = page.locator('[data-testid="stMain"]').bounding_box()
    if not box:
        return None
    return (int(box["x"]), 0, int(box["x"] + box["width"]), 10**6)


def check_screenshot(path: Path, page) -> None:
    """Catch the classic failures: blank page, a Streamlit exception box, an empty word cloud,
    and content wider than the main area."""
    with Image.open(path) as shot:
        img = shot.convert("RGB")
    box = _main_box(page)
    if box:
        left, top, right, bottom = box
        img = img.crop((left, top, min(right, img.width), min(bottom, img.height)))
    grey = img.convert("L")
    spread = ImageStat.Stat(grey).stddev[0]
    colours = len(img.resize((min(img.width, 480), min(img.height, 1600))).getcolors(1 << 16) or [])
    assert spread > 4 and colours > 16, f"{path.name}: the page looks blank (stddev {spread:.1f})"

    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, (
        f"{path.name}: exception on the page: {exceptions.first.inner_text()}"
    )

    for info in page.evaluate(IMAGES_JS):
        assert info["width"] > 0 and info["height"] > 0, f"{path.name}: image not loaded: {info}"
        assert info["colours"] > 1, f"{path.name}: image is a single colour: {info}"

    overflow = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollWidth - m.clientWidth : 0; }"
    )
    assert overflow <= 2, f"{path.name}: content overflows the main area by {overflow} px"


def shoot(page, name: str) -> Path:
    """Screenshot and check it in one step (every scenario ends with this)."""
    path = screenshot(page, name)
    check_screenshot(path, page)
    return path


def _grid(page, header: str, containing: str | None = None):
    """The accessible table of the first grid with a column headed exactly `header` (and with
    a cell showing `containing`, when given)."""
    grids = page.locator('[data-testid="stDataFrame"] table[role="grid"]')
    if containing:
        grids = grids.filter(has_text=containing)
    # the accessible table is visually hidden, so match the <th> text rather than its role
    th = page.locator("th", has_text=re.compile(rf"^\s*{re.escape(header)}\s*$"))
    return grids.filter(has=th).first


def grid_rows(page, header: str) -> int:
    """Total data rows of the first st.dataframe/st.data_editor with a column headed `header`.

    The grid paints on a canvas but keeps an accessible <table role=grid> with aria-rowcount
    (header row included).
    """
    return int(_grid(page, header).get_attribute("aria-rowcount")) - 1


def grid_text(page, header: str, containing: str | None = None) -> str:
    """The text of the rendered cells of the first grid with a column headed `header`."""
    return _grid(page, header, containing).inner_text()


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the st.selectbox labelled `label` and wait for the rerun."""
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.first.click()
    rerun(page, page.get_by_role("option", name=option, exact=True).click)


def slide_position(page) -> tuple[int, int]:
    """(current, total) from the "i / n" counter of the presentation mode."""
    text = page.get_by_text(re.compile(r"^\s*\d+ / \d+\s*$")).first.inner_text()
    current, total = (int(x) for x in re.findall(r"\d+", text))
    return current, total


# (url path, page heading) of every page routed in app.py PAGES, in menu order.
ROUTED_PAGES = [
    ("/", "概览"),
    ("/report", "报告详情"),
    ("/themes", "主题探索"),
    ("/search", "关键词检索"),
    ("/trends", "趋势"),
    ("/similar", "相似支部"),
    ("/overlap", "雷同检测"),
    ("/compare", "支部对比"),
    ("/present", "汇报模式"),
    ("/manage", "数据管理"),
]


# What the planted markup would become if rendered: an image or a link to the planted host, a
# javascript: link, or KaTeX math.
LIVE = (
    'img[src*="example.invalid"], img[src*="e.in"], a[href*="example.invalid"], '
    'a[href^="javascript:"], a[href^="//e"], .katex'
)


def manage_upload(page, files: list[dict]) -> None:
    """On 数据管理 › 上传报告, hand `files` to the uploader and wait for the preview."""
    go_to(page, "数据管理")
    page.get_by_role("tab", name="上传报告").click()
    chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    rerun(page, lambda: chooser.set_input_files(files))


def side_by_side(runs: dict[Hashable, Iterator], at_once: int = 4) -> dict[Hashable, Any]:
    """Run browser walks in turns: each run is a generator that pauses (yields) where it has
    asked the app for something and would otherwise wait; one step of each in turn, up to
    `at_once` runs at a time, so their waits overlap. Per key what the run returned, or the
    exception that ended it (raised in the test that asks for it: see `outcome`)."""
    waiting = list(runs.items())
    running: dict[Hashable, Iterator] = {}
    done: dict[Hashable, Any] = {}
    while waiting or running:
        while waiting and len(running) < at_once:
            key, steps = waiting.pop(0)
            running[key] = steps
        for key, steps in list(running.items()):
            try:
                next(steps)
            except StopIteration as stop:
                done[key] = stop.value
                del running[key]
            except Exception as exc:  # this run's own test reports it
                done[key] = exc
                del running[key]
    return done


def outcome(result: Any) -> Any:
    """One run's result from `side_by_side`, or its error raised here."""
    if isinstance(result, Exception):
        raise result
    return result
