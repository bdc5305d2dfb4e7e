"""The slides of 汇报模式, built one at a time when shown: a title plus one figure (from
analysis.output.charts, dressed `for_projector`) or word-cloud images, with at most a few
plain-text lines."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.formulation_contrast import status_text
from analysis.corpus.tables import practice_rows
from analysis.output.charts import briefing as briefing_charts
from analysis.output.charts import comparison as comparison_charts
from analysis.output.charts import tables as table_charts
from analysis.output.charts.margins import text_em
from analysis.output.charts.style import SLIDE_HEIGHT, for_projector
from analysis.output.sides import side_cloud
from analysis.output.slide_plan import (
    COMPARISON_PARTS,
    HEAT_ROWS,
    MEASURES_PER_SLIDE,
    Slide,
    SlideSpec,
    Sources,
)

TEXT_SLIDE_HEIGHT = 300  # px of a figure with text lines beneath it
LINE_BUDGET = 6  # rows of bullet text beneath such a figure on a 1366x768 screen
LINE_CHARS = 50  # CJK characters in one row of bullet text at 1366 px
MAX_HEAT_ROWS = HEAT_ROWS  # branches on one heatmap screen
RADAR_THEMES = 10  # spokes of the radar on a screen: their labels stay apart
WORD_BARS = 6  # distinctive words per side on the 区分词 screen (12 bars, each labelled)
SLIDE_BARS = 12  # bars of a keyword or formulation screen: each keeps its label
ONLY_ROWS = table_charts.ONLY_ROWS
# Word clouds of a screen, 16:9 at Streamlit's widest image (st.image shrinks and re-encodes a
# wider PNG on every run: a quarter of a second per cloud and step).
SCREEN_PX = (1460, 821)


def fitting_lines(lines: Sequence[str], budget: int = LINE_BUDGET) -> tuple[str, ...]:
    """The first lines that fit beneath a figure on a 1366x768 screen (`budget` rows of text of
    LINE_CHARS characters); the rest is left to the screens that show it in full."""
    out: list[str] = []
    used = 0
    for line in lines:
        rows = max(1, math.ceil(text_em(line) / LINE_CHARS))
        if used + rows > budget:
            break
        out.append(line)
        used += rows
    return tuple(out)


def _kpis_slide(spec: SlideSpec, src: Sources) -> Slide:
    from analysis.output.presentation import corpus_kpis

    n = len(src.corpus.reports)
    fig = briefing_charts.kpi_tiles(corpus_kpis(src.corpus))
    return Slide(spec.title, f"共 {n} 份报告", fig, name="语料概览")


def _heatmap_slide(spec: SlideSpec, src: Sources) -> Slide:
    from analysis.corpus.tables import branch_theme_matrix
    from analysis.output.charts.exploration import guard_short_rows
    from analysis.output.heat import corpus_heat

    heat = corpus_heat(branch_theme_matrix(src.theme_scores(), src.theme_names), src.corpus)
    if heat.matrix.empty or not src.theme_names:
        return Slide(spec.title, lines=("没有可计算主题得分的报告或主题词典为空。",))
    note = "每万字命中句数，颜色越深越侧重"
    pages = heat.pages(MAX_HEAT_ROWS)
    matrix = pages[min(spec.page, len(pages) - 1)]
    if len(pages) > 1:  # highest total score first: one screen's rows
        start = min(spec.page, len(pages) - 1) * MAX_HEAT_ROWS
        note += f"；按主题总得分排序，第 {start + 1}–{start + len(matrix)} 个"
    note = "".join([note + "。", *heat.notes()])
    fig = guard_short_rows(briefing_charts.heatmap(matrix), heat)
    return Slide(spec.title, note, fig, name="主题热力图")


def _cloud_builder(
    freqs: dict[str, float], scale_max: float | None = None, max_words: int = 100
) -> Callable[[], bytes]:
    """A PNG builder of a word cloud at slide resolution."""
    from analysis.output.wordclouds import render_wordcloud

    items = dict(sorted(freqs.items(), key=lambda kv: -kv[1])[:150])
    return lambda: render_wordcloud(items, *SCREEN_PX, max_words=max_words, scale_max=scale_max)


def _wordcloud_slide(spec: SlideSpec, src: Sources) -> Slide:
    kw = src.keywords()
    if kw.empty:
        return Slide(spec.title, lines=("没有可显示的关键词。",))
    freqs = dict(zip(kw["term"], kw["count"].astype(float), strict=True))
    note = ("已去除公文套话" if src.officialese else "含公文套话") + "，" + _names_note(src)
    images = (("语料词云", _cloud_builder(freqs)),)
    return Slide(spec.title, f"全部报告的高频词（{note}）", images=images, name="语料词云")


def _names_note(src: Sources) -> str:
    """Whether organization names are among the words shown (the sidebar's switch)."""
    return "含机构名称" if src.org_names else "不含机构名称"


def _keywords_slide(spec: SlideSpec, src: Sources, n: int = SLIDE_BARS) -> Slide:
    kw = src.keywords().head(n)
    if kw.empty:
        return Slide(spec.title, lines=("没有可显示的关键词。",))
    fig = briefing_charts.keyword_bars(list(kw["term"]), [int(v) for v in kw["count"]])
    sub = f"出现次数最多的 {len(kw)} 个词（{_names_note(src)}）"
    return Slide(spec.title, sub, fig, name="高频关键词")


def _formulations_slide(spec: SlideSpec, src: Sources, n: int = SLIDE_BARS) -> Slide:
    f = src.formulations().head(n)
    if f.empty:
        return Slide(spec.title, lines=("没有识别到提法。",))
    fig = briefing_charts.formulation_bars(
        list(f["formulation"]), [int(v) for v in f["report_count"]]
    )

    return Slide(spec.title, "按使用的报告数排序", fig, name="常用提法")


def _measures_slide(spec: SlideSpec, src: Sources) -> Slide:
    rid = spec.report_id
    if rid is None or rid not in src.corpus.analyses:
        return Slide(spec.title, lines=("该报告已不在语料中。",))
    rows = src.measures(rid)
    if "item_kind" in rows.columns:
        rows = practice_rows(rows)
    start = spec.page * MEASURES_PER_SLIDE
    part = rows.iloc[start : start + MEASURES_PER_SLIDE]
    title = str(src.corpus.reports.loc[rid].get("title") or "")
    sub = f"共 {len(rows)} 项举措" + (f" · {title}" if title else "")
    if spec.page == spec.pages - 1 and len(rows) > spec.pages * MEASURES_PER_SLIDE:
        sub += f"（只展示前 {spec.pages * MEASURES_PER_SLIDE} 项）"
    fig = table_charts.measures_table(part, start)
    return Slide(spec.title, sub, fig, name=f"{src.corpus.label(rid)}_举措")


def _pairs_slide(spec: SlideSpec, c: Comparison, name: str) -> Slide:
    m = c.measures
    lines = (
        f"{status_text('a', c.label_a, c.label_b)}的做法 {len(m.only_a)} 项，"
        f"{status_text('b', c.label_a, c.label_b)}的做法 {len(m.only_b)} 项",
    )
    sub = f"{len(m.pairs)} 对相近做法（文本相似度 ≥ {m.threshold:.2f}）；" + "，".join(lines)
    shown = table_charts.TABLE_ROWS * spec.pages
    if len(m.pairs) > shown:
        sub += f"（只展示前 {shown} 对）"
    if m.pairs.empty:
        none = f"在文本相似度阈值 {m.threshold:.2f} 下，两方没有相近的做法。"
        return Slide(spec.title, sub, lines=(none,), name=name)
    return Slide(spec.title, sub, table_charts.pairs_table(c, page=spec.page), name=name)


def _only_slide(spec: SlideSpec, c: Comparison, name: str) -> Slide:
    m = c.measures
    sub = f"{c.label_a} 独有 {len(m.only_a)} 项，{c.label_b} 独有 {len(m.only_b)} 项"
    if max(len(m.only_a), len(m.only_b)) > ONLY_ROWS * spec.pages:
        sub += f"（各列前 {ONLY_ROWS * spec.pages} 项）"
    return Slide(spec.title, sub, table_charts.only_table(c, page=spec.page), name=name)


def _comparison_slide(spec: SlideSpec, src: Sources) -> Slide:
    a, b = spec.pair or ("", "")
    c = src.compare(a, b)
    if c is None:
        return Slide(spec.title, lines=("对比的一方在当前语料中没有报告。",))
    sides = f"A：{c.label_a}（{len(c.reports_a)} 份）  B：{c.label_b}（{len(c.reports_b)} 份）"
    name = f"{c.label_a}_vs_{c.label_b}_{COMPARISON_PARTS.get(spec.part, spec.part)}"
    if spec.part == "summary":
        fig = comparison_charts.similarity(c)
        return Slide(spec.title, sides, fig, lines=fitting_lines(c.summary[1:4]), name=name)
    if spec.part == "words":
        if c.words.empty or not (c.words["z"].abs() > 0).any():
            return Slide(spec.title, sides, lines=("两方用词没有差别。",), name=name)
        fig = comparison_charts.diverging(c, WORD_BARS)
        return Slide(spec.title, "条越长越有特色；浅色：差异未达统计显著", fig, name=name)
    if spec.part == "clouds":
        images = (
            (f"A：{c.label_a}", lambda: side_cloud(c, "A", SCREEN_PX)),
            (f"B：{c.label_b}", lambda: side_cloud(c, "B", SCREEN_PX)),
        )
        return Slide(spec.title, "两幅词云同一比例：字号大小可直接比较", images=images, name=name)
    if spec.part == "themes":
        fig = comparison_charts.radar(c, RADAR_THEMES)
        note = f"每万字命中主题词的句数；两方最侧重的 {RADAR_THEMES} 个主题"
        return Slide(spec.title, note, fig, name=name)
    if spec.part == "pairs":
        return _pairs_slide(spec, c, name)
    if spec.part == "only":
        return _only_slide(spec, c, name)
    return Slide(spec.title, sides, table_charts.numbers_table(c, spec.page), name=name)


_BUILDERS: dict[str, Callable[[SlideSpec, Sources], Slide]] = {
    "kpis": _kpis_slide,
    "heatmap": _heatmap_slide,
    "wordcloud": _wordcloud_slide,
    "keywords": _keywords_slide,
    "formulations": _formulations_slide,
    "measures": _measures_slide,
    "comparison": _comparison_slide,
}


def build_slide(spec: SlideSpec, src: Sources, height: int = SLIDE_HEIGHT) -> Slide:
    """Build one planned slide from `src`; figures come projector-styled, shorter when text
    lines follow them so the whole slide fits one screen."""
    slide = _BUILDERS.get(spec.view, _kpis_slide)(spec, src)
    fig = slide.figure
    if fig is not None:
        if any(t.type == "table" for t in fig.data):  # as tall as its rows, never scrolling
            height = min(height, int(fig.layout.height or height))
        for_projector(fig, min(height, TEXT_SLIDE_HEIGHT) if slide.lines else height)
    return slide
