"""The year a report covers: from the file name, the title, a byline's date, the 落款, the body.

Rules, in trust order (each a pure function of the text):
- A year in the file name or the title (`2023年度` wins over a plain `2024年`).
- Title against body: a report on the year before states the heading's year nowhere in its body
  (the date that signs it aside: a summary of 2024 is written and signed in January 2025); when
  the body's first sentence leads with an earlier year (`2024年，…`, `2024年以来，…`) and never
  says 今年, or dates another year at least twice by its periods (`2023年一季度`, `2023年上半年`),
  that year is the one reported on. A plan's heading year always stands (its body looks back on the year before).
- A byline's date under the title (a WeChat article's `2025-09-18 08:30`): the year published.
- The year the body's first sentence leads with (`2025年，…`), before the 落款 date: a summary
  of 2025 is often signed in January 2026.
- The 落款 date.
- The body: `N年度`; else `党成立N周年`; else the commonest year that dates no founding, no plan
  and no span's start (`2023年以来` in a report with no heading year says since when, not which
  year).
"""

from __future__ import annotations

import re
from collections import Counter

from analysis.text.identity import (
    CONFIDENCE,
    DATE,
    SRC_BODY,
    SRC_FILE,
    SRC_SIGN,
    SRC_TITLE,
    Guess,
    header_lines,
    opening,
    signature_lines,
)
from analysis.text.orgnames import prepare
from analysis.text.report_kinds import PLAN_KIND, kind_of

BODY_YEAR_CONFIDENCE = 0.5  # the body's commonest year: weaker than any heading or date
_CN_NUM = dict(zip("〇零一二三四五六七八九", "0012345678" + "9", strict=True))
# A year in a title or file name: "2023年度", "2023年", "2023"; not part of a longer number.
_YEAR = re.compile(r"(?<![0-9])((?:19[2-9]|20[0-9])[0-9])(?![0-9])\s*(年度|年)?")
# Years that date something else: founding ("2020年3月成立", "成立于2015年"), "2024年工作打谱".
_FOUNDING_AFTER = re.compile(r"^[^，。,；;]{0,8}?(成立|建立|组建|始建|创建|建成|投用|获批|挂牌)")
_FOUNDED_RIGHT_AFTER = re.compile(
    r"^\s*(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?\s*(成立|组建|始建|建成|挂牌)"
)
_FOUNDING_BEFORE = re.compile(r"(成立|建立|组建|始建|创建|建)(于|在)\s*$")
_PLAN_AFTER = re.compile(r"^\s*年?(工作)?(打算|打谱|计划|思路|安排|目标)")
# "中国共产党成立101周年" → the report is of 1921 + 101.
_ANNIVERSARY = re.compile(r"(?:建党|党成立|共产党成立|党的生日)\s*([0-9]{2,3})\s*周年")
# A year the body reports on by its parts: "2023年以来", "2023年一季度", "2023年上半年".
_PERIOD_AFTER = re.compile(
    r"^\s*(?:以来|全年|[一二三四1-4]季度|第[一二三四1-4]季度|上半年|下半年|[0-9]{1,2}月)"
)
# An opening that says which year it reviews: "总结2025年集团党建工作" (a meeting report).
_REVIEWS_YEAR = re.compile(r"(?:总结|回顾)\s*((?:19[2-9]|20[0-9])[0-9])\s*年")
_REVIEW_CHARS = 300  # the opening lines state a meeting's tasks
_THIS_YEAR = "今年"  # "今年以来": the body is written within the year it reports on
_SPAN_START = re.compile(r"^\s*(?:以来|来)")  # "2023年以来": since when, not which year
# A first sentence that leads with its year: "2024年，", "2024年以来，", "2024年度，".
_LEAD_YEAR = re.compile(r"^\s*((?:19[2-9]|20[0-9])[0-9])\s*年度?(以来)?\s*[，,]")


def _to_int_year(raw: str) -> int:
    return int("".join(_CN_NUM.get(c, c) for c in raw))


def _founding(plain: str, m: re.Match[str], strict: bool = False) -> bool:
    """Whether the year matched dates a founding (`成立于2021年`, `2020年3月成立`); `strict`
    (a heading) wants a founding verb right after the date (`2023年创建“五好”党支部工作总结`,
    `2023年度党建品牌创建` name a year's campaign)."""
    before, after = plain[max(0, m.start() - 6) : m.start()], plain[m.end() : m.end() + 12]
    founded = _FOUNDED_RIGHT_AFTER if strict else _FOUNDING_AFTER
    return bool(founded.match(after) or _FOUNDING_BEFORE.search(before))


def year_in_heading(text: str) -> int | None:
    """The report's year in a title or file name: `2023年度` wins over a plain `2024年`; a
    founding date (a subtitle run into the body: `…经验材料XX党委成立于2021年`) is none."""
    plain = prepare(text)
    matches = [m for m in _YEAR.finditer(plain) if not _founding(plain, m, strict=True)]
    years = [(int(m.group(1)), m.group(2) == "年度") for m in matches]
    marked = [y for y, is_annual in years if is_annual]
    if marked:
        return marked[0]
    return years[0][0] if years else None


def year_in_signature(text: str) -> int | None:
    """The year of the date that signs the report."""
    for line in reversed(signature_lines(text)):
        m = DATE.search(line)
        if m:
            year = _to_int_year(m.group(1))
            if 1921 <= year <= 2100:
                return year
    return None


def _dated_years(body: str) -> list[tuple[int, str]]:
    """(year, the words after it) of every `N年`/`N年度` in prepared text that dates neither a
    founding nor a plan."""
    out = []
    for m in _YEAR.finditer(body):
        if not m.group(2):
            continue
        after = body[m.end() : m.end() + 12]
        if _founding(body, m) or _PLAN_AFTER.match(after):
            continue
        out.append((int(m.group(1)), after))
    return out


def year_in_body(text: str) -> int | None:
    """`N年度` in the body; else `党成立N周年`; else the commonest year that dates no founding,
    plan or span's start (ties: the latest)."""
    body = prepare(text[:20000])
    annual = re.findall(r"((?:19[2-9]|20[0-9])[0-9])\s*年度", body)
    if annual:
        return Counter(int(y) for y in annual).most_common(1)[0][0]
    m = _ANNIVERSARY.search(body)
    if m:
        return 1921 + int(m.group(1))
    counts = Counter(y for y, after in _dated_years(body) if not _SPAN_START.match(after))
    if not counts:
        return None
    top = max(counts.values())
    return max(y for y, n in counts.items() if n == top)


def lead_year(body: str, spans: bool = True) -> int | None:
    """The year the body's first sentence leads with (`2024年，…`; with `spans`, also
    `2024年以来，…`): the period it reports on, which the 落款's date (the writing's, often early
    the next year) is not. A span's start alone (no heading year to contradict) says since when."""
    m = _LEAD_YEAR.match(prepare(opening(body, "")))
    return int(m.group(1)) if m and (spans or not m.group(2)) else None


def year_the_body_reports(text: str, heading_year: int) -> int | None:
    """The year the body (title and 落款 lines left out) reports on when it contradicts the
    heading's: the body never dates anything in `heading_year`, and either its first sentence
    leads with an earlier year (and the body never says 今年: a body written within the year it
    reports on calls it so, and an earlier year leading it is background) or it dates another
    year at least twice, by its periods; None when the heading's year stands."""
    reviewed = _REVIEWS_YEAR.search(prepare(text[:_REVIEW_CHARS]))
    if reviewed and int(reviewed.group(1)) < heading_year:
        return int(reviewed.group(1))  # "总结2025年集团党建工作，部署2026年…" at a 2026 meeting
    dated = _dated_years(prepare(text[:20000]))
    if any(y == heading_year for y, _ in dated):
        return None
    lead = lead_year(text)
    if lead and lead < heading_year and _THIS_YEAR not in text[:20000]:
        return lead
    periods = Counter(y for y, after in dated if _PERIOD_AFTER.match(after))
    counts = Counter(y for y, _ in dated)
    best = [y for y, n in periods.most_common() if n >= 1 and counts[y] >= 2]
    return best[0] if len(best) == 1 or (best and periods[best[0]] > periods[best[1]]) else None


def year_in_header(text: str, titles: list[str]) -> int | None:
    """The year of a date on the lines under the title (a WeChat byline `XX 2025-06-12`)."""
    for line in header_lines(text, titles):
        m = DATE.search(prepare(line))
        year = _to_int_year(m.group(1)) if m else 0
        if 1921 <= year <= 2100:
            return year
    return None


def _body(text: str, titles: list[str]) -> str:
    """The text without its title, header and 落款 lines (they date the writing, not the
    period reported on)."""
    skip = {*titles, *header_lines(text, titles), *signature_lines(text)}
    return "\n".join(ln for ln in text[:20000].splitlines() if ln.strip() not in skip)


def year_guesses(text: str, stem: str, titles: list[str]) -> list[Guess | None]:
    """The report's year in trust order: file name, title (the body's own year first when it
    contradicts them), a byline's date, the 落款 date, then the body (never a founding date)."""
    out: list[Guess | None] = []
    year = year_in_heading(stem) if stem else None
    out.append(Guess(year, SRC_FILE, CONFIDENCE[SRC_FILE]) if year else None)
    for title in titles:
        year = year_in_heading(title)
        out.append(Guess(year, SRC_TITLE, CONFIDENCE[SRC_TITLE]) if year else None)
    heading = next((g for g in out if g is not None), None)
    plan = any(kind_of(h) == PLAN_KIND for h in (stem, *titles) if h)
    body = _body(text, titles)
    covered = year_the_body_reports(body, int(heading.value)) if heading else None
    if covered and not plan:  # the title says one year, the body reports on the year before
        out.insert(0, Guess(covered, SRC_BODY, CONFIDENCE[SRC_BODY]))
    year = year_in_header(text, titles)
    out.append(Guess(year, SRC_SIGN, CONFIDENCE[SRC_SIGN]) if year else None)
    year = lead_year(
        body, spans=False
    )  # before the 落款: a summary of 2025 is signed in January 2026
    out.append(Guess(year, SRC_BODY, CONFIDENCE[SRC_BODY]) if year else None)
    year = year_in_signature(text)
    out.append(Guess(year, SRC_SIGN, CONFIDENCE[SRC_SIGN]) if year else None)
    year = year_in_body(text)
    out.append(Guess(year, SRC_BODY, BODY_YEAR_CONFIDENCE) if year else None)
    return out
