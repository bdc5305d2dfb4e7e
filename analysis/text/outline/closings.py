"""Outline parser, closing paragraphs: the last top-level part of a report often ends without
headings, in paragraphs whose opening words name what they hold. Each becomes a section of its
own at the level of the report's top headings, whose sentences (module sentences) or 一是 items
are its items:

| paragraph opening | section | example |
|---|---|---|
| a section name and a colon | that kind | ``存在的不足：党员教师的示范作用发挥还不够充分。`` |
| 通过 + what was done, then results | result | ``通过这些努力，村容村貌明显改观。`` |
| 还/也存在 + shortcomings | problem | ``但也存在一些不足：…``, ``社区也存在停车位紧张等问题。`` |
| a plan word (下一步, 今后; 下半年 with 将/要) | plan | ``下一步，支部将一要…``, ``下一步，支部将继续…。`` |

Only in the report's last top-level part: before a later top heading (三、下一步打算) such a
paragraph is a sentence of its section, which that heading or the section's own words classify.
A paragraph without items of its own (no 一是) counts only where no section heading (三、存在的问题)
names that part already. A closing pledge alone (``下一步，支部将继续…。``) is a plan and a closing
sentence of results (``通过这些努力，…明显…。``) an effect, as a reader takes them (the labelling
rule of bench/accuracy/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.text.item_kinds import says_results
from analysis.text.outline.nodes import Line
from analysis.text.outline.patterns import (
    CLOSING_PLAN_RE,
    PLAN_LEAD_RE,
    PROBLEM_SENTENCE_RE,
    RESULT_OPENER_RE,
)
from analysis.text.outline.phrases import heading_sentence
from analysis.text.outline.sections import section_kind

# A paragraph opening by announcing shortcomings: "但也存在一些不足：…", "工作中还存在一些问题
# 和不足。" (存在 qualified by 还/也/仍/尚 or a quantity; "针对存在的问题，…" is a practice).
_SHORT_WORDS = r"(?:问题|不足|差距|短板)"
_PROBLEM_LEAD_RE = re.compile(
    r"[^。；;：:！!？?\n]{0,30}?"
    rf"(?P<core>(?:[还也仍尚]存在着?(?:一些|一定的?|不少|诸多)?|存在着?(?:一些|一定的?|不少|诸多))"
    rf"的?{_SHORT_WORDS}(?:[和与及、]{_SHORT_WORDS})?)"
    r"[^。；;：:！!？?\n]{0,12}[：:。]"
)
# A section name before a colon, the section's words after it. "存在的不足：…", "下步打算：…"
_LABEL_RE = re.compile(r"(?P<t>[^，,。；;：:！!？?“”\s]{2,10})[：:](?=[^\s：:]{4})")
_LABEL_KINDS = frozenset(("result", "problem", "plan"))
# A section name and a colon alone on a line: "四季度打算：".
_LIST_LABEL_RE = re.compile(r"(?P<t>[^，,。；;：:！!？?“”\s]{2,10})[：:]")


def tag_closing_paragraphs(lines: list[Line]) -> None:
    """Tag the closing paragraphs of the report's last part (see the module docstring)."""
    _tag_list_labels(lines)
    _tag_labels(lines)
    _tag_result_lead(lines)
    _tag_problem_lead(lines)
    _tag_plan_lead(lines)


def _closing(lines: list[Line]) -> Iterator[tuple[Line, bool]]:
    """The untagged lines of the last top-level part, last first, each with whether a section
    heading names that part (its paragraphs then need items of their own to become sections)."""
    top = _top(lines)
    part = next((ln for ln in reversed(lines) if _heads_part(ln, top)), None)
    named = part is not None and section_kind(heading_sentence(part.s[part.body :])) is not None
    for ln in reversed(lines):
        if _heads_part(ln, top):
            return
        if not (ln.level or ln.noise):
            yield ln, named


def _heads_part(ln: Line, top: int) -> bool:
    """A top heading of the report, not a closing paragraph tagged here."""
    return bool(ln.level) and ln.level <= top and not ln.section


def _top(lines: list[Line]) -> int:
    """Level of the report's top headings (1 when it has none)."""
    return min((ln.level for ln in lines if ln.level), default=1)


def _head(ln: Line, level: int, kind: str, title: tuple[int, int], keep: bool) -> None:
    """Make a line a `kind` section heading titled by ln.s[title]; `keep`: its sentence is its
    own text (read for items), else its text starts after the title."""
    ln.level, ln.marker, ln.section = level, "", kind
    ln.body, ln.head = title
    ln.keep = keep


def _tag_list_labels(lines: list[Line]) -> None:
    """A line that is only a results, problems or plans section name and a colon, a numbered
    list after it ("四季度打算：" then "1.开展…", "2.召开…"): a section one level above the list,
    at the top when no heading comes before it (a report of unnumbered paragraphs)."""
    headed = False
    for ln, nxt in zip(lines, lines[1:], strict=False):
        headed = headed or bool(ln.level)
        if ln.level or ln.noise or not nxt.level or not _first_marker(nxt.marker):
            continue
        m = _LIST_LABEL_RE.fullmatch(ln.s)
        kind = section_kind(m.group("t")) if m else None
        if m and kind in _LABEL_KINDS:
            level = max(1, nxt.level - 1) if headed else 1
            _head(ln, level, kind, (0, m.end("t")), keep=False)


def _first_marker(marker: str) -> bool:
    """Whether an outline marker numbers a list's first item: 1. （1） 一、 （一） ①."""
    return marker.strip("（()）、.．　 ") in ("1", "一", "①")


def _tag_labels(lines: list[Line]) -> None:
    """Paragraphs opening with a results, problems or plans section name and a colon."""
    top = _top(lines)
    for ln, _named in list(_closing(lines)):
        m = _LABEL_RE.match(ln.s)
        kind = section_kind(m.group("t")) if m else None
        if m and kind in _LABEL_KINDS:
            _head(ln, top, kind, (0, m.end("t")), keep=False)


def _tag_result_lead(lines: list[Line]) -> None:
    """A paragraph opening with what was done (通过…，) and saying what it achieved."""
    top = _top(lines)
    for ln, named in _closing(lines):
        m = RESULT_OPENER_RE.match(ln.s)
        if m and not named and says_results(ln.s[m.end() :]):
            _head(ln, top, "result", (0, m.end() - 1), keep=True)
            return


def _tag_problem_lead(lines: list[Line]) -> None:
    """A paragraph announcing shortcomings (its sentences are the problems), or naming them
    in one sentence ("社区也存在停车位紧张、…等问题。": the words between are the problem)."""
    top = _top(lines)
    for ln, named in _closing(lines):
        m = _PROBLEM_LEAD_RE.match(ln.s)
        if m:
            _head(ln, top, "problem", (m.start("core"), m.end("core")), keep=False)
            return
        m = None if named else PROBLEM_SENTENCE_RE.match(ln.s)
        if m:
            _head(ln, top, "problem", m.span("noun"), keep=True)
            return


def _tag_plan_lead(lines: list[Line]) -> None:
    """A paragraph opening with a plan word and listing items ("下一步，支部将一要…，二要…"
    -> section "下一步"), or saying in one sentence what will be done ("下一步，支部将继续…")."""
    top = _top(lines)
    for ln, named in _closing(lines):
        m = PLAN_LEAD_RE.match(ln.s)
        if m:
            _head(ln, top, "plan", (0, m.end()), keep=False)
            return
        m = None if named else CLOSING_PLAN_RE.match(ln.s)
        if m:
            _head(ln, top, "plan", m.span("w"), keep=True)
            return
