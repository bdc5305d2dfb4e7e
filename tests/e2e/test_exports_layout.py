"""The standalone HTML exports in a real Chromium: every label of every chart is drawn inside its
chart, off the plot area and clear of the other labels; the heatmap names its branches and themes
and writes its values; no chart overlaps the block after it.

Two ways of opening the file: as is, and with a "late font" — every chart text measuring a tenth
of its size while plotly lays the page out, its real size afterwards — which is what a PC sees
when the page's Chinese font is not a system font and arrives after plotly measured its labels.
A layout that relies on plotly's measurement (automargin) fails the second way; margins computed
from the labels do not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.chart_layout import CHARTS_JS, TOLERANCE, inside, layout_problems
from tests.e2e.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.e2e

SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))

# Installed before any page script runs: chart texts tiny while plotly lays out (a late font).
LATE_FONT_JS = """
(() => {
  // While laying out, every chart text measures as if drawn at a tenth of its size (a fallback
  // font, before the real one is there); the real size is drawn and measured afterwards.
  window.__djLateFont = true;
  const shrink = (r) => new DOMRect(r.x, r.y, r.width / 10, r.height / 10);
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function () {
    const r = rect.call(this);
    const text = this instanceof SVGElement && (this.tagName === 'text' || this.closest('text'));
    return window.__djLateFont && text ? shrink(r) : r;
  };
  const bbox = SVGGraphicsElement.prototype.getBBox;
  SVGGraphicsElement.prototype.getBBox = function () {
    const r = bbox.call(this);
    return window.__djLateFont && this.tagName === 'text' ? shrink(r) : r;
  };
})();
"""

# Resolves once the fonts are loaded and two frames have been drawn since (the texts at their size).
SETTLED_JS = """
() => document.fonts.ready.then(() => new Promise((done) => {
  requestAnimationFrame(() => requestAnimationFrame(done));
}))
"""


# The top and bottom of every block of the document, in order.
BLOCKS_JS = """
() => [...document.querySelectorAll('main > *')].map((e) => {
  const r = e.getBoundingClientRect();
  return {tag: e.tagName, top: r.top, bottom: r.bottom};
}).filter((b) => b.bottom > b.top)
"""


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    """The briefing HTML of the samples and the comparison HTML of 000 vs 003, via the CLI's
    main (in this process: two more interpreters would only import and analyse again)."""
    from analysis.cli import main

    out = tmp_path_factory.mktemp("html")
    b, c = out / "briefing.html", out / "comparison.html"
    a_file = next(p for p in SAMPLES if p.name.startswith("000_"))
    b_file = next(p for p in SAMPLES if p.name.startswith("003_"))
    for args in (
        ["brief", *map(str, SAMPLES), "--html", str(b), "--workers", "1"],
        ["compare", str(a_file), "--vs", str(b_file), "--html", str(c), "--workers", "1"],
    ):
        assert main(args) == 0, args
    return {"briefing": b, "comparison": c}


def _open(browser, path: Path, late_font: bool, name: str):
    """The file in a fresh 1440x900 tab, laid out, fonts settled; a full-page screenshot saved."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    if late_font:
        page.add_init_script(LATE_FONT_JS)
    page.goto(path.as_uri())
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every((g) => g._fullLayout)"
    )
    page.evaluate("() => { window.__djLateFont = false; }")
    page.evaluate(SETTLED_JS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return ctx, page


@pytest.mark.parametrize("late_font", [False, True], ids=["fonts-ready", "late-font"])
@pytest.mark.parametrize("kind", ["briefing", "comparison"])
def test_every_chart_label_is_visible(browser, exports, kind, late_font):
    ctx, page = _open(
        browser, exports[kind], late_font, f"html_{kind}{'_late' if late_font else ''}"
    )
    try:
        charts = page.evaluate(CHARTS_JS)
        blocks = page.evaluate(BLOCKS_JS)
    finally:
        ctx.close()
    assert charts, "no chart drawn"
    problems = [p for chart in charts for p in layout_problems(chart)]
    assert not problems, "\n".join(problems[:30])
    for upper, lower in zip(blocks, blocks[1:], strict=False):
        assert upper["bottom"] <= lower["top"] + TOLERANCE, (
            f"{upper['tag']} (bottom {upper['bottom']:.0f}) overlaps the next "
            f"{lower['tag']} (top {lower['top']:.0f})"
        )


@pytest.mark.parametrize("late_font", [False, True], ids=["fonts-ready", "late-font"])
def test_heatmap_names_branches_and_themes_and_shows_values(browser, exports, late_font):
    from analysis.core.resources import default_texts
    from analysis.text.theme_dictionary import parse_theme_dictionary

    themes = set(parse_theme_dictionary(default_texts().themes).names)
    ctx, page = _open(browser, exports["briefing"], late_font, "html_heatmap")
    try:
        charts = page.evaluate(CHARTS_JS)
    finally:
        ctx.close()
    heat = next(c for c in charts if any(t["role"] == "cell" for t in c["texts"]))
    x = {t["text"] for t in heat["texts"] if t["role"] == "xtick"}
    y = [t["text"] for t in heat["texts"] if t["role"] == "ytick"]
    cells = [t for t in heat["texts"] if t["role"] == "cell"]
    assert x == themes
    assert len(y) == len(SAMPLES) and all(y), y
    assert len(cells) == len(x) * len(y)
    assert all(c["text"].strip().isdigit() for c in cells)
    assert all(any(inside(c, p) for p in heat["plots"]) for c in cells)
