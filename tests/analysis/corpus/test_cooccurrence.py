"""Co-occurrence network: Jaccard over sentences, top edges, communities, seeded layout."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.resources import default_texts
from analysis.corpus.cooccurrence import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    cooccurrence_network,
    network_layout,
)
from analysis.text.keywords import sentence_tokens
from analysis.text.lexicon import build_lexicon
from tests.conftest import SAMPLES

SENTENCES = [
    ["党建", "引领"],
    ["党建", "引领"],
    ["党建", "业务"],
    ["疫情", "核酸"],
    ["疫情", "核酸", "核酸"],
]


def _edges(edges):
    return {(r.source, r.target): r.jaccard for r in edges.itertuples(index=False)}


def test_jaccard_over_sentences():
    nodes, edges = cooccurrence_network(SENTENCES)
    assert list(nodes.columns) == NODE_COLUMNS and list(edges.columns) == EDGE_COLUMNS
    assert _edges(edges) == {
        ("核酸", "疫情"): 1.0,  # both in the same two sentences
        ("党建", "引领"): round(2 / 3, 4),  # 党建 in 3 sentences, 引领 in 2, together in 2
        ("党建", "业务"): round(1 / 3, 4),
    }
    counts = dict(zip(nodes["term"], nodes["count"], strict=True))
    assert counts == {
        "党建": 3,
        "引领": 2,
        "核酸": 2,
        "疫情": 2,
        "业务": 1,
    }  # sentences, not tokens


def test_communities_separate_unrelated_groups():
    nodes, _ = cooccurrence_network(SENTENCES)
    group = dict(zip(nodes["term"], nodes["community"], strict=True))
    assert group["党建"] == group["引领"] == group["业务"]
    assert group["疫情"] == group["核酸"] != group["党建"]
    assert group["党建"] == 0  # the largest community is numbered 0


@pytest.mark.parametrize(("top_terms", "top_edges"), [(60, 1), (60, 2), (2, 120), (3, 120)])
def test_limits(top_terms, top_edges):
    nodes, edges = cooccurrence_network(SENTENCES, top_terms=top_terms, top_edges=top_edges)
    assert len(edges) <= top_edges
    assert len(nodes) <= top_terms
    assert set(edges["source"]) | set(edges["target"]) == set(nodes["term"])
    assert list(edges["jaccard"]) == sorted(edges["jaccard"], reverse=True)


@pytest.mark.parametrize("docs", [[], [[]], [["党建"]], [["党建"], ["引领"]]])
def test_no_edges_gives_empty_frames(docs):
    nodes, edges = cooccurrence_network(docs)
    assert nodes.empty and edges.empty
    assert list(nodes.columns) == NODE_COLUMNS and list(edges.columns) == EDGE_COLUMNS
    assert network_layout(nodes, edges) == {}


def test_layout_is_seeded():
    nodes, edges = cooccurrence_network(SENTENCES)
    a = network_layout(nodes, edges, seed=1)
    assert set(a) == set(nodes["term"])
    assert a == network_layout(nodes, edges, seed=1)
    assert a != network_layout(nodes, edges, seed=2)
    assert all(-1.01 <= v <= 1.01 for xy in a.values() for v in xy)


def test_sample_network():
    lex = build_lexicon(default_texts())
    sentences = [s for p in SAMPLES for s in sentence_tokens(lex, p.read_text(encoding="utf-8"))]
    nodes, edges = cooccurrence_network(sentences, top_terms=60, top_edges=120)
    assert len(edges) == 120 and 20 <= len(nodes) <= 60
    assert ("兴城", "投资") in _edges(edges)
    assert nodes["community"].nunique() >= 2
    assert not set(nodes["term"]) & lex.officialese


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("甲乙丙丁戊己庚辛"), max_size=5), max_size=20))
def test_never_raises(docs):
    nodes, edges = cooccurrence_network(docs, top_terms=5, top_edges=6)
    assert len(edges) <= 6
    assert ((edges["jaccard"] > 0) & (edges["jaccard"] <= 1)).all()
    assert (nodes["community"] >= 0).all()
