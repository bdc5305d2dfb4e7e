"""bench.query_memory: each 概览 query runs over the store and reports its rows."""

from __future__ import annotations

import pytest

from analysis.corpus.backfill import prepare
from analysis.corpus.loading import resource_texts
from analysis.service import CorpusStore
from analysis.text.theme_dictionary import parse_theme_dictionary
from bench.generate import fill_store, generate_corpus
from bench.query_memory import measure


@pytest.mark.parametrize(
    "part", ["term_totals", "formulation_rows", "report_facts", "theme_hits", "list_reports"]
)
def test_every_part_runs_and_counts_rows(tmp_path, part):
    db = str(tmp_path / "q.db")
    store = CorpusStore(db)
    fill_store(store, generate_corpus(4, seed=2))
    texts = resource_texts(store)
    prepare(store, texts, parse_theme_dictionary(texts.themes))
    out = measure(db, part)
    assert out["part"] == part and out["rows"] > 0
    assert out["rss_peak_mb"] >= out["rss_peak_before_mb"] > 0
