"""Outline parser, its working data: lines, parse nodes and paragraphs (frozen into OutlineNode at the end)."""

from __future__ import annotations

from dataclasses import dataclass, field

# ----------------------------------------------------------------------------- data


@dataclass
class Line:
    """One non-empty line: offsets of its stripped text and what it looks like."""

    start: int
    end: int
    s: str
    level: int = 0  # outline marker level (0 = none)
    marker: str = ""
    body: int = 0  # index in `s` where the text after the marker starts
    hint: int = 0  # heading level from a Word heading style (0 = none)
    noise: bool = False
    short: int = 0  # 1 = short-line heading, 2 = its subtitle
    head: int = 0  # index in `s` where a heading that is only a lead word ends ("下一步，")
    keep: bool = False  # the lead words open the heading's own text ("下一步，支部将继续…。")
    section: str = ""  # the section kind a closing paragraph's opening words name (closings)


@dataclass
class Node:
    """Mutable outline node used while parsing; frozen into OutlineNode at the end."""

    level: int
    marker: str
    title: str
    start: int
    head_end: int  # end of the title sentence: the node's own text starts here
    end: int
    source: str  # "marker" | "hint" | "short" | "lead" | "enum" | "closing"
    children: list[Node] = field(default_factory=list)
    kind: str = "practice"
    section: str = ""  # the section kind a closing paragraph's opening words name (closings)
    item: bool = True
    lead_kind: str = ""  # the kind the words before an inline run name ("存在的不足：一是…")


@dataclass
class Para:
    """A paragraph: one or more lines joined as one sentence flow."""

    start: int
    end: int


def walk(nodes: list[Node]):
    """All nodes depth-first, parents before children (snapshot of the current tree)."""
    for n in list(nodes):
        yield n
        yield from walk(n.children)
