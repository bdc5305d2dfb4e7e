"""The snapshot of one page run (store location, revision, grouping, resources' fingerprint),
read once per script run, and the store-level caches keyed by it: pages reach these through
views/data.py and never open the store themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from analysis.core.models import AnalysisError
from analysis.core.resources import ResourceTexts
from analysis.corpus.loading import Corpus, ensure_samples, load_corpus, resource_texts
from analysis.corpus.regroup import by_parent, has_parents
from analysis.service import CorpusStore, Roster, default_location, rosters

T = TypeVar("T")
GROUPING_KEY = "grouping"  # the sidebar's 分组方式 (views/filters.py draws it)
BY_BRANCH, BY_PARENT = "按支部", "按上级党组织"
SNAPSHOT_KEY = "_run_snapshot"  # session state: the snapshot of the current script run


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
    from analysis.service import StoreDamagedError
    from views import store_health

    try:
        store_health.stop_if_damaged(get_store())
    except StoreDamagedError as exc:  # one Chinese page with the check and the restore path
        store_health.damaged_page(exc)
    except AnalysisError as exc:
        store_health.open_failed(exc.message, default_location())


@dataclass(frozen=True)
class Snapshot:
    """What one page run reads: the store (location without password) at one revision, the
    grouping and the resources' fingerprint; the key of every cached getter of the run."""

    location: str
    revision: int
    grouping: str
    resources: str


def begin_run() -> Snapshot:
    """Read the snapshot of this script run (app.py calls it once per run, before any page):
    the store's revision is queried here and nowhere else in the run."""
    store = get_store()
    rev = store.revision()
    chosen = st.session_state.get(GROUPING_KEY) == BY_PARENT
    known = has_parents(roster_at(store.location, rev))
    snap = Snapshot(
        store.location,
        rev,
        BY_PARENT if chosen and known else BY_BRANCH,
        texts_at(store.location, rev).fingerprint(),
    )
    st.session_state[SNAPSHOT_KEY] = snap
    return snap


def snapshot() -> Snapshot:
    """This run's snapshot (read by `begin_run`; read now if no run began, e.g. in a callback of
    a first run)."""
    snap = st.session_state.get(SNAPSHOT_KEY)
    return snap if isinstance(snap, Snapshot) else begin_run()


@st.cache_resource(show_spinner="正在分析语料…", max_entries=2)
def corpus_at(path: str, revision: int) -> Corpus:
    """The corpus of the store at `revision` (`path`, the location without password, is a key)."""
    return load_corpus(get_store())


@st.cache_resource(show_spinner=False, max_entries=4)
def texts_at(path: str, revision: int) -> ResourceTexts:
    return resource_texts(get_store())  # a resource edit bumps the revision


@st.cache_resource(show_spinner=False, max_entries=2)
def grouped_at(path: str, revision: int, grouping: str) -> Corpus:
    """The corpus at `revision`, under BY_PARENT its `branch` the parent (regroup.by_parent)."""
    corpus = corpus_at(path, revision)
    return by_parent(corpus, roster_at(path, revision)) if grouping == BY_PARENT else corpus


@st.cache_resource(show_spinner=False, max_entries=2)
def roster_at(path: str, revision: int) -> Roster:
    """The roster in use at `revision` (read once per store revision)."""
    return rosters.load_roster(get_store())


def forget_store() -> None:
    """Drop the open store so the next run opens the file afresh (after a restore)."""
    _open_store.clear()


@st.cache_resource(show_spinner=False, max_entries=8)
def _of_snapshot(part: str, snap: Snapshot, _build: Callable[[], Any]) -> Any:
    return _build()  # `part` and the snapshot key it


def of_snapshot(part: str, build: Callable[[], T]) -> T:
    """`build()` once per (part, this run's snapshot) for every session: e.g. the sidebar's
    choices, read from every live report (0.09 s a run at 10,000 reports)."""
    out: T = _of_snapshot(part, snapshot(), build)
    return out
