"""Where a report says who wrote it: the file name, the title, the signature block (落款), the opening.

Each place yields guesses (value, source, confidence), in the order an office trusts them: offices
name files `XX党支部2023年度党建工作总结.docx`; the title and the 落款 name the author; the opening
sentence usually does; the rest of the body names parents, partners and founding dates, so it only
breaks ties. Pure functions of the text and the file name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from analysis.text.orgnames import find_names, prepare

SRC_SIDECAR, SRC_FILE, SRC_TITLE = "元数据表", "文件名", "标题"
SRC_SIGN, SRC_BODY, SRC_ROSTER = "落款", "正文", "名录"
CONFIDENCE = {SRC_SIDECAR: 1.0, SRC_FILE: 0.9, SRC_TITLE: 0.85, SRC_SIGN: 0.8, SRC_BODY: 0.6}
BODY_TAIL_CONFIDENCE = 0.4  # a name that is only frequent in the body
BODY_ONCE_CONFIDENCE = 0.3  # a name the body gives once, outside its opening

_SIGN_LINES = 8  # the 落款 is among the last lines
_SIGN_MAX = 40  # a 落款 line is short
_OPENING_CHARS = 240
_CN_NUM = dict(zip("〇零一二三四五六七八九", "0012345678" + "9", strict=True))

# A date "2023年12月20日" / "二〇二三年十二月" / "2023-12-20" / "2023.12".
_DATE = re.compile(
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*(?:年|[-./])\s*"
    r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月|[-./]|$)"
)
_DATE_FULL = re.compile(_DATE.pattern + r"\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})?\s*日?")
# A year in a title or file name: "2023年度", "2023年", "2023"; not part of a longer number.
_YEAR = re.compile(r"(?<![0-9])((?:19[2-9]|20[0-9])[0-9])(?![0-9])\s*(年度|年)?")
# Years that date something else: founding ("2020年3月成立", "成立于2015年"), "2024年工作打谱".
_FOUNDING_AFTER = re.compile(r"^[^，。,；;]{0,8}?(成立|建立|组建|始建|创建|建成|投用|获批|挂牌)")
_FOUNDING_BEFORE = re.compile(r"(成立|建立|组建|始建|创建|建)(于|在)\s*$")
_PLAN_AFTER = re.compile(r"^\s*年?(工作)?(打算|打谱|计划|思路|安排|目标)")
# "中国共产党成立101周年" → the report is of 1921 + 101.
_ANNIVERSARY = re.compile(r"(?:建党|党成立|共产党成立|党的生日)\s*([0-9]{2,3})\s*周年")
# "来源：XX党支部" closing a WeChat article; "编者按" / "编\n者\n的\n话".
_SOURCE_LINE = re.compile(r"^\s*(?:来源|供稿|稿件来源|投稿)\s*[:：]\s*(.+)$")
# File-name debris: "01_", "（3）", a sample id "000_998eab85674eb478", "副本", "(1)".
_STEM_DEBRIS = re.compile(
    r"^\s*(?:[0-9]{1,4}[_\-\s.、]+|[（(][0-9]{1,3}[)）]\s*)|(?:^|_)[0-9a-f]{12,}$|[-_\s]*(?:副本|定稿|终稿)$"
    r"|\s*[（(][0-9]{1,2}[)）]\s*$"
)


@dataclass(frozen=True)
class Guess:
    """One guess of a field: its value, where it was found, how surely."""

    value: str | int
    source: str
    confidence: float


def file_stem(filename: str) -> str:
    """The file name as a title: folders, extension and numbering debris removed."""
    stem = PurePath(filename.replace("\\", "/")).name
    stem = re.sub(r"\.(txt|docx?|pdf|wps|xlsx?|csv)$", "", stem, flags=re.I)
    for _ in range(3):
        stem = _STEM_DEBRIS.sub("", stem)
    return stem.strip()


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def signature_lines(text: str) -> list[str]:
    """The closing lines that sign a report: a name or a date alone on its line, or `来源：…`."""
    out = []
    for line in _lines(text)[-_SIGN_LINES:]:
        source = _SOURCE_LINE.match(line)
        if source:
            out.append(source.group(1))
        elif len(line) <= _SIGN_MAX and _is_signature(line):
            out.append(line)
    return out


def _is_signature(line: str) -> bool:
    """A line that is only names and a date (a little debris allowed), not a heading."""
    rest = _DATE_FULL.sub("", prepare(line))
    for name in sorted({n.name for n in find_names(rest)}, key=len, reverse=True):
        rest = rest.replace(name, "")
    rest = re.sub(r"[\s（）()《》、:：,，.。\-—]", "", rest)
    return len(rest) <= 3 and len(rest) < len(line)


def opening(text: str, title: str) -> str:
    """The first sentences of the body (after the title line)."""
    lines = _lines(text)
    if lines and title and lines[0] == title:
        lines = lines[1:]
    body = "".join(ln for ln in lines if len(ln) > 12 or ln.endswith("。"))
    return body[:_OPENING_CHARS]


_BELONGS = re.compile(r"隶属于?([^，。；,;：:\s]{2,40})")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z*×]")
# A name that leads or receives, rather than writes: "在XX党委的坚强领导下", "隶属于XX党委".
_LEADER_AFTER = re.compile(r"^的?[^，。；,;]{0,4}?(领导|指导|部署|要求|号召|关心|支持|批准|批复)")
_LEADER_BEFORE = re.compile(r"(在|隶属于?|按照|根据|受|经|向|由|报送|上级)$")


def _party(text: str, authors_only: bool = False) -> list[str]:
    """Party-organization names in a text; `authors_only` drops those named as leaders."""
    names = find_names(text, party=True)
    if authors_only:
        plain = prepare(text)
        names = [
            n
            for n in names
            if not _LEADER_AFTER.match(plain[n.end : n.end + 12])
            and not _LEADER_BEFORE.search(plain[max(0, n.start - 4) : n.start])
        ]
    return [n.name for n in names]


def _units(text: str, subjects_only: bool = False) -> list[str]:
    """Unit names in a text; `subjects_only` keeps those that open a clause (`，XX公司坚持…`),
    not objects of a verb (`走访社区医院`)."""
    names = find_names(text, party=False)
    if subjects_only:
        plain = prepare(text)
        names = [n for n in names if n.start == 0 or not _NAME_CHAR.match(plain[n.start - 1])]
    return [n.name for n in names]


def branch_guesses(text: str, stem: str, titles: list[str]) -> list[Guess]:
    """Party-organization names in trust order: file name, title, 落款, opening, body frequency."""
    out: list[Guess] = []
    for source, places in (
        (SRC_FILE, [stem]),
        (SRC_TITLE, titles),
        (SRC_SIGN, signature_lines(text)),
        (SRC_BODY, [opening(text, titles[0] if titles else "")]),
    ):
        for place in places:
            names = _party(place, authors_only=source == SRC_BODY)
            out.extend(Guess(n, source, CONFIDENCE[source]) for n in names)
    counts = Counter(_party(text[:20000], authors_only=True))
    for name, n in counts.most_common(3):
        out.append(Guess(name, SRC_BODY, BODY_TAIL_CONFIDENCE if n >= 2 else BODY_ONCE_CONFIDENCE))
    return _dedupe(out)


def _dedupe(guesses: list[Guess]) -> list[Guess]:
    seen: set[str | int] = set()
    out = []
    for g in guesses:
        if g.value not in seen:
            seen.add(g.value)
            out.append(g)
    return out


def organization_guesses(
    text: str, stem: str, titles: list[str], branch: Guess | None
) -> list[Guess]:
    """Unit names: the unit inside the branch's name, then file name, title, 落款, opening."""
    out: list[Guess] = []
    if branch and isinstance(branch.value, str):
        unit = _unit_of(branch.value)
        if unit:
            out.append(Guess(unit, branch.source, branch.confidence))
    for source, places in (
        (SRC_FILE, [stem]),
        (SRC_TITLE, titles),
        (SRC_SIGN, signature_lines(text)),
        (SRC_BODY, [opening(text, titles[0] if titles else "")]),
    ):
        for place in places:
            units = _units(place, subjects_only=source == SRC_BODY)
            out.extend(Guess(u, source, CONFIDENCE[source]) for u in units)
    m = _BELONGS.search(prepare(text[:3000]))  # "隶属于大兴城建开发集团公司党委"
    parent_unit = _unit_of(_party(m.group(1))[0]) if m and _party(m.group(1)) else ""
    if parent_unit:
        out.append(Guess(parent_unit, SRC_BODY, CONFIDENCE[SRC_BODY]))
    return _dedupe(out)


def _unit_of(name: str) -> str:
    """The unit a party organization's name starts with (`市第一人民医院内科党总支` → `市第一人民医院`)."""
    inside = [u for u in _units(name) if name.startswith(u)]
    return max(inside, key=len) if inside else ""


def _to_int_year(raw: str) -> int:
    return int("".join(_CN_NUM.get(c, c) for c in raw))


def year_in_heading(text: str) -> int | None:
    """The report's year in a title or file name: `2023年度` wins over a plain `2024年`."""
    years = [(int(m.group(1)), m.group(2) == "年度") for m in _YEAR.finditer(prepare(text))]
    marked = [y for y, is_annual in years if is_annual]
    if marked:
        return marked[0]
    return years[0][0] if years else None


def year_in_signature(text: str) -> int | None:
    """The year of the date that signs the report."""
    for line in reversed(signature_lines(text)):
        m = _DATE.search(line)
        if m:
            year = _to_int_year(m.group(1))
            if 1921 <= year <= 2100:
                return year
    return None


def year_in_body(text: str) -> int | None:
    """`N年度` in the body; else `党成立N周年`; else the commonest year that dates no founding or
    plan (ties: the latest)."""
    body = prepare(text[:20000])
    annual = re.findall(r"((?:19[2-9]|20[0-9])[0-9])\s*年度", body)
    if annual:
        return Counter(int(y) for y in annual).most_common(1)[0][0]
    m = _ANNIVERSARY.search(body)
    if m:
        return 1921 + int(m.group(1))
    counts: Counter[int] = Counter()
    for m in _YEAR.finditer(body):
        if not m.group(2):
            continue
        before, after = body[max(0, m.start() - 6) : m.start()], body[m.end() : m.end() + 12]
        if _FOUNDING_AFTER.match(after) or _FOUNDING_BEFORE.search(before):
            continue
        if _PLAN_AFTER.match(after):
            continue
        counts[int(m.group(1))] += 1
    if not counts:
        return None
    top = max(counts.values())
    return max(y for y, n in counts.items() if n == top)
