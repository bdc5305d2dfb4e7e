"""Branch x branch similarity, the comparison's own: each branch's inputs built once, then every
pair scored with matrix products instead of one comparison per pair.

The parts are those of `compare.similarity_parts` (words, themes, measures, formulations; a part a
side has nothing of is left out) blended by `compare.overall_similarity`, so a cell equals the
score the comparison page shows for the two branches. Words: one sparse Gram matrix of term
counts, corrected per pair for the two branches' organization names (hidden as the comparison
hides them); integer sums, so the cosine is bit for bit the comparison's. Measures: every
practice's character n-grams counted once over one vocabulary, the pair's TF-IDF weights applied
as a diagonal (the same fit `compare.measure_similarity` makes on the pair), then the comparison's
own pairing rules on that matrix (`compare.measure_alignment.evidence_overlap`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.core.facts import per10k
from analysis.core.models import Measure
from analysis.corpus.compare.comparison import overall_similarity, similarity_parts
from analysis.corpus.compare.measure_alignment import (
    DEFAULT_THRESHOLD,
    align_measures,
    comparable_practice,
    evidence_overlap,
    measure_doc,
    pair_evidence,
    practice_units,
)
from analysis.corpus.compare.sides import org_terms, side_term_counts
from analysis.corpus.compare.word_contrast import cosine, jaccard
from analysis.corpus.loading import Corpus
from analysis.text.lexicon import Lexicon
from analysis.text.theme_dictionary import ThemeDictionary
from analysis.text.theme_scoring import score_themes

ThemeCounts = Mapping[int, Sequence[int]]  # report id -> hits per theme, in dictionary order
PART_KEYS = ("words", "themes", "measures", "formulations")  # compare.SIMILARITY_PARTS order
# Budget of the practice alignment of one pair (practices of A x practices of B): a dense
# similarity matrix of 4M cells is 32 MB and its assignment takes seconds; above it (two branches
# of ~100 reports each) the measures part of the pair is left out of the map, and said so.
MEASURE_CELLS_MAX = 4_000_000


@dataclass(frozen=True)
class SideInputs:
    """What the comparison's similarity reads of one side, built once per side."""

    counts: Counter
    theme_counts: dict[str, int]
    chars: int
    measures: tuple[Measure, ...]
    formulations: dict[str, int]
    hidden: frozenset[str] = frozenset()  # organization names of the side (compare.org_terms)
    ids: tuple[int, ...] = ()  # the side's reports


@dataclass(frozen=True, eq=False)
class BranchInputs:
    """Every side's inputs plus the matrices the pairwise scores read (built once per corpus)."""

    sides: dict[str, SideInputs]
    terms: sparse.csr_matrix  # sides x vocabulary, term counts (int64)
    vocabulary: dict[str, int]
    grams: dict[str, sparse.csr_matrix]  # per side: practices x n-grams, 1 + log(tf)
    doc_freq: dict[str, np.ndarray]  # per side: practices holding each n-gram

    @property
    def names(self) -> list[str]:
        return list(self.sides)


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
    in dictionary order, the same `scan_sentences` as score_themes), so no report is scored again."""
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
        chars += a.chars
        measures.extend(m for m in practice_units(a.structure.measures) if comparable_practice(m))
        for f in a.formulations:
            forms[f.term] += f.count
    return SideInputs(
        side_term_counts(corpus, ids, lex, officialese),
        {n: themes.get(n, 0) for n in d.names},
        chars,
        tuple(measures),
        dict(forms),
        org_terms(corpus, ids),
        tuple(int(i) for i in ids),
    )


def measure_ngrams(sides: Mapping[str, SideInputs]) -> dict[str, sparse.csr_matrix]:
    """Per side, the character 2-3-gram counts of its practices (one vocabulary for all sides),
    as `compare.measure_similarity` analyses them: once instead of once per pair."""
    from sklearn.feature_extraction.text import CountVectorizer

    docs = {k: [measure_doc(m) for m in v.measures] for k, v in sides.items()}
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


def _sublinear(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """1 + log(tf) of the non-zero counts (TfidfVectorizer's sublinear_tf)."""
    out = sparse.csr_matrix(counts, dtype=float, copy=True)
    out.data = 1.0 + np.log(out.data)
    return out


def term_matrix(sides: Mapping[str, SideInputs]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Sides x terms matrix of the term counts (integers: the Gram matrix is exact)."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, s in enumerate(sides.values()):
        for t, c in s.counts.items():
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(int(c))
    shape = (len(sides), len(vocab))
    m = sparse.csr_matrix((np.array(vals, dtype=np.int64), (rows, cols)), shape=shape)
    return m, vocab


def branch_inputs(
    corpus: Corpus,
    groups: Mapping[str, Sequence[int]],
    lex: Lexicon,
    d: ThemeDictionary,
    officialese: bool = True,
    scored: ThemeCounts | None = None,
) -> BranchInputs:
    """The inputs of every group of reports (branch label -> report ids), built once."""
    sides = {b: side_inputs(corpus, ids, lex, d, officialese, scored) for b, ids in groups.items()}
    terms, vocab = term_matrix(sides)
    raw = measure_ngrams(sides)
    grams = {k: _sublinear(v) for k, v in raw.items()}
    df = {k: np.bincount(v.indices, minlength=v.shape[1]) for k, v in raw.items()}
    return BranchInputs(sides, terms, vocab, grams, df)


def pair_measure_similarity(
    ga: sparse.csr_matrix, gb: sparse.csr_matrix, dfa: np.ndarray, dfb: np.ndarray
) -> np.ndarray:
    """`compare.measure_similarity` of two sides from their sublinear n-gram rows: TF-IDF fitted
    on the pair (smoothed idf, n-grams of at least two practices), cosine of the rows."""
    na, nb = ga.shape[0], gb.shape[0]
    if not na or not nb or not ga.shape[1]:
        return np.zeros((na, nb))
    n = na + nb
    df = dfa + dfb
    keep = df >= (2 if n > 2 else 1)
    w2 = np.where(keep, (np.log((1 + n) / (1 + df)) + 1.0) ** 2, 0.0)
    norm_a = np.sqrt(np.asarray(ga.multiply(ga) @ w2).ravel())
    norm_b = np.sqrt(np.asarray(gb.multiply(gb) @ w2).ravel())
    cross = (ga.multiply(w2).tocsr() @ gb.T.tocsc()).toarray()  # sparse: thousands of n-grams
    scale = np.outer(norm_a, norm_b)
    sim = np.divide(cross, scale, out=np.zeros_like(cross), where=scale > 0)
    return np.clip(sim, 0.0, 1.0)


def _themes_frame(a: SideInputs, b: SideInputs) -> tuple[dict[str, float], dict[str, float]]:
    """Both sides' theme scores per 10,000 characters, rounded as the comparison's theme table."""

    names = list(a.theme_counts)
    return (
        {n: per10k(a.theme_counts[n], a.chars) for n in names},
        {n: per10k(b.theme_counts.get(n, 0), b.chars) for n in names},
    )


def pair_parts(a: SideInputs, b: SideInputs, threshold: float = DEFAULT_THRESHOLD) -> dict:
    """The comparison's parts of two sides through `compare.similarity_parts` itself (slow: one
    comparison; the reference the matrices are tested against)."""
    from analysis.corpus.compare.measure_alignment import measure_similarity

    ta, tb = _themes_frame(a, b)
    themes = pd.DataFrame(
        {"theme": list(ta), "score_a": list(ta.values()), "score_b": list(tb.values())}
    )
    terms = sorted(set(a.formulations) | set(b.formulations))
    forms = pd.DataFrame(
        {
            "term": terms,
            "count_a": [a.formulations.get(t, 0) for t in terms],
            "count_b": [b.formulations.get(t, 0) for t in terms],
        }
    )
    matrix = measure_similarity(a.measures, b.measures)
    aligned = align_measures(a.measures, b.measures, threshold, matrix=matrix)
    hidden = a.hidden | b.hidden
    ca = Counter({t: c for t, c in a.counts.items() if t not in hidden})
    cb = Counter({t: c for t, c in b.counts.items() if t not in hidden})
    return similarity_parts(ca, cb, themes, aligned, forms)


class _Words:
    """Word cosines of any pair from one Gram matrix, hidden organization names taken out."""

    def __init__(self, bi: BranchInputs) -> None:
        t = bi.terms
        self.gram = (t @ t.T).toarray()
        self.bi = bi

    def cosine(self, i: int, j: int) -> float | None:
        """compare.similarity of sides i and j, None when one has no visible term."""
        sides, names = self.bi.sides, self.bi.names
        a, b = sides[names[i]], sides[names[j]]
        hidden = a.hidden | b.hidden
        ca, cb = a.counts, b.counts
        dot = int(self.gram[i, j]) - sum(ca.get(h, 0) * cb.get(h, 0) for h in hidden)
        sa = int(self.gram[i, i]) - sum(ca.get(h, 0) ** 2 for h in hidden)
        sb = int(self.gram[j, j]) - sum(cb.get(h, 0) ** 2 for h in hidden)
        if sa <= 0 or sb <= 0:
            return None
        na, nb = math.sqrt(sa), math.sqrt(sb)
        return round(float(min(1.0, max(0.0, dot / (na * nb)))), 4)


def within_budget(a: SideInputs, b: SideInputs) -> bool:
    """Whether the practice alignment of sides a and b fits MEASURE_CELLS_MAX."""
    return len(a.measures) * len(b.measures) <= MEASURE_CELLS_MAX


def fast_parts(
    bi: BranchInputs, words: _Words, i: int, j: int, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, float]:
    """The parts of sides i and j, equal to `pair_parts` (only the parts both sides have; the
    measures part also left out when the pair's practices exceed MEASURE_CELLS_MAX)."""
    names = bi.names
    a, b = bi.sides[names[i]], bi.sides[names[j]]
    ta, tb = _themes_frame(a, b)
    fa, fb = (
        [t for t, c in a.formulations.items() if c > 0],
        [t for t, c in b.formulations.items() if c > 0],
    )
    found: dict[str, float | None] = {
        "words": words.cosine(i, j),
        "themes": round(cosine(ta, tb), 4) if any(ta.values()) and any(tb.values()) else None,
        "measures": None,
        "formulations": round(jaccard(fa, fb), 4) if fa and fb else None,
    }
    if a.measures and b.measures and within_budget(a, b):
        ka, kb = names[i], names[j]
        sim = pair_measure_similarity(bi.grams[ka], bi.grams[kb], bi.doc_freq[ka], bi.doc_freq[kb])
        evidence = pair_evidence(a.measures, b.measures, matrix=sim)
        found["measures"] = evidence_overlap(evidence, threshold)
    return {k: v for k, v in found.items() if v is not None}


def similarity_matrices(
    bi: BranchInputs, names: Sequence[str] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """(overall, parts) square matrices over `names` (default all sides): 1.0 on the overall
    diagonal; a part a side has nothing of is NaN (left out of the blend, as the comparison)."""
    every = bi.names
    names = list(every if names is None else names)
    at = [every.index(b) for b in names]
    n = len(names)
    words = _Words(bi)
    overall = np.eye(n)
    parts = {k: np.full((n, n), np.nan) for k in PART_KEYS}
    for x in range(n):
        for y in range(x + 1, n):
            p = fast_parts(bi, words, at[x], at[y], threshold)
            overall[x, y] = overall[y, x] = overall_similarity(p)
            for k, v in p.items():
                parts[k][x, y] = parts[k][y, x] = v
        for k in PART_KEYS:
            parts[k][x, x] = 1.0

    def frame(m: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(m, index=names, columns=names)

    return frame(overall), {k: frame(m) for k, m in parts.items()}


def row_similarities(
    bi: BranchInputs, branch: str, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[str, float, dict[str, float]]]:
    """(other branch, overall, parts) of `branch` against every other side: n - 1 pairs."""
    names = bi.names
    i = names.index(branch)
    words = _Words(bi)
    out = []
    for j, other in enumerate(names):
        if j != i:
            p = fast_parts(bi, words, i, j, threshold)
            out.append((other, overall_similarity(p), p))
    return out
