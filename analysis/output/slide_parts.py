"""The parts every PowerPoint deck is built of (python-pptx, 16:9): fonts, text boxes, titled
slides, tables, native charts, pictures.

Every run of text names an East Asian typeface (`a:ea`) as well as the Latin one, so PowerPoint and
WPS render the Chinese in that font.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from analysis.core import palette

Progress = Callable[[int, int], None]

FONT = "Microsoft YaHei"  # 微软雅黑: present on Windows (PowerPoint, WPS); LibreOffice substitutes
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)

# Colours: the app's A/B colours (analysis/core/palette.py) and party reds/golds.
RED, BLUE, GOLD = palette.SIDE_COLORS["A"][1:], palette.SIDE_COLORS["B"][1:], palette.PALETTE[1][1:]
DARK, GRAY, LIGHT = "3A0A0A", "6B6B6B", "F7F3EE"
SIDE_RGB = {"A": RED, "B": BLUE}
SIDE_LIGHT = {"A": "EBA3AE", "B": "A9C0E0"}  # non-significant bars
HEAT = tuple(palette.rgb(str(color)) for _, color in palette.HEAT_SCALE)

TABLE_ROWS = 12  # data rows per table slide
CELL_CHARS = 60  # longest cell text on a slide (the Excel file has the full text)
CLOUD_PX = (1200, 675)  # word cloud pixels: sharp at slide size, drawn in about 3 s


# ---------------------------------------------------------------------------------------------
# Fonts and text
# ---------------------------------------------------------------------------------------------


def east_asian(rpr: Any, typeface: str = FONT) -> None:
    """Set latin, ea and cs typefaces on an a:rPr / a:defRPr element, in schema order."""
    latin = rpr.find(qn("a:latin"))
    if latin is None:
        latin = etree.SubElement(rpr, qn("a:latin"))
        # a:latin must precede hlinkClick/rtl/extLst if any: move those after it.
        for tag in ("a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"):
            for el in rpr.findall(qn(tag)):
                rpr.remove(el)
                rpr.append(el)
    latin.set("typeface", typeface)
    prev = latin
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = etree.Element(qn(tag))
            prev.addnext(el)
        el.set("typeface", typeface)
        prev = el


def style_run(run: Any, size: float, bold: bool = False, color: str = DARK) -> None:
    """Font size, weight, colour and the Chinese typeface of one run."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(color)
    east_asian(run._r.get_or_add_rPr())


def write_lines(
    frame: Any,
    lines: Sequence[str],
    size: float,
    bold: bool = False,
    color: str = DARK,
    align: Any = PP_ALIGN.LEFT,
    bullet: bool = False,
    space: float = 0,
) -> None:
    """Replace a text frame's content with `lines`, one paragraph each."""
    frame.word_wrap = True
    for k, line in enumerate(lines or [""]):
        p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        p.alignment = align
        if space:
            p.space_after = Pt(space)
        run = p.add_run()
        run.text = ("• " if bullet else "") + str(line)
        style_run(run, size, bold, color)


def textbox(slide, x, y, w, h, lines, size, bold=False, color=DARK, align=PP_ALIGN.LEFT, **kw):
    """A text box with `lines`; returns the shape."""
    box = slide.shapes.add_textbox(x, y, w, h)
    box.text_frame.margin_left = box.text_frame.margin_right = Inches(0.05)
    write_lines(box.text_frame, lines, size, bold, color, align, **kw)
    return box


def clip(text: Any, n: int = CELL_CHARS) -> str:
    """Cell text cut to `n` characters (line breaks as spaces)."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Slides, tables, charts
# ---------------------------------------------------------------------------------------------


def new_presentation() -> Any:
    """An empty 16:9 presentation."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    return prs


def titled_slide(prs: Any, title: str, subtitle: str = "") -> Any:
    """A blank slide with a title bar (dark red title, gold rule, optional grey subtitle)."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    textbox(slide, MARGIN, Inches(0.25), SLIDE_W - 2 * MARGIN, Inches(0.6), [title], 26, True, RED)
    rule = slide.shapes.add_shape(1, MARGIN, Inches(0.88), SLIDE_W - 2 * MARGIN, Emu(28000))
    rule.fill.solid()
    rule.fill.fore_color.rgb = RGBColor.from_string(GOLD)
    rule.line.fill.background()
    if subtitle:
        textbox(
            slide,
            MARGIN,
            Inches(0.92),
            SLIDE_W - 2 * MARGIN,
            Inches(0.4),
            [subtitle],
            13,
            color=GRAY,
        )
    return slide


def title_slide(prs: Any, title: str, subtitle: str, lines: Sequence[str] = ()) -> Any:
    """The opening slide: a red band with the title, a subtitle and a few lines below."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, Inches(2.0), SLIDE_W, Inches(2.2))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor.from_string(RED)
    band.line.fill.background()
    write_lines(band.text_frame, [title], 36, True, "FFFFFF", PP_ALIGN.CENTER)
    band.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    textbox(
        slide,
        MARGIN,
        Inches(4.5),
        SLIDE_W - 2 * MARGIN,
        Inches(0.6),
        [subtitle],
        20,
        color=DARK,
        align=PP_ALIGN.CENTER,
    )
    if lines:
        textbox(
            slide,
            Inches(1.5),
            Inches(5.2),
            SLIDE_W - Inches(3),
            Inches(2),
            list(lines),
            14,
            color=GRAY,
            align=PP_ALIGN.CENTER,
        )
    return slide


BOTTOM = Inches(7.2)  # the lowest edge of a table: 0.3 in above the slide's bottom


def _column_widths(w: int, widths: Sequence[float] | None, cols: int) -> list[int]:
    """Column widths (EMU) of a table `w` wide, in proportion to `widths`."""
    weights = list(widths or [1.0] * cols)[:cols]
    weights += [1.0] * (cols - len(weights))
    total = sum(weights)
    return [int(w * wt / total) for wt in weights]


def _cell_texts(df: pd.DataFrame, caps: Sequence[int]) -> list[list[str]]:
    """The header and every row of `df` as the texts the table shows (clipped to 2 lines)."""
    header = [clip(name, min(30, caps[j])) for j, name in enumerate(df.columns)]
    rows = [
        [clip(cell_text(v), min(CELL_CHARS, caps[j])) for j, v in enumerate(row)]
        for row in df.itertuples(index=False)
    ]
    return [header, *rows]


def _layout(
    df: pd.DataFrame, w: int, widths: Sequence[float] | None, size: float, row_h: float
) -> tuple[list[int], list[list[str]], list[int]]:
    """(column widths, cell texts, row heights in EMU; the header first) of a table of `df`.

    A CJK character is about 1 em wide; a cell keeps at most 2 lines.
    """
    cols = max(1, len(df.columns))
    col_w = _column_widths(w, widths, cols)
    per_line = [max(2, int(cw / 914400 * 72 / size) - 1) for cw in col_w]
    texts = _cell_texts(df, [2 * n for n in per_line])
    line_h = size * 1.3 / 72 + 0.1  # inches for one line of text plus the cell margins
    heights = []
    for row in texts:
        lines = max([1, *(min(2, -(-len(t) // per_line[j])) for j, t in enumerate(row))])
        heights.append(int(Inches(max(row_h, line_h * lines + (0.02 if lines > 1 else 0)))))
    return col_w, texts, heights


def table_height(
    df: pd.DataFrame,
    w: int,
    widths: Sequence[float] | None = None,
    size: float = 11,
    row_h: float = 0.36,
) -> int:
    """The height (EMU) `add_table` gives a table of `df`, header included."""
    return sum(_layout(df, w, widths, size, row_h)[2])


def split_rows(
    df: pd.DataFrame,
    y: int,
    w: int,
    widths: Sequence[float] | None = None,
    size: float = 11,
    row_h: float = 0.36,
    bottom: int = BOTTOM,
) -> list[pd.DataFrame]:
    """`df` cut into pages of rows whose table, drawn at `y`, ends above `bottom` (each page
    repeats the header; at least one row a page). An empty `df` is one empty page."""
    heights = _layout(df, w, widths, size, row_h)[2]
    room = bottom - y - heights[0]
    pages: list[pd.DataFrame] = []
    start, used = 0, 0
    for i, h in enumerate(heights[1:]):
        if i > start and used + h > room:
            pages.append(df.iloc[start:i])
            start, used = i, 0
        used += h
    pages.append(df.iloc[start:])
    return pages


def add_table(
    slide: Any,
    df: pd.DataFrame,
    x: int,
    y: int,
    w: int,
    widths: Sequence[float] | None = None,
    size: float = 11,
    header_color: str = RED,
    fills: Sequence[Sequence[str | None]] | None = None,
    row_h: float = 0.36,
) -> Any:
    """A native table of `df` (header row in `header_color`); `fills` colours body cells.

    The shape's height is the sum of its rows, so what a reader of the file measures is what
    PowerPoint draws; callers keep it on the slide with `split_rows`.
    """
    col_w, texts, heights = _layout(df, w, widths, size, row_h)
    rows, cols = len(df) + 1, len(col_w)
    shape = slide.shapes.add_table(rows, cols, x, y, w, sum(heights))
    table = shape.table
    for j, cw in enumerate(col_w):
        table.columns[j].width = cw
    for i, (row, h) in enumerate(zip(texts, heights, strict=True)):
        table.rows[i].height = h
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.fill.solid()
            if i == 0:
                cell.fill.fore_color.rgb = RGBColor.from_string(header_color)
                write_lines(cell.text_frame, [text], size, True, "FFFFFF")
                continue
            color = fills[i - 1][j] if fills else None
            cell.fill.fore_color.rgb = RGBColor.from_string(color or ("FFFFFF" if i % 2 else LIGHT))
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            write_lines(cell.text_frame, [text], size, color=DARK)
    return shape


def add_table_pages(
    prs: Any,
    new_slide: Callable[[int, int], Any],
    df: pd.DataFrame,
    x: int,
    y: int,
    w: int,
    widths: Sequence[float] | None = None,
    size: float = 11,
    max_pages: int | None = None,
    **kw: Any,
) -> list[Any]:
    """`df` as tables over as many slides as it needs (`new_slide(k, n)` makes page k of n;
    k = 1 may be a slide already holding other content). `fills` in `kw` follow the rows.
    At most `max_pages` slides when given (the rest is in the Excel file)."""
    row_h = float(kw.get("row_h", 0.36))
    pages = split_rows(df, y, w, widths, size, row_h)
    if max_pages is not None:
        pages = pages[:max_pages]
    fills = kw.pop("fills", None)
    slides = []
    start = 0
    for k, part in enumerate(pages, start=1):
        slide = new_slide(k, len(pages))
        rows = fills[start : start + len(part)] if fills is not None else None
        add_table(slide, part, x, y, w, widths, size, fills=rows, **kw)
        start += len(part)
        slides.append(slide)
    return slides


def speaker_notes(slide: Any, lines: Sequence[str]) -> None:
    """The slide's speaker notes: how to read it and the methods behind it (not on the slide)."""
    slide.notes_slide.notes_text_frame.text = "\n".join(line for line in lines if line)


def page_title(title: str, k: int, n: int) -> str:
    """A title with its page number when there are several: "主题热力图（2/3）"."""
    return f"{title}（{k}/{n}）" if n > 1 else title


def cell_text(value: Any) -> str:
    """A table value as text: floats with up to two decimals, booleans as 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return "" if value is None else str(value)


def chart_fonts(chart: Any, size: float = 12) -> None:
    """Chart-wide text size and typefaces (latin + East Asian) for every label in the chart."""
    chart.font.size = Pt(size)
    chart.font.color.rgb = RGBColor.from_string(DARK)
    east_asian(chart.font._rPr)


def add_chart(slide, kind, data, x, y, w, h, size: float = 12) -> Any:
    """A native chart with the Chinese typeface set; returns the chart."""
    chart = slide.shapes.add_chart(kind, x, y, w, h, data).chart
    chart_fonts(chart, size)
    return chart


def color_series(series: Any, rgb: str, line: bool = False) -> None:
    """Fill (bars) or line colour (radar/line) of a series."""
    if line:
        series.format.line.color.rgb = RGBColor.from_string(rgb)
        series.format.line.width = Pt(2.5)
    else:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(rgb)


def heat_color(value: float, top: float) -> str:
    """Hex colour of a heatmap cell on the app's HEAT scale (0 -> cream, top -> dark red)."""
    t = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    lo, hi = (HEAT[0], HEAT[1]) if t < 0.5 else (HEAT[1], HEAT[2])
    u = t * 2 if t < 0.5 else (t - 0.5) * 2
    return "".join(f"{int(a + (b - a) * u):02X}" for a, b in zip(lo, hi, strict=True))


def add_picture(slide: Any, png: bytes, x: int, y: int, w: int | None = None, h: int | None = None):
    """A PNG picture on the slide."""
    return slide.shapes.add_picture(io.BytesIO(png), x, y, w, h)


def deck_bytes(prs: Any) -> bytes:
    """The presentation as .pptx bytes."""
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
