"""The 雷同检测 chart: branch × branch, the largest 文字复制比 between their reports."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.output.charts.style import label


def overlap_matrix_figure(matrix: pd.DataFrame) -> go.Figure:
    """A heatmap of `tables.branch_matrix` (shares 0–1 shown as percentages)."""
    names = [label(b) for b in matrix.index]
    fig = go.Figure(
        go.Heatmap(
            z=(matrix.to_numpy(float) * 100).round(1),
            x=names,
            y=names,
            zmin=0,
            zmax=100,
            colorscale="Reds",
            colorbar=dict(title=dict(text="文字复制比（%）")),
            hovertemplate="%{y} ↔ %{x}<br>文字复制比 %{z:.1f}%<extra></extra>",
        )
    )
    fig.update_layout(
        title="支部之间的文字复制比（两支部报告之间的最大值）",
        xaxis=dict(type="category", tickangle=-40),
        yaxis=dict(type="category", autorange="reversed", automargin=True),
        height=max(360, 26 * len(names) + 160),
    )
    return fig
