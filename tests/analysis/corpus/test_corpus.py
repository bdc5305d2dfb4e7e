"""Corpus loading: the fast decoder equals the plain one and shares strings; theme results are
scored once per report and dictionary, kept in the process and in the store."""

from __future__ import annotations

import json
import zlib

import pytest

from analysis.core.codec import encode_analysis
from analysis.core.models import Extracted, analysis_from_dict
from analysis.core.resources import default_texts
from analysis.corpus import loading as corpus_mod
from analysis.corpus.loading import (
    _PARSED,
    _THEMES,
    Corpus,
    decode_analysis,
    ensure_samples,
    load_corpus,
    load_themes,
)
from analysis.text.pipeline import analyze_text
from analysis.text.theme_dictionary import add_word, parse_theme_dictionary
from analysis.text.theme_results import report_themes
from bench.generate import generate_corpus

THEMES = parse_theme_dictionary(default_texts().themes)


@pytest.fixture(autouse=True)
def fresh_caches():
    _PARSED.clear()
    _THEMES.clear()
    yield
    _PARSED.clear()
    _THEMES.clear()


@pytest.fixture(scope="module")
def stored() -> list[dict]:
    """Stored (encoded, then decoded JSON) analyses of a few generated reports."""
    reports = generate_corpus(4, seed=5)
    return [
        json.loads(zlib.decompress(encode_analysis(analyze_text(r.text, default_texts()))))
        for r in reports
    ]


def test_decoder_equals_the_plain_one(stored):
    for data in stored:
        assert decode_analysis(data) == analysis_from_dict(data)


def test_decoder_shares_terms_and_short_strings_across_reports(stored):
    a, b = (decode_analysis(json.loads(json.dumps(d))) for d in stored[:2])
    common = set(a.term_counts) & set(b.term_counts)
    assert common
    keys_b = {k: k for k in b.term_counts}
    assert all(keys_b[k] is k for k in a.term_counts if k in common)
    kinds = {id(m.kind) for x in (a, b) for m in x.structure.measures}
    assert len(kinds) == len({m.kind for x in (a, b) for m in x.structure.measures})


def _samples_store(tmp_path):
    from analysis.store.database import CorpusStore

    store = CorpusStore(tmp_path / "themes.db")
    ensure_samples(store)
    return store


def _compact(c: Corpus, d=THEMES) -> dict:
    return {
        rid: report_themes(a.cleaned.text, a.structure.measures, d) for rid, a in c.analyses.items()
    }


def test_load_themes_scores_each_report_once_and_keeps_it_in_the_store(monkeypatch, tmp_path):
    """Per report: computed once, then found in the process, then (after a restart) in the store;
    a damaged stored result is scored again."""
    store = _samples_store(tmp_path)
    c = load_corpus(store)
    d = add_word(THEMES, "先锋模范", "支部")  # a common word: the results change
    scored: list[int] = []

    def counting(text, items, d):
        scored.append(len(text))
        return report_themes(text, items, d)

    monkeypatch.setattr(corpus_mod, "report_themes", counting)
    first = load_themes(store, c, d)
    assert first == _compact(c, d) != _compact(c) and len(scored) == len(c.ids) == 5  # an edit
    assert load_themes(store, c, d) == first and len(scored) == 5  # kept in the process
    _THEMES.clear()  # a restarted app
    assert load_themes(store, c, d) == first and len(scored) == 5  # read from the store
    sha = str(c.reports["sha256"].iloc[0])
    store.save_analyses(corpus_mod.theme_cache_key(c.key, d), {sha: {"c": [1]}})  # damaged
    _THEMES.clear()
    assert load_themes(store, c, d) == first and len(scored) == 6
    assert load_themes(store, c, THEMES) == _compact(c) and len(scored) == 11  # its own results
    assert load_themes(store, c, d) == first and len(scored) == 11  # both kept in the process


@pytest.mark.parametrize("workers", [1, 2])
def test_many_reports_are_scored_across_processes_alike(monkeypatch, tmp_path, workers):
    """Above the threshold, forked workers score; the results equal serial scoring and are
    stored, so a restarted app scores nothing; one added report is the only one scored."""
    monkeypatch.setattr(corpus_mod, "_PARALLEL_MIN", 2)
    store = _samples_store(tmp_path)
    c = load_corpus(store)
    assert load_themes(store, c, THEMES, workers=workers) == _compact(c)
    _THEMES.clear()
    scored: list[str] = []
    real = corpus_mod.scored_themes

    def counting(sha, analysis, d):
        scored.append(sha)
        return real(sha, analysis, d)

    monkeypatch.setattr(corpus_mod, "scored_themes", counting)
    assert load_themes(store, c, THEMES, workers=workers) == _compact(c) and scored == []
    text = "新支部落实三会一课。开展主题党日。"
    store.add("new.txt", Extracted(text=text, fmt="txt"), {"branch": "新支部"})
    after = load_corpus(store)
    results = load_themes(store, after, THEMES, workers=workers)
    assert len(results) == 6 and len(scored) == 1 and sum(results[max(after.ids)].counts) == 2
