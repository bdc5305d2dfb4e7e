"""Organization names are not findings: which counted terms are (mostly) parts of organization names.

A branch's own name (`楼宇综合党委`, `兴城` of `兴城投资党支部`) is the most "distinctive" word of its
report and leads its word cloud, and tells the reader nothing. `org_name_terms` finds the terms of
a report that are parts of organization names (names recognised by analysis.text.orgnames plus
the names the caller knows, e.g. the report's branch and organization) and occur mostly inside
such names, so a word like `投资` that the report also uses on its own is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from analysis.core.script import to_simplified
from analysis.text.orgnames import find_names, suffixes

MIN_TERM = 2  # one character is never removed (党, 城 …)
MIN_FOUND = 2  # a name found in the text counts when written this often (one-off finds are noise)
_REDACTION = "*＊×"


def _name_parts(name: str) -> list[str]:
    """The visible runs of a name between redaction marks (`**楼宇综合党委` -> [`楼宇综合党委`])."""
    parts = [name]
    for mark in _REDACTION:
        parts = [p for part in parts for p in part.split(mark)]
    return [p for p in parts if len(p) >= MIN_TERM]


def proper_part(name: str) -> str:
    """The name without its suffix (`兴城投资党支部` -> `兴城投资`), or the name when it has none."""
    table = suffixes()
    longest = len(next(iter(table), ""))
    for size in range(min(longest, len(name) - 1), 0, -1):  # the longest suffix it ends with
        if name[-size:] in table:
            return name[:-size]
    return name


def _substrings(text: str) -> set[str]:
    """Every substring of at least MIN_TERM characters."""
    return {text[i:j] for i in range(len(text)) for j in range(i + MIN_TERM, len(text) + 1)}


def found_names(text: str) -> tuple[str, ...]:
    """The organization names written in `text` at least MIN_FOUND times, sorted.

    They depend on the text only, so the pipeline keeps them with the analysis
    (`Analysis.org_names`) and pages never scan a report's text for names again."""
    counts = Counter(n.name for n in find_names(text))
    return tuple(sorted(name for name, count in counts.items() if count >= MIN_FOUND))


def _all_names(text: str, known: Iterable[str], found: Iterable[str] | None) -> set[str]:
    """`known` names (Simplified) plus the names found in the text (`found`, when the caller
    has them from the analysis; else the text is scanned)."""
    names = set(found_names(text) if found is None else found)
    return names | {to_simplified(str(k))[0].strip() for k in known if k and str(k).strip()}


def _visible_parts(names: Iterable[str]) -> list[str]:
    """The visible parts of names, longest first."""
    parts = {p for n in names for p in _name_parts(n)}
    return sorted(parts, key=lambda s: (-len(s), s))


def report_org_names(
    text: str, known: Iterable[str] = (), found: Iterable[str] | None = None
) -> list[str]:
    """The organization names of a report: `known` ones (metadata) plus those found in its text
    at least MIN_FOUND times (`found`: `Analysis.org_names`, or None to scan `text`); visible
    parts only, Simplified, longest first."""
    return _visible_parts(_all_names(text, known, found))


def org_name_terms(
    text: str, terms: Iterable[str], known: Iterable[str] = (), found: Iterable[str] | None = None
) -> set[str]:
    """The `terms` that are organization names or parts of their proper names in `text`.

    The names are known (`known`: e.g. the branch and organization of the report's metadata) or
    found in the text (`found`: the analysis's `org_names`; None scans `text` for them). A term
    is one when it is a whole name, the start of a name's proper part (the name without its
    suffix; the short form a report uses: `兴城` of 兴城投资党支部, also in its brands
    兴城·微党课), or another part of a proper part of which more than half the occurrences in the
    text lie inside the names (`投资` is kept where the report speaks of 投资 on its own).
    Suffixes alone (党支部, 公司) are not names.
    """
    every = _all_names(text, known, found)
    names = [n for n in _visible_parts(every) if n not in suffixes()]
    if not names:
        return set()
    # The start of an unredacted proper name is the report's short form of it ("兴城"); the
    # visible tail of a redacted name ("**发展有限公司" -> 发展) is not, nor a bare suffix (公司).
    whole = {proper_part(n) for n in every if not set(n) & set(_REDACTION)}
    always = set(names) | {
        p[:k] for p in whole if p not in suffixes() for k in range(MIN_TERM, len(p) + 1)
    }
    propers = {proper_part(n) for n in names}
    parts = {sub for p in propers if p not in suffixes() for sub in _substrings(p)}
    # A report has hundreds of terms and its names a few dozen substrings: look these up.
    pool = terms if isinstance(terms, (AbstractSet, Mapping)) else set(terms)
    out = {t for t in always if t in pool}
    candidates = [t for t in parts - always if t in pool]
    # Other parts of proper names: only they need the text counted, each name once.
    name_counts: dict[str, int] = {}
    for term in candidates:
        inside = 0
        for name in names:
            if term in name:
                if name not in name_counts:
                    name_counts[name] = text.count(name)
                inside += name_counts[name] * name.count(term)
        total = text.count(term)
        if total == 0 or 2 * min(inside, total) > total:
            out.add(term)
    return out
