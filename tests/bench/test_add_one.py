"""bench.add_one: one report added through the save path shows on 概览 and opens on 报告详情, and
is purged afterwards (the benchmark's store is reusable)."""

from __future__ import annotations

from analysis.service import CorpusStore
from bench.add_one import measure
from bench.generate import fill_store, generate_corpus


def test_the_added_report_is_counted_opened_and_purged(tmp_path, monkeypatch):
    db = tmp_path / "add.db"
    fill_store(CorpusStore(str(db)), generate_corpus(6, seed=5))
    monkeypatch.setenv("DJ_DB", str(db))
    out = measure(str(db))
    assert out["概览_counts_it"] is True
    assert out["报告详情_opens_it"] is True
    assert all(out[f"{p}_add_one_cpu_s"] > 0 for p in ("概览", "主题探索", "报告详情"))
    assert len(out["概览_new_session_cpu_s"]) == 3
    stored = CorpusStore(str(db)).list_reports(include_deleted=True)
    assert out["added_id"] not in set(stored["id"])  # purged: the store is as it was
