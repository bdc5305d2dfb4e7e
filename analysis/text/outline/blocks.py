"""Outline parser, blocks: group tagged lines into heading nodes and prose paragraphs, rejoining sentences
and headings broken across lines (PDF)."""

from __future__ import annotations

from analysis.text.outline.nodes import Line, Node, Para
from analysis.text.outline.patterns import (
    ENUM_START_RE,
    HEAD_RUN_RE,
    INNER_PUNCT,
    PERIOD_LABEL_RE,
    SOFT_END,
    SPACE_RE,
    TERMINAL,
    TITLE_LIMIT,
)
from analysis.text.outline.phrases import (
    clause,
    ends_terminal,
    heading_sentence,
    lead_label,
    numbered_label,
)


def _joinable(ln: Line) -> bool:
    """A line that may continue the previous one: no marker, heading, credit or enumeration."""
    return not (ln.level or ln.hint or ln.short or ln.noise or ENUM_START_RE.match(ln.s))


def body_continues(s: str, width: int) -> bool:
    """A prose line whose sentence goes on in the next line (broken by a PDF layout)."""
    if s[-1] in SOFT_END:
        return True
    if ends_terminal(s):
        return False
    if width and len(s) >= width - 3:
        return True
    return len(s) >= 20 and (len(s) >= 32 or any(c in INNER_PUNCT for c in s))


def _unbalanced(s: str) -> bool:
    """Open quotes or brackets left unclosed: the heading goes on in the next line."""
    return s.count("“") > s.count("”") or s.count("（") + s.count("(") > s.count("）") + s.count(
        ")"
    )


def _heading_continues(ln: Line, nxt: Line, width: int) -> bool:
    """A marker heading broken across lines: "（一）…提升了党建工作标准化规范" + "化水平。…"."""
    content = ln.s[ln.body :]
    if not content:
        return True
    if any(c in TERMINAL for c in content):
        return body_continues(ln.s, width)
    if content[-1] in SOFT_END or _unbalanced(content):
        return True
    return bool(width) and len(ln.s) >= width - 3 and any(c in TERMINAL for c in nxt.s[:15])


def blocks(text: str, lines: list[Line], width: int) -> tuple[list[Node], list[Para], set[int]]:
    """Heading nodes and prose paragraphs in order, plus the newlines joined inside sentences."""
    soft: set[int] = set()
    nodes: list[Node] = []
    paras: list[Para] = []
    has_l1 = any(ln.level == 1 for ln in lines)
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.short == 1:
            begin = end = ln.end
            if i + 1 < len(lines) and lines[i + 1].short == 2:
                i += 1
                begin, end = lines[i].start, lines[i].end
            if not ln.marker:  # the title is both lines; after a number line, the second one
                begin = ln.start
            title = SPACE_RE.sub("", text[begin:end]).rstrip("，,").strip("【】")
            level = 2 if has_l1 else 1
            nodes.append(Node(level, ln.marker, title, ln.start, end, end, "short"))
        elif ln.short == 2 or ln.noise:
            pass  # orphan subtitle or credit line: part of no paragraph
        elif ln.level:
            last = i
            if not ln.hint:
                while (
                    last + 1 < len(lines)
                    and _joinable(lines[last + 1])
                    and _heading_continues(
                        lines[last] if last == i else _plain(lines[last]), lines[last + 1], width
                    )
                ):
                    soft.add(lines[last].end + _newline_gap(text, lines[last].end))
                    last += 1
            nodes.append(_heading_node(text, ln, lines[last].end, soft))
            i = last
        else:
            last = i
            while (
                last + 1 < len(lines)
                and _joinable(lines[last + 1])
                and body_continues(lines[last].s, width)
            ):
                soft.add(lines[last].end + _newline_gap(text, lines[last].end))
                last += 1
            paras.append(Para(ln.start, lines[last].end))
            i = last
        i += 1
    return nodes, paras, soft


def _plain(ln: Line) -> Line:
    """A continuation line seen as a heading line without marker (for the join test)."""
    return Line(ln.start, ln.end, ln.s)


def _newline_gap(text: str, pos: int) -> int:
    """Distance from a line's stripped end to its newline (trailing spaces)."""
    nl = text.find("\n", pos)
    return nl - pos if nl >= 0 else 0


def _heading_node(text: str, ln: Line, end: int, soft: set[int]) -> Node:
    """Heading node from a marker or hint line; the title is its first sentence, a period label
    or a lead label before a colon kept ("一季度：聚焦学习抓引领", "组织嵌入：把党组织建在小区里")."""
    begin = ln.start + ln.body
    if ln.head:  # a lead word heads the paragraph: "下一步，支部将一要…"
        title = ln.s[ln.body : ln.head].rstrip("，,")
        own = ln.start if ln.keep else ln.start + ln.head
        node = Node(ln.level, ln.marker, title, ln.start, own, end, "closing")
        node.section = ln.section
        return node
    title, stop, char = clause(text, begin, end, HEAD_RUN_RE, TITLE_LIMIT, soft)
    after = text[stop : stop + TITLE_LIMIT]  # the colon and what follows it
    if char in "：:" and char and numbered_label(title):  # "▶做法一：网格里建起…"
        title, stop, char = clause(text, stop + 1, end, HEAD_RUN_RE, TITLE_LIMIT, soft)
    elif (
        char in "：:"
        and char
        and (PERIOD_LABEL_RE.fullmatch(title) or lead_label(title + after, len(title)))
    ):
        rest, stop, char = clause(text, stop + 1, end, HEAD_RUN_RE, TITLE_LIMIT, soft)
        title = f"{title}：{rest}" if rest else title
    title = heading_sentence(title)
    head_end = stop + 1 if char else stop
    return Node(
        ln.level, ln.marker, title, ln.start, head_end, end, "hint" if ln.hint else "marker"
    )
