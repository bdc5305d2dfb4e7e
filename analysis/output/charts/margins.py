"""Margins computed from a figure's own labels, so a chart reads right whatever fonts the PC has.

plotly's automargin measures the labels when it draws; when the page's Chinese font arrives
later (it is not a system font), the labels grow after the margins were set and are clipped or
run over the plot. Here the width of every label is estimated from its characters instead (about
1 em per CJK character, 0.55 em per Latin one, at the font size), the margins are set from that,
axis titles are pinned at a computed distance from their ticks, and category labels that would
not fit side by side are written vertically, one character per line, as Chinese allows.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

WIDE_EM = 1.0  # a CJK (or full-width) character
NARROW_EM = 0.55  # a Latin letter, digit or sign
LINE_EM = 1.3  # height of one line of text
TICK_PAD = 10  # px between the axis and its tick labels (ticks included)
TITLE_PAD = 8  # px between tick labels and the axis title
STANDOFF = 12  # px between the x axis and its tick labels: clear of values at the bars' ends
EDGE = 12  # px of white between the outermost label and the figure's edge
_TAG = re.compile(r"<[^>]+>")


def text_em(text: object) -> float:
    """Width of one line of plotly label text, in em (markup stripped, entities decoded)."""
    plain = html.unescape(_TAG.sub("", str(text)))
    return sum(WIDE_EM if unicodedata.east_asian_width(ch) in "WFA" else NARROW_EM for ch in plain)


def text_px(text: object, size: float) -> float:
    """Width in px of the widest line of `text` (lines split at <br>) at font size `size`."""
    lines = re.split(r"<br\s*/?>", str(text))
    return max((text_em(line) for line in lines), default=0.0) * size


def stacked(text: str) -> str:
    """A label written vertically, one character per line (a word of Latin letters kept whole)."""
    parts = re.findall(r"[A-Za-z0-9.%+-]+|&[a-z]+;|&#\d+;|\S", text)
    return "<br>".join(parts)


def _is_numeric(values: Iterable[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _number_labels(values: Sequence[float], log: bool) -> list[str]:
    """Labels plotly may print on a numeric axis spanning `values` (the widest ones matter)."""
    finite = [abs(float(v)) for v in values if v == v and math.isfinite(float(v))]
    top = max(finite, default=1.0)
    if log:
        return [str(10 ** max(0, math.ceil(math.log10(top)) if top > 0 else 0))]
    neg = "−" if any(float(v) < 0 for v in values if v == v) else ""
    return [f"{neg}{top:.0f}", f"{neg}{top / 10:.1f}" if top < 10 else f"{neg}{top:.0f}"]


@dataclass(frozen=True)
class Axis:
    """What one cartesian axis will print: its tick labels and whether they are categories."""

    labels: tuple[str, ...]
    categories: bool


def _axis_values(fig: go.Figure, letter: str) -> Axis:
    """The values of every trace along axis `letter` ("x" or "y")."""
    values: list[Any] = []
    for trace in fig.data:
        if trace.type not in ("bar", "heatmap", "scatter", "scattergl"):
            continue
        v = getattr(trace, letter, None)
        if v is not None:
            values += list(v)
    axis = fig.layout.xaxis if letter == "x" else fig.layout.yaxis
    if axis.ticktext and not _is_numeric(axis.tickvals or ()):
        return Axis(tuple(str(t) for t in axis.ticktext), True)
    if axis.ticktext:  # a numeric axis with its own labels (a log axis's 1, 10, 100): those and
        # the widest label plotly could print, so a late, wider font still clears the axis title
        shown = _number_labels([*values, *(axis.range or ())], axis.type == "log")
        return Axis((*(str(t) for t in axis.ticktext), *shown), False)
    if values and not _is_numeric(values):
        return Axis(tuple(dict.fromkeys(str(v) for v in values)), True)
    if axis.range:
        values += list(axis.range)
    return Axis(tuple(_number_labels(values, axis.type == "log")), False)


def _pin_title(fig: go.Figure, letter: str, shift: float, size: float) -> float:
    """Replace an axis title by an annotation `shift` px off the plot; returns the px it needs."""
    axis = fig.layout.xaxis if letter == "x" else fig.layout.yaxis
    text = axis.title.text
    if not text:
        return 0.0
    font = (
        dict(size=size, color=axis.title.font.color) if axis.title.font.color else dict(size=size)
    )
    axis.title.text = None
    if letter == "x":
        fig.add_annotation(
            text=text, xref="paper", yref="paper", x=0.5, y=0, yanchor="top", yshift=-shift,
            showarrow=False, font=font,
        )  # fmt: skip
    else:
        fig.add_annotation(
            text=text, xref="paper", yref="paper", x=0, y=0.5, xanchor="right", xshift=-shift,
            textangle=-90, showarrow=False, font=font,
        )  # fmt: skip
    return size * LINE_EM + TITLE_PAD


def _bar_value_px(fig: go.Figure, size: float) -> float:
    """Width of the widest value written outside the end of a horizontal bar."""
    widths = [
        text_px(t, size)
        for trace in fig.data
        if trace.type == "bar" and trace.orientation == "h" and trace.textposition == "outside"
        for t in (trace.text or ())
    ]
    return max(widths, default=0.0)


def _colorbar_px(fig: go.Figure, size: float) -> float:
    """Room a heatmap's colour bar needs on the right: bar, numbers, and its title above it."""
    for trace in fig.data:
        if trace.type == "heatmap" and trace.showscale is not False:
            numbers = max((text_px(f"{v:.0f}", size) for v in _flat(trace.z)), default=size)
            # Its title would be placed by measuring it: the chart's title names the unit instead.
            trace.update(colorbar=dict(thickness=18, title=dict(text=None)))
            return 18 + 16 + numbers + 16
    return 0.0


def _flat(z: Any) -> list[float]:
    out: list[float] = []
    for row in [] if z is None else z:
        out += [float(v) for v in row if v == v]
    return out


def fit_cartesian(
    fig: go.Figure, tick: float, title: float, width: float, top: float, legend: float = 0
) -> None:
    """Margins of a cartesian figure `width` px wide, from its labels at font sizes `tick`
    (tick labels) and `title` (axis titles); `top` px are kept for the figure's title and
    `legend` px for a legend row beneath it. Axis titles become pinned annotations."""
    x, y = _axis_values(fig, "x"), _axis_values(fig, "y")
    left = max((text_px(t, tick) for t in y.labels), default=0.0) + TICK_PAD
    right = max(_colorbar_px(fig, tick), _bar_value_px(fig, tick) + EDGE, EDGE)
    plot_w = max(width - left - right - title * LINE_EM, 100)
    x_labels = x.labels
    if x.categories and sum(text_px(t, tick) + tick for t in x_labels) > plot_w:
        ticktext = [stacked(t) for t in x_labels]
        fig.update_xaxes(tickvals=list(x_labels), ticktext=ticktext, tickangle=0)
        x_labels = tuple(ticktext)
    lines = max((len(re.split(r"<br\s*/?>", t)) for t in x_labels), default=1)
    bottom = lines * tick * LINE_EM + TICK_PAD + STANDOFF
    # Every category gets its label (plotly skips some when they look crowded).
    fig.update_xaxes(
        side="bottom", automargin=True, ticklabelstandoff=STANDOFF,
        **({"dtick": 1} if x.categories else {}),
    )  # fmt: skip
    fig.update_yaxes(automargin=True, **({"dtick": 1} if y.categories else {}))
    bottom += _pin_title(fig, "x", bottom, title)
    left += _pin_title(fig, "y", left, title)
    # Half a label sticks out beyond each end of a numeric x axis.
    half = max((text_px(t, tick) for t in x_labels), default=0.0) / 2 if not x.categories else 0
    fig.update_layout(
        margin=dict(
            l=math.ceil(max(left + EDGE, half + EDGE)),
            r=math.ceil(max(right, half + EDGE)),
            t=math.ceil(top + legend),
            b=math.ceil(bottom + EDGE),
            pad=0,
        )
    )
    if legend:
        fig.update_layout(
            legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom",
                        **legend_entries(fig, tick)),
        )  # fmt: skip


def fit_polar(fig: go.Figure, tick: float, top: float, legend: float = 0) -> None:
    """Margins of a radar chart from its angular labels; radial numbers kept off the centre
    (a few ticks, on a line between two spokes)."""
    theta: list[str] = []
    for trace in fig.data:
        if trace.type == "scatterpolar":
            theta += [str(t) for t in trace.theta or ()]
    side = max((text_px(t, tick) for t in theta), default=0.0) + 2 * EDGE
    n = max(len(set(theta)), 1)
    fig.update_polars(radialaxis=dict(nticks=4, angle=180 / n, ticks=""))
    bottom = tick * 2 + EDGE + legend
    fig.update_layout(
        margin=dict(l=math.ceil(side), r=math.ceil(side), t=math.ceil(top + tick * 2),
                    b=math.ceil(bottom), pad=0),
    )  # fmt: skip
    if legend:
        fig.update_layout(
            legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom",
                        yref="container", **legend_entries(fig, tick)),
        )  # fmt: skip


def legend_entries(fig: go.Figure, size: float) -> dict[str, Any]:
    """Legend entries of a fixed width (the widest name plus its symbol), so they are placed
    apart whatever width the font measures when plotly draws them."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    width = max((text_px(n, size) for n in names), default=0.0) + 56
    return {"entrywidth": math.ceil(width), "entrywidthmode": "pixels", "font": {"size": size}}


def has_legend(fig: go.Figure) -> bool:
    """Whether the figure shows a legend (more than one named trace, legend not switched off)."""
    if fig.layout.showlegend is False:
        return False
    named = [t for t in fig.data if t.name and t.showlegend is not False]
    return len(named) > 1


def fit(fig: go.Figure, tick: float, title: float, width: float, top: float) -> go.Figure:
    """Margins computed from the labels for a cartesian or polar figure; tables and tiles are
    left as they are."""
    kinds = {t.type for t in fig.data}
    legend = tick * 2 if has_legend(fig) else 0
    if kinds & {"bar", "heatmap", "scatter", "scattergl"}:
        if fig.layout.xaxis.visible is not False:
            fit_cartesian(fig, tick, title, width, top, legend)
    elif "scatterpolar" in kinds:
        fit_polar(fig, tick, top, legend)
    return fig
