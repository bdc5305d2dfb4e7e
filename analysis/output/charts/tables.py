"""Table figures of the slides: a report's practices, a comparison's pairs, one-sided practices
and indicators, in cells large enough to read from the back of a room. Cell text is escaped
(`style.label`) and cut to a slide's width."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go

from analysis.core import palette
from analysis.corpus.compare.comparison import Comparison
from analysis.output.charts.margins import LINE_EM, text_em
from analysis.output.charts.style import FONT_SIZE, PROJECTOR_PALETTE, SLIDE_WIDTH, label

SIDE_COLORS = palette.SIDE_COLORS
TEXT_CHARS = 48  # longest cell text on a table slide
TABLE_ROWS = 6  # rows of one table screen: two lines each fit a 1366x768 projector
ONLY_ROWS = TABLE_ROWS  # practices per side on one "only one side has" screen
CELL_LINES = 2  # a cell wraps onto at most this many lines (then …)
CELL_SIZE = FONT_SIZE  # px of cell text
CELL_PAD = 16  # px left + right inside a cell
HEADER_DARK = "#6E0A12"
Rows = TypeVar("Rows", pd.DataFrame, pd.Series)


def table_height(rows: int) -> int:
    """Height in px of a table of `rows` rows of at most CELL_LINES lines (header included)."""
    return 52 + rows * (round(CELL_LINES * CELL_SIZE * LINE_EM) + 14) + 8


def wrap(text: str, width_px: float, size: float = CELL_SIZE, lines: int = CELL_LINES) -> str:
    """Escaped text broken into lines that fit `width_px` at font `size` (plotly tables do not
    wrap on their own); beyond `lines` lines it ends with …."""
    out, line, used = [], "", 0.0
    for ch in " ".join(str(text).split()):
        w = text_em(ch) * size
        if used + w > width_px and line:
            out.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(len(out[-1]) - 1, 0)] + "…"
    return "<br>".join(label(x) for x in out)


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
    """A plotly table with a coloured header and large cells (header already escaped; cell
    text is raw, wrapped here to its column's width on a slide and escaped)."""
    fills = list(header_colors) or [PROJECTOR_PALETTE[0]] * len(header)
    total = sum(widths) or 1
    px = [SLIDE_WIDTH * w / total - CELL_PAD for w in widths]
    cells = [[wrap(t, w) for t in col] for col, w in zip(columns, px, strict=True)]
    rows = len(columns[0]) if columns else 0
    fig = go.Figure(
        go.Table(
            columnwidth=list(widths),
            header=dict(
                values=[f"<b>{h}</b>" for h in header],
                fill_color=fills,
                font=dict(color="white", size=CELL_SIZE),
                align="left",
                height=44,
            ),
            cells=dict(
                values=cells,
                fill_color=[["#FFFFFF", "#FBF3E4"] * (rows // 2 + 1)],
                font=dict(size=CELL_SIZE, color="#1A1A1A"),
                align="left",
                height=round(CELL_SIZE * LINE_EM) + 14,
            ),
        )
    )
    fig.update_layout(height=table_height(max(rows, 1)))
    return fig


def page_of(frame: Rows, page: int, rows: int = TABLE_ROWS) -> Rows:
    """Rows of screen `page` (0-based) of a table split into screens of `rows` rows."""
    return frame.iloc[page * rows : (page + 1) * rows]


def pages(n: int, rows: int = TABLE_ROWS) -> int:
    """How many screens `n` rows take (at least one)."""
    return max(1, -(-n // rows))


def numbers_table(c: Comparison, page: int = 0) -> go.Figure:
    """Indicators of both sides by category (redacted figures as 已脱敏), screen `page`."""
    n = page_of(c.numbers, page)
    cols = ["类别", label(c.label_a), label(c.label_b)]
    if n.empty:
        cells = [["—"], ["没有提取到数字指标"], [""]]
    else:
        cats = [
            f"{lab}（{u}）" if u else str(lab)
            for lab, u in zip(n["category_label"], n["unit"], strict=True)
        ]
        cells = [cats, [str(v) for v in n["display_a"]], [str(v) for v in n["display_b"]]]
    return table(cols, cells, [1.3, 3, 3], header_colors=(HEADER_DARK, *SIDE_COLORS.values()))


def pairs_table(c: Comparison, n: int = TABLE_ROWS, page: int = 0) -> go.Figure:
    """Similar practice pairs (A's practice, similarity, B's practice), screen `page` of `n`."""
    p = page_of(c.measures.pairs, page, n)
    cols = [label(c.label_a), "相似度", label(c.label_b)]
    if p.empty:
        cells = [["没有相近的做法"], ["—"], [""]]
    else:
        cells = [
            [str(t) for t in p["title_a"]],
            [f"{v:.2f}" for v in p["similarity"]],
            [str(t) for t in p["title_b"]],
        ]
    return table(
        cols, cells, [3, 1, 3], header_colors=(SIDE_COLORS["A"], HEADER_DARK, SIDE_COLORS["B"])
    )


def only_table(c: Comparison, n: int = ONLY_ROWS, page: int = 0) -> go.Figure:
    """The practices only one side has, A's and B's side by side (screen `page`, `n` each)."""
    a = [str(t) for t in page_of(c.measures.only_a["title"], page, n)]
    b = [str(t) for t in page_of(c.measures.only_b["title"], page, n)]
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
            [str(t) for t in rows["item"]],
            [str(t) for t in rows["themes"]],
        ]
    return table(["序号", "举措", "主题"], cols, [0.6, 5, 1.6])
