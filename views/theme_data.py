"""Cached theme results: the user's theme dictionary, theme tables, evidence sentences, topics
discovered from the corpus and the keyword co-occurrence network."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core.models import AnalysisError
from analysis.core.resources import default_texts
from analysis.corpus.cooccurrence import cooccurrence_network, network_layout
from analysis.corpus.loading import load_themes
from analysis.corpus.passages import corpus_sentences, topic_passages
from analysis.corpus.report_view import Place, hit_places, measure_places
from analysis.corpus.tables import ID, LABEL, ThemeFrames, with_sentences
from analysis.corpus.theme_view import branch_ranking, coded_practices
from analysis.corpus.topics import Topic, discover_topics
from analysis.output.charts.corpus import network_figure, theme_branch_figure
from analysis.service import ThemeDictionary, theme_dictionary
from views import data, snapshot, widgets
from views.snapshot import Snapshot

Network = tuple[pd.DataFrame, pd.DataFrame, go.Figure | None]  # no figure without nodes


@st.cache_resource(show_spinner=False, max_entries=8)
def _parse_themes(text: str) -> ThemeDictionary:
    return theme_dictionary.parse_theme_dictionary(text)


def get_theme_dictionary() -> ThemeDictionary:
    """The user's theme dictionary; the shipped one (with a warning) when the saved one is broken."""
    try:
        return _parse_themes(data.get_texts().themes)
    except AnalysisError as exc:
        st.warning(f"已保存的主题词典有误，暂用默认词典。{exc.message}", icon=":material/warning:")
        return _parse_themes(default_texts().themes)


@st.cache_resource(show_spinner="正在计算主题得分…", max_entries=2)
def _theme_tables(snap: Snapshot, themes_yaml: str) -> ThemeFrames:
    corpus = data.grouped(snap)
    d = _parse_themes(themes_yaml)
    # Per-report results outlive revisions (in the process and in the store): one upload
    # scores one report, and a restarted app re-scores nothing. Tables are built on first use.
    return ThemeFrames(corpus, d, load_themes(snapshot.get_store(), corpus, d))


@functools.lru_cache(maxsize=8)
def _dumped(d: ThemeDictionary) -> str:
    """The YAML text of a dictionary (the cache key of its tables); dumping is slow, so cached."""
    return theme_dictionary.dump_theme_dictionary(d)


def theme_tables(ids: list[int], d: ThemeDictionary) -> ThemeFrames:
    """Theme scores, evidence hits and theme-tagged outline items (all kinds) of the reports `ids`
    (an analysis.corpus.tables.ThemeFrames: `frames["scores"]`; each table built on first use).

    Per-report results are computed once per dictionary; the tables once per store revision.
    Evidence rows carry offsets only: pass the rows shown to `evidence_sentences`.
    """
    tables = _theme_tables(data.snapshot(), _dumped(d))
    return tables.select(ids)


def evidence_sentences(rows: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows of `theme_tables` with their sentences (analysis.corpus.tables.EVIDENCE_COLUMNS)."""
    return with_sentences(rows, data.get_corpus())


MEASURE_SHOWN = [LABEL, "item", "section", "themes", "text"]  # labels table "items"
EVIDENCE_SHOWN = [LABEL, "term", "evidence"]


@dataclass(frozen=True)
class ThemeView:
    """One theme over some reports as 主题探索 shows it: built once per store revision, dictionary,
    report set and theme, then shared by every session (a page run only slices it)."""

    ranking: go.Figure  # branches ranked on the theme, dressed for the screen; never mutated
    measures: pd.DataFrame  # the practices coded to the theme (MEASURE_SHOWN)
    measure_places: tuple[Place, ...]
    evidence: pd.DataFrame  # the theme's evidence sentences (EVIDENCE_SHOWN)
    evidence_places: tuple[Place, ...]
    spans: pd.DataFrame  # the theme's evidence rows as offsets (the editor's word hits)


def ids_key(ids: list[int]) -> str:
    """A short digest of a report set: a cache key that hashes in microseconds, not per id."""
    return hashlib.blake2b(np.asarray(ids, dtype=np.int64).tobytes(), digest_size=16).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=32)
def _theme_view(
    snap: Snapshot, themes_yaml: str, key: str, theme: str, _ids: tuple[int, ...]
) -> ThemeView:
    frames = _theme_tables(snap, themes_yaml).select(_ids)
    corpus = frames.corpus
    rates, hits = branch_ranking(frames["scores"], theme)
    coded = coded_practices(frames["measures"], theme)
    spans = frames["evidence"][frames["evidence"]["theme"] == theme]
    texts = {rid: corpus.analyses[rid].cleaned.text for rid in set(spans[ID])}
    return ThemeView(
        ranking=widgets.dressed(theme_branch_figure(rates, hits, theme)),
        measures=coded[MEASURE_SHOWN].reset_index(drop=True),
        measure_places=tuple(measure_places(coded)),
        evidence=with_sentences(spans, corpus)[EVIDENCE_SHOWN],
        evidence_places=tuple(hit_places(spans, texts)),
        spans=spans,
    )


def theme_view(ids: list[int], d: ThemeDictionary, theme: str) -> ThemeView:
    """The theme `theme` over the reports `ids` (one computation for every session)."""
    return _theme_view(data.snapshot(), _dumped(d), ids_key(ids), theme, tuple(ids))


@st.cache_data(show_spinner="正在发现主题…", max_entries=16)
def _topics(snap: Snapshot, ids: tuple[int, ...], unit: str, n_topics: int) -> list[Topic]:
    corpus = data.get_corpus().subset(list(ids))
    return discover_topics(topic_passages(corpus, unit), data.get_lexicon(), n_topics=n_topics)


def topics(ids: list[int], unit: str, n_topics: int) -> list[Topic]:
    """NMF topics over the practices or paragraphs of the reports `ids`."""
    return _topics(data.snapshot(), tuple(ids), unit, n_topics)


@st.cache_resource(show_spinner="正在计算共现网络…", max_entries=16)
def _network(
    snap: Snapshot, key: str, officialese: bool, terms: int, edges: int, _ids: tuple[int, ...]
) -> Network:
    corpus = data.get_corpus().subset(list(_ids))
    sentences = corpus_sentences(corpus, data.get_lexicon(), officialese)
    nodes, links = cooccurrence_network(sentences, top_terms=terms, top_edges=edges)
    if nodes.empty:
        return nodes, links, None
    return nodes, links, widgets.dressed(network_figure(nodes, links, network_layout(nodes, links)))


def network(ids: list[int], officialese: bool, top_terms: int, top_edges: int) -> Network:
    """(nodes, edges, the network figure dressed for the screen) of the co-occurrence network of
    the reports `ids`: built once for every session (the figure is shared: never mutate it)."""
    return _network(data.snapshot(), ids_key(ids), officialese, top_terms, top_edges, tuple(ids))
