"""Cached keyword search (concordance lines and hits per report) and two-side comparisons."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from analysis.corpus.compare.comparison import Comparison, compare_sides
from analysis.corpus.search import count_hits, kwic
from views import data, filters
from views.snapshot import Snapshot

MAX_LINES = 2000  # KWIC lines kept; counts always cover every hit


@st.cache_data(show_spinner=False, max_entries=32)
def _search(
    snap: Snapshot, ids: tuple[int, ...], query: str, width: int
) -> tuple[pd.DataFrame, dict[int, int]]:
    corpus = data.get_corpus().subset(list(ids))
    texts = {rid: a.cleaned.text for rid, a in corpus.analyses.items()}
    return kwic(texts, query, width=width, limit=MAX_LINES), count_hits(texts, query)  # type: ignore[arg-type, return-value]


def search(ids: list[int], query: str, width: int) -> tuple[pd.DataFrame, dict[int, int]]:
    """(KWIC lines, hits per report) of the query over the reports `ids`; AnalysisError on a bad query."""
    return _search(data.snapshot(), tuple(ids), query, width)


@st.cache_resource(show_spinner="正在对比两方…", max_entries=16)
def _comparison(
    snap: Snapshot,
    ids_a: tuple[int, ...],
    ids_b: tuple[int, ...],
    label_a: str,
    label_b: str,
    officialese: bool,
    org_names: bool = False,
) -> Comparison:
    # The whole corpus (as grouped) is the prior of the word statistic.
    corpus = data.grouped(snap)
    texts = data.get_texts()
    return compare_sides(
        corpus, ids_a, ids_b, texts, label_a, label_b, officialese, org_names=org_names
    )


def get_comparison(
    ids_a: Iterable[int], ids_b: Iterable[int], label_a: str = "", label_b: str = ""
) -> Comparison:
    """The analysis.corpus.compare.Comparison of two sides, cached by store revision, resources,
    sides, the officialese and organization-name switches (moving the measure threshold
    re-aligns it cheaply)."""
    return _comparison(
        data.snapshot(),
        tuple(sorted(int(i) for i in ids_a)),
        tuple(sorted(int(i) for i in ids_b)),
        label_a,
        label_b,
        filters.officialese_on(),
        filters.org_names_on(),
    )
