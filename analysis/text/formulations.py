"""Numbered formulations (提法) such as 三会一课 and named initiatives such as “红色管家”.

Where a formulation is found:
- anywhere, a numbered term of the known list (三会一课, 一岗双责 …): data/formulations.txt, or
  the user's edit of it (resource `formulations`, 已知提法), passed in as `known`;
- anywhere, three or more "number + 1-2 characters" groups (六同四化三过硬, 一站一馆一廊一区一基地)
  and digit formulas with a letter (1＋N);
- in quotes, any numbered term (“五个融合”, “六有”, “345”党建工程, “一二三四五”) and ordinal
  ones (“第一议题”); a term of the known list without a number word (交叉任职) only in quotes;
- at the head of an outline heading, "verb + numbered phrase" (（一）坚持一个引领，…).

A quoted term that is not numbered is a named initiative when the quoted text or its context
marks it as one (analysis/text/formulation_context.py: brand and genre endings, the curated
lexicon data/named_terms.txt, the lead of a sentence, a naming noun after it, a practice verb
before it, the frame 以“…”, a role); a plain member of a quoted series whose other members are
formulations (“三会一课”、“主题党日”、“双报到”); a quoted 、-series of parallel phrases framed as
one slogan (坚持“统一领导、分级负责”的原则), kept whole, never cut at the 、. A hard wrap inside
quotes (“勤廉\n实干”) is joined. Quoted sentences (inner punctuation), long phrases (> 12
characters), single characters (“零”), redacted text and honours (获评县级“…”, “…”评选) are never
initiatives. Counts are occurrences in the report with quotes ignored. Terms are shown with the
full-width plus (1＋N). Linear time; never raises on any str.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from functools import cached_property, lru_cache

import ahocorasick

from analysis.core.models import Formulation
from analysis.core.numbers import CN_NUMERAL_CHARS, fold
from analysis.text import formulation_context as ctx
from analysis.text import formulation_words as words
from analysis.text.hard_wraps import JoinedText
from analysis.text.known_formulations import (  # the known list lives there; re-exported
    FORMULATIONS_FILE,  # noqa: F401
    MAX_KNOWN,  # noqa: F401
    MAX_TERM,
    known_problems,  # noqa: F401
    load_known,
    parse_known,  # noqa: F401
)

logger = logging.getLogger(__name__)


# Number words that open a numbered formulation (双 as in 双报到, 一岗双责).
_NUM = "一二两三四五六七八九十双"
_CJK = "\u4e00-\u9fff"

# Quoted text, one quote style at a time, e.g. “三会一课”, 「红色管家」, "1+N".
# A hard wrap (PDF text) may cut a quoted term once: “勤廉\n实干” is one term.
_QUOTE_RE = re.compile(
    r"“([^“”\n]{1,40}(?:\n[^“”\n]{1,40})?)”|「([^「」\n]{1,40}(?:\n[^「」\n]{1,40})?)」"
    r"|『([^『』\n]{1,40}(?:\n[^『』\n]{1,40})?)』|‘([^‘’\n]{1,40}(?:\n[^‘’\n]{1,40})?)’"
    r'|"([^"\n]{1,40})"'
)
# A line break and the spaces around it, removed from a quoted term cut by a hard wrap.
_WRAP_RE = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
# Quote characters, removed before counting so “三会一课” and 三会一课 count alike.
_QUOTE_CHAR_RE = re.compile('[“”「」『』‘’"]')
# One "number + 1-2 characters" group, e.g. "六同", "三过硬".
_GROUP = rf"[{_NUM}](?:(?![{_NUM}])[{_CJK}]){{1,2}}"
# Three to six groups, e.g. "六同四化三过硬", "一月一处一提升", not preceded by a number word. The
# pattern opens with the number character itself (its lookbehind after it), so the engine jumps
# between number characters in C instead of trying a match at every position (5x faster).
_REPEATED_RE = re.compile(
    rf"[{_NUM}](?<![{_NUM}]{{2}})(?:(?![{_NUM}])[{_CJK}]){{1,2}}(?:{_GROUP}){{2,5}}"
)
# The same shape as a whole term, two to six groups, e.g. "三会一课", "一岗双责".
_REPEATED_TERM_RE = re.compile(rf"(?:{_GROUP}){{2,6}}")
# Two one-character groups, the first number not 一: 两票三制, 三会一课, 两学一做 (unquoted; not a
# count such as 三人一组, 两天一夜, nor an enumerator such as 二是两新).
_PAIR_RE = re.compile(
    rf"[二两三四五六七八九十双](?<![{_NUM}]{{2}})([^{_NUM}\W\d])[{_NUM}]([^{_NUM}\W\d])(?![{_NUM}])"
)
_PAIR_NOT_FIRST = frozenset(words.COUNT_UNITS + words.CLASSIFIERS + "年月日天周岁号期届是要抓强")
_PAIR_NOT_SECOND = frozenset(words.COUNT_UNITS + "年月日天周岁号期届")
# A digit formula with a letter, unquoted, e.g. "1+N", "1+X" (not "1+1", not "A1+N2"); opens with
# its first digit for speed, as _REPEATED_RE.
_FORMULA_RE = re.compile(r"\d(?<![A-Za-z\d+]\d)\d?(?:\+(?:\d{1,2}|[NXnx])){1,3}(?![A-Za-z\d+])")
# A digit formula as a whole term, e.g. "1+N", "3+2+N", "X+3" (a letter first, then digits).
_FORMULA_TERM_RE = re.compile(r"\d{1,3}(?:\+(?:\d{1,3}|[A-Za-z]))+|[A-Za-z](?:\+\d{1,3})+")
# An ordinal and a short noun, e.g. "第一议题", "第一责任人" (not "第一道防线", "第三次").
_ORDINAL_TERM_RE = re.compile(
    rf"第[一二三四五六七八九十]{{1,2}}(?![道个次名位批届期年月日天周季号条款项章节])[{_CJK}]{{2,4}}"
)
# Digits then a short name, e.g. "345党建工程".
_DIGIT_NAME_RE = re.compile(rf"\d{{1,6}}[{_CJK}]{{2,6}}")
# An outline heading's first clause, e.g. "（一）坚持一个引领，" -> "坚持一个引领".
_HEADING_RE = re.compile(
    rf"^[ \t]*(?:[（(][一二三四五六七八九十\d]{{1,3}}[)）]|[一二三四五六七八九十]{{1,3}}[、.]"
    rf"|\d{{1,2}}[、.](?!\d))[ \t]*([{_CJK}]{{3,12}})(?=[，,。；;：:！!？?\s]|$)",
    re.MULTILINE,
)
# A brand noun after a quoted digit term that belongs to the name, e.g. “345”党建工程.
_NAME_SUFFIX_RE = re.compile(rf"[{_CJK}]{{0,3}}?(?:工程|工作法|模式|机制|行动|体系|战略|计划|品牌)")
# Separators of the items of a quoted list, e.g. "、" in “党建强、业务强”.
_PIECE_SPLIT_RE = re.compile(r"[、，,；;\s]+")
# Sentence punctuation or spaces inside quotes: a sentence, not a term.
_INNER_PUNCT_RE = re.compile(r"[，,。；;：:！!？?、…—\s/（）()《》*×]")
# A number word or digit: a known term without one is an ordinary phrase unless quoted.
_NUMBER_CHAR_RE = re.compile(rf"[{_NUM}{CN_NUMERAL_CHARS}\d]")
# A series member made of CJK only, and function words that make a member a sentence.
_CJK_ONLY_RE = re.compile(rf"[{_CJK}]+")
_CJK_CHAR_RE = re.compile(rf"[{_CJK}]")
_SENTENCE_WORD_RE = re.compile("[了我你他她们的吗吧呢]")
_SERIES_MEMBER_MAX = 8  # a plain sibling of a quoted series is a short name


@lru_cache(maxsize=4)
def _automaton(terms: frozenset[str]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton over a known list, built once per list."""
    if not terms:
        return None
    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    automaton.make_automaton()
    return automaton


def _numeral_run(t: str) -> int:
    """Length of the leading Chinese-numeral run of `t` ("十六字方针" -> 2)."""
    n = 0
    while n < len(t) and t[n] in CN_NUMERAL_CHARS:
        n += 1
    return n


def _is_cjk_numbered(t: str) -> bool:
    """A CJK term that starts with a number word: 五个融合, 三大工程, 六有, 三会一课, 五方共建."""
    if t[0] not in _NUM or t.startswith(("十分", "十足")) or t in words.IDIOMS:
        return False
    if _REPEATED_TERM_RE.fullmatch(t):
        return True
    n = max(_numeral_run(t), 1)
    rest = t[n:]
    if not rest or rest.startswith(words.TIME_WORDS) or rest[0] in words.COUNT_UNITS:
        return False
    if rest[0] in words.CLASSIFIERS and 1 <= len(rest) - 1 <= 5:
        return True
    return n == 1 and t[0] != "一" and len(rest) <= 3


def is_numbered_formulation(term: str, known: frozenset[str] | None = None) -> bool:
    """True for a numbered formulation such as 三会一课, 五个融合, 六有, 1＋N, 345党建工程
    (`known`: the known list, the shipped one when None)."""
    if not isinstance(term, str):
        return False
    known = load_known() if known is None else known
    return _is_numbered(fold(term).strip().strip('“”"‘’「」『』'), known)


@lru_cache(maxsize=8192)
def _is_numbered(t: str, known: frozenset[str]) -> bool:
    """is_numbered_formulation on a folded, unquoted term (cached: reports repeat their terms)."""
    if not t or len(t) > MAX_TERM:
        return False
    if t in known:
        return True
    if _FORMULA_TERM_RE.fullmatch(t):
        return True
    if t.isdigit() and t.isascii():
        return 2 <= len(t) <= 6 and not (len(t) == 4 and t[:2] in ("19", "20"))
    if _DIGIT_NAME_RE.fullmatch(t):
        rest = t.lstrip("0123456789")
        return not (
            rest.startswith(words.TIME_WORDS) or rest[0] in words.COUNT_UNITS + words.DIGIT_UNITS
        )
    if _ORDINAL_TERM_RE.fullmatch(t):
        return t not in words.ORDINARY  # “第一议题”, not 第一书记
    if all(c in CN_NUMERAL_CHARS for c in t):
        return len(t) >= 3 and all(c in "一二三四五六七八九" for c in t)  # "一二三四五"
    if not re.fullmatch(rf"[{_CJK}]+", t):
        return False
    return _is_cjk_numbered(t)


def _display(term: str) -> str:
    """The shown form of a term: full-width plus, as in the reports ("1+N" -> "1＋N")."""
    return term.replace("+", "＋")


def _quote_groups(folded: str) -> list[list[re.Match[str]]]:
    """Quoted spans grouped into lists (“A”、“B”等…) so a noun after the list names them all."""
    groups: list[list[re.Match[str]]] = []
    for m in _QUOTE_RE.finditer(folded):
        if groups and folded[groups[-1][-1].end() : m.start()] in words.LIST_GAPS:
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _content(m: re.Match[str]) -> str:
    """The text inside the quotes of a quote match, a hard wrap inside it joined."""
    inner = m[m.lastindex or 0] or ""  # one group per quote style: the one that matched
    return (_WRAP_RE.sub("", inner) if "\n" in inner else inner).strip()


def _numbered_pieces(
    content: str, start: int, known: frozenset[str]
) -> list[tuple[str, int, int, bool]]:
    """Numbered items of a quoted list: “支部建在部门，双向进入，交叉任职，双责双考” -> 双责双考."""
    pieces = _PIECE_SPLIT_RE.split(content)
    if len(pieces) < 2 or "*" in content:
        return []
    end = start + len(content) + 2
    return [
        (p, start, end, True)
        for p in pieces
        if 2 <= len(p) <= MAX_TERM and _NUMBER_CHAR_RE.search(p) and _is_numbered(p, known)
    ]


def _numbered_honour(content: str, prev: str, after: str, known: frozenset[str]) -> bool:
    """A numbered shape awarded as a title: 获评“四强”党支部, 创建市级“五星社区”, 评选“五星党员”8名
    (not a standard that qualifies the award: 评选“四有”好老师, 创建区级“一校一品”党建品牌; not
    对标“六强”支部; a term of the known list never is)."""
    if content in known or not ctx.awarded(prev):
        return False
    if content.endswith(words.HONOUR_ORGS + ("社区",)):
        return True
    clause = ctx.clause_after(after)
    return clause.startswith(words.HONOUR_ORGS) or not _CJK_CHAR_RE.match(clause)


def _quoted_term(
    folded: str, m: re.Match[str], prev: str, after: str, known: frozenset[str], before: str
) -> list[tuple[str, int, int, bool]]:
    """The formulation(s) of one quoted span, judged on its own and its list's context (`before`:
    the text before the list, `prev` its part after any quote before)."""
    content = _content(m)
    if _INNER_PUNCT_RE.search(content):
        if ctx.is_series_name(content, prev, after):
            return [(content, m.start(), m.end(), False)]  # kept whole, not cut at its 、
        return _numbered_pieces(content, m.start(), known)
    too_long = len(content) > MAX_TERM and not ctx.is_plus_name(content)
    if not content or too_long or content in words.ORDINARY:
        return []  # an honour, numbered or not: “五星支部”
    if _is_numbered(content, known):
        if _numbered_honour(content, prev, after, known):
            return []
        term, end = content, m.end()
        if content.isdigit():  # “345”党建工程 is one name; “1+N”模式 stays 1+N
            suffix = _NAME_SUFFIX_RE.match(folded, m.end())
            if suffix and suffix.end() - m.end() <= 6:
                term, end = content + suffix.group(), suffix.end()
        return [(term, m.start(), end, True)]
    if ctx.is_initiative(content, prev, after, before):
        return [(content, m.start(), m.end(), False)]
    return []


def _series_member(content: str) -> bool:
    """Whether an unjudged member of a quoted series can be a name like its siblings (not a
    sentence: “Ta改变了我” has a pronoun and 了)."""
    return (
        len(content) <= _SERIES_MEMBER_MAX
        and _CJK_ONLY_RE.fullmatch(content) is not None
        and not _SENTENCE_WORD_RE.search(content)
        and ctx.name_signal(content) is None
    )


def _quoted_candidates(
    folded: str, known: frozenset[str], wraps: JoinedText
) -> list[tuple[str, int, int, bool]]:
    """(term, start, end, numbered) for quoted formulations and initiatives.

    In a series of quoted terms (“三会一课”、“主题党日”、“双报到”) a member found as a formulation
    makes its plain siblings formulations too: the writer lists them as the same kind of thing.
    """
    out: list[tuple[str, int, int, bool]] = []
    for group in _quote_groups(folded):
        start, end = wraps.joined_offset(group[0].start()), wraps.joined_offset(group[-1].end())
        before = wraps.joined[max(0, start - ctx.PREV_WINDOW) : start]  # hard wraps joined
        prev = before.rsplit("”", 1)[-1]  # the context of a quote ends at the quote before it
        after = wraps.joined[end : end + 16]
        found = [_quoted_term(folded, m, prev, after, known, before) for m in group]
        if len(group) > 1 and any(found):
            for i, m in enumerate(group):
                if not found[i] and _series_member(content := _content(m)):
                    found[i] = [(content, m.start(), m.end(), False)]
        out.extend(c for terms in found for c in terms)
    return out


def _heading_candidates(folded: str) -> list[tuple[str, int, int, bool]]:
    """Numbered phrases closing a heading's first clause, e.g. （二）落实两个同步 -> 两个同步."""
    out: list[tuple[str, int, int, bool]] = []
    for m in _HEADING_RE.finditer(folded):
        clause = m.group(1)
        for i in range(1, 4):
            tail = clause[i:]
            if not 3 <= len(tail) <= 5 or tail[0] not in _NUM:
                continue
            if tail[0] == "一" and tail[1] != "个":
                continue  # 一体, 一线, 一流 … are words, 一个引领 is a formulation
            if _is_cjk_numbered(tail):
                out.append((tail, m.start(1) + i, m.end(1), True))
            break
    return out


def _is_pair_term(m: re.Match[str]) -> bool:
    """Whether a two-group match of _PAIR_RE is a formulation: CJK groups that are no count,
    date or enumerator word, and no idiom."""
    first, second = m.group(1), m.group(2)
    if not (_CJK_ONLY_RE.fullmatch(first + second) and m.group() not in words.IDIOMS):
        return False
    if first in _PAIR_NOT_FIRST or second in _PAIR_NOT_SECOND:
        return False
    return m.group()[2:] not in words.ONE_WORDS  # 两手一起(抓)


def _pattern_candidates(folded: str, known: frozenset[str]) -> list[tuple[str, int, int, bool]]:
    """Unquoted known terms, repeated number groups and digit formulas."""
    out: list[tuple[str, int, int, bool]] = []
    automaton = _automaton(known)
    if automaton is not None:
        for end, term in automaton.iter_long(folded):
            if _NUMBER_CHAR_RE.search(term):  # an unnumbered phrase (交叉任职) counts only quoted
                out.append((term, end - len(term) + 1, end + 1, True))
    for m in _REPEATED_RE.finditer(folded):
        if m.group() not in words.IDIOMS:
            out.append((m.group(), m.start(), m.end(), True))
    longer = tuple(
        sorted((s, e) for _, s, e, _ in out)
    )  # a pair inside them is a part: 四议两公(开)
    for m in _PAIR_RE.finditer(folded):
        inside = in_spans(longer, m.start()) or in_spans(longer, m.end() - 1)
        if _is_pair_term(m) and not inside:
            out.append((m.group(), m.start(), m.end(), True))
    for m in _FORMULA_RE.finditer(folded):
        if re.search(r"[A-Za-z]", m.group()):
            out.append((m.group(), m.start(), m.end(), True))
    out.extend((*model, False) for model in ctx.plus_models(folded))
    return out


def _outside_quoted_names(
    patterns: list[tuple[str, int, int, bool]], quoted: list[tuple[str, int, int, bool]]
) -> list[tuple[str, int, int, bool]]:
    """Pattern detections not inside a longer quoted name: 双向进入 in “双向进入、交叉任职” is a
    part of that name, not a formulation of its own."""
    names = sorted((s, e, t) for t, s, e, _ in quoted)
    starts = [s for s, _, _ in names]
    out = []
    for c in patterns:
        i = bisect_right(starts, c[1])
        inside = any(s <= c[1] and c[2] <= e and c[0] != t for s, e, t in names[max(0, i - 4) : i])
        if not inside:
            out.append(c)
    return out


def _candidates(
    folded: str, known: frozenset[str], wraps: JoinedText
) -> list[tuple[str, int, int, bool]]:
    """Every detection of a formulation or initiative in folded text (`wraps`: the same text with
    its hard wraps joined, for the context of quotes): (term, start, end, numbered)."""
    quoted = _quoted_candidates(folded, known, wraps)
    patterns = _outside_quoted_names(_pattern_candidates(folded, known), quoted)
    return quoted + _heading_candidates(folded) + patterns


class FoldedText:
    """A text folded once, its formulation candidates found once (on first use).

    The pipeline passes one FoldedText to extract_indicators and extract_formulations: both read
    the folded text, and indicators skip the numbers inside numbered formulations. `known` is the
    known list (`parse_known` of the resources); None: the shipped one.
    """

    def __init__(self, text: str, known: frozenset[str] | None = None):
        self.text = text
        self.folded = fold(text)
        self.known = load_known() if known is None else known

    @cached_property
    def candidates(self) -> tuple[tuple[str, int, int, bool], ...]:
        """(term, start, end, numbered) of every formulation and initiative detection."""
        return tuple(_candidates(self.folded, self.known, self.wraps))

    @cached_property
    def wraps(self) -> JoinedText:
        """The folded text with its hard wraps joined (the context of quotes, whole figures)."""
        return JoinedText(self.folded)

    @cached_property
    def numbered_spans(self) -> tuple[tuple[int, int], ...]:
        """Sorted (start, end) of the numbered formulations."""
        try:
            found = self.candidates
        except Exception:  # never let a formulation bug break indicator extraction
            logger.exception("formulation scan failed: indicators treat formulations as unnumbered")
            return ()
        return tuple(sorted((s, e) for _, s, e, numbered in found if numbered))


def as_folded(text: object, known: frozenset[str] | None = None) -> FoldedText | None:
    """`text` as a FoldedText (itself if it is one already); None when it is no text or empty."""
    if isinstance(text, FoldedText):
        return text if text.text else None
    return FoldedText(text, known) if isinstance(text, str) and text else None


def numbered_spans(text: str, known: frozenset[str] | None = None) -> tuple[tuple[int, int], ...]:
    """Sorted (start, end) of numbered formulations in `text`, so indicators can skip their numbers."""
    return FoldedText(text, known).numbered_spans


def in_spans(spans: tuple[tuple[int, int], ...], pos: int) -> bool:
    """Whether `pos` lies inside one of the sorted, possibly overlapping `spans`."""
    i = bisect_right(spans, (pos, float("inf")))
    return any(s <= pos < e for s, e in spans[max(0, i - 8) : i])


def _count(stripped: str, terms: set[str]) -> Counter[str]:
    """Occurrences of every term in quote-free text, in one Aho-Corasick pass."""
    counts: Counter[str] = Counter()
    if not terms:
        return counts
    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    automaton.make_automaton()
    for _, term in automaton.iter(stripped):
        counts[term] += 1
    return counts


def extract_formulations(
    text: str | FoldedText, known: frozenset[str] | None = None
) -> tuple[Formulation, ...]:
    """Numbered formulations and named initiatives with their counts, most frequent first
    (`known`: the known list for a str, the shipped one when None; a FoldedText has its own)."""
    scan = as_folded(text, known)
    if scan is None:
        return ()
    found = scan.candidates
    terms = {term for term, *_ in found}
    numbered = {term for term, _, _, num in found if num}
    counts = _count(_QUOTE_CHAR_RE.sub("", scan.folded), terms)
    for term, start, end, _ in found:  # a term cut by a hard wrap inside quotes: one more
        quoted = scan.folded[start:end]
        if "\n" in quoted and term not in quoted:
            counts[term] += 1
    merged: dict[str, Formulation] = {}
    for term in terms:
        shown = _display(term)
        count = max(1, counts[term])
        old = merged.get(shown)
        if old is None or old.count < count:
            merged[shown] = Formulation(term=shown, count=count, numbered=term in numbered)
    return tuple(sorted(merged.values(), key=lambda f: (-f.count, f.term)))
