"""The office's own deliverable: a Word draft of the analysis report (综合分析报告), in 公文 format.

Every sentence of connective prose is a template filled with facts from `digest.build_digest`
(themselves computed from the briefing's tables, the same ones the pages show); a sentence whose
facts are missing is left out, and a section with nothing to say has no heading. The same
`GongwenDocument` builder writes the draft of one comparison and of one report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.measure_alignment import TIER_STRONG, TIER_TEXT
from analysis.output.briefing import Briefing, ReportSection, comparison_tables
from analysis.output.digest import Digest, ItemGroup, KeyFigure, build_digest, format_number
from analysis.output.gongwen import GongwenDocument
from analysis.output.static_charts import bars_png, heatmap_png
from analysis.output.wordclouds import render_wordcloud

Progress = Callable[[int, int], None]

CN_NUMBERS = "一二三四五六七八九十"
ORDINALS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是")
CLOUD_PX = (1200, 675)
MAX_BRANCHES_NAMED = 6  # branches named in brackets after a fact, then "等N个"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二 (section numbers of a 公文 outline)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")
    )


def named(branches: Sequence[str]) -> str:
    """Branches as written in brackets: `甲支部、乙支部` or `甲支部、乙支部等8个`."""
    shown = "、".join(branches[:MAX_BRANCHES_NAMED])
    return shown if len(branches) <= MAX_BRANCHES_NAMED else f"{shown}等{len(branches)}个"


def scope_title(d: Digest) -> str:
    """关于2024年度基层党组织党建工作情况的分析报告 (the period from the reports' years)."""
    if len(d.years) == 1:
        period = f"{d.years[0]}年度"
    elif d.years:
        period = f"{d.years[0]}—{d.years[-1]}年"
    else:
        period = ""
    return f"关于{period}{d.scope}基层党组织党建工作情况的分析报告"


class _Outline:
    """Numbers first-level headings in the order they are written (一、二、…)."""

    def __init__(self, doc: GongwenDocument) -> None:
        self.doc, self.n1, self.n2 = doc, 0, 0

    def h1(self, text: str) -> None:
        self.n1, self.n2 = self.n1 + 1, 0
        self.doc.heading1(f"{cn_number(self.n1)}、{text}")

    def h2(self, text: str) -> None:
        self.n2 += 1
        self.doc.heading2(f"（{cn_number(self.n2)}）{text}")


def _kpi(b: Briefing, label: str) -> str | None:
    """A headline figure exactly as the briefing (and the pages) show it."""
    return next((k.value for k in b.kpis if k.label == label), None)


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
    cov = d.coverage[d.coverage["涉及支部数"] > 0].sort_values("涉及支部数", ascending=False)
    if len(cov) >= 2:
        top, few = cov.head(3), cov.tail(min(2, len(cov) - 3)) if len(cov) > 3 else cov.iloc[0:0]
        parts = "、".join(f"{r.主题}（{r.涉及支部数}个）" for r in top.itertuples())
        line = f"从主题覆盖看，各支部关注较多的是{parts}"
        if len(few):
            line += "；涉及较少的是" + "、".join(
                f"{r.主题}（{r.涉及支部数}个）" for r in few.itertuples()
            )
        out.append(line + "。")
    missing = d.coverage[d.coverage["涉及支部数"] == 0]["主题"].tolist()
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


def _group_line(k: int, g: ItemGroup) -> str:
    """`一是理论学习不够深入（3个支部提及：甲、乙、丙）。`"""
    head = ORDINALS[k] if k < len(ORDINALS) else f"{k + 1}."
    who = (
        f"{g.n_branches}个支部提及：{named(g.branches)}" if g.n_branches > 1 else named(g.branches)
    )
    return f"{head}{g.text.rstrip('。；;，,')}（{who}）。"


def _write_groups(doc: GongwenDocument, intro: str, groups: Sequence[ItemGroup]) -> None:
    doc.paragraph(intro)
    for k, g in enumerate(groups):
        doc.paragraph(_group_line(k, g))


def _table_rows(df: pd.DataFrame) -> list[list[str]]:
    return [["" if pd.isna(v) else str(v) for v in row] for row in df.itertuples(index=False)]


def _practices(o: _Outline, d: Digest) -> None:
    """主要做法和特色亮点: per theme, recurring and distinctive practices; formulations."""
    if not (d.practices or len(d.formulations)):
        return
    o.h1("主要做法和特色亮点")
    for tp in d.practices:
        o.h2(tp.theme)
        if tp.recurring:
            o.doc.paragraph(
                f"{tp.branches}个支部的报告涉及{tp.theme}。共性做法主要有："
                + "；".join(f"{g.text.rstrip('。；')}（{named(g.branches)}）" for g in tp.recurring)
                + "。"
            )
        if tp.distinctive:
            o.doc.paragraph(
                "特色做法有："
                + "；".join(
                    f"{g.text.rstrip('。；')}（{named(g.branches)}）" for g in tp.distinctive
                )
                + "。"
            )
    if len(d.formulations):
        o.h2("常用提法和工作品牌")
        o.doc.paragraph(
            "各报告使用较多的提法和工作品牌有："
            + "；".join(
                f"“{r.提法}”（{r.报告数}份报告：{named(str(r.使用支部).split('、'))}）"
                for r in d.formulations.itertuples()
            )
            + "。"
        )


def analysis_report_docx(
    b: Briefing, scope: str = "", title: str = "", progress: Progress | None = None
) -> bytes:
    """The .docx draft of the analysis report of a briefing's corpus."""
    steps = 6
    tick = progress or (lambda done, total: None)
    d = build_digest(b, scope)
    tick(1, steps)
    doc = GongwenDocument()
    doc.title(title or scope_title(d))
    o = _Outline(doc)
    lines = overview_sentences(b, d)
    if lines:
        o.h1("总体情况")
        for line in lines:
            doc.paragraph(line)
        if len(d.coverage) and d.n_branches:
            doc.table_caption("表1  主题覆盖情况")
            doc.table(
                ["主题", "涉及支部数", "平均得分（每万字）"],
                _table_rows(d.coverage[["主题", "涉及支部数", "平均得分"]]),
            )
        if d.figures:
            doc.table_caption("表2  各支部主要数字")
            doc.table(list(d.figure_table.columns), _table_rows(d.figure_table))
        if not b.theme_matrix.empty:
            doc.image(heatmap_png(b.theme_matrix))
            doc.caption("图1  各支部主题分布")
        if len(b.keywords):
            top = b.keywords.head(15)
            doc.image(bars_png(list(top["关键词"]), list(top["次数"]), "高频关键词", "出现次数"))
            doc.caption("图2  高频关键词")
        if b.keyword_freqs:
            doc.image(render_wordcloud(dict(b.keyword_freqs), *CLOUD_PX), width_mm=140)
            doc.caption("图3  关键词词云")
    tick(3, steps)
    _practices(o, d)
    tick(4, steps)
    if d.problems:
        o.h1("存在的问题")
        _write_groups(doc, f"各报告梳理的问题归纳为{len(d.problems)}个方面：", d.problems)
    if d.plans:
        o.h1("下一步打算")
        _write_groups(doc, f"各报告提出的下一步打算归纳为{len(d.plans)}个方面：", d.plans)
    tick(5, steps)
    if d.cases:
        doc.page_break()
        doc.heading1("附件：典型案例")
        for k, case in enumerate(d.cases, start=1):
            doc.heading2(f"（{cn_number(k)}）{case.branch}：{case.title}")
            doc.paragraph(case.quote)
    tick(steps, steps)
    return doc.to_bytes()


def comparison_docx(c: Comparison, progress: Progress | None = None) -> bytes:
    """The .docx draft of one comparison: summary, similar and distinctive practices, numbers."""
    tick = progress or (lambda done, total: None)
    tables = comparison_tables(c)
    doc = GongwenDocument()
    doc.title(f"关于{c.label_a}与{c.label_b}党建工作的对比分析")
    o = _Outline(doc)
    if c.summary:
        o.h1("总体情况")
        for line in c.summary:
            doc.paragraph(line)
    tick(1, 3)
    pairs = c.measures.pairs
    if len(pairs):
        o.h1("相近的做法")
        for k, r in enumerate(pairs.itertuples()):  # every pair: the count matches the summary
            head = ORDINALS[k] if k < len(ORDINALS) else f"{k + 1}."
            check = "" if r.tier == TIER_STRONG else "，请对照原文确认"
            judged = f"属于“{TIER_TEXT[str(r.tier)]}”{check}"
            doc.paragraph(
                f"{head}{c.label_a}“{r.title_a}”与{c.label_b}“{r.title_b}”{judged}（相似度{r.similarity:.2f}）。"
            )
    for label, only in ((c.label_a, c.measures.only_a), (c.label_b, c.measures.only_b)):
        if len(only):
            o.h1(f"{label}的特色做法")
            for k, r in enumerate(only.head(10).itertuples()):
                doc.paragraph(f"{ORDINALS[k]}{str(r.title).rstrip('。；')}。")
    tick(2, 3)
    numbers = tables.get("数字指标对比")
    if numbers is not None and len(numbers):
        o.h1("数字指标")
        cols = [col for col in ("类别", "单位", c.label_a, c.label_b) if col in numbers.columns]
        doc.table(cols, _table_rows(numbers[cols]))
    tick(3, 3)
    return doc.to_bytes()


def report_docx(s: ReportSection, progress: Progress | None = None) -> bytes:
    """The .docx draft of one report's analysis: basics, practices, figures, formulations."""
    tick = progress or (lambda done, total: None)
    doc = GongwenDocument()
    doc.title(f"{s.name}党建工作报告分析")
    o = _Outline(doc)
    o.h1("基本情况")
    doc.paragraph(f"报告标题：{s.title}。" + (f"{s.meta}。" if s.meta else ""))
    if len(s.measures):
        o.h1("主要做法")
        for k, title in enumerate(s.measures["举措"].head(12)):
            head = ORDINALS[k] if k < len(ORDINALS) else f"{k + 1}."
            doc.paragraph(f"{head}{str(title).rstrip('。；')}。")
    tick(1, 2)
    if len(s.indicators):
        o.h1("主要数字")
        ind = s.indicators[["对象", "原文", "类别"]].head(20)
        doc.table(list(ind.columns), _table_rows(ind))
    if len(s.formulations):
        o.h1("提法")
        doc.paragraph(
            "报告使用的提法有：" + "、".join(f"“{t}”" for t in s.formulations["提法"]) + "。"
        )
    tick(2, 2)
    return doc.to_bytes()
