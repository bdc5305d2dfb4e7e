"""Cached keyword search (concordance lines and hits per report) and two-side comparisons."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from analysis.corpus.compare import Comparison, compare_sides
from analysis.corpus.search import count_hits, kwic
from views import data, filters

MAX_LINES = 2000  # KWIC lines kept; counts always cover every hit


@st.cache_data(show_spinner=False, max_entries=32)
def _search(
    revision: int, ids: tuple[int, ...], query: str, width: int
) -> tuple[pd.DataFrame, dict[int, int]]:
    corpus = data.get_corpus().subset(list(ids))
    texts = {rid: a.cleaned.text for rid, a in corpus.analyses.items()}
    return kwic(texts, query, width=width, limit=MAX_LINES), count_hits(texts, query)  # type: ignore[arg-type, return-value]


def search(ids: list[int], query: str, width: int) -> tuple[pd.DataFrame, dict[int, int]]:
    """(KWIC lines, hits per report) of the query over the reports `ids`; AnalysisError on a bad query."""
    return _search(data.revision(), tuple(ids), query, width)


@st.cache_resource(show_spinner="正在对比两方…", max_entries=16)
def _comparison(
    path: str,
    revision: int,
    fingerprint: str,
    ids_a: tuple[int, ...],
    ids_b: tuple[int, ...],
    label_a: str,
    label_b: str,
    officialese: bool,
) -> Comparison:
    corpus = data.corpus_at(path, revision)  # the whole corpus is the prior of the word statistic
    return compare_sides(corpus, ids_a, ids_b, data.get_texts(), label_a, label_b, officialese)


def get_comparison(
    ids_a: Iterable[int], ids_b: Iterable[int], label_a: str = "", label_b: str = ""
) -> Comparison:
    """The analysis.corpus.compare.Comparison of two sides, cached by store revision, resources,
    sides and the officialese switch (moving the measure threshold re-aligns it cheaply)."""
    store = data.get_store()
    return _comparison(
        store.location,
        store.revision(),
        data.get_texts().fingerprint(),
        tuple(sorted(int(i) for i in ids_a)),
        tuple(sorted(int(i) for i in ids_b)),
        label_a,
        label_b,
        filters.officialese_on(),
    )
