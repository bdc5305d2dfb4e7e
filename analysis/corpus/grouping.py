"""Group short texts that say the same thing: problems, plans and practices named by several branches.

Two branches write `理论学习不够深入` and `理论学习的深度还不够`; an office's analysis report counts
them as one problem named by two branches. Texts are compared by the cosine of their character
1-2-gram TF-IDF vectors after dropping function characters (的, 了, 还 …), and grouped around a
leader: each text joins the most similar existing group whose leader it resembles at least
`threshold`, else it leads a new group. Deterministic, and quadratic only in chunks of rows.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

import numpy as np

# Measured on pairs of problems written two ways (tests/analysis/test_grouping.py): paraphrases
# score 0.45-0.85, unrelated problems of the same genre at most 0.2.
GROUP_THRESHOLD = 0.4
_CHUNK = 512  # rows of the similarity matrix computed at once

# Characters that carry no meaning in a short problem or plan statement, e.g. 的, 还, 和.
_FILLER_RE = re.compile(r"[的地得了还仍较和与及并且等将把被对在着过\W_\d]+")


def core_text(text: str) -> str:
    """The characters compared: the text without function characters, punctuation and digits."""
    return _FILLER_RE.sub("", text)


def _vectors(texts: Sequence[str]):  # -> scipy sparse matrix, L2-normalized rows
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [core_text(t) or t for t in texts]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
    return vec.fit_transform(docs)


def group_similar(
    texts: Sequence[str],
    threshold: float = GROUP_THRESHOLD,
    within: Sequence[Hashable] | None = None,
) -> list[list[int]]:
    """Indices of `texts` grouped by meaning, each group in input order, groups by first member.

    Texts with nothing to compare stay alone; with `within` (one key per text, e.g. a theme),
    only texts of the same key are grouped. A text joins the group whose leader is most similar
    to it (at least `threshold`); leaders are taken in input order, so the result is
    deterministic. The vectors are fitted once over all texts.
    """
    keys = list(within) if within is not None else [0] * len(texts)
    usable = [i for i, t in enumerate(texts) if core_text(t)]
    groups: dict[int, list[int]] = {i: [i] for i in set(range(len(texts))) - set(usable)}
    try:
        x = _vectors([texts[i] for i in usable]) if usable else None
    except ValueError:  # empty vocabulary
        x = None
    if x is None:
        groups.update({i: [i] for i in usable})
        return [members for _, members in sorted(groups.items())]
    by_key: dict[Hashable, list[int]] = {}
    for pos, i in enumerate(usable):
        by_key.setdefault(keys[i], []).append(pos)
    for positions in by_key.values():
        for leader, members in _lead(x[positions], threshold).items():
            groups[usable[positions[leader]]] = [usable[positions[m]] for m in members]
    return [members for _, members in sorted(groups.items())]


def _lead(x, threshold: float) -> dict[int, list[int]]:
    """Leader clustering of the rows of a normalized sparse matrix: leader row -> member rows."""
    leaders: list[int] = []
    groups: dict[int, list[int]] = {}
    n = x.shape[0]
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        sims = (x[start:stop] @ x.T).toarray()  # this chunk against every row
        for k in range(stop - start):
            row = sims[k, leaders] if leaders else np.zeros(0)
            if row.size and row.max() >= threshold:
                groups[leaders[int(row.argmax())]].append(start + k)
            else:
                leaders.append(start + k)
                groups[start + k] = [start + k]
    return groups
