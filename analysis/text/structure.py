"""Report structure: the outline tree of a 公文-style report and its measures (举措).

Input is the cleaned analysis text (lines kept). Levels: 1 = 一、/第一部分, 2 = （一）, 3 = 1.,
4 = （1）/①, 5 = inline enumeration (一是, 首先, 第一, 其一). Word heading hints and WeChat
headings take the level their style or place gives them. The parser works in small passes:

1. split into lines and tag each one: outline marker, Word heading hint, WeChat heading
   (``支部建设齐步走,`` + subtitle, a rhyming set of short lines, ``01`` + title, ``【…】``),
   noise (来源:, 责任编辑:, 编者按 …);
2. group lines into heading blocks and paragraphs, rejoining sentences broken across lines (PDF);
3. paragraphs that open with a short lead phrase (``配强支部班子。将…``) become items when a
   scope holds at least two of them (a parallel set, never a lone sentence);
4. nest headings by level; inside each node's own text find inline enumerations that form a
   valid ordinal sequence (一是 → 二是 …, 首先 → 其次 → 最后) at clause starts;
5. classify sections by heading words and decide which nodes are items.

Titles: a heading's first sentence (``（一）坚持平台共建，促推“立体融合”。一是…`` → up to 。); an
enumeration's words after the marker up to the first clause break (``一是加强组织领导,…`` →
加强组织领导); a lead phrase without its 。.

Which nodes are items (measures, effects …): a heading whose words name a section kind
(主要做法, 工作成效, 存在问题 …) is a section; so is an unclassified top-level heading that has
children (sample 001: ``一、争做…的先锋模范``). Every other node is an item, so both the
``（一）`` headings under 主要做法 and the ``一是`` items under them are measures, while a childless
top-level heading (``一、加强组织领导。…``) is itself a measure. An item's kind follows its
section: practice -> measure, result -> effect, problem, plan, background, other. A report
without section words is all practice.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.core.models import Measure, OutlineNode, Structure

# ----------------------------------------------------------------------------- characters

_CN_DIGITS = "一二三四五六七八九十"
# Sentence terminators; a heading sentence ends at the first one. "坚持平台共建。" / "主要做法："
_TERMINAL = frozenset("。！？!?；;：:…")
# A line ending in one of these clearly continues on the next line. "通过“三会一课”、"
_SOFT_END = frozenset("，,、（(“‘《【—-·")
# Punctuation inside a line that shows it is prose, not a caption. "支部党员活动日" has none.
_INNER_PUNCT = frozenset("，,、。；;：:")
# Closing quotes/brackets that may follow a terminator at line end. "……的“双强”成果。”"
_CLOSERS = frozenset("”’」』）)》】\"'")
# Allowed just before an inline marker that starts a clause. "…工作;二是强化理论学习"
_CLAUSE_BREAKS = frozenset("。；;！!？?，,：:…")
# Skipped between a marker and its title. "第一，强化…" / "1. 加强…"
_MARKER_GAP = " \t\u3000，,、：:.．"
_SPACES = frozenset(" \t\r\u3000\xa0")
# Characters forming a word with a following 一 ("统一是", "之一是", "唯一是"): no enumeration.
_WORD_YI = frozenset("统唯之同万单专归合划如逐第其另十")

_TITLE_LIMIT = 80  # longest heading sentence read as a title
_LONG_TITLE = 40  # a longer heading title is cut at its first comma
_ENUM_LIMIT = 40  # longest enumeration title (words after 一是)
_LEAD_MAX = 16  # longest lead phrase ("发挥战斗堡垒作用。" is 8)

# ----------------------------------------------------------------------------- patterns

# Level 1: Chinese numeral + 、 or a dot, not a list of numerals. "一、主要做法", "十一．其他"
# (not "一、二级党组织").
_L1_RE = re.compile(r"[一二三四五六七八九十]{1,3}(?:、|[.．](?!\d))(?![一二三四五六七八九十])")
# Level 1 too: a numbered part. "第一部分 基本情况", "第二章"
_PART_RE = re.compile(r"第[一二三四五六七八九十]{1,3}(?:部分|章|篇)")
# Level 2: Chinese numeral in brackets. "（一）坚持平台共建", "(二)落实两个同步"
_L2_RE = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")
# Level 3: Arabic number + 、 or a dot, not a decimal or a list. "1.加强组织领导", "2、强化学习"
# (not "1.5万元", "3、4月份").
_L3_RE = re.compile(r"\d{1,2}[、．.](?!\d)")
# Level 4: Arabic number in brackets, with a closing bracket, or circled. "（1）", "2）", "③"
_L4_RE = re.compile(r"[（(]\d{1,2}[）)]|\d{1,2}[）)]|[\u2460-\u2473]")
_MARKERS = ((_PART_RE, 1), (_L1_RE, 1), (_L2_RE, 2), (_L4_RE, 4), (_L3_RE, 3))

# Inline enumeration markers, validated later (clause start, ordinal sequence).
# "一是加强组织领导", "首先，规范组织生活", "第二，强化…", "第三是…", "其一，…"; a PDF line
# break may split 一是/首先 ("…强大磁场。二\n是深入群众解难题"), allowed when the break is soft.
_ENUM_RE = re.compile(
    r"(?=[一二三四五六七八九十首其再最第])"  # fast rejection: every marker starts with one of these
    r"(?:(?P<shi>[一二三四五六七八九十]{1,3})\n?是"
    r"|(?P<seq>首\n?先|其\n?次|再\n?次|最\n?后)"
    r"|第(?P<di>[一二三四五六七八九十]{1,3})(?:是|(?=[，,、：:]))"
    r"|其(?P<qi>[一二三四五六七八九十])(?=[，,、：:]))"
)
# A line that opens with an enumeration marker starts a new paragraph. "二是坚持党建业务同步执行。"
_ENUM_START_RE = re.compile(
    r"[一二三四五六七八九十]{1,3}是|首先|其次|再次|最后"
    r"|第[一二三四五六七八九十]{1,3}[是，,、：:]|其[一二三四五六七八九十][，,、：:]"
)
# Credits, captions and notes: never a heading, an item or part of a sentence.
# "来源:大兴城建兴城投资党支部", "责任编辑：张三", "编者按", "图为支部党员…", "编者的话"
_NOISE_RE = re.compile(
    r"(?:来源|出处|作者|编辑|责任编辑|责编|审核|审校|校对|供稿|撰稿|通讯员|摄影|图片|图文|排版|原标题)"
    r"\s*[:：|｜]|编者按|编者的话|图为|图片来源|\(图\)|（图）"
)
# First line of a WeChat short-line heading: a short phrase ending in a comma.
# "支部建设齐步走," (then the subtitle "在标准化规范化建设上更进一步")
_SHORT_HEAD_RE = re.compile(r"[^，,。；;：:！!？?、\s]{2,15}[，,]")
# Subtitle line of a short-line heading: short, no clause punctuation. "在发挥三个作用上争先一步"
_SUBTITLE_RE = re.compile(r"[^，,。；;：:！!？?]{2,30}")
# A whole short-line heading on one line (when the two lines were joined). "示范引领大步走,在发挥三个作用上争先一步"
_ONE_LINE_HEAD_RE = re.compile(r"[^，,。；;：:！!？?、\s]{2,12}[，,][^，,。；;：:！!？?、\s]{2,18}")
# A candidate member of a rhyming set of heading lines: short, no punctuation. "提质增效快步走"
_RHYME_RE = re.compile(r"[^，,。；;：:！!？?、“”\"\s]{4,12}")
# A WeChat section number on a line of its own, the title on the next line. "01" / "PART 02"
_NUM_LINE_RE = re.compile(r"(?:PART|Part|part|NO\.?|No\.?)?\s?0?\d{1,2}")
# A WeChat heading in lenticular brackets on a line of its own. "【支部建设齐步走】"
_BRACKET_HEAD_RE = re.compile(r"【[^【】\n]{2,20}】")
# Words ending a sentence that announces a list, not a lead phrase. "主要做法如下："
_ANNOUNCE_RE = re.compile(r"(?:如下|是|为|有|包括|以下|方面)$")
# Characters that disqualify a lead phrase: numbers and redactions. "支部现有党员22名。"
_LEAD_BAD_RE = re.compile(r"[0-9０-９*＊×X%％]")
_SPACE_RE = re.compile(r"\s+")
# A stretch of a heading sentence: up to a terminator or a line break. "坚持平台共建，促推“立体融合”"
_HEAD_RUN_RE = re.compile(r"[^。！？!?；;：:…\n]*")
# A stretch of an item title: up to a clause break or a line break. "加强组织领导"
_ITEM_RUN_RE = re.compile(r"[^，,。；;：:！!？?\n]*")

# Section kinds from heading words, checked on short headings only; earliest match wins,
# then the longest. Each rule: (kind, pattern).
_SECTION_RULES = (
    # background: "一、背景情况", "基本情况", "支部概况", "项目简介"
    ("background", re.compile(r"背景|基本情况|基本概况|概况|简介|总体情况|情况介绍|现状")),
    # practice: "主要做法", "具体举措", "经验做法", "工作措施", "工作开展情况", "创建过程"
    (
        "practice",
        re.compile(
            r"做法|举措|措施|主要工作|重点工作|工作开展|开展情况|工作情况|具体工作|创建过程"
            r"|实施过程|实践探索|工作内容|经验|实践路径"
        ),
    ),
    # result: "工作成效", "实施效果", "取得的成绩", "主要成果"
    ("result", re.compile(r"成效|效果|成果|成绩|收获|取得")),
    # problem: "存在问题", "存在的不足", "问题与不足", "短板", "主要问题"
    (
        "problem",
        re.compile(
            r"存在.{0,4}(?:问题|不足)|问题[与和及、](?:不足|原因|短板|差距|困难)|不足[与和及、]问题"
            r"|不足之处|短板|薄弱环节|困难和问题|^(?:主要|突出)?问题$|^不足$"
        ),
    ),
    # plan: "下一步打算", "工作打谱", "今后工作", "2024年工作计划", "努力方向"
    ("plan", re.compile(r"下一步|下步|今后|打算|打谱|计划|展望|工作思路|努力方向|工作重点")),
    # other: "几点体会", "经验启示", "结语"
    ("other", re.compile(r"经验启示|经验体会|体会|启示|思考|结语|结束语|附件|附录|心得|几点认识")),
)
_SECTION_MAX = 20  # a longer heading names a practice, not a section kind
_ITEM_KIND = {
    "practice": "measure",
    "result": "effect",
    "problem": "problem",
    "plan": "plan",
    "background": "background",
    "other": "other",
}

# ----------------------------------------------------------------------------- data


@dataclass
class _Line:
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


@dataclass
class _Node:
    """Mutable outline node used while parsing; frozen into OutlineNode at the end."""

    level: int
    marker: str
    title: str
    start: int
    head_end: int  # end of the title sentence: the node's own text starts here
    end: int
    source: str  # "marker" | "hint" | "short" | "lead" | "enum"
    children: list[_Node] = field(default_factory=list)
    kind: str = "practice"
    item: bool = True


@dataclass
class _Para:
    """A paragraph: one or more lines joined as one sentence flow."""

    start: int
    end: int


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
    _assign_kinds(roots, pre_items)
    roots = pre_items + roots
    measures: list[Measure] = []
    _collect_measures(text, roots, (), measures)
    return Structure(outline=tuple(_freeze(n) for n in roots), measures=tuple(measures))


def _split_lines(text: str) -> list[_Line]:
    """Non-empty lines with the offsets of their stripped text."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(s), s))
        pos += len(raw) + 1
    return lines


def _marker_of(s: str) -> tuple[int, str, int]:
    """(level, marker, index of the text after it) for a line opening with an outline marker."""
    for rx, level in _MARKERS:
        m = rx.match(s)
        if m:
            body = m.end()
            while body < len(s) and s[body] in _MARKER_GAP:
                body += 1
            return level, m.group(), body
    return 0, "", 0


def _tag_lines(lines: list[_Line], hints: tuple[tuple[int, str], ...]) -> None:
    """Tag each line with its outline marker, Word heading level and noise flag."""
    hint_map: dict[str, int] = {}
    for item in hints or ():
        try:
            level, hint_text = int(item[0]), _SPACE_RE.sub("", str(item[1]))
        except (TypeError, ValueError, IndexError):
            continue
        if hint_text and hint_text not in hint_map:
            hint_map[hint_text] = max(1, min(level, 9))
    for ln in lines:
        ln.noise = _NOISE_RE.match(ln.s) is not None
        if not ln.noise:
            ln.level, ln.marker, ln.body = _marker_of(ln.s)
        if hint_map and not ln.noise:
            ln.hint = hint_map.get(_SPACE_RE.sub("", ln.s), 0)
    if hint_map:
        _resolve_hint_levels(lines)


def _resolve_hint_levels(lines: list[_Line]) -> None:
    """Drop a document-title hint and map Word heading levels onto outline levels."""
    hinted = [ln for ln in lines if ln.hint]
    if not hinted:
        return
    first = hinted[0]
    others = [ln.hint for ln in hinted[1:]]
    if not first.level and first is lines[0] and all(first.hint < h for h in others):
        first.hint = 0  # the report's title, styled as a heading: not part of the outline
        hinted = hinted[1:]
    diffs = Counter(ln.level - ln.hint for ln in hinted if ln.level)
    plain = [ln for ln in hinted if not ln.level]
    if not plain:
        return
    offset = diffs.most_common(1)[0][0] if diffs else 1 - min(ln.hint for ln in plain)
    for ln in plain:
        ln.level = max(1, min(4, ln.hint + offset))


def _tag_short_headings(lines: list[_Line], width: int) -> None:
    """Mark WeChat-style short-line headings: comma pairs, one-line pairs and rhyming sets.

    A line wrapped at the page width, or continuing an unfinished line, is never one. Each pass
    tries its (cheap) pattern before the context checks.
    """

    def plain(i: int) -> bool:
        ln = lines[i]
        return not (ln.level or ln.noise or ln.short or (width and len(ln.s) >= width - 3))

    def free(i: int) -> bool:
        return plain(i) and not (i > 0 and _body_continues(lines[i - 1].s, width))

    pairs = []
    for i, ln in enumerate(lines):
        if _SHORT_HEAD_RE.fullmatch(ln.s) and free(i):
            nxt = i + 1 < len(lines) and plain(i + 1)
            sub = nxt and _SUBTITLE_RE.fullmatch(lines[i + 1].s) is not None
            pairs.append((i, sub))
    if len(pairs) >= 2:  # a set of them, never a lone line
        for i, sub in pairs:
            lines[i].short = 1
            if sub:
                lines[i + 1].short = 2
    ones = [
        i
        for i, ln in enumerate(lines)
        if _ONE_LINE_HEAD_RE.fullmatch(ln.s)
        and free(i)
        and i + 1 < len(lines)
        and len(lines[i + 1].s) >= 20
    ]
    if len(ones) >= 2:
        for i in ones:
            lines[i].short = 1
    _tag_sets(lines, free, plain)
    _tag_rhymes(lines, free, plain)


def _tag_sets(lines: list[_Line], free, plain) -> None:
    """Mark numbered ("01" + title line) and bracketed ("【…】") heading lines, two or more."""
    nums = [
        i
        for i, ln in enumerate(lines)
        if _NUM_LINE_RE.fullmatch(ln.s)
        and free(i)
        and i + 1 < len(lines)
        and plain(i + 1)
        and _SUBTITLE_RE.fullmatch(lines[i + 1].s)
    ]
    if len(nums) >= 2:
        for i in nums:
            lines[i].short, lines[i].marker = 1, lines[i].s
            lines[i + 1].short = 2
    brackets = [i for i, ln in enumerate(lines) if _BRACKET_HEAD_RE.fullmatch(ln.s) and free(i)]
    if len(brackets) >= 2:
        for i in brackets:
            lines[i].short = 1


def _tag_rhymes(lines: list[_Line], free, plain) -> None:
    """Mark a set of >= 3 short lines of near-equal length ending in the same character.

    "支部建设齐步走" / "示范引领大步走" / "提质增效快步走", each followed by prose.
    """
    prose = [0]  # prose[i] = number of lines of >= 20 chars among lines[:i]
    for ln in lines:
        prose.append(prose[-1] + (len(ln.s) >= 20))
    groups: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if _RHYME_RE.fullmatch(ln.s) and free(i):
            groups.setdefault(ln.s[-1], []).append(i)
    for members in groups.values():
        if len(members) < 3:
            continue
        lengths = [len(lines[i].s) for i in members]
        if max(lengths) - min(lengths) > 1:
            continue
        # members must be separated by prose, not stacked like a poem or caption list
        bounds = members + [len(lines)]
        if not all(prose[b] > prose[a + 1] for a, b in zip(bounds, bounds[1:], strict=False)):
            continue
        for i in members:
            lines[i].short = 1
            if (
                i + 1 < len(lines)
                and plain(i + 1)
                and i + 1 not in members
                and _SUBTITLE_RE.fullmatch(lines[i + 1].s)
            ):
                lines[i + 1].short = 2


def _pdf_width(lines: list[_Line]) -> int:
    """Typical full line width when the text keeps PDF line breaks (0 when it does not)."""
    lengths = [len(ln.s) for ln in lines if len(ln.s) >= 15]
    if len(lengths) < 6:
        return 0
    mode = Counter(lengths).most_common(1)[0][0]
    near = sum(1 for n in lengths if abs(n - mode) <= 2)
    return mode if near * 3 >= len(lengths) and mode <= 60 else 0


def _ends_terminal(s: str) -> bool:
    """True when a line ends a sentence, possibly followed by closing quotes. "…成果。”" """
    i = len(s) - 1
    while i > 0 and s[i] in _CLOSERS:
        i -= 1
    return s[i] in _TERMINAL


def _joinable(ln: _Line) -> bool:
    """A line that may continue the previous one: no marker, heading, credit or enumeration."""
    return not (ln.level or ln.hint or ln.short or ln.noise or _ENUM_START_RE.match(ln.s))


def _body_continues(s: str, width: int) -> bool:
    """A prose line whose sentence goes on in the next line (broken by a PDF layout)."""
    if s[-1] in _SOFT_END:
        return True
    if _ends_terminal(s):
        return False
    if width and len(s) >= width - 3:
        return True
    return len(s) >= 20 and (len(s) >= 32 or any(c in _INNER_PUNCT for c in s))


def _unbalanced(s: str) -> bool:
    """Open quotes or brackets left unclosed: the heading goes on in the next line."""
    return s.count("“") > s.count("”") or s.count("（") + s.count("(") > s.count("）") + s.count(
        ")"
    )


def _heading_continues(ln: _Line, nxt: _Line, width: int) -> bool:
    """A marker heading broken across lines: "（一）…提升了党建工作标准化规范" + "化水平。…"."""
    content = ln.s[ln.body :]
    if not content:
        return True
    if any(c in _TERMINAL for c in content):
        return _body_continues(ln.s, width)
    if content[-1] in _SOFT_END or _unbalanced(content):
        return True
    return bool(width) and len(ln.s) >= width - 3 and any(c in _TERMINAL for c in nxt.s[:15])


def _blocks(text: str, lines: list[_Line], width: int) -> tuple[list[_Node], list[_Para], set[int]]:
    """Heading nodes and prose paragraphs in order, plus the newlines joined inside sentences."""
    soft: set[int] = set()
    nodes: list[_Node] = []
    paras: list[_Para] = []
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
            title = _SPACE_RE.sub("", text[begin:end]).rstrip("，,").strip("【】")
            level = 2 if has_l1 else 1
            nodes.append(_Node(level, ln.marker, title, ln.start, end, end, "short"))
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
                and _body_continues(lines[last].s, width)
            ):
                soft.add(lines[last].end + _newline_gap(text, lines[last].end))
                last += 1
            paras.append(_Para(ln.start, lines[last].end))
            i = last
        i += 1
    return nodes, paras, soft


def _plain(ln: _Line) -> _Line:
    """A continuation line seen as a heading line without marker (for the join test)."""
    return _Line(ln.start, ln.end, ln.s)


def _newline_gap(text: str, pos: int) -> int:
    """Distance from a line's stripped end to its newline (trailing spaces)."""
    nl = text.find("\n", pos)
    return nl - pos if nl >= 0 else 0


def _heading_node(text: str, ln: _Line, end: int, soft: set[int]) -> _Node:
    """Heading node from a marker or hint line; the title is its first sentence."""
    begin = ln.start + ln.body
    title, stop, char = _clause(text, begin, end, _HEAD_RUN_RE, _TITLE_LIMIT, soft)
    title = _heading_sentence(title)
    head_end = stop + 1 if char else stop
    return _Node(
        ln.level, ln.marker, title, ln.start, head_end, end, "hint" if ln.hint else "marker"
    )


def _heading_sentence(s: str) -> str:
    """Title of a heading: its first sentence, cut at the first comma when very long."""
    cut = len(s)
    for i, c in enumerate(s[: _TITLE_LIMIT + 1]):
        if c in _TERMINAL:
            cut = i
            break
    title = s[: min(cut, _TITLE_LIMIT)].strip()
    if len(title) > _LONG_TITLE:
        for sep in "，,":
            j = title.find(sep)
            if j >= 4:
                title = title[:j]
                break
    return title.strip(" \t\u3000，,、")


def _clause(
    text: str, pos: int, end: int, run: re.Pattern, limit: int, soft: set[int]
) -> tuple[str, int, str]:
    """Read up to `limit` chars from `pos` until a stop char or a hard line break.

    `run` matches a stretch without stops (_HEAD_RUN_RE, _ITEM_RUN_RE). Returns (phrase,
    position reached, stop char or "" when cut by the limit or a break). Newlines inside a
    rejoined sentence (`soft`) are skipped.
    """
    parts: list[str] = []
    n, i = 0, pos
    while i < end and n < limit:
        m = run.match(text, i, min(end, i + limit - n))
        parts.append(m.group())
        n += m.end() - i
        i = m.end()
        if i >= end or n >= limit:
            break
        c = text[i]
        if c != "\n":
            return "".join(parts).replace("\r", "").strip(), i, c
        if i not in soft:
            break
        i += 1
    return "".join(parts).replace("\r", "").strip(), i, ""


def _lead_items(text: str, nodes: list[_Node], paras: list[_Para], soft: set[int]) -> list[_Node]:
    """Items from paragraphs opening with a short lead phrase, two or more per scope.

    "配强支部班子。将政治素质高…" -> item "配强支部班子" (sample 002).
    """
    heads = sorted(nodes, key=lambda n: n.start)
    starts = [n.start for n in heads]
    scopes: dict[int, list[tuple[_Para, str, int]]] = {}
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
            items.append(_Node(level, "", title, p.start, head_end, p.end, "lead"))
    return items


def _lead_phrase(text: str, p: _Para, soft: set[int]) -> tuple[str, int] | None:
    """(lead phrase, end of it) when a paragraph opens with a short phrase ending in 。 or ："""
    if _ENUM_START_RE.match(text, p.start):
        return None  # "一是…" paragraphs are enumerations
    title, stop, char = _clause(text, p.start, p.end, _ITEM_RUN_RE, _LEAD_MAX + 1, soft)
    if char not in ("。", "：", ":") or not 2 <= len(title) <= _LEAD_MAX:
        return None
    if char != "。" and _ANNOUNCE_RE.search(title):
        return None
    if _LEAD_BAD_RE.search(title) or p.end - stop < 9:
        return None
    return title, stop + 1


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


def _walk(nodes: list[_Node]):
    """All nodes depth-first, parents before children (snapshot of the current tree)."""
    for n in list(nodes):
        yield n
        yield from _walk(n.children)


# ----------------------------------------------------------------------------- enumerations


@lru_cache(maxsize=512)
def _ordinal(cn: str) -> int:
    """Value of a small Chinese numeral: "三" -> 3, "十二" -> 12, "二十" -> 20 (0 if malformed)."""
    digits = {c: i + 1 for i, c in enumerate(_CN_DIGITS)}
    if "十" not in cn:
        return digits.get(cn, 0) if len(cn) == 1 else 0
    tens, _, ones = cn.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return 0
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


_SEQ_ORDINALS = {"首先": 1, "其次": 2, "再次": 3, "最后": -1}


def _enum_key(m: re.Match) -> tuple[str, int]:
    """(family, ordinal) of an enumeration marker; 最后 has ordinal -1 (closes a sequence)."""
    family = m.lastgroup or "seq"
    value = m.group(family)
    if family == "seq":
        return family, _SEQ_ORDINALS.get(value.replace("\n", ""), 0)
    return family, _ordinal(value)


def _at_clause_start(text: str, i: int, lo: int, soft: set[int]) -> bool:
    """True when position `i` starts a clause: after punctuation, a line break or the span start."""
    j = i - 1
    while j >= lo and (text[j] in _SPACES or (text[j] == "\n" and j in soft)):
        j -= 1
    return j < lo or text[j] == "\n" or text[j] in _CLAUSE_BREAKS


def _sequences(text: str, lo: int, hi: int, soft: set[int]) -> list[tuple[list[re.Match], int]]:
    """Valid enumeration sequences in text[lo:hi]: [markers], and where a restart cut the last.

    A sequence starts at 一是/首先/第一/其一 and goes on with the next ordinal; 最后 ends a
    首先 sequence. Sequences of fewer than two items are dropped.
    """
    done: list[tuple[list[re.Match], int]] = []
    open_: dict[str, tuple[list[re.Match], int]] = {}  # family -> (markers, last ordinal)
    for m in _ENUM_RE.finditer(text, lo, hi):
        family, n = _enum_key(m)
        nl = m.group().find("\n")
        if nl >= 0 and m.start() + nl not in soft:
            continue  # split by a real paragraph break
        if not _at_clause_start(text, m.start(), lo, soft) and not (
            # "支部一是加强组织领导；二是…": a first 一是 may follow the subject directly
            family == "shi" and n == 1 and m.start() > lo and text[m.start() - 1] not in _WORD_YI
        ):
            continue
        cur, last = open_.get(family, (None, 0))
        if n == 1:
            if cur:
                done.append((cur, m.start()))
            open_[family] = ([m], 1)
        elif cur and n == -1 and family == "seq":
            cur.append(m)  # 最后 closes the sequence
            done.append((cur, hi))
            del open_[family]
        elif cur and last < n <= last + 2:
            # the next ordinal, or the one after when a marker was lost (garbled, OCR)
            cur.append(m)
            open_[family] = (cur, n)
    done.extend((cur, hi) for cur, _ in open_.values())
    return sorted((s for s in done if len(s[0]) >= 2), key=lambda s: s[0][0].start())


def _enumerations(text: str, lo: int, hi: int, soft: set[int]) -> list[_Node]:
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
    placed: list[_Node] = []
    starts: list[int] = []  # starts of `placed`, for bisect
    for markers, cut in seqs:
        first, last = markers[0].start(), markers[-1].start()
        host = _host(placed, starts, first, last)
        if host is False:
            continue  # overlaps an earlier sequence without nesting in it
        limit = host.end if host else hi
        items = []
        for k, m in enumerate(markers):
            if k + 1 < len(markers):
                end = markers[k + 1].start()
            else:
                j = bisect.bisect_right(hard, m.start())
                end = min(hard[j] if j < len(hard) else hi, cut, limit)
            items.append(_enum_node(text, m, end, soft))
        if host:
            host.children.extend(items)
        else:
            placed.extend(items)
            starts.extend(n.start for n in items)
    return placed


def _host(placed: list[_Node], starts: list[int], first: int, last: int) -> _Node | None | bool:
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


def _enum_node(text: str, m: re.Match, end: int, soft: set[int]) -> _Node:
    """One enumeration item; its title runs from after the marker to the first clause break."""
    i = m.end()
    while i < end and text[i] in _MARKER_GAP:
        i += 1
    title, stop, char = _clause(text, i, end, _ITEM_RUN_RE, _ENUM_LIMIT, soft)
    end = max(end, m.end())
    while end > m.start() and text[end - 1].isspace():
        end -= 1
    head_end = min(stop + 1 if char else stop, end)
    return _Node(5, m.group(), title, m.start(), max(head_end, m.end()), end, "enum")


# ----------------------------------------------------------------------------- kinds and output


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


def _assign_kinds(roots: list[_Node], pre_items: list[_Node]) -> None:
    """Set each node's section kind and whether it is an item (see the module docstring)."""
    tops = roots
    if len(roots) == 1 and roots[0].children and _section_kind(roots[0].title) is None:
        roots[0].item = False  # one root holding everything: the report's title
        tops = roots[0].children
    for n in tops:
        _assign(n, "practice", checking=True, top=True)
    pre_kind = "background" if roots else "practice"
    for n in pre_items:
        _assign(n, pre_kind, checking=False, top=False)


def _assign(node: _Node, inherited: str, checking: bool, top: bool) -> None:
    """Classify a heading while no ancestor is classified; below that, everything is an item."""
    kind = _section_kind(node.title) if checking and node.source not in ("enum", "lead") else None
    if kind is not None:
        node.kind, node.item = kind, False
        for c in node.children:
            _assign(c, kind, checking=False, top=False)
        return
    node.kind = inherited
    node.item = not (top and node.children)
    for c in node.children:
        _assign(c, inherited, checking=checking and not node.item, top=False)


def _collect_measures(
    text: str, nodes: list[_Node], path: tuple[str, ...], out: list[Measure]
) -> None:
    """Measures of every item node, in document order, with the titles of their ancestors."""
    for n in nodes:
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
                )
            )
        _collect_measures(text, n.children, path + (n.title,), out)


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
