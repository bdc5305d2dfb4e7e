"""Topic discovery: NMF topics over sample paragraphs, deterministic, graceful on tiny input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.resources import default_texts
from analysis.corpus.topics import Topic, discover_topics
from analysis.text.lexicon import build_lexicon
from tests.conftest import SAMPLES

# Paragraphs and inline items (一是…二是…) of the samples, as the UI would pass them.
PASSAGES = [
    p
    for path in SAMPLES
    for p in re.split(r"\n|(?=[一二三四五六]是)", path.read_text(encoding="utf-8"))
    if len(p) > 30
]


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(default_texts())


@pytest.fixture(scope="module")
def topics(lex):
    return discover_topics(PASSAGES, lex, n_topics=8)


def test_topics_from_the_samples(topics, lex):
    assert 4 <= len(topics) <= 8
    for t in topics:
        assert isinstance(t, Topic)
        assert len(t.terms) == len(t.weights) > 0 and t.weights[0] == 1.0
        assert list(t.weights) == sorted(t.weights, reverse=True)
        assert not set(t.terms) & (lex.stopwords | lex.officialese)
        assert t.examples and all(e in PASSAGES for e in t.examples)
    shares = [t.share for t in topics]
    assert shares == sorted(shares, reverse=True) and 0.9 <= sum(shares) <= 1.0001


def test_a_topic_finds_the_building_report(topics):
    """Sample 003 (楼宇党建) is distinct enough to form its own topic."""
    building = [t for t in topics if "楼宇" in t.terms[:3]]
    assert building and "楼宇" in building[0].examples[0]
    assert "·" in building[0].label


def test_topics_are_deterministic(topics, lex):
    again = discover_topics(PASSAGES, lex, n_topics=8)
    assert again == topics


@pytest.mark.parametrize(
    "passages",
    [
        [],
        [""],
        ["一句话。"],
        ["支部开展主题党日活动，落实三会一课制度。"],
        ["的了和是在。", "我们你们他们。"],  # only stopwords
        ["支部开展主题党日活动。", "支部开展主题党日活动。"],
    ],
)
def test_tiny_input_gives_few_or_no_topics(passages, lex):
    topics = discover_topics(passages, lex, n_topics=8)
    assert len(topics) <= max(0, len(passages) - 1)


def test_fewer_passages_than_topics(lex):
    topics = discover_topics(PASSAGES[:4], lex, n_topics=8)
    assert 1 <= len(topics) <= 3


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=6), st.integers(min_value=0, max_value=10))
def test_discover_topics_never_raises(passages, n_topics):
    lx = build_lexicon(default_texts())
    topics = discover_topics(passages, lx, n_topics=n_topics)
    assert len(topics) <= max(n_topics, 0)
