"""PowerPoint decks (python-pptx, 16:9) of a comparison and of a briefing.

Charts are native PowerPoint charts (editable in PowerPoint and WPS: bar, column, radar), word
clouds are PNG pictures, tables are tables. Every run of text names an East Asian typeface
(`a:ea`) as well as the Latin one, so PowerPoint and WPS render the Chinese in that font.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from analysis.core import palette
from analysis.corpus.compare import Comparison, diverging_terms
from analysis.output.briefing import Briefing, ReportSection, formulation_columns

Progress = Callable[[int, int], None]

FONT = "Microsoft YaHei"  # 微软雅黑: present on Windows (PowerPoint, WPS); LibreOffice substitutes
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)

# Colours: the app's A/B colours (analysis/core/palette.py) and party reds/golds.
RED, BLUE, GOLD = palette.SIDE_COLORS["A"][1:], palette.SIDE_COLORS["B"][1:], palette.PALETTE[1][1:]
DARK, GRAY, LIGHT = "3A0A0A", "6B6B6B", "F7F3EE"
SIDE_RGB = {"A": RED, "B": BLUE}
SIDE_LIGHT = {"A": "EBA3AE", "B": "A9C0E0"}  # non-significant bars
HEAT = tuple(palette.rgb(color) for _, color in palette.HEAT_SCALE)

TABLE_ROWS = 12  # data rows per table slide
CELL_CHARS = 60  # longest cell text on a slide (the Excel file has the full text)
CLOUD_PX = (1200, 675)  # word cloud pixels: sharp at slide size, drawn in about 3 s


# ---------------------------------------------------------------------------------------------
# Fonts and text
# ---------------------------------------------------------------------------------------------


def _east_asian(rpr: Any, typeface: str = FONT) -> None:
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


def _style_run(run: Any, size: float, bold: bool = False, color: str = DARK) -> None:
    """Font size, weight, colour and the Chinese typeface of one run."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(color)
    _east_asian(run._r.get_or_add_rPr())


def _write(
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
        _style_run(run, size, bold, color)


def _textbox(slide, x, y, w, h, lines, size, bold=False, color=DARK, align=PP_ALIGN.LEFT, **kw):
    """A text box with `lines`; returns the shape."""
    box = slide.shapes.add_textbox(x, y, w, h)
    box.text_frame.margin_left = box.text_frame.margin_right = Inches(0.05)
    _write(box.text_frame, lines, size, bold, color, align, **kw)
    return box


def _clip(text: Any, n: int = CELL_CHARS) -> str:
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


def _slide(prs: Any, title: str, subtitle: str = "") -> Any:
    """A blank slide with a title bar (dark red title, gold rule, optional grey subtitle)."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(slide, MARGIN, Inches(0.25), SLIDE_W - 2 * MARGIN, Inches(0.6), [title], 26, True, RED)
    rule = slide.shapes.add_shape(1, MARGIN, Inches(0.88), SLIDE_W - 2 * MARGIN, Emu(28000))
    rule.fill.solid()
    rule.fill.fore_color.rgb = RGBColor.from_string(GOLD)
    rule.line.fill.background()
    if subtitle:
        _textbox(
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


def _title_slide(prs: Any, title: str, subtitle: str, lines: Sequence[str] = ()) -> Any:
    """The opening slide: a red band with the title, a subtitle and a few lines below."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, Inches(2.0), SLIDE_W, Inches(2.2))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor.from_string(RED)
    band.line.fill.background()
    _write(band.text_frame, [title], 36, True, "FFFFFF", PP_ALIGN.CENTER)
    band.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    _textbox(
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
        _textbox(
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


def _table(
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
    """A native table of `df` (header row in `header_color`); `fills` colours body cells."""
    rows, cols = len(df) + 1, max(1, len(df.columns))
    shape = slide.shapes.add_table(rows, cols, x, y, w, Inches(row_h * rows))
    table = shape.table
    weights = list(widths or [1.0] * cols)
    total = sum(weights)
    for j, wt in enumerate(weights[:cols]):
        table.columns[j].width = int(w * wt / total)
    # Characters per line of each column (a CJK character is about 1 em wide); cells keep 2 lines.
    per_line = [max(2, int(table.columns[j].width / 914400 * 72 / size) - 1) for j in range(cols)]
    caps = [2 * n for n in per_line]
    line_h = size * 1.3 / 72 + 0.1  # inches for one line of text plus the cell margins

    def height(texts: Sequence[str]) -> Any:
        lines = max([1, *(min(2, -(-len(t) // per_line[j])) for j, t in enumerate(texts))])
        return Inches(max(row_h, line_h * lines + (0.02 if lines > 1 else 0)))

    header = [_clip(name, min(30, caps[j])) for j, name in enumerate(df.columns)]
    table.rows[0].height = height(header)
    for j, text in enumerate(header):
        cell = table.cell(0, j)
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(header_color)
        _write(cell.text_frame, [text], size, True, "FFFFFF")
    for i, row in enumerate(df.itertuples(index=False), start=1):
        texts = [_clip(_fmt(value), min(CELL_CHARS, caps[j])) for j, value in enumerate(row)]
        table.rows[i].height = height(texts)
        for j, text in enumerate(texts):
            cell = table.cell(i, j)
            color = fills[i - 1][j] if fills else None
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(color or ("FFFFFF" if i % 2 else LIGHT))
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            _write(cell.text_frame, [text], size, color=DARK)
    return shape


def _fmt(value: Any) -> str:
    """A table value as text: floats with up to two decimals, booleans as 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return "" if value is None else str(value)


def _chart_fonts(chart: Any, size: float = 12) -> None:
    """Chart-wide text size and typefaces (latin + East Asian) for every label in the chart."""
    chart.font.size = Pt(size)
    chart.font.color.rgb = RGBColor.from_string(DARK)
    _east_asian(chart.font._rPr)


def _add_chart(slide, kind, data, x, y, w, h, size: float = 12) -> Any:
    """A native chart with the Chinese typeface set; returns the chart."""
    chart = slide.shapes.add_chart(kind, x, y, w, h, data).chart
    _chart_fonts(chart, size)
    return chart


def _color_series(series: Any, rgb: str, line: bool = False) -> None:
    """Fill (bars) or line colour (radar/line) of a series."""
    if line:
        series.format.line.color.rgb = RGBColor.from_string(rgb)
        series.format.line.width = Pt(2.5)
    else:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(rgb)


def _heat(value: float, top: float) -> str:
    """Hex colour of a heatmap cell on the app's HEAT scale (0 -> cream, top -> dark red)."""
    t = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    lo, hi = (HEAT[0], HEAT[1]) if t < 0.5 else (HEAT[1], HEAT[2])
    u = t * 2 if t < 0.5 else (t - 0.5) * 2
    return "".join(f"{int(a + (b - a) * u):02X}" for a, b in zip(lo, hi, strict=True))


def _picture(slide: Any, png: bytes, x: int, y: int, w: int | None = None, h: int | None = None):
    """A PNG picture on the slide."""
    return slide.shapes.add_picture(io.BytesIO(png), x, y, w, h)


# ---------------------------------------------------------------------------------------------
# Comparison slides
# ---------------------------------------------------------------------------------------------


def _words_slide(prs: Any, c: Comparison, n: int = 12) -> Any:
    """Diverging bar chart of the top z-scores and both word clouds on one scale."""
    from analysis.output.wordclouds import render_wordcloud

    slide = _slide(
        prs, "用词差异", "对数优势比（语料为先验，Monroe 等 2008）z 值；|z|>1.96 为显著（深色）"
    )
    rows = diverging_terms(c.words, n)
    chart_w = Inches(6.2)
    if len(rows):
        data = CategoryChartData(number_format="0.0")
        data.categories = list(rows["term"])
        data.add_series("z值", [round(float(z), 2) for z in rows["z"]])
        chart = _add_chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            data,
            MARGIN,
            Inches(1.35),
            chart_w,
            Inches(5.65),
            11,
        )
        chart.has_legend = False
        chart.has_title = False
        plot = chart.plots[0]
        plot.gap_width = 40
        series = plot.series[0]
        series.invert_if_negative = False
        for k, r in enumerate(rows.itertuples()):
            tone = SIDE_RGB if r.significant else SIDE_LIGHT
            point = series.points[k]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(tone[r.side])
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        chart.category_axis.has_major_gridlines = False
        chart.value_axis.has_major_gridlines = True
        chart.value_axis.tick_labels.number_format = "0"
        chart.value_axis.tick_labels.number_format_is_linked = False
    else:
        _textbox(
            slide, MARGIN, Inches(3), chart_w, Inches(1), ["没有可比较的词语。"], 16, color=GRAY
        )
    _textbox(
        slide,
        MARGIN,
        Inches(7.05),
        chart_w,
        Inches(0.35),
        [f"向右：{c.label_a} 更常用　向左：{c.label_b} 更常用"],
        11,
        color=GRAY,
    )
    scale = c.cloud_scale
    x = MARGIN + chart_w + Inches(0.3)
    col_w = SLIDE_W - x - MARGIN
    label_h, gap = Inches(0.4), Inches(0.15)
    h = (Inches(7.3) - Inches(1.35) - 2 * label_h - gap) // 2
    w = min(col_w, int(h * 16 / 9))
    clouds = (("A", c.label_a, c.freqs_a), ("B", c.label_b, c.freqs_b))
    for k, (side, label, freqs) in enumerate(clouds):
        y = Inches(1.35) + k * (label_h + h + gap)
        _textbox(slide, x, y, col_w, label_h, [f"{label} 词云"], 14, True, SIDE_RGB[side])
        png = render_wordcloud(
            freqs,
            *CLOUD_PX,
            palette=palette.SIDE_CLOUD_PALETTES[side],
            max_words=80,
            scale_max=scale,
        )
        pic = _picture(slide, png, x + (col_w - w) // 2, y + label_h, w, h)
        pic.line.color.rgb = RGBColor.from_string("DDDDDD")
    return slide


def _themes_slide(prs: Any, c: Comparison) -> Any:
    """Radar of both theme profiles and the themes that differ most."""
    from analysis.corpus.compare import top_theme_differences

    slide = _slide(prs, "主题侧重", "主题得分 = 每万字命中句数")
    table = c.themes.table
    if len(table):
        data = CategoryChartData(number_format="0.0")
        data.categories = list(table["theme"])
        data.add_series(c.label_a, [float(v) for v in table["score_a"]])
        data.add_series(c.label_b, [float(v) for v in table["score_b"]])
        chart = _add_chart(
            slide, XL_CHART_TYPE.RADAR, data, MARGIN, Inches(1.3), Inches(7.0), Inches(6.0), 12
        )
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        for series, side in zip(chart.plots[0].series, ("A", "B"), strict=True):
            _color_series(series, SIDE_RGB[side], line=True)
    top = top_theme_differences(table, 8)
    if len(top):
        df = pd.DataFrame(
            {
                "主题": top["theme"],
                c.label_a: top["score_a"].round(1),
                c.label_b: top["score_b"].round(1),
                "差值": top["diff"].round(1),
            }
        )
        x = MARGIN + Inches(7.3)
        _textbox(slide, x, Inches(1.35), Inches(5), Inches(0.4), ["差异最大的主题"], 14, True)
        _table(slide, df, x, Inches(1.8), SLIDE_W - x - MARGIN, [1.4, 1, 1, 0.8], size=12)
    return slide


def _measure_slides(prs: Any, c: Comparison) -> list[Any]:
    """Shared pairs, then the practices only A / only B has, as tables."""
    m = c.measures
    slides = []
    pairs = m.pairs.head(TABLE_ROWS)
    slide = _slide(
        prs,
        "相近举措（双方共有的做法）",
        f"字符 n-gram TF-IDF 余弦相似度 ≥ {m.threshold:.2f}；共 {len(m.pairs)} 对",
    )
    if len(pairs):
        df = pd.DataFrame(
            {
                f"{c.label_a} 举措": pairs["title_a"].map(lambda s: _clip(s, 40)),
                f"{c.label_b} 举措": pairs["title_b"].map(lambda s: _clip(s, 40)),
                "相似度": pairs["similarity"].map(lambda v: f"{v:.2f}"),
            }
        )
        _table(slide, df, MARGIN, Inches(1.4), SLIDE_W - 2 * MARGIN, [5, 5, 1.2], size=14)
    else:
        _textbox(
            slide, MARGIN, Inches(2), Inches(10), Inches(1), ["未找到相近的举措。"], 16, color=GRAY
        )
    slides.append(slide)
    slide = _slide(prs, "各自独有的举措", f"与对方任何举措的相似度都低于 {m.threshold:.2f}")
    half = (SLIDE_W - 2 * MARGIN - Inches(0.3)) // 2
    for k, (side, label, only) in enumerate(
        (("A", c.label_a, m.only_a), ("B", c.label_b, m.only_b))
    ):
        x = MARGIN + k * (half + Inches(0.3))
        df = pd.DataFrame(
            {
                f"仅{label}（{len(only)} 项）": only["title"]
                .head(TABLE_ROWS)
                .map(lambda s: _clip(s, 36))
            }
        )
        if df.empty:
            df = pd.DataFrame({f"仅{label}": ["（无）"]})
        _table(slide, df, x, Inches(1.4), half, size=14, header_color=SIDE_RGB[side])
    slides.append(slide)
    return slides


def _numbers_slide(prs: Any, c: Comparison) -> Any:
    """Indicator counts by category (clustered bars) and the sums per category and unit."""
    slide = _slide(prs, "数字指标", "按类别比较；脱敏数字只计项数，不计数值")
    nums = c.numbers
    if nums.empty:
        _textbox(
            slide,
            MARGIN,
            Inches(2),
            Inches(10),
            Inches(1),
            ["双方都没有提取到数字指标。"],
            16,
            color=GRAY,
        )
        return slide
    by_cat = nums.groupby("category_label", sort=False)[["count_a", "count_b"]].sum()
    data = CategoryChartData(number_format="0")
    data.categories = list(by_cat.index)
    data.add_series(c.label_a, [int(v) for v in by_cat["count_a"]])
    data.add_series(c.label_b, [int(v) for v in by_cat["count_b"]])
    chart = _add_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        data,
        MARGIN,
        Inches(1.35),
        Inches(5.6),
        Inches(5.6),
        12,
    )
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for series, side in zip(chart.plots[0].series, ("A", "B"), strict=True):
        _color_series(series, SIDE_RGB[side])
    chart.value_axis.has_major_gridlines = True
    rows = nums.head(TABLE_ROWS)
    df = pd.DataFrame(
        {
            "类别": rows["category_label"],
            "单位": rows["unit"],
            c.label_a: rows["display_a"],
            c.label_b: rows["display_b"],
        }
    )
    x = MARGIN + Inches(5.9)
    _table(slide, df, x, Inches(1.4), SLIDE_W - x - MARGIN, [0.8, 0.6, 2, 2], size=11)
    return slide


def _formulations_slide(prs: Any, c: Comparison) -> Any:
    """Formulations used by both, only A and only B, as three coloured columns."""
    slide = _slide(prs, "提法与品牌", "编号式提法（如“三会一课”）与命名的载体、品牌")
    groups = formulation_columns(c)
    w = (SLIDE_W - 2 * MARGIN - Inches(0.4)) // 3
    colors = (GOLD, RED, BLUE)
    for k, ((name, terms), color) in enumerate(zip(groups.items(), colors, strict=True)):
        x = MARGIN + k * (w + Inches(0.2))
        head = slide.shapes.add_shape(1, x, Inches(1.4), w, Inches(0.5))
        head.fill.solid()
        head.fill.fore_color.rgb = RGBColor.from_string(color)
        head.line.fill.background()
        _write(
            head.text_frame,
            [f"{_clip(name, 18)}（{len(terms)}）"],
            15,
            True,
            "FFFFFF",
            PP_ALIGN.CENTER,
        )
        shown = terms[:30]
        more = [f"……另有 {len(terms) - 30} 个"] if len(terms) > 30 else []
        body = ["、".join(shown) + ("" if shown else "（无）")] + more
        _textbox(slide, x, Inches(2.0), w, Inches(5), body, 14, color=DARK)
    return slide


def _summary_slide(prs: Any, c: Comparison) -> Any:
    """The generated summary sentences."""
    slide = _slide(prs, "对比小结", f"总体相似度 {c.similarity:.2f}")
    lines = list(c.summary)
    size = 16 if sum(len(s) for s in lines) < 700 else 13
    _textbox(
        slide,
        MARGIN,
        Inches(1.4),
        SLIDE_W - 2 * MARGIN,
        Inches(5.8),
        lines,
        size,
        bullet=True,
        space=6,
    )
    return slide


COMPARISON_SLIDES = 8  # title, words, themes, 2 x measures, numbers, formulations, summary


def add_comparison_slides(prs: Any, c: Comparison, step: Callable[[], None] | None = None) -> None:
    """Append the comparison slides (without a title slide) to a presentation."""
    step = step or (lambda: None)
    for build in (_words_slide, _themes_slide):
        build(prs, c)
        step()
    for _ in _measure_slides(prs, c):
        step()
    for build in (_numbers_slide, _formulations_slide, _summary_slide):
        build(prs, c)
        step()


def _save(prs: Any) -> bytes:
    """The presentation as .pptx bytes."""
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def comparison_deck(c: Comparison, progress: Progress | None = None) -> bytes:
    """A .pptx of one comparison: title, words, themes, measures (2), numbers, formulations, summary."""
    prs = new_presentation()
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], COMPARISON_SLIDES)

    _title_slide(
        prs,
        f"{c.label_a} 与 {c.label_b}",
        "支部对比分析",
        [
            f"A：{c.label_a}（{len(c.reports_a)} 份报告）",
            f"B：{c.label_b}（{len(c.reports_b)} 份报告）",
        ],
    )
    step()
    add_comparison_slides(prs, c, step)
    return _save(prs)


# ---------------------------------------------------------------------------------------------
# Briefing slides
# ---------------------------------------------------------------------------------------------


def _kpi_slide(prs: Any, b: Briefing) -> Any:
    """Headline figures as tiles."""
    slide = _slide(prs, "语料概览", b.subtitle)
    per_row = 4
    w = (SLIDE_W - 2 * MARGIN - Inches(0.3) * (per_row - 1)) // per_row
    h = Inches(2.2)
    for k, kpi in enumerate(b.kpis):
        x = MARGIN + (k % per_row) * (w + Inches(0.3))
        y = Inches(1.6) + (k // per_row) * (h + Inches(0.4))
        tile = slide.shapes.add_shape(1, x, y, w, h)
        tile.fill.solid()
        tile.fill.fore_color.rgb = RGBColor.from_string(LIGHT)
        tile.line.color.rgb = RGBColor.from_string(GOLD)
        tf = tile.text_frame
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        _write(tf, [kpi.value], 40 if len(kpi.value) <= 5 else 28, True, RED, PP_ALIGN.CENTER)
        p = tf.add_paragraph()
        p.alignment = PP_ALIGN.CENTER
        run = p.add_run()
        run.text = f"{kpi.label}（{kpi.note}）" if kpi.note else kpi.label
        _style_run(run, 16, False, DARK)
    return slide


def _heatmap_slides(prs: Any, b: Briefing, per_slide: int = 8) -> list[Any]:
    """The branch x theme matrix as coloured tables (themes as rows, up to 8 branches a slide)."""
    m = b.theme_matrix
    if m.empty:
        return []
    top = float(m.to_numpy().max()) if m.size else 0.0
    slides = []
    branches = list(m.index)
    pages = [branches[i : i + per_slide] for i in range(0, len(branches), per_slide)]
    for k, page in enumerate(pages, start=1):
        sub = m.loc[page].T
        df = sub.round(1).reset_index().rename(columns={"index": "主题"})
        df.columns = ["主题", *[_clip(c, 16) for c in page]]
        fills = [[None] + [_heat(float(v), top) for v in row] for row in sub.to_numpy()]
        title = "主题热力图" + (f"（{k}/{len(pages)}）" if len(pages) > 1 else "")
        slide = _slide(prs, title, "每万字命中句数，颜色越深越侧重")
        row_h = min(0.36, 5.9 / (len(df) + 1))
        _table(
            slide,
            df,
            MARGIN,
            Inches(1.35),
            SLIDE_W - 2 * MARGIN,
            [1.4] + [1] * len(page),
            size=10 if len(df) > 14 else 12,
            fills=fills,
            row_h=row_h,
        )
        slides.append(slide)
    return slides


def _keywords_slide(prs: Any, b: Briefing, n: int = 20) -> Any:
    """Top keywords as a bar chart and the corpus word cloud."""
    from analysis.output.wordclouds import render_wordcloud

    note = "已去除公文套话" if b.officialese else "含公文套话"
    slide = _slide(prs, "高频关键词", f"全部报告的词频（{note}）")
    kw = b.keywords.head(n)
    if len(kw):
        data = CategoryChartData(number_format="0")
        data.categories = list(kw["关键词"])[::-1]
        data.add_series("次数", [int(v) for v in kw["次数"]][::-1])
        chart = _add_chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            data,
            MARGIN,
            Inches(1.3),
            Inches(5.2),
            Inches(6.0),
            11,
        )
        chart.has_legend = False
        chart.has_title = False
        chart.plots[0].gap_width = 40
        _color_series(chart.plots[0].series[0], RED)
        chart.value_axis.has_major_gridlines = True
    x = MARGIN + Inches(5.5)
    w = SLIDE_W - x - MARGIN
    png = render_wordcloud(b.keyword_freqs, *CLOUD_PX, max_words=120)
    _picture(slide, png, x, Inches(1.6), w, int(w * 9 / 16))
    return slide


def _corpus_formulations_slide(prs: Any, b: Briefing, n: int = 15) -> Any:
    """The formulations used by most reports (bar chart) with who uses them (table)."""
    slide = _slide(prs, "常用提法", "按使用报告数排序")
    f = b.formulations.head(n)
    if f.empty:
        _textbox(
            slide, MARGIN, Inches(2), Inches(10), Inches(1), ["没有识别到提法。"], 16, color=GRAY
        )
        return slide
    data = CategoryChartData(number_format="0")
    data.categories = list(f["提法"])[::-1]
    data.add_series("报告数", [int(v) for v in f["报告数"]][::-1])
    chart = _add_chart(
        slide, XL_CHART_TYPE.BAR_CLUSTERED, data, MARGIN, Inches(1.3), Inches(5.2), Inches(6.0), 11
    )
    chart.has_legend = False
    chart.has_title = False
    chart.plots[0].gap_width = 40
    _color_series(chart.plots[0].series[0], GOLD)
    chart.value_axis.major_unit = 1
    chart.value_axis.tick_labels.number_format = "0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    df = f.head(TABLE_ROWS)[["提法", "次数", "使用支部"]]
    x = MARGIN + Inches(5.5)
    _table(slide, df, x, Inches(1.4), SLIDE_W - x - MARGIN, [1.2, 0.6, 3], size=11)
    return slide


def _report_slides(prs: Any, s: ReportSection, max_pages: int = 2) -> list[Any]:
    """A chosen report's practices as tables (at most `max_pages` slides)."""
    slides = []
    m = s.measures
    pages = max(1, min(max_pages, -(-len(m) // TABLE_ROWS)))
    for k in range(pages):
        part = m.iloc[k * TABLE_ROWS : (k + 1) * TABLE_ROWS]
        title = f"{s.name}：主要举措" + (f"（{k + 1}/{pages}）" if pages > 1 else "")
        slide = _slide(prs, _clip(title, 40), _clip(f"{s.title} · {s.meta}", 90))
        if part.empty:
            _textbox(
                slide, MARGIN, Inches(2), Inches(10), Inches(1), ["未识别到举措。"], 16, color=GRAY
            )
        else:
            df = pd.DataFrame(
                {
                    "举措": part["举措"].map(lambda v: _clip(v, 40)),
                    "主题": part["主题"],
                    "所在章节": part["所在章节"].map(lambda v: _clip(v, 30)),
                }
            )
            _table(slide, df, MARGIN, Inches(1.45), SLIDE_W - 2 * MARGIN, [4, 1.6, 3], size=12)
        if k == pages - 1 and len(m) > pages * TABLE_ROWS:
            _textbox(
                slide,
                MARGIN,
                Inches(7.0),
                Inches(10),
                Inches(0.4),
                [f"共 {len(m)} 项举措，完整列表见 Excel。"],
                11,
                color=GRAY,
            )
        slides.append(slide)
    return slides


def briefing_slide_count(b: Briefing) -> int:
    """How many slides `briefing_deck` makes (for progress)."""
    branches = len(b.theme_matrix.index)
    heat = -(-branches // 8) if branches else 0
    reports = sum(max(1, min(2, -(-len(s.measures) // TABLE_ROWS))) for s in b.sections)
    return 4 + heat + reports + len(b.comparisons) * COMPARISON_SLIDES


def briefing_deck(b: Briefing, progress: Progress | None = None) -> bytes:
    """A .pptx briefing: title, overview KPIs, theme heatmap, keywords, formulations, each chosen
    report's practices, each chosen comparison."""
    prs = new_presentation()
    total = briefing_slide_count(b)
    done = [0]

    def step(n: int = 1) -> None:
        done[0] += n
        if progress:
            progress(min(done[0], total), total)

    _title_slide(prs, b.title, b.subtitle, list(b.notes))
    step()
    _kpi_slide(prs, b)
    step()
    step(len(_heatmap_slides(prs, b)))
    _keywords_slide(prs, b)
    step()
    _corpus_formulations_slide(prs, b)
    step()
    for s in b.sections:
        step(len(_report_slides(prs, s)))
    for c in b.comparisons:
        _title_slide(prs, f"{c.label_a} 与 {c.label_b}", "支部对比")
        step()
        add_comparison_slides(prs, c, step)
    return _save(prs)
