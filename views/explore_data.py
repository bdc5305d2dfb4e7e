"""Cached data of the exploration pages (趋势, 相似支部, 新词发现, 最相似的支部): like views/data.py,
the only place these pages keep st.cache_* results, each keyed by the resources and the reports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corpus import new_words as nw
from analysis.corpus import similar_branches as sim
from analysis.corpus import trends
from analysis.corpus.branch_keywords import branch_keywords
from analysis.corpus.branch_similarity import BranchInputs
from views import data, filters, theme_data


def branch_inputs(
    resources: str, revision: int, ids: tuple[int, ...], off: bool, limit: int | None = None
) -> BranchInputs:
    """The similarity inputs of the `limit` branches with most reports among `ids` (all when
    None; parents when grouping by parent), built once per resources, reports and grouping;
    read by the map and the nearest lists."""
    return _branch_inputs(resources, revision, data.grouping(), ids, off, limit)


@st.cache_resource(show_spinner="正在准备各支部的相似度数据…", max_entries=4)
def _branch_inputs(
    resources: str,
    revision: int,
    grouping: str,
    ids: tuple[int, ...],
    off: bool,
    limit: int | None = None,
) -> BranchInputs:
    corpus = data.get_corpus().subset(list(ids))
    scored = theme_data.theme_tables(list(ids), theme_data.get_theme_dictionary()).results
    counts = {rid: r.counts for rid, r in scored.items()}
    groups = sim.branch_groups(corpus, limit)
    return sim.corpus_inputs(corpus, data.get_texts(), groups, off, scored=counts)


def nearest_branches(resources: str, revision: int, branch: str, off: bool) -> pd.DataFrame:
    """The branches most like `branch` in the whole corpus (cached by resources, revision and the
    grouping: by parent, the parents most like it)."""
    return _nearest_branches(resources, revision, data.grouping(), branch, off)


@st.cache_data(show_spinner="正在寻找最相似的支部…", max_entries=32)
def _nearest_branches(
    resources: str, revision: int, grouping: str, branch: str, off: bool
) -> pd.DataFrame:
    ids = tuple(int(i) for i in data.get_corpus().ids)
    return sim.nearest_in(branch_inputs(resources, revision, ids, off), branch, 5)


@st.cache_data(show_spinner="正在从语料中发现新词…", max_entries=8)
def new_word_candidates(resources: str, ids: tuple[int, ...]):
    """Candidates of the reports `ids` under the current resources (cached by both)."""
    from analysis.service import build_lexicon

    corpus = data.get_corpus().subset(list(ids))
    texts = {str(rid): a.cleaned.text for rid, a in corpus.analyses.items()}
    return nw.candidates_frame(nw.discover(texts, build_lexicon(data.get_texts()), n=100))


def similarity_map(
    resources: str, revision: int, ids: tuple[int, ...], off: bool, limit: int
) -> sim.SimilarityMap:
    """The map of the `limit` branches with most reports among `ids` (cached with their inputs
    by the resources, reports and grouping; only those branches' inputs are built, a first
    visit's main cost)."""
    return sim.map_of(branch_inputs(resources, revision, ids, off, limit))


def branch_keyword_table(resources: str, ids: tuple[int, ...], branch: str, off: bool):
    """Distinctive words of `branch` (a parent when grouping by parent) among the reports `ids`;
    its organization names left out unless the sidebar switch keeps them."""
    names = filters.org_names_on()
    return _branch_keyword_table(resources, ids, data.grouping(), branch, off, names)


@st.cache_data(show_spinner=False, max_entries=32)
def _branch_keyword_table(
    resources: str, ids: tuple[int, ...], grouping: str, branch: str, off: bool, names: bool
):
    from analysis.corpus.compare.sides import org_terms
    from analysis.service import build_lexicon

    corpus = data.get_corpus().subset(list(ids))
    own = [i for i in corpus.ids if corpus.labels[int(i)] == branch]
    hidden = frozenset() if names else org_terms(corpus, own)
    lex = build_lexicon(data.get_texts())
    return branch_keywords(corpus, branch, lex, off, n=50, exclude=hidden)


@st.cache_data(show_spinner="正在比较前后两个时期的用词…", max_entries=16)
def term_trends_of(
    resources: str, ids: tuple[int, ...], before: tuple[int, ...], after: tuple[int, ...], off: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rising and falling terms of the reports `ids` (cached by the resources and the reports)."""
    from analysis.service import build_lexicon

    corpus = data.get_corpus().subset(list(ids))
    return trends.term_trends(corpus, before, after, build_lexicon(data.get_texts()), off, n=20)
