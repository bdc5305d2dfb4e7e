"""A standalone HTML report (briefing or comparison) that opens offline.

plotly.js is embedded inline once (no CDN), word clouds are data: URIs, there is no external
stylesheet or font: the file makes no network request (`external_references` checks it). All user
text is escaped. The figures are the ones of the pages and slides (analysis.output.charts), dressed
for a document; the `fig_*` names are those document versions.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from analysis.core import palette
from analysis.core.escape import html_text
from analysis.core.numbers import format_number
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.explain import org_names_note, reading
from analysis.corpus.compare.theme_contrast import top_theme_differences
from analysis.output.briefing import Briefing, ReportSection, comparison_tables, formulation_columns
from analysis.output.charts import briefing as briefing_charts
from analysis.output.charts import comparison as comparison_charts
from analysis.output.charts.style import for_document
from analysis.output.html_page import Page
from analysis.output.labels import labelled

__all__ = [
    "briefing_html",
    "comparison_html",
    "fig_diverging",
    "fig_formulations",
    "fig_heatmap",
    "fig_keywords",
    "fig_numbers",
    "fig_radar",
    "fig_scatter",
]

Progress = Callable[[int, int], None]
CLOUD_PX = (1200, 675)

# ---------------------------------------------------------------------------------------------
# Figures, dressed for a document
# ---------------------------------------------------------------------------------------------


def fig_diverging(c: Comparison, n: int = 15) -> go.Figure:
    """Distinctive terms (diverging z-score bars) for a document."""
    return for_document(comparison_charts.diverging(c, n))


def fig_radar(c: Comparison) -> go.Figure:
    """The two theme profiles on a radar chart, for a document."""
    return for_document(comparison_charts.radar(c))


def fig_scatter(c: Comparison, label_top: int = 10) -> go.Figure:
    """Every term's frequency in A against B (log axes), for a document."""
    return for_document(comparison_charts.scatter(c, label_top))


def fig_numbers(c: Comparison) -> go.Figure:
    """Indicator counts per category, A and B side by side, for a document."""
    return for_document(comparison_charts.number_bars(c))


def fig_keywords(b: Briefing, n: int = 20) -> go.Figure:
    """The corpus's top keywords as horizontal bars, for a document."""
    kw = b.keywords.head(n)
    return for_document(briefing_charts.keyword_bars(list(kw["term"]), list(kw["count"])))


def fig_heatmap(b: Briefing) -> go.Figure:
    """Branches × themes heatmap with values in the cells, for a document (the rows and colour
    scale of `heat.briefing_heat`, as on the page and the slides)."""
    from analysis.output.charts.exploration import guard_short_rows
    from analysis.output.heat import briefing_heat

    heat = briefing_heat(b)
    return for_document(guard_short_rows(briefing_charts.heatmap(heat.matrix), heat))


def fig_formulations(b: Briefing, n: int = 15) -> go.Figure:
    """The formulations used by most reports, for a document."""
    f = b.formulations.head(n)
    return for_document(
        briefing_charts.formulation_bars(list(f["formulation"]), list(f["report_count"]))
    )


# ---------------------------------------------------------------------------------------------
# The two documents
# ---------------------------------------------------------------------------------------------


def _comparison_body(page: Page, c: Comparison, k: int | None = None) -> None:
    """The sections of one comparison: summary, words, themes, measures, numbers, formulations."""
    from analysis.output.wordclouds import render_wordcloud

    prefix = f"对比{k}：" if k else ""
    page.add(
        f'<h2>{html_text(prefix)}<span class="sideA">{html_text(c.label_a)}</span> 与 '
        f'<span class="sideB">{html_text(c.label_b)}</span></h2>'
    )
    page.text("p", f"A：{'、'.join(c.reports_a)}；B：{'、'.join(c.reports_b)}", "note")
    page.text("h3", f"小结（总体相似度 {format_number(c.similarity)}）")
    page.add(
        '<ul class="summary">' + "".join(f"<li>{html_text(s)}</li>" for s in c.summary) + "</ul>"
    )
    page.text("h3", "用词")
    page.figure(fig_diverging(c), "区分词")
    page.text("p", reading("z_bars"), "note")
    page.add('<div class="clouds">')
    for side, label, freqs in (("A", c.label_a, c.freqs_a), ("B", c.label_b, c.freqs_b)):
        page.add(
            f'<figure><figcaption class="side{side}">{html_text(label)} 词云（同一比例）</figcaption>'
        )
        page.image(
            render_wordcloud(
                freqs,
                *CLOUD_PX,
                palette=palette.SIDE_CLOUD_PALETTES[side],
                max_words=80,
                scale_max=c.cloud_scale,
            ),
            f"{label} 词云",
        )
        page.add("</figure>")
    page.add("</div>")
    page.text("p", reading("cloud") + org_names_note(c.org_names), "note")
    page.figure(fig_scatter(c), "词频对照")
    page.text("p", reading("scatter"), "note")
    page.text("h3", "主题")
    page.figure(fig_radar(c), "主题雷达")
    page.text("p", reading("theme_score"), "note")
    top = top_theme_differences(c.themes.table, 8)
    page.table(
        top.rename(
            columns={
                "theme": "主题",
                "score_a": c.label_a,
                "score_b": c.label_b,
                "diff": "差值",
                "count_a": f"{c.label_a}命中",
                "count_b": f"{c.label_b}命中",
            }
        )
    )
    tables = comparison_tables(c)
    m = c.measures
    page.text("h3", f"相近的做法：共有 {len(m.strong)} 对，可能相近 {len(m.possible)} 对")
    page.text("p", reading("pairs"), "note")
    page.table(
        tables["相近举措"].drop(
            columns=[col for col in tables["相近举措"].columns if col.endswith("原文")]
        )
    )
    page.text("h3", f"仅 {c.label_a} 有的举措")
    page.table(tables["仅A举措"].drop(columns=["原文"]))
    page.text("h3", f"仅 {c.label_b} 有的举措")
    page.table(tables["仅B举措"].drop(columns=["原文"]))
    page.text("h3", "数字指标")
    page.figure(fig_numbers(c), "数字指标")
    page.table(tables["数字指标对比"])
    page.text("p", reading("numbers") + reading("number_units"), "note")
    page.text("h3", "提法")
    page.add('<div class="cols">')
    for name, terms in formulation_columns(c).items():
        page.add(
            f"<div><b>{html_text(name)}（{len(terms)}）</b><p>{html_text('、'.join(terms) or '（无）')}</p></div>"
        )
    page.add("</div>")


def comparison_html(c: Comparison, progress: Progress | None = None) -> str:
    """A standalone HTML page of one comparison."""
    page = Page()
    _comparison_body(page, c)
    if progress:
        progress(1, 1)
    return page.render(f"{c.label_a} 与 {c.label_b}：支部对比", "党建报告分析看板 · 支部对比")


def _section_body(page: Page, s: ReportSection) -> None:
    """One chosen report: meta line, themes, practices, indicators, formulations."""
    page.text("h3", f"{s.name}：{s.title}")
    page.text("p", s.meta, "note")
    themes = s.themes[s.themes["hits"] > 0].sort_values("score", ascending=False)
    if len(themes):
        page.text(
            "p",
            "主要主题："
            + "、".join(
                f"{t}（{format_number(v)}）"
                for t, v in zip(themes["theme"].head(5), themes["score"].head(5), strict=True)
            ),
        )
    page.table(labelled(s.measures[["item", "themes", "section"]], "items"))
    if len(s.indicators):
        page.text("p", "数字指标：", "note")
        indicators = s.indicators[["subject", "raw", "category", "redacted"]]
        page.table(labelled(indicators, "indicators"), rows=20)
    if len(s.formulations):
        page.text("p", "提法：" + "、".join(s.formulations["formulation"]))


def briefing_html(b: Briefing, progress: Progress | None = None) -> str:
    """A standalone HTML briefing: overview KPIs, theme heatmap, keywords (chart + cloud),
    formulations, chosen reports, chosen comparisons."""
    from analysis.output.wordclouds import render_wordcloud

    total = 4 + len(b.sections) + len(b.comparisons)
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], total)

    page = Page()
    for note in b.notes:
        page.text("p", note, "note")
    page.text("h2", "语料概览")
    page.add(
        '<div class="kpis">'
        + "".join(
            f'<div class="kpi"><b>{html_text(k.value)}</b>{html_text(k.label)}'
            + (f"（{html_text(k.note)}）" if k.note else "")
            + "</div>"
            for k in b.kpis
        )
        + "</div>"
    )
    page.table(labelled(b.reports.drop(columns=["added_at"], errors="ignore")))
    step()
    page.text("h2", "主题分布")
    if not b.theme_matrix.empty:
        page.figure(fig_heatmap(b), "主题热力图")
        from analysis.output.heat import briefing_heat

        for note in briefing_heat(b).notes():
            page.text("p", note, "note")
    step()
    page.text("h2", "高频关键词")
    page.text("p", "已去除公文套话" if b.officialese else "含公文套话", "note")
    if len(b.keywords):
        page.figure(fig_keywords(b), "高频关键词")
        page.image(render_wordcloud(b.keyword_freqs, *CLOUD_PX, max_words=120), "词云")
    step()
    page.text("h2", "常用提法")
    if len(b.formulations):
        page.figure(fig_formulations(b), "常用提法")
        page.table(labelled(b.formulations), rows=30)
    step()
    if b.sections:
        page.text("h2", "报告详情")
    for s in b.sections:
        _section_body(page, s)
        step()
    for k, c in enumerate(b.comparisons, start=1):
        _comparison_body(page, c, k)
        step()
    return page.render(b.title, b.subtitle)
