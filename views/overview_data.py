"""概览's data from the database (analysis.corpus.aggregates): the per-report facts brought up to
date once per store revision (with a progress bar), then SQL per page view with the sidebar
filters applied in the query, cached by snapshot and filters. Nothing here loads the corpus; the
evidence of one heatmap cell loads the analyses of that branch's reports only."""

from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from analysis.corpus.aggregates import Filters, Overview
from analysis.corpus.backfill import prepare
from analysis.corpus.loading import Corpus, load_corpus, load_themes
from analysis.corpus.regroup import by_parent
from analysis.corpus.tables import ThemeFrames
from analysis.service import ThemeDictionary
from views import data, filters, overview_stale, snapshot, theme_data
from views.snapshot import Snapshot

_READY: dict[tuple[str, int], str] = {}  # (store, revision) -> the facts' analysis fingerprint
_READY_LOCK = threading.Lock()  # one backfill at a time; other sessions wait for it


def empty(ov: Overview) -> bool:
    """Say how to add reports when none passes the filters (概览, 报告详情); True if so."""
    if ov.ids:
        return False
    if len(data.live_reports()):
        st.info("当前筛选条件下没有报告，请在侧边栏调整筛选。")
    else:
        st.info(data.EMPTY_HINT)
    return True


def chosen_filters() -> Filters:
    """The sidebar's year / organization / kind choices."""
    picked = [tuple(st.session_state.get(k) or ()) for k in filters.FILTER_KEYS.values()]
    return Filters(
        tuple(sorted(int(y) for y in picked[0])),
        tuple(sorted(map(str, picked[1]))),
        tuple(sorted(map(str, picked[2]))),
    )


def facts_key(snap: Snapshot) -> str:
    """Make the facts current at `snap` (once per revision, a progress bar while it runs) and
    return the analysis fingerprint they are kept under; when most are stale (an upgrade), the
    older rules' fingerprint while the current facts are computed in the background."""
    at = (snap.location, snap.revision)
    with _READY_LOCK:
        if at not in _READY:
            d = theme_data.get_theme_dictionary()
            older = overview_stale.shown_meanwhile(
                snap.location, snapshot.get_store(), data.get_texts(), d
            )
            if older is not None:
                return older
            bar = st.progress(0.0, text="正在准备汇总数据…")

            def step(done: int, total: int) -> None:
                bar.progress(
                    min(done / max(total, 1), 1.0), f"正在准备汇总数据：{done}/{total} 份报告"
                )

            _READY[at] = prepare(snapshot.get_store(), data.get_texts(), d, step)
            bar.empty()
            while len(_READY) > 8:
                _READY.pop(next(iter(_READY)))
        return _READY[at]


@st.cache_resource(show_spinner=False, max_entries=16)
def _overview(snap: Snapshot, key: str, chosen: Filters) -> Overview:
    grouped = snap.grouping == snapshot.BY_PARENT
    roster = snapshot.roster_at(snap.location, snap.revision) if grouped else None
    return Overview(snapshot.get_store(), key, chosen, roster)


def overview() -> Overview:
    """The filtered reports' facts and aggregates at this run's snapshot."""
    snap = snapshot.snapshot()
    return _overview(snap, facts_key(snap), chosen_filters())


def all_facts() -> pd.DataFrame:
    """The facts of every live report, unfiltered (fact_queries.report_facts), by id."""
    snap = snapshot.snapshot()
    return _overview(snap, facts_key(snap), Filters()).facts


@st.cache_data(show_spinner=False, max_entries=16)
def _keywords(
    snap: Snapshot, chosen: Filters, officialese: bool, exclude: tuple[str, ...]
) -> pd.DataFrame:
    ov = _overview(snap, facts_key(snap), chosen)
    return ov.keywords(data.get_lexicon(), officialese, n=200, exclude=exclude)


def keywords(officialese: bool, exclude: frozenset[str]) -> pd.DataFrame:
    """The top 200 keywords of the filtered reports once `exclude` is out (as data.corpus_keywords)."""
    snap = snapshot.snapshot()
    return _keywords(snap, chosen_filters(), officialese, tuple(sorted(exclude)))


def hidden_names() -> frozenset[str]:
    """Organization-name terms kept out of keywords (none when the sidebar keeps them); grouped
    by parent, the names of the parents count, found over the corpus (loaded for this)."""
    if filters.org_names_on():
        return frozenset()
    if data.grouping() == snapshot.BY_PARENT:
        from views import org_filter

        return org_filter.hidden_names(filters.filtered_corpus())
    snap = snapshot.snapshot()
    return _org_terms(snap, facts_key(snap), chosen_filters())


@st.cache_resource(show_spinner=False, max_entries=16)
def _org_terms(snap: Snapshot, key: str, chosen: Filters) -> frozenset[str]:
    return _overview(snap, key, chosen).org_terms()


@st.cache_resource(show_spinner="正在读取报告…", max_entries=8)
def _reports(snap: Snapshot, ids: tuple[int, ...]) -> Corpus:
    store = snapshot.get_store()
    corpus = load_corpus(store, data.get_texts(), ids=ids)
    if snap.grouping == snapshot.BY_PARENT:
        corpus = by_parent(corpus, snapshot.roster_at(snap.location, snap.revision))
    return corpus


def reports_corpus(ids: list[int]) -> Corpus:
    """The analyses of these reports only (e.g. one branch's), loaded on demand."""
    return _reports(snapshot.snapshot(), tuple(sorted(int(i) for i in ids)))


def theme_frames(ids: list[int], d: ThemeDictionary) -> ThemeFrames:
    """The theme tables of these reports only (their evidence offsets and outline items)."""
    corpus = reports_corpus(ids)
    return ThemeFrames(corpus, d, load_themes(snapshot.get_store(), corpus, d))
