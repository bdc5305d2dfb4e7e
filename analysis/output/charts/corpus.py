"""Figures of the exploration pages (概览, 报告详情, 主题探索, 关键词检索): keyword and formulation bars,
the branches x themes heatmap, hit counts, one theme across branches, the co-occurrence network.

Every user-controlled label (a branch, a theme, a word, a formulation) goes through `style.label`,
so plotly never reads it as markup; the caller dresses the figure for its medium (`style.for_screen`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.core.palette import HEAT_SCALE, PALETTE
from analysis.output.charts.style import label

HOVER_BRANCHES = 5  # branches named in a formulation's hover (the table lists them all)
SHOWN_DECIMALS = 1  # a score is never shown finer (cells %.0f, hover %.1f)

# Community colours of the network: the party palette first, then distinct hues.
COMMUNITY_COLORS = (
    "#C8102E", "#1F5AA6", "#E8A317", "#2E8B57", "#7B3FA0", "#D2691E", "#008B8B", "#8B0000",
    "#6B8E23", "#B8860B",
)  # fmt: skip


def _labels(values: object) -> list[str]:
    """Each value of a column or index as an inert chart label."""
    return [label(v) for v in values]  # type: ignore[attr-defined]


def first_names(joined: str, n: int = HOVER_BRANCHES) -> str:
    """The first `n` of a "、"-joined list of names, then how many more ("等 N 个")."""
    names = [x for x in joined.split("、") if x]
    if len(names) <= n:
        return "、".join(names)
    return f"{'、'.join(names[:n])} 等 {len(names)} 个"


def keyword_figure(keywords: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of keywords (largest on top) from `term`, `count` and `per10k` columns."""
    rows = keywords.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=list(rows["count"]),
            y=_labels(rows["term"]),
            orientation="h",
            marker_color=PALETTE[0],
            customdata=[round(float(v), SHOWN_DECIMALS) for v in rows["per10k"]],
            hovertemplate="%{y}<br>出现 %{x} 次<br>每万字 %{customdata:.1f} 次<extra></extra>",
        )
    )
    fig.update_layout(
        title=label(title),
        xaxis_title="出现次数",
        yaxis=dict(type="category", automargin=True),
        height=max(320, 24 * len(rows) + 90),
        showlegend=False,
    )
    return fig


def heat_figure(matrix: pd.DataFrame) -> go.Figure:
    """Branches x themes heatmap (hits per 10,000 characters), values written in the cells.

    Plotly heatmaps emit no selection events: invisible square markers on the cell centres carry
    the hover text and make a click select the cell; a point's index is row * columns + column.
    """
    xs, ys = _labels(matrix.columns), _labels(matrix.index)
    # float32: half the bytes of the base64 arrays plotly sends, the same cells and hover text
    values = matrix.to_numpy(float).round(SHOWN_DECIMALS).astype(np.float32)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=xs,
            y=ys,
            colorscale=HEAT_SCALE,
            texttemplate="%{z:.0f}",
            colorbar=dict(title=dict(text="次/万字")),
            xgap=1,
            ygap=1,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[t for _ in ys for t in xs],
            y=[b for b in ys for _ in xs],
            mode="markers",
            marker=dict(symbol="square", size=30, opacity=0),
            customdata=values.reshape(-1),
            hovertemplate="支部：%{y}<br>主题：%{x}<br>得分：%{customdata:.1f} 次/万字<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(
        title="各支部主题分布（每万字命中句数）",
        # Fixed ranges: the overlay markers must not pad the axes around the cells.
        xaxis=dict(side="top", tickangle=-35, type="category", range=[-0.5, len(xs) - 0.5]),
        yaxis=dict(type="category", automargin=True, range=[len(ys) - 0.5, -0.5]),
        height=max(320, 34 * len(ys) + 170),
        margin=dict(t=120),
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(showgrid=False)
    return fig


def formulation_figure(frame: pd.DataFrame) -> go.Figure:
    """Top formulations by how many reports use them; hover names the first branches using each."""
    top = frame.head(15).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=list(top["report_count"]),
            y=_labels(top["formulation"]),
            orientation="h",
            marker_color=[PALETTE[0] if n else PALETTE[1] for n in top["numbered"]],
            customdata=list(
                zip(
                    top["count"],
                    _labels(first_names(str(u)) for u in top["branches_using"]),
                    strict=True,
                )
            ),
            hovertemplate=(
                "%{y}<br>%{x} 份报告使用，共 %{customdata[0]} 次<br>%{customdata[1]}<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        title="常见提法（使用报告数）",
        xaxis_title="使用报告数",
        yaxis=dict(type="category", automargin=True),
        height=max(320, 26 * len(top) + 90),
    )
    return fig


def count_figure(counts: pd.DataFrame, by: str, title: str, relative: bool) -> go.Figure:
    """Bars of search hits per group (`by`: a branch label or the year), raw or per 10,000 chars."""
    value = "per10k" if relative else "hits"
    fig = go.Figure(
        go.Bar(
            x=_labels(counts[by]),
            y=list(counts[value]),
            marker_color=PALETTE[0] if by != "year" else PALETTE[1],
            customdata=counts[["hits", "reports", "per10k"]].values,
            hovertemplate=(
                "%{x}<br>命中 %{customdata[0]} 次（%{customdata[1]} 份报告）"
                "<br>每万字 %{customdata[2]:.1f} 次<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        title=label(title),
        xaxis=dict(type="category", tickangle=-30 if by != "year" else 0, automargin=True),
        yaxis=dict(
            title="次/万字" if relative else "命中次数",
            rangemode="tozero",
            tickformat=".1f" if relative else "d",
            dtick=None if relative or counts["hits"].max() > 10 else 1,
        ),
        height=380,
    )
    return fig


def theme_branch_figure(rates: pd.Series, hits: pd.Series, theme: str) -> go.Figure:
    """Branches ranked by their score on one theme (`rates`: per 10,000 chars; `hits`: sentences)."""
    fig = go.Figure(
        go.Bar(
            x=list(rates.values),
            y=_labels(rates.index),
            orientation="h",
            marker_color=PALETTE[0],
            customdata=list(hits.reindex(rates.index).fillna(0).astype(int)),
            hovertemplate="%{y}<br>得分 %{x:.1f} 次/万字<br>命中 %{customdata} 句<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"各支部对「{label(theme)}」的重视程度（每万字命中句数）",
        xaxis_title="次/万字",
        yaxis=dict(type="category", automargin=True),
        height=max(300, 28 * len(rates) + 110),
    )
    return fig


def spread(
    pos: dict[str, tuple[float, float]], power: float = 0.6
) -> dict[str, tuple[float, float]]:
    """Push the dense centre of a spring layout outwards (r -> r**power) so labels overlap less."""
    if not pos:
        return {}
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    out = {}
    for term, (x, y) in pos.items():
        dx, dy = x - cx, y - cy
        r = math.hypot(dx, dy)
        k = r ** (power - 1) if r > 1e-9 else 1.0
        out[term] = (dx * k, dy * k)
    return out


EDGE_WIDTH_STEP = 0.5  # px: edges drawn as wide as their Jaccard, to the nearest half pixel


def edge_width(jaccard: float) -> float:
    """The line width of an edge: 0.5 px plus 6 px per unit of Jaccard, to EDGE_WIDTH_STEP."""
    return round((0.5 + 6 * jaccard) / EDGE_WIDTH_STEP) * EDGE_WIDTH_STEP


def _edge_traces(edges: pd.DataFrame, pos: dict[str, tuple[float, float]]) -> list[go.Scatter]:
    """Grey lines as wide as each pair's Jaccard coefficient: one trace per width (its segments
    split by gaps), not one per edge — a dozen traces for 300 edges, the same picture."""
    by_width: dict[float, tuple[list, list]] = {}
    pairs = zip(
        edges["source"].tolist(), edges["target"].tolist(), edges["jaccard"].tolist(), strict=True
    )
    for a, b, j in pairs:
        xs, ys = by_width.setdefault(edge_width(float(j)), ([], []))
        (xa, ya), (xb, yb) = pos[str(a)], pos[str(b)]
        xs += [round(xa, 4), round(xb, 4), None]
        ys += [round(ya, 4), round(yb, 4), None]
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            line=dict(width=width, color="rgba(120,120,120,0.45)"),
        )
        for width, (xs, ys) in sorted(by_width.items())
    ]


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, pos: dict) -> go.Figure:
    """Edges as lines (width by Jaccard), nodes sized by count and coloured by community."""
    pos = spread(pos)
    fig = go.Figure(_edge_traces(edges, pos))
    big = max(nodes["count"].max(), 1)
    degree = edges["source"].value_counts().add(edges["target"].value_counts(), fill_value=0)
    for comm, group in nodes.groupby("community", sort=True):
        n = int(str(comm))
        fig.add_trace(
            go.Scatter(
                x=[round(pos[t][0], 4) for t in group["term"]],
                y=[round(pos[t][1], 4) for t in group["term"]],
                mode="markers+text",
                name=f"群组 {n + 1}",
                text=_labels(group["term"]),
                textposition="top center",
                textfont=dict(size=12),
                marker=dict(
                    size=[round(12 + 30 * math.sqrt(c / big), 1) for c in group["count"]],
                    color=COMMUNITY_COLORS[n % len(COMMUNITY_COLORS)] if n >= 0 else "#999999",
                    line=dict(width=1, color="white"),
                    opacity=0.9,
                ),
                customdata=[
                    (int(c), int(degree.get(t, 0)))
                    for t, c in zip(group["term"], group["count"], strict=True)
                ],
                hovertemplate=(
                    "%{text}<br>出现在 %{customdata[0]} 个句子中<br>"
                    f"群组 {n + 1}" + "<br>连接 %{customdata[1]} 个词<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        title="关键词共现网络（按同句出现的关联度）",
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        height=680,
        legend=dict(orientation="h", y=-0.02),
        plot_bgcolor="white",
        hovermode="closest",
    )
    return fig
