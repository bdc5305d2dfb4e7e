"""Branch keywords: a branch's own words first, words every branch uses weigh less."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.models import Analysis, Cleaned, Structure
from analysis.core.resources import default_texts
from analysis.corpus.branch_keywords import all_branch_keywords, branch_keywords
from analysis.corpus.loading import Corpus
from analysis.text.lexicon import build_lexicon

LEX = build_lexicon(default_texts())


def _a(counts: dict[str, int], chars: int = 1000) -> Analysis:
    return Analysis("", chars, Cleaned(""), Structure(), (), (), counts, {})


@pytest.fixture
def corpus() -> Corpus:
    reports = pd.DataFrame(
        {"branch": ["甲支部", "甲支部", "乙支部"], "title": ["", "", ""]}, index=[1, 2, 3]
    )
    return Corpus(
        reports,
        {
            1: _a({"党员": 3, "楼宇": 3}),
            2: _a({"党员": 3, "楼宇": 2, "白领": 1}),
            3: _a({"党员": 6, "乡村": 5}),
        },
    )


@pytest.mark.parametrize(
    ("branch", "first", "counts"),
    [
        ("甲支部", "楼宇", {"党员": 6, "楼宇": 5, "白领": 1}),
        ("乙支部", "乡村", {"党员": 6, "乡村": 5}),
    ],
)
def test_own_words_rank_first(corpus, branch, first, counts):
    df = branch_keywords(corpus, branch, LEX)
    assert df["word"].iloc[0] == first
    assert dict(zip(df["word"], df["count"], strict=True)) == counts
    assert df["tfidf"].is_monotonic_decreasing
    weight = df.set_index("word")["tfidf"] / df.set_index("word")["count"]
    assert weight[first] > weight["党员"]  # a word of every branch weighs less per use


def test_unknown_branch_and_long_table(corpus):
    assert branch_keywords(corpus, "丙支部", LEX).empty
    long = all_branch_keywords(corpus, LEX, n=2)
    assert list(long["branch"]) == ["乙支部", "乙支部", "甲支部", "甲支部"]
