"""bench.aggregates measures every part of 概览 from the facts, unfiltered and for one year."""

from __future__ import annotations

from analysis.corpus.loading import ensure_samples
from analysis.store.database import CorpusStore
from bench.aggregates import measure


def test_every_part_is_timed(tmp_path):
    db = str(tmp_path / "s.db")
    ensure_samples(CorpusStore(db))
    out = measure(db)
    assert out["prepare"]["cpu_s"] >= 0
    assert out["all"]["reports"] == 5 and 0 < out["one_year"]["reports"] < 5
    parts = {"facts", "kpis", "report_list", "heatmap", "term_totals", "keywords", "formulations"}
    assert parts <= set(out["all"]) and parts <= set(out["one_year"])
