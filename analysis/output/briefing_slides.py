"""The slides of a briefing (overview figures, theme heatmap, keywords, formulations, each chosen
report's practices) and the briefing deck, comparisons included."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from analysis.corpus.compare.explain import method_notes, reading
from analysis.output.briefing import Briefing, ReportSection
from analysis.output.comparison_slides import add_comparison_slides, comparison_slide_count
from analysis.output.heat import briefing_heat
from analysis.output.labels import labelled
from analysis.output.slide_parts import (
    CLOUD_PX,
    DARK,
    GOLD,
    GRAY,
    LIGHT,
    MARGIN,
    RED,
    SLIDE_W,
    TABLE_ROWS,
    Progress,
    add_chart,
    add_picture,
    add_table,
    add_table_pages,
    clip,
    color_series,
    deck_bytes,
    heat_color,
    new_presentation,
    page_title,
    speaker_notes,
    split_rows,
    style_run,
    textbox,
    title_slide,
    titled_slide,
    write_lines,
)


def _kpi_slide(prs: Any, b: Briefing) -> Any:
    """Headline figures as tiles."""
    slide = titled_slide(prs, "语料概览", b.subtitle)
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
        write_lines(tf, [kpi.value], 40 if len(kpi.value) <= 5 else 28, True, RED, PP_ALIGN.CENTER)
        p = tf.add_paragraph()
        p.alignment = PP_ALIGN.CENTER
        run = p.add_run()
        run.text = f"{kpi.label}（{kpi.note}）" if kpi.note else kpi.label
        style_run(run, 16, False, DARK)
    return slide


_HEAT_Y = Inches(1.35)
_HEAT_W = SLIDE_W - 2 * MARGIN


def _heatmap_pages(
    b: Briefing, per_slide: int = 8
) -> list[tuple[pd.DataFrame, list, float, float]]:
    """The heatmap's slides: (table, cell colours, font size, row height) of each, at most
    `per_slide` branches a slide, themes continued on another slide when they do not fit."""
    heat = briefing_heat(b)  # the rows and colour scale of every medium's heatmap
    if heat.matrix.empty:
        return []
    top = heat.scale_max
    out: list[tuple[pd.DataFrame, list, float, float]] = []
    for part_matrix in heat.pages(per_slide):
        page = list(part_matrix.index)
        sub = part_matrix.T
        df = sub.round(1).reset_index().rename(columns={"index": "主题"})
        df.columns = ["主题", *[clip(c, 16) for c in page]]
        fills = [[None] + [heat_color(float(v), top) for v in row] for row in sub.to_numpy()]
        size = 10 if len(df) > 14 else 12
        row_h = min(0.36, 5.9 / (len(df) + 1))
        widths = [1.4] + [1] * len(page)
        start = 0
        for part in split_rows(df, _HEAT_Y, _HEAT_W, widths, size, row_h):
            out.append((part, fills[start : start + len(part)], size, row_h))
            start += len(part)
    return out


def _heatmap_slides(prs: Any, b: Briefing) -> list[Any]:
    """The branch x theme matrix as coloured tables (themes as rows), split to fit the slides."""
    pages = _heatmap_pages(b)
    note = "".join(["每万字命中句数，颜色越深越侧重。", *briefing_heat(b).notes()])
    slides = []
    for k, (df, fills, size, row_h) in enumerate(pages, start=1):
        slide = titled_slide(prs, page_title("主题热力图", k, len(pages)), note)
        speaker_notes(slide, [reading("theme_score"), reading("per10k")])
        widths = [1.4] + [1] * (len(df.columns) - 1)
        add_table(slide, df, MARGIN, _HEAT_Y, _HEAT_W, widths, size, fills=fills, row_h=row_h)
        slides.append(slide)
    return slides


def _keywords_slide(prs: Any, b: Briefing, n: int = 20) -> Any:
    """Top keywords as a bar chart and the corpus word cloud."""
    from analysis.output.wordclouds import render_wordcloud

    note = "已去除公文套话" if b.officialese else "含公文套话"
    names = "含单位名称" if b.org_names else "不含单位名称"
    slide = titled_slide(prs, "高频关键词", f"全部报告的词频（{note}，{names}）")
    speaker_notes(
        slide,
        [
            reading("per10k"),
            reading("keyword_weight"),
            reading("org_names"),
            *method_notes(("keyword_weight",)),
        ],
    )
    kw = b.keywords.head(n)
    if len(kw):
        data = CategoryChartData(number_format="0")
        data.categories = list(kw["term"])[::-1]
        data.add_series("次数", [int(v) for v in kw["count"]][::-1])
        chart = add_chart(
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
        color_series(chart.plots[0].series[0], RED)
        chart.value_axis.has_major_gridlines = True
    x = MARGIN + Inches(5.5)
    w = SLIDE_W - x - MARGIN
    png = render_wordcloud(b.keyword_freqs, *CLOUD_PX, max_words=120)
    add_picture(slide, png, x, Inches(1.6), w, int(w * 9 / 16))
    return slide


_FORM_X = MARGIN + Inches(5.5)
_FORM_Y = Inches(1.4)
_FORM_WIDTHS = [1.2, 0.6, 3]


def _formulation_rows(b: Briefing, n: int = 15) -> pd.DataFrame:
    """The formulations table of the briefing: the `n` most used, with who uses them."""
    rows = b.formulations.head(min(n, TABLE_ROWS))[["formulation", "count", "branches_using"]]
    return labelled(rows)


def _corpus_formulations_slides(prs: Any, b: Briefing, n: int = 15) -> list[Any]:
    """The formulations used by most reports (bar chart) with who uses them (table, continued
    on further slides when it does not fit beside the chart)."""
    slide = titled_slide(prs, "常用提法", "按使用报告数排序")
    f = b.formulations.head(n)
    if f.empty:
        textbox(
            slide, MARGIN, Inches(2), Inches(10), Inches(1), ["没有识别到提法。"], 16, color=GRAY
        )
        return [slide]
    data = CategoryChartData(number_format="0")
    data.categories = list(f["formulation"])[::-1]
    data.add_series("报告数", [int(v) for v in f["report_count"]][::-1])
    chart = add_chart(
        slide, XL_CHART_TYPE.BAR_CLUSTERED, data, MARGIN, Inches(1.3), Inches(5.2), Inches(6.0), 11
    )
    chart.has_legend = False
    chart.has_title = False
    chart.plots[0].gap_width = 40
    color_series(chart.plots[0].series[0], GOLD)
    chart.value_axis.major_unit = 1
    chart.value_axis.tick_labels.number_format = "0"
    chart.value_axis.tick_labels.number_format_is_linked = False

    def page(k: int, total: int) -> Any:
        if k == 1:
            return slide
        return titled_slide(prs, page_title("常用提法", k, total), "按使用报告数排序（续）")

    w = SLIDE_W - _FORM_X - MARGIN
    return add_table_pages(
        prs, page, _formulation_rows(b, n), _FORM_X, _FORM_Y, w, _FORM_WIDTHS, 11
    )


_REPORT_Y = Inches(1.45)
_REPORT_W = SLIDE_W - 2 * MARGIN
_REPORT_WIDTHS = [4, 1.6, 3]


def _report_table(s: ReportSection) -> pd.DataFrame:
    """A chosen report's practices as the slide shows them."""
    m = s.measures
    shown = pd.DataFrame(
        {
            "item": m["item"].map(lambda v: clip(v, 40)),
            "themes": m["themes"],
            "section": m["section"].map(lambda v: clip(v, 30)),
        }
    )
    return labelled(shown, "items")


def _report_pages(s: ReportSection, max_pages: int = 2) -> list[pd.DataFrame]:
    """The practice tables of a report's slides: as many rows as fit a slide, at most
    `max_pages` slides (at least one, maybe empty)."""
    df = _report_table(s).head(max_pages * TABLE_ROWS)
    pages = split_rows(df, _REPORT_Y, _REPORT_W, _REPORT_WIDTHS, 12)
    return pages[:max_pages]


def _report_slides(prs: Any, s: ReportSection, max_pages: int = 2) -> list[Any]:
    """A chosen report's practices as tables (at most `max_pages` slides)."""
    slides = []
    pages = _report_pages(s, max_pages)
    shown = sum(len(p) for p in pages)
    for k, part in enumerate(pages, start=1):
        title = page_title(f"{s.name}：主要举措", k, len(pages))
        slide = titled_slide(prs, clip(title, 40), clip(f"{s.title} · {s.meta}", 90))
        if part.empty:
            textbox(
                slide, MARGIN, Inches(2), Inches(10), Inches(1), ["未识别到举措。"], 16, color=GRAY
            )
        else:
            add_table(slide, part, MARGIN, _REPORT_Y, _REPORT_W, _REPORT_WIDTHS, size=12)
        if k == len(pages) and len(s.measures) > shown:
            textbox(
                slide,
                MARGIN,
                Inches(7.0),
                Inches(10),
                Inches(0.4),
                [f"共 {len(s.measures)} 项举措，这里列出 {shown} 项，完整列表见 Excel。"],
                11,
                color=GRAY,
            )
        slides.append(slide)
    return slides


def briefing_slide_count(b: Briefing) -> int:
    """How many slides `briefing_deck` makes (for progress)."""
    heat = len(_heatmap_pages(b))
    forms = len(split_rows(_formulation_rows(b), _FORM_Y, SLIDE_W - _FORM_X - MARGIN, _FORM_WIDTHS))
    reports = sum(len(_report_pages(s)) for s in b.sections)
    comparisons = sum(1 + comparison_slide_count(c) for c in b.comparisons)
    return 3 + heat + forms + reports + comparisons


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

    title_slide(prs, b.title, b.subtitle, list(b.notes))
    step()
    _kpi_slide(prs, b)
    step()
    step(len(_heatmap_slides(prs, b)))
    _keywords_slide(prs, b)
    step()
    step(len(_corpus_formulations_slides(prs, b)))
    for s in b.sections:
        step(len(_report_slides(prs, s)))
    for c in b.comparisons:
        title_slide(prs, f"{c.label_a} 与 {c.label_b}", "支部对比")
        step()
        add_comparison_slides(prs, c, step)
    return deck_bytes(prs)
