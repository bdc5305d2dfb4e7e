"""Outline parser, lead items: paragraphs opening with a short lead phrase (``配强支部班子。``, ``“双岗双责”行动
夯实基层基础。``) or a two-clause lead sentence (``建强村级班子，筑牢战斗堡垒。``), two or more per scope."""

from __future__ import annotations

import bisect

from analysis.text.outline.nodes import Node, Para
from analysis.text.outline.patterns import (
    ANNOUNCE_RE,
    CLAUSE_SPLIT_RE,
    ENUM_START_RE,
    HEAD_RUN_RE,
    ITEM_RUN_RE,
    LEAD_BAD_RE,
    LEAD_MAX,
    LEAD_SENTENCE_MAX,
    PROSE_OPENER_RE,
    QUOTE_ROOM,
    QUOTED_RE,
)
from analysis.text.outline.phrases import clause, numbered_label


def lead_items(text: str, nodes: list[Node], paras: list[Para], soft: set[int]) -> list[Node]:
    """Items from paragraphs opening with a short lead phrase, two or more per scope.

    "配强支部班子。将政治素质高…" -> item "配强支部班子" (sample 002).
    """
    heads = sorted(nodes, key=lambda n: n.start)
    starts = [n.start for n in heads]
    scopes: dict[int, list[tuple[Para, str, int]]] = {}
    for p in paras:
        lead = _lead_phrase(text, p, soft)
        if lead:
            k = bisect.bisect_right(starts, p.start) - 1
            scopes.setdefault(k, []).append((p, lead[0], lead[1]))
    items = []
    for k, found in scopes.items():
        if len(found) < 2:
            continue
        level = min(heads[k].level + 1, 5) if k >= 0 else 1
        for p, title, head_end in found:
            items.append(Node(level, "", title, p.start, head_end, p.end, "lead"))
    return items


def _lead_phrase(text: str, p: Para, soft: set[int]) -> tuple[str, int] | None:
    """(lead phrase, end of it) when a paragraph opens with a short phrase ending in 。 or ："""
    if ENUM_START_RE.match(text, p.start):
        return None  # "一是…" paragraphs are enumerations
    title, stop, char = clause(text, p.start, p.end, ITEM_RUN_RE, LEAD_MAX + QUOTE_ROOM, soft)
    if char in ("，", ","):
        return _lead_sentence(text, p, soft)
    if char in ("：", ":") and numbered_label(title):  # "▶做法一：网格里建起“红色驿站”"
        return _labelled_phrase(text, p, stop + 1, soft)
    if char not in ("。", "：", ":") or not 2 <= len(_unquoted(title)) <= LEAD_MAX:
        return None
    if char != "。" and (ANNOUNCE_RE.search(title) or text[stop + 1 : stop + 2] in ("“", '"')):
        return None  # a list announced, or words quoted: "公司负责人说：“…”"
    if LEAD_BAD_RE.search(_unquoted(title)) or p.end - stop < 9:
        return None
    return title, stop + 1


def _labelled_phrase(text: str, p: Para, pos: int, soft: set[int]) -> tuple[str, int] | None:
    """The heading after a numbered label, up to its sentence end or its line's end."""
    title, stop, char = clause(text, pos, p.end, HEAD_RUN_RE, LEAD_SENTENCE_MAX + QUOTE_ROOM, set())
    if not 2 <= len(_unquoted(title)) <= LEAD_SENTENCE_MAX:
        return None
    return title, stop + 1 if char else stop


def _lead_sentence(text: str, p: Para, soft: set[int]) -> tuple[str, int] | None:
    """A lead sentence of two short clauses ending in 。, the body after it in the paragraph.

    "建强村级班子，筑牢战斗堡垒。支部严格落实…" -> "建强村级班子，筑牢战斗堡垒". Prose openers
    ("近年来，", "通过…，") and sentences holding figures are never headings.
    """
    title, stop, char = clause(
        text, p.start, p.end, HEAD_RUN_RE, LEAD_SENTENCE_MAX + QUOTE_ROOM, soft
    )
    plain = _unquoted(title)
    if char not in ("。", "！", "!") or not 6 <= len(plain) <= LEAD_SENTENCE_MAX:
        return None
    clauses = [c for c in CLAUSE_SPLIT_RE.split(plain) if c]
    if (
        not 2 <= len(clauses) <= 2
        or min(len(c) for c in clauses) < 2
        or max(map(len, clauses)) > 16
    ):
        return None
    if LEAD_BAD_RE.search(plain) or PROSE_OPENER_RE.match(title) or p.end - stop < 20:
        return None
    return title, stop + 1


def _unquoted(title: str) -> str:
    """A lead's words as they count for its shape: a quoted brand is one short name, its marks
    and digits aside ("“1+N”服务夯实基层基础" reads like "服务夯实基层基础" plus a name)."""
    return QUOTED_RE.sub("名", title)
