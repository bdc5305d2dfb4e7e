"""A step that crashes is logged, flagged in Analysis.failed, shown as failed, and never cached."""

from __future__ import annotations

import logging

import pytest

from analysis.core.models import Extracted
from analysis.core.resources import default_texts
from analysis.corpus import loading
from analysis.store.database import CorpusStore
from analysis.text import pipeline
from tests.fixtures import SAMPLE_REPORT


def _boom(*_args, **_kwargs):
    raise RuntimeError("parser bug")


@pytest.fixture(autouse=True)
def fresh_caches():
    loading._PARSED.clear()
    yield
    loading._PARSED.clear()


@pytest.mark.parametrize(
    ("target", "step", "empty"),
    [
        ("parse_structure", "structure", lambda a: a.structure.measures == ()),
        ("extract_indicators", "indicators", lambda a: a.indicators == ()),
        ("extract_formulations", "formulations", lambda a: a.formulations == ()),
        ("count_terms", "terms", lambda a: a.term_counts == {}),
    ],
)
def test_a_crashed_step_is_flagged_logged_and_the_rest_kept(
    monkeypatch, caplog, target, step, empty
):
    monkeypatch.setattr(pipeline, target, _boom)
    with caplog.at_level(logging.ERROR, logger="analysis.text.pipeline"):
        a = pipeline.analyze_text(SAMPLE_REPORT, default_texts(), sha="abc123")
    assert a.failed == (step,)
    assert empty(a)
    assert a.chars == len(a.cleaned.text) > 0  # the other steps still ran
    assert not pipeline.cacheable(a)
    assert "本报告的" in pipeline.failure_message(a) and "出错" in pipeline.failure_message(a)
    record = next(r for r in caplog.records if r.name == "analysis.text.pipeline")
    assert record.exc_info and "parser bug" in str(record.exc_info[1])
    assert step in record.getMessage()


def test_a_sound_analysis_is_cacheable():
    a = pipeline.analyze_text(SAMPLE_REPORT, default_texts())
    assert a.failed == () and pipeline.cacheable(a) and pipeline.failure_message(a) == ""
    assert len(a.structure.measures) > 0


def test_a_crashed_analysis_is_not_cached_and_is_redone_next_load(monkeypatch, tmp_path):
    store = CorpusStore(str(tmp_path / "c.db"))
    store.add("a.txt", Extracted(SAMPLE_REPORT, "txt"), {"branch": "兴城投资党支部"})
    key = pipeline.cache_key(loading.resource_texts(store))
    sha = store.list_reports()["sha256"].iloc[0]

    monkeypatch.setattr(pipeline, "parse_structure", _boom)
    crashed = loading.load_corpus(store, workers=1)
    (a,) = crashed.analyses.values()
    assert a.failed == ("structure",) and a.structure.measures == ()
    assert dict(store.iter_cached_analyses(key, [sha])) == {}  # nothing cached

    monkeypatch.undo()  # the bug is fixed: the next load analyzes again and caches
    fixed = loading.load_corpus(store, workers=1)
    (b,) = fixed.analyses.values()
    assert b.failed == () and len(b.structure.measures) > 0
    assert set(dict(store.iter_cached_analyses(key, [sha]))) == {sha}


def test_the_overview_figures_say_how_many_reports_failed(monkeypatch, tmp_path):
    from analysis.corpus.kpis import corpus_kpis

    store = CorpusStore(str(tmp_path / "c.db"))
    store.add("a.txt", Extracted(SAMPLE_REPORT, "txt"), {"branch": "兴城投资党支部"})
    monkeypatch.setattr(pipeline, "parse_structure", _boom)
    reports = corpus_kpis(loading.load_corpus(store, workers=1)).by_label()["报告"]
    assert (reports.value, reports.note) == ("1", "份，其中1份分析出错")
