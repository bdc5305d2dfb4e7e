"""Outline parser, inline enumerations: 一是/二是, 首先/其次/最后, 第一/第二, 其一 sequences."""

from __future__ import annotations

import bisect
import re

from analysis.text.outline.nodes import Node
from analysis.text.outline.patterns import (
    CLAUSE_BREAKS,
    CLAUSE_SPLIT_RE,
    ENUM_LIMIT,
    ENUM_RE,
    HEAD_RUN_RE,
    ITEM_RUN_RE,
    LEAD_SENTENCE_MAX,
    MARKER_GAP,
    SECTION_RULES,
    SPACES,
    WORD_YI,
)
from analysis.text.outline.phrases import clause, ordinal

_STOPS = frozenset("。！？!?；;…”）)")  # a text ending on one of these was not cut mid-item
_CUT_TITLE_MIN = 4  # shortest title of an item the end of the text cuts
_LEAD_IN_MAX = 40  # the clause before a run's first marker read for the kind it names
_RUN_KINDS = ("result", "problem", "plan")
# A lead-in announcing what will be done: "支部将重点做好以下工作：", "要抓好以下几项工作："
_PLAN_LEAD_IN_RE = re.compile(
    r"[将要][^。；;：:]{0,12}(?:抓好|做好|推进|落实|抓实|抓)以下[^。；;：:]{0,6}工作[：:]$"
)
_SENTENCE_BREAK_RE = re.compile(r"[。！？!?；;，,\n]")  # the last clause names the kind
_SEQ_ORDINALS = {"首先": 1, "其次": 2, "再次": 3, "最后": -1}


def _enum_key(m: re.Match) -> tuple[str, int]:
    """(family, ordinal) of an enumeration marker; 最后 has ordinal -1 (closes a sequence)."""
    family = m.lastgroup or "seq"
    value = m.group(family)
    if family == "circ":
        return family, ord(value) - 0x245F  # ① is 1
    if family == "seq":
        return family, _SEQ_ORDINALS.get(value.replace("\n", ""), 0)
    return family, ordinal(value)


def _at_clause_start(text: str, i: int, lo: int, soft: set[int]) -> bool:
    """True when position `i` starts a clause: after punctuation, a line break or the span start."""
    j = i - 1
    while j >= lo and (text[j] in SPACES or (text[j] == "\n" and j in soft)):
        j -= 1
    return j < lo or text[j] == "\n" or text[j] in CLAUSE_BREAKS


def _sequences(text: str, lo: int, hi: int, soft: set[int]) -> list[tuple[list[re.Match], int]]:
    """Valid enumeration sequences in text[lo:hi]: [markers], and where a restart cut the last.

    A sequence starts at 一是/首先/第一/其一 and goes on with the next ordinal; 最后 ends a
    首先 sequence. A 一是 inside the paragraph of an item ("二是强化统筹，完善…。一是…；二是…")
    starts a sequence nested in it, which ends with that paragraph or where the outer one goes on
    ("…，三是…；三是…": an ordinal only the outer sequence takes). Sequences of fewer than two
    items are dropped.
    """
    done: list[tuple[list[re.Match], int]] = []
    open_: dict[str, list[tuple[list[re.Match], int]]] = {}  # family -> stack of (markers, last)
    for m in ENUM_RE.finditer(text, lo, hi):
        family, n = _enum_key(m)
        nl = m.group().find("\n")
        if nl >= 0 and m.start() + nl not in soft:
            continue  # split by a real paragraph break
        if not _at_clause_start(text, m.start(), lo, soft) and not (
            # "支部一是加强组织领导；二是…": a first 一是 may follow the subject directly
            family == "shi" and n == 1 and m.start() > lo and text[m.start() - 1] not in WORD_YI
        ):
            continue
        stack = open_.setdefault(family, [])
        if len(stack) == 2 and not _same_paragraph(text, stack[1][0][-1].start(), m.start(), soft):
            done.append((stack.pop()[0], m.start()))  # the nested sequence ends with its paragraph
        if n == 1:
            if len(stack) == 1 and _nests(text, stack[0], m, soft):
                stack.append(([m], 1))
                continue
            done.extend((cur, m.start()) for cur, _ in reversed(stack))
            open_[family] = [([m], 1)]
            continue
        if not stack:
            continue
        if len(stack) == 2 and not _follows(stack[1][1], n) and _follows(stack[0][1], n):
            done.append((stack.pop()[0], m.start()))  # "…，三是…；三是…": the outer one goes on
        cur, last = stack[-1]
        if n == -1 and family == "seq":
            cur.append(m)  # 最后 closes the sequence
            done.append((cur, hi))
            stack.pop()
        elif _follows(last, n):
            cur.append(m)
            stack[-1] = (cur, n)
    done.extend((cur, hi) for stack in open_.values() for cur, _ in stack)
    return sorted((s for s in done if _kept(s[0], text, lo, soft)), key=lambda s: s[0][0].start())


def _nests(text: str, outer: tuple[list[re.Match], int], m: re.Match, soft: set[int]) -> bool:
    """A new 一是 nests in the open item of the `outer` sequence: in that item's paragraph, either
    right after a sentence end when the item opens the paragraph, or after a sentence of a later
    item ("…；二是深化服务，强化…。围绕…，一是…，二是…")."""
    item = outer[0][-1]
    if not _same_paragraph(text, item.start(), m.start(), soft):
        return False
    if _opens_paragraph(text, item.start()):
        return text[max(item.start(), m.start() - 1) : m.start()] in ("。", "：", ":")
    return outer[1] >= 2 and text.find("。", item.end(), m.start()) >= 0


def _follows(last: int, n: int) -> bool:
    """Ordinal `n` goes on from `last`: the next one, or the one after when a marker was lost
    (garbled, OCR)."""
    return last < n <= last + 2


def _same_paragraph(text: str, a: int, b: int, soft: set[int]) -> bool:
    """No hard line break between positions a and b."""
    i = text.find("\n", a, b)
    while i >= 0:
        if i not in soft:
            return False
        i = text.find("\n", i + 1, b)
    return True


def _kept(markers: list[re.Match], text: str, lo: int, soft: set[int]) -> bool:
    """A sequence of two or more; or a lone 一是/第一 that opens a clause (its 二是 lost)."""
    if len(markers) >= 2:
        return True
    m = markers[0]
    return m.lastgroup in ("shi", "di") and _at_clause_start(text, m.start(), lo, soft)


def inline_enumerations(text: str, lo: int, hi: int, soft: set[int]) -> list[Node]:
    """Level-5 nodes for inline enumerations in a node's own text, nested sequences as children.

    A non-last item ends at the next marker; the last one at the end of its paragraph.
    """
    if hi - lo < 4:
        return []
    seqs = _sequences(text, lo, hi, soft)
    if not seqs:
        return []
    breaks = [m.start() for m in re.finditer("\n", text[lo:hi])]
    hard = [lo + b for b in breaks if lo + b not in soft]
    placed: list[Node] = []
    starts: list[int] = []  # starts of `placed`, for bisect
    for markers, cut in seqs:
        first, last = markers[0].start(), markers[-1].start()
        host = _host(placed, starts, first, last)
        if host is False:
            continue  # overlaps an earlier sequence without nesting in it
        host = host if isinstance(host, Node) else None
        limit = host.end if host else hi
        items = []
        for k, m in enumerate(markers):
            if k + 1 < len(markers):
                end = markers[k + 1].start()
            else:
                j = bisect.bisect_right(hard, m.start())
                end = min(hard[j] if j < len(hard) else hi, cut, limit)
            node = _enum_node(text, m, end, soft)
            if _real_title(text, node):
                items.append(node)
        kind = run_kind(text, first, lo)
        for node in items:
            node.lead_kind = kind
        if host:
            host.children.extend(items)
            _title_host(text, host, soft)
        else:
            placed.extend(items)
            starts.extend(n.start for n in items)
    return placed


def run_kind(text: str, first: int, lo: int) -> str:
    """The kind of items the clause before an inline run names when it ends with a colon
    ("我们也要清醒看到存在的不足：一是…" -> problem; "取得了以下成效：" -> result); "" if none."""
    before = text[max(lo, first - _LEAD_IN_MAX) : first].rstrip()
    if not before.endswith(("：", ":")):
        return ""
    if _PLAN_LEAD_IN_RE.search(before):
        return "plan"  # "2026年，支部将重点做好以下工作：一要…"
    lead_in = _SENTENCE_BREAK_RE.split(before[:-1])[-1]
    for kind, rx in SECTION_RULES:
        if kind in _RUN_KINDS and rx.search(lead_in):
            return kind
    return ""


def _real_title(text: str, node: Node) -> bool:
    """An item worth keeping: a title of two characters or more, four when the end of the text
    cuts it with no sentence end ("三是抓" -> no item "抓")."""
    if len(node.title) < 2:
        return False
    if len(node.title) >= _CUT_TITLE_MIN or text[node.end - 1 : node.end] in _STOPS:
        return True
    i = node.end  # only blanks after the item: the end of the text cut it
    while i < len(text) and text[i].isspace():
        i += 1
    return i < len(text)


def _host(placed: list[Node], starts: list[int], first: int, last: int) -> Node | None | bool:
    """The item a sequence nests in (None: top level; False: it overlaps and must be dropped)."""
    if not placed or first >= placed[-1].end:
        return None
    k = bisect.bisect_right(starts, first) - 1
    item = placed[k] if k >= 0 else None
    if item is None or not item.start < first < item.end or last >= item.end:
        return False
    for child in item.children:  # one nesting level is enough in practice
        if child.start < first < child.end:
            return False
    return item


def _enum_node(text: str, m: re.Match, end: int, soft: set[int]) -> Node:
    """One enumeration item; its title runs from after the marker to the first clause break."""
    i = m.end()
    while i < end and text[i] in MARKER_GAP:
        i += 1
    title, stop, char = clause(text, i, end, ITEM_RUN_RE, ENUM_LIMIT, soft)
    if char in ("，", ",") and _opens_paragraph(text, m.start()):
        title, stop, char = _lead_title(text, i, end, soft, (title, stop, char))
    end = max(end, m.end())
    while end > m.start() and text[end - 1].isspace():
        end -= 1
    head_end = min(stop + 1 if char else stop, end)
    return Node(5, m.group(), title, m.start(), max(head_end, m.end()), end, "enum")


# ----------------------------------------------------------------------------- kinds and output


def _opens_paragraph(text: str, pos: int) -> bool:
    """True when `pos` starts a line (after indentation)."""
    j = pos - 1
    while j >= 0 and text[j] in SPACES:
        j -= 1
    return j < 0 or text[j] == "\n"


def _title_host(text: str, host: Node, soft: set[int]) -> None:
    """An item holding a run of its own is titled by its two-clause heading sentence: "二是强化统筹，
    完善…机制。围绕…，一是…" -> "强化统筹，完善…机制" (not its first clause alone)."""
    i = host.start + len(host.marker)
    while i < host.end and text[i] in MARKER_GAP:
        i += 1
    title, stop, char = _lead_title(text, i, host.end, soft, (host.title, -1, ""))
    if stop >= 0 and title.startswith(host.title):
        host.title, host.head_end = title, stop + 1


def _lead_title(
    text: str, i: int, end: int, soft: set[int], first: tuple[str, int, str]
) -> tuple[str, int, str]:
    """An item opening a paragraph with a two-clause heading sentence and a body after it (else
    `first`, its first clause).

    "一是扛牢主体责任，把方向管大局。我坚持…" -> "扛牢主体责任，把方向管大局" (a 述职 heading).
    """
    title, stop, char = clause(text, i, end, HEAD_RUN_RE, LEAD_SENTENCE_MAX + 1, soft)
    clauses = [c for c in CLAUSE_SPLIT_RE.split(title) if c]
    if (
        char in ("。", "！", "!")
        and len(title) <= LEAD_SENTENCE_MAX
        and len(clauses) == 2
        and max(map(len, clauses)) <= 16
        and end - stop >= 20
    ):
        return title, stop, char
    return first
