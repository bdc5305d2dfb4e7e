"""Practices of two sides aligned one to one: the same practice paired first, then a character
n-gram TF-IDF similarity gated by shared distinctive terms, an assignment (each practice in at
most one pair), two tiers of evidence, and the practices only one side has."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.core.facts import is_practice
from analysis.core.models import Measure
from analysis.corpus.compare.practice_evidence import PairEvidence, evidence_parts
from analysis.text.item_kinds import title_kind
from analysis.text.lexicon import Lexicon

# Thresholds of the TF-IDF similarity, measured by bench/alignment_threshold.py (samples and
# generated reports) and bench/alignment_pairs.py (124 labelled pairs; figures in bench/README.md).
DEFAULT_THRESHOLD = 0.25
STRONG_THRESHOLD = 0.5
STRONG_SHARED = 3  # distinctive terms a 共有 pair shares, besides its similarity
TIER_STRONG, TIER_POSSIBLE = "strong", "possible"
TIER_TEXT = {TIER_STRONG: "共有的做法", TIER_POSSIBLE: "可能相近的做法"}
# Each tier's rule in a few words, for sentences, captions and slides (pair_tiers applies it).
TIER_RULE = {
    TIER_STRONG: "文字相同，或文字高度相近且正文说的是同一件事",
    TIER_POSSIBLE: "文字部分相近，有共同的实质词语，请对照原文确认",
}
# The tiers, in one place (explain.READING["pairs"] says them to the user):
# - 共有 (strong): the same practice after cleaning (practice_evidence.same_matrix; paired first,
#   at any threshold), or similarity >= the strong threshold with >= STRONG_SHARED distinctive
#   terms in common in their bodies (what they did, not only what their titles name);
# - 可能相近 (possible): similarity >= the threshold with at least one distinctive term in common
#   in title or text (a strong similarity with fewer shared terms is demoted here);
# - no pair: below the threshold, or no distinctive term in common (the two agree on officialese
#   only); such practices are only-A / only-B.
_NO_PAIR, _POSSIBLE, _STRONG = 0, 1, 2


def pair_tiers(ev: PairEvidence, threshold: float, strong_threshold: float) -> np.ndarray:
    """The tier (0 none, 1 可能相近, 2 共有) each (A, B) pair would have: the rules above."""
    sim, shared, same = ev.similarity, ev.shared, ev.same > 0
    possible = (sim >= threshold) & (sim > 0) & (shared >= 1)
    strong = same | (possible & (sim >= strong_threshold) & (ev.shared_body >= STRONG_SHARED))
    return np.where(strong, _STRONG, np.where(possible, _POSSIBLE, _NO_PAIR))


# Anything that is not a CJK ideograph, a Latin letter or a digit; becomes a space before
# character n-grams so n-grams never span punctuation. e.g. "一是，加强" -> "一是 加强"
_NON_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")
# A body paragraph of its own: this long, or ending a sentence. Shorter lines are headings.
_MIN_PARAGRAPH = 30
_SENTENCE_END = ("。", "；", ";", "！", "？", "!", "?")
# A clause ends at one of these; a paragraph's title is its first clauses up to _TITLE_MIN chars.
_CLAUSE = re.compile(r"[^，,。；;：:！？!?]+[，,。；;：:！？!?]?")
_TITLE_MIN, _TITLE_MAX = 10, 30
# Where a paragraph's first sentence ends.
_SENTENCE_STOP = re.compile(r"[。；;！？!?]")

PAIR_COLUMNS = [
    "title_a",
    "title_b",
    "similarity",
    "source_a",
    "source_b",
    "text_a",
    "text_b",
    "tier",
]
ONLY_COLUMNS = ["title", "source", "best_similarity", "best_match", "text"]


@dataclass(frozen=True, eq=False)
class MeasureAlignment:
    """Practices paired one to one across sides and the practices only one side has.

    Every practice of A is in exactly one of `pairs` or `only_a` (same for B), so
    len(pairs) + len(only_a) == n_a: the counts a summary announces are the lengths of the lists.
    """

    pairs: pd.DataFrame  # PAIR_COLUMNS, strong tier first, most similar first
    only_a: pd.DataFrame  # ONLY_COLUMNS
    only_b: pd.DataFrame  # ONLY_COLUMNS
    threshold: float
    n_a: int = 0  # practices compared on each side
    n_b: int = 0
    strong_threshold: float = STRONG_THRESHOLD

    @property
    def strong(self) -> pd.DataFrame:
        """Pairs with strong evidence: practices both sides have (`共有`)."""
        return self.pairs[self.pairs["tier"] == TIER_STRONG]

    @property
    def possible(self) -> pd.DataFrame:
        """Pairs with medium evidence: `可能相近的做法`, shown with their similarity."""
        return self.pairs[self.pairs["tier"] == TIER_POSSIBLE]

    @property
    def overlap(self) -> float:
        """Share of all practices that have a counterpart on the other side (1.0 if none at all)."""
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


def _paragraph_title(paragraph: str) -> str:
    """A paragraph's first clauses, at least _TITLE_MIN and at most _TITLE_MAX characters.

    e.g. "结合项目进展,采取“走出去、请进来”的党建联建方式,与央企…" -> "结合项目进展,采取“走出去、请进来”的党建联建方式"
    """
    title = ""
    for clause in _CLAUSE.findall(paragraph.strip()):
        title += clause
        if len(title.rstrip("，,。；;：:")) >= _TITLE_MIN or clause[-1:] in "。；;！？!?":
            break
    title = title.rstrip("，,。；;：:！？!? ")
    return title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1] + "…"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of its body paragraphs; heading lines join the next one."""
    spans: list[tuple[int, int]] = []
    start = pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        body = line.strip()
        if len(body) >= _MIN_PARAGRAPH or body.endswith(_SENTENCE_END):
            spans.append((start if spans else pos, end))
            start = end + 1
        pos = end + 1
    if start < len(text) and text[start:].strip():
        if spans:  # trailing short lines belong to the last paragraph
            spans[-1] = (spans[-1][0], len(text))
        else:
            spans.append((start, len(text)))
    return spans


def split_paragraphs(m: Measure) -> list[Measure]:
    """A practice whose body has several paragraphs, as one practice per paragraph.

    The first paragraph keeps the practice's title; the others are titled by their first clauses
    and record the practice in `section`. e.g. 002's `提质增效快步走…` holds 同部署, the 兴城 series
    and 党建联建: three practices, each of which may pair with a different practice of the other side.
    """
    spans = _paragraphs(m.text)
    if len(spans) < 2:
        return [m]
    out = []
    for k, (s, e) in enumerate(spans):
        text = m.text[s:e].strip("\n")
        title = m.title if k == 0 else _paragraph_title(text)
        section = m.section if k == 0 else (*m.section, m.title)
        out.append(
            replace(m, title=title, section=section, text=text, start=m.start + s, end=m.start + e)
        )
    return out


def own_paragraphs(parent: Measure, items: Sequence[Measure]) -> list[Measure]:
    """Body paragraphs of a practice that holds items, outside every item and its heading line.

    A paragraph after a run of 一是…二是… belongs to the parent's span but to none of its items;
    dropping the parent (practice_measures) must not drop it. e.g. a heading line the cleaning
    took for a photo caption leaves its paragraph inside the practice before it. A paragraph whose
    first sentence reports results (item_kinds.title_kind) is left out.
    """
    if parent.end - parent.start != len(parent.text):
        return []  # offsets do not map the text: nothing can be placed safely
    spans = [(c.start - parent.start, c.end - parent.start) for c in items]
    out, pos = [], 0
    for k, line in enumerate(parent.text.split("\n")):
        s, e, pos = pos, pos + len(line), pos + len(line) + 1
        body = line.strip()
        inside = any(a < e and s < b for a, b in spans)
        if k == 0 or inside or not (len(body) >= _MIN_PARAGRAPH or body.endswith(_SENTENCE_END)):
            continue
        if title_kind(_SENTENCE_STOP.split(body, maxsplit=1)[0]) == "result":
            continue  # a closing "通过…，我们切实感受到了…" reports results, not a practice
        out.append(
            replace(
                parent,
                title=_paragraph_title(body),
                section=(*parent.section, parent.title),
                text=line,
                start=parent.start + s,
                end=parent.start + e,
                has_children=False,
            )
        )
    return out


def practice_units(measures: Iterable[Measure]) -> list[Measure]:
    """The units a comparison aligns: the finest practices of ONE report, split by paragraph,
    and the paragraphs of practices with items that belong to none of their items."""
    items = [m for m in measures if comparable_practice(m)]
    leaves = practice_measures(items)
    kept = {id(m) for m in leaves}
    units = [u for m in leaves for u in split_paragraphs(m)]
    for m in items:
        if id(m) not in kept:
            inner = [c for c in items if c is not m and m.start <= c.start and c.end <= m.end]
            units += own_paragraphs(m, inner)
    return sorted(units, key=lambda u: (u.start, u.end))


def measure_doc(m: Measure) -> str:
    """The text compared for a measure: title + body (the body usually repeats the title, so the
    words naming the practice weigh double); punctuation becomes spaces."""
    return _NON_WORD.sub(" ", f"{m.title} {m.text}").strip()


def measure_similarity(measures_a: Sequence[Measure], measures_b: Sequence[Measure]) -> np.ndarray:
    """Cosine matrix (len(a) x len(b)) of character 2-3-gram TF-IDF vectors of title + body.

    The vocabulary keeps n-grams found in at least two measures: an n-gram of one measure only can
    never make two measures alike, and dropping it stops long, detailed bodies from diluting the
    cosine (see DEFAULT_THRESHOLD for the scores measured).
    """
    if not measures_a or not measures_b:
        return np.zeros((len(measures_a), len(measures_b)))
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    docs = [measure_doc(m) for m in (*measures_a, *measures_b)]
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


def assign_pairs(sim: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, similarity) maximizing the total similarity, each >= `threshold`.

    An assignment (scipy's linear_sum_assignment), not each side's nearest neighbour: no practice
    is in two pairs. Similarities below the threshold are zeroed first, so a weak pair never
    displaces a strong one.
    """
    if sim.size == 0:
        return []
    from scipy.optimize import linear_sum_assignment

    weights = np.where(sim >= threshold, sim, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [
        (int(i), int(j), float(sim[i, j]))
        for i, j in zip(rows, cols, strict=True)
        if sim[i, j] >= threshold and sim[i, j] > 0
    ]


def pair_evidence(
    measures_a: Sequence[Measure],
    measures_b: Sequence[Measure],
    lex: Lexicon | None = None,
    matrix: np.ndarray | None = None,
) -> PairEvidence:
    """Similarity (`matrix` when precomputed), shared distinctive terms and sameness of every pair."""
    sim = measure_similarity(measures_a, measures_b) if matrix is None else matrix
    shared, shared_body, same = evidence_parts(measures_a, measures_b, lex)
    return PairEvidence(
        similarity=np.asarray(sim, dtype=float).reshape(len(measures_a), len(measures_b)),
        shared=shared,
        shared_body=shared_body,
        same=same,
    )


def _pairs_by_rules(ev: PairEvidence, tiers: np.ndarray) -> list[tuple[int, int, float, int]]:
    """(i, j, similarity, tier): same practices paired first (one to one, the most alike first),
    then an assignment among the rest of the pairs the rules allow."""
    sim = np.maximum(ev.similarity, ev.same)
    same = assign_pairs(np.where(tiers == _STRONG, ev.same, 0.0), 1e-9)
    rows = sorted(set(range(sim.shape[0])) - {i for i, _, _ in same})
    cols = sorted(set(range(sim.shape[1])) - {j for _, j, _ in same})
    rest = np.where(tiers > _NO_PAIR, sim, 0.0)[np.ix_(rows, cols)]
    found = [(i, j, float(sim[i, j])) for i, j, _ in same]
    found += [
        (rows[r], cols[c], float(sim[rows[r], cols[c]])) for r, c, _ in assign_pairs(rest, 1e-9)
    ]
    return [(i, j, s, int(tiers[i, j])) for i, j, s in found]


def evidence_overlap(
    ev: PairEvidence,
    threshold: float = DEFAULT_THRESHOLD,
    strong_threshold: float = STRONG_THRESHOLD,
) -> float:
    """`MeasureAlignment.overlap` straight from the evidence (no tables): the share of practices
    in a pair by the same rules, for the branch map's many pairs."""
    total = sum(ev.similarity.shape)
    if total == 0:
        return 1.0
    tiers = pair_tiers(ev, threshold, max(strong_threshold, threshold))
    return round(2 * len(_pairs_by_rules(ev, tiers)) / total, 4)


def align_measures(
    measures_a: Sequence[Measure],
    measures_b: Sequence[Measure],
    threshold: float = DEFAULT_THRESHOLD,
    sources_a: Sequence[str] = (),
    sources_b: Sequence[str] = (),
    matrix: np.ndarray | None = None,
    strong_threshold: float = STRONG_THRESHOLD,
    evidence: PairEvidence | None = None,
    lex: Lexicon | None = None,
) -> MeasureAlignment:
    """Pair the practices of A and B that are about the same thing; list the rest as only-A/B.

    Only practices (`facts.is_practice`) count. The same practice after cleaning is paired first
    and is 共有; the rest is a one-to-one assignment among the pairs `pair_tiers` allows (tiers in
    one place there). A practice in no pair is "only" its side's, with its best match named.
    `sources_*` name each measure's report (parallel to `measures_*`); `evidence` (or `matrix`, a
    precomputed `measure_similarity`) of the comparable practices moves the threshold cheaply;
    `lex` gives the officialese and stopword lists (the shipped ones when None).
    """
    ia = [i for i, m in enumerate(measures_a) if comparable_practice(m)]
    ib = [i for i, m in enumerate(measures_b) if comparable_practice(m)]
    ma, mb = [measures_a[i] for i in ia], [measures_b[i] for i in ib]
    sa = [sources_a[i] if i < len(sources_a) else "" for i in ia]
    sb = [sources_b[i] if i < len(sources_b) else "" for i in ib]
    ev = evidence or pair_evidence(ma, mb, lex, matrix)
    strong = max(strong_threshold, threshold)
    found = _pairs_by_rules(ev, pair_tiers(ev, threshold, strong))
    found.sort(key=lambda p: (-p[3], -p[2], p[0], p[1]))
    pairs = [
        (
            ma[i].title,
            mb[j].title,
            round(s, 3),
            sa[i],
            sb[j],
            ma[i].text,
            mb[j].text,
            TIER_STRONG if tier == _STRONG else TIER_POSSIBLE,
        )
        for i, j, s, tier in found
    ]
    paired_a = {i for i, _, _, _ in found}
    paired_b = {j for _, j, _, _ in found}
    sim = ev.similarity
    return MeasureAlignment(
        pairs=pd.DataFrame(pairs, columns=PAIR_COLUMNS),
        only_a=_only(ma, sa, mb, sim, paired_a),
        only_b=_only(mb, sb, ma, sim.T, paired_b),
        threshold=threshold,
        n_a=len(ma),
        n_b=len(mb),
        strong_threshold=strong,
    )


def _only(
    mine: Sequence[Measure],
    sources: Sequence[str],
    other: Sequence[Measure],
    sim: np.ndarray,
    paired: set[int],
) -> pd.DataFrame:
    """Rows of the practices in no pair, with their best match on the other side."""
    rows = []
    for i, m in enumerate(mine):
        if i in paired:
            continue
        best = float(sim[i].max()) if len(other) else 0.0
        match = other[int(sim[i].argmax())].title if len(other) else ""
        rows.append((m.title, sources[i], round(best, 3), match, m.text))
    return pd.DataFrame(rows, columns=ONLY_COLUMNS)
