"""Numeric indicators: every quantity with a measure word (党员22名, 6万余人, 近100亿元, 96.5%).

Normalization choices:
- `value` is a plain number: 万/亿 are multiplied out for every unit ("6万余人" -> 60000 人,
  "近100亿元" -> 1e10 元, "*余万元" -> None 元), so branches compare on one scale. Money is always in
  元; 平米/㎡ become 平方米; 大类 becomes 类. A range ("3-5人") keeps its lower bound, approx=True.
- `approx` marks 余/多/来/许 after the number, 近/约/超/超过/逾/将近/接近/大约 before it and
  以上/左右 after the unit.
- Redacted numbers (runs of *, ×, ＊, XX right before a unit) have value None, redacted=True.
Not indicators: dates and durations (年/月/日/天/周年 are no units: 2023年度, 两年来, 101周年; hours
only as a total of work: 时长8600小时, 1.3万小时, not 24小时), ordinals and ranks (第一, 前3名), vague
amounts (数十人, 几次), frequencies (每季度召开一次), norms per head or per unit (每名党员…3户; a
figure per year stays: 每年增收8万元), head-count thresholds (党员3名以上的项目), a bare 一 with a
measure word (一次创新尝试), a small Chinese number with 个 (两个同步: a formulation) or before the
noun it counts (三项重点任务, 两期培训班), numbers inside numbered formulations (三张清单), document
and phone numbers (no measure word follows them). Shares and head counts tied to an age group
(35岁以下党员占46%, 68名70岁以上老人) are ages. A figure cut by a hard wrap (PDF text) is read
whole (analysis/text/hard_wraps.py); its `raw` and `start` stay those of the text. Linear time; never raises on any str.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from analysis.core.models import AGE, Indicator
from analysis.core.numbers import (
    CN_NUMERAL_CHARS,
    CN_NUMERAL_START,
    MULTIPLIERS,
    parse_arabic,
    parse_chinese_numeral,
)
from analysis.core.resources import default_texts
from analysis.text import indicator_words as words
from analysis.text.formulations import FoldedText, as_folded, in_spans
from analysis.text.indicator_units import UNIT_INFO, unit_alternation
from analysis.text.lexicon import build_lexicon

logger = logging.getLogger(__name__)

_CJK = "\u4e00-\u9fff"

# One number: Arabic "1,200"/"96.5", Chinese "两千"/"十六", or a redaction run "*", "××", "XX".
_NUM = (
    r"(?:(?<![\d.])(?<!\d,)(?:\d{1,3}(?:,\d{3})++(?!\d)|\d++)(?:\.\d++)?+"
    rf"|(?<![{CN_NUMERAL_CHARS}])[{CN_NUMERAL_START}][{CN_NUMERAL_CHARS}]*+"
    r"|(?<!\*)\*++|(?<!×)×++|(?<![A-Za-z])[Xx]{1,6}+)"
)
# A quantity: approx prefix, number (or range), 万/亿, approx suffix, measure word, 以上/左右.
# e.g. "近100亿元", "6万余人", "*余万元", "200余场次", "十六次", "3-5人", "96.5%以上".
_QTY_RE = re.compile(
    # Fast rejection: a match starts with a digit, numeral, mark or approx word, never mid-number.
    rf"(?=[超将接大约近逾\d*×Xx{CN_NUMERAL_START}])"
    rf"(?!(?<=[\d.])\d)(?!(?<=[{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}])(?!(?<=\*)\*)(?!(?<=×)×)"
    r"(?P<pre>超过|超出|将近|接近|大约|(?<![节签制契公条预违婚守合])约|(?<![最附将接])近"
    r"|(?<![赶])超|逾)?"
    r"[ \u3000]?"  # PDF and OCR text put a space around a number: "达到 95 %"
    rf"(?P<num>{_NUM})"
    rf"(?:(?P<sep>[-~～至到—–])(?P<num2>{_NUM}))?"
    r"(?:[ \u3000](?=[万亿千百余多来许\D]))?"  # "68 个", "1.2 万元", "300 余场次"
    r"(?P<m1>[万亿千百])?"
    r"(?P<ap>余|多|来|许)?"
    r"(?P<m2>[万亿])?"
    rf"(?P<unit>{unit_alternation()})"
    r"(?P<post>以上|左右)?"
)
# A percentage in words, e.g. "百分之九十五", "百分之*".
_PCT_RE = re.compile(rf"(?P<pre>超过|近|约)?百分之(?P<num>{_NUM})(?P<post>以上|左右)?")
# Sentence ends, for the evidence sentence, e.g. "。", "；", a line break.
_SENT_END = r"[。！？!?；;\n]"
_SENT_END_RE = re.compile(_SENT_END)
# Clause delimiters, for the subject: punctuation, quotes and brackets.
_CLAUSE_DELIM = r'[，。；：！？、,;:!?\n（）()【】《》“”"‘’「」『』\[\]—]'
_CLAUSE_DELIM_RE = re.compile(_CLAUSE_DELIM)
# Text up to its last sentence end / clause delimiter, e.g. "培训。党员，共" -> "培训。党员，":
# matched over the few characters before a figure (the engine backtracks from their end).
_TO_SENT_END_RE = re.compile(rf".*{_SENT_END}", re.DOTALL)
_TO_CLAUSE_DELIM_RE = re.compile(rf".*{_CLAUSE_DELIM}", re.DOTALL)
# Marks and quotes dropped from a subject, e.g. "*", "“", a space.
_SUBJECT_NOISE_RE = re.compile(r"[*×＊“”\"‘’「」『』《》\s]")
# A digit or a redaction mark, where the noun after a measure word stops ("个党组织3个" -> 党组织).
_FIGURE_RE = re.compile(r"[\d*×]")
# What a noun right after a measure word starts with: a digit or a CJK character.
_NOUN_START_RE = re.compile(rf"[\d{_CJK}]")
_REDACTION_RUN_RE = re.compile(r"\*++|＊++|✱++|×++|(?<![A-Za-z])X{2,}+(?![A-Za-z])")
# Idioms with a number and a measure word, e.g. "三番五次".
# A word of total right before hours of work: 时长8600小时, 累计达, 共计, 不少于40小时.
_HOURS_TOTAL_RE = re.compile(r"(?:时长|累计|共计|合计|总计|达到?|不少于)[ \u3000]?$")
# Words before a number that make it a bound: 不足3名的.
_BELOW_WORDS = ("不足", "不到", "少于", "低于")
_CJK_RE = re.compile(f"[{_CJK}]")
# 每 of a norm per head or per unit (每名党员, 每个网格), not of a period (每年增收8万元).
_PER_UNIT_RE = re.compile(r"每(?!年|月|季度?|周|天|日)")
_IDIOM_RE = re.compile(r"三番五次|一次又一次|两条腿走路|三五成群|一五一十")

SENTENCE_MAX = 160  # evidence sentences are cut to this many characters around the figure
CLAUSE_MAX = 40  # how far back a subject is looked for
SUBJECT_MAX = 12

_APPROX_PRE = {"超过", "超出", "将近", "接近", "大约", "约", "近", "超", "逾"}
_FREQUENCY_UNITS = {"次", "场", "场次", "期", "轮", "批次"}


def _alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so 开辟出 wins over 开辟."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Any boundary word, e.g. "开展", "等", "从".
_BOUNDARY_RE = re.compile(_alternation(words.BOUNDARIES))
# Any word ending a noun after a measure word, e.g. "在", "获得".
_AFTER_STOP_RE = re.compile(_alternation(words.AFTER_STOPS))
# Link words, marks and quotes closing the text before a number, e.g. "常年保持", "共计", "约".
_TRAIL_RE = re.compile(rf"(?:{_alternation(words.TRAIL_WORDS)}|[*×＊ \t“”\"])+$")
# A date opening a subject, e.g. "2022年度完成培训" -> "完成培训", "全年", "今年以来".
_DATE_PREFIX_RE = re.compile(r"^(?:(?:\d{2,4}|\*)年(?:度|底|初|末|以来)?|全年|今年)")
_STRIP_CHARS = '*×＊X“”"‘’「」『』《》 \t的了等'


def count_redactions(text: str) -> int:
    """Runs of redaction marks (*, ＊, ×, XX) in the text; each run counts once."""
    if not isinstance(text, str):
        return 0
    return sum(1 for _ in _REDACTION_RUN_RE.finditer(text))


def _value(num: str) -> tuple[float | None, bool, bool]:
    """(value, redacted, chinese) of one number token."""
    if num[0] in "*×Xx":
        return None, True, False
    arabic = parse_arabic(num)
    if arabic is not None:
        return arabic, False, False
    cn = parse_chinese_numeral(num)
    return (None if cn is None else float(cn)), False, True


@lru_cache(maxsize=1)
def _word_cut() -> Callable[[str], list[str]]:
    """The shipped lexicon's word cutter (loaded once, on the first over-long subject)."""
    return build_lexicon(default_texts()).cut


def _fit(subject: str) -> str:
    """A subject of at most SUBJECT_MAX characters made of its last whole words, never cut
    mid-word ("…街坊路工程手续办理进程遇阻问题" -> 工程手续办理进程遇阻问题); "" when one word is
    longer than that."""
    if len(subject) <= SUBJECT_MAX:
        return subject
    try:
        pieces = _word_cut()(subject)
    except Exception:  # the lexicon failing must not lose the figure, only its subject
        logger.exception("指标主语分词出错，主语留空")
        return ""
    kept = ""
    for word in reversed(pieces):
        if len(kept) + len(word) > SUBJECT_MAX:
            break
        kept = word + kept
    return kept


def _clean_subject(s: str) -> str:
    """Drop redaction marks and quotes; keep at most SUBJECT_MAX characters."""
    s = _SUBJECT_NOISE_RE.sub("", s).strip(_STRIP_CHARS)
    s = _DATE_PREFIX_RE.sub("", s)
    for w in words.LEADING_WORDS:
        if s.startswith(w) and len(s) > len(w):
            return s[len(w) :]
    return s


def _strip_trailing(s: str) -> str:
    """Remove link and approximation words at the end ("党员人数共计" -> "党员人数")."""
    m = _TRAIL_RE.search(s, max(0, len(s) - 12))
    return s[: m.start()] if m else s


def _is_boundary_at(s: str, i: int, w: str) -> bool:
    """Whether `w` at s[i] is a real boundary: one-character ones must not start a known word."""
    return len(w) > 1 or s[i : i + 2] not in words.NOT_BOUNDARY


def _boundaries(s: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of every real boundary word of `pattern` in `s`, left to right."""
    return [
        (m.start(), m.end())
        for m in pattern.finditer(s)
        if _is_boundary_at(s, m.start(), m.group())
    ]


def _word_starts(s: str) -> frozenset[int]:
    """Offsets where a word of `s` starts (and its end), by the shipped lexicon."""
    try:
        pieces = _word_cut()(s)
    except Exception:  # no segmentation: every offset may start a word, as before
        logger.exception("指标主语分词出错")
        return frozenset(range(len(s) + 1))
    starts, pos = {len(s)}, 0
    for word in pieces:
        starts.add(pos)
        pos += len(word)
    return frozenset(starts)


def _last_boundary(s: str) -> tuple[int, int]:
    """(start, end) of the last verb/preposition in `s` not leaving a lone character after it.

    A closing verb that also names an activity is part of the noun: "获得省级表彰" -> 获得.
    """
    found = [b for b in _boundaries(s, _BOUNDARY_RE) if len(s) - b[1] != 1]
    if found:
        starts = _word_starts(s)  # "使用培训班学员": 培训 inside 培训班 is no boundary
        found = [b for b in found if b[1] in starts]
    if found and found[-1][1] == len(s) and s[found[-1][0] :] in words.NOUN_VERBS:
        found.pop()
    return found[-1] if found else (-1, 0)


def _first_boundary(s: str, pattern: re.Pattern[str] | None = None) -> int:
    """Start of the first verb/preposition in `s`, len(s) if none."""
    found = _boundaries(s, pattern or _BOUNDARY_RE)
    return found[0][0] if found else len(s)


def _subject_before(prefix: str) -> str:
    """The noun phrase right before the number: "支部现有党员" -> "党员"."""
    s = _strip_trailing(prefix)
    if not s or s.endswith("的"):
        return ""
    compound = next((w for w in words.COMPOUND_NOUNS if s.endswith(w)), "")
    start, end = _last_boundary(s[: len(s) - len(compound)] + "　" * len(compound))
    head = s[end:] if start >= 0 else s
    if "的" in head:
        head = head[head.rfind("的") + 1 :]
    return _fit(_clean_subject(head))


def _subject_after(rest: str) -> str:
    """The noun right after a measure word: "14个基层党组织" -> "基层党组织"."""
    if "的" in rest:
        rest = rest[rest.rfind("的") + 1 :]
    cut = _FIGURE_RE.search(rest)
    if cut:
        rest = rest[: cut.start()]
    rest = rest[: _first_boundary(rest, _AFTER_STOP_RE)]
    return _noun_head(_clean_subject(_strip_trailing(rest)))


def _noun_head(s: str) -> str:
    """A long noun phrase after a measure word cut before its first whole-word verb, else to its
    last whole words: "三条街坊路工程手续办理进程遇阻" -> 街坊路工程手续 (not 街坊路工程手续办理进程遇)."""
    if len(s) <= SUBJECT_MAX:
        return s
    starts = _word_starts(s)
    for start, end in _boundaries(s, _BOUNDARY_RE):
        if start >= 2 and start in starts and end in starts:
            return _fit(s[:start])
    return _fit(s)


def _topic(clause: str) -> str:
    """The clause's own subject, its words up to the first verb ("党员人数从…" -> "党员人数")."""
    return _fit(_clean_subject(_strip_trailing(clause[: _first_boundary(clause)])))


def _category(unit: str, cat: str | None, subject: str) -> str:
    """The unit's category; for 个 it follows the subject (组织 -> organizations)."""
    if cat is not None:
        return cat
    if any(w in subject for w in words.ORG_WORDS):
        return "organizations"
    if any(w in subject for w in words.EVENT_WORDS):
        return "events"
    return "items"


class _Context:
    """Per-text lookups shared by every match: folded text, sentence and clause bounds, spans."""

    def __init__(self, scan: FoldedText):
        self.scan = scan
        self.text = scan.text
        self.wraps = scan.wraps  # a figure cut by a hard wrap reads whole
        self.folded = self.wraps.joined  # every offset below is one of the joined text
        self.idioms = tuple((m.start(), m.end()) for m in _IDIOM_RE.finditer(self.folded))

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Numbered-formulation spans, found on first use (only Chinese numerals need them)."""
        return self.scan.numbered_spans

    def _back(self, pattern: re.Pattern[str], pos: int, limit: int) -> int:
        """Just after the last `pattern` character in the `limit` characters before `pos`."""
        lo = max(0, pos - limit)
        m = pattern.match(self.folded, lo, pos)
        return m.end() if m else lo

    def clause_start(self, pos: int) -> int:
        """Start of the clause holding `pos`: after the last delimiter, at most CLAUSE_MAX back."""
        return self._back(_TO_CLAUSE_DELIM_RE, pos, CLAUSE_MAX)

    def clause_end(self, pos: int) -> int:
        """End of the clause holding `pos`, at most CLAUSE_MAX ahead."""
        hi = min(len(self.folded), pos + CLAUSE_MAX)
        m = _CLAUSE_DELIM_RE.search(self.folded, pos, hi)
        return m.start() if m else hi

    def raw(self, start: int, end: int) -> str:
        """The text of the joined span [start, end), as written (a wrap inside it kept)."""
        return self.text[self.wraps.orig(start) : self.wraps.orig_end(end)]

    def sentence(self, start: int, end: int) -> str:
        """The sentence around [start, end), cut to SENTENCE_MAX characters."""
        lo = self._back(_TO_SENT_END_RE, start, SENTENCE_MAX // 2)
        hi = min(len(self.folded), end + SENTENCE_MAX // 2)
        m = _SENT_END_RE.search(self.folded, end, hi)  # the sentence keeps its end mark
        return self.raw(lo, m.end() if m else hi).strip()


def _modifier_count(folded: str, m: re.Match[str], unit: str, value: float | None) -> bool:
    """A small Chinese count of items or phases before their noun: 三项重点任务, 两期培训班,
    二期水厂 (what they are, not a result)."""
    small = value is not None and value <= 10 and not m.group("ap")
    return small and unit in ("项", "期") and _CJK_RE.match(folded, m.end()) is not None


def _threshold(folded: str, m: re.Match[str], at: int) -> bool:
    """A head-count threshold naming a class, not a count: 党员3名以上的项目, 不足3名的."""
    after = folded[m.end() : m.end() + 3]
    if after == "以下的":
        return True
    if not after.startswith("的"):
        return False
    return m.group("post") == "以上" or folded.endswith(_BELOW_WORDS, 0, at)


def _duration(folded: str, m: re.Match[str], at: int, value: float | None) -> bool:
    """Hours that are a duration (24小时, 48小时内), not a total of work: a total has 100 hours or
    more, a 万, or a word of total before it (时长8600小时, 累计达, 不少于40小时)."""
    if value is None or value >= 100 or m.group("m1") or m.group("m2"):
        return False
    return _HOURS_TOTAL_RE.search(folded, max(0, at - 4), at) is None


def _excluded(ctx: _Context, m: re.Match[str], chinese: bool, value: float | None) -> bool:
    """Ordinals, ranks, vague amounts, frequencies, bare 一, formulation numbers, thresholds,
    durations."""
    folded, s, gd = ctx.folded, m.start("num"), m.groupdict()
    at = m.start()
    if at > 0 and folded[at - 1] in " \u3000":
        at -= 1  # "第 2 页": the word before the space
    before = folded[at - 1] if at > 0 else ""
    if before and (before in "第每数几好-/." or (before.isascii() and before.isalnum())):
        return True
    unit = gd.get("unit") or ""
    if before == "前" and unit == "名":
        return True  # a rank: 前3名
    if before == "共" and unit == "页":
        return True  # a page footer: 第 2 页 共 3 页
    if chinese:
        if value == 1 and gd["num"] in ("一", "壹") and not (gd.get("m1") or gd.get("ap")):
            return True
        if unit in ("个", "种") and value is not None and value <= 10 and not gd.get("ap"):
            return True
        if _modifier_count(folded, m, unit, value):
            return True
        if in_spans(ctx.spans, ctx.wraps.orig(s)) or in_spans(ctx.idioms, s):
            return True
    if UNIT_INFO.get(unit, ("", "", True))[1] == "people" and _threshold(folded, m, at):
        return True  # (not an age group, 35岁以下的, nor money: 收入10万元以上的村 is a target)
    if unit == "小时" and _duration(folded, m, at, value):
        return True
    frequency = UNIT_INFO.get(unit, ("", "", True))[0] in _FREQUENCY_UNITS
    if frequency and "每" in folded[max(0, m.start() - 8) : m.start()]:
        return True
    # a norm per head or per unit, not a count: "每名党员联系10户至15户群众" (每年: per year)
    return _PER_UNIT_RE.search(folded, ctx.clause_start(m.start()), m.start()) is not None


def _subject(ctx: _Context, m: re.Match[str], floor: int) -> str:
    """What was counted: the noun after a measure word, else before the number, else the topic."""
    folded = ctx.folded
    cstart = ctx.clause_start(m.start())
    prefix_start = max(cstart, floor)
    rest = folded[m.end() : ctx.clause_end(m.end())]
    after = _subject_after(rest) if _NOUN_START_RE.match(rest) else ""
    if after:
        return after
    before = _subject_before(folded[prefix_start : m.start()])
    return before or _topic(folded[cstart : m.start()])


def _indicator(
    ctx: _Context, m: re.Match[str], floor: int, prev: Indicator | None
) -> Indicator | None:
    """The indicator of one quantity match, or None when it is not one."""
    num = m.group("num")
    value, redacted, chinese = _value(num)
    if value is None and not redacted:
        return None
    if _excluded(ctx, m, chinese, value):
        return None
    gd = m.groupdict()
    unit_surface = gd.get("unit") or "%"
    unit, cat, red_ok = UNIT_INFO.get(unit_surface, ("%", "rate", True))
    if redacted and not red_ok:
        return None
    num2 = gd.get("num2")
    if num2 and not redacted and _value(num2)[1]:
        value, redacted = None, True  # "3-*人": half redacted is redacted
    if value is not None:
        for g in ("m1", "m2"):
            if gd.get(g):
                value *= MULTIPLIERS[gd[g]]
    approx = bool((gd.get("pre") in _APPROX_PRE) or gd.get("ap") or gd.get("post") or num2)
    subject = _subject(ctx, m, floor)
    if not subject and prev is not None and m.start() - floor <= 2:
        subject = prev.subject  # "任务*个、*场次": the second figure counts the same thing
    return Indicator(
        value=value,
        unit=unit,
        subject=subject,
        approx=approx,
        redacted=redacted,
        category=_category(unit, cat, subject),
        raw=ctx.raw(m.start(), m.end()),
        sentence=ctx.sentence(m.start(), m.end()),
        start=ctx.wraps.orig(m.start()),
    )


def _matches(folded: str) -> list[re.Match[str]]:
    """Quantity and percentage matches in text order."""
    found = list(_QTY_RE.finditer(folded))
    if "百分之" in folded:
        found.extend(_PCT_RE.finditer(folded))
        found.sort(key=lambda m: m.start())
    return found


def _of_an_age(ctx: _Context, prev: tuple[Indicator, int], ind: Indicator, start: int) -> bool:
    """A head count or a share right after an age in the same clause: "60岁以上党员19人",
    "35岁以下党员占46%" (an age group; `prev` and `start` carry joined offsets)."""
    age, age_start = prev
    if age.category != AGE or ind.category not in ("people", "rate"):
        return False
    if start - age_start > CLAUSE_MAX:
        return False
    return _CLAUSE_DELIM_RE.search(ctx.folded, age_start, start) is None


def extract_indicators(text: str | FoldedText) -> tuple[Indicator, ...]:
    """Every figure with its measure word, value, subject and category, in text order."""
    scan = as_folded(text)
    if scan is None:
        return ()
    ctx = _Context(scan)
    out: list[tuple[Indicator, int]] = []  # each with its match's joined start
    floor = 0
    for m in _matches(ctx.folded):
        ind = _indicator(ctx, m, floor, out[-1][0] if out else None)
        if ind is None:
            continue
        if out and _of_an_age(ctx, out[-1], ind, m.start()):
            ind = replace(ind, category=AGE)
        elif out and ind.category == AGE and out[-1][0].category == "people" and floor == m.start():
            out[-1] = (replace(out[-1][0], category=AGE), out[-1][1])  # 全村68名70岁以上老人
        out.append((ind, m.start()))
        floor = m.end()
    return tuple(ind for ind, _ in out)
