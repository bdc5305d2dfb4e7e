"""Figures of a comparison of two sides: similarity, distinctive words, term scatter, theme radar,
indicator counts. Used by the 支部对比 page, the comparison slides and the HTML export alike.

Every user-controlled string (side labels, terms, themes) goes through `style.label`.
"""

from __future__ import annotations

import math
import zlib

import pandas as pd
import plotly.graph_objects as go

from analysis.core import palette
from analysis.core.numbers import format_number
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.summary import SIMILARITY_PARTS
from analysis.corpus.compare.word_contrast import diverging_terms, similarity_label
from analysis.output.charts.style import PROJECTOR_PALETTE, axis_name, label

SIDE_COLORS = palette.SIDE_COLORS
SIDE_LIGHT = {"A": "#EBA3AE", "B": "#A9C0E0"}  # not significant
OTHER_COLOR = "#A8A8A8"
# The z-score in plain words (its technical name only in the method notes, compare/explain.py).
Z_WORDS = "用词差异程度"


def similarity(c: Comparison) -> go.Figure:
    """Overall similarity and its four parts as horizontal bars on a 0-1 scale."""
    return similarity_bars(c.similarity, tuple(c.similarity_parts.items()))


def similarity_bars(overall: float, parts: tuple[tuple[str, float], ...]) -> go.Figure:
    """`similarity` from the numbers it draws (a page caches the figure by them)."""
    names = ["总体", *[SIMILARITY_PARTS.get(k, k) for k, _ in parts]]
    values = [overall, *(v for _, v in parts)]
    colors = [PROJECTOR_PALETTE[1], *[PROJECTOR_PALETTE[0]] * len(parts)]
    fig = go.Figure(
        go.Bar(
            x=values[::-1],
            y=[label(n) for n in names[::-1]],
            orientation="h",
            marker_color=colors[::-1],
            text=[format_number(v) for v in values[::-1]],
            textposition="outside",
            hovertemplate="%{y}相似度：%{x:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 1.12], title_text="相似度（0 = 毫无共同之处，1 = 完全相同）")
    fig.update_yaxes(type="category")
    fig.update_layout(
        title=f"总体相似度 {format_number(overall)}（{similarity_label(overall)}）",
        showlegend=False,
        height=320,
    )
    return fig


def diverging(c: Comparison, n: int = 15) -> go.Figure:
    """Distinctive terms as a diverging bar chart of z-scores (A right, B left; pale = not
    significant)."""
    rows = diverging_terms(c.words, n)
    colors = [
        (SIDE_COLORS if sig else SIDE_LIGHT)[side]
        for side, sig in zip(rows.get("side", []), rows.get("significant", []), strict=True)
    ]
    a, b = label(c.label_a), label(c.label_b)
    hover = [
        f"{label(t)}<br>{a}：{na} 次<br>{b}：{nb} 次<br>{Z_WORDS} {format_number(z)}"
        for t, na, nb, z in zip(
            rows.get("term", []),
            rows.get("count_a", []),
            rows.get("count_b", []),
            rows.get("z", []),
            strict=True,
        )
    ]
    fig = go.Figure(
        go.Bar(
            x=list(rows.get("z", [])),
            y=[label(t) for t in rows.get("term", [])],
            orientation="h",
            marker_color=colors,
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_vline(x=0, line_color="#444")
    fig.update_xaxes(
        title_text=f"← {axis_name(c.label_b)} 更常用　{Z_WORDS}（离 0 越远，差别越不是偶然）"
        f"　{axis_name(c.label_a)} 更常用 →",
        zeroline=False,
        gridcolor="#eee",
    )
    fig.update_yaxes(type="category")
    fig.update_layout(
        title="区分两方的词语（条越长，两方用词差别越明显）",
        showlegend=False,
        height=max(420, 26 * len(rows) + 120),
    )
    return fig


def radar(c: Comparison, themes: int | None = None) -> go.Figure:
    """The two theme profiles (hits per 10,000 characters) on a radar chart; with `themes`, only
    that many themes, those either side stresses most (a projector cannot fit 18 labels)."""
    t = c.themes.table
    if themes and len(t) > themes:
        keep = t[["score_a", "score_b"]].max(axis=1).nlargest(themes).index
        t = t.loc[sorted(keep)]
    theta = [label(x) for x in t["theme"]]
    fig = go.Figure()
    for side, name, col in (("A", c.label_a, "score_a"), ("B", c.label_b, "score_b")):
        fig.add_trace(
            go.Scatterpolar(
                r=list(t[col]) + list(t[col])[:1],
                theta=theta + theta[:1],
                name=label(name),
                line=dict(color=SIDE_COLORS[side], width=3),
                fill="toself",
                opacity=0.55,
            )
        )
    fig.update_layout(
        title="主题侧重（每万字命中句数）",
        polar=dict(radialaxis=dict(visible=True, gridcolor="#ddd")),
        legend=dict(orientation="h"),
        height=560,
    )
    return fig


def number_bars(c: Comparison) -> go.Figure:
    """Indicator counts per category, A and B side by side."""
    by = (
        c.numbers.groupby("category_label", sort=False)[["count_a", "count_b"]].sum()
        if len(c.numbers)
        else pd.DataFrame(columns=["count_a", "count_b"])
    )
    fig = go.Figure()
    for side, name, col in (("A", c.label_a, "count_a"), ("B", c.label_b, "count_b")):
        fig.add_trace(
            go.Bar(
                x=[label(x) for x in by.index],
                y=list(by[col]),
                name=label(name),
                marker_color=SIDE_COLORS[side],
            )
        )
    fig.update_layout(
        title="数字指标（按类别的项数）", barmode="group", legend=dict(orientation="h"), height=420
    )
    fig.update_yaxes(title_text="指标项数", gridcolor="#eee")
    return fig


# ---------------------------------------------------------------------------------------------
# The term scatter: log axes, a zero frequency drawn on a floor line
# ---------------------------------------------------------------------------------------------


def scatter_floor(scatter: pd.DataFrame) -> float:
    """Where a zero frequency is drawn on the log axes: half the smallest non-zero frequency."""
    values = pd.concat([scatter["freq_a"], scatter["freq_b"]]) if len(scatter) else pd.Series()
    positive = values[values > 0]
    return float(positive.min()) / 2 if len(positive) else 0.5


def _jitter(values: pd.Series, terms: pd.Series, axis: int, spread: float = 0.06) -> list[float]:
    """Values moved by a stable ±`spread` factor per term, so terms with equal counts do not
    hide one another (hover still shows the exact counts)."""
    out = []
    for v, t in zip(values, terms, strict=True):
        u = zlib.crc32(f"{axis}{t}".encode()) / 0xFFFFFFFF  # stable in [0, 1]
        out.append(float(v) * (1 + spread * (2 * u - 1)))
    return out


def _scatter_hover(c: Comparison, part: pd.DataFrame) -> list[str]:
    """Hover text of each term: its counts and frequencies on both sides, and its z."""
    a, b = label(c.label_a), label(c.label_b)
    return [
        f"{label(t)}<br>{a}：{na} 次（每万字 {format_number(fa)}）"
        f"<br>{b}：{nb} 次（每万字 {format_number(fb)}）<br>{Z_WORDS} {format_number(z)}"
        for t, na, nb, fa, fb, z in zip(
            part["term"],
            part["count_a"],
            part["count_b"],
            part["freq_a"],
            part["freq_b"],
            part["z"],
            strict=True,
        )
    ]


def _tick_text(value: float) -> str:
    """A log-axis tick written in full: 0.05, 1, 10, 100 (never 10² or a bare 2 5 between)."""
    return format_number(value) if value >= 0.01 else f"{value:g}"


def log_ticks(lo: float, hi: float) -> tuple[list[float], list[str]]:
    """Ticks of a log axis from `lo` to `hi`: 1, 10, 100 … over three decades or more, else
    1, 2, 5, 10, 20, 50 …; each written as a full number."""
    if not (lo > 0 and hi > 0 and math.isfinite(lo) and math.isfinite(hi)):
        return [1.0], ["1"]
    lo, hi = min(lo, hi), max(lo, hi)
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    steps = (1.0,) if last - first >= 3 else (1.0, 2.0, 5.0)
    values = [s * 10.0**k for k in range(first, last + 1) for s in steps]
    inside = [v for v in values if lo / 1.5 <= v <= hi * 1.5] or [10.0**first]
    return inside, [_tick_text(v) for v in inside]


def scatter(c: Comparison, label_top: int = 10) -> go.Figure:
    """Every term's frequency in A against B (per 10,000 characters, log axes), WebGL; customdata =
    the term. A term missing on one side sits on that side's floor line (scatter_floor).
    Distinctive terms are coloured by side and the strongest are labelled."""
    s = c.scatter
    floor = scatter_floor(s)
    fig = go.Figure()
    groups = (("", "其他词"), ("A", f"{c.label_a} 特色词"), ("B", f"{c.label_b} 特色词"))
    for side, name in groups:
        part = s[s["side"] == side] if len(s) else s
        strongest = part.assign(_a=part["z"].abs()).nlargest(label_top, "_a") if side else part[:0]
        top = set(strongest["term"])
        fig.add_trace(
            go.Scattergl(
                x=_jitter(part["freq_a"].clip(lower=floor), part["term"], 0),
                y=_jitter(part["freq_b"].clip(lower=floor), part["term"], 1),
                mode="markers+text" if side else "markers",
                text=[label(t) if t in top else "" for t in part["term"]],
                textposition="top center",
                name=label(name),
                customdata=list(part["term"]),
                marker=dict(
                    color=SIDE_COLORS.get(side, OTHER_COLOR), size=10 if side else 7, opacity=0.75
                ),
                hovertext=_scatter_hover(c, part),
                hoverinfo="text",
            )
        )
    top_freq = float(max(s["freq_a"].max(), s["freq_b"].max())) if len(s) else 1.0
    fig.add_shape(
        type="line",
        x0=floor,
        y0=floor,
        x1=top_freq,
        y1=top_freq,
        line=dict(color="#999", dash="dot"),
    )
    ticks, texts = log_ticks(floor, top_freq)
    axis = dict(type="log", tickmode="array", tickvals=ticks, ticktext=texts)
    fig.update_xaxes(**axis, title_text=f"{axis_name(c.label_a)}（每万字，对数坐标）")
    fig.update_yaxes(**axis, title_text=f"{axis_name(c.label_b)}（每万字，对数坐标）")
    fig.update_layout(
        title="两方的用词频率（每个点是一个词，每万字）",
        height=600,
        legend=dict(orientation="h", y=-0.15),
    )
    return fig
