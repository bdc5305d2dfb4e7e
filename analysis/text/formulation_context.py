"""What the context of a quoted span says about it (analysis/text/formulations.py): a grammar of
where a writer puts a name in quotes.

A quoted text that is no numbered term is a name (an initiative, a slogan, a fixed term) when:
- the text itself says so: a middle dot, `党建+安全`, a brand or genre ending or beginning, a term
  of the curated lexicon data/named_terms.txt (主心骨, 一肩挑);
- it opens a sentence as its subject, the lead of a paragraph (`“需求清单”摸实情。`);
- a noun after it names what it is (`“…”党建项目`, `按照“…”的思路`, `存在“…”现象`);
- a verb that founds or runs a practice stands before it, directly or across a short noun
  qualifier (`打造“…”`, `开展社区书记“擂台比武”`), or the frame `以“…”` uses it as a means;
- it plays a role (`发挥“…”作用`, `当好“…”`).
A quoted 、-series (`“强基引领、提质增效”`) is one slogan when its members are parallel phrases
and a principle verb or a naming noun frames it (`以“…”为主线`, `深化“…”`, `“…”三项任务`), never
an example list (`“…”等活动`). An honour is never a name: an awarding verb or an award level
before it (`获评市直机关“…”`), or its award or the organization honoured after it (`“…”评选`,
`“…”党支部`). The context windows come from the text with its hard wraps joined (analysis/text/hard_wraps.py).
Every function is pure, linear in its (short) arguments and never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.text import formulation_words as words
from analysis.text.known_formulations import MAX_TERM, load_named_terms

_CJK = "\u4e00-\u9fff"
_NEXT_WINDOW = 6  # a brand noun must start within this many characters after the quotes
_PREV_MAX = 8  # a founding verb only marks short names (not slogans such as 作风建设永远在路上)
_ROLE_MAX = 4  # a role metaphor is a short noun (主心骨, 领头雁), not a phrase
_QUALIFIER_MAX = 6  # a noun between a practice verb and the quotes: 社区书记, 村党组织书记
PREV_WINDOW = 12  # characters before the quotes read as context

# What a named initiative may be made of: CJK, middle dots, a few Latin letters and digits.
_NAME_CHARS_RE = re.compile(rf"[{_CJK}·•・‧A-Za-z0-9+]{{2,{MAX_TERM}}}")
_CJK_CHAR_RE = re.compile(f"[{_CJK}]")
_INNER_LATIN_RE = re.compile(f"[{_CJK}][A-Za-z][{_CJK}]")
# A conjunction inside quotes makes a description (党建与业务融合), not a practice's name.
_CONJUNCTION_RE = re.compile("[与和及]")
# Two to five words joined by pluses, a name of the genre: "党建+安全", "支部+合作社+基地+农户".
_PLUS_NAME_RE = re.compile(rf"[{_CJK}]{{2,6}}(?:\+[{_CJK}]{{2,6}}){{1,4}}")
PLUS_NAME_MAX = 24  # a plus model may be longer than a term: 党支部+合作社+基地+农户
# Any brand noun, searched in the text after a quote list.
_BRAND_NEXT_RE = re.compile("|".join(sorted(words.BRAND_NEXT, key=len, reverse=True)))
# Punctuation that ends the clause after a quote list: a noun beyond it names something else.
_CLAUSE_END_RE = re.compile(r"[，,。；;：:！!？?、\n]")
_PRACTICE_PREV = tuple(words.PRACTICE_PREV)
_AWARD_PREV = tuple(words.AWARD_PREV)
# Start of a sentence before a quote: nothing, sentence punctuation, or a line-start enumerator.
_LEAD_RE = re.compile(
    r"(?:^|[。！？；：!?;:]|(?:^|\n)[ \t\u3000]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十\d]{1,3}[、.．]|[一二三四五六七八九十]是[，,：:]?))[ \t\u3000\n]*$"
)
# A member of a quoted 、-series: a phrase of CJK and digits, 2 to 10 characters (安全、高效).
_SERIES_MEMBER_RE = re.compile(rf"[{_CJK}0-9]{{2,10}}")
_SERIES_SPREAD = 3  # parallel members differ in length by at most this many characters
_SENTENCE_WORD_RE = re.compile("[了我你他她们的吗吧呢]")
# The two sides of a named change: 变“A”为“B”, 从“A”向“B”转变, 由“A”转向“B”, 从“A”走向“B”.
_CONTRAST_TO = "(?:为|成|向|到|走向|转向|转变为|变为|迈向)"
_CONTRAST_FROM_RE = re.compile("(?:变|从|由)$")
_CONTRAST_TO_RE = re.compile(f"{_CONTRAST_TO}“")
_CONTRAST_BEFORE_RE = re.compile(f"(?:变|从|由)“[^“”]{{1,{MAX_TERM}}}”{_CONTRAST_TO}$")


def _alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


# Question words: a quoted question (解决“谁来抓”的问题) is rhetoric, not a name.
_QUESTION_RE = re.compile("谁|什么|怎么|怎样|如何|哪|好不好|行不行|能不能")


@lru_cache(maxsize=8)
def _first_chars_re(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """A character class of the first characters of `verbs`."""
    return re.compile(f"[{''.join(sorted({v[0] for v in verbs}))}]")


def _verb_then_qualifier(prev: str, verbs: tuple[str, ...], breaks: str) -> bool:
    """Whether `prev` ends with one of `verbs` and then at most _QUALIFIER_MAX CJK characters
    that hold none of `breaks` (开展社区书记, 深化): a qualifier is a noun, not a clause."""
    if not _first_chars_re(verbs).search(prev):
        return False  # fast path: no verb's first character before the quotes
    n = len(prev)
    for k in range(min(_QUALIFIER_MAX, n) + 1):
        if k and (prev[n - k] in breaks or not "\u4e00" <= prev[n - k] <= "\u9fff"):
            return False
        if prev.endswith(verbs, 0, n - k):
            return True
    return False


def clause_after(after: str) -> str:
    """The text after a quote list up to the end of its clause, a leading 等 dropped."""
    return _CLAUSE_END_RE.split(after.removeprefix("等"), maxsplit=1)[0]


def brand_next(clause: str) -> bool:
    """Whether a brand noun follows the quotes closely in their clause: “…”党建项目, “…”等志愿
    服务活动 (`clause` from clause_after)."""
    if clause.startswith(words.BRAND_DIRECT_NEXT):
        return True
    m = _BRAND_NEXT_RE.search(clause, 0, _NEXT_WINDOW + 6)
    return bool(m and m.start() < _NEXT_WINDOW)


def _named_as_re(nouns: tuple[str, ...], gap: int = 0) -> re.Pattern[str]:
    """What opens a clause after quotes that `nouns` name: one of them after at most `gap`
    characters (“…”三项任务: a count of the members first), or after a 的 (not DIRECT_NEXT)."""
    after_de = [n for n in nouns if n not in words.DIRECT_NEXT]
    return re.compile(
        rf"的[^的]{{0,{gap}}}?(?:{_alternation(after_de)})|[^的]{{0,{gap}}}?(?:{_alternation(nouns)})"
    )


def _has_ending(content: str, endings: tuple[str, ...]) -> bool:
    """Whether `content` ends with one of `endings` after at least two characters of its own."""
    return any(content.endswith(s) and len(content) >= len(s) + 2 for s in endings)


# An unquoted model of three to five words joined by pluses (推行支部+合作社+农户模式); the verb
# before it and the noun after it are trimmed off by _plus_model. The pattern opens with the
# first plus, so the engine jumps between pluses; the first member is read back from it.
_PLUS_CHAIN_RE = re.compile(rf"\+[{_CJK}]{{2,8}}(?:\+[{_CJK}]{{2,8}}){{1,3}}")
_PLUS_FIRST_MAX = 8  # characters of the first member read back before the first plus
_PLUS_LEAD = tuple(
    sorted(
        set(words.PRACTICE_PREV + words.BRAND_PREV + ("推动", "采取", "探索", "形成")),
        key=len,
        reverse=True,
    )
)
_PLUS_TAIL = ("模式", "机制", "体系", "格局", "路径", "的")
_PLUS_MEMBER_MAX = 4  # a member of a plus model is a short noun: 党支部, 合作社, 村党组织


def _plus_model(folded: str, m: re.Match[str]) -> tuple[str, int, int] | None:
    """The model of an unquoted plus chain without the verb before it and the noun after it
    (推行支部+合作社+农户模式 -> 支部+合作社+农户), with its span; None when a member is no short noun."""
    begin = m.start()
    while (
        begin > m.start() - _PLUS_FIRST_MAX and begin > 0 and _CJK_CHAR_RE.match(folded[begin - 1])
    ):
        begin -= 1
    members = folded[begin : m.end()].split("+")
    first, last = members[0], members[-1]
    lead = next((v for v in _PLUS_LEAD if first.startswith(v)), "")
    first = first[len(lead) :]
    tail = next((t for t in _PLUS_TAIL if t in last), None)
    last = last[: last.index(tail)] if tail else last
    members[0], members[-1] = first, last
    if not all(2 <= len(x) <= _PLUS_MEMBER_MAX for x in members):
        return None
    start = begin + len(lead)
    return "+".join(members), start, start + len("+".join(members))


def plus_models(folded: str) -> list[tuple[str, int, int]]:
    """Unquoted plus models of a text with their spans: 推行支部+合作社+农户模式 -> 支部+合作社+农户."""
    found = (_plus_model(folded, m) for m in _PLUS_CHAIN_RE.finditer(folded))
    return [model for model in found if model is not None]


def is_plus_name(content: str) -> bool:
    """Whether the text is a model of words joined by pluses (党支部+合作社+基地+农户)."""
    return len(content) <= PLUS_NAME_MAX and _PLUS_NAME_RE.fullmatch(content) is not None


@lru_cache(maxsize=8192)
def name_signal(content: str) -> bool | None:
    """From the quoted text alone: False (never a name), True (a name) or None (ask the context)."""
    if content in words.ORDINARY or content.endswith(("的", "了", "着")):
        return False
    if is_plus_name(content):
        return True  # 支部+合作社+农户    if not _NAME_CHARS_RE.fullmatch(content) or len(_CJK_CHAR_RE.findall(content)) < 2:
        return False
    if content in load_named_terms():
        return True  # 主心骨, 一肩挑: fixed terms of the curated lexicon
    if any(c in content for c in "·•・‧"):
        return True  # 兴城·微党课
    if _INNER_LATIN_RE.search(content):
        return True  # 党员e家, 公积金e服务: a Latin letter inside a CJK name
    if _has_ending(content, words.BRAND_SUFFIXES):
        return True
    if _has_ending(content, words.GENRE_SUFFIXES) and not content.endswith(words.HOLIDAYS):
        return True  # 党员先锋贷, 荷花节, 15分钟便民服务圈
    if content.startswith(words.BRAND_PREFIXES) and len(content) >= 3:
        return True
    return None


def awarded(prev: str) -> bool:
    """Whether an awarding verb or an award level stands right before the quotes: 获评县级“…”."""
    return prev.endswith(words.AWARD_LEVELS) or _verb_then_qualifier(prev, _AWARD_PREV, "和与及")


def is_honour(prev: str, clause: str) -> bool:
    """Whether the quoted text is an honour: 获评县级“…”, “…”评选, “…”党支部 (`prev`: the text
    before the quotes; `clause`: from clause_after)."""
    return clause.startswith(words.HONOUR_AWARDS + words.HONOUR_ORGS) or awarded(prev)


def _plays_a_role(content: str, prev: str, clause: str) -> bool:
    """A short quoted metaphor in a role context: 发挥“主心骨”作用, 当好“头雁”."""
    if len(content) > _ROLE_MAX:
        return False
    return clause.startswith(words.ROLE_NEXT) or prev.endswith(words.ROLE_PREV)


def _in_yi_frame(prev: str, clause: str, nouns: tuple[str, ...]) -> bool:
    """以“…”: the quoted text as a means (以“…”实现…) or, after 为, as one of `nouns`
    (以“…”为主线; not 以“…”为重点: a focus is no name)."""
    if not clause or not prev.endswith("以") or (len(prev) > 1 and prev[-2] in words.NOT_YI_FRAME):
        return False
    if clause.startswith("为"):
        return clause[1:].startswith(nouns)
    return _CJK_CHAR_RE.match(clause) is not None


_NAMED_AS_RE = _named_as_re(words.NAMED_AS_NEXT)


def opens_a_sentence(before: str) -> bool:
    """Whether a quote after `before` opens a sentence or a line-start item (its lead)."""
    return _LEAD_RE.search(before[-PREV_WINDOW:]) is not None


def in_contrast(prev: str, after: str, before: str) -> bool:
    """Whether the quotes are one side of a named change: 变“要我学”为“我要学”, 从“有形覆盖”向
    “有效覆盖”转变, 推动管党治党从“宽松软”走向“严紧硬” (both sides are names of a state)."""
    if _CONTRAST_FROM_RE.search(prev) and _CONTRAST_TO_RE.match(after):
        return True
    return _CONTRAST_BEFORE_RE.search(before[-PREV_WINDOW - 8 :]) is not None


# A count right after the quote ("86个", "37期", "46份") of a thing the verb before it made or ran
# (收集, 举办, 签订 …): the quote names that thing. An honour's count (评选“五星党员”8名) is
# ruled out before, by is_honour.
_COUNTED_AFTER_RE = re.compile(r"\d+(?:\.\d+)?[个份期场次项支批件条]")
_MADE_PREV_RE = re.compile(
    r"(?:收集|认领|举办|签订|开办|设立|组建|打造|推出|培育|编印|发放)[^，,。；;、\s“”]{0,4}$"
)


def is_initiative(content: str, prev: str, after: str, before: str) -> bool:
    """Whether a quoted, non-numbered text names an initiative or brand (see module docstring);
    `before`: the text before its quote list (does the quote open a sentence?)."""
    signal = name_signal(content)
    if signal is False:
        return False
    clause = clause_after(after)
    if awarded(prev) and not brand_next(clause):
        return False  # 被评为全省“…示范点”, 入选全区“十佳党建品牌”: an honour, whatever its ending
    if clause.startswith(words.HONOUR_AWARDS) and content.endswith(words.HONOUR_TITLES):
        return False  # 开展“骑士先锋”评选: a title given to people (not “红黑榜”评比, a tool)
    if signal:
        return True
    if _QUESTION_RE.search(content):
        return False
    if in_contrast(prev, after, before):
        return True
    if brand_next(clause):
        return True  # “…”评比活动: an activity, even when it elects someone
    if is_honour(prev, clause):
        return False
    if _NAMED_AS_RE.match(clause):
        return True
    if _COUNTED_AFTER_RE.match(after) and _MADE_PREV_RE.search(prev):
        return True  # 收集“微心愿”86个, 举办“枫岭夜学”37期: a named thing made, then counted
    if _plays_a_role(content, prev, clause) or _in_yi_frame(prev, clause, words.SERIES_NEXT):
        return True
    if _CJK_CHAR_RE.match(after) and opens_a_sentence(before):
        return True  # “需求清单”摸实情。: the quoted name is the subject of the lead sentence
    if len(content) > _PREV_MAX or _CONJUNCTION_RE.search(content):
        return False
    breaks = words.QUALIFIER_BREAKS
    return prev.endswith(words.BRAND_PREV) or _verb_then_qualifier(prev, _PRACTICE_PREV, breaks)


def is_series_name(content: str, prev: str, after: str) -> bool:
    """A quoted 、-series of short parallel phrases is one slogan: 坚持“统一领导、分级负责”,
    紧扣“稳产、降本、创新”, “一科一品、一岗一责”让党建有抓手, “重业务、轻党建”倾向 (not an example
    list “…”等学习活动, not an honour 获评“…”, not a quoted sentence with pronouns)."""
    members = content.split("、")
    if not 2 <= len(members) <= 5 or after.startswith("等"):
        return False
    if not all(_SERIES_MEMBER_RE.fullmatch(m) for m in members):
        return False
    if _SENTENCE_WORD_RE.search(content) or awarded(prev):
        return False
    lengths = [len(m) for m in members]
    return max(lengths) - min(lengths) <= _SERIES_SPREAD
