"""Cached access to the store, the corpus (grouped by branch or by parent), resources, keywords
and formulations: pages ask here (and the other data modules) and never open the store themselves.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.models import AnalysisError
from analysis.core.resources import ResourceTexts
from analysis.corpus.loading import Corpus, ensure_samples, load_corpus, resource_texts
from analysis.corpus.regroup import by_parent, has_parents
from analysis.corpus.tables import formulations_frame, reports_frame
from analysis.store.database import CorpusStore, default_location
from analysis.store.roster import load_roster
from analysis.text.keywords import keyword_table
from analysis.text.lexicon import Lexicon, build_lexicon
from analysis.text.roster import Roster

EMPTY_HINT = (
    "语料库中还没有报告。请到「数据管理」页面上传报告（.docx、.doc、.wps、.pdf、扫描件和照片、.txt 或 .zip），"
    "或用命令 `python -m analysis ingest 文件…` 导入。"
)
GROUPING_KEY = "grouping"  # the sidebar's 分组方式 (views/filters.py draws it)
BY_BRANCH, BY_PARENT = "按支部", "按上级党组织"


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> CorpusStore:
    store = CorpusStore(path)
    ensure_samples(store)
    return store


def get_store() -> CorpusStore:
    """The corpus store ($DJ_DB: a path or a postgresql:// URL, else data/corpus.db); the sample corpus loaded on first start."""
    return _open_store(default_location())


def require_store() -> None:
    """Stop the page with a Chinese message when the store cannot be opened or is damaged."""
    from analysis.store.integrity import StoreDamagedError
    from views import store_health

    try:
        store_health.stop_if_damaged(get_store())
    except StoreDamagedError as exc:  # one Chinese page with the check and the restore path
        store_health.damaged_page(exc)
    except AnalysisError as exc:
        store_health.open_failed(exc.message, default_location())


@st.cache_resource(show_spinner="正在分析语料…", max_entries=2)
def corpus_at(path: str, revision: int) -> Corpus:
    """The corpus of the store at `revision` (`path`, the location without password, is a key)."""
    return load_corpus(get_store())


def get_texts() -> ResourceTexts:
    """Resource texts with the user's edits (cheap: one small query)."""
    return resource_texts(get_store())


def get_lexicon() -> Lexicon:
    """The segmenter's lexicon built from the current resources."""
    return build_lexicon(get_texts())


@st.cache_resource(show_spinner=False, max_entries=2)
def roster_at(path: str, revision: int) -> Roster:
    """The roster in use at `revision` (read once per store revision)."""
    return load_roster(get_store())


def grouping() -> str:
    """BY_PARENT if chosen and the roster names a parent, else BY_BRANCH (a key of grouped tables)."""
    chosen = st.session_state.get(GROUPING_KEY) == BY_PARENT
    return BY_PARENT if chosen and parents_known() else BY_BRANCH


def parents_known() -> bool:
    """Whether the roster in use names at least one parent (按上级党组织 is offered only then)."""
    return has_parents(roster_at(get_store().location, revision()))


@st.cache_resource(show_spinner=False, max_entries=2)
def grouped_at(path: str, revision: int, grouping: str) -> Corpus:
    """The corpus at `revision`, under BY_PARENT its `branch` the parent (regroup.by_parent)."""
    corpus = corpus_at(path, revision)
    return by_parent(corpus, roster_at(path, revision)) if grouping == BY_PARENT else corpus


def get_corpus() -> Corpus:
    """The whole corpus, grouped as the sidebar says; a roster edit relabels it with no analysis."""
    store = get_store()
    return grouped_at(store.location, store.revision(), grouping())


def revision() -> int:
    """The store's revision: a cache key that changes with every write."""
    return get_store().revision()


@st.cache_data(show_spinner=False, max_entries=4)
def _stored(path: str, revision: int) -> pd.DataFrame:
    return get_store().list_reports(include_deleted=True)


def stored_reports() -> pd.DataFrame:
    """Every stored report, trash included (no text), read once per store revision."""
    store = get_store()
    return _stored(store.location, store.revision())


def live_reports() -> pd.DataFrame:
    """The live reports, by id (as `store.list_reports()`)."""
    df = stored_reports()
    return df[df["deleted_at"].isna()]


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
    return keyword_table(docs, chars, get_lexicon(), off, n=200, exclude=frozenset(exclude))


def corpus_keywords(ids: list[int], off: bool, exclude: frozenset = frozenset()) -> pd.DataFrame:
    """Keyword table (count, per10k, tfidf, docs) of the reports `ids`: the top 200 once `exclude`
    (organization names) is out; cached by reports, resources and `exclude`, not the revision."""
    return _keywords(get_texts().fingerprint(), tuple(map(int, ids)), off, tuple(sorted(exclude)))
