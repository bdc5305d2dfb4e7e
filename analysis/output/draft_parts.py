"""Parts shared by the Word drafts (analysis report, comparison, one report): 公文 numbering,
how branches are named, and the sentences of grouped items (problems, plans, effects)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from analysis.core.numbers import format_cell
from analysis.output.digest import ItemGroup
from analysis.output.gongwen import GongwenDocument

Names = Callable[[str], str]

CN_NUMBERS = "一二三四五六七八九十"
MAX_BRANCHES_NAMED = 6  # branches named in brackets after a fact, then "等N个"
SECTIONS = ("总体情况", "主要做法和成效", "存在的问题", "下一步工作建议")
NONE_REPORTED = {
    "存在的问题": "本批报告均未单列存在的问题，建议在下一轮报告中补充问题查摆。",
    "下一步工作建议": "本批报告均未提出下一步工作打算，建议在下一轮报告中补充工作安排。",
    "主要做法和成效": "本批报告未列出可归纳的具体做法。",
}


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二 (section numbers of a 公文 outline)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")
    )


def ordinal(k: int) -> str:
    """0 -> 一是, 10 -> 十一是: the enumeration of a 公文 paragraph, at any length."""
    return f"{cn_number(k + 1)}是"


def named(branches: Sequence[str]) -> str:
    """Branches as written in brackets: `甲支部、乙支部` or `甲支部、乙支部等8个`."""
    shown = "、".join(branches[:MAX_BRANCHES_NAMED])
    return shown if len(branches) <= MAX_BRANCHES_NAMED else f"{shown}等{len(branches)}个"


def display_names(unnamed: Mapping[str, str]) -> Names:
    """Label -> how a document names it: 「未署名报告（文件名）」 for a report with no branch
    (`briefing.unnamed_names`), the label itself otherwise."""

    def shown(label: str) -> str:
        return unnamed.get(label, label)

    return shown


class Outline:
    """Numbers headings in the order they are written (一、二、… and （一）（二）…)."""

    def __init__(self, doc: GongwenDocument) -> None:
        self.doc, self.n1, self.n2, self.n3 = doc, 0, 0, 0

    def h1(self, text: str) -> None:
        self.n1, self.n2, self.n3 = self.n1 + 1, 0, 0
        self.doc.heading1(f"{cn_number(self.n1)}、{text}")

    def h2(self, text: str) -> None:
        self.n2, self.n3 = self.n2 + 1, 0
        self.doc.heading2(f"（{cn_number(self.n2)}）{text}")

    def h3(self, text: str) -> None:
        self.n3 += 1
        self.doc.heading3(f"{self.n3}.{text}")


def table_rows(df: pd.DataFrame) -> list[list[str]]:
    """A frame's cells as a reader sees them (the one cell formatter: no `22.0`)."""
    return [[format_cell(v) for v in row] for row in df.itertuples(index=False)]


def group_line(k: int, g: ItemGroup, shown: Names) -> str:
    """`一是理论学习不够深入（3个支部提及：甲、乙、丙）。`"""
    names = named([shown(x) for x in g.branches])
    who = f"{g.n_branches}个支部提及：{names}" if g.n_branches > 1 else names
    return f"{ordinal(k)}{g.text.rstrip('。；;，,')}（{who}）。"


def write_groups(
    doc: GongwenDocument, section: str, what: str, groups: Sequence[ItemGroup], shown: Names
) -> None:
    """A section's grouped items, or the sentence saying the reports name none."""
    if not groups:
        doc.paragraph(NONE_REPORTED[section])
        return
    doc.paragraph(f"各报告{what}归纳为{len(groups)}个方面：")
    for k, g in enumerate(groups):
        doc.paragraph(group_line(k, g, shown))
