"""Practices of two sides aligned: character n-gram TF-IDF similarity, pairs and the practices
only one side has."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.facts import is_practice
from analysis.core.models import Measure

# Default cosine threshold for "the same practice". Measured on the samples: shared practices
# score 0.26-0.35 (抓组织生活 ~ 严格制度执行 0.34), the best pair of two unrelated reports 0.24.
DEFAULT_THRESHOLD = 0.25
# Anything that is not a CJK ideograph, a Latin letter or a digit; becomes a space before
# character n-grams so n-grams never span punctuation. e.g. "一是，加强" -> "一是 加强"
_NON_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")

PAIR_COLUMNS = ["title_a", "title_b", "similarity", "source_a", "source_b", "text_a", "text_b"]
ONLY_COLUMNS = ["title", "source", "best_similarity", "best_match", "text"]


@dataclass(frozen=True, eq=False)
class MeasureAlignment:
    """Measures paired across sides (same practice) and the measures only one side has."""

    pairs: pd.DataFrame  # PAIR_COLUMNS, most similar first
    only_a: pd.DataFrame  # ONLY_COLUMNS
    only_b: pd.DataFrame  # ONLY_COLUMNS
    threshold: float
    n_a: int = 0  # measures compared on each side
    n_b: int = 0

    @property
    def overlap(self) -> float:
        """Share of all measures that have a counterpart on the other side (1.0 if none at all)."""
        total = self.n_a + self.n_b
        if total == 0:
            return 1.0
        return round((total - len(self.only_a) - len(self.only_b)) / total, 4)


def comparable_practice(m: Measure) -> bool:
    """A practice (`facts.is_practice`) with a title or a text to compare."""
    return is_practice(m.kind) and bool(m.title.strip() or m.text.strip())


def practice_measures(measures: Iterable[Measure]) -> list[Measure]:
    """The finest-grained practices of ONE report: practices that contain no other.

    A heading such as （二）落实两个同步 whose span holds its items 一是…/二是… is dropped, so a
    practice is not compared twice (once alone, once inside its parent's text).
    """
    items = sorted((m for m in measures if comparable_practice(m)), key=lambda m: (m.start, -m.end))
    leaves = []
    for k, m in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        holds_next = (
            nxt is not None and nxt.end <= m.end and (nxt.start, nxt.end) != (m.start, m.end)
        )
        if not holds_next:
            leaves.append(m)
    return leaves


def _measure_doc(m: Measure) -> str:
    """The text compared for a measure: title + body (the body usually repeats the title, so the
    words naming the practice weigh double); punctuation becomes spaces."""
    return _NON_WORD.sub(" ", f"{m.title} {m.text}").strip()


def measure_similarity(measures_a: Sequence[Measure], measures_b: Sequence[Measure]) -> np.ndarray:
    """Cosine matrix (len(a) x len(b)) of character 2-3-gram TF-IDF vectors of title + body.

    The vocabulary keeps n-grams found in at least two measures: an n-gram of one measure only can
    never make two measures alike, and dropping it stops long, detailed bodies from diluting the
    cosine (see DEFAULT_THRESHOLD for the scores measured on the samples).
    """
    if not measures_a or not measures_b:
        return np.zeros((len(measures_a), len(measures_b)))
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    docs = [_measure_doc(m) for m in (*measures_a, *measures_b)]
    if not any(docs):
        return np.zeros((len(measures_a), len(measures_b)))
    vec = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True, min_df=2 if len(docs) > 2 else 1
    )
    try:
        x = vec.fit_transform(docs)
    except ValueError:  # empty vocabulary: only one-character words
        return np.zeros((len(measures_a), len(measures_b)))
    n = len(measures_a)
    return np.clip(cosine_similarity(x[:n], x[n:]), 0.0, 1.0)


def align_measures(
    measures_a: Sequence[Measure],
    measures_b: Sequence[Measure],
    threshold: float = DEFAULT_THRESHOLD,
    sources_a: Sequence[str] = (),
    sources_b: Sequence[str] = (),
    matrix: np.ndarray | None = None,
) -> MeasureAlignment:
    """Pair the practices of A and B that are about the same thing; list the rest as only-A/B.

    Only practices (`facts.is_practice`) count. A pair is each measure's best match on the other side
    (in either direction) when their similarity >= `threshold`; a measure whose best match is
    below the threshold is "only" its side's. `sources_*` name each measure's report (parallel
    to `measures_*`); `matrix` may pass a precomputed `measure_similarity` to move the threshold
    cheaply.
    """
    ia = [i for i, m in enumerate(measures_a) if comparable_practice(m)]
    ib = [i for i, m in enumerate(measures_b) if comparable_practice(m)]
    ma, mb = [measures_a[i] for i in ia], [measures_b[i] for i in ib]
    sa = [sources_a[i] if i < len(sources_a) else "" for i in ia]
    sb = [sources_b[i] if i < len(sources_b) else "" for i in ib]
    sim = measure_similarity(ma, mb) if matrix is None else matrix
    edges: dict[tuple[int, int], float] = {}
    if sim.size:
        for i in range(len(ma)):
            j = int(sim[i].argmax())
            if sim[i, j] >= threshold:
                edges[(i, j)] = float(sim[i, j])
        for j in range(len(mb)):
            i = int(sim[:, j].argmax())
            if sim[i, j] >= threshold:
                edges[(i, j)] = float(sim[i, j])
    pairs = [
        (ma[i].title, mb[j].title, round(s, 3), sa[i], sb[j], ma[i].text, mb[j].text)
        for (i, j), s in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return MeasureAlignment(
        pairs=pd.DataFrame(pairs, columns=PAIR_COLUMNS),
        only_a=_only(ma, sa, mb, sim, threshold),
        only_b=_only(mb, sb, ma, sim.T if sim.size else sim.reshape(len(mb), len(ma)), threshold),
        threshold=threshold,
        n_a=len(ma),
        n_b=len(mb),
    )


def _only(
    mine: Sequence[Measure], sources: Sequence[str], other: Sequence[Measure], sim, threshold
) -> pd.DataFrame:
    """Rows of the measures whose best match on the other side is below the threshold."""
    rows = []
    for i, m in enumerate(mine):
        best = float(sim[i].max()) if len(other) else 0.0
        if best < threshold:
            match = other[int(sim[i].argmax())].title if len(other) else ""
            rows.append((m.title, sources[i], round(best, 3), match, m.text))
    return pd.DataFrame(rows, columns=ONLY_COLUMNS)
