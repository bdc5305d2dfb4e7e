"""概览's parts (KPIs, heatmap, evidence, keywords, formulations, report list, figures dressed)
built once per (store revision, resources, facts, filters) and shared by every session: a page
run only sends them (issue 28: twenty viewers cost one build). Read-only once built."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.corpus import tables
from analysis.corpus.aggregates import Overview
from analysis.corpus.kpis import Kpis
from analysis.output.charts import corpus as charts
from analysis.output.charts.exploration import guard_short_rows
from analysis.output.heat import branch_chars, heat_data
from analysis.output.labels import labelled, labelled_config
from analysis.service import ThemeDictionary
from views import overview_data, snapshot, widgets
from views.snapshot import Snapshot

T = TypeVar("T")
TEXT = st.column_config.TextColumn
EVIDENCE_COLUMNS = labelled_config(  # the sentence gets the room
    dict(theme=TEXT(width="small"), term=TEXT(width="small"), evidence=TEXT(width="large"))
)
TOP_KEYWORDS = 20  # bars of the keyword chart
USERS_SHOWN = 10  # branches named in a formulation's row on screen (the downloads name all)


@st.cache_resource(show_spinner=False, max_entries=256)
def _shared(part: str, snap: Snapshot, key: str, at: Hashable, _build: Callable[[], Any]) -> Any:
    return _build()  # `part`, the snapshot, the facts' fingerprint and `at` (filters…) key it


def shared(part: str, ov: Overview, at: Hashable, build: Callable[[], T]) -> T:
    """`build()` once per (part, run snapshot, `ov`'s facts and filters, `at`), for every session."""
    out: T = _shared(part, snapshot.snapshot(), ov.key, (ov.filters, at), build)
    return out


def kpis(ov: Overview) -> Kpis:
    """The KPIs of the filtered reports (Overview.kpis)."""
    return shared("kpis", ov, (), ov.kpis)


@dataclass(frozen=True, eq=False)
class HeatPart:
    """The heatmap as drawn (None: nothing), its rows and columns, each row's strongest theme."""

    figure: go.Figure | None
    branches: tuple[str, ...]
    themes: tuple[str, ...]
    strongest: Mapping[str, str]
    notes: tuple[str, ...]


def _build_heat(ov: Overview, d: ThemeDictionary) -> HeatPart:
    matrix = ov.branch_matrix(d)
    if matrix.empty or not d.names:
        return HeatPart(None, (), (), {}, ())
    chars = branch_chars((ov.labels[i] for i in ov.ids), ov.facts["chars"])
    heat = heat_data(matrix, chars)  # one rule for screen, slides and documents
    shown = heat.matrix
    fig = widgets.dressed(guard_short_rows(charts.heat_figure(shown), heat))
    strongest = {str(b): str(t) for b, t in shown.idxmax(axis=1).items()}
    return HeatPart(
        fig, tuple(map(str, shown.index)), tuple(map(str, shown.columns)), strongest, heat.notes()
    )


def heat(ov: Overview, d: ThemeDictionary) -> HeatPart:
    """The branches × themes heatmap of the filtered reports under `d` (the snapshot's)."""
    return shared("heat", ov, (), lambda: _build_heat(ov, d))


def _build_evidence(ov: Overview, d: ThemeDictionary, branch: str, theme: str) -> pd.DataFrame:
    frames = overview_data.theme_frames([r for r in ov.ids if ov.labels[r] == branch], d)
    ev = frames["evidence"]
    ev = tables.with_sentences(ev[ev["theme"] == theme], frames.corpus)
    return labelled(ev[["theme", "term", "evidence"]])


def evidence(ov: Overview, d: ThemeDictionary, branch: str, theme: str) -> pd.DataFrame:
    """The sentences of `branch`'s filtered reports hitting `theme` (only its reports loaded)."""
    at = (branch, theme)  # `d` follows the snapshot
    return shared("evidence", ov, at, lambda: _build_evidence(ov, d, branch, theme))


@dataclass(frozen=True, eq=False)
class KeywordPart:
    """The keyword table (Chinese headers, every row), its top bars and the cloud's frequencies."""

    table: pd.DataFrame
    figure: go.Figure | None
    freqs: Mapping[str, float]


def _build_keywords(officialese: bool, hidden: frozenset[str]) -> KeywordPart:
    table = overview_data.keywords(officialese, hidden)
    if table.empty:
        return KeywordPart(labelled(table, "keywords"), None, {})
    top = table.head(TOP_KEYWORDS)
    fig = widgets.dressed(charts.keyword_figure(top, f"前 {TOP_KEYWORDS} 个关键词"))
    freqs = dict(zip(table["term"], table["count"].astype(float), strict=True))
    return KeywordPart(labelled(table, "keywords"), fig, freqs)


def keywords(ov: Overview, officialese: bool, hidden: frozenset[str]) -> KeywordPart:
    """The top keywords of the filtered reports, `hidden` names out."""
    at = (officialese, tuple(sorted(hidden)))
    return shared("keywords", ov, at, lambda: _build_keywords(officialese, hidden))


@dataclass(frozen=True, eq=False)
class FormulationPart:
    """The formulations for the downloads (类别 for 编号式, every branch named), the same rows
    for the screen (the first USERS_SHOWN branches of each) and their bars (None: none found)."""

    table: pd.DataFrame
    shown: pd.DataFrame
    figure: go.Figure | None
    cut: bool = False  # some row names fewer branches on screen than in the downloads


def _build_formulations(ov: Overview) -> FormulationPart:
    frame = ov.formulations()
    if frame.empty:
        return FormulationPart(frame, frame, None)
    kinds = frame["numbered"].map({True: "数字提法", False: "品牌名称"})
    table = frame.assign(numbered=kinds).rename(columns={"numbered": "category"})
    users = [charts.first_names(str(u), USERS_SHOWN) for u in table["branches_using"]]
    shown = table.assign(branches_using=users)  # a cell of 300 names is unreadable and 1 KB a row
    cut = any(u != full for u, full in zip(users, table["branches_using"], strict=True))
    figure = widgets.dressed(charts.formulation_figure(frame))
    return FormulationPart(labelled(table), labelled(shown), figure, cut)


def formulations(ov: Overview) -> FormulationPart:
    """The formulations of the filtered reports and which branches use them."""
    return shared("formulations", ov, (), lambda: _build_formulations(ov))


def reports(ov: Overview) -> pd.DataFrame:
    """The report list of the filtered reports (Overview.reports)."""
    return shared("reports", ov, (), ov.reports)
