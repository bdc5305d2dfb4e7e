"""Cached access to the corpus (grouped by branch or by parent), resources, keywords and
formulations, each keyed by this run's snapshot (views/snapshot.py): pages ask here (and the other
data modules) and never open the store themselves.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.resources import ResourceTexts
from analysis.corpus.loading import Corpus
from analysis.corpus.regroup import has_parents
from analysis.corpus.tables import formulations_frame, reports_frame
from analysis.service import Lexicon, build_lexicon, keywords
from views.snapshot import (
    Snapshot,
    get_store,
    grouped_at,
    roster_at,
    snapshot,
    texts_at,
)

EMPTY_HINT = (
    "语料库中还没有报告。请到「数据管理」页面上传报告（.docx、.doc、.wps、.pdf、扫描件和照片、.txt 或 .zip），"
    "或用命令 `python -m analysis ingest 文件…` 导入。"
)


def get_texts() -> ResourceTexts:
    """Resource texts with the user's edits, as at this run's snapshot."""
    snap = snapshot()
    return texts_at(snap.location, snap.revision)


def get_lexicon() -> Lexicon:
    """The segmenter's lexicon built from the current resources."""
    return build_lexicon(get_texts())


def grouping() -> str:
    """BY_PARENT if chosen and the roster names a parent, else BY_BRANCH (a key of grouped tables)."""
    return snapshot().grouping


def parents_known() -> bool:
    """Whether the roster in use names at least one parent (按上级党组织 is offered only then)."""
    snap = snapshot()
    return has_parents(roster_at(snap.location, snap.revision))


def grouped(snap: Snapshot) -> Corpus:
    """The whole corpus at a snapshot, grouped as it says."""
    return grouped_at(snap.location, snap.revision, snap.grouping)


def get_corpus() -> Corpus:
    """The whole corpus, grouped as the sidebar says; a roster edit relabels it with no analysis."""
    return grouped(snapshot())


def revision() -> int:
    """The store's revision at this run's snapshot: a cache key that changes with every write."""
    return snapshot().revision


@st.cache_data(show_spinner=False, max_entries=4)
def _stored(path: str, revision: int) -> pd.DataFrame:
    return get_store().list_reports(include_deleted=True)


def stored_reports() -> pd.DataFrame:
    """Every stored report, trash included (no text), read once per store revision."""
    snap = snapshot()
    return _stored(snap.location, snap.revision)


def live_reports() -> pd.DataFrame:
    """The live reports, by id (as `store.list_reports()`)."""
    df = stored_reports()
    return df[df["deleted_at"].isna()]


def metadata_rows() -> pd.DataFrame:
    """The live reports with `chars` the cleaned length (字数 as on 概览, 报告详情 and the CLI;
    the store's `raw_length` is never shown), from the stored facts: no corpus is loaded."""
    from views import overview_data  # it builds on this module

    df = live_reports()
    cleaned = overview_data.all_facts()["chars"]
    return df.assign(chars=df["id"].map(cleaned).astype("Int64"))


def trashed_reports() -> pd.DataFrame:
    """The trash, newest first (as `store.trash()`)."""
    df = stored_reports()
    return df[df["deleted_at"].notna()].sort_values("deleted_at", ascending=False)


def formulations(corpus: Corpus) -> pd.DataFrame:
    """analysis.corpus.tables.formulations_frame of a (filtered) corpus, built once per corpus."""
    return corpus.cached("formulations", formulations_frame)


def report_rows(corpus: Corpus) -> pd.DataFrame:
    """analysis.corpus.tables.reports_frame of a (filtered) corpus, built once per corpus."""
    return corpus.cached("reports", reports_frame)


@st.cache_data(show_spinner=False, max_entries=16)
def _keywords(resources: str, ids: tuple[int, ...], off: bool, exclude: tuple) -> pd.DataFrame:
    corpus = get_corpus().subset(list(ids))
    docs = {rid: a.term_counts for rid, a in corpus.analyses.items()}
    chars = {rid: a.chars for rid, a in corpus.analyses.items()}
    return keywords.keyword_table(
        docs, chars, get_lexicon(), off, n=200, exclude=frozenset(exclude)
    )


def corpus_keywords(ids: list[int], off: bool, exclude: frozenset = frozenset()) -> pd.DataFrame:
    """Keyword table (count, per10k, tfidf, docs) of the reports `ids`: the top 200 once `exclude`
    (organization names) is out; cached by reports, resources and `exclude`, not the revision."""
    return _keywords(snapshot().resources, tuple(map(int, ids)), off, tuple(sorted(exclude)))
