"""How a figure is dressed for each medium, and the one rule for putting user text in a chart.

Builders give a figure its data, colours, title and natural height; these functions only dress it:
`for_screen` (a page), `for_document` (a standalone HTML or PNG) and `for_projector` (a slide of
汇报模式: big fonts, thick lines, high-contrast reds and golds on white).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from analysis.core.escape import chart_label
from analysis.output.charts.margins import fit

# Fonts a Chinese reader's PC has (Windows, macOS, Linux), first match wins.
FONT_FAMILY = (
    "Microsoft YaHei, 微软雅黑, PingFang SC, Noto Sans CJK SC, Noto Sans SC, "
    "Source Han Sans SC, WenQuanYi Micro Hei, sans-serif"
)
DOCUMENT_HEIGHT = 480  # px of a document chart whose builder gave it no height
DOCUMENT_WIDTH = 1100  # px: the narrowest a document chart is drawn on a PC (page max 1200)
DOCUMENT_FONT = 14
DOCUMENT_TITLE_PX = 56  # room above the plot for a document chart's title

# High-contrast reds and golds that survive a washed-out projector; A/B keep the page's colours.
PROJECTOR_PALETTE = ("#B00020", "#D49A00", "#6E0A12", "#E8590C", "#8C6D00", "#D6336C")
FONT_SIZE = 22  # base font of slide figures (about 1.6x the page charts)
TICK_SIZE = 20
LINE_WIDTH = 5
SLIDE_HEIGHT = 520  # px of a slide figure: title + figure + controls fit a 1366x768 projector
SLIDE_WIDTH = 1240  # px: a slide figure's width on a 1366x768 projector (the smallest screen)
SLIDE_TOP_PX = 16  # room above a slide figure's plot (the slide draws the title)
# Toolbar buttons a page user never needs (their tooltips are English); PNG download stays.
MODEBAR_REMOVE = (
    "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
    "resetScale2d", "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines",
    "zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo", "hoverClosestGl2d",
    "hoverClosestPie", "toggleHover", "resetViews", "resetViewMapbox", "zoom", "pan", "select",
    "lasso", "orbitRotation", "tableRotation", "resetCameraDefault3d", "resetCameraLastSave3d",
    "hoverClosest3d", "zoom3d", "pan3d", "toggleHover",
)  # fmt: skip
# The page toolbar's only button, in Chinese (plotly looks its tooltip up in `locales`).
SCREEN_LOCALE = "zh-CN"
SCREEN_DICTIONARY = {
    "Download plot as a PNG": "下载图片（PNG）",
    "Download plot as a png": "下载图片（PNG）",
    "Download plot": "下载图片",
}
INK = "#1A1A1A"
EDGE_PX = 16  # room above a chart without a title


def label(text: Any) -> str:
    """User text (a branch, a theme, a word) as an inert plotly label or hover text."""
    return chart_label(text)


AXIS_NAME_MAX = 8  # characters of a side's name in an axis title (a report title can be 30)


def axis_name(text: Any) -> str:
    """A side's name cut for an axis title, which must fit the chart's width (hovers keep it whole)."""
    plain = str(text)
    return label(plain if len(plain) <= AXIS_NAME_MAX else plain[: AXIS_NAME_MAX - 1] + "…")


def for_screen(fig: go.Figure, height: int | None = None) -> go.Figure:
    """A page chart: Chinese font, compact margins that grow with the labels (automargin)."""
    fig.update_layout(
        font=dict(family=FONT_FAMILY),
        margin=dict(l=10, r=10, t=50 if fig.layout.title.text else 20, b=10),
    )
    if height:
        fig.update_layout(height=height)
    return fig


def for_document(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """A chart in a standalone HTML or PNG: white background, Chinese font, a title (`title` is
    escaped here; without one the builder's own, already escaped, title stays), margins computed
    from its labels (charts.margins) so it reads right before and after the font loads."""
    text = label(title) if title is not None else fig.layout.title.text
    fig.update_layout(
        title=dict(text=text, x=0.01, y=1, yref="container", yanchor="top", pad=dict(t=14)),
        font=dict(family=FONT_FAMILY, size=DOCUMENT_FONT),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height or fig.layout.height or DOCUMENT_HEIGHT,
        margin=dict(l=EDGE_PX, r=EDGE_PX, t=DOCUMENT_TITLE_PX if text else EDGE_PX, b=EDGE_PX),
    )
    fig.update_traces(textfont=dict(size=DOCUMENT_FONT - 1), selector=dict(type="heatmap"))
    top = DOCUMENT_TITLE_PX if text else EDGE_PX
    return fit(fig, DOCUMENT_FONT, DOCUMENT_FONT, DOCUMENT_WIDTH, top)


def screen_config(name: str) -> dict[str, Any]:
    """plotly config of a page chart: only the PNG download in the toolbar (named `name`), no
    logo; the other buttons' tooltips are English and users do not need them."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": list(MODEBAR_REMOVE),
        "locale": SCREEN_LOCALE,
        "locales": {SCREEN_LOCALE: {"dictionary": dict(SCREEN_DICTIONARY)}},
        "toImageButtonOptions": {
            "format": "png",
            "filename": name,
            "width": 1600,
            "height": 900,
            "scale": 1,
        },
    }


def projector_config() -> dict[str, Any]:
    """plotly config of a slide: no toolbar at all, no scroll zoom."""
    return {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}


def for_projector(fig: go.Figure, height: int = SLIDE_HEIGHT) -> go.Figure:
    """A slide figure, restyled in place: big fonts, thick lines, projector palette, no title
    (the slide draws it), margins computed from the labels; returns the figure."""
    fig.update_layout(
        template="simple_white",
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=INK),
        colorway=list(PROJECTOR_PALETTE),
        height=height,
        title=dict(text=None),
        margin=dict(l=8, r=8, t=8, b=8, pad=0),  # tables and tiles; charts get theirs in fit()
        legend=dict(font=dict(size=TICK_SIZE)),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    axis = dict(
        tickfont=dict(size=TICK_SIZE, color=INK),
        title_font=dict(size=FONT_SIZE, color=INK),
        linewidth=2,
        showline=True,
        automargin=True,
    )
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    fig.update_polars(
        angularaxis=dict(tickfont=dict(size=TICK_SIZE, color=INK), linewidth=2),
        radialaxis=dict(tickfont=dict(size=TICK_SIZE - 4, color="#333333"), linewidth=2),
    )
    fig.for_each_trace(_thicken)
    return fit(fig, TICK_SIZE, FONT_SIZE, SLIDE_WIDTH, SLIDE_TOP_PX)


def _thicken(trace: Any) -> None:
    """Thick lines and big markers for line-like traces; big cell text for heatmaps and bars."""
    kind = trace.type
    if kind in ("scatter", "scattergl", "scatterpolar"):
        trace.update(line=dict(width=LINE_WIDTH))
        size = trace.marker.size if isinstance(trace.marker.size, int | float) else 8
        trace.update(marker=dict(size=max(12, size)), textfont=dict(size=FONT_SIZE - 2))
    elif kind == "heatmap":
        trace.update(textfont=dict(size=FONT_SIZE), xgap=2, ygap=2)
    elif kind == "bar":
        trace.update(textfont=dict(size=FONT_SIZE), marker_line=dict(width=0))
