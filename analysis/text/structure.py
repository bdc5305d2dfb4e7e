"""Report structure: the outline tree of a 公文-style report and its measures (举措).

Input is the cleaned analysis text (lines kept). Levels: 1 = 一、/第一部分, 2 = （一）, 3 = 1.,
4 = （1）/① and paragraphs opening with 首先，/第一， in sequence, 5 = inline enumeration (一是,
首先, 第一, 其一). Word heading hints and WeChat headings take the level their style or place gives
them. The passes (modules outline_lines, outline_enumerations, outline_sentences, item_kinds):

1. split into lines; a whole outline run together in one line (web page, flat PDF) is split at
   inline markers that form an ordinal sequence (``…贡献。 一、… 1、… 2、…``);
2. tag each line: outline marker, Word heading hint, the title line, decimal heading (``2.1 …``),
   a bare heading line over its body (``深化党建业务融合，服务中心工作``),
   numeral-verb heading set (``一抓…`` / ``二抓…``, ``一要``, ``一强化``), a closing plan lead
   paragraph (``下一步，…一要…``), ordinal heading (``首先，…`` / ``第一，…``),
   WeChat heading (``支部建设齐步走,`` + subtitle, ``A，B`` heading lines, a rhyming set, ``01`` +
   title, ``【…】``), noise (来源:, 编者按 …, a table of contents at the top);
3. group lines into heading blocks and paragraphs, rejoining sentences broken across lines (PDF);
4. paragraphs that open with a short lead phrase (``配强支部班子。将…``) or a two-clause lead
   sentence (``建强村级班子，筑牢战斗堡垒。支部…``) become items when a scope holds two or more;
5. nest headings by level; inside each node's own text find inline enumerations that form a
   valid ordinal sequence (一是 → 二是 …, 首先 → 其次 → 最后) at clause starts, or a lone 一是;
6. classify sections by heading words, weighed by what their items say; a results, problems or
   plans section with no item of its own gets one item per sentence (outline_sentences:
   ``二、存在的问题\\n党员队伍老龄化问题比较突出。``); collect the items.

Titles: a heading's first sentence, quotes kept whole (``建立“聚人成‘林’，护‘庄’战疫”行动支部``);
an enumeration's words after the marker up to the first clause break (``一是加强组织领导,…``), or
its two-clause heading sentence when it opens a paragraph with a body after it (述职报告); a lead
phrase without its 。.

Which nodes are items (one rule at every level): a heading whose words name a section kind
(主要做法, 工作成效, 存在问题, 对策建议 …) is a section; every other node is an item, whether or
not it has items of its own (Measure.has_children; Measure.path and .parent give the tree). A
background or other section that lists practices takes the practice kind; items under a practice
that all report results (``（1）提高了认识``) are effects. An item's kind follows its section:
practice -> measure, result -> effect, problem, plan, background, other. A report without section
words is all practice; a 工作要点 (report_kinds) is all plan, and in a 调研报告 a finding under a
situation section is an effect or a problem by its wording (item_kinds.finding_kind).

Layout noise (wrapped lines, viewer chunk markers, a page without line breaks, a title run into
the preface) is undone before, by clean_text (clean.normalize_layout, module layout_noise).
"""

from __future__ import annotations

from analysis.core.models import Measure, OutlineNode, Structure
from analysis.text.item_kinds import finding_kind, item_vote, title_kind
from analysis.text.outline_enumerations import (
    _enumerations,
)
from analysis.text.outline_families import _lead_items
from analysis.text.outline_lines import (
    _blocks,
    _pdf_width,
    _split_lines,
    _tag_lines,
    _tag_short_headings,
)
from analysis.text.outline_sentences import sentence_items
from analysis.text.outline_shapes import (
    _ITEM_KIND,
    _SECTION_MAX,
    _SECTION_RULES,
    _SPACE_RE,
    _heading_sentence,
    _marker_of,
    _Node,
    _walk,
)
from analysis.text.report_kinds import PLAN_KIND, RESEARCH_KIND, text_kind

# ----------------------------------------------------------------------------- public API


def parse_structure(text: str, hints: tuple[tuple[int, str], ...] = ()) -> Structure:
    """Outline tree and measures of a cleaned report. A parser bug raises: the pipeline logs it,
    shows the report as failed to analyze and does not cache the result (never an empty outline)."""
    return _parse(text, hints)


def classify_section(heading: str) -> str:
    """Section kind (SECTION_KINDS) from a heading's words, e.g. "二、主要做法" -> "practice"."""
    s = (heading or "").strip()
    level, _marker, body = _marker_of(s)
    title = _heading_sentence(s[body:] if level else s)
    return _section_kind(title) or "other"


# ----------------------------------------------------------------------------- pipeline


def _parse(text: str, hints: tuple[tuple[int, str], ...]) -> Structure:
    """The parsing passes in order (see the module docstring)."""
    if not isinstance(text, str) or not text.strip():
        return Structure()
    lines = _split_lines(text)
    _tag_lines(lines, hints)
    width = _pdf_width(lines)
    _tag_short_headings(lines, width)
    nodes, paras, soft = _blocks(text, lines, width)
    nodes = sorted(nodes + _lead_items(text, nodes, paras, soft), key=lambda n: n.start)
    roots = _build_tree(text, nodes)
    preamble_end = roots[0].start if roots else len(text)
    pre_items = _enumerations(text, 0, preamble_end, soft)
    for node in list(_walk(roots)):  # headings and lead items, before enumerations are added
        lo = node.head_end
        hi = node.children[0].start if node.children else node.end
        node.children[:0] = _enumerations(text, lo, hi, soft)
    report_kind = text_kind(text)
    _assign_kinds(roots, pre_items, "plan" if report_kind == PLAN_KIND else "practice")
    if report_kind == RESEARCH_KIND:
        _finding_kinds(roots)
    for node in list(_walk(roots)):
        node.children.extend(sentence_items(text, node, soft))
    roots = pre_items + roots
    measures: list[Measure] = []
    _collect_measures(text, roots, (), measures)
    return Structure(outline=tuple(_freeze(n) for n in roots), measures=tuple(measures))


def _build_tree(text: str, nodes: list[_Node]) -> list[_Node]:
    """Nest nodes by level; a node ends where the next node of its level or higher starts."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for node in nodes:
        while stack and stack[-1].level >= node.level:
            _close(text, stack.pop(), node.start)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    while stack:
        _close(text, stack.pop(), len(text))
    return roots


def _close(text: str, node: _Node, end: int) -> None:
    """Set a node's end, trimming trailing whitespace."""
    end = max(end, node.head_end)
    while end > node.start and text[end - 1].isspace():
        end -= 1
    node.end = end
    node.head_end = min(node.head_end, end)


def _section_kind(title: str) -> str | None:
    """Section kind named by a short heading, or None when it names none."""
    t = _SPACE_RE.sub("", title or "").strip("，,。；;：:、")
    if not t or len(t) > _SECTION_MAX or (len(t) > 12 and any(c in "，," for c in t)):
        return None
    best: tuple[int, int, str] | None = None
    for kind, rx in _SECTION_RULES:
        m = rx.search(t)
        if m and (best is None or (m.start(), -len(m.group())) < best[:2]):
            best = (m.start(), -len(m.group()), kind)
    return best[2] if best else None


def _assign_kinds(roots: list[_Node], pre_items: list[_Node], scope: str) -> None:
    """Set each node's section kind and whether it is an item (see the module docstring).

    `scope` is the kind of an item under no section: "practice", or "plan" in a 工作要点.
    """
    tops = roots
    if len(roots) == 1 and roots[0].children and _section_kind(roots[0].title) is None:
        roots[0].item = False  # one root holding everything: the report's title
        tops = roots[0].children
    for n in tops:
        _assign(n, scope, checking=True, top=True)
    pre_kind = "background" if roots else scope
    for n in pre_items:
        _assign(n, pre_kind, checking=False, top=False)
    for n in _walk(roots):
        _result_children(n)


def _finding_kinds(roots: list[_Node]) -> None:
    """In a 调研报告, a finding under a situation section is an effect or a problem by its words."""
    for n in _walk(roots):
        if n.item and n.kind == "background":
            n.kind = finding_kind(n.title) or n.kind


def _assign(node: _Node, inherited: str, checking: bool, top: bool) -> None:
    """Classify a heading while no ancestor is classified; below that, everything is an item.

    One rule for every level: a heading naming a section kind is a section, any other node is
    an item, whether or not it has items of its own (Measure.has_children tells them apart).
    A background or other section that lists practices (or results) takes that kind.
    """
    kind = (
        _section_kind(node.title)
        if checking and node.source not in ("enum", "lead") and not _practice_below(node, top)
        else None
    )
    if kind is not None:
        if kind in ("background", "other"):
            kind = item_vote([c.title for c in node.children]) or kind
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


def _practice_below(node: _Node, top: bool) -> bool:
    """A heading below the top that opens with a practice verb is an item, whatever words follow:
    "3.2 建立融合成效评价机制" names no 成效 section."""
    return not top and title_kind(node.title) == "practice"


def _result_children(node: _Node) -> None:
    """Items under a practice that all say what it achieved are effects. "（1）提高了认识，…" """
    kids = [c for c in node.children if c.item]
    if (
        node.item
        and node.kind == "practice"
        and len(kids) >= 2
        and item_vote([c.title for c in kids]) == "result"
    ):
        for c in _walk(kids):
            c.kind = "result"


def _collect_measures(
    text: str, nodes: list[_Node], path: tuple[str, ...], out: list[Measure], where: str = ""
) -> None:
    """Measures of every item node, in document order, with their place in the outline tree.

    `path` is the dotted position of the node among its siblings ("2.1.3"), `parent` the path
    of the node above it ("" at the top), `section` the titles of the headings above it.
    """
    for k, n in enumerate(nodes, 1):
        here = f"{where}.{k}" if where else str(k)
        if n.item:
            out.append(
                Measure(
                    title=n.title,
                    level=n.level,
                    kind=_ITEM_KIND.get(n.kind, "other"),
                    section=path,
                    text=text[n.start : n.end],
                    start=n.start,
                    end=n.end,
                    path=here,
                    parent=where,
                    has_children=any(c.item for c in n.children),
                )
            )
        _collect_measures(text, n.children, path + (n.title,), out, here)


def _freeze(n: _Node) -> OutlineNode:
    """Frozen OutlineNode tree from a parsing node."""
    return OutlineNode(
        level=n.level,
        marker=n.marker,
        title=n.title,
        kind=n.kind,
        start=n.start,
        end=n.end,
        children=tuple(_freeze(c) for c in n.children),
    )
