"""Organization-name spans for theme evidence: the cheap pre-checks decide exactly like the
recognizer (analysis.text.name_spans, theme_scoring._by_sentence)."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.resources import default_texts
from analysis.text.name_spans import NameSpans
from analysis.text.theme_dictionary import parse_theme_dictionary
from analysis.text.theme_scoring import _automaton, _by_sentence, _sentence_ends


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("兴城投资党支部", [0, 0]),  # 党支部 and 支部: the run before both starts at 兴
        ("开展工作，第一党支部", [5, 5]),
        ("党支部", [0, 0]),
        ("学习 A3公司", [3]),
        ("没有组织", []),
    ],
)
def test_run_starts(text, runs):
    spans = NameSpans(text)
    assert len(spans.suffix_starts()) == len(runs)
    assert spans.run_starts() == runs


def _reference(text: str, auto) -> dict[int, list]:
    """_by_sentence as it read before its pre-checks: the recognizer asked for every word."""
    ends, in_name, found = _sentence_ends(text), NameSpans(text), {}
    for end, value in auto.iter(text):
        start = end - value[0] + 1
        if not in_name.covers(start, end + 1):
            found.setdefault(bisect.bisect_right(ends, start), []).append((start, value))
    return found


DICTIONARY = parse_theme_dictionary(default_texts().themes)
WORDS = sorted({w for t in DICTIONARY.themes for w in t.words})[:40]
PIECES = [
    *WORDS,
    "党支部",
    "支部",
    "党委",
    "集团",
    "公司",
    "兴城",
    "A1",
    "**",
    "，",
    "。",
    " ",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_words_left_out_as_names_equal_the_reference(pieces):
    text = "".join(pieces)
    auto = _automaton(DICTIONARY)
    assert _by_sentence(text, auto)[1] == _reference(text, auto)


def test_a_word_inside_a_name_is_left_out():
    text = "我们在党建引领党支部开展学习。党建引领，党支部开展学习。"
    auto = _automaton(DICTIONARY)
    kept = [start for values in _by_sentence(text, auto)[1].values() for start, _ in values]
    assert kept == [s for values in _reference(text, auto).values() for s, _ in values]
