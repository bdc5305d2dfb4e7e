"""The slides of one comparison (words, themes, practices, numbers, formulations, summary) and
the comparison deck."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from analysis.core import palette
from analysis.corpus.compare import Comparison, diverging_terms
from analysis.output.briefing import formulation_columns
from analysis.output.slide_parts import (
    BLUE,
    CLOUD_PX,
    DARK,
    GOLD,
    GRAY,
    MARGIN,
    RED,
    SIDE_LIGHT,
    SIDE_RGB,
    SLIDE_W,
    TABLE_ROWS,
    Progress,
    add_chart,
    add_picture,
    add_table,
    clip,
    color_series,
    deck_bytes,
    new_presentation,
    textbox,
    title_slide,
    titled_slide,
    write_lines,
)


def _words_slide(prs: Any, c: Comparison, n: int = 12) -> Any:
    """Diverging bar chart of the top z-scores and both word clouds on one scale."""
    from analysis.output.wordclouds import render_wordcloud

    slide = titled_slide(
        prs, "用词差异", "对数优势比（语料为先验，Monroe 等 2008）z 值；|z|>1.96 为显著（深色）"
    )
    rows = diverging_terms(c.words, n)
    chart_w = Inches(6.2)
    if len(rows):
        data = CategoryChartData(number_format="0.0")
        data.categories = list(rows["term"])
        data.add_series("z值", [round(float(z), 2) for z in rows["z"]])
        chart = add_chart(
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
            point.format.fill.fore_color.rgb = RGBColor.from_string(tone[str(r.side)])
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        chart.category_axis.has_major_gridlines = False
        chart.value_axis.has_major_gridlines = True
        chart.value_axis.tick_labels.number_format = "0"
        chart.value_axis.tick_labels.number_format_is_linked = False
    else:
        textbox(
            slide, MARGIN, Inches(3), chart_w, Inches(1), ["没有可比较的词语。"], 16, color=GRAY
        )
    textbox(
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
        textbox(slide, x, y, col_w, label_h, [f"{label} 词云"], 14, True, SIDE_RGB[side])
        png = render_wordcloud(
            freqs,
            *CLOUD_PX,
            palette=palette.SIDE_CLOUD_PALETTES[side],
            max_words=80,
            scale_max=scale,
        )
        pic = add_picture(slide, png, x + (col_w - w) // 2, y + label_h, w, h)
        pic.line.color.rgb = RGBColor.from_string("DDDDDD")
    return slide


def _themes_slide(prs: Any, c: Comparison) -> Any:
    """Radar of both theme profiles and the themes that differ most."""
    from analysis.corpus.compare import top_theme_differences

    slide = titled_slide(prs, "主题侧重", "主题得分 = 每万字命中句数")
    table = c.themes.table
    if len(table):
        data = CategoryChartData(number_format="0.0")
        data.categories = list(table["theme"])
        data.add_series(c.label_a, [float(v) for v in table["score_a"]])
        data.add_series(c.label_b, [float(v) for v in table["score_b"]])
        chart = add_chart(
            slide, XL_CHART_TYPE.RADAR, data, MARGIN, Inches(1.3), Inches(7.0), Inches(6.0), 12
        )
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        for series, side in zip(chart.plots[0].series, ("A", "B"), strict=True):
            color_series(series, SIDE_RGB[side], line=True)
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
        textbox(slide, x, Inches(1.35), Inches(5), Inches(0.4), ["差异最大的主题"], 14, True)
        add_table(slide, df, x, Inches(1.8), SLIDE_W - x - MARGIN, [1.4, 1, 1, 0.8], size=12)
    return slide


def _measure_slides(prs: Any, c: Comparison) -> list[Any]:
    """Shared pairs, then the practices only A / only B has, as tables."""
    m = c.measures
    slides = []
    pairs = m.pairs.head(TABLE_ROWS)
    slide = titled_slide(
        prs,
        "相近举措（双方共有的做法）",
        f"字符 n-gram TF-IDF 余弦相似度 ≥ {m.threshold:.2f}；共 {len(m.pairs)} 对",
    )
    if len(pairs):
        df = pd.DataFrame(
            {
                f"{c.label_a} 举措": pairs["title_a"].map(lambda s: clip(s, 40)),
                f"{c.label_b} 举措": pairs["title_b"].map(lambda s: clip(s, 40)),
                "相似度": pairs["similarity"].map(lambda v: f"{v:.2f}"),
            }
        )
        add_table(slide, df, MARGIN, Inches(1.4), SLIDE_W - 2 * MARGIN, [5, 5, 1.2], size=14)
    else:
        textbox(
            slide, MARGIN, Inches(2), Inches(10), Inches(1), ["未找到相近的举措。"], 16, color=GRAY
        )
    slides.append(slide)
    slide = titled_slide(prs, "各自独有的举措", f"与对方任何举措的相似度都低于 {m.threshold:.2f}")
    half = (SLIDE_W - 2 * MARGIN - Inches(0.3)) // 2
    for k, (side, label, only) in enumerate(
        (("A", c.label_a, m.only_a), ("B", c.label_b, m.only_b))
    ):
        x = MARGIN + k * (half + Inches(0.3))
        df = pd.DataFrame(
            {
                f"仅{label}（{len(only)} 项）": only["title"]
                .head(TABLE_ROWS)
                .map(lambda s: clip(s, 36))
            }
        )
        if df.empty:
            df = pd.DataFrame({f"仅{label}": ["（无）"]})
        add_table(slide, df, x, Inches(1.4), half, size=14, header_color=SIDE_RGB[side])
    slides.append(slide)
    return slides


def _numbers_slide(prs: Any, c: Comparison) -> Any:
    """Indicator counts by category (clustered bars) and the sums per category and unit."""
    slide = titled_slide(prs, "数字指标", "按类别比较；脱敏数字只计项数，不计数值")
    nums = c.numbers
    if nums.empty:
        textbox(
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
    chart = add_chart(
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
        color_series(series, SIDE_RGB[side])
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
    add_table(slide, df, x, Inches(1.4), SLIDE_W - x - MARGIN, [0.8, 0.6, 2, 2], size=11)
    return slide


def _formulations_slide(prs: Any, c: Comparison) -> Any:
    """Formulations used by both, only A and only B, as three coloured columns."""
    slide = titled_slide(prs, "提法与品牌", "编号式提法（如“三会一课”）与命名的载体、品牌")
    groups = formulation_columns(c)
    w = (SLIDE_W - 2 * MARGIN - Inches(0.4)) // 3
    colors = (GOLD, RED, BLUE)
    for k, ((name, terms), color) in enumerate(zip(groups.items(), colors, strict=True)):
        x = MARGIN + k * (w + Inches(0.2))
        head = slide.shapes.add_shape(1, x, Inches(1.4), w, Inches(0.5))
        head.fill.solid()
        head.fill.fore_color.rgb = RGBColor.from_string(color)
        head.line.fill.background()
        write_lines(
            head.text_frame,
            [f"{clip(name, 18)}（{len(terms)}）"],
            15,
            True,
            "FFFFFF",
            PP_ALIGN.CENTER,
        )
        shown = terms[:30]
        more = [f"……另有 {len(terms) - 30} 个"] if len(terms) > 30 else []
        body = ["、".join(shown) + ("" if shown else "（无）")] + more
        textbox(slide, x, Inches(2.0), w, Inches(5), body, 14, color=DARK)
    return slide


def _summary_slide(prs: Any, c: Comparison) -> Any:
    """The generated summary sentences."""
    slide = titled_slide(prs, "对比小结", f"总体相似度 {c.similarity:.2f}")
    lines = list(c.summary)
    size = 16 if sum(len(s) for s in lines) < 700 else 13
    textbox(
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


def comparison_deck(c: Comparison, progress: Progress | None = None) -> bytes:
    """A .pptx of one comparison: title, words, themes, measures (2), numbers, formulations, summary."""
    prs = new_presentation()
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], COMPARISON_SLIDES)

    title_slide(
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
    return deck_bytes(prs)
