"""The outline parser, its one entry (`parse_structure`): the outline tree of a 公文-style report
and its measures (举措).

Input is the cleaned analysis text (lines kept). Levels: 1 = 一、/第一部分, 2 = （一）, 3 = 1.,
4 = （1）/① and paragraphs opening with 首先，/第一， in sequence, 5 = inline enumeration (一是,
首先, 第一, 其一). Word heading hints and WeChat headings take the level their style or place gives
them. The passes, one module each (lines, families, closings, blocks, leads, tree,
enumerations, sections, sentences; shared words in patterns, nodes and phrases):

1. split into lines; a whole outline run together in one line (web page, flat PDF) is split at
   inline markers that form an ordinal sequence (``…贡献。 一、… 1、… 2、…``);
2. tag each line: outline marker, Word heading hint, the title line, decimal heading (``2.1 …``),
   a bare heading line over its body (``深化党建业务融合，服务中心工作``),
   numeral-verb heading set (``一抓…`` / ``二抓…``, ``一要``, ``一强化``), closing paragraphs
   (closings: ``存在的不足：…``, ``…也存在…等问题。``, ``下一步，…一要…``), ordinal heading
   (``首先，…`` / ``第一，…``), WeChat heading (``支部建设齐步走,`` + subtitle, ``A，B`` heading
   lines, a parallel set by its ending or its opening words, ``01`` + title, ``【…】``), noise
   (来源:, 编者按 …, a table of contents at the top);
3. group lines into heading blocks and paragraphs, rejoining sentences broken across lines (PDF);
4. paragraphs that open with a short lead phrase (``配强支部班子。将…``) or a two-clause lead
   sentence (``建强村级班子，筑牢战斗堡垒。支部…``) become items when a scope holds two or more;
5. nest headings by level; inside each node's own text find inline enumerations that form a
   valid ordinal sequence (一是 → 二是 …, 首先 → 其次 → 最后) at clause starts, or a lone 一是;
6. classify sections by heading words, weighed by what their items say; a results, problems or
   plans section with no item of its own gets one item per sentence (sentences:
   ``二、存在的问题\\n党员队伍老龄化问题比较突出。``); collect the items.

Titles: a heading's first sentence, quotes kept whole (``建立“聚人成‘林’，护‘庄’战疫”行动支部``);
an enumeration's words after the marker up to the first clause break (``一是加强组织领导,…``), or
its two-clause heading sentence when it opens a paragraph with a body after it (述职报告) or holds
a run of its own; a period label stays before its colon (``一季度：聚焦…``); a lead phrase without
its 。.

Which nodes are items (one rule at every level): a heading whose words name a section kind
(主要做法, 工作成效, 存在问题, 对策建议 …) is a section; every other node is an item, whether or
not it has items of its own (Measure.has_children; Measure.path and .parent give the tree). A
background or other section that lists practices takes the practice kind; items under a practice
that all report results (``（1）提高了认识``) are effects. An item's kind follows its section:
practice -> measure, result -> effect, problem, plan, background, other. A report without section
words is all practice; a 工作要点 (report_kinds) is all plan (its 重点任务 and 保障措施 too), and in
a 调研报告 a finding under a situation or results section is an effect or a problem by its wording
(item_kinds.finding_kind); a notice's field lines (会议时间, 参会人员 …) are no items at all.

Layout noise (wrapped lines, also a narrow column, viewer chunk markers, a page without line
breaks, a title run into the preface) is undone before, by clean_text (clean.normalize_layout:
modules layout_noise and unwrap).
"""

from __future__ import annotations

from analysis.core.models import Measure, Structure
from analysis.text.outline.blocks import blocks
from analysis.text.outline.enumerations import inline_enumerations
from analysis.text.outline.leads import lead_items
from analysis.text.outline.lines import pdf_width, split_lines, tag_lines, tag_short_headings
from analysis.text.outline.nodes import walk
from analysis.text.outline.phrases import heading_sentence, marker_of
from analysis.text.outline.sections import assign_kinds, finding_kinds, run_kinds, section_kind
from analysis.text.outline.sentences import sentence_items
from analysis.text.outline.tree import build_tree, collect_measures, freeze
from analysis.text.report_kinds import PLAN_KIND, RESEARCH_KIND, body_kind, is_notice, text_kind

# ----------------------------------------------------------------------------- public API


def parse_structure(text: str, hints: tuple[tuple[int, str], ...] = ()) -> Structure:
    """Outline tree and measures of a cleaned report. A parser bug raises: the pipeline logs it,
    shows the report as failed to analyze and does not cache the result (never an empty outline)."""
    if not isinstance(text, str) or not text.strip():
        return Structure()
    return _parse(text, hints)


def classify_section(heading: str) -> str:
    """Section kind (SECTION_KINDS) from a heading's words, e.g. "二、主要做法" -> "practice"."""
    s = (heading or "").strip()
    level, _marker, body = marker_of(s)
    title = heading_sentence(s[body:] if level else s)
    return section_kind(title) or "other"


# ----------------------------------------------------------------------------- pipeline


def _parse(text: str, hints: tuple[tuple[int, str], ...]) -> Structure:
    """The parsing passes in order (see the module docstring)."""
    lines = split_lines(text)
    tag_lines(lines, hints)
    width = pdf_width(lines)
    tag_short_headings(lines, width)
    nodes, paras, soft = blocks(text, lines, width)
    nodes = sorted(nodes + lead_items(text, nodes, paras, soft), key=lambda n: n.start)
    roots = build_tree(text, nodes)
    preamble_end = roots[0].start if roots else len(text)
    pre_items = inline_enumerations(text, 0, preamble_end, soft)
    for node in list(walk(roots)):  # headings and lead items, before enumerations are added
        lo = node.head_end
        hi = node.children[0].start if node.children else node.end
        node.children[:0] = inline_enumerations(text, lo, hi, soft)
    report_kind = text_kind(text) or body_kind(text)  # no title naming a kind: the body's shape
    scope = "plan" if report_kind == PLAN_KIND else "practice"
    assign_kinds(roots, pre_items, "other" if is_notice(text) else scope)
    if report_kind == RESEARCH_KIND:
        finding_kinds(roots)
    run_kinds(pre_items + roots)
    for node in list(walk(roots)):
        node.children.extend(sentence_items(text, node, soft))
    roots = pre_items + roots
    measures: list[Measure] = []
    collect_measures(text, roots, (), measures)
    return Structure(outline=tuple(freeze(n) for n in roots), measures=tuple(measures))
