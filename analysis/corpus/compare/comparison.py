"""The whole comparison of two sides: every part computed once into a frozen `Comparison`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.core.models import Measure
from analysis.core.resources import ResourceTexts
from analysis.corpus.compare.formulation_contrast import formulations_compare
from analysis.corpus.compare.measure_alignment import (
    DEFAULT_THRESHOLD,
    MeasureAlignment,
    align_measures,
    pair_evidence,
    practice_units,
)
from analysis.corpus.compare.number_contrast import indicator_details, indicators_side_by_side
from analysis.corpus.compare.practice_evidence import PairEvidence
from analysis.corpus.compare.sides import org_terms, report_names, side_label, side_term_counts
from analysis.corpus.compare.summary import summarize
from analysis.corpus.compare.theme_contrast import ThemeProfile, theme_profiles
from analysis.corpus.compare.word_contrast import (
    cosine,
    distinctive_terms,
    jaccard,
    log_odds_dirichlet,
    similarity,
    term_scatter,
)
from analysis.corpus.loading import Corpus
from analysis.text.lexicon import build_lexicon
from analysis.text.theme_dictionary import parse_theme_dictionary


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
    measure_evidence: PairEvidence  # pair_evidence of the items, for `realign`
    similarity: float  # overall, mean of similarity_parts
    similarity_parts: dict[str, float] = field(default_factory=dict)  # keys of SIMILARITY_PARTS
    summary: tuple[str, ...] = ()
    org_names: bool = False  # whether organization names were kept in the words (the switch)

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
    """The similarities (each in [0, 1]) that both sides give evidence for: words (cosine of term
    counts), themes (cosine of theme scores), measures (share of measures with a counterpart),
    formulations (Jaccard). A part one side has nothing of (no terms, no theme hit, no practice,
    no formulation) is left out: two empty sides are missing evidence, not agreement."""
    ta = dict(zip(themes["theme"], themes["score_a"], strict=True))
    tb = dict(zip(themes["theme"], themes["score_b"], strict=True))
    fa = forms.loc[forms["count_a"] > 0, "term"]
    fb = forms.loc[forms["count_b"] > 0, "term"]
    out: dict[str, float] = {}
    if any(counts_a.values()) and any(counts_b.values()):
        out["words"] = similarity(counts_a, counts_b)
    if any(ta.values()) and any(tb.values()):
        out["themes"] = round(cosine(ta, tb), 4)
    if len(fa) and len(fb):
        out["formulations"] = round(jaccard(fa, fb), 4)
    return with_measures(out, measures)


def with_measures(parts: Mapping[str, float], measures: MeasureAlignment) -> dict[str, float]:
    """`parts` with the measures part of `measures` (left out when a side has no practice),
    in the order 用词, 主题, 做法, 提法."""
    out = {k: v for k, v in parts.items() if k != "measures"}
    if measures.n_a and measures.n_b:
        out["measures"] = measures.overlap
    order = ("words", "themes", "measures", "formulations")
    return {k: out[k] for k in order if k in out}


def overall_similarity(parts: Mapping[str, float]) -> float:
    """The documented blend: the plain mean of the parts both sides give evidence for (用词, 主题,
    做法, 提法; weights renormalised over those present), 0.0 when there is none."""
    return round(sum(parts.values()) / len(parts), 4) if parts else 0.0


def compare_sides(
    corpus: Corpus,
    ids_a: Sequence[int],
    ids_b: Sequence[int],
    texts: ResourceTexts,
    label_a: str = "",
    label_b: str = "",
    officialese: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    org_names: bool = False,
) -> Comparison:
    """Compare two groups of reports of `corpus` with resources `texts` (a ResourceTexts).

    Organization names (`sides.org_terms` of both sides: names in the texts, the reports'
    branch and organization, the side labels) are left out of the words, word clouds and
    distinctive terms unless `org_names`: a branch's own name is no finding.
    """
    ids_a = tuple(int(i) for i in ids_a if i in corpus.analyses)
    ids_b = tuple(int(i) for i in ids_b if i in corpus.analyses)
    label_a = label_a or side_label(corpus, ids_a, "A方")
    label_b = label_b or side_label(corpus, ids_b, "B方")
    if label_a == label_b:
        label_a, label_b = f"{label_a}（A）", f"{label_b}（B）"
    names = report_names(corpus, list(dict.fromkeys(ids_a + ids_b)))
    lex = build_lexicon(texts)
    hidden = frozenset() if org_names else org_terms(corpus, ids_a + ids_b, (label_a, label_b))
    ca = side_term_counts(corpus, ids_a, lex, officialese, hidden)
    cb = side_term_counts(corpus, ids_b, lex, officialese, hidden)
    prior = side_term_counts(corpus, corpus.analyses.keys(), lex, officialese, hidden)
    words = log_odds_dirichlet(ca, cb, prior)
    an = corpus.analyses
    profile = theme_profiles(
        {names[i]: an[i].cleaned.text for i in ids_a},
        {names[i]: an[i].cleaned.text for i in ids_b},
        parse_theme_dictionary(texts.themes),
    )
    ma = tuple((names[i], m) for i in ids_a for m in practice_units(an[i].structure.measures))
    mb = tuple((names[i], m) for i in ids_b for m in practice_units(an[i].structure.measures))
    evidence = pair_evidence([m for _, m in ma], [m for _, m in mb], lex)
    measures = align_measures(
        [m for _, m in ma],
        [m for _, m in mb],
        threshold,
        [s for s, _ in ma],
        [s for s, _ in mb],
        evidence=evidence,
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
        scatter=term_scatter(
            ca,
            cb,
            words,
            chars_a=sum(an[i].chars for i in ids_a),
            chars_b=sum(an[i].chars for i in ids_b),
        ),
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
        measure_evidence=evidence,
        similarity=overall_similarity(parts),
        similarity_parts=parts,
        org_names=org_names,
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
        evidence=c.measure_evidence,
    )
    parts = with_measures(c.similarity_parts, measures)
    out = replace(
        c, measures=measures, similarity_parts=parts, similarity=overall_similarity(parts)
    )
    return replace(out, summary=tuple(summarize(out)))
