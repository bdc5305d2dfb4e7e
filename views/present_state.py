"""汇报模式's session: the selection keys (pm_*), whether presenting and the slide index; the
chosen views, reports and comparison pairs; and where the slides get their cached data."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from analysis.corpus import tables
from analysis.corpus.compare.comparison import Comparison
from analysis.output.sides import side_ids, side_name
from analysis.output.slide_plan import Slide, SlideSpec, Sources, chosen, plan_slides
from analysis.output.slides import build_slide
from views import data, filters, org_filter, search_data, theme_data

ACTIVE, SLIDE = "pm_active", "pm_slide"
VIEWS_KEY, REPORTS_KEY, SIDE_A_KEY, SIDE_B_KEY = "pm_views", "pm_reports", "pm_cmp_a", "pm_cmp_b"
TITLE_KEY = "pm_title"
SELECTIONS = (VIEWS_KEY, REPORTS_KEY, SIDE_A_KEY, SIDE_B_KEY, TITLE_KEY)


def keep_selections() -> None:
    """Selections are widgets that are not drawn while presenting; re-assigning them keeps them."""
    for key in SELECTIONS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def compare_keys(corpus, key_a: str, key_b: str) -> Comparison | None:
    """The cached comparison of two side keys within `corpus` (None when a side is empty)."""
    ia, ib = side_ids(corpus.reports, key_a), side_ids(corpus.reports, key_b)
    if not ia or not ib:
        return None
    return search_data.get_comparison(ia, ib, side_name(key_a), side_name(key_b))


def _key(corpus) -> tuple:
    """What the slides of `corpus` depend on: store revision, grouping, resources, reports,
    switches."""
    return (
        data.snapshot(),
        tuple(int(i) for i in corpus.ids),
        filters.officialese_on(),
        filters.org_names_on(),
    )


def _keywords(corpus) -> pd.DataFrame:
    """The corpus keywords, organization names left out unless the sidebar's switch keeps them
    (the top 200 counted after they are out, as on 概览)."""
    return data.corpus_keywords(
        corpus.ids, filters.officialese_on(), org_filter.hidden_names(corpus)
    )


def sources(corpus) -> Sources:
    """Slide data from the page caches."""
    d = theme_data.get_theme_dictionary()

    def measures(rid: int) -> pd.DataFrame:
        m = theme_data.theme_tables([rid], d)["measures"]  # built for this report only
        return tables.practice_rows(m[m[tables.ID] == rid])

    return Sources(
        corpus=corpus,
        theme_names=tuple(d.names),
        theme_scores=lambda: theme_data.theme_tables(corpus.ids, d)["scores"],
        keywords=lambda: _keywords(corpus),
        formulations=lambda: data.formulations(corpus),
        measures=measures,
        compare=lambda a, b: compare_keys(corpus, a, b),
        officialese=filters.officialese_on(),
        org_names=filters.org_names_on(),
    )


def plan(corpus) -> list[SlideSpec]:
    """The screens of the chosen views: long tables split, empty parts left out."""
    views, reports, pairs = selections(corpus)
    return plan_slides(views, corpus, reports, pairs, lambda a, b: compare_keys(corpus, a, b))


@st.cache_resource(show_spinner=False, max_entries=64)
def _built(key: tuple, spec: SlideSpec, _src: Sources) -> Slide:
    """A slide built once per corpus state and spec, its word clouds drawn once (`_src` is
    not part of the key: `key` identifies the data it reads)."""
    slide = build_slide(spec, _src)
    images = tuple((caption, _const(build())) for caption, build in slide.images)
    return dataclasses.replace(slide, images=images)


def _const(png: bytes):
    return lambda: png


def built_slide(corpus, spec: SlideSpec) -> Slide:
    """The slide `spec` of `corpus`, cached: a step back or forth redraws without recomputing."""
    return _built(_key(corpus), spec, sources(corpus))


def selections(corpus) -> tuple[list[str], list[int], list[tuple[str, str]]]:
    """The chosen views, reports and comparison pairs (invalid leftovers dropped)."""
    ss = st.session_state
    return chosen(
        ss.get(VIEWS_KEY, []),
        ss.get(REPORTS_KEY, []),
        ss.get(SIDE_A_KEY),
        ss.get(SIDE_B_KEY, []),
        corpus,
    )


def go(index: int) -> None:
    """Show slide `index` (a button callback)."""
    st.session_state[SLIDE] = index


def start() -> None:
    """Start presenting from the first slide."""
    st.session_state[ACTIVE] = True
    st.session_state[SLIDE] = 0


def stop() -> None:
    """Back to the configure step."""
    st.session_state[ACTIVE] = False
