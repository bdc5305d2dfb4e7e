"""How a figure is dressed for each medium, and the one rule for putting user text in a chart."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from analysis.core.escape import chart_label

# Fonts a Chinese reader's PC has (Windows, macOS, Linux), first match wins.
FONT_FAMILY = (
    "Microsoft YaHei, 微软雅黑, PingFang SC, Noto Sans CJK SC, Noto Sans SC, "
    "Source Han Sans SC, WenQuanYi Micro Hei, sans-serif"
)


def label(text: Any) -> str:
    """User text (a branch, a theme, a word) as an inert plotly label or hover text."""
    return chart_label(text)


def for_screen(fig: go.Figure, height: int | None = None) -> go.Figure:
    """A page chart: Chinese font, compact margins that grow with the labels (automargin)."""
    fig.update_layout(
        font=dict(family=FONT_FAMILY),
        margin=dict(l=10, r=10, t=50 if fig.layout.title.text else 20, b=10),
    )
    if height:
        fig.update_layout(height=height)
    return fig


def for_document(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    """A chart in a standalone HTML or PNG: white background, escaped title, Chinese font."""
    fig.update_layout(
        title=dict(text=label(title), x=0.01),
        font=dict(family=FONT_FAMILY, size=14),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
    )
    return fig
