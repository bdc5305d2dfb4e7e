"""The 雷同检测 chart: branch × branch, the largest 文字复制比 between their reports."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.output.charts.exploration import branch_pair_heatmap


def overlap_matrix_figure(matrix: pd.DataFrame) -> go.Figure:
    """A heatmap of `tables.branch_matrix` (shares 0–1 shown as percentages)."""
    return branch_pair_heatmap(
        matrix, 100, "Reds", "文字复制比（%）", 1, "支部之间的文字复制比（两支部报告之间的最大值）"
    )
