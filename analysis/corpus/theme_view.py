"""One theme as 主题探索 shows it: branches ranked by their score, the practices coded to it, and
how often each of its words was hit."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.corpus.tables import LABEL, branch_theme_matrix, practice_rows

MAX_BRANCHES = 30  # branches in the ranking chart


def branch_ranking(scores: pd.DataFrame, theme: str) -> tuple[pd.Series, pd.Series]:
    """(score per 10,000 characters, hit sentences) of the top branches on `theme`, lowest first."""
    rates = branch_theme_matrix(scores, [theme])[theme].sort_values(ascending=True)
    hits = scores[scores["theme"] == theme].groupby(LABEL)["hits"].sum()
    return rates.tail(MAX_BRANCHES), hits


def coded_practices(measures: pd.DataFrame, theme: str) -> pd.DataFrame:
    """The practices (类型 举措) whose themes (a "、"-joined list) include `theme`."""
    tagged = measures["themes"].str.contains(f"(?:^|、){re.escape(theme)}(?:、|$)", regex=True)
    return practice_rows(measures[tagged])


def word_hits(words: Iterable[str], evidence: pd.DataFrame) -> pd.DataFrame:
    """Each word of a theme with the number of evidence sentences it was hit in."""
    counts = Counter(evidence["term"])
    return pd.DataFrame(
        [(w, counts.get(w, 0)) for w in words], columns=["keyword", "hit_sentences"]
    )
