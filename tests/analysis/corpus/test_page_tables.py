"""Small corpus shapings the pages show: topic passages, sentence tokens, concordance tables, one
theme's ranking and coded practices."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus.concordance import (
    kwic_places,
    kwic_table,
    labelled_reports,
    report_link,
    total_chars,
)
from analysis.corpus.passages import corpus_sentences, topic_passages
from analysis.corpus.search import kwic
from analysis.corpus.theme_view import coded_practices, word_hits
from analysis.text.lexicon import build_lexicon


def test_topic_passages_by_unit(corpus_texts):
    corpus, _ = corpus_texts
    measures = topic_passages(corpus, "举措")
    paragraphs = topic_passages(corpus, "段落")
    n_measures = sum(
        m.kind == "measure" for a in corpus.analyses.values() for m in a.structure.measures
    )
    assert len(measures) == n_measures > 0
    assert len(paragraphs) > 0 and all(p.strip() for p in paragraphs)
    with pytest.raises(ValueError):
        topic_passages(corpus, "句子")


def test_corpus_sentences_are_token_lists(corpus_texts):
    corpus, texts = corpus_texts
    sentences = corpus_sentences(corpus.subset([1]), build_lexicon(texts), officialese=True)
    assert sentences and all(isinstance(s, list) for s in sentences)
    assert "开展" not in {t for s in sentences for t in s}  # officialese dropped


def test_kwic_table_links_each_line_to_its_report(corpus_texts):
    corpus, _ = corpus_texts
    texts = {rid: a.cleaned.text for rid, a in corpus.analyses.items()}
    lines = kwic(texts, "三会一课", width=10)
    table = kwic_table(lines, corpus.labels)
    assert list(table["hit"].unique()) == ["三会一课"]
    assert table["link"].iloc[0] == report_link(lines["id"].iloc[0], lines["position"].iloc[0], 4)
    assert set(table["branch"]) <= set(corpus.labels.values())
    assert report_link(3, 120, 4) == "report?id=3&pos=120&len=4"
    places = kwic_places(lines)  # each line opens its report at the hit
    assert len(places) == len(table)
    for (rid, start, end, what), link in zip(places, table["link"], strict=True):
        assert texts[rid][start:end] == "三会一课" and what == "检索命中：三会一课"
        assert link == report_link(rid, start, end - start)
    assert labelled_reports(corpus)["label"].tolist() == [corpus.label(r) for r in corpus.ids]
    assert total_chars(corpus) == sum(a.chars for a in corpus.analyses.values())


@pytest.mark.parametrize(
    ("themes", "kind", "coded"),
    [
        ("组织生活", "举措", True),
        ("支部建设、组织生活", "举措", True),
        ("组织生活建设", "举措", False),  # a longer theme name is not this theme
        ("组织生活", "成效", False),  # only practices are coded
    ],
)
def test_coded_practices(themes, kind, coded):
    measures = pd.DataFrame({"themes": [themes], "item_kind": [kind]})
    assert len(coded_practices(measures, "组织生活")) == int(coded)


def test_word_hits_counts_evidence_sentences():
    evidence = pd.DataFrame({"term": ["三会一课", "主题党日", "三会一课"]})
    frame = word_hits(["三会一课", "主题党日", "组织生活会"], evidence)
    assert frame.values.tolist() == [["三会一课", 2], ["主题党日", 1], ["组织生活会", 0]]
