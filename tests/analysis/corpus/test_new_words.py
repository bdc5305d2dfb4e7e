"""New-word discovery: planted and real names the segmenter splits rank high; adding one re-segments."""

from __future__ import annotations

import pytest

from analysis.core.models import AnalysisError
from analysis.core.resources import default_texts
from analysis.corpus import new_words as nw
from analysis.corpus.loading import ensure_samples, load_corpus, resource_texts
from analysis.text.keywords import keyword_table
from analysis.text.lexicon import build_lexicon
from tests.conftest import SAMPLES

LEX = build_lexicon(default_texts())


@pytest.fixture(scope="module")
def sample_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in SAMPLES}


def _rank(found, word: str) -> int:
    words = [c.word for c in found]
    return words.index(word) + 1 if word in words else 10**6


@pytest.mark.parametrize("word", ["兴城投资", "大兴城建"])
def test_sample_names_rank_in_first_20(sample_texts, word):
    found = nw.discover(sample_texts, LEX, n=100)
    print(word, _rank(found, word))
    assert _rank(found, word) <= 20


def test_planted_domain_word_is_found(sample_texts):
    """A made-up brand planted in varied sentences of every sample comes out first."""
    contexts = ["开展{}活动。", "依托{}平台，", "通过“{}”", "以{}为抓手；", "打造{}品牌。"]
    planted = {
        name: text + "".join(c.format("红帆驿站") for c in contexts)
        for name, text in sample_texts.items()
    }
    found = nw.discover(planted, LEX)
    assert _rank(found, "红帆驿站") <= 3
    hit = next(c for c in found if c.word == "红帆驿站")
    assert hit.count == 25 and len(hit.examples) == nw.EXAMPLES
    assert len(hit.pieces) > 1 and hit.cohesion > 0


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("支部有党员22名党员。" * 3 + "共有15名党员。" * 3 + "现有8名党员，", "名党员"),
        ("党建工作很好。" * 4, "党建工作"),  # 工作 is officialese: a phrase, not a word
    ],
)
def test_pieces_and_phrases_are_not_words(text, excluded):
    assert excluded not in [c.word for c in nw.discover([text], LEX, min_count=2)]


@pytest.mark.parametrize(
    ("current", "name", "expected"),
    [
        ("# 注释\n三会一课 nz\n", "userdict", "# 注释\n三会一课 nz\n兴城投资 nz\n"),
        ("三会一课 nz", "userdict", "三会一课 nz\n兴城投资 nz\n"),
        ("兴城投资 nz\n", "userdict", "兴城投资 nz\n"),
        ("的\n", "stopwords", "的\n兴城投资\n"),
    ],
)
def test_with_word(current, name, expected):
    assert nw.with_word(current, "兴城投资", name) == expected


def test_adding_a_word_resegments_and_updates_keywords(store):
    ensure_samples(store)
    before = load_corpus(store, workers=1)
    rid = next(r for r, b in before.reports["branch"].items() if b == "兴城投资党支部")

    def table(corpus):
        a = corpus.analyses[rid]
        return keyword_table(
            {"r": a.term_counts}, {"r": a.chars}, build_lexicon(resource_texts(store))
        )

    assert "兴城投资" not in set(table(before)["term"])
    assert nw.add_word(store, "userdict", "兴城投资") is True
    assert nw.add_word(store, "userdict", "兴城投资") is False
    after = load_corpus(store, workers=1)
    assert after.key != before.key
    terms = table(after).set_index("term")["count"]
    assert terms["兴城投资"] >= 3
    old = table(before).set_index("term")["count"]
    assert terms.get("投资", 0) < old["投资"]


@pytest.mark.parametrize("word", ["", "两 个词"])
def test_add_word_refuses_bad_input(store, word):
    with pytest.raises(AnalysisError):
        nw.add_word(store, "userdict", word)


def test_no_candidates_scan_nothing():
    """A tiny corpus gives no candidate words: the scan returns nothing instead of failing."""
    assert nw._ends(["党建工作报告"], []) == ({}, {})
