"""Figures of the exploration pages (趋势, 相似支部) and the heatmap's short-report guard.

Every label that comes from the user's data (a branch, a theme, a word) goes through
`style.label`, so it is shown as text and never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from analysis.core.facts import REDACTED
from analysis.corpus.trends import series_values
from analysis.output.charts.comparison import Z_WORDS
from analysis.output.charts.style import label
from analysis.output.heat import HeatData


def guard_short_rows(fig: go.Figure, heat: HeatData) -> go.Figure:
    """Run the heatmap's colour scale from 0 to the heat data's top (the rows long enough to
    rank), so a very short report keeps its number but cannot wash out every other cell."""
    fig.update_traces(zmin=0, zmax=heat.scale_max or None, selector=dict(type="heatmap"))
    return fig


def theme_trend_figure(by_year: pd.DataFrame, themes: Iterable[str]) -> go.Figure:
    """Lines of the chosen themes' yearly scores; the year axis says how many reports each has."""
    fig = go.Figure()
    counts = by_year.groupby("year")["report_count"].max()
    for theme in themes:
        part = by_year[by_year["theme"] == theme]
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["score"],
                mode="lines+markers",
                name=label(theme),
                customdata=part["report_count"],
                hovertemplate=label(theme)
                + "<br>%{x} 年：%{y:.1f} 次/万字<br>报告 %{customdata} 份<extra></extra>",
            )
        )
    fig.update_layout(
        title="主题逐年变化（每万字命中句数）",
        xaxis=dict(
            tickmode="array",
            tickvals=list(counts.index),
            ticktext=[f"{y}<br>{n} 份" for y, n in counts.items()],
            title="年份（报告数）",
        ),
        yaxis=dict(title="次/万字", rangemode="tozero"),
        legend=dict(orientation="h", y=-0.25),
    )
    return fig


def term_trend_figure(rising: pd.DataFrame, falling: pd.DataFrame) -> go.Figure:
    """Diverging bars of the rising (right) and falling (left) terms by their z score."""
    rows = pd.concat([falling.iloc[::-1], rising.iloc[::-1]], ignore_index=True)
    fig = go.Figure(
        go.Bar(
            x=rows["z"],
            y=[label(t) for t in rows["word"]],
            orientation="h",
            marker_color=["#c0392b" if z > 0 else "#2c7fb8" for z in rows["z"]],
            customdata=rows[["earlier_count", "later_count"]].to_numpy(),
            hovertemplate="%{y}<br>" + Z_WORDS + " %{x:.2f}<br>前期 %{customdata[0]} 次，"
            "后期 %{customdata[1]} 次<extra></extra>",
        )
    )
    fig.update_layout(
        title="上升词（右）与下降词（左）",
        xaxis=dict(title=f"{Z_WORDS}（算法与「支部对比」页相同；离 0 越远，变化越不是偶然）"),
        yaxis=dict(type="category", automargin=True),
        height=max(320, 22 * len(rows) + 120),
    )
    return fig


def indicator_series_figure(series: pd.DataFrame, subject: str, unit: str) -> go.Figure:
    """One line per group of the yearly indicator sums; a year whose figures are all redacted
    is a gap in the line (never a point at 0), said in a note under the title."""
    fig = go.Figure()
    values = series_values(series) if len(series) else pd.Series(dtype=float)
    for group, part in series.assign(_y=values).groupby("group", sort=True):
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["_y"],
                connectgaps=False,
                mode="lines+markers",
                name=label(group),
                hovertemplate=label(group) + "<br>%{x} 年：%{y}" + label(unit) + "<extra></extra>",
            )
        )
    hidden = int(values.isna().sum())
    note = (
        f"<br><sup>{hidden} 个年份的数字全部{REDACTED}，不计为 0，线在此断开</sup>"
        if hidden
        else ""
    )
    fig.update_layout(
        title=label(f"「{subject}」逐年合计（{unit}）") + note,
        xaxis=dict(title="年份", dtick=1),
        yaxis=dict(title=label(unit), rangemode="tozero"),
    )
    return fig


def branch_pair_heatmap(
    matrix: pd.DataFrame, scale: float, colors: str, value: str, digits: int, title: str
) -> go.Figure:
    """A branch × branch matrix of values 0–1 as a heatmap, shown times `scale` (1, or 100 for
    percentages), named `value` in the colour bar and the hover (`digits` decimals): one drawing
    for 相似支部 and 雷同检测."""
    names = [label(b) for b in matrix.index]
    fig = go.Figure(
        go.Heatmap(
            z=(matrix.to_numpy(float) * scale).round(3),
            x=names,
            y=names,
            zmin=0,
            zmax=scale,
            colorscale=colors,
            colorbar=dict(title=dict(text=value)),
            hovertemplate=f"%{{y}} ↔ %{{x}}<br>{value} %{{z:.{digits}f}}<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis=dict(type="category", tickangle=-40),
        yaxis=dict(type="category", autorange="reversed", automargin=True),
        height=max(360, 26 * len(names) + 160),
    )
    return fig


def similarity_heatmap(matrix: pd.DataFrame) -> go.Figure:
    """Branch x branch similarity in cluster order (alike branches side by side)."""
    return branch_pair_heatmap(matrix, 1, "Blues", "相似度", 2, "支部相似度矩阵（按聚类排序）")


def map_label_positions(coords: pd.DataFrame) -> pd.Series:
    """Where each point's label goes: above, or below when a neighbour's label would sit on it
    (two branches that write alike are drawn close, and their names must not overlap)."""
    xs, ys = coords["x"].to_numpy(float), coords["y"].to_numpy(float)
    width = float(xs.max() - xs.min()) if len(xs) else 0.0
    height = float(ys.max() - ys.min()) if len(ys) else 0.0
    near_x, near_y = max(width, 1e-9) * 0.2, max(height, 1e-9) * 0.08
    out = []
    for i in range(len(xs)):
        close = (abs(xs - xs[i]) < near_x) & (ys > ys[i]) & (ys - ys[i] < near_y)
        out.append("bottom center" if close.any() else "top center")
    return pd.Series(out, index=coords.index)


def similarity_map_figure(coords: pd.DataFrame) -> go.Figure:
    """The 2-D map: close points write alike; colour = cluster, size = number of reports."""
    fig = go.Figure()
    where = map_label_positions(coords)
    for cluster, part in coords.groupby("cluster", sort=True):
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["y"],
                mode="markers+text",
                text=[label(b) for b in part["branch"]],
                textposition=list(where[part.index]),
                marker=dict(size=[10 + 3 * min(n, 10) for n in part["report_count"]]),
                name=f"类群 {cluster}",
                customdata=part["report_count"],
                hovertemplate="%{text}<br>报告 %{customdata} 份<extra></extra>",
            )
        )
    fig.update_layout(
        title="支部相似度地图（距离越近，写法越相似）",
        xaxis=dict(showticklabels=False, zeroline=False, title=""),
        yaxis=dict(showticklabels=False, zeroline=False, title="", scaleanchor="x"),
        height=520,
    )
    return fig
