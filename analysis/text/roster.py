"""The roster (组织名录) as data, and matching a guessed name to it: pure functions, no store.

Matching tries, most certain first: the exact name, an alias, the normalized spelling
(`第一党支部`↔`一支部`, full/half width, Traditional), a redacted name whose visible part fits one
entry only (`**楼宇综合党委`), one name ending with the other (`大兴城建兴城投资党支部`↔`兴城投资党支部`),
and an entry's proper name followed by a misspelt suffix (`机关第一党之部`). Anything that fits two
entries, or fits less surely than MATCH_THRESHOLD, is left for a person to confirm (待确认): a wrong
match silently relabels a report, an unsure one only asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from analysis.text.orgnames import normalize, prepare, suffixes

MATCH_THRESHOLD = 0.8
STATUS_MATCHED = "matched"
STATUS_REVIEW = "待确认"
STATUS_INFERRED = "inferred"  # no roster to check against: the inference as is

HOW_EXACT, HOW_ALIAS, HOW_NORMAL = "名称", "别名", "规范化"
HOW_REDACTED, HOW_TAIL, HOW_SCAN = "脱敏", "简称", "名录扫描"
_CONFIDENCE = {
    HOW_EXACT: 1.0,
    HOW_ALIAS: 0.95,
    HOW_NORMAL: 0.9,
    HOW_REDACTED: 0.85,
    HOW_TAIL: 0.8,
    HOW_SCAN: 0.8,
}
_SHORT_SUFFIXES = ("支部", "总支", "工委", "党委", "党组", "联合支部", "临时支部")
_GENERIC_VISIBLE = re.compile(r"^(公司|集团|单位|机关|社区|企业|中心)?$")


@dataclass(frozen=True)
class RosterEntry:
    """One organization of the roster: canonical name, parent, type, aliases (简称, old names)."""

    name: str
    parent: str = ""
    type: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """The roster entry a name matched (None: no sure match), how, and how surely."""

    entry: RosterEntry | None = None
    how: str = ""
    confidence: float = 0.0
    candidates: tuple[str, ...] = ()  # entries it might be, when unsure

    @property
    def matched(self) -> bool:
        return self.entry is not None and self.confidence >= MATCH_THRESHOLD


@dataclass(frozen=True)
class Roster:
    """The roster's entries in order, with the lookups matching needs (built once)."""

    entries: tuple[RosterEntry, ...] = ()
    _by_name: dict[str, RosterEntry] = field(default_factory=dict, repr=False, compare=False)
    _by_alias: dict[str, RosterEntry] = field(default_factory=dict, repr=False, compare=False)
    _by_key: dict[str, list[RosterEntry]] = field(default_factory=dict, repr=False, compare=False)
    # (spelling, its proper part, its suffix, entry) as a text writes them, for `scan_text`.
    _written: list[tuple[str, str, str, RosterEntry]] = field(
        default_factory=list, repr=False, compare=False
    )
    _by_tail: dict[str, list[tuple[str, RosterEntry]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _scan: list[Any] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            self._by_name.setdefault(e.name, e)
            for alias in e.aliases:
                self._by_alias.setdefault(alias, e)
            for spelling in (e.name, *e.aliases):
                key = normalize(spelling)
                bucket = self._by_key.setdefault(key, [])
                if e not in bucket:
                    bucket.append(e)
                for i in range(1, len(key)):
                    self._by_tail.setdefault(key[i:], []).append((key, e))
                written = prepare(spelling)
                suffix = next((s for s in suffixes() if written.endswith(s)), "")
                proper = written[: -len(suffix)] if suffix else ""
                self._written.append((written, proper, suffix, e))

    def __len__(self) -> int:
        return len(self.entries)

    def automaton(self) -> Any:
        """Every written spelling and proper part (≥3 characters) in one Aho-Corasick automaton,
        built on first use: a file name is scanned once, not once per entry."""
        if not self._scan:
            import ahocorasick

            words: dict[str, list[tuple[bool, int]]] = {}
            for index, (spelling, proper, _, _) in enumerate(self._written):
                words.setdefault(spelling, []).append((True, index))
                if len(proper.strip("*X×")) >= 3:
                    words.setdefault(proper, []).append((False, index))
            automaton = ahocorasick.Automaton()
            for word, hits in words.items():
                automaton.add_word(word, hits)
            automaton.make_automaton()
            self._scan.append(automaton)
        return self._scan[0]

    def get(self, name: str) -> RosterEntry | None:
        return self._by_name.get(name)

    def spellings(self) -> Iterable[tuple[str, RosterEntry]]:
        """(normalized spelling, entry) for every name and alias."""
        for key, bucket in self._by_key.items():
            for e in bucket:
                yield key, e


def _found(entry: RosterEntry, how: str) -> Match:
    return Match(entry, how, _CONFIDENCE[how])


def _unsure(entries: Iterable[RosterEntry]) -> Match:
    names = tuple(dict.fromkeys(e.name for e in entries))
    return Match(None, "", 0.0, names)


def _proper(key: str) -> str:
    """A normalized name without its short suffix: `机关一支部` → `机关一`."""
    for suffix in _SHORT_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def _one(entries: list[RosterEntry], how: str) -> Match | None:
    """A match when exactly one entry fits, an unsure one when several do, else None."""
    unique = list(dict.fromkeys(entries))
    if len(unique) == 1:
        return _found(unique[0], how)
    return _unsure(unique) if unique else None


def _redacted(key: str, roster: Roster) -> Match | None:
    """`*楼宇综合党委`: the marks stand for hidden characters; the visible part must be telling."""
    visible = "".join(key.split("*"))
    if _GENERIC_VISIBLE.match(_proper(visible).replace("*", "")):
        return _unsure([])
    pattern = re.compile(".+?".join(map(re.escape, key.split("*"))))
    fits = [e for k, e in roster.spellings() if "*" not in k and pattern.fullmatch(k)]
    return _one(fits, HOW_REDACTED)


def _tail(key: str, roster: Roster) -> Match | None:
    """One name ends with the other, and the shorter one's proper part says enough (≥3 chars)."""
    fits: list[RosterEntry] = []
    if len(_proper(key).strip("*")) >= 3:  # an entry ending with the guess
        fits.extend(e for k, e in roster._by_tail.get(key, []) if k != key)
    for i in range(1, len(key)):  # the guess ending with an entry
        short = key[i:]
        if len(_proper(short).strip("*")) >= 3:
            fits.extend(roster._by_key.get(short, []))
    return _one(fits, HOW_TAIL)


def match_name(name: str, roster: Roster) -> Match:
    """The roster entry a guessed name stands for (see the module docstring for the order)."""
    name = name.strip()
    if not name or not len(roster):
        return Match()
    if e := roster.get(name):
        return _found(e, HOW_EXACT)
    if e := roster._by_alias.get(name):
        return _found(e, HOW_ALIAS)
    key = normalize(name)
    exact = roster._by_key.get(key, [])
    found = _one(exact, HOW_NORMAL)
    if found is None and "*" in key:
        found = _redacted(key, roster)
    if found is None:
        found = _tail(key, roster)
    return found or Match()


def _near(written: str, suffix: str) -> bool:
    """`written` starts like `suffix` with at most one character different (党之部 ~ 党支部)."""
    head = written[: len(suffix)]
    if len(head) < len(suffix):
        return False
    return sum(a != b for a, b in zip(head, suffix, strict=True)) <= 1


def _clean_start(text: str, at: int) -> bool:
    """A name may begin at `at`: the start, after a non-name character, or after a year."""
    if at == 0 or not re.match(r"[\u4e00-\u9fff*×A-Za-z]", text[at - 1]):
        return True
    return bool(re.search(r"[0-9]{4}年度?$", text[:at]))


def scan_text(text: str, roster: Roster) -> Match:
    """An entry named in a short text (a file name, a title): one of its spellings where a name
    begins, or its proper name followed by its suffix misspelt by at most one character; the
    longest such fit, if only one entry has it."""
    plain = re.sub(r"\s+", "", prepare(text))
    fits: list[tuple[int, RosterEntry]] = []
    if not len(roster) or not plain:
        return Match()
    for end, hits in roster.automaton().iter(plain):
        for whole, index in hits:
            spelling, proper, suffix, e = roster._written[index]
            size = len(spelling) if whole else len(proper)
            start = end - size + 1
            if whole and _clean_start(plain, start):  # e.g. "2021年集团党委…"
                fits.append((size + 1, e))
            elif not whole and _near(plain[end + 1 :], suffix):
                fits.append((size, e))
    if not fits:
        return Match()
    best = max(n for n, _ in fits)
    return _one([e for n, e in fits if n == best], HOW_SCAN) or Match()
