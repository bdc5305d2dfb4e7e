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
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.explain import method_notes, org_names_note, reading
from analysis.corpus.compare.measure_alignment import (
    TIER_POSSIBLE,
    TIER_RULE,
    TIER_STRONG,
    TIER_TEXT,
)
from analysis.corpus.compare.word_contrast import diverging_terms
from analysis.output.briefing import formulation_columns
from analysis.output.labels import labelled
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
    Progress,
    add_chart,
    add_picture,
    add_table,
    add_table_pages,
    clip,
    color_series,
    deck_bytes,
    new_presentation,
    page_title,
    speaker_notes,
    split_rows,
    textbox,
    title_slide,
    titled_slide,
    write_lines,
)


def _words_slide(prs: Any, c: Comparison, n: int = 12) -> Any:
    """Diverging bar chart of the top z-scores and both word clouds on one scale."""
    from analysis.output.wordclouds import render_wordcloud

    slide = titled_slide(prs, "用词差异", reading("z_bars"))
    notes = [reading("z"), reading("cloud"), org_names_note(c.org_names), *method_notes(("z",))]
    speaker_notes(slide, notes)
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
    from analysis.corpus.compare.theme_contrast import top_theme_differences

    slide = titled_slide(prs, "主题侧重", reading("theme_score"))
    notes = [reading("theme_score"), reading("themes"), *method_notes(("theme_score", "themes"))]
    speaker_notes(slide, notes)
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


_TABLE_Y = Inches(1.4)
_FULL_W = SLIDE_W - 2 * MARGIN
_PAIR_WIDTHS = [5, 5, 1.1, 1.6]
_HALF_W = (SLIDE_W - 2 * MARGIN - Inches(0.3)) // 2
_NUM_X = MARGIN + Inches(5.9)
_NUM_WIDTHS = [0.8, 1.1, 0.6, 2, 2]


def _pair_table(c: Comparison) -> pd.DataFrame:
    """Every pair of practices as the slide shows them: both titles, similarity, the judgement."""
    p = c.measures.pairs
    return pd.DataFrame(
        {
            f"{c.label_a} 举措": p["title_a"].map(lambda s: clip(s, 40)),
            f"{c.label_b} 举措": p["title_b"].map(lambda s: clip(s, 40)),
            "相似度": p["similarity"].map(lambda v: f"{v:.2f}"),
            "判断": p["tier"].map(TIER_TEXT),
        }
    )


def _only_tables(c: Comparison) -> list[pd.DataFrame]:
    """The practices only A / only B has, one table each (a "（无）" row when none)."""
    m = c.measures
    out = []
    for label, only in ((c.label_a, m.only_a), (c.label_b, m.only_b)):
        df = pd.DataFrame(
            {f"仅{label}（{len(only)} 项）": only["title"].map(lambda s: clip(s, 36))}
        )
        out.append(df if len(df) else pd.DataFrame({f"仅{label}": ["（无）"]}))
    return out


def _only_pages(c: Comparison) -> list[list[pd.DataFrame]]:
    """Each side's only-list cut into slide pages."""
    return [split_rows(df, _TABLE_Y, _HALF_W, None, 14) for df in _only_tables(c)]


def _number_table(c: Comparison) -> pd.DataFrame:
    """The numbers as the slide shows them: category, subject (what is counted), unit, each
    side's figures."""
    n = c.numbers
    shown = n[["category_label", "subject", "unit", "display_a", "display_b"]].assign(
        subject=n["subject"].map(lambda s: clip(str(s), 12) if s else "—")
    )
    return labelled(shown, "numbers", c.label_a, c.label_b)


def _measure_slides(prs: Any, c: Comparison) -> list[Any]:
    """The pairs (both tiers), then the practices only A / only B has, as tables over as many
    slides as they need."""
    m = c.measures
    title = "相近的做法"
    sub = (
        f"共有的做法 {len(m.strong)} 对（{TIER_RULE[TIER_STRONG]}）；"
        f"可能相近的做法 {len(m.possible)} 对（{TIER_RULE[TIER_POSSIBLE]}）"
    )
    notes = [
        reading("pairs"),
        reading("best_similarity"),
        reading("measures"),
        *method_notes(("pairs", "measures")),
    ]

    def page(k: int, total: int) -> Any:
        slide = titled_slide(prs, page_title(title, k, total), sub)
        speaker_notes(slide, notes)
        return slide

    if m.pairs.empty:
        slide = page(1, 1)
        textbox(
            slide, MARGIN, Inches(2), Inches(10), Inches(1), ["未找到相近的做法。"], 16, color=GRAY
        )
        slides = [slide]
    else:
        slides = add_table_pages(
            prs, page, _pair_table(c), MARGIN, _TABLE_Y, _FULL_W, _PAIR_WIDTHS, 14
        )
    a_pages, b_pages = _only_pages(c)
    total = max(len(a_pages), len(b_pages))
    for k in range(total):
        slide = titled_slide(
            prs,
            page_title("各自独有的做法", k + 1, total),
            f"在对方报告里找不到相似度达到 {m.threshold:.2f} 的做法的举措",
        )
        speaker_notes(slide, notes)
        for j, (side, pages) in enumerate((("A", a_pages), ("B", b_pages))):
            if k < len(pages):
                x = MARGIN + j * (_HALF_W + Inches(0.3))
                add_table(
                    slide, pages[k], x, _TABLE_Y, _HALF_W, size=14, header_color=SIDE_RGB[side]
                )
        slides.append(slide)
    return slides


def _numbers_slides(prs: Any, c: Comparison) -> list[Any]:
    """Indicator counts by category (clustered bars) and the figures per category, unit and
    subject (a table, continued on further slides when it does not fit beside the chart)."""
    sub = reading("numbers")
    slide = titled_slide(prs, "数字指标", sub)
    speaker_notes(slide, [reading("number_counts"), reading("numbers"), reading("number_units")])
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
        return [slide]
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

    def page(k: int, total: int) -> Any:
        return slide if k == 1 else titled_slide(prs, page_title("数字指标", k, total), sub)

    w = SLIDE_W - _NUM_X - MARGIN
    return add_table_pages(prs, page, _number_table(c), _NUM_X, _TABLE_Y, w, _NUM_WIDTHS, 11)


def _formulations_slide(prs: Any, c: Comparison) -> Any:
    """Formulations used by both, only A and only B, as three coloured columns."""
    slide = titled_slide(prs, "提法与品牌", reading("formulation_lists"))
    speaker_notes(slide, [reading("formulations"), *method_notes(("formulations",))])
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


_SUMMARY_SIZE = 16  # points: readable from the back of a meeting room
_SUMMARY_H = 5.8  # inches of text below the title


def _summary_pages(c: Comparison) -> list[list[str]]:
    """The summary sentences cut into slides that hold them at _SUMMARY_SIZE points."""
    per_line = int((SLIDE_W - 2 * MARGIN) / 914400 * 72 / _SUMMARY_SIZE) - 2
    line_h = _SUMMARY_SIZE * 1.25 / 72
    pages: list[list[str]] = [[]]
    used = 0.0
    for sentence in c.summary:
        h = -(-len(sentence) // per_line) * line_h + 6 / 72
        if pages[-1] and used + h > _SUMMARY_H:
            pages.append([])
            used = 0.0
        pages[-1].append(sentence)
        used += h
    return pages


def _summary_slides(prs: Any, c: Comparison) -> list[Any]:
    """The generated summary sentences, over as many slides as they need."""
    pages = _summary_pages(c)
    slides = []
    for k, lines in enumerate(pages, start=1):
        slide = titled_slide(
            prs, page_title("对比小结", k, len(pages)), f"总体相似度 {c.similarity:.2f}"
        )
        speaker_notes(slide, [reading("similarity"), *method_notes(("similarity",))])
        textbox(
            slide,
            MARGIN,
            Inches(1.4),
            SLIDE_W - 2 * MARGIN,
            Inches(_SUMMARY_H),
            lines,
            _SUMMARY_SIZE,
            bullet=True,
            space=6,
        )
        slides.append(slide)
    return slides


def comparison_slide_count(c: Comparison) -> int:
    """How many slides `add_comparison_slides` adds for `c` (for progress bars)."""
    pairs = (
        1
        if c.measures.pairs.empty
        else len(split_rows(_pair_table(c), _TABLE_Y, _FULL_W, _PAIR_WIDTHS, 14))
    )
    only = max(len(p) for p in _only_pages(c))
    numbers = (
        1
        if c.numbers.empty
        else len(split_rows(_number_table(c), _TABLE_Y, SLIDE_W - _NUM_X - MARGIN, _NUM_WIDTHS, 11))
    )
    return 2 + pairs + only + numbers + 1 + len(_summary_pages(c))


COMPARISON_SLIDES = (
    8  # the fewest: title, words, themes, 2 x measures, numbers, formulations, summary
)


def add_comparison_slides(prs: Any, c: Comparison, step: Callable[[], None] | None = None) -> None:
    """Append the comparison slides (without a title slide) to a presentation."""
    step = step or (lambda: None)
    for build in (_words_slide, _themes_slide):
        build(prs, c)
        step()
    for _ in _measure_slides(prs, c):
        step()
    for _ in _numbers_slides(prs, c):
        step()
    _formulations_slide(prs, c)
    step()
    for _ in _summary_slides(prs, c):
        step()


def comparison_deck(c: Comparison, progress: Progress | None = None) -> bytes:
    """A .pptx of one comparison: title, words, themes, measures (2), numbers, formulations, summary."""
    prs = new_presentation()
    done = [0]
    total = 1 + comparison_slide_count(c)

    def step() -> None:
        done[0] += 1
        if progress:
            progress(min(done[0], total), total)

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
