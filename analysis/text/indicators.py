"""Numeric indicators: every quantity with a measure word (党员22名, 6万余人, 近100亿元, 96.5%).

Normalization choices:
- `value` is a plain number: 万/亿 are multiplied out for every unit ("6万余人" -> 60000 人,
  "近100亿元" -> 1e10 元, "*余万元" -> None 元), so branches compare on one scale. Money is always in
  元; 平米/㎡ become 平方米; 大类 becomes 类. A range ("3-5人") keeps its lower bound, approx=True.
- `approx` marks 余/多/来/许 after the number, 近/约/超/超过/逾/将近/接近/大约 before it and
  以上/左右 after the unit.
- Redacted numbers (runs of *, ×, ＊, XX right before a unit) have value None, redacted=True.
Not indicators: dates and durations (年/月/日/天/小时/周年 are no units: 2023年度, 两年来, 24小时,
101周年), ordinals and ranks (第一, 前3名), vague amounts (数十人, 几次), frequencies (每季度召开一次,
每名党员), a bare 一 with a measure word (一次创新尝试, 一名党员值守), a small Chinese number with 个
(两个同步: a formulation), numbers inside numbered formulations (三张清单), document and phone
numbers (no measure word follows them). Linear time; never raises on any str.
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
_IDIOM_RE = re.compile(r"三番五次|一次又一次|两条腿走路|三五成群|一五一十")

SENTENCE_MAX = 160  # evidence sentences are cut to this many characters around the figure
CLAUSE_MAX = 40  # how far back a subject is looked for
SUBJECT_MAX = 12

_APPROX_PRE = {"超过", "超出", "将近", "接近", "大约", "约", "近", "超", "逾"}
_FREQUENCY_UNITS = {"次", "场", "场次", "期", "轮", "批次"}
_ORG_WORDS = ("组织", "支部", "党委", "党组", "总支", "企业", "单位", "公司", "机构", "学校",
              "医院", "社区", "协会", "商会", "部门", "小组", "队", "团", "站", "中心", "村")  # fmt: skip
_EVENT_WORDS = ("活动", "会议", "讲座", "培训", "比赛", "竞赛", "课", "会", "展", "演出", "招标")
# Words stripped from the end of the text before a number: links and approximations.
_TRAIL_WORDS = tuple(sorted((
    "共计", "累计", "合计", "总计", "总共", "一共", "共", "计", "达到", "达", "高达", "多达", "约",
    "近", "将近", "接近", "超过", "超", "逾", "为", "有", "是", "了", "到", "至", "增长到",
    "增加到", "增至", "提升到", "提高到", "保持", "常年", "已", "已经", "先后", "分别", "一行",
    "均", "全年", "共有", "现有",
), key=len, reverse=True))  # fmt: skip
# Verbs, prepositions and conjunctions: the subject is the noun phrase after the last of them.
_BOUNDARIES = (
    "开展", "组织", "举办", "举行", "召开", "收看", "观看", "撰写", "发展", "收集", "采纳", "获得",
    "建成", "组建", "认领", "完成", "解决", "涉及", "帮助", "申报", "兑现", "减免", "修改", "补充",
    "完善", "提供", "吸引", "覆盖", "粘合", "聚力", "下辖", "汇集", "现有", "拥有", "共有", "有",
    "从", "在", "于", "向", "对", "和", "与", "及", "等", "通过", "实现", "达成", "落实", "参加",
    "参与", "参观", "走访", "慰问", "培训", "培养", "发放", "捐赠", "捐款", "筹集", "投入", "帮扶",
    "结对", "签订", "评为", "获评", "荣获", "被", "由", "把", "将", "让", "使", "退还", "开辟",
    "开辟出", "打造", "建立", "设立", "成立", "招募", "选派", "选树", "推荐", "表彰", "评选",
    "发起", "接待", "受理", "办理", "处理", "化解", "调解", "协助", "助力", "带动", "吸纳", "新增",
    "增加", "增长", "减少", "提升", "提高", "邀请", "走进", "进行", "开设", "设置", "建设", "动员",
    "引导", "带领", "联系", "接收", "回复", "办结", "宣讲", "安排", "部署", "排查", "检查", "督导",
    "整改", "发现", "查处", "轮训", "报名", "注册", "捐献", "赴", "到", "其中", "出席", "提前",
    "列为", "成为", "节约", "创造", "创收", "修建", "新建", "改建", "维修", "安装", "种植", "栽种",
    "铺设",
)  # fmt: skip
# Words that end a noun right after a measure word ("14个基层党组织在…" -> 基层党组织).
_AFTER_STOPS = (
    "在", "于", "被", "获得", "获", "参加", "参与", "参观", "赴", "到", "通过", "实现", "完成",
    "开展", "提前", "列为", "成为", "和", "与", "及", "等", "已", "共", "累计", "共计", "经过",
    "进行", "受到", "得到", "评为", "荣获", "分别", "均", "全部", "先后", "增长", "增加", "减少",
    "提升", "提高", "达到", "超过", "覆盖", "以上", "左右",
)  # fmt: skip
# Two-character words that start with a one-character boundary but are nouns or adjectives.
_NOT_BOUNDARY = frozenset((
    "从业", "对象", "对口", "对策", "在职", "在岗", "在册", "在校", "在线", "和谐", "有效", "有关",
    "有力", "有序", "有机", "有声", "等级", "于是", "向上", "被告", "由来", "将来", "到位", "赴任",
))  # fmt: skip
# Nouns made of a boundary word and a noun, kept whole before a number ("发展对象*名").
_COMPOUND_NOUNS = ("发展对象", "服务对象", "服务事项", "组织关系", "组织生活", "服务保障")
# Boundary verbs that are also the thing counted when they stand alone before a number.
_NOUN_VERBS = frozenset((
    "减免", "捐款", "捐赠", "培训", "投入", "帮扶", "慰问", "走访", "发放", "筹集", "减少", "增加",
    "增长", "节约", "创收", "覆盖", "参与", "参加", "表彰", "宣讲", "接待", "受理", "办理", "调解",
    "化解", "排查", "检查", "督导", "整改", "培养", "招募", "选派", "回复", "办结", "轮训", "捐献",
    "帮助", "协助", "修建", "新建", "改建", "维修", "安装", "种植", "栽种", "铺设",
))  # fmt: skip
_LEADING_WORDS = ("各类", "各项", "各种", "各级", "多种", "一系列")


def _alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so 开辟出 wins over 开辟."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Any boundary word, e.g. "开展", "等", "从".
_BOUNDARY_RE = re.compile(_alternation(_BOUNDARIES))
# Any word ending a noun after a measure word, e.g. "在", "获得".
_AFTER_STOP_RE = re.compile(_alternation(_AFTER_STOPS))
# Link words, marks and quotes closing the text before a number, e.g. "常年保持", "共计", "约".
_TRAIL_RE = re.compile(rf"(?:{_alternation(_TRAIL_WORDS)}|[*×＊ \t“”\"])+$")
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
        words = _word_cut()(subject)
    except Exception:  # the lexicon failing must not lose the figure, only its subject
        logger.exception("指标主语分词出错，主语留空")
        return ""
    kept = ""
    for word in reversed(words):
        if len(kept) + len(word) > SUBJECT_MAX:
            break
        kept = word + kept
    return kept


def _clean_subject(s: str) -> str:
    """Drop redaction marks and quotes; keep at most SUBJECT_MAX characters."""
    s = _SUBJECT_NOISE_RE.sub("", s).strip(_STRIP_CHARS)
    s = _DATE_PREFIX_RE.sub("", s)
    for w in _LEADING_WORDS:
        if s.startswith(w) and len(s) > len(w):
            return s[len(w) :]
    return s


def _strip_trailing(s: str) -> str:
    """Remove link and approximation words at the end ("党员人数共计" -> "党员人数")."""
    m = _TRAIL_RE.search(s, max(0, len(s) - 12))
    return s[: m.start()] if m else s


def _is_boundary_at(s: str, i: int, w: str) -> bool:
    """Whether `w` at s[i] is a real boundary: one-character ones must not start a known word."""
    return len(w) > 1 or s[i : i + 2] not in _NOT_BOUNDARY


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
        words = _word_cut()(s)
    except Exception:  # no segmentation: every offset may start a word, as before
        logger.exception("指标主语分词出错")
        return frozenset(range(len(s) + 1))
    starts, pos = {len(s)}, 0
    for word in words:
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
    if found and found[-1][1] == len(s) and s[found[-1][0] :] in _NOUN_VERBS:
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
    compound = next((w for w in _COMPOUND_NOUNS if s.endswith(w)), "")
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
    if any(w in subject for w in _ORG_WORDS):
        return "organizations"
    if any(w in subject for w in _EVENT_WORDS):
        return "events"
    return "items"


class _Context:
    """Per-text lookups shared by every match: folded text, sentence and clause bounds, spans."""

    def __init__(self, scan: FoldedText):
        self.scan = scan
        self.text = scan.text
        self.folded = scan.folded
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

    def sentence(self, start: int, end: int) -> str:
        """The sentence around [start, end), cut to SENTENCE_MAX characters."""
        lo = self._back(_TO_SENT_END_RE, start, SENTENCE_MAX // 2)
        hi = min(len(self.folded), end + SENTENCE_MAX // 2)
        m = _SENT_END_RE.search(self.folded, end, hi)  # the sentence keeps its end mark
        return self.text[lo : m.end() if m else hi].strip()


def _excluded(ctx: _Context, m: re.Match[str], chinese: bool, value: float | None) -> bool:
    """Ordinals, ranks, vague amounts, frequencies, bare 一, formulation numbers."""
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
        if in_spans(ctx.spans, s) or in_spans(ctx.idioms, s):
            return True
    frequency = UNIT_INFO.get(unit, ("", "", True))[0] in _FREQUENCY_UNITS
    if frequency and "每" in folded[max(0, m.start() - 8) : m.start()]:
        return True
    # a norm per head or per unit, not a count: "每名党员联系10户至15户群众"
    return "每" in folded[ctx.clause_start(m.start()) : m.start()]


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
        raw=ctx.text[m.start() : m.end()],
        sentence=ctx.sentence(m.start(), m.end()),
        start=m.start(),
    )


def _matches(folded: str) -> list[re.Match[str]]:
    """Quantity and percentage matches in text order."""
    found = list(_QTY_RE.finditer(folded))
    if "百分之" in folded:
        found.extend(_PCT_RE.finditer(folded))
        found.sort(key=lambda m: m.start())
    return found


def _counts_of_an_age(ctx: _Context, prev: Indicator, ind: Indicator) -> bool:
    """A head count right after an age in the same clause: "60岁以上党员19人" (an age group)."""
    if prev.category != AGE or ind.category != "people" or ind.start - prev.start > CLAUSE_MAX:
        return False
    return _CLAUSE_DELIM_RE.search(ctx.folded, prev.start, ind.start) is None


def extract_indicators(text: str | FoldedText) -> tuple[Indicator, ...]:
    """Every figure with its measure word, value, subject and category, in text order."""
    scan = as_folded(text)
    if scan is None:
        return ()
    ctx = _Context(scan)
    out: list[Indicator] = []
    floor = 0
    for m in _matches(ctx.folded):
        ind = _indicator(ctx, m, floor, out[-1] if out else None)
        if ind is not None and out and _counts_of_an_age(ctx, out[-1], ind):
            ind = replace(ind, category=AGE)
        if ind is not None:
            out.append(ind)
            floor = m.end()
    return tuple(out)
