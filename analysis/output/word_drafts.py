"""Word drafts of one comparison (对比分析) and of one report, in 公文 format.

The comparison draft has the structure of the analysis report (标题, 主送, 一、总体情况 /
二、主要做法和成效 / 三、存在的问题 / 四、下一步工作建议, 附件说明, 落款, 附件); its numbers table
has the headers of the HTML and Excel exports (labels table "numbers"), 对象 column included.

The single-report draft keeps the report's outline: children nest under their parent item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.measure_alignment import TIER_STRONG, TIER_TEXT
from analysis.corpus.tables import ID, LABEL
from analysis.output.briefing import NO_VALUE, ReportSection
from analysis.output.digest import EFFECT, PLAN, PROBLEM, ItemGroup, kind_groups
from analysis.output.draft_parts import (
    SECTIONS,
    Names,
    Outline,
    display_names,
    ordinal,
    table_rows,
)
from analysis.output.gongwen import GongwenDocument, Signature
from analysis.output.labels import labelled

Progress = Callable[[int, int], None]

MAX_ONLY = 10  # distinctive practices listed per side
MAX_REPORT_ITEMS = 40  # outline items of the single-report draft
NUMBER_TABLE = "数字指标对比表"


def _side_items(shown_label: str, groups: Sequence[ItemGroup]) -> str:
    """`甲支部：一是…；二是…。` (one side's grouped problems, plans or effects)."""
    items = "；".join(f"{ordinal(k)}{g.text.rstrip('。；;，,')}" for k, g in enumerate(groups))
    return f"{shown_label}：{items}。"


def _sides_section(
    doc: GongwenDocument, what: str, sides: Sequence[tuple[str, tuple[ItemGroup, ...]]]
) -> None:
    """Each side's items of one kind, or a sentence saying which side names none."""
    empty = [label for label, groups in sides if not groups]
    if len(empty) == len(sides):
        doc.paragraph(f"双方报告均未单列{what}。")
        return
    for label, groups in sides:
        if groups:
            doc.paragraph(_side_items(label, groups))
    for label in empty:
        doc.paragraph(f"{label}的报告未单列{what}。")


def _by_side(
    labels: Sequence[str], rows: Sequence[pd.DataFrame], kind: str
) -> list[tuple[str, tuple[ItemGroup, ...]]]:
    """(side label, its grouped items of one kind) for each side."""
    return [(label, kind_groups(r, kind)) for label, r in zip(labels, rows, strict=True)]


def _number_table(c: Comparison, shown_a: str, shown_b: str) -> pd.DataFrame:
    """The comparison's numbers table as the HTML and Excel exports show it, 对象 included."""
    if c.numbers.empty:
        return pd.DataFrame()
    out = c.numbers[["category_label", "subject", "unit", "display_a", "display_b"]].copy()
    out["subject"] = [str(v).strip() or NO_VALUE for v in out["subject"].fillna("")]
    return labelled(out, "numbers", shown_a, shown_b)


def _pairs(doc: GongwenDocument, c: Comparison, a: str, b: str) -> None:
    """Every similar pair (the count matches the summary), the strong tier first as listed."""
    for k, r in enumerate(c.measures.pairs.itertuples()):
        check = "" if r.tier == TIER_STRONG else "，请对照原文确认"
        judged = f"属于“{TIER_TEXT[str(r.tier)]}”{check}"
        doc.paragraph(
            f"{ordinal(k)}{a}“{r.title_a}”与{b}“{r.title_b}”{judged}（相似度{r.similarity:.2f}）。"
        )


def comparison_docx(
    c: Comparison,
    progress: Progress | None = None,
    *,
    items: pd.DataFrame | None = None,
    signature: Signature | None = None,
    unnamed: Mapping[str, str] | None = None,
) -> bytes:
    """The .docx draft of one comparison. `items` are the outline items of both sides' reports
    (`digest.outline_items`) for the problems, plans and effects; `unnamed` names the reports
    with no branch (`briefing.unnamed_names`)."""
    tick = progress or (lambda done, total: None)
    sig = (signature or Signature()).resolved()
    shown: Names = display_names(unnamed or {})
    a, b = shown(c.label_a), shown(c.label_b)
    items = items if items is not None else pd.DataFrame(columns=[ID, LABEL, "item", "item_kind"])
    side_rows = [items[items[ID].isin(ids)] for ids in (c.ids_a, c.ids_b)]
    doc = GongwenDocument()
    doc.title(f"关于{a}与{b}党建工作的对比分析")
    if sig.recipient:
        doc.recipient(sig.recipient)
    o = Outline(doc)
    numbers = _number_table(c, a, b)
    o.h1(SECTIONS[0])
    doc.paragraph(
        f"本次对比{a}（{len(c.reports_a)}份报告）与{b}（{len(c.reports_b)}份报告），"
        f"总体相似度为{c.similarity:.2f}。"
    )
    for line in c.summary:
        doc.paragraph(line)
    if len(numbers):
        doc.paragraph("双方报告中的数字指标对照见附件1。")
    tick(1, 3)
    o.h1(SECTIONS[1])
    if len(c.measures.pairs):
        o.h2("相近的做法")
        _pairs(doc, c, a, b)
    for label, only in ((a, c.measures.only_a), (b, c.measures.only_b)):
        if len(only):
            o.h2(f"{label}的特色做法")
            for k, r in enumerate(only.head(MAX_ONLY).itertuples()):
                doc.paragraph(f"{ordinal(k)}{str(r.title).rstrip('。；')}。")
    effects = _by_side((a, b), side_rows, EFFECT)
    if any(groups for _, groups in effects):
        o.h2("工作成效")
        _sides_section(doc, "工作成效", effects)
    if not (len(c.measures.pairs) or len(c.measures.only_a) or len(c.measures.only_b)):
        doc.paragraph("双方报告均未列出可对照的具体做法。")
    tick(2, 3)
    o.h1(SECTIONS[2])
    _sides_section(doc, "存在的问题", _by_side((a, b), side_rows, PROBLEM))
    o.h1(SECTIONS[3])
    _sides_section(doc, "下一步工作打算", _by_side((a, b), side_rows, PLAN))
    if len(numbers):
        doc.attachments([NUMBER_TABLE])
    doc.signature(sig.office, sig.date)
    if len(numbers):
        doc.attachment(1, NUMBER_TABLE)
        doc.paragraph("“已脱敏”表示原文数字已隐去，不计入合计；“—”表示该方没有此项数字。")
        weights = [1.0, 2.0, 0.8, 2.0, 2.0][: len(numbers.columns)]
        doc.table(list(numbers.columns), table_rows(numbers), weights=weights)
    tick(3, 3)
    return doc.to_bytes()


def outline_lines(titles: Sequence[str], levels: Sequence[int]) -> list[tuple[int, str]]:
    """(depth, line) of outline items in reading order, numbered by level as a 公文 nests them:
    一是… at the top, then 1. 2. under each, then （1）（2）; a child never flattens its parent's
    count."""
    if not titles:
        return []
    top = min(int(v) for v in levels)
    counts: list[int] = []
    out = []
    for title, level in zip(titles, levels, strict=True):
        depth = min(int(level) - top, 2)
        counts = (counts + [0, 0, 0])[: depth + 1]  # a new parent restarts its children
        counts[depth] += 1
        n = counts[depth]
        marker = (ordinal(n - 1), f"{n}.", f"（{n}）")[depth]
        out.append((depth, f"{marker}{str(title).rstrip('。；;')}。"))
    return out


def report_docx(s: ReportSection, progress: Progress | None = None) -> bytes:
    """The .docx draft of one report's analysis: basics, practices, figures, formulations."""
    tick = progress or (lambda done, total: None)
    doc = GongwenDocument()
    doc.title(f"{s.name}党建工作报告分析")
    o = Outline(doc)
    o.h1("基本情况")
    doc.paragraph(f"报告标题：{s.title}。" + (f"{s.meta}。" if s.meta else ""))
    if len(s.measures):
        o.h1("主要做法")
        rows = s.measures.head(MAX_REPORT_ITEMS)
        for depth, line in outline_lines(list(rows["item"]), list(rows["level"])):
            doc.paragraph(line, level=depth)
    tick(1, 2)
    if len(s.indicators):
        o.h1("主要数字")
        ind = labelled(s.indicators[["subject", "raw", "category"]].head(20), "indicators")
        doc.table(list(ind.columns), table_rows(ind))
    if len(s.formulations):
        o.h1("提法")
        doc.paragraph(
            "报告使用的提法有：" + "、".join(f"“{t}”" for t in s.formulations["formulation"]) + "。"
        )
    tick(2, 2)
    return doc.to_bytes()


__all__ = ["comparison_docx", "outline_lines", "report_docx"]
