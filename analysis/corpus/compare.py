"""Compare two sides (a branch, or a group of reports) in words, themes, measures, numbers, formulations.

A side is a set of report ids. `compare_sides` computes everything the comparison page and the
exports show and returns one frozen `Comparison`; every part is also a small pure function so the page
can recompute one of them (e.g. the measure alignment when the user moves the threshold).

Words use the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words"), the whole corpus as prior, so rare words in short reports do not dominate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.models import (
    AVERAGED_CATEGORIES,
    CATEGORY_LABELS,
    Formulation,
    Indicator,
    Measure,
)

# ---------------------------------------------------------------------------------------------
# Constants and labels
# ---------------------------------------------------------------------------------------------

Z_DISTINCTIVE = 1.96  # |z| above this marks a term as distinctive (two-sided 95 %)
# Default cosine threshold for "the same practice". Measured on the samples: shared practices
# score 0.26-0.35 (抓组织生活 ~ 严格制度执行 0.34), the best pair of two unrelated reports 0.24.
DEFAULT_THRESHOLD = 0.25
REDACTED = "已脱敏"

# Ways of forming a side from report metadata, with their Chinese labels for pickers.
GROUP_BY = {"branch": "支部", "organization": "单位", "year": "年份", "kind": "类型"}


# Status codes of a formulation or a measure, and their Chinese wording ({a}/{b}: side labels).
STATUS_BOTH, STATUS_A, STATUS_B = "both", "a", "b"
STATUS_TEXT = {STATUS_BOTH: "双方共有", STATUS_A: "仅{a}", STATUS_B: "仅{b}"}

# Parts of the overall similarity and their Chinese names (the blend is their plain mean).
SIMILARITY_PARTS = {"words": "用词", "themes": "主题", "measures": "做法", "formulations": "提法"}

# Money units converted to 万元 so sums of one category add like with like.
_MONEY_TO_WAN = {"元": 1e-4, "千元": 1e-1, "万元": 1.0, "亿元": 1e4, "万": 1.0, "亿": 1e4}
# People units that count the same thing.
_PEOPLE_UNITS = {"名": "人", "位": "人", "人次": "人次", "人": "人"}

# Anything that is not a CJK ideograph, a Latin letter or a digit; becomes a space before
# character n-grams so n-grams never span punctuation. e.g. "一是，加强" -> "一是 加强"
_NON_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")


# ---------------------------------------------------------------------------------------------
# Words: log-odds with an informative Dirichlet prior, scatter, similarity
# ---------------------------------------------------------------------------------------------

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
) -> pd.DataFrame:
    """Every term's frequency per 10,000 words in A and in B (a scattertext-like plot).

    Terms seen fewer than `min_count` times in total are left out (they crowd the origin). With
    `log_odds`, `z` is filled and `side` is "A"/"B" for distinctive terms, "" otherwise.
    """
    na, nb = sum(counts_a.values()), sum(counts_b.values())
    terms = sorted(set(counts_a) | set(counts_b))
    rows = []
    for t in terms:
        ca, cb = int(counts_a.get(t, 0)), int(counts_b.get(t, 0))
        if ca + cb >= max(1, min_count):
            rows.append((t, ca, cb, _per10k(ca, na), _per10k(cb, nb)))
    df = pd.DataFrame(rows, columns=SCATTER_COLUMNS[:5])
    zs = log_odds.set_index("term")["z"] if log_odds is not None and len(log_odds) else None
    df["z"] = df["term"].map(zs).fillna(0.0).astype(float) if zs is not None else 0.0
    df["side"] = np.select([df["z"] > z, df["z"] < -z], ["A", "B"], "") if len(df) else []
    return df.sort_values(
        ["count_a", "count_b", "term"], ascending=[False, False, True]
    ).reset_index(drop=True)


def _per10k(count: float, total: float) -> float:
    """Relative frequency per 10,000 (0 when the total is 0)."""
    return round(count * 10000 / total, 2) if total > 0 else 0.0


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


# ---------------------------------------------------------------------------------------------
# Themes
# ---------------------------------------------------------------------------------------------

THEME_COLUMNS = ["theme", "score_a", "score_b", "diff", "count_a", "count_b"]
EVIDENCE_COLUMNS = ["theme", "side", "report", "term", "sentence"]


@dataclass(frozen=True, eq=False)
class ThemeProfile:
    """Theme scores of both sides (hits per 10,000 chars) and example sentences per side."""

    table: pd.DataFrame  # THEME_COLUMNS, in dictionary order; diff = score_a - score_b
    evidence: pd.DataFrame  # EVIDENCE_COLUMNS, at most `per_theme` sentences per theme and side


def theme_profiles(
    texts_a: Mapping[str, str],
    texts_b: Mapping[str, str],
    dictionary: Any,
    per_theme: int = 3,
) -> ThemeProfile:
    """Score every theme on each side (pooled hits per 10,000 chars) with evidence sentences.

    `texts_*` map a report name to its cleaned text; `dictionary` is an analysis.text.themes
    ThemeDictionary. A side's score pools its reports: total hits * 10,000 / total characters.
    """
    from analysis.text.themes import score_themes

    order: list[str] = list(_theme_names(dictionary))
    pooled: dict[str, tuple[Counter, int]] = {}
    evidence: list[tuple] = []
    for side, texts in (("A", texts_a), ("B", texts_b)):
        counts: Counter[str] = Counter()
        chars = 0
        seen: Counter[str] = Counter()
        for name, text in texts.items():
            scores = score_themes(text, dictionary)
            chars += len(text)
            counts.update(scores.counts)
            for theme in scores.counts:
                if theme not in order:
                    order.append(theme)
            for hit in scores.hits:
                if seen[hit.theme] < per_theme:
                    seen[hit.theme] += 1
                    evidence.append((hit.theme, side, name, hit.term, hit.sentence))
        pooled[side] = (counts, chars)
    rows = []
    for theme in order:
        ca, cb = pooled["A"][0].get(theme, 0), pooled["B"][0].get(theme, 0)
        sa, sb = _per10k(ca, pooled["A"][1]), _per10k(cb, pooled["B"][1])
        rows.append((theme, sa, sb, round(sa - sb, 2), int(ca), int(cb)))
    return ThemeProfile(
        table=pd.DataFrame(rows, columns=THEME_COLUMNS),
        evidence=pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS),
    )


def _theme_names(dictionary: Any) -> list[str]:
    """Theme names of a ThemeDictionary, in its order."""
    return [str(n) for n in getattr(dictionary, "names", ())]


def top_theme_differences(table: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The `n` themes where the sides differ most (largest |diff|), ignoring zero differences."""
    if table.empty:
        return table.copy()
    nz = table[table["diff"].abs() > 0]
    order = nz["diff"].abs().sort_values(ascending=False, kind="stable").index
    return nz.loc[order].head(n).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Measures: character n-gram TF-IDF alignment
# ---------------------------------------------------------------------------------------------

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


def is_practice(m: Measure) -> bool:
    """A practice (kind == "measure") with a title or a text to compare."""
    return m.kind == "measure" and bool(m.title.strip() or m.text.strip())


def practice_measures(measures: Iterable[Measure]) -> list[Measure]:
    """The finest-grained practices of ONE report: kind == "measure" items that contain no other.

    A heading such as （二）落实两个同步 whose span holds its items 一是…/二是… is dropped, so a
    practice is not compared twice (once alone, once inside its parent's text).
    """
    items = sorted((m for m in measures if is_practice(m)), key=lambda m: (m.start, -m.end))
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

    Only kind == "measure" items count. A pair is each measure's best match on the other side
    (in either direction) when their similarity >= `threshold`; a measure whose best match is
    below the threshold is "only" its side's. `sources_*` name each measure's report (parallel
    to `measures_*`); `matrix` may pass a precomputed `measure_similarity` to move the threshold
    cheaply.
    """
    ia = [i for i, m in enumerate(measures_a) if is_practice(m)]
    ib = [i for i, m in enumerate(measures_b) if is_practice(m)]
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


# ---------------------------------------------------------------------------------------------
# Numbers (indicators)
# ---------------------------------------------------------------------------------------------

NUMBER_COLUMNS = [
    "category",
    "category_label",
    "unit",
    "count_a",
    "sum_a",
    "redacted_a",
    "count_b",
    "sum_b",
    "redacted_b",
    "display_a",
    "display_b",
]
INDICATOR_DETAIL_COLUMNS = [
    "side",
    "report",
    "category",
    "category_label",
    "subject",
    "raw",
    "value",
    "unit",
    "approx",
    "redacted",
    "sentence",
]


def normalize_unit(category: str, value: float | None, unit: str) -> tuple[float | None, str]:
    """A value in a unit that adds up within its category: money in 万元, 名/位 as 人."""
    u = unit.strip()
    if category == "money":
        for name in sorted(_MONEY_TO_WAN, key=len, reverse=True):
            if u.endswith(name):
                factor = _MONEY_TO_WAN[name]
                return (None if value is None else value * factor), "万元"
    if category == "people" and u in _PEOPLE_UNITS:
        return value, _PEOPLE_UNITS[u]
    return value, u


def _display(items: Sequence[Indicator], limit: int = 3) -> str:
    """How a side's figures read in a table: each figure with what it counts, redacted ones counted.

    e.g. "22名（党员）、6万余人（核酸检测）" or "已脱敏（3项）" or "564人（党员人数）等2项；另有1项已脱敏".
    """
    if not items:
        return "—"
    known = [i for i in items if not i.redacted]
    redacted = len(items) - len(known)
    parts = [f"{i.raw}（{i.subject}）" if i.subject else i.raw for i in known[:limit]]
    text = "、".join(parts) + (f"等{len(known)}项" if len(known) > limit else "")
    if not known:
        return f"{REDACTED}（{redacted}项）"
    return f"{text}；另有{redacted}项{REDACTED}" if redacted else text


def indicators_side_by_side(
    indicators_a: Iterable[Indicator], indicators_b: Iterable[Indicator]
) -> pd.DataFrame:
    """Indicators of both sides by (category, unit): count, sum of known values, redacted count.

    Money is summed in 万元; rates are averaged (a sum of percentages means nothing). Redacted
    figures never enter a sum. Sums add different subjects (党员 and 核酸检测 are both 人), so
    `display_*` lists the figures with their subjects instead, e.g. "22名（党员）、6万余人（核酸检测）",
    and a redacted one reads "已脱敏（2项）".
    """
    groups: dict[tuple[str, str], dict[str, list]] = {}
    for side, items in (("a", indicators_a), ("b", indicators_b)):
        for ind in items:
            value, unit = normalize_unit(ind.category, ind.value, ind.unit)
            g = groups.setdefault((ind.category, unit), {"a": [], "b": []})
            g[side].append((None if ind.redacted else value, ind))
    order = {c: i for i, c in enumerate(CATEGORY_LABELS)}
    rows = []
    for (cat, unit), g in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])
    ):
        row: list[Any] = [cat, CATEGORY_LABELS.get(cat, cat), unit]
        shown = []
        for side in ("a", "b"):
            known = [v for v, _ in g[side] if v is not None]
            redacted = len(g[side]) - len(known)
            total = (
                (sum(known) / len(known) if cat in AVERAGED_CATEGORIES else sum(known))
                if known
                else 0.0
            )
            row += [len(g[side]), round(total, 4), redacted]
            shown.append(_display([i for _, i in g[side]]))
        rows.append(row + shown)
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)


def indicator_details(
    indicators_a: Iterable[tuple[str, Indicator]], indicators_b: Iterable[tuple[str, Indicator]]
) -> pd.DataFrame:
    """Every indicator of both sides as a row (side "A"/"B", report name, …), for tables."""
    rows = []
    for side, items in (("A", indicators_a), ("B", indicators_b)):
        for report, i in items:
            rows.append(
                (
                    side,
                    report,
                    i.category,
                    CATEGORY_LABELS.get(i.category, i.category),
                    i.subject,
                    i.raw,
                    i.value,
                    i.unit,
                    i.approx,
                    i.redacted,
                    i.sentence,
                )
            )
    return pd.DataFrame(rows, columns=INDICATOR_DETAIL_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Formulations
# ---------------------------------------------------------------------------------------------

FORMULATION_COLUMNS = ["term", "count_a", "count_b", "numbered", "status"]


def formulations_compare(
    forms_a: Iterable[Formulation], forms_b: Iterable[Formulation]
) -> pd.DataFrame:
    """Formulations and named initiatives of both sides with counts; status both / a / b.

    Sorted shared first, then A's, then B's, each by total count.
    """
    ca: Counter[str] = Counter()
    cb: Counter[str] = Counter()
    numbered: dict[str, bool] = {}
    for counter, forms in ((ca, forms_a), (cb, forms_b)):
        for f in forms:
            counter[f.term] += f.count
            numbered[f.term] = numbered.get(f.term, False) or f.numbered
    rows = []
    for term in set(ca) | set(cb):
        status = STATUS_BOTH if ca[term] and cb[term] else (STATUS_A if ca[term] else STATUS_B)
        rows.append((term, ca[term], cb[term], numbered[term], status))
    rank = {STATUS_BOTH: 0, STATUS_A: 1, STATUS_B: 2}
    rows.sort(key=lambda r: (rank[r[4]], -(r[1] + r[2]), r[0]))
    return pd.DataFrame(rows, columns=FORMULATION_COLUMNS)


def status_text(status: str, label_a: str, label_b: str) -> str:
    """Chinese wording of a status code, e.g. "仅兴城投资党支部"."""
    return STATUS_TEXT.get(status, status).format(a=label_a, b=label_b)


# ---------------------------------------------------------------------------------------------
# Sides and the whole comparison
# ---------------------------------------------------------------------------------------------


def group_options(reports: pd.DataFrame) -> dict[str, list]:
    """For each way of grouping (GROUP_BY), the values present in the corpus, sorted."""
    out: dict[str, list] = {}
    for col in GROUP_BY:
        if col not in reports.columns:
            out[col] = []
            continue
        values = [v for v in reports[col].dropna().tolist() if v != ""]
        if col == "year":
            values = [int(v) for v in values]
        out[col] = sorted(set(values), key=lambda v: (str(type(v)), v))
    return out


def group_ids(reports: pd.DataFrame, by: str, value: Any) -> list[int]:
    """Ids of the reports whose `by` column (branch/organization/year/kind) equals `value`."""
    if by not in reports.columns:
        return []
    col = reports[by]
    if by == "year":
        mask = pd.to_numeric(col, errors="coerce") == pd.to_numeric(value, errors="coerce")
    else:
        mask = col.astype(str) == str(value)
    return [int(i) for i in reports.index[mask.fillna(False)]]


def side_label(corpus: Any, ids: Sequence[int], fallback: str = "") -> str:
    """A name for a side: the report's label, the shared branch/organization/year, or
    "<first report>等N份"; `fallback` when there is no report."""
    ids = [i for i in ids if i in corpus.analyses]
    if not ids:
        return fallback or "（无报告）"
    if len(ids) == 1:
        return corpus.label(ids[0])
    rows = corpus.reports.loc[ids]
    for col in ("branch", "organization", "year"):
        values = [str(v) for v in rows[col]] if col in rows.columns else [""]
        if len(set(values)) == 1 and values[0] not in ("", "nan", "None", "<NA>"):
            return f"{values[0]}年" if col == "year" else values[0]
    return f"{corpus.label(ids[0])}等{len(ids)}份"


def report_names(corpus: Any, ids: Sequence[int]) -> dict[int, str]:
    """A unique display name per report id (its label, with year/id added on collisions)."""
    names: dict[int, str] = {}
    seen: Counter[str] = Counter(corpus.label(i) for i in ids)
    for i in ids:
        name = corpus.label(i)
        if seen[name] > 1:
            year = corpus.reports.loc[i].get("year")
            name = f"{name}（{int(year)}·{i}）" if pd.notna(year) and year else f"{name}（{i}）"
        names[i] = name
    return names


def side_term_counts(
    corpus: Any, ids: Iterable[int], lex: Any = None, officialese: bool = True
) -> Counter:
    """Pooled term counts of a side; officialese removed when on (needs the lexicon)."""
    from analysis.text.keywords import is_term

    total: Counter[str] = Counter()
    for i in ids:
        if i in corpus.analyses:
            total.update(corpus.analyses[i].term_counts)
    if lex is None:
        return total
    return Counter(
        {
            t: c
            for t, c in total.items()
            if c > 0 and is_term(lex, t) and not (officialese and t in lex.officialese)
        }
    )


@dataclass(frozen=True, eq=False)
class Comparison:
    """Everything the comparison page and its exports show, for sides A and B."""

    label_a: str
    label_b: str
    ids_a: tuple[int, ...]
    ids_b: tuple[int, ...]
    reports_a: tuple[str, ...]  # report display names
    reports_b: tuple[str, ...]
    chars_a: int
    chars_b: int
    words: pd.DataFrame  # LOG_ODDS_COLUMNS, by z descending
    scatter: pd.DataFrame  # SCATTER_COLUMNS
    freqs_a: dict[str, int]  # visible term counts (word clouds)
    freqs_b: dict[str, int]
    themes: ThemeProfile
    measures: MeasureAlignment
    numbers: pd.DataFrame  # NUMBER_COLUMNS
    indicators: pd.DataFrame  # INDICATOR_DETAIL_COLUMNS
    formulations: pd.DataFrame  # FORMULATION_COLUMNS
    measure_items_a: tuple[tuple[str, Measure], ...]  # (report name, practice) compared
    measure_items_b: tuple[tuple[str, Measure], ...]
    measure_matrix: np.ndarray  # measure_similarity of the items, for `realign`
    similarity: float  # overall, mean of similarity_parts
    similarity_parts: dict[str, float] = field(default_factory=dict)  # keys of SIMILARITY_PARTS
    summary: tuple[str, ...] = ()

    @property
    def cloud_scale(self) -> int:
        """The largest count of either side: both word clouds are drawn on this scale."""
        return max([*self.freqs_a.values(), *self.freqs_b.values(), 1])

    def distinctive(self, n: int = 15) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(A's, B's) distinctive terms, strongest first."""
        return distinctive_terms(self.words, n)


def similarity_parts(
    counts_a: Mapping[str, int],
    counts_b: Mapping[str, int],
    themes: pd.DataFrame,
    measures: MeasureAlignment,
    forms: pd.DataFrame,
) -> dict[str, float]:
    """The four similarities (each in [0, 1]): words (cosine of term counts), themes (cosine of
    theme scores), measures (share of measures with a counterpart), formulations (Jaccard)."""
    ta = dict(zip(themes["theme"], themes["score_a"], strict=True))
    tb = dict(zip(themes["theme"], themes["score_b"], strict=True))
    fa = forms.loc[forms["count_a"] > 0, "term"]
    fb = forms.loc[forms["count_b"] > 0, "term"]
    return {
        "words": similarity(counts_a, counts_b),
        "themes": round(cosine(ta, tb), 4),
        "measures": measures.overlap,
        "formulations": round(jaccard(fa, fb), 4),
    }


def overall_similarity(parts: Mapping[str, float]) -> float:
    """The documented blend: the plain mean of the parts (用词, 主题, 做法, 提法)."""
    return round(sum(parts.values()) / len(parts), 4) if parts else 0.0


def compare_sides(
    corpus: Any,
    ids_a: Sequence[int],
    ids_b: Sequence[int],
    texts: Any,
    label_a: str = "",
    label_b: str = "",
    officialese: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
) -> Comparison:
    """Compare two groups of reports of `corpus` with resources `texts` (a ResourceTexts)."""
    from analysis.text.lexicon import build_lexicon
    from analysis.text.themes import parse_theme_dictionary

    ids_a = tuple(int(i) for i in ids_a if i in corpus.analyses)
    ids_b = tuple(int(i) for i in ids_b if i in corpus.analyses)
    label_a = label_a or side_label(corpus, ids_a, "A方")
    label_b = label_b or side_label(corpus, ids_b, "B方")
    if label_a == label_b:
        label_a, label_b = f"{label_a}（A）", f"{label_b}（B）"
    names = report_names(corpus, list(dict.fromkeys(ids_a + ids_b)))
    lex = build_lexicon(texts)
    ca = side_term_counts(corpus, ids_a, lex, officialese)
    cb = side_term_counts(corpus, ids_b, lex, officialese)
    prior = side_term_counts(corpus, corpus.analyses.keys(), lex, officialese)
    words = log_odds_dirichlet(ca, cb, prior)
    an = corpus.analyses
    profile = theme_profiles(
        {names[i]: an[i].cleaned.text for i in ids_a},
        {names[i]: an[i].cleaned.text for i in ids_b},
        parse_theme_dictionary(texts.themes),
    )
    ma = tuple((names[i], m) for i in ids_a for m in practice_measures(an[i].structure.measures))
    mb = tuple((names[i], m) for i in ids_b for m in practice_measures(an[i].structure.measures))
    matrix = measure_similarity([m for _, m in ma], [m for _, m in mb])
    measures = align_measures(
        [m for _, m in ma],
        [m for _, m in mb],
        threshold,
        [s for s, _ in ma],
        [s for s, _ in mb],
        matrix=matrix,
    )
    forms = formulations_compare(
        [f for i in ids_a for f in an[i].formulations],
        [f for i in ids_b for f in an[i].formulations],
    )
    parts = similarity_parts(ca, cb, profile.table, measures, forms)
    comp = Comparison(
        label_a=label_a,
        label_b=label_b,
        ids_a=ids_a,
        ids_b=ids_b,
        reports_a=tuple(names[i] for i in ids_a),
        reports_b=tuple(names[i] for i in ids_b),
        chars_a=sum(an[i].chars for i in ids_a),
        chars_b=sum(an[i].chars for i in ids_b),
        words=words,
        scatter=term_scatter(ca, cb, words),
        freqs_a=dict(ca.most_common()),
        freqs_b=dict(cb.most_common()),
        themes=profile,
        measures=measures,
        numbers=indicators_side_by_side(
            [x for i in ids_a for x in an[i].indicators],
            [x for i in ids_b for x in an[i].indicators],
        ),
        indicators=indicator_details(
            [(names[i], x) for i in ids_a for x in an[i].indicators],
            [(names[i], x) for i in ids_b for x in an[i].indicators],
        ),
        formulations=forms,
        measure_items_a=ma,
        measure_items_b=mb,
        measure_matrix=matrix,
        similarity=overall_similarity(parts),
        similarity_parts=parts,
    )
    return replace(comp, summary=tuple(summarize(comp)))


def realign(c: Comparison, threshold: float) -> Comparison:
    """The same comparison with the measures re-aligned at another threshold (cheap: reuses the
    similarity matrix); the overall similarity and the summary follow."""
    ma, mb = c.measure_items_a, c.measure_items_b
    measures = align_measures(
        [m for _, m in ma],
        [m for _, m in mb],
        threshold,
        [s for s, _ in ma],
        [s for s, _ in mb],
        matrix=c.measure_matrix,
    )
    parts = {**c.similarity_parts, "measures": measures.overlap}
    out = replace(
        c, measures=measures, similarity_parts=parts, similarity=overall_similarity(parts)
    )
    return replace(out, summary=tuple(summarize(out)))


def term_contexts(
    corpus: Any,
    ids_a: Sequence[int],
    ids_b: Sequence[int],
    term: str,
    width: int = 30,
    limit: int = 50,
) -> pd.DataFrame:
    """KWIC lines of `term` on both sides: side ("A"/"B"), report, left, hit, right, sentence.

    Raises AnalysisError (Chinese message) for an empty or unusable term, as analysis.corpus.search.kwic.
    """
    from analysis.corpus.search import kwic

    frames = []
    names = report_names(corpus, list(dict.fromkeys([*ids_a, *ids_b])))
    for side, ids in (("A", ids_a), ("B", ids_b)):
        texts = {i: corpus.analyses[i].cleaned.text for i in ids if i in corpus.analyses}
        lines = kwic(texts, term, width=width, limit=limit)
        lines.insert(0, "side", side)
        lines.insert(1, "report", lines["id"].map(names))
        frames.append(lines)
    out = pd.concat(frames, ignore_index=True)
    return out[["side", "report", "left", "hit", "right", "sentence"]]


# ---------------------------------------------------------------------------------------------
# Plain-language summary
# ---------------------------------------------------------------------------------------------


def _join(items: Iterable[str], limit: int = 5) -> str:
    """Chinese enumeration "甲、乙、丙" of at most `limit` items (… when more)."""
    items = [s for s in items if s]
    text = "、".join(items[:limit])
    return text + "等" if len(items) > limit else text


def _short(title: str, n: int = 24) -> str:
    """A measure title cut to `n` characters for a sentence."""
    title = title.strip().rstrip("。；;，,")
    return title if len(title) <= n else title[: n - 1] + "…"


def _word_sentences(c: Comparison, n: int = 5) -> list[str]:
    """Distinctive terms per side (|z| > 1.96); else the terms leaning to a side (|z| > 1)."""
    out = []
    for name, sign in ((c.label_a, 1), (c.label_b, -1)):
        w = c.words.assign(_z=c.words["z"] * sign)
        sig = w[w["_z"] > Z_DISTINCTIVE].nlargest(n, "_z")
        lean = w[(w["_z"] > 1) & (w["_z"] <= Z_DISTINCTIVE)].nlargest(n, "_z")
        if len(sig):
            out.append(f"{name}的特色用词（z 值显著）：{_join(sig['term'], n)}。")
        elif len(lean):
            out.append(f"{name}相对更常用：{_join(lean['term'], n)}（差异未达统计显著）。")
    if not out and len(c.words):
        out.append("双方用词没有统计上显著的差异。")
    return out


def summarize(c: Comparison, n: int = 3) -> list[str]:
    """Short Chinese sentences built only from the computed figures of a comparison."""
    a, b = c.label_a, c.label_b
    parts = "，".join(
        f"{SIMILARITY_PARTS[k]} {v:.2f}"
        for k, v in c.similarity_parts.items()
        if k in SIMILARITY_PARTS
    )
    out = [
        f"{a}与{b}的总体相似度为 {c.similarity:.2f}（{similarity_label(c.similarity)}）"
        + (f"：{parts}。" if parts else "。")
    ]
    table = c.themes.table
    for side, name, other, sign in (("a", a, b, 1), ("b", b, a, -1)):
        more = table[table["diff"] * sign > 0].copy()
        more["gap"] = more["diff"].abs()
        more = more.sort_values("gap", ascending=False, kind="stable").head(n)
        if len(more):
            col, ocol = f"score_{side}", "score_b" if side == "a" else "score_a"
            items = [
                f"{r.theme}（每万字 {getattr(r, col):.1f} 次，{other} {getattr(r, ocol):.1f} 次）"
                for r in more.itertuples()
            ]
            out.append(f"{name}更侧重{_join(items, n)}。")
    out += _word_sentences(c)
    m = c.measures
    if len(m.pairs):
        pairs = [
            f"「{_short(r.title_a)}」与「{_short(r.title_b)}」"
            for r in m.pairs.head(n).itertuples()
        ]
        out.append(f"双方共有的做法（{len(m.pairs)} 对相近）：{_join(pairs, n)}。")
    for name, only in ((a, m.only_a), (b, m.only_b)):
        if len(only):
            out.append(
                f"{name}独有的做法（{len(only)} 项）：{_join((f'「{_short(t)}」' for t in only['title']), n)}。"
            )
    f = c.formulations
    shared = f.loc[f["status"] == STATUS_BOTH, "term"]
    if len(shared):
        out.append(f"双方都使用的提法：{_join(shared, 5)}。")
    for name, code in ((a, STATUS_A), (b, STATUS_B)):
        terms = f.loc[f["status"] == code, "term"]
        if len(terms):
            out.append(f"仅{name}使用的提法：{_join(terms, 5)}。")
    det = c.indicators
    if len(det):
        counts = [
            f"{name}提取到 {int((det['side'] == s).sum())} 项数字指标"
            + (
                f"（其中 {int(((det['side'] == s) & det['redacted']).sum())} 项{REDACTED}）"
                if ((det["side"] == s) & det["redacted"]).any()
                else ""
            )
            for name, s in ((a, "A"), (b, "B"))
        ]
        out.append("；".join(counts) + "。")
    return out


# ---------------------------------------------------------------------------------------------
# JSON (CLI)
# ---------------------------------------------------------------------------------------------


def _records(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as JSON-able dicts (NaN -> None)."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else _plain(v)) for k, v in row.items()}
        for row in df.to_dict(orient="records")
    ]


def _plain(v: Any) -> Any:
    """numpy scalars as Python values."""
    return v.item() if isinstance(v, np.generic) else v


def comparison_to_dict(c: Comparison, n_terms: int = 30) -> dict:
    """A JSON-able dict of a comparison (the CLI output without --pptx/--xlsx)."""
    da, db = c.distinctive(n_terms)
    return {
        "label_a": c.label_a,
        "label_b": c.label_b,
        "reports_a": list(c.reports_a),
        "reports_b": list(c.reports_b),
        "chars_a": c.chars_a,
        "chars_b": c.chars_b,
        "similarity": c.similarity,
        "similarity_parts": c.similarity_parts,
        "summary": list(c.summary),
        "distinctive_a": _records(da.round(4)),
        "distinctive_b": _records(db.round(4)),
        "themes": _records(c.themes.table),
        "theme_evidence": _records(c.themes.evidence),
        "measures": {
            "threshold": c.measures.threshold,
            "pairs": _records(c.measures.pairs.drop(columns=["text_a", "text_b"])),
            "only_a": _records(c.measures.only_a.drop(columns=["text"])),
            "only_b": _records(c.measures.only_b.drop(columns=["text"])),
        },
        "numbers": _records(c.numbers),
        "formulations": _records(c.formulations),
    }
