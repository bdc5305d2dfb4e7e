"""Outline parser, enumerator families read from whole lines: the title line, a bare heading line
over its body, ordinal headings (首先，/第一，), decimal headings (1, 1.1, also with a body after
them), numeral-verb sets (一抓/二抓, 一要, 一强化). Closing paragraphs are read in module closings,
lead phrases and sentences in module leads."""

from __future__ import annotations

from collections import Counter

from analysis.text.item_kinds import title_kind
from analysis.text.outline.nodes import Line
from analysis.text.outline.patterns import (
    DECIMAL_RE,
    ENUM_START_RE,
    ITEM_HEAD_RE,
    NUMERAL_VERB_RE,
    ONE_LINE_HEAD_RE,
    ORDINAL_HEAD_RE,
    ORDINAL_VALUE,
    SOFT_END,
    TITLE_LIMIT,
)
from analysis.text.outline.phrases import ends_terminal, ordinal

_BODY_MIN = 20  # shortest body paragraph under a bare heading line
_SET_MIN = 2  # heads of one length found that make a parallel set


def tag_title(lines: list[Line]) -> None:
    """The report's title line is part of no paragraph and never an item, even with a colon in
    it ("某社区：“三张清单”激活治理末梢"): the first line, short, with no sentence or phrase end."""
    if len(lines) < 2:
        return
    first = lines[0]
    if (
        not (first.level or first.hint or first.noise or first.short)
        and len(first.s) <= TITLE_LIMIT * 3 // 4
        and not ends_terminal(first.s)
        and first.s[-1] not in SOFT_END
        and not any(c in "。；;！!？?" for c in first.s)
    ):
        first.noise = True


def tag_bare_heads(lines: list[Line], free) -> None:
    """Mark a bare heading line over its body paragraph: heading-shaped words ("A，B" or verb
    first), no sentence punctuation, after a finished sentence or a heading, before a paragraph.

    "深化党建业务融合，服务中心工作" / "支部把党建工作与生产经营同部署…。" -> a heading, even a
    lone one among numbered headings (the paragraph is not part of the practice before it). A
    line of that place whose verb is unknown heads its paragraph too when it has the length of two
    heads found ("整合共建资源" among "搭建议事平台", "培育骨干力量": a parallel set).
    """
    unshaped: list[Line] = []  # in a head's place, but neither "A，B" nor verb first
    sizes: Counter[int] = Counter()  # lengths of the heads found
    for i in range(1, len(lines) - 1):
        ln, nxt = lines[i], lines[i + 1]
        if not (ITEM_HEAD_RE.fullmatch(ln.s) and free(i) and not ENUM_START_RE.match(ln.s)):
            continue
        before = lines[i - 1]
        headed = (before.level and before.s[before.body :]) or before.short or before.hint
        if not (headed or ends_terminal(before.s)):
            continue  # a bare marker line ("（三）") is continued by this line, not headed
        body = not (nxt.level or nxt.hint or nxt.noise or nxt.short)
        if not (body and len(nxt.s) >= _BODY_MIN and not ENUM_START_RE.match(nxt.s)):
            continue
        if ONE_LINE_HEAD_RE.fullmatch(ln.s) or title_kind(ln.s) == "practice":
            ln.short = 1
            sizes[len(ln.s)] += 1
        else:
            unshaped.append(ln)
    for ln in unshaped:
        if sizes[len(ln.s)] >= _SET_MIN:
            ln.short = 1


def tag_ordinal_headings(lines: list[Line]) -> None:
    """Paragraphs opening with 首先，/其次，/最后， or 第一，/第二， in sequence: headings.

    They head the 一是 items that follow inside them (level 4, under any numbered heading).
    """
    opened = [
        (i, m) for i, ln in enumerate(lines) if not ln.level and (m := ORDINAL_HEAD_RE.match(ln.s))
    ]
    values = [ORDINAL_VALUE.get(m.group("w"), 0) or ordinal(m.group("n") or "") for _, m in opened]
    if len(opened) < 2 or values[0] != 1 or not any(v == 2 for v in values):
        return
    for (i, m), v in zip(opened, values, strict=True):
        ln = lines[i]
        if v and len(ln.s) - m.end() >= 8:
            ln.level, ln.marker, ln.body = 4, m.group("w") or f"第{m.group('n')}", m.end()


def tag_decimal_headings(lines: list[Line]) -> None:
    """Heading lines numbered 1, 1.1, 1.1.1 (journal articles), the depth their level.

    Only in a text without Chinese outline markers, only heading lines (`_decimal_heading_line`),
    and only a set whose top numbers run 1, 2, 3 (repeats allowed: "2", "2.1", "2.2", "3").
    """
    if any(ln.level in (1, 2) for ln in lines):
        return
    found = []
    for i, ln in enumerate(lines):
        m = None if ln.level or ln.noise else DECIMAL_RE.match(ln.s)
        if m and _decimal_heading_line(ln.s, m.group()):
            parts = m.group().strip().split(".")
            found.append((i, [int(p) for p in parts], m.end()))
    tops = [nums[0] for _, nums, _ in found]
    if (
        len(found) < 2
        or tops[0] > 1
        or any(b not in (a, a + 1) for a, b in zip(tops, tops[1:], strict=False))
    ):
        return
    for i, nums, body in found:
        ln = lines[i]
        ln.level, ln.marker, ln.body = len(nums), ln.s[:body].strip(), body


def _decimal_heading_line(s: str, number: str) -> bool:
    """A short line without a sentence end ("2 夯实组织基础"), or a dotted number whose heading
    sentence is short and has its body after it on the line ("1.1 抓实理论武装。落实…")."""
    if len(s) <= TITLE_LIMIT // 2 and not any(c in "。；;" for c in s):
        return True
    end = min((j for j in (s.find(c) for c in "。；;") if j >= 0), default=-1)
    return "." in number and 0 < end <= TITLE_LIMIT // 2


_MODAL_VERBS = frozenset("要应")  # "一要…/二要…": the numeral and the modal are the marker


def tag_verb_headings(lines: list[Line]) -> None:
    """Paragraphs opening with 一抓/二抓…, 一要/二要…, 一强化/二强化… in sequence: headings.

    The numeral is the marker, the verb (the words the members share after it) opens the title:
    "一抓队伍，锤炼过硬作风。一是…" -> "抓队伍，锤炼过硬作风", heading the 一是 items inside it.
    """
    groups: dict[str, list[tuple[int, int, str]]] = {}
    for i, ln in enumerate(lines):
        if not ln.level and not ln.noise and (m := NUMERAL_VERB_RE.match(ln.s)):
            groups.setdefault(m.group("v")[0], []).append((i, ordinal(m.group("n")), m.group("v")))
    for members in groups.values():
        values = [v for _, v, _ in members]
        if len(members) < 2 or values != list(range(1, len(values) + 1)):
            continue
        modal = members[0][2][0] in _MODAL_VERBS  # "一要强化…": 要 belongs to the marker
        for i, _, _ in members:
            ln = lines[i]
            if len(ln.s) >= 8:
                ln.level, ln.marker, ln.body = 4, ln.s[: 1 + modal], 1 + modal
