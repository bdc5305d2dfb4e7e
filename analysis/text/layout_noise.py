"""Noise models of a report's layout, undone on lines before the outline is read.

Three kinds of damage, each a pure function on the list of lines (clean_text runs them as one
stage with the unwrapping of hard-wrapped lines, `clean.normalize_layout`):

- viewer chunk markers: a document viewer starts each chunk of text with ``2、``, ``3、`` … at a
  line start, mid-sentence. They run 2, 3, 4 … with no 1 before them, or cut sentences:
  ``…学习 3 次，`` / ``2、组织全院党员…`` (a list number follows a finished sentence and starts
  at 1);
- a page with no line breaks: the outline's markers (``一、`` ``（一）``, and ``1.`` after a
  sentence end) sit inside one long line; where two families meet, or one family continues its
  sequence, a break is put back: ``…全年任务。一、主要工作（一）筑牢思想根基…``;
- a title running into the preface (``…工作总结和明年打算今年以来，某支部…``) or repeated at
  the start of the next line.

Linear in the text length; never raises on any list of str.
"""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十"
_CN_VALUE = {c: i + 1 for i, c in enumerate(_CN)}

# A viewer chunk marker or a list number at a line start: "2、组织全院党员…"
_LINE_NUMBER_RE = re.compile(r"(\d{1,2})、")
# Line ends after which a line starts a new sentence (a real list number may follow).
_SENTENCE_ENDS = frozenset("。！？!?；;：:…”’）)】》")
_CHUNK_MIN_RUN = 2  # chunk markers come in runs
_CHUNK_LONG = 80  # a viewer's chunk is long; a list item rarely is
_HEADING_TAIL = 24  # longest heading ending a line before a number
_CLAUSE_MARKS = frozenset("，,。；;：:！!？?")

# Inline outline markers of a run-on page. Level 1 "一、" (not "统一、", "一、二级"), level 2
# "（一）", level 3 "1." / "1、" only after a sentence end (not "1.5万元", "3、4月份"). Every
# branch opens with a character class (the engine skips fast); what precedes is checked after
# (`_marker_at`).
_RUN_ON_RE = re.compile(
    rf"(?P<l1>[{_CN}]{{1,2}})、(?![{_CN}])"
    rf"|[（(](?P<l2>[{_CN}]{{1,2}})[）)]"
    r"|(?P<l3>\d{1,2})[、．.](?!\d)"
)
# A sentence end then an outline marker: the sign of a run-on line, searched first (cheap: it
# opens with the rare sentence stops). "…全年任务。一、主要工作", "…。（二）推进…", "。2、"
_RUN_ON_HINT_RE = re.compile(
    rf"[。！？!?；;](?:[{_CN}]{{1,2}}、|[（(][{_CN}]|\d{{1,2}}[、．.](?!\d))"
)
_OPENING_LINES = 3  # the first lines are always read whole (a title run into "一、…")
_OPENING_SCAN = 80  # characters of an opening line looked at for a marker (after a title)
# Characters forming a word with a following numeral ("统一、", "第一、", "二十一、"): no marker.
_NOT_BEFORE_L1 = frozenset("统唯之同万单专归合划如逐第其另" + _CN)
_SENTENCE_STOPS = frozenset("。！？!?；;")
# An enumeration right after a heading's words with no punctuation between them:
# "二、存在的问题一是理论学习…" -> "二、存在的问题" / "一是理论学习…"
_HEAD_THEN_ENUM_RE = re.compile(
    rf"^(.{{3,30}}?[^{_CN}第统唯之同万单专归合划如逐其另])(?=[一首]是|首先)"
)
# A section's name run into its body (checked after a marker in a run-on piece): the name, then
# words without punctuation. "存在问题" + "党员作用发挥…", "下步打算" + "持续加强…"
_SECTION_THEN_BODY_RE = re.compile(
    r"(?:主要做法|主要工作|具体做法|工作措施|主要成效|工作成效|取得的成效|基本情况"
    r"|存在的?(?:问题|不足)|问题(?:与|和)不足|(?:下一步|下步|今后|明年)(?:工作)?(?:打算|计划|安排|思路)"
    r"|对策建议|意见建议)(?=[^，,。；;：:、\s）)]{4})"
)
_RUN_ON_MIN = 12  # a shorter line is never a run-on page
# A title's last words, then the preface's first words: "…工作打算" + "今年以来，"
_TITLE_INTO_PREFACE_RE = re.compile(
    r"^(?P<title>[^，,。；;：:！!？?]{6,60}?"
    r"(?:总结|打算|报告|要点|计划|安排|情况|汇报|材料|做法|经验|综述|实践|探索|纪实))"
    r"(?=今年以来|近年来|一年来|半年来|年初以来|今年|本年度|\d{4}年|上半年|下半年"
    r"|[一二三四]季度|第[一二三四]季度|为了?|根据|按照|我们|本人|围绕|自)"
)
_TITLE_MAX = 60


# ---------------------------------------------------------------- viewer chunk markers


def drop_chunk_markers(lines: list[str]) -> tuple[list[str], set[int]]:
    """Remove viewer chunk markers ("2、", "3、" at line starts) and keep real list numbers.

    A run of line-start numbers N、 is chunk markers when it cuts sentences (`_chunk_run`). Returns the lines (same
    count) and the indices of the lines whose marker cut a sentence: like a page break, the
    unwrapping joins them to the line before.
    """
    numbered = []  # (line index, number, cuts a sentence)
    prev = ""
    for i, line in enumerate(lines):
        m = _LINE_NUMBER_RE.match(line)
        if m:
            numbered.append((i, int(m.group(1)), bool(prev) and _cuts_sentence(prev)))
        if line:
            prev = line
    out = list(lines)
    cut: set[int] = set()
    for run in _runs(numbered):
        if not _chunk_run(run, lines):
            continue
        for i, _, mid in run:
            out[i] = _LINE_NUMBER_RE.sub("", out[i], count=1).lstrip()
            if mid:
                cut.add(i)
    return out, cut


def _chunk_run(run: list[tuple[int, int, bool]], lines: list[str]) -> bool:
    """A run of line-start numbers that a viewer inserted: most of them cut sentences and it does
    not start at 1; or, starting at 1 (before a doubled title), every later one cuts a sentence
    and the text from each to the next is a long chunk (also when wrapped), never a list item."""
    cuts = sum(1 for *_, mid in run if mid)
    if len(run) < _CHUNK_MIN_RUN:
        return False
    if run[0][1] != 1:
        return 2 * cuts >= len(run)
    chunks = [sum(map(len, lines[a:b])) for (a, *_), (b, *_) in zip(run, run[1:], strict=False)]
    return all(mid for *_, mid in run[1:]) and all(n >= _CHUNK_LONG for n in chunks)


def _cuts_sentence(prev: str) -> bool:
    """The line before a number ends mid-sentence (not after a sentence end nor a heading:
    "…签订承诺书。二、下一步打算" ends a heading)."""
    if prev[-1] in _SENTENCE_ENDS:
        return False
    tail = prev[max(prev.rfind(c) for c in "。；;！!？?") + 1 :][-_HEADING_TAIL:]
    m = _RUN_ON_RE.match(tail)
    return not (m and _marker_at(tail, m) and not any(c in "，," for c in tail))


def _runs(numbered: list[tuple[int, int, bool]]) -> list[list[tuple[int, int, bool]]]:
    """Consecutive numbers (each the last plus one) as runs."""
    runs: list[list[tuple[int, int, bool]]] = []
    for item in numbered:
        if runs and item[1] == runs[-1][-1][1] + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


# ---------------------------------------------------------------- run-on pages


def split_run_on(lines: list[str]) -> list[str]:
    """Put line breaks back before the outline markers of a page that has none.

    A line is split at its inline markers when it holds markers of two families (一、 and
    （一）) or one family continuing its sequence (一、 … 二、, or 二、 after an 一、 above). A kept
    marker continues its family's sequence through the whole text (a marker opening a line
    counts too), or restarts it at 1 after a marker of the level above.
    """
    if not _may_run_on(lines):
        return lines
    last = {"l1": 0, "l2": 0, "l3": 0}
    out: list[str] = []
    opening = 0  # non-blank lines seen: the first ones may hold a title run into the outline
    for line in lines:
        opening += bool(line)
        if len(line) < _RUN_ON_MIN or (
            opening > _OPENING_LINES and not _RUN_ON_HINT_RE.search(line)
        ):
            m = _RUN_ON_RE.match(line)
            if m and _marker_at(line, m):
                _continues(m, last)
            out.append(line)
            continue
        cuts = _run_on_cuts(line, last, opening <= _OPENING_LINES)
        if not cuts:
            out.append(line)
            continue
        bounds = [0, *cuts, len(line)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            out.extend(_split_heading_enum(line[a:b].strip()))
    return out


def _may_run_on(lines: list[str]) -> bool:
    """A cheap first look: a sentence end followed by a marker somewhere, or a marker inside one
    of the opening lines. Most reports have neither and are left as they are."""
    if _RUN_ON_HINT_RE.search("\n".join(lines)):
        return True
    opening = [line for line in lines[: 3 * _OPENING_LINES] if line][:_OPENING_LINES]
    return any(_RUN_ON_RE.search(line, 1, _OPENING_SCAN) for line in opening)


def _continues(m: re.Match, last: dict[str, int]) -> str:
    """The family of a marker continuing its sequence (updating `last`), "" when it does not."""
    family = m.lastgroup or ""
    raw = m.group(family)
    value = int(raw) if raw.isdigit() else _cn_value(raw)
    if value != last[family] + 1:
        return ""
    last[family] = value
    for lower in ("l1", "l2", "l3")[("l1", "l2", "l3").index(family) + 1 :]:
        last[lower] = 0
    return family


def _marker_at(line: str, m: re.Match) -> bool:
    """What precedes an inline marker lets it be one: not a word's character before 一、, a
    sentence end before 1."""
    before = line[m.start() - 1] if m.start() else ""
    if m.lastgroup == "l1":
        return before not in _NOT_BEFORE_L1 or not before
    if m.lastgroup == "l3":
        return before in _SENTENCE_STOPS and bool(before)
    return True


def _after_heading(line: str, m: re.Match, kept: list[tuple[int, str]]) -> bool:
    """A "1." right after a short heading of a higher level with no punctuation between:
    "一、主要做法1.抓学习教育，…" (the heading runs into its first item)."""
    if m.lastgroup != "l3" or not kept or kept[-1][1] == "l3":
        return False
    if m.start() - kept[-1][0] > _HEADING_TAIL:
        return False
    between = line[kept[-1][0] : m.start()]
    return len(between) <= _HEADING_TAIL and not any(c in _CLAUSE_MARKS for c in between)


def _run_on_cuts(line: str, last: dict[str, int], opening: bool = False) -> list[int]:
    """Positions of the inline markers of a line that continue their family's sequence; in an
    opening line, also a lone 一、 after a sentence end (a preface run into the first heading:
    "…提供了有力保障。 一、坚持理论武装")."""
    before = dict(last)
    kept: list[tuple[int, str]] = []
    for m in _RUN_ON_RE.finditer(line):
        if not (_marker_at(line, m) or _after_heading(line, m, kept)):
            continue
        family = _continues(m, last)
        if family:
            kept.append((m.start(), family))
    families = {f for _, f in kept}
    if opening and len(kept) == 1 and families == {"l1"} and _after_sentence(line, kept[0][0]):
        return [kept[0][0]] if kept[0][0] > 0 else []
    if len(families) < 2 and not any(last[f] > 1 for f in families):
        last.update(before)  # an enumeration in prose, not a run-on outline: the state stays
        return []
    return [pos for pos, _ in kept if pos > 0]


def _after_sentence(line: str, pos: int) -> bool:
    """A sentence end comes before `pos`, spaces aside."""
    before = line[:pos].rstrip()
    return bool(before) and before[-1] in _SENTENCE_STOPS


def _cn_value(cn: str) -> int:
    """Value of a one- or two-character Chinese numeral ("三" -> 3, "十二" -> 12)."""
    if len(cn) == 1:
        return _CN_VALUE.get(cn, 0)
    if cn[0] == "十":
        return 10 + _CN_VALUE.get(cn[1], 0)
    return _CN_VALUE.get(cn[0], 0) * 10 if cn[1] == "十" else 0


def _split_heading_enum(piece: str) -> list[str]:
    """A heading run into its first enumeration or sentence, as two lines: "二、存在的问题一是…",
    "二、存在问题党员作用发挥不够充分。" (a section name, then the body)."""
    head = _RUN_ON_RE.match(piece)
    if not (head and _marker_at(piece, head)):
        return [piece]
    m = _HEAD_THEN_ENUM_RE.match(piece)
    if m and not any(c in _CLAUSE_MARKS for c in m.group(1)):
        return [m.group(1), piece[m.end() :]]
    m = _SECTION_THEN_BODY_RE.match(piece, head.end())
    if m:
        return [piece[: m.end()], piece[m.end() :]]
    return [piece]


# ---------------------------------------------------------------- titles


def split_title(lines: list[str]) -> list[str]:
    """The first line's title apart from a preface it runs into, and a title repeated at the
    start of the next line dropped there ("某医院党委一季度工作总结" / "某医院党委一季度工作总结一、…")."""
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return lines
    out = list(lines)
    title = out[first]
    m = _TITLE_INTO_PREFACE_RE.match(title)
    if m and len(title) > len(m.group("title")) + 10:
        out[first : first + 1] = [m.group("title"), title[m.end() :]]
        return out
    if not 6 <= len(title) <= _TITLE_MAX or any(c in "。！？!?；;，," for c in title):
        return out  # a sentence, not a title
    for i in range(first + 1, len(out)):  # every repeat right after it (blank lines between)
        if out[i] and not out[i].startswith(title):
            break
        out[i] = out[i][len(title) :].lstrip()  # "" when the title line is doubled
        if out[i]:
            break
    return out
