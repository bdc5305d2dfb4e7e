"""The office's own deliverable: a Word draft of the analysis report (综合分析报告), in 公文 format.

The draft follows the structure an office edits and sends: 标题, 主送 (when given), 正文 with
一、总体情况 / 二、主要做法和成效 / 三、存在的问题 / 四、下一步工作建议, 附件说明, 落款 (office and
date), then the attachments (tables, charts, cases). Every sentence of connective prose is a
template filled with facts from `digest.build_digest` (computed from the briefing's tables, the same
ones the pages show); a section with no facts says that none were reported. The drafts of one
comparison and of one report are in `word_drafts`, built from the same parts.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.core.numbers import format_number
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.loading import Corpus
from analysis.corpus.tables import LABEL
from analysis.output.briefing import Briefing, unnamed_names
from analysis.output.digest import (
    FIGURE_COLUMNS,
    Digest,
    KeyFigure,
    build_digest,
    outline_items,
)
from analysis.output.draft_parts import (
    NONE_REPORTED,
    SECTIONS,
    Names,
    Outline,
    cn_number,
    display_names,
    group_line,
    named,
    table_rows,
    write_groups,
)
from analysis.output.gongwen import GongwenDocument, Signature
from analysis.output.heat import briefing_heat
from analysis.output.labels import label
from analysis.output.static_charts import bars_png, heatmap_png
from analysis.output.word_drafts import comparison_docx
from analysis.output.wordclouds import render_wordcloud

Progress = Callable[[int, int], None]

CLOUD_PX = (1200, 675)
DOC_HEAT_ROWS = 20  # branches on one heatmap image of a document page


def scope_title(d: Digest) -> str:
    """关于2024年度基层党组织党建工作情况的分析报告 (the period from the reports' years)."""
    if len(d.years) == 1:
        period = f"{d.years[0]}年度"
    elif d.years:
        period = f"{d.years[0]}—{d.years[-1]}年"
    else:
        period = ""
    return f"关于{period}{d.scope}基层党组织党建工作情况的分析报告"


def _kpi(b: Briefing, label: str) -> str | None:
    """A headline figure exactly as the briefing (and the pages) show it."""
    return next((k.value for k in b.kpis if k.label == label), None)


def ranking_sentence(coverage: pd.DataFrame) -> str:
    """The themes most and least covered, read off `coverage` in its own (ranked) order, so the
    sentence and the table beside it always agree."""
    cov = coverage[coverage["branch_count"] > 0]
    if len(cov) < 2:
        return ""
    top = cov.head(3)
    few = cov.tail(min(2, len(cov) - 3)) if len(cov) > 3 else cov.iloc[0:0]
    line = "从主题覆盖看（按涉及支部数排序，相同时按平均得分），各支部关注较多的是" + "、".join(
        f"{r.theme}（{r.branch_count}个）" for r in top.itertuples()
    )
    if len(few):
        line += "；涉及较少的是" + "、".join(
            f"{r.theme}（{r.branch_count}个）" for r in few.itertuples()
        )
    return line + "。"


def overview_sentences(b: Briefing, d: Digest) -> list[str]:
    """总体情况: scope, coverage and key figures, one template each (left out without facts)."""
    out = []
    period = ""
    if d.years:
        period = (
            f"，时间跨度为{d.years[0]}年"
            if len(d.years) == 1
            else (f"，时间跨度为{d.years[0]}—{d.years[-1]}年")
        )
    chars = _kpi(b, "总字数")
    size = f"，共计约{chars}万字" if chars else ""
    if d.n_reports:
        out.append(
            f"本次共收集{d.n_branches}个基层党组织的{d.n_reports}份报告{period}{size}，"
            f"梳理出具体举措{d.n_practices}项。"
        )
    if line := ranking_sentence(d.coverage):
        out.append(line)
    missing = d.coverage[d.coverage["branch_count"] == 0]["theme"].tolist()
    if missing and len(missing) < len(d.coverage):
        out.append(f"{'、'.join(missing)}等主题在本批报告中未见涉及。")
    if d.figures:
        out.append("各报告中可以汇总的主要数字：" + "；".join(map(_figure_text, d.figures)) + "。")
        hidden = sum(f.redacted for f in d.figures)
        if hidden:
            out.append(f"另有{hidden}项同类数字已脱敏，按“已脱敏”计，未计入合计。")
    return out


def _figure_text(f: KeyFigure) -> str:
    approx = "约" if f.approx else ""
    return f"{f.subject}合计{approx}{format_number(f.total)}{f.unit}（{f.reports}份报告）"


def _practices(o: Outline, d: Digest, shown: Names) -> None:
    """主要做法和成效: （一）主要做法 per theme (1. 2. …: recurring and distinctive practices),
    （二）工作成效, （三）常用提法和工作品牌 — siblings, never numbered as a practice category."""
    o.h1(SECTIONS[1])
    if not (d.practices or d.effects):
        o.doc.paragraph(NONE_REPORTED[SECTIONS[1]])
    if d.practices:
        o.h2("主要做法")
    for tp in d.practices:
        o.h3(tp.theme)
        if tp.recurring:
            o.doc.paragraph(
                f"{tp.branches}个支部的报告涉及{tp.theme}。共性做法主要有："
                + "；".join(
                    f"{g.text.rstrip('。；')}（{named([shown(x) for x in g.branches])}）"
                    for g in tp.recurring
                )
                + "。"
            )
        if tp.distinctive:
            o.doc.paragraph(
                "特色做法有："
                + "；".join(
                    f"{g.text.rstrip('。；')}（{named([shown(x) for x in g.branches])}）"
                    for g in tp.distinctive
                )
                + "。"
            )
    if d.effects:
        o.h2("工作成效")
        for k, g in enumerate(d.effects):
            o.doc.paragraph(group_line(k, g, shown))
    if len(d.formulations):
        o.h2("常用提法和工作品牌")
        o.doc.paragraph(
            "各报告使用较多的提法和工作品牌有："
            + "；".join(
                f"“{r.formulation}”（{r.report_count}份报告："
                f"{named([shown(x) for x in str(r.branches_using).split('、')])}）"
                for r in d.formulations.itertuples()
            )
            + "。"
        )


def _heatmap(doc: GongwenDocument, b: Briefing, shown: Names) -> None:
    """The heatmap beside the overview's text: the rows and colour scale of every medium."""
    heat = briefing_heat(b)
    if heat.matrix.empty:
        return
    pages = heat.pages(DOC_HEAT_ROWS)
    for k, page in enumerate(pages, start=1):
        doc.image(heatmap_png(page.rename(index=shown), heat.scale_max))
        part = f"（{k}/{len(pages)}）" if len(pages) > 1 else ""
        doc.caption(f"图{k}  各支部主题分布{part}（每万字命中句数）")
    for note in heat.notes(shown):
        doc.paragraph(note)


def analysis_report_docx(
    b: Briefing,
    scope: str = "",
    title: str = "",
    progress: Progress | None = None,
    signature: Signature | None = None,
) -> bytes:
    """The .docx draft of the analysis report of a briefing's corpus."""
    steps = 6
    tick = progress or (lambda done, total: None)
    sig = (signature or Signature()).resolved()
    shown = display_names(b.unnamed)
    d = build_digest(b, scope)
    tick(1, steps)
    doc = GongwenDocument()
    doc.title(title or scope_title(d))
    if sig.recipient:
        doc.recipient(sig.recipient)
    o = Outline(doc)
    attachments = _attachment_names(b, d)
    o.h1(SECTIONS[0])
    for line in overview_sentences(b, d) or ["本次未收集到可分析的报告。"]:
        doc.paragraph(line)
    if attachments:
        doc.paragraph(f"主题覆盖、主要数字等明细见附件{'、'.join(map(str, attachments))}。")
    _heatmap(doc, b, shown)
    tick(3, steps)
    _practices(o, d, shown)
    tick(4, steps)
    o.h1(SECTIONS[2])
    write_groups(doc, SECTIONS[2], "梳理的问题", d.problems, shown)
    o.h1(SECTIONS[3])
    write_groups(doc, SECTIONS[3], "提出的下一步打算", d.plans, shown)
    tick(5, steps)
    doc.attachments(list(attachments.values()))
    doc.signature(sig.office, sig.date)
    _write_attachments(doc, b, d, attachments, shown)
    tick(steps, steps)
    return doc.to_bytes()


def _attachment_names(b: Briefing, d: Digest) -> dict[int, str]:
    """Number -> title of each attachment the draft has (numbered in order, none left empty)."""
    names = []
    if len(d.coverage) and d.n_branches:
        names.append("主题覆盖情况表")
    if len(d.figure_table):
        names.append("各支部主要数字表")
    if len(b.keywords):
        names.append("高频关键词图")
    if d.cases:
        names.append("典型案例")
    return dict(enumerate(names, start=1))


def _write_attachments(
    doc: GongwenDocument, b: Briefing, d: Digest, names: dict[int, str], shown: Names
) -> None:
    """Each attachment on its own pages: tables, keyword charts (two to a page), cases."""
    for k, name in names.items():
        doc.attachment(k, name)
        if name == "主题覆盖情况表":
            doc.paragraph("排序：涉及支部数多者在前，相同时平均得分高者在前。")
            doc.table(
                [label("theme"), label("branch_count"), label("mean_score") + "（每万字）"],
                table_rows(d.coverage[["theme", "branch_count", "mean_score"]]),
            )
        elif name == "各支部主要数字表":
            table = d.figure_table.assign(**{LABEL: d.figure_table[LABEL].map(shown)})
            doc.paragraph("“已脱敏”表示原文数字已隐去，未计入合计。")
            headers = [label(k, "indicators") for k in FIGURE_COLUMNS]
            doc.table(headers, table_rows(table), weights=[2.4, 2.0, 0.8, 1.2])
        elif name == "高频关键词图":
            top = b.keywords.head(15)
            doc.image(bars_png(list(top["term"]), list(top["count"]), "高频关键词", "出现次数"))

            doc.caption("图  高频关键词")
            if b.keyword_freqs:
                doc.image(render_wordcloud(dict(b.keyword_freqs), *CLOUD_PX), width_mm=130)
                doc.caption("图  关键词词云")
        else:
            for j, case in enumerate(d.cases, start=1):
                doc.heading2(f"（{cn_number(j)}）{shown(case.branch)}：{case.title}")
                doc.paragraph(case.quote)


def corpus_comparison_docx(
    c: Comparison, corpus: Corpus, signature: Signature, progress: Progress | None = None
) -> bytes:
    """The comparison's Word draft from its corpus: both sides' problems, plans and effects and
    the unnamed reports' names come from the corpus (one call for the page and the CLI)."""
    items = outline_items(corpus, [*c.ids_a, *c.ids_b])
    unnamed = unnamed_names(corpus)
    return comparison_docx(c, progress, items=items, signature=signature, unnamed=unnamed)


__all__ = [
    "analysis_report_docx",
    "corpus_comparison_docx",
    "overview_sentences",
    "ranking_sentence",
]
