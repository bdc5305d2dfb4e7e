"""Co-occurrence network of keywords, as in KH Coder: Jaccard over sentences, top edges,
communities by greedy modularity, and a seeded layout for plotting."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

import networkx as nx
import pandas as pd

NODE_COLUMNS = ["term", "count", "community"]
EDGE_COLUMNS = ["source", "target", "jaccard"]


def _sentence_sets(docs_tokens: Sequence[Sequence[str]]) -> dict[str, set[int]]:
    """term -> indices of the sentences containing it."""
    where: dict[str, set[int]] = defaultdict(set)
    for i, sentence in enumerate(docs_tokens):
        for term in set(sentence):
            where[term].add(i)
    return where


def _top_terms(where: dict[str, set[int]], top_terms: int) -> list[str]:
    """The most frequent terms (by sentences containing them; ties by term)."""
    ranked = sorted(where, key=lambda t: (-len(where[t]), t))
    return ranked[:top_terms]


def _edges(where: dict[str, set[int]], terms: list[str], top_edges: int) -> list[tuple]:
    """(source, target, jaccard, co-count) of the strongest pairs that co-occur at least once."""
    pairs = []
    for a, b in combinations(terms, 2):
        both = len(where[a] & where[b])
        if both:
            jac = both / len(where[a] | where[b])
            pairs.append((a, b, round(jac, 4), both))
    pairs.sort(key=lambda e: (-e[2], -e[3], e[0], e[1]))
    return pairs[:top_edges]


def _communities(edges: list[tuple]) -> dict[str, int]:
    """term -> community number (0 = largest), greedy modularity on Jaccard weights."""
    g = nx.Graph()
    g.add_weighted_edges_from((a, b, j) for a, b, j, _ in edges)
    if g.number_of_edges() == 0:
        return {}
    groups = nx.community.greedy_modularity_communities(g, weight="weight")
    ordered = sorted(groups, key=lambda c: (-len(c), min(c)))
    return {term: i for i, group in enumerate(ordered) for term in group}


def cooccurrence_network(
    docs_tokens: Sequence[Sequence[str]], top_terms: int = 60, top_edges: int = 120
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes[term, count, community], edges[source, target, jaccard]) over sentence units.

    Only terms on a kept edge appear as nodes; `count` is the number of sentences with the term.
    """
    where = _sentence_sets(docs_tokens)
    edges = _edges(where, _top_terms(where, top_terms), top_edges)
    community = _communities(edges)
    in_edges = Counter(t for a, b, _, _ in edges for t in (a, b))
    nodes = sorted(in_edges, key=lambda t: (-len(where[t]), t))
    node_rows = [(t, len(where[t]), community.get(t, -1)) for t in nodes]
    edge_rows = [(a, b, j) for a, b, j, _ in edges]
    return (
        pd.DataFrame(node_rows, columns=NODE_COLUMNS),
        pd.DataFrame(edge_rows, columns=EDGE_COLUMNS),
    )


def network_layout(
    nodes: pd.DataFrame, edges: pd.DataFrame, seed: int = 1
) -> dict[str, tuple[float, float]]:
    """term -> (x, y) in [-1, 1], a seeded spring layout weighted by Jaccard."""
    g = nx.Graph()
    g.add_nodes_from(nodes["term"] if "term" in nodes.columns else [])
    for row in edges.itertuples(index=False):
        g.add_edge(row.source, row.target, weight=float(str(row.jaccard)))
    if g.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(g, seed=seed, weight="weight")
    return {str(t): (float(x), float(y)) for t, (x, y) in pos.items()}
