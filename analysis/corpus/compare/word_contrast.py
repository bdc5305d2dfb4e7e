"""Words of two sides contrasted: log-odds with an informative Dirichlet prior, a term scatter,
and the similarity measures (cosine, Jaccard) with their plain-Chinese reading.

The log-odds follow Monroe, Colaresi & Quinn (2008), "Fightin' Words", with the whole corpus as
prior, so rare words in short reports do not dominate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.core.facts import per10k

Z_DISTINCTIVE = 1.96  # |z| above this marks a term as distinctive (two-sided 95 %)

LOG_ODDS_COLUMNS = ["term", "count_a", "count_b", "delta", "z"]


def log_odds_dirichlet(
    counts_a: Mapping[str, int],
    counts_b: Mapping[str, int],
    prior: Mapping[str, int] | None = None,
    alpha0: float | None = None,
) -> pd.DataFrame:
    """Log-odds ratio of every term, A vs B, with an informative Dirichlet prior; sorted by z.

    Monroe et al. (2008), eqs. 16 and 18-20: alpha_w = alpha0 * prior_w / sum(prior),
    delta_w = log((y_aw + a_w) / (n_a + a0 - y_aw - a_w)) - log((y_bw + a_w) / (n_b + a0 - y_bw - a_w)),
    var ~ 1/(y_aw + a_w) + 1/(y_bw + a_w), z = delta / sqrt(var). z > 0: more typical of A.
    `prior` is the corpus counts (default: A + B); a term missing from it gets its A + B count, so
    every term has a positive prior. `alpha0` (total prior weight, a tuning constant in the paper)
    defaults to the mean side size: the prior weighs as much as one side's text.
    """
    terms = sorted(
        {t for t, c in counts_a.items() if c > 0} | {t for t, c in counts_b.items() if c > 0}
    )
    if not terms:
        return pd.DataFrame(columns=LOG_ODDS_COLUMNS)
    ya = np.array([float(counts_a.get(t, 0)) for t in terms])
    yb = np.array([float(counts_b.get(t, 0)) for t in terms])
    pri = prior or {}
    p = np.maximum(np.array([float(pri.get(t, 0)) for t in terms]), ya + yb)
    na, nb = ya.sum(), yb.sum()
    a0 = float(alpha0) if alpha0 is not None else (na + nb) / 2
    aw = a0 * p / p.sum()
    rest_a, rest_b = na + a0 - ya - aw, nb + a0 - yb - aw
    if len(terms) < 2 or (rest_a <= 0).any() or (rest_b <= 0).any():
        # One term holds all the mass: its odds are undefined, nothing can be distinctive.
        delta = z = np.zeros(len(terms))
    else:
        delta = np.log((ya + aw) / rest_a) - np.log((yb + aw) / rest_b)
        z = delta / np.sqrt(1 / (ya + aw) + 1 / (yb + aw))
    df = pd.DataFrame(
        {
            "term": terms,
            "count_a": ya.astype(int),
            "count_b": yb.astype(int),
            "delta": delta,
            "z": z,
        }
    )
    return df.sort_values(["z", "term"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def distinctive_terms(
    log_odds: pd.DataFrame, n: int = 15, z: float = Z_DISTINCTIVE
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(A's, B's) most distinctive terms: |z| > `z`, strongest first, at most `n` each."""
    if log_odds.empty:
        return log_odds.copy(), log_odds.copy()
    a = log_odds[log_odds["z"] > z].sort_values("z", ascending=False, kind="stable").head(n)
    b = log_odds[log_odds["z"] < -z].sort_values("z", ascending=True, kind="stable").head(n)
    return a.reset_index(drop=True), b.reset_index(drop=True)


def diverging_terms(log_odds: pd.DataFrame, n: int = 15, z: float = Z_DISTINCTIVE) -> pd.DataFrame:
    """Rows of a diverging bar chart: B's `n` lowest z (most negative first), then A's `n` highest
    (ascending), whether significant or not; `side` "A"/"B", `significant` = |z| > `z`."""
    if log_odds.empty:
        return log_odds.assign(side=[], significant=[])
    pos = log_odds[log_odds["z"] > 0].nlargest(n, "z")
    neg = log_odds[log_odds["z"] < 0].nsmallest(n, "z")
    out = pd.concat([neg, pos.iloc[::-1]], ignore_index=True)
    out["side"] = np.where(out["z"] > 0, "A", "B")
    out["significant"] = out["z"].abs() > z
    return out


SCATTER_COLUMNS = ["term", "count_a", "count_b", "freq_a", "freq_b", "z", "side"]


def term_scatter(
    counts_a: Mapping[str, int],
    counts_b: Mapping[str, int],
    log_odds: pd.DataFrame | None = None,
    min_count: int = 2,
    z: float = Z_DISTINCTIVE,
    chars_a: int | None = None,
    chars_b: int | None = None,
) -> pd.DataFrame:
    """Every term's frequency per 10,000 characters (每万字, the unit used everywhere) in A and
    in B (a scattertext-like plot); without `chars_*`, per 10,000 counted terms.

    Terms seen fewer than `min_count` times in total are left out (they crowd the origin). With
    `log_odds`, `z` is filled and `side` is "A"/"B" for distinctive terms, "" otherwise.
    """
    na = chars_a if chars_a is not None else sum(counts_a.values())
    nb = chars_b if chars_b is not None else sum(counts_b.values())
    terms = sorted(set(counts_a) | set(counts_b))
    rows = []
    for t in terms:
        ca, cb = int(counts_a.get(t, 0)), int(counts_b.get(t, 0))
        if ca + cb >= max(1, min_count):
            rows.append((t, ca, cb, per10k(ca, na), per10k(cb, nb)))
    df = pd.DataFrame(rows, columns=SCATTER_COLUMNS[:5])
    zs = log_odds.set_index("term")["z"] if log_odds is not None and len(log_odds) else None
    df["z"] = df["term"].map(zs).fillna(0.0).astype(float) if zs is not None else 0.0
    df["side"] = np.select([df["z"] > z, df["z"] < -z], ["A", "B"], "") if len(df) else []
    return df.sort_values(
        ["count_a", "count_b", "term"], ascending=[False, False, True]
    ).reset_index(drop=True)


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse vectors, in [0, 1] for non-negative values.

    Two empty (all-zero) vectors are identical (1.0); one empty vector against another is 0.0.
    """
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    if na == 0 or nb == 0:
        return 1.0 if na == nb else 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    return float(min(1.0, max(0.0, dot / (na * nb))))


def similarity(counts_a: Mapping[str, float], counts_b: Mapping[str, float]) -> float:
    """Word similarity of two sides: cosine of their term-frequency vectors (A == B gives 1.0)."""
    return round(cosine(counts_a, counts_b), 4)


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|A ∩ B| / |A ∪ B|; two empty sets are identical (1.0)."""
    sa, sb = set(a), set(b)
    return 1.0 if not sa and not sb else len(sa & sb) / len(sa | sb)


def similarity_label(score: float) -> str:
    """A plain-language Chinese reading of a similarity in [0, 1]."""
    if score >= 0.8:
        return "高度相似"
    if score >= 0.6:
        return "较为相似"
    if score >= 0.4:
        return "部分相似"
    if score >= 0.2:
        return "差异较大"
    return "差异很大"
