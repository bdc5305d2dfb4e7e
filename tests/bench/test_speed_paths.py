"""The fast paths of corpus loading give the same results as the plain ones, and skip work."""

from __future__ import annotations

import json
import zlib

import pytest

from analysis.core.codec import encode_analysis
from analysis.core.models import analysis_from_dict, to_dict
from analysis.core.resources import default_texts
from analysis.corpus.loading import _PARSED, load_corpus
from analysis.text.pipeline import analyze_for_store, analyze_many, analyze_text, cache_key
from bench.generate import fill_store, generate_corpus


@pytest.fixture(scope="module")
def reports():
    return generate_corpus(6, seed=3)


@pytest.fixture(autouse=True)
def fresh_memo():
    _PARSED.clear()
    yield
    _PARSED.clear()


@pytest.mark.parametrize("i", [0, 1, 2])
def test_encoded_analysis_is_the_to_dict_json(reports, i):
    analysis = analyze_text(reports[i].text, default_texts())
    decoded = json.loads(zlib.decompress(encode_analysis(analysis)))
    assert decoded == json.loads(json.dumps(to_dict(analysis), ensure_ascii=False))
    assert analysis_from_dict(decoded) == analysis


def test_pool_and_serial_agree(reports):
    items = {f"r{i}": (r.text, ()) for i, r in enumerate(reports)}
    serial = {sha: a for sha, _, a in analyze_for_store(items, default_texts(), workers=1)}
    pooled = {sha: a for sha, _, a in analyze_for_store(items, default_texts(), workers=2)}
    assert serial == pooled
    assert dict(analyze_many(items, default_texts(), 1)) == {
        k: to_dict(v) for k, v in serial.items()
    }


def _counting():
    calls: list[int] = []
    return calls, lambda done, total: calls.append(done)


def test_rerun_analyzes_nothing_and_add_one_analyzes_one(store, reports):
    fill_store(store, reports[:4])
    calls, progress = _counting()
    first = load_corpus(store, progress=progress)
    assert len(calls) == 4 and len(first.reports) == 4
    calls.clear()
    again = load_corpus(store, progress=progress)
    assert calls == [] and again.analyses == first.analyses
    fill_store(store, reports[4:5])
    after = load_corpus(store, progress=progress)
    assert calls == [1] and len(after.analyses) == 5


def test_store_cache_used_when_process_memo_is_empty(store, reports):
    fill_store(store, reports[:3])
    first = load_corpus(store)
    _PARSED.clear()
    calls, progress = _counting()
    again = load_corpus(store, progress=progress)
    assert calls == [] and again.analyses == first.analyses
    key = cache_key(default_texts())
    stored = store.cached_analyses(key, list(first.reports["sha256"]))
    assert len(stored) == 3


def test_deleted_report_leaves_the_corpus(store, reports):
    fill_store(store, reports[:3])
    corpus = load_corpus(store)
    gone = corpus.ids[1]
    store.delete(gone)
    after = load_corpus(store)
    assert gone not in after.analyses and len(after.reports) == 2
    assert list(after.reports.index) == list(after.analyses)


def test_labels_fall_back_to_title_then_id():
    import pandas as pd

    from analysis.corpus.loading import Corpus

    reports = pd.DataFrame(
        {"branch": ["甲支部", "", None], "title": ["标题一", "标题二", ""]}, index=[1, 2, 3]
    )
    corpus = Corpus(reports, {})
    assert [corpus.label(i) for i in (1, 2, 3)] == ["甲支部", "标题二", "报告3"]
    assert corpus.subset([]).labels == {}
