"""Similar branches: the comparison's own similarity, a branch's reports nearest to each other."""

from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import similar_branches as sb
from analysis.corpus.branch_similarity import PART_KEYS, pair_measure_similarity, pair_parts
from analysis.corpus.compare.comparison import compare_sides
from analysis.corpus.loading import Corpus
from analysis.text.pipeline import analyze_text
from tests.conftest import SAMPLES

VARIANTS = 3  # generated variants of each sample, reports of the sample's branch


def _variant(text: str, k: int) -> str:
    """A rewrite of a report as the same branch might file another year: about a third of its
    body lines dropped and every number changed."""
    rng = random.Random(f"variant:{k}:{len(text)}")
    lines = text.splitlines()
    kept = [lines[0], *(ln for ln in lines[1:] if rng.random() > 0.3)]
    return re.sub(r"[0-9]+", lambda m: str(rng.randint(2, 99)), "\n".join(kept))


@pytest.fixture(scope="module")
def variants(corpus_texts):
    """The samples plus VARIANTS generated variants of each, all filed under the sample's branch."""
    corpus, texts = corpus_texts
    rows, analyses = [], {}
    rid = 0
    for i, path in enumerate(SAMPLES, start=1):
        branch = corpus.reports.loc[i, "branch"]
        text = path.read_text(encoding="utf-8")
        for k in range(VARIANTS + 1):
            rid += 1
            analyses[rid] = analyze_text(_variant(text, k) if k else text, texts)
            rows.append({"id": rid, "branch": branch, "title": "", "year": 2022})
    return Corpus(pd.DataFrame(rows).set_index("id"), analyses), texts


def test_map_cells_equal_the_comparison_score(corpus_texts):
    corpus, texts = corpus_texts
    m = sb.similarity_map(corpus, texts)
    a, b = "兴城投资党支部", "**楼宇综合党委"
    shown = compare_sides(corpus, m.groups[a], m.groups[b], texts)
    assert m.matrix.loc[a, b] == pytest.approx(shown.similarity, abs=1e-9)
    for key, part in shown.similarity_parts.items():
        assert m.parts[key].loc[a, b] == pytest.approx(part, abs=1e-9)


def test_map_shape_and_determinism(corpus_texts):
    corpus, texts = corpus_texts
    m1, m2 = sb.similarity_map(corpus, texts), sb.similarity_map(corpus, texts)
    assert m1.matrix.shape == (5, 5)
    assert np.allclose(m1.matrix.to_numpy(), m1.matrix.to_numpy().T)
    assert (np.diag(m1.matrix.to_numpy()) == 1.0).all()
    assert list(m1.coords["branch"]) == list(m1.matrix.index)
    pd.testing.assert_frame_equal(m1.coords, m2.coords)
    assert len(sb.matrix_table(m1)) == 10


def test_a_branch_reports_are_nearest_each_other(variants):
    """Each report's most similar other report is of its own branch in >= 90 % of cases."""
    corpus, texts = variants
    groups = {str(rid): (rid,) for rid in corpus.analyses}
    m = sb.similarity_map(corpus, texts, groups)
    branch = corpus.reports["branch"]
    hits = []
    for r in m.matrix.index:
        best = m.matrix.loc[r].drop(r).idxmax()
        hits.append(branch.loc[int(r)] == branch.loc[int(best)])
    share = sum(hits) / len(hits)
    print(f"nearest report of the same branch: {sum(hits)}/{len(hits)} = {share:.0%}")
    assert share >= 0.9


def test_nearest_branches(corpus_texts):
    corpus, texts = corpus_texts
    m = sb.similarity_map(corpus, texts)
    near = sb.nearest(m, "兴城投资党支部", 2)
    assert len(near) == 2 and "兴城投资党支部" not in set(near["branch"])
    assert near["similarity"].is_monotonic_decreasing
    assert near["similarity"].iloc[0] == m.matrix.loc["兴城投资党支部"].drop("兴城投资党支部").max()
    assert sb.nearest(m, "不存在的支部").empty


@pytest.mark.parametrize(
    ("sim", "expected"),
    [
        ([[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]], [1, 1, 2]),
        ([[1, 0.1], [0.1, 1]], [1, 2]),
    ],
)
def test_clusters(sim, expected):
    names = list("abc")[: len(sim)]
    assert sb.clusters(pd.DataFrame(sim, index=names, columns=names)) == expected


def test_nearest_to_equals_the_map_row(corpus_texts):
    corpus, texts = corpus_texts
    m = sb.similarity_map(corpus, texts)
    one = sb.nearest_to(corpus, texts, "兴城投资党支部", n=4)
    pd.testing.assert_frame_equal(one, sb.nearest(m, "兴城投资党支部", n=4))
    assert sb.nearest_to(corpus, texts, "不存在的支部").empty


def test_pairwise_measure_similarity_equals_the_comparison(corpus_texts):
    """The n-gram shortcut gives compare.measure_similarity's matrix for every pair of samples."""
    from analysis.corpus.compare.measure_alignment import measure_similarity

    corpus, texts = corpus_texts
    bi = sb.corpus_inputs(corpus, texts)
    for a in bi.sides:
        for b in bi.sides:
            fast = pair_measure_similarity(bi.grams[a], bi.grams[b], bi.doc_freq[a], bi.doc_freq[b])
            slow = measure_similarity(bi.sides[a].measures, bi.sides[b].measures)
            assert np.allclose(fast, slow, atol=1e-9), (a, b)


def test_every_cell_equals_the_comparison_parts(thirds):
    """On short reports (some without practices or formulations) every cell and part of the map
    is what compare.similarity_parts and overall_similarity give for the pair."""
    from analysis.corpus.compare.comparison import overall_similarity

    corpus, texts = thirds
    groups = {str(rid): (rid,) for rid in corpus.analyses}
    bi = sb.corpus_inputs(corpus, texts, groups)
    m = sb.map_of(bi)
    for a in bi.sides:
        for b in bi.sides:
            if a != b:
                slow = pair_parts(bi.sides[a], bi.sides[b])
                assert m.matrix.loc[a, b] == pytest.approx(overall_similarity(slow), abs=1e-12)
                for key in PART_KEYS:
                    got = m.parts[key].loc[a, b]
                    assert (np.isnan(got) and key not in slow) or got == pytest.approx(slow[key])


def test_precounted_theme_hits_give_the_same_map(corpus_texts):
    from analysis.text.theme_dictionary import parse_theme_dictionary
    from analysis.text.theme_results import report_themes

    corpus, texts = corpus_texts
    d = parse_theme_dictionary(texts.themes)
    scored = {
        rid: report_themes(a.cleaned.text, (), d).counts for rid, a in corpus.analyses.items()
    }
    fresh, reused = (
        sb.similarity_map(corpus, texts),
        sb.similarity_map(corpus, texts, scored=scored),
    )
    pd.testing.assert_frame_equal(fresh.matrix, reused.matrix)


def _thirds(text: str) -> list[str]:
    """A report cut into three consecutive runs of lines of about equal length."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    k = max(1, len(lines) // 3)
    return ["\n".join(lines[i * k : (i + 1) * k if i < 2 else None]) for i in range(3)]


@pytest.fixture(scope="module")
def thirds(corpus_texts):
    """Each sample cut in thirds, each third a separate report of the sample's branch."""
    corpus, texts = corpus_texts
    rows, analyses = [], {}
    rid = 0
    for i, path in enumerate(SAMPLES, start=1):
        branch = corpus.reports.loc[i, "branch"]
        for part in _thirds(path.read_text(encoding="utf-8")):
            rid += 1
            analyses[rid] = analyze_text(part, texts)
            rows.append({"id": rid, "branch": branch, "title": "", "year": 2022})
    return Corpus(pd.DataFrame(rows).set_index("id"), analyses), texts


def _nearest_same_branch(corpus: Corpus, texts) -> tuple[int, int]:
    """(reports whose most similar other report is of the same branch, reports)."""
    groups = {str(rid): (rid,) for rid in corpus.analyses}
    m = sb.similarity_map(corpus, texts, groups)
    branch = corpus.reports["branch"]
    hits = [
        branch.loc[int(r)] == branch.loc[int(m.matrix.loc[r].drop(r).idxmax())]
        for r in m.matrix.index
    ]
    return sum(hits), len(hits)


def test_thirds_of_a_report_are_nearest_each_other(thirds):
    """The harder check: thirds of one report share little text. With empty parts scored as
    agreement (1.0) 5 of 15 found their branch; with them left out of the blend 6. The words part
    alone finds 11: on a third of a report, themes and practices are the noisy parts."""
    hits, n = _nearest_same_branch(*thirds)
    print(f"thirds: nearest report of the same branch {hits}/{n}")
    assert hits >= 6


def _theme_table(a: list[float], b: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"theme": ["学习", "组织", "服务"], "score_a": a, "score_b": b})


def _forms(a: dict[str, int], b: dict[str, int]) -> pd.DataFrame:
    terms = sorted(set(a) | set(b))
    return pd.DataFrame(
        {
            "term": terms,
            "count_a": [a.get(t, 0) for t in terms],
            "count_b": [b.get(t, 0) for t in terms],
        }
    )


@pytest.mark.parametrize(
    ("words", "themes", "forms", "expected"),
    [
        # no practice on either side, no formulation on either side: both parts left out
        (
            ({"学习": 2}, {"学习": 2}),
            ([1, 0, 0], [1, 0, 0]),
            ({}, {}),
            {"words": 1.0, "themes": 1.0},
        ),
        # formulations on one side only: missing evidence, not 0 and not 1
        (
            ({"学习": 1}, {"服务": 1}),
            ([1, 0, 0], [0, 1, 0]),
            ({"两个维护": 1}, {}),
            {"words": 0.0, "themes": 0.0},
        ),
        # both sides have formulations: Jaccard counts
        (
            ({"学习": 1}, {"学习": 1}),
            ([0, 0, 0], [0, 0, 0]),
            ({"四个意识": 1}, {"四个意识": 1, "两个维护": 2}),
            {"words": 1.0, "formulations": 0.5},
        ),
        # nothing at all: no part, overall 0
        (({}, {}), ([0, 0, 0], [0, 0, 0]), ({}, {}), {}),
    ],
)
def test_empty_parts_are_missing_evidence_not_agreement(words, themes, forms, expected):
    """Two sides with no practices or no formulations are not 1.0 on that part: it is left out and
    the overall is the mean of the parts both sides have."""
    from analysis.corpus.compare.comparison import overall_similarity, similarity_parts
    from analysis.corpus.compare.measure_alignment import align_measures

    none = align_measures([], [])
    parts = similarity_parts(*words, _theme_table(*themes), none, _forms(*forms))
    assert parts == expected
    assert "measures" not in parts
    mean = sum(expected.values()) / len(expected) if expected else 0.0
    assert overall_similarity(parts) == pytest.approx(mean)
