"""Outline parser, section kinds: which headings are sections (by their words, weighed by their items) and
which nodes are items, of which kind."""

from __future__ import annotations

import re

from analysis.text.item_kinds import finding_kind, item_vote, title_kind
from analysis.text.outline.nodes import Node, walk
from analysis.text.outline.patterns import (
    CAUSE_HEAD_RE,
    SECTION_MAX,
    SECTION_RULES,
    SPACE_RE,
    SPEECH_SECTION_RULES,
)

# A requirement a speaker sets ("要在政治引领上下功夫"): what is to be done, a plan.
_REQUIREMENT_RE = re.compile(r"^要(?!求|点|素|害|事)")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
# A short first clause before a comma: "肯定成绩，2025年全镇基层党建工作有新进步".
_LEAD_CLAUSE_RE = re.compile(r"^([^，,]{4})[，,]")


def section_kind(title: str) -> str | None:
    """Section kind named by a short heading, or None when it names none. A speech's heading
    names its kind in a short first clause: "肯定成绩，…有新进步", "正视问题，…", "明确任务，…"."""
    t = SPACE_RE.sub("", title or "").strip("，,。；;：:、")
    lead = _LEAD_CLAUSE_RE.match(t)
    first = lead.group(1) if lead else ""
    for kind, rx in SPEECH_SECTION_RULES if first else ():
        if rx.fullmatch(first):
            return kind
    if CAUSE_HEAD_RE.match(t):
        return "other"
    if not t or len(t) > SECTION_MAX or (len(t) > 12 and any(c in "，," for c in t)):
        return None
    return _rule_kind(t)


def _rule_kind(t: str) -> str | None:
    """The section kind whose words come first (and longest) in `t`."""
    best: tuple[int, int, str] | None = None
    for kind, rx in SECTION_RULES:
        m = rx.search(t)
        if m and (best is None or (m.start(), -len(m.group())) < best[:2]):
            best = (m.start(), -len(m.group()), kind)
    return best[2] if best else None


def assign_kinds(roots: list[Node], pre_items: list[Node], scope: str) -> None:
    """Set each node's section kind and whether it is an item (see the module docstring).

    `scope` is the kind of an item under no section: "practice", or "plan" in a 工作要点.
    """
    tops = roots
    if (
        len(roots) == 1
        and roots[0].children
        and not roots[0].section
        and section_kind(roots[0].title) is None
    ):
        roots[0].item = False  # one root holding everything: the report's title
        tops = roots[0].children
    for n in tops:
        _assign(n, scope, checking=True, top=True)
    _later_year_plans(tops)
    # text before the first heading is a preface, unless the only headings close the report
    pre_kind = "background" if any(n.source != "closing" for n in roots) else scope
    for n in pre_items:
        _assign(n, pre_kind, checking=False, top=False)
    for n in walk(roots):
        _result_children(n)
        _requirement_children(n)


def finding_kinds(roots: list[Node]) -> None:
    """In a 调研报告, a finding under a situation or results section is an effect or a problem by
    its words ("带富能力有所增强，但利益联结还不紧密" is a problem)."""
    for n in walk(roots):
        if n.item and n.kind in ("background", "result"):
            n.kind = finding_kind(n.title) or n.kind


def _later_year_plans(tops: list[Node]) -> None:
    """A section of practices whose heading names a later year than an earlier section's heading
    holds plans: "一、2025年党建工作回顾" … "二、2026年重点任务" looks back, then ahead."""
    first_year = None
    for n in tops:
        m = _YEAR_RE.search(n.title)
        if not m:
            continue
        year = int(m.group(1))
        if first_year is None:
            first_year = year
        elif year > first_year and not n.item and n.kind == "practice":
            for d in walk([n]):
                d.kind = "plan"


def run_kinds(roots: list[Node]) -> None:
    """Items of an inline run whose lead-in names their kind ("存在的不足：一是…") take it, with
    what they hold, inside a section of practices or background; a run announced as what will
    be done ("支部将重点做好以下工作：一要…") is plans in any section."""
    for n in walk(roots):
        if not (n.item and n.lead_kind) or n.kind == n.lead_kind:
            continue
        if n.kind in ("practice", "background") or n.lead_kind == "plan":
            for m in walk([n]):
                m.kind = n.lead_kind


def _assign(node: Node, inherited: str, checking: bool, top: bool) -> None:
    """Classify a heading while no ancestor is classified; below that, everything is an item.

    One rule for every level: a heading naming a section kind is a section, any other node is
    an item, whether or not it has items of its own (Measure.has_children tells them apart).
    A background or other section that lists practices (or results) takes that kind.
    """
    kind = node.section or (
        section_kind(node.title)
        if checking and node.source not in ("enum", "lead") and not _practice_below(node, top)
        else None
    )
    if kind is not None:
        if kind in ("background", "other"):
            kind = item_vote([c.title for c in node.children]) or kind
        if kind == "practice" and inherited == "plan":
            kind = (
                "plan"  # a 工作要点's tasks and measures ("二、重点任务", "三、保障措施") are plans
            )
        node.kind, node.item = kind, False
        for c in node.children:
            _assign(c, kind, checking=False, top=False)
        return
    node.kind = inherited
    node.item = True
    for c in node.children:
        _assign(c, inherited, checking=checking and top, top=False)
    if any(not c.item for c in node.children):
        node.item = False  # a heading holding sections ("一、党建工作" > "（一）主要做法")


def _practice_below(node: Node, top: bool) -> bool:
    """A heading below the top that opens with a practice verb is an item, whatever words follow:
    "3.2 建立融合成效评价机制" names no 成效 section."""
    return not top and title_kind(node.title) == "practice"


def _result_children(node: Node) -> None:
    """Items under a practice that all say what it achieved are effects. "（1）提高了认识，…" """
    kids = [c for c in node.children if c.item]
    if (
        node.item
        and node.kind == "practice"
        and len(kids) >= 2
        and item_vote([c.title for c in kids]) == "result"
    ):
        for c in walk(kids):
            c.kind = "result"


def _requirement_children(node: Node) -> None:
    """Items under a practice heading that all set requirements ("第一，要在政治引领上下功夫")
    are plans, and the heading holding them is their plans section, no item of its own."""
    kids = [c for c in node.children if c.item]
    if not (node.item and node.kind == "practice" and len(kids) >= 2):
        return
    if all(_REQUIREMENT_RE.match(c.title.strip()) for c in kids):
        for c in walk(kids):
            c.kind = "plan"
        if node.source not in ("enum", "lead"):
            node.kind, node.item = "plan", False
