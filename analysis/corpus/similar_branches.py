"""Which branches write alike: branch x branch similarity, clusters, a 2-D map, nearest branches.

The similarity of two branches is the comparison's overall similarity (`compare.similarity_parts`
blended by `compare.overall_similarity`: words, themes, measures, formulations; a part one side
has nothing of is left out), computed by `branch_similarity` from each branch's inputs built once,
so a cell of the matrix equals the score the comparison page shows for the two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.resources import ResourceTexts
from analysis.corpus.branch_similarity import (
    PART_KEYS,
    BranchInputs,
    ThemeCounts,
    branch_inputs,
    row_similarities,
    similarity_matrices,
    within_budget,
)
from analysis.corpus.compare.measure_alignment import DEFAULT_THRESHOLD
from analysis.corpus.compare.word_contrast import similarity_label
from analysis.corpus.loading import Corpus
from analysis.text.lexicon import build_lexicon
from analysis.text.theme_dictionary import parse_theme_dictionary

MAX_BRANCHES = 20  # branches on the map by default (the most reports first): pairs grow as n^2
MAP_COLUMNS = ["branch", "x", "y", "cluster", "report_count"]
# One column per part of the similarity (PART_KEYS order), e.g. `words_similarity`.
PART_COLUMNS = [f"{k}_similarity" for k in PART_KEYS]
NEAREST_COLUMNS = ["branch", "similarity", "similarity_level", *PART_COLUMNS]
PAIR_COLUMNS = ["branch_a", "branch_b", "similarity", *PART_COLUMNS]


@dataclass(frozen=True, eq=False)
class SimilarityMap:
    """Branch x branch similarity in cluster order, its parts, the 2-D map and the groups used."""

    matrix: pd.DataFrame  # overall similarity, rows and columns in cluster order
    parts: dict[str, pd.DataFrame]  # keys of compare.SIMILARITY_PARTS, same order; NaN: left out
    coords: pd.DataFrame  # MAP_COLUMNS
    groups: dict[str, tuple[int, ...]]  # branch -> report ids
    unmeasured: int = 0  # pairs whose practices exceed MEASURE_CELLS_MAX: measures part left out


def branch_groups(corpus: Corpus, limit: int | None = MAX_BRANCHES) -> dict[str, tuple[int, ...]]:
    """Branch label -> its report ids, the branches with most reports first (ties by name)."""
    groups: dict[str, list[int]] = {}
    for rid in corpus.analyses:
        groups.setdefault(corpus.labels[int(rid)], []).append(int(rid))
    order = sorted(groups, key=lambda b: (-len(groups[b]), b))
    return {b: tuple(groups[b]) for b in (order[:limit] if limit else order)}


def corpus_inputs(
    corpus: Corpus,
    texts: ResourceTexts,
    groups: Mapping[str, Sequence[int]] | None = None,
    officialese: bool = True,
    scored: ThemeCounts | None = None,
) -> BranchInputs:
    """The similarity inputs of every branch of `corpus` (or of `groups`), built once: the map of
    any number of them and the nearest branches of any one read it (cache it by corpus revision)."""
    chosen = {k: tuple(v) for k, v in (groups or branch_groups(corpus, None)).items() if v}
    lex, d = build_lexicon(texts), parse_theme_dictionary(texts.themes)
    return branch_inputs(corpus, chosen, lex, d, officialese, scored)


def cluster_order(sim: pd.DataFrame) -> list[str]:
    """Rows of `sim` in average-linkage cluster order (alike branches next to each other)."""
    if len(sim) < 3:
        return list(sim.index)
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim.to_numpy(float), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), "average", optimal_ordering=True)
    return [sim.index[i] for i in leaves_list(tree)]


def clusters(sim: pd.DataFrame, cut: float = 0.5) -> list[int]:
    """Cluster number (1…) of each row: average-linkage groups whose mean similarity >= 1 - cut."""
    if len(sim) < 2:
        return [1] * len(sim)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim.to_numpy(float), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), "average")
    return [int(c) for c in fcluster(tree, cut, criterion="distance")]


def classical_mds(sim: pd.DataFrame) -> np.ndarray:
    """2-D coordinates whose distances approximate 1 - similarity (Torgerson's classical MDS);
    deterministic: each axis is flipped so its largest coordinate is positive."""
    n = len(sim)
    if n == 0:
        return np.zeros((0, 2))
    d2 = np.clip(1.0 - sim.to_numpy(float), 0.0, None) ** 2
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ d2 @ j
    vals, vecs = np.linalg.eigh((b + b.T) / 2)
    top = np.argsort(vals)[::-1][:2]
    coords = vecs[:, top] * np.sqrt(np.clip(vals[top], 0.0, None))
    coords = np.pad(coords, ((0, 0), (0, 2 - coords.shape[1])))
    for k in range(2):
        if coords[np.abs(coords[:, k]).argmax(), k] < 0:
            coords[:, k] = -coords[:, k]
    return np.round(coords, 4)


def map_of(
    bi: BranchInputs, names: Sequence[str] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> SimilarityMap:
    """The map of the sides `names` of `bi` (default all): matrices in cluster order, 2-D map."""
    overall, parts = similarity_matrices(bi, names, threshold)
    order = cluster_order(overall)
    overall = overall.loc[order, order]
    xy = classical_mds(overall)
    sizes = {b: len(bi.sides[b].ids) for b in order}
    coords = pd.DataFrame(
        {
            "branch": order,
            "x": xy[:, 0],
            "y": xy[:, 1],
            "cluster": clusters(overall),
            "report_count": [sizes[b] for b in order],
        },
        columns=MAP_COLUMNS,
    )
    groups = {b: bi.sides[b].ids for b in order}
    sides = [bi.sides[b] for b in order]
    unmeasured = sum(
        1
        for x, a in enumerate(sides)
        for b in sides[x + 1 :]
        if a.measures and b.measures and not within_budget(a, b)
    )
    parts = {k: m.loc[order, order] for k, m in parts.items()}
    return SimilarityMap(overall, parts, coords, groups, unmeasured)


def similarity_map(
    corpus: Corpus,
    texts: ResourceTexts,
    groups: Mapping[str, Sequence[int]] | None = None,
    officialese: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    scored: ThemeCounts | None = None,
) -> SimilarityMap:
    """The branch map of `corpus` (groups default to `branch_groups`): matrices, order, 2-D map."""
    bi = corpus_inputs(corpus, texts, groups or branch_groups(corpus), officialese, scored)
    return map_of(bi, threshold=threshold)


def nearest(m: SimilarityMap, branch: str, n: int = 5) -> pd.DataFrame:
    """The `n` branches most similar to `branch`, with the parts of each score."""
    names = [str(b) for b in m.matrix.index]
    if branch not in names:
        return pd.DataFrame(columns=NEAREST_COLUMNS)
    k = names.index(branch)
    row = m.matrix.to_numpy(float)[k]
    parts = [m.parts[p].to_numpy(float)[k] for p in PART_KEYS]
    others = sorted((j for j in range(len(names)) if j != k), key=lambda j: (-row[j], names[j]))
    rows = [
        (names[j], float(row[j]), similarity_label(float(row[j])), *(float(p[j]) for p in parts))
        for j in others[:n]
    ]
    return pd.DataFrame(rows, columns=NEAREST_COLUMNS)


def matrix_table(m: SimilarityMap) -> pd.DataFrame:
    """Every pair of branches once, most similar first, with the four parts (for the table)."""
    names = [str(b) for b in m.matrix.index]
    overall = m.matrix.to_numpy(float)
    parts = [m.parts[k].to_numpy(float) for k in PART_KEYS]
    rows = [
        (names[i], names[j], float(overall[i, j]), *(float(p[i, j]) for p in parts))
        for i in range(len(names))
        for j in range(i + 1, len(names))
    ]
    df = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    order = df.sort_values(by=["similarity", "branch_a", "branch_b"], ascending=[False, True, True])

    return order.reset_index(drop=True)


def nearest_in(
    bi: BranchInputs, branch: str, n: int = 5, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """The `n` sides of `bi` most like `branch`: one row of the map (n - 1 pairs)."""
    if branch not in bi.sides:
        return pd.DataFrame(columns=NEAREST_COLUMNS)
    found = sorted(row_similarities(bi, branch, threshold), key=lambda r: (-r[1], r[0]))
    rows = [
        (other, score, similarity_label(score), *(parts.get(k, np.nan) for k in PART_KEYS))
        for other, score, parts in found[:n]
    ]
    return pd.DataFrame(rows, columns=NEAREST_COLUMNS)


def nearest_to(
    corpus: Corpus,
    texts: ResourceTexts,
    branch: str,
    n: int = 5,
    officialese: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    scored: ThemeCounts | None = None,
) -> pd.DataFrame:
    """The `n` branches most like `branch` over the whole corpus, same scores as the map."""
    if branch not in set(corpus.labels.values()):
        return pd.DataFrame(columns=NEAREST_COLUMNS)
    return nearest_in(corpus_inputs(corpus, texts, None, officialese, scored), branch, n, threshold)
