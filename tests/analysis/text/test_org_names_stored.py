"""The organization names a report's text holds are found once, at analysis time
(`Analysis.org_names`), stored with the analysis, and give the same terms as scanning the text."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.codec import decode_json, encode_analysis
from analysis.core.models import analysis_from_dict, to_dict
from analysis.core.resources import default_texts
from analysis.corpus.compare.sides import org_terms
from analysis.corpus.loading import Corpus, decode_analysis
from analysis.text import orgnames, pipeline
from analysis.text.org_terms import found_names, org_name_terms

KNOWN = [["后勤集团*公司支部"], ["会堂礼宾服务党支部"], ["兴城投资党支部"], ["**楼宇综合党委"], []]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # written twice: found; written once (大兴城建开发集团公司党委): noise, left to metadata
        (
            "兴城投资党支部隶属于大兴城建开发集团公司党委。兴城投资党支部推进项目。",
            ("兴城投资党支部",),
        ),
        ("**楼宇综合党委推进楼宇党建，**楼宇综合党委联系企业。", ("**楼宇综合党委",)),
        ("區直工委召开会议。區直工委部署工作。", ("区直工委",)),  # Simplified
        ("加强理论学习，开展主题党日。", ()),
    ],
)
def test_found_names(text, expected):
    assert found_names(text) == expected


def test_the_pipeline_keeps_the_names_found_in_the_cleaned_text(corpus_texts):
    corpus, _ = corpus_texts
    for a in corpus.analyses.values():
        assert a.org_names == found_names(a.cleaned.text)
    assert "兴城投资党支部" in corpus.analyses[3].org_names


@pytest.mark.parametrize("rid", [1, 2, 3, 4, 5])
def test_stored_names_give_the_terms_scanning_gives(corpus_texts, rid):
    corpus, _ = corpus_texts
    a = corpus.analyses[rid]
    for known in ([], KNOWN[rid - 1]):
        scanned = org_name_terms(a.cleaned.text, a.term_counts, known)
        assert org_name_terms(a.cleaned.text, a.term_counts, known, a.org_names) == scanned
        assert org_name_terms(a.cleaned.text, list(a.term_counts), known, a.org_names) == scanned


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["兴城投资", "党支部", "投资", "项目", "。", "×", "公司", "兴城", "\n"]),
        max_size=30,
    )
)
def test_stored_names_equal_scanning_on_any_text(pieces):
    text = "".join(pieces)
    terms = {text[i : i + n] for i in range(len(text)) for n in (2, 4)}
    known = ["兴城投资党支部"]
    expected = org_name_terms(text, terms, known)
    assert org_name_terms(text, terms, known, found_names(text)) == expected


def test_names_survive_storing_and_an_old_analysis_still_works(corpus_texts):
    corpus, _ = corpus_texts
    a = corpus.analyses[3]
    stored = decode_json(encode_analysis(a))
    assert decode_analysis(stored) == a == analysis_from_dict(to_dict(a))
    del stored["org_names"]  # an analysis stored before the field: not computed, not empty
    old = decode_analysis(stored)
    assert old.org_names is None and analysis_from_dict(stored).org_names is None
    old_corpus = Corpus(corpus.reports.loc[[3]], {3: old})
    assert org_terms(old_corpus, [3]) == org_terms(corpus, [3])  # the text is scanned instead
    empty = Corpus(corpus.reports.loc[[3]], {3: dataclasses.replace(a, org_names=())})
    assert "兴城" in org_terms(empty, [3])  # the metadata's branch name still counts


def test_the_cache_key_follows_the_name_grammar(tmp_path, monkeypatch):
    base = pipeline.cache_key(default_texts())
    edited = tmp_path / "org_suffixes.txt"
    edited.write_text(orgnames.SUFFIX_FILE.read_text("utf-8") + "工作站\t单位\n", "utf-8")
    monkeypatch.setattr(orgnames, "SUFFIX_FILE", edited)
    orgnames.resources_fingerprint.cache_clear()
    try:
        assert pipeline.cache_key(default_texts()) != base  # stored names are found again
    finally:
        monkeypatch.undo()
        orgnames.resources_fingerprint.cache_clear()
    assert pipeline.cache_key(default_texts()) == base


def test_the_cache_key_follows_the_extraction_code(tmp_path, monkeypatch):
    """An upgraded extraction rule invalidates stored analyses (no version to remember to bump)."""
    base = pipeline.cache_key(default_texts())
    code = tmp_path / "text"
    code.mkdir()
    (code / "rule.py").write_text("RULE = 1\n", "utf-8")
    monkeypatch.setattr(pipeline, "_CODE_DIRS", (code,))
    pipeline.code_fingerprint.cache_clear()
    try:
        first = pipeline.cache_key(default_texts())
        (code / "rule.py").write_text("RULE = 2\n", "utf-8")
        pipeline.code_fingerprint.cache_clear()
        assert first != base and pipeline.cache_key(default_texts()) != first
    finally:
        monkeypatch.undo()
        pipeline.code_fingerprint.cache_clear()
    assert pipeline.cache_key(default_texts()) == base
