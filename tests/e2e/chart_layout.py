"""Where a plotly chart's labels are drawn in a real browser, and what is wrong with it: CHARTS_JS
reads every chart's SVG box, plot areas and drawn texts; layout_problems names every label cut by
the chart's edge, lying over the plot area or over another label. Shared by the export layout
test and the 汇报模式 walks (tests/e2e/present_walk.py)."""

from __future__ import annotations

TOLERANCE = 1.5  # px of anti-aliasing slack in every box comparison


# Per chart: its SVG box, its plot areas, and every drawn text with its box and role.
CHARTS_JS = """
() => [...document.querySelectorAll('.js-plotly-plot')].map((gd, index) => {
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  const box = (r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const fl = gd._fullLayout;
  const plots = Object.values(fl._plots || {}).map((p) => ({
    left: svg.left + p.xaxis._offset, right: svg.left + p.xaxis._offset + p.xaxis._length,
    top: svg.top + p.yaxis._offset, bottom: svg.top + p.yaxis._offset + p.yaxis._length,
  }));
  const role = (t) => t.closest('.xtick') ? 'xtick' : t.closest('.ytick') ? 'ytick'
    : t.closest('.g-xtitle') ? 'xtitle' : t.closest('.g-ytitle') ? 'ytitle'
    : t.closest('.heatmaplayer') ? 'cell' : t.closest('.legend') ? 'legend'
    : t.closest('.colorbar') ? 'colorbar' : t.closest('.textpoint') ? 'point'
    : t.closest('.polarlayer') ? 'polar' : t.closest('.annotation') ? 'annotation'
    : t.classList.contains('gtitle') ? 'title' : 'other';
  const texts = [...gd.querySelectorAll('.main-svg text')]
    .filter((t) => t.textContent.trim() && !t.closest('.hoverlayer'))
    .map((t) => ({role: role(t), text: t.textContent, ...box(t.getBoundingClientRect())}))
    .filter((t) => t.right > t.left);
  const outer = gd.closest('.plotly-graph-div') || gd;
  return {index, title: fl.title && fl.title.text || '', svg: box(svg), plots, texts,
          block: box(outer.getBoundingClientRect())};
})
"""


def inside(inner: dict, outer: dict) -> bool:
    """`inner` lies within `outer` (boxes of left/right/top/bottom), give or take TOLERANCE."""
    return (
        inner["left"] >= outer["left"] - TOLERANCE
        and inner["right"] <= outer["right"] + TOLERANCE
        and inner["top"] >= outer["top"] - TOLERANCE
        and inner["bottom"] <= outer["bottom"] + TOLERANCE
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > TOLERANCE
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOLERANCE
    )


def _where(t: dict) -> str:
    return f"{t['role']} {t['text']!r} at ({t['left']:.0f}, {t['top']:.0f})–({t['right']:.0f}, {t['bottom']:.0f})"


def layout_problems(chart: dict) -> list[str]:
    """Every label outside its SVG, over the plot area, or over another label."""
    name = f"chart {chart['index'] + 1} «{chart['title'][:20]}»"
    problems = []
    texts = chart["texts"]
    for t in texts:
        if not inside(t, chart["svg"]):
            problems.append(f"{name}: {_where(t)} is cut by the chart's edge")
        if t["role"] in ("xtick", "ytick", "xtitle", "ytitle", "title", "legend"):
            for plot in chart["plots"]:
                if _overlap(t, plot):
                    problems.append(f"{name}: {_where(t)} lies over the plot area")
    # Point labels of the scatter may touch one another; every other label stands clear.
    solid = [t for t in texts if t["role"] != "point"]
    for k, a in enumerate(solid):
        for b in solid[k + 1 :]:
            if _overlap(a, b):
                problems.append(f"{name}: {_where(a)} overlaps {_where(b)}")
    return problems
