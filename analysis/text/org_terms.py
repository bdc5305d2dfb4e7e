"""Organization names are not findings: which counted terms are (mostly) parts of organization names.

A branch's own name (`楼宇综合党委`, `兴城` of `兴城投资党支部`) is the most "distinctive" word of its
report and leads its word cloud, and tells the reader nothing. `org_name_terms` finds the terms of
a report that are parts of organization names (names recognised by analysis.text.orgnames plus
the names the caller knows, e.g. the report's branch and organization) and occur mostly inside
such names, so a word like `投资` that the report also uses on its own is kept.
"""

from __future__ import annotations

from collections.abc import Iterable

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
    for suffix in suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _substrings(text: str) -> set[str]:
    """Every substring of at least MIN_TERM characters."""
    return {text[i:j] for i in range(len(text)) for j in range(i + MIN_TERM, len(text) + 1)}


def _all_names(text: str, known: Iterable[str]) -> set[str]:
    """`known` names (Simplified) plus the names found in the text at least MIN_FOUND times."""
    found = [n.name for n in find_names(text)]
    names = {n for n in found if found.count(n) >= MIN_FOUND}
    return names | {to_simplified(str(k))[0].strip() for k in known if k and str(k).strip()}


def report_org_names(text: str, known: Iterable[str] = ()) -> list[str]:
    """The organization names of a report: `known` ones (metadata) plus those found in its text
    at least MIN_FOUND times; visible parts only, Simplified, longest first."""
    parts = {p for n in _all_names(text, known) for p in _name_parts(n)}
    return sorted(parts, key=lambda s: (-len(s), s))


def org_name_terms(text: str, terms: Iterable[str], known: Iterable[str] = ()) -> set[str]:
    """The `terms` that are organization names or parts of their proper names in `text`.

    The names are known (`known`: e.g. the branch and organization of the report's metadata) or
    found in the text. A term is one when it is a whole name, the start of a name's proper part
    (the name without its suffix; the short form a report uses: `兴城` of 兴城投资党支部, also in
    its brands 兴城·微党课), or another part of a proper part of which more than half the
    occurrences in the text lie inside the names (`投资` is kept where the report speaks of
    投资 on its own). Suffixes alone (党支部, 公司) are not names.
    """
    names = [n for n in report_org_names(text, known) if n not in suffixes()]
    if not names:
        return set()
    propers = [proper_part(n) for n in names]
    # The start of an unredacted proper name is the report's short form of it ("兴城"); the
    # visible tail of a redacted name ("**发展有限公司" -> 发展) is not, nor a bare suffix (公司).
    whole = {proper_part(n) for n in _all_names(text, known) if not set(n) & set(_REDACTION)}
    always = set(names) | {
        p[:k] for p in whole if p not in suffixes() for k in range(MIN_TERM, len(p) + 1)
    }
    parts = {sub for p in propers if p not in suffixes() for sub in _substrings(p)}
    out = set()
    for term in terms:
        if term in always:
            out.add(term)
            continue
        if len(term) < MIN_TERM or term not in parts:
            continue
        total = text.count(term)
        inside = sum(text.count(name) * name.count(term) for name in names if term in name)
        if total == 0 or 2 * min(inside, total) > total:
            out.add(term)
    return out
