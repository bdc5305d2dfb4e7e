"""Figures of a corpus briefing: headline tiles, the branch × theme heatmap, keyword and
formulation bars. Used by the slides of 汇报模式 and the briefing HTML alike.

(The overview page's heatmap and bars live in charts/corpus.py, which adds click selection;
the two are to be merged into one builder per kind.)
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analysis.core import palette
from analysis.output.charts.margins import text_em
from analysis.output.charts.style import FONT_SIZE, PROJECTOR_PALETTE, SLIDE_WIDTH, label

RED, GOLD = palette.PALETTE[0], palette.PALETTE[1]
MAX_UNIT_TICKS = 10  # a count axis up to this many gets a tick at every whole number


def kpi_tiles(kpis: Sequence[tuple[str, str, str]], per_row: int = 4) -> go.Figure:
    """Headline figures (label, value, unit) as big tiles: the value in red, label and unit
    beneath."""
    fig = go.Figure()
    rows = max(1, -(-len(kpis) // per_row))
    gap = 0.03
    w = (1 - gap * (per_row - 1)) / per_row
    h = (1 - gap * (rows - 1)) / rows
    tile_px = SLIDE_WIDTH * w * 0.9  # a label must fit its tile on the smallest screen
    for k, (name, value, unit) in enumerate(kpis):
        r, col = divmod(k, per_row)
        x0, y1 = col * (w + gap), 1 - r * (h + gap)
        caption = f"{name}（{unit}）" if unit else name
        caption_size = min(FONT_SIZE + 2, int(tile_px / max(text_em(caption), 1)))
        value_size = min(72 if len(value) <= 5 else 48, int(tile_px / max(text_em(value), 1)))
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x0 + w,
            y0=y1 - h,
            y1=y1,
            xref="paper",
            yref="paper",
            fillcolor="#FFF8E7",
            line=dict(color=PROJECTOR_PALETTE[1], width=3),
        )
        for y, text, size, color in (
            (0.36, f"<b>{label(value)}</b>", value_size, PROJECTOR_PALETTE[0]),
            (0.82, label(caption), caption_size, "#333333"),
        ):
            fig.add_annotation(
                x=x0 + w / 2,
                y=y1 - h * y,
                xref="paper",
                yref="paper",
                text=text,
                showarrow=False,
                xanchor="center",
                yanchor="middle",
                font=dict(size=size, color=color),
            )
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    return fig


def heatmap(matrix: pd.DataFrame) -> go.Figure:
    """Branches × themes (hits per 10,000 characters), values written in the cells, themes on
    top."""
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[label(c) for c in matrix.columns],
            y=[label(i) for i in matrix.index],
            colorscale=palette.HEAT_SCALE,
            texttemplate="%{z:.0f}",
            hovertemplate="%{y}<br>%{x}：%{z:.1f} 次/万字<extra></extra>",
            colorbar=dict(title=dict(text="次/万字")),
        )
    )
    fig.update_xaxes(side="top", type="category", tickangle=-30)
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(
        title="主题热力图（支部 × 主题，每万字命中句数）",
        height=max(360, 40 * len(matrix.index) + 220),
    )
    return fig


def bars(
    labels: Sequence[str], values: Sequence[float], color: str, x_title: str, title: str = ""
) -> go.Figure:
    """Horizontal bars, largest on top, values written at the bar ends."""
    fig = go.Figure(
        go.Bar(
            x=list(values)[::-1],
            y=[label(t) for t in labels][::-1],
            orientation="h",
            marker_color=color,
            text=[f"{v:g}" for v in values][::-1],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(type="category")
    fig.update_layout(
        title=title or None, showlegend=False, height=max(360, 24 * len(labels) + 120)
    )
    return fig


def keyword_bars(terms: Sequence[str], counts: Sequence[float]) -> go.Figure:
    """The most frequent keywords by number of occurrences."""
    return bars(terms, counts, RED, "出现次数", "高频关键词")


def formulation_bars(terms: Sequence[str], reports: Sequence[float]) -> go.Figure:
    """The formulations used by most reports."""
    fig = bars(terms, reports, GOLD, "使用的报告数", "常用提法")
    # whole reports: a tick per report on a short axis, plotly's round steps on a long one (a
    # tick per report over hundreds of reports hangs the browser)
    small = max(reports, default=0) <= MAX_UNIT_TICKS
    fig.update_xaxes(dtick=1 if small else None, tickformat="d", rangemode="tozero")
    return fig
