"""Where organization names sit in a text, so a word inside one (综合党委 in **楼宇综合党委) is not
read as evidence of a theme: a branch's own name says nothing about what it does."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import ahocorasick

from analysis.text.orgnames import MAX_PROPER, find_names, suffixes


@lru_cache(maxsize=1)
def _suffix_automaton() -> ahocorasick.Automaton:
    """Organization suffixes (党支部, 综合党委, 集团 …, data/org_suffixes.txt) -> their length."""
    auto = ahocorasick.Automaton()
    for s in suffixes():
        auto.add_word(s, len(s))
    auto.make_automaton()
    return auto


# A character an organization's proper name may hold (orgnames._NAME_CHAR).
_NAME_CHAR = r"[\u4e00-\u9fff0-9A-Za-z*＊×]"
# A run of such characters after a word, as far as a name can reach.
_NAME_RUN_RE = re.compile(f"{_NAME_CHAR}{{0,{MAX_PROPER}}}")
# A run of them of any length, matched on the reversed text: the run that ends at a suffix.
_NAME_RUN_BACK_RE = re.compile(f"{_NAME_CHAR}*")


class NameSpans:
    """Answers "is text[start:end] inside an organization name?" for one text, cheaply: only a
    word that runs without a break into an organization suffix is checked with the recognizer."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._suffixes: list[tuple[int, int]] | None = None
        self._starts: list[int] = []
        self._runs: list[int] | None = None

    def _suffix_spans(self) -> list[tuple[int, int]]:
        if self._suffixes is None:
            self._suffixes = sorted(
                (end - n + 1, end + 1) for end, n in _suffix_automaton().iter(self.text)
            )
            self._starts = [s for s, _ in self._suffixes]
        return self._suffixes

    def suffix_starts(self) -> list[int]:
        """Sorted start offsets of the organization suffixes in the text (党支部, 集团 …)."""
        self._suffix_spans()
        return self._starts

    def run_starts(self) -> list[int]:
        """Per suffix (in `suffix_starts` order), where the unbroken run of name characters that
        ends at its start begins: a word ending before that is cut off from it by a break."""
        if self._runs is None:
            reverse, size = self.text[::-1], len(self.text)
            self._runs = []
            for at in self.suffix_starts():
                back = size - at  # the suffix's start, read backwards
                run = _NAME_RUN_BACK_RE.match(reverse, back).end() - back  # type: ignore[union-attr]
                self._runs.append(at - run)
        return self._runs

    def covers(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies inside an organization name (e.g. 综合党委 in
        **楼宇综合党委): such a word names the branch, it is no evidence of a theme."""
        text, spans = self.text, self._suffix_spans()
        k = bisect.bisect_left(self._starts, start)  # the first suffix starting at or after it
        if k == len(spans) or spans[k][0] > end + MAX_PROPER:
            return False  # no suffix within reach of the longest name run: most words
        run_end = end + len(_NAME_RUN_RE.match(text, end).group())  # type: ignore[union-attr]
        while k < len(spans) and spans[k][0] <= run_end:
            if spans[k][1] >= end:  # the first suffix reached from the word without a break
                lo = max(0, start - MAX_PROPER)
                names = find_names(text[lo : spans[k][1]])
                return any(n.start <= start - lo and end - lo <= n.end for n in names)
            k += 1
        return False
