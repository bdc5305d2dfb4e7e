"""Organization names by their grammar: a proper name, then a suffix from data/org_suffixes.txt.

A party organization is named `专名 + 后缀` (`兴城投资` + `党支部`, `市政府办公室` + `党组`); the unit
it belongs to is named the same way with a unit suffix (`东岗` + `街道`). The proper name runs left
from the suffix over name characters (CJK, digits, redaction marks) and stops at a boundary:
punctuation, a word from data/org_boundaries.txt (根据, 确保, 我们, 第一季度 …), a year, a count
(`3个`). A name whose proper part is empty, invisible (`**`) or generic (`先锋`, `上级`) is no name,
so `并下设若干个党支部` and `根据自治区党委` never come out as names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from analysis.core.resources import DATA_DIR
from analysis.core.script import to_simplified

SUFFIX_FILE = DATA_DIR / "org_suffixes.txt"
BOUNDARY_FILE = DATA_DIR / "org_boundaries.txt"

UNIT = "单位"  # the suffix type of units (company, street office …) as opposed to party bodies
MAX_PROPER = 24  # a proper name longer than this is a sentence, not a name
REDACTION = "*＊×X"

# Characters a proper name may hold: CJK, digits, Latin letters, redaction marks, e.g. "中建八局*".
_NAME_CHAR = r"[\u4e00-\u9fff0-9A-Za-z*＊×]"
# Boundaries written as patterns: a year "2023年度", a month "3月", a count "3个", "有" right before
# a short word ("社区有分支部"), a date "2023-06-30", a scope "全县".
_BOUNDARY_PATTERNS = (
    r"[0-9]{2,4}年度?",
    r"[0-9]{1,2}月份?",
    r"[0-9一二三四五六七八九十两几多数]+个",
    r"有(?=.?$)",
    r"和(?![平谐美顺睦兴])",
    r"附件[0-9一二三四五六七八九十]*",
    # A scope ("全县农村党支部": every one in the county), not 安全/健全/齐全 before a place word.
    r"(?<![安健齐周完万保两成])全(?:县|市|省|区|镇|乡|校|系统|行业)",
)
# A suffix that is really the start of another word: "党组织", "局面", "大学生", "集团化".
_NOT_SUFFIX_AFTER = {
    "党组": "织",
    "局": "面势限部",
    "大学": "生习",  # "大学生"; "开展大学习" (学习 is the word)
    "中学": "生习",  # "组织集中学习" is no school
    "小学": "生习",
    "集团": "化",
    "银行": "卡",
    "支部": "委",
    "党委": "政",  # "党委政府"
}
# Words ending in a unit suffix that are no unit: "布局", "大局", "格局".
_NOT_UNIT_WORD = re.compile(r"[布格结开大全时当变新残僵棋政败定破赌饭骗]局$")
# Proper parts that name no particular organization: "先锋党支部", "上级党委", "自治区党委".
_GENERIC = frozenset(
    """基层 先锋 五星 四星 三星 星级 示范 模范 先进 优秀 标准化 规范化 红旗 过硬 党员 全体 上级
    自治区 省 市 区 县 乡 镇 村 街道 社区 公司 集团 企业 单位 学校 学院 医院 大学 局 厅 部 委
    机关 部门 处 科 室 中心 本级 新 老 临时 流动 联合 功能型 两新 非公 国企 行业 窗口 兄弟
    其他 周边 辖区 驻区 共建 结对 成员 入驻 国有 民营 中小 各类 部分 一些 所在 中共 支部 党
    总支 分 原 现 新建 一级 二级 县级 市级 省级 属地 各级 下级 上述 以上 相应 对应
    学生 教工 教师 职工 在职 离退休 退休 本科生 研究生 青年 农村 城市 专业 样板 中国共产""".split()  # noqa: SIM905
)
# An ordinal alone ("第一") says which sibling, not which organization.
_ORDINAL_ONLY = re.compile(r"第?[0-9一二三四五六七八九十]+")
_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e]")
# Compiled once: find_names runs on every report at analysis time (analysis.text.org_terms).
_MARKS_RE = re.compile(r"[*＊×]")
_INVISIBLE_RE = re.compile(r"[*＊×]|(?<![A-Za-z])X+(?![A-Za-z])")
_PARTY_PREFIX_RE = re.compile(r"^(中共|中国共产党)")
# A run of name characters, matched on the reversed text from where a suffix starts: the run
# that ends there, read right to left in one pass (a search for a run ending at a position
# tries every start before it).
_REVERSED_RUN_RE = re.compile(_NAME_CHAR + "*")
# The longest run read before a suffix (a proper part is at most MAX_PROPER characters).
_RUN_WINDOW = MAX_PROPER + 8


@dataclass(frozen=True)
class OrgName:
    """One organization name found in a text: the name, its suffix type, where it is."""

    name: str
    kind: str  # 支部 / 总支 / 党委 / 党组 / 工委 / 单位
    start: int
    end: int

    @property
    def is_party(self) -> bool:
        return self.kind != UNIT


def _lines(path: object) -> list[str]:
    """Non-comment, non-blank lines of a resource file."""
    text = open(str(path), encoding="utf-8").read()  # noqa: SIM115 - tiny file, read at once
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def resources_fingerprint() -> str:
    """Content hash of the two grammar files: part of the analysis cache key, since every
    analysis keeps the names found with them (Analysis.org_names)."""
    h = hashlib.sha256()
    for path in (SUFFIX_FILE, BOUNDARY_FILE):
        h.update(path.read_bytes())
    return h.hexdigest()[:8]


@lru_cache(maxsize=1)
def suffixes() -> dict[str, str]:
    """suffix -> type, longest first (data/org_suffixes.txt)."""
    table: dict[str, str] = {}
    for line in _lines(SUFFIX_FILE):
        suffix, _, kind = line.partition("\t")
        table[suffix.strip()] = kind.strip() or UNIT
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern[str]:
    """Any suffix, redaction marks allowed between its characters ("党**委")."""
    marks = "[*＊×]{0,3}"
    alts = (marks.join(map(re.escape, s)) for s in suffixes())
    return re.compile("|".join(alts))


@lru_cache(maxsize=1)
def _boundary_re() -> re.Pattern[str]:
    """Every boundary word (longest first) and boundary pattern."""
    words = sorted(set(_lines(BOUNDARY_FILE)), key=len, reverse=True)
    return re.compile("|".join([*map(re.escape, words), *_BOUNDARY_PATTERNS]))


def prepare(text: str) -> str:
    """Text as the recognizer reads it: Simplified, full-width ASCII made half-width (same length)."""
    simple, _ = to_simplified(text)
    if len(simple) != len(text):  # a phrase conversion changed the length: keep positions
        simple = "".join(to_simplified(c)[0][:1] or c for c in text)
    # str.translate with a dict walks every character in Python-level lookups; replacing only
    # the few full-width characters present is ~10x faster on a report and gives the same text.
    for ch in set(_FULL_WIDTH_RE.findall(simple)):
        simple = simple.replace(ch, chr(ord(ch) - 0xFEE0))
    return simple


def _proper_start(run: str) -> int:
    """Where the proper name begins in the run of name characters before a suffix: after the
    last boundary in it (a slice: lookbehinds stop at the run). A 和 one character after the
    run's start or the previous boundary is inside a name (`仁和医院`, `泰和水务`), not a
    conjunction (`党员和群众`); so is one right after the party's name (`中共安和新材料…委员会`)."""
    prefix = _PARTY_PREFIX_RE.match(run)
    last, named = 0, prefix.end() if prefix else 0
    for b in _boundary_re().finditer(run):
        if b.group() == "和" and b.start() - max(last, named) < 2:
            continue
        last = b.end()
    return last


def _proper_ok(proper: str, kind: str) -> bool:
    """Whether a proper part names a particular organization."""
    visible = _INVISIBLE_RE.sub("", proper)
    if len(proper) < 2 or len(proper) > MAX_PROPER or not visible:
        return False
    if len(visible) < 2 and kind == UNIT:
        return False
    core = _PARTY_PREFIX_RE.sub("", visible)
    if not core or _ORDINAL_ONLY.fullmatch(core):
        return False
    if len(visible) < len(proper):  # "××××公司": the distinctive part is redacted, not absent
        return True
    return core not in _GENERIC and not all(ch in _GENERIC for ch in core)


@lru_cache(maxsize=1 << 16)
def _judge(run: str, found: str, after: str) -> tuple[int, str] | None:
    """Whether the suffix `found` after the run of name characters `run` (followed by the
    character `after`, "" at the end) ends a name: (where the name starts in `run`, its type).

    A pure function of these three strings, cached: a report writes its names many times and
    a corpus shares them, so most suffixes found are judged once (find_names runs in the
    pipeline on every report)."""
    plain = _MARKS_RE.sub("", found)
    if after and after in _NOT_SUFFIX_AFTER.get(plain, ""):
        return None
    start = _proper_start(run)
    proper = run[start:]
    kind = suffixes().get(plain, UNIT)
    if plain == "委员会":  # "中共XX委员会" is a party committee; "XX村民委员会" is not
        # a Youth League committee ("共青团XX委员会") writes its reports as a committee too
        kind = "党委" if proper.startswith(("中共", "中国共产党", "共青团")) else UNIT
    if kind == UNIT and _NOT_UNIT_WORD.search((run + found)[-2:]):
        return None
    if kind == UNIT and proper.startswith("中共"):
        start += 2  # "中共" names the party, not the unit
        proper = proper[2:]
    return (start, kind) if _proper_ok(proper, kind) else None


def find_names(text: str, party: bool | None = None) -> list[OrgName]:
    """Every organization name in the text, in order; `party` keeps only party bodies (True) or
    units (False). Names are returned as written in Simplified script."""
    text = prepare(text)
    reverse, size = text[::-1], len(text)
    out: list[OrgName] = []
    for m in _suffix_re().finditer(text):
        at, end = m.span()
        # The name characters right before the suffix, at most _RUN_WINDOW of them.
        back = size - at
        run = _REVERSED_RUN_RE.match(reverse, back, back + _RUN_WINDOW)  # always matches
        run_start = at - (run.end() - back) if run else at
        if at - run_start < 2:  # no proper part: no name (the common case)
            continue
        judged = _judge(text[run_start:at], m.group(), text[end : end + 1])
        if judged is None or (party is not None and (judged[1] != UNIT) != party):
            continue
        start = run_start + judged[0]
        out.append(OrgName(text[start:end], judged[1], start, end))
    return out


def is_org_name(name: str) -> bool:
    """Whether a whole string is one organization name (e.g. for a roster cell or a sidecar)."""
    names = find_names(name)
    return any(n.start == 0 and n.end == len(prepare(name)) for n in names)


# ---------------------------------------------------------------- normalization for matching

_CN_DIGITS = dict(zip("0123456789", "〇一二三四五六七八九", strict=True))
# Long forms -> the short form a roster entry and a report share, longest first.
_CANON_SUFFIX = (
    ("党支部委员会", "支部"),
    ("支部委员会", "支部"),
    ("党总支部委员会", "总支"),
    ("总支部委员会", "总支"),
    ("党总支部", "总支"),
    ("党总支", "总支"),
    ("总支部", "总支"),
    ("党工作委员会", "工委"),
    ("工作委员会", "工委"),
    ("党工委", "工委"),
    ("党委员会", "党委"),
    ("党支部", "支部"),
)


def normalize(name: str) -> str:
    """The key two spellings of one name share: Simplified, half-width, no spaces or 中共, short
    suffixes (党支部→支部, 中共…委员会→…党委), ordinals without 第 (第一支部→一支部), digits as
    Chinese numerals, every run of redaction marks as one `*`."""
    s = unicodedata.normalize("NFKC", prepare(name))
    s = re.sub(r"\s+", "", s)
    party = bool(_PARTY_PREFIX_RE.match(s))
    s = _PARTY_PREFIX_RE.sub("", s)
    s = re.sub(r"(?<![A-Za-z])X{2,}(?![A-Za-z])", "*", s)
    s = re.sub(r"[*×]+", "*", s)
    for long, short in _CANON_SUFFIX:
        s = s.replace(long, short)
    if party and s.endswith("委员会"):  # "中共石湾镇委员会" is 石湾镇党委
        s = s[: -len("委员会")] + "党委"
    s = re.sub(r"第([0-9一二三四五六七八九十]+)", r"\1", s)
    return "".join(_CN_DIGITS.get(c, c) for c in s)


def visible_part(name: str) -> str:
    """The normalized name after its last redaction mark (`**楼宇综合党委` → `楼宇综合党委`)."""
    return normalize(name).rsplit("*", 1)[-1]
