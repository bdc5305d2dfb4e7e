"""Table figures of the slides: a report's practices, a comparison's pairs, one-sided practices
and indicators, in cells large enough to read from the back of a room. Cell text is escaped
(`style.label`) and cut to a slide's width."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.core import palette
from analysis.corpus.compare import Comparison
from analysis.output.charts.style import FONT_SIZE, PROJECTOR_PALETTE, label

SIDE_COLORS = palette.SIDE_COLORS
TEXT_CHARS = 48  # longest cell text on a table slide
ONLY_ROWS = 8  # practices per side on the "only one side has" slide
HEADER_DARK = "#6E0A12"


def clip(text: Any, n: int = TEXT_CHARS) -> str:
    """Escaped text on one line, cut to `n` characters for a slide cell."""
    s = " ".join(str(text).split())
    return label(s if len(s) <= n else s[: n - 1] + "…")


def table(
    header: Sequence[str],
    columns: Sequence[Sequence[str]],
    widths: Sequence[float],
    header_colors: Sequence[str] = (),
) -> go.Figure:
    """A plotly table with a coloured header and large cells (cells and header already escaped)."""
    fills = list(header_colors) or [PROJECTOR_PALETTE[0]] * len(header)
    return go.Figure(
        go.Table(
            columnwidth=list(widths),
            header=dict(
                values=[f"<b>{h}</b>" for h in header],
                fill_color=fills,
                font=dict(color="white", size=FONT_SIZE + 2),
                align="left",
                height=52,
            ),
            cells=dict(
                values=[list(col) for col in columns],
                fill_color=[["#FFFFFF", "#FBF3E4"] * (len(columns[0]) // 2 + 1)],
                font=dict(size=FONT_SIZE + 2, color="#1A1A1A"),
                align="left",
                height=50,
            ),
        )
    )


def numbers_table(c: Comparison) -> go.Figure:
    """Indicators of both sides by category (redacted figures as 已脱敏)."""
    n = c.numbers
    cols = ["类别", label(c.label_a), label(c.label_b)]
    if n.empty:
        cells = [["—"], ["没有提取到数字指标"], [""]]
    else:
        cats = [
            clip(f"{lab}（{u}）" if u else lab)
            for lab, u in zip(n["category_label"], n["unit"], strict=True)
        ]
        cells = [cats, [clip(v) for v in n["display_a"]], [clip(v) for v in n["display_b"]]]
    return table(cols, cells, [1.2, 3, 3], header_colors=(HEADER_DARK, *SIDE_COLORS.values()))


def pairs_table(c: Comparison, n: int = 8) -> go.Figure:
    """The most similar practice pairs (A's practice, similarity, B's practice)."""
    p = c.measures.pairs.head(n)
    cols = [label(c.label_a), "相似度", label(c.label_b)]
    if p.empty:
        cells = [["没有相近的做法"], ["—"], [""]]
    else:
        cells = [
            [clip(t) for t in p["title_a"]],
            [f"{v:.2f}" for v in p["similarity"]],
            [clip(t) for t in p["title_b"]],
        ]
    return table(
        cols, cells, [3, 1, 3], header_colors=(SIDE_COLORS["A"], HEADER_DARK, SIDE_COLORS["B"])
    )


def only_table(c: Comparison, n: int = ONLY_ROWS) -> go.Figure:
    """The practices only one side has, A's and B's side by side (at most `n` each)."""
    a = [clip(t) for t in c.measures.only_a["title"].head(n)]
    b = [clip(t) for t in c.measures.only_b["title"].head(n)]
    rows = max(len(a), len(b), 1)
    a += [""] * (rows - len(a))
    b += [""] * (rows - len(b))
    if not any(a) and not any(b):
        a, b = ["（无：每项做法在对方都有相近的）"], [""]
    cols = [f"只有 {label(c.label_a)} 有", f"只有 {label(c.label_b)} 有"]
    return table(cols, [a, b], [1, 1], header_colors=tuple(SIDE_COLORS.values()))


def measures_table(rows: pd.DataFrame, start: int = 0) -> go.Figure:
    """A report's practices (举措, 主题) numbered from `start` + 1."""
    if rows.empty:
        cols = [["—"], ["未识别到举措"], [""]]
    else:
        cols = [
            [str(start + k + 1) for k in range(len(rows))],
            [clip(t) for t in rows["举措"]],
            [clip(t, 16) for t in rows["主题"]],
        ]
    return table(["序号", "举措", "主题"], cols, [0.5, 5, 1.6])
