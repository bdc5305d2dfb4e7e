"""Which branches write alike: branch x branch similarity, clusters, a 2-D map, nearest branches.

The similarity of two branches is the comparison's overall similarity (`compare.similarity_parts`
blended by `compare.overall_similarity`: words, themes, measures, formulations), computed from the
same inputs, so a cell of the matrix equals the score the comparison page shows for the two.
Each branch's inputs are built once; only the measure alignment is computed per pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.core.models import Measure
from analysis.core.resources import ResourceTexts
from analysis.corpus.compare import (
    DEFAULT_THRESHOLD,
    align_measures,
    measure_similarity,
    org_terms,
    overall_similarity,
    practice_units,
    side_term_counts,
    similarity_label,
    similarity_parts,
)
from analysis.corpus.compare.measure_alignment import (
    _measure_doc as measure_doc,  # compare reads it
)
from analysis.corpus.loading import Corpus
from analysis.text.lexicon import Lexicon, build_lexicon
from analysis.text.themes import ThemeDictionary, parse_theme_dictionary, score_themes

MAX_BRANCHES = 20  # branches on the map by default (the most reports first): pairs grow as n^2
ThemeCounts = Mapping[int, Sequence[int]]  # report id -> hits per theme, in dictionary order
_DENSE_MAX = 4_000_000  # cells of a pair's TF-IDF matrix computed dense (32 MB)
MAP_COLUMNS = ["支部", "x", "y", "类群", "报告数"]
NEAREST_COLUMNS = ["支部", "相似度", "相似程度", "用词", "主题", "做法", "提法"]
_PART_NAMES = {"words": "用词", "themes": "主题", "measures": "做法", "formulations": "提法"}


@dataclass(frozen=True)
class SideInputs:
    """What the comparison's similarity reads of one side, built once per side."""

    counts: Counter
    theme_counts: dict[str, int]
    chars: int
    measures: tuple[Measure, ...]
    formulations: dict[str, int]
    hidden: frozenset[str] = frozenset()  # organization names of the side (compare.org_terms)


@dataclass(frozen=True, eq=False)
class SimilarityMap:
    """Branch x branch similarity in cluster order, its parts, the 2-D map and the groups used."""

    matrix: pd.DataFrame  # overall similarity, rows and columns in cluster order
    parts: dict[str, pd.DataFrame]  # keys of compare.SIMILARITY_PARTS, same order
    coords: pd.DataFrame  # MAP_COLUMNS
    groups: dict[str, tuple[int, ...]]  # branch -> report ids


def branch_groups(corpus: Corpus, limit: int | None = MAX_BRANCHES) -> dict[str, tuple[int, ...]]:
    """Branch label -> its report ids, the branches with most reports first (ties by name)."""
    groups: dict[str, list[int]] = {}
    for rid in corpus.analyses:
        groups.setdefault(corpus.labels[int(rid)], []).append(int(rid))
    order = sorted(groups, key=lambda b: (-len(groups[b]), b))
    return {b: tuple(groups[b]) for b in (order[:limit] if limit else order)}


def side_inputs(
    corpus: Corpus,
    ids: Sequence[int],
    lex: Lexicon,
    d: ThemeDictionary,
    officialese: bool = True,
    scored: ThemeCounts | None = None,
) -> SideInputs:
    """Term counts, pooled theme hits and characters, practices and formulations of a side.

    `scored` may give each report's theme hits already counted with `d` (ReportThemes.counts,
    in dictionary order, the same `_scan` as score_themes), so no report is scored again."""
    themes: Counter[str] = Counter()
    chars = 0
    forms: Counter[str] = Counter()
    measures: list[Measure] = []
    for rid in ids:
        a = corpus.analyses[rid]
        if scored is not None and rid in scored:
            themes.update(dict(zip(d.names, scored[rid], strict=True)))
        else:
            themes.update(score_themes(a.cleaned.text, d).counts)
        chars += len(a.cleaned.text)
        measures.extend(practice_units(a.structure.measures))
        for f in a.formulations:
            forms[f.term] += f.count
    return SideInputs(
        side_term_counts(corpus, ids, lex, officialese),
        {n: themes.get(n, 0) for n in d.names},
        chars,
        tuple(measures),
        dict(forms),
        org_terms(corpus, ids),
    )


def _rate(count: int, chars: int) -> float:
    """Pooled hits per 10,000 characters, rounded as the comparison's theme table."""
    return round(count * 10000 / chars, 2) if chars > 0 else 0.0


def measure_ngrams(inputs: Mapping[str, SideInputs]) -> dict[str, sparse.csr_matrix]:
    """Per side, the character 2-3-gram counts of its measures (one vocabulary for all sides),
    as `compare.measure_similarity` reads them: analysed once instead of once per pair."""
    from sklearn.feature_extraction.text import CountVectorizer

    docs = {k: [measure_doc(m) for m in v.measures] for k, v in inputs.items()}
    every = [d for ds in docs.values() for d in ds]
    vec = CountVectorizer(analyzer="char_wb", ngram_range=(2, 3))
    try:
        counts = sparse.csr_matrix(vec.fit_transform(every), dtype=float)
    except ValueError:  # no n-gram at all
        return {k: sparse.csr_matrix((len(ds), 0)) for k, ds in docs.items()}
    out, at = {}, 0
    for k, ds in docs.items():
        out[k] = counts[at : at + len(ds)]
        at += len(ds)
    return out


def pair_measure_similarity(ca: sparse.csr_matrix, cb: sparse.csr_matrix) -> np.ndarray:
    """`compare.measure_similarity` of two sides from their n-gram counts: TF-IDF fitted on the
    pair (sublinear tf, smoothed idf, n-grams of at least two measures), cosine of the rows."""
    na, nb = ca.shape[0], cb.shape[0]
    if not na or not nb or not ca.shape[1]:
        return np.zeros((na, nb))
    both = sparse.vstack([ca, cb]).tocsr()
    n = na + nb
    df = np.bincount(both.indices, minlength=both.shape[1])
    keep = np.flatnonzero(df >= (2 if n > 2 else 1))
    if not keep.size:
        return np.zeros((na, nb))
    x = both[:, keep].tocsr()
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(np.log((1 + n) / (1 + df[keep])) + 1.0).tocsr()
    if n * keep.size > _DENSE_MAX:  # a very large pair: stay sparse (slower, less memory)
        inv = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        x = sparse.diags(np.divide(1.0, inv, out=np.zeros_like(inv), where=inv > 0)) @ x
        return np.clip((x[:na] @ x[na:].T).toarray(), 0.0, 1.0)
    dense = x.toarray()  # a few hundred measures x the pair's n-grams: BLAS beats sparse here
    norms = np.sqrt((dense * dense).sum(axis=1))
    dense /= np.where(norms > 0, norms, 1.0)[:, None]
    return np.clip(dense[:na] @ dense[na:].T, 0.0, 1.0)


def pair_parts(
    a: SideInputs,
    b: SideInputs,
    threshold: float = DEFAULT_THRESHOLD,
    matrix: np.ndarray | None = None,
) -> dict:
    """The comparison's four similarity parts of two sides (compare.similarity_parts); `matrix`
    may pass their measure similarity computed by `pair_measure_similarity`."""
    names = list(a.theme_counts)
    themes = pd.DataFrame(
        {
            "theme": names,
            "score_a": [_rate(a.theme_counts[n], a.chars) for n in names],
            "score_b": [_rate(b.theme_counts.get(n, 0), b.chars) for n in names],
        }
    )
    terms = sorted(set(a.formulations) | set(b.formulations))
    forms = pd.DataFrame(
        {
            "term": terms,
            "count_a": [a.formulations.get(t, 0) for t in terms],
            "count_b": [b.formulations.get(t, 0) for t in terms],
        }
    )
    if matrix is None:
        matrix = measure_similarity(a.measures, b.measures)
    aligned = align_measures(a.measures, b.measures, threshold, matrix=matrix)
    hidden = a.hidden | b.hidden  # as the comparison: both sides' names out of the words
    ca = Counter({t: c for t, c in a.counts.items() if t not in hidden})
    cb = Counter({t: c for t, c in b.counts.items() if t not in hidden})
    return similarity_parts(ca, cb, themes, aligned, forms)


def similarity_matrices(
    inputs: Mapping[str, SideInputs], threshold: float = DEFAULT_THRESHOLD
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """(overall, parts) square matrices over the sides of `inputs` (1.0 on the diagonal)."""
    names = list(inputs)
    n = len(names)
    overall = np.eye(n)
    parts = {k: np.eye(n) for k in _PART_NAMES}
    grams = measure_ngrams(inputs)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = names[i], names[j]
            sim = pair_measure_similarity(grams[a], grams[b])
            p = pair_parts(inputs[a], inputs[b], threshold, sim)
            overall[i, j] = overall[j, i] = overall_similarity(p)
            for k, v in p.items():
                parts[k][i, j] = parts[k][j, i] = v

    def frame(m: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(m, index=names, columns=names)

    return frame(overall), {k: frame(m) for k, m in parts.items()}


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


def similarity_map(
    corpus: Corpus,
    texts: ResourceTexts,
    groups: Mapping[str, Sequence[int]] | None = None,
    officialese: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    scored: ThemeCounts | None = None,
) -> SimilarityMap:
    """The branch map of `corpus` (groups default to `branch_groups`): matrices, order, 2-D map."""
    chosen = {k: tuple(v) for k, v in (groups or branch_groups(corpus)).items() if v}
    lex, d = build_lexicon(texts), parse_theme_dictionary(texts.themes)
    inputs = {b: side_inputs(corpus, ids, lex, d, officialese, scored) for b, ids in chosen.items()}
    overall, parts = similarity_matrices(inputs, threshold)
    order = cluster_order(overall)
    overall = overall.loc[order, order]
    xy = classical_mds(overall)
    coords = pd.DataFrame(
        {
            "支部": order,
            "x": xy[:, 0],
            "y": xy[:, 1],
            "类群": clusters(overall),
            "报告数": [len(chosen[b]) for b in order],
        },
        columns=MAP_COLUMNS,
    )
    return SimilarityMap(
        overall, {k: m.loc[order, order] for k, m in parts.items()}, coords, chosen
    )


def nearest(m: SimilarityMap, branch: str, n: int = 5) -> pd.DataFrame:
    """The `n` branches most similar to `branch`, with the parts of each score."""
    names = [str(b) for b in m.matrix.index]
    if branch not in names:
        return pd.DataFrame(columns=NEAREST_COLUMNS)
    k = names.index(branch)
    row = m.matrix.to_numpy(float)[k]
    parts = [m.parts[p].to_numpy(float)[k] for p in _PART_NAMES]
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
    parts = [m.parts[k].to_numpy(float) for k in _PART_NAMES]
    rows = [
        (names[i], names[j], float(overall[i, j]), *(float(p[i, j]) for p in parts))
        for i in range(len(names))
        for j in range(i + 1, len(names))
    ]
    df = pd.DataFrame(rows, columns=["支部A", "支部B", "相似度", *_PART_NAMES.values()])
    order = df.sort_values(by=["相似度", "支部A", "支部B"], ascending=[False, True, True])
    return order.reset_index(drop=True)


def nearest_to(
    corpus: Corpus,
    texts: ResourceTexts,
    branch: str,
    n: int = 5,
    officialese: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    scored: ThemeCounts | None = None,
) -> pd.DataFrame:
    """The `n` branches most like `branch` over the whole corpus: one row of the map, computed
    against every other branch (n - 1 pairs instead of all of them), same scores as the map."""
    groups = branch_groups(corpus, None)
    if branch not in groups:
        return pd.DataFrame(columns=NEAREST_COLUMNS)
    lex, d = build_lexicon(texts), parse_theme_dictionary(texts.themes)
    inputs = {b: side_inputs(corpus, ids, lex, d, officialese, scored) for b, ids in groups.items()}
    grams = measure_ngrams(inputs)
    rows = []
    for other in groups:
        if other != branch:
            sim = pair_measure_similarity(grams[branch], grams[other])
            parts = pair_parts(inputs[branch], inputs[other], threshold, sim)
            score = overall_similarity(parts)
            rows.append((other, score, similarity_label(score), *(parts[k] for k in _PART_NAMES)))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return pd.DataFrame(rows[:n], columns=NEAREST_COLUMNS)
