"""Theme discovery beyond the dictionary: NMF topics over TF-IDF of paragraphs or measures.

Each topic comes with its top terms and the passages that load on it most, so users can spot a
theme the dictionary misses and add it. Deterministic (fixed random_state).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.text.keywords import content_tokens
from analysis.text.lexicon import Lexicon

# Passages shorter than this many characters carry too few terms to place in a topic.
MIN_PASSAGE_CHARS = 8


@dataclass(frozen=True)
class Topic:
    terms: tuple[str, ...]
    weights: tuple[float, ...]  # term weights scaled so the first is 1.0
    examples: tuple[str, ...]  # passages loading most on this topic, best first
    share: float = 0.0  # fraction of passages whose strongest topic this is

    @property
    def label(self) -> str:
        """A short name from the top three terms, e.g. "楼宇·白领·企业"."""
        return "·".join(self.terms[:3])


def _identity(tokens: list[str]) -> list[str]:
    """Analyzer for pre-tokenized passages (module-level so the vectorizer stays picklable)."""
    return tokens


def discover_topics(
    passages: Sequence[str],
    lex: Lexicon,
    n_topics: int = 8,
    n_terms: int = 10,
    n_examples: int = 3,
) -> list[Topic]:
    """NMF topics of the passages (stopwords and officialese removed); [] when too little text."""
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer

    kept = [p.strip() for p in passages if len(p.strip()) >= MIN_PASSAGE_CHARS]
    docs = [content_tokens(lex, p, officialese=True) for p in kept]
    pairs = [(p, d) for p, d in zip(kept, docs, strict=True) if d]
    if len(pairs) < 2:
        return []
    kept, docs = [p for p, _ in pairs], [d for _, d in pairs]
    min_df = 2 if len(docs) >= 20 else 1
    vec = TfidfVectorizer(analyzer=_identity, min_df=min_df, sublinear_tf=True)
    try:
        x = vec.fit_transform(docs)
    except ValueError:  # empty vocabulary after min_df
        return []
    k = min(n_topics, len(docs) - 1, x.shape[1])
    if k < 1:
        return []
    model = NMF(n_components=k, init="nndsvd", random_state=0, max_iter=500)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        w = model.fit_transform(x)
    return _topics(model.components_, w, vec.get_feature_names_out(), kept, n_terms, n_examples)


def _topics(h, w, vocab, passages, n_terms: int, n_examples: int) -> list[Topic]:
    """Topic objects from NMF factors, the most prevalent first; empty components dropped."""
    strongest = np.argmax(w, axis=1)
    out = []
    for t in range(h.shape[0]):
        row = h[t]
        if row.max() <= 0:
            continue
        order = [i for i in np.argsort(-row, kind="stable")[:n_terms] if row[i] > 0]
        docs = [i for i in np.argsort(-w[:, t], kind="stable")[:n_examples] if w[i, t] > 0]
        share = float(np.mean((strongest == t) & (w[:, t] > 0)))
        out.append(
            Topic(
                terms=tuple(str(vocab[i]) for i in order),
                weights=tuple(round(float(row[i] / row[order[0]]), 4) for i in order),
                examples=tuple(passages[i] for i in docs),
                share=round(share, 4),
            )
        )
    out.sort(key=lambda tp: -tp.share)
    return out
