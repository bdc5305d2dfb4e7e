"""Keyword counts and views: no stopword, officialese, punctuation, number or redaction reaches a
keyword list; domain terms stay whole; corpus tables, phrases and TextRank."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.resources import ResourceTexts, default_texts
from analysis.text.keywords import (
    KEYWORD_COLUMNS,
    _sum_counts,
    content_tokens,
    count_terms,
    frequent_phrases,
    is_term,
    keyword_table,
    sentence_tokens,
    textrank_keywords,
    top_keywords,
)
from analysis.text.lexicon import build_lexicon
from tests.conftest import SAMPLES

SAMPLE_TEXTS = {p.name[:3]: p.read_text(encoding="utf-8") for p in SAMPLES}
CJK = re.compile(r"[\u4e00-\u9fff]")
PUNCT_OR_DIGIT = re.compile(r"[\s\d０-９，。、；：！？“”‘’（）《》【】\-—…·,.;:!?()\[\]\"'%％]")


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(default_texts())


@pytest.fixture(scope="module")
def counted(lex):
    return {k: count_terms(lex, t) for k, t in SAMPLE_TEXTS.items()}


@pytest.mark.parametrize("doc", sorted(SAMPLE_TEXTS))
def test_top20_has_no_stopword_officialese_punctuation_number_or_redaction(doc, lex, counted):
    terms, _ = counted[doc]
    top = top_keywords(terms, len(SAMPLE_TEXTS[doc]), lex, n=20)
    assert len(top) == 20
    for k in top:
        assert k.term not in lex.stopwords
        assert k.term not in lex.officialese
        assert CJK.search(k.term), k.term
        assert not PUNCT_OR_DIGIT.search(k.term), k.term
        assert "*" not in k.term and "×" not in k.term and "XX" not in k.term
        assert len(k.term) > 1


# Domain terms that must be counted whole in each sample (and never as their halves).
WHOLE_TERMS = {
    "000": [
        "三会一课",
        "一岗双责",
        "党员带头",
        "组织生活会",
        "主题党日",
        "先锋模范作用",
        "五方共建",
    ],
    "001": ["学习强国", "先锋模范作用", "主题党日", "两个维护", "三会一课", "入党积极分子"],
    "002": ["三会一课", "党员活动日", "学习强国", "双报到", "接诉即办", "先锋模范作用", "三步走"],
    "003": ["楼宇综合党委", "红领讲堂", "双报到", "党建引领", "志愿服务"],
    "004": ["两学一做", "生产经营", "六同四化三过硬", "党内组织生活", "积分制", "四梁八柱"],
}


@pytest.mark.parametrize("doc", sorted(WHOLE_TERMS))
def test_domain_terms_stay_whole(doc, counted):
    terms, _ = counted[doc]
    for term in WHOLE_TERMS[doc]:
        assert terms.get(term, 0) >= 1, term
    assert "三会" not in terms and "一课" not in terms and "强国" not in terms


def test_officialese_switch(lex, counted):
    terms, _ = counted["000"]
    chars = len(SAMPLE_TEXTS["000"])
    on = [k.term for k in top_keywords(terms, chars, lex, n=20, officialese=True)]
    off = [k.term for k in top_keywords(terms, chars, lex, n=20, officialese=False)]
    assert "工作" not in on and "开展" not in on
    assert "工作" in off and "开展" in off
    assert terms["工作"] > 10  # counts keep officialese; the switch acts at view time


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("党建", True),
        ("三会一课", True),
        ("一线", True),
        ("APP", True),
        ("的", False),
        ("我们", False),
        ("党", False),
        ("，", False),
        ("“", False),
        ("2023", False),
        ("101", False),
        ("十九届", False),
        ("两个", False),
        ("四年", False),
        ("6万", False),
        ("***", False),
        ("*", False),
        ("×××", False),
        ("XX", False),
        ("XX公司", False),
        ("Ta", False),
        ("paidbegin", False),
        ("  ", False),
        ("\n", False),
    ],
)
def test_is_term(token, expected, lex):
    assert is_term(lex, token) is expected


def test_whitelisted_single_character_is_a_term():
    lx = build_lexicon(ResourceTexts(userdict="村\n", stopwords=default_texts().stopwords))
    assert is_term(lx, "村") and not is_term(lx, "镇")


@pytest.mark.parametrize(
    ("text", "term", "count"),
    [
        ("落实三会一课。落实三会一课！", "三会一课", 2),
        ("*公司支部现有党员*人，党员占比近*%。", "党员", 2),
        ("党建引领，党建引领，党建引领。", "党建引领", 3),
        ("", "党建", 0),
    ],
)
def test_count_terms(text, term, count, lex):
    terms, _ = count_terms(lex, text)
    assert terms.get(term, 0) == count
    assert all(is_term(lex, t) for t in terms)


def test_bigrams_are_adjacent_terms_seen_twice(lex):
    text = "支部书记讲党课。支部书记讲党课。志愿服务队伍。"
    _, bigrams = count_terms(lex, text)
    assert bigrams == {"支部书记 讲党课": 2}


def test_bigrams_do_not_cross_stopwords_or_punctuation(lex):
    _, bigrams = count_terms(lex, "党建的引领，党建的引领。党建，引领。党建，引领。")
    assert bigrams == {}


def test_top_keywords_weight_is_per_10000_chars(lex):
    top = top_keywords({"党建": 5, "支部": 2, "工作": 9}, 1000, lex, n=5)
    assert [(k.term, k.count, k.weight) for k in top] == [("党建", 5, 50.0), ("支部", 2, 20.0)]
    assert top_keywords({"党建": 5}, 0, lex)[0].weight == 0.0


def test_keyword_table_columns_and_tfidf(lex):
    docs = {"a": {"党建": 4, "楼宇": 4, "工作": 3}, "b": {"党建": 4, "项目": 1}}
    table = keyword_table(docs, {"a": 1000, "b": 1000}, lex)
    assert list(table.columns) == KEYWORD_COLUMNS
    rows = table.set_index("term")
    assert "工作" not in rows.index
    assert rows.loc["党建", "count"] == 8 and rows.loc["党建", "docs"] == 2
    assert rows.loc["党建", "per10k"] == 40.0
    # same count, but in one document only: a higher tf-idf than a term in both
    assert rows.loc["楼宇", "tfidf"] / rows.loc["楼宇", "per10k"] > 1.0
    assert rows.loc["党建", "tfidf"] == rows.loc["党建", "per10k"]
    with_off = keyword_table(docs, {"a": 1000, "b": 1000}, lex, officialese=False)
    assert "工作" in set(with_off["term"])


def test_keyword_table_with_corpus_idf(lex):
    corpus = {"a": {"党建": 2, "楼宇": 2}, "b": {"党建": 2}, "c": {"党建": 2}}
    one = keyword_table({"a": corpus["a"]}, {"a": 100}, lex, idf_docs=corpus).set_index("term")
    assert one.loc["楼宇", "tfidf"] > one.loc["党建", "tfidf"]


def test_keyword_table_empty(lex):
    table = keyword_table({}, {}, lex)
    assert list(table.columns) == KEYWORD_COLUMNS and table.empty


def test_frequent_phrases(lex):
    bigrams = {"支部书记 讲党课": 3, "开展 主题党日": 5, "党员 先锋岗": 2}
    assert [k.term for k in frequent_phrases(bigrams, 5)] == [
        "开展 主题党日",
        "支部书记 讲党课",
        "党员 先锋岗",
    ]
    shown = frequent_phrases(bigrams, 5, lex=lex, officialese=True)
    assert [k.term for k in shown] == ["支部书记 讲党课", "党员 先锋岗"]
    assert frequent_phrases(bigrams, 1)[0].weight == 5.0


def test_sample_phrases(lex, counted):
    _, bigrams = counted["002"]
    phrases = [k.term for k in frequent_phrases(bigrams, 10, lex=lex)]
    assert "党建与业务 融合" in phrases and "大兴 城建" in phrases


def test_textrank_is_lazy_cached_and_clean(lex):
    text = SAMPLE_TEXTS["003"]
    first = textrank_keywords(lex, text, 15)
    assert textrank_keywords(lex, text, 15) is first
    terms = [k.term for k in first]
    assert terms[0] == "楼宇" and first[0].weight == 1.0
    assert all(is_term(lex, t) and t not in lex.officialese for t in terms)
    assert textrank_keywords(lex, "", 5) == ()


def test_content_and_sentence_tokens(lex):
    text = "支部坚持党建引领，开展主题党日。\n落实三会一课！"
    assert content_tokens(lex, text) == ["支部", "党建引领", "主题党日", "三会一课"]
    assert "开展" in content_tokens(lex, text, officialese=False)
    assert sentence_tokens(lex, text) == [["支部", "党建引领", "主题党日"], ["三会一课"]]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_count_terms_never_raises_and_returns_valid_counts(text):
    lx = build_lexicon(default_texts())
    terms, bigrams = count_terms(lx, text)
    assert all(is_term(lx, t) and c > 0 for t, c in terms.items())
    assert all(c >= 2 and len(b.split(" ")) == 2 for b, c in bigrams.items())
    assert all(k.weight >= 0 for k in top_keywords(terms, len(text), lx))


def test_count_terms_on_a_long_single_paragraph(lex):
    text = "支部坚持党建引领推动三会一课落实" * 20000  # 320,000 characters, no punctuation
    terms, _ = count_terms(lex, text)
    assert terms["三会一课"] == 20000


@pytest.mark.parametrize(
    ("docs", "totals", "doc_freq"),
    [
        ({}, {}, {}),
        ({"a": {}}, {}, {}),
        ({"a": {"党建": 3}}, {"党建": 3}, {"党建": 1}),
        (
            {"a": {"党建": 3, "支部": 1}, "b": {"支部": 4}, "c": {"党建": 2, "引领": 5}},
            {"党建": 5, "支部": 5, "引领": 5},
            {"党建": 2, "支部": 2, "引领": 1},
        ),
    ],
)
def test_sum_counts(docs, totals, doc_freq):
    assert _sum_counts(docs) == (totals, doc_freq)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=3), st.dictionaries(st.sampled_from("党建支部引领"), st.integers(0, 50))
    )
)
def test_sum_counts_equals_counter_sums(docs):
    from collections import Counter

    totals, doc_freq = Counter(), Counter()
    for counts in docs.values():
        totals.update(counts)
        doc_freq.update(counts.keys())
    assert _sum_counts(docs) == (dict(totals), dict(doc_freq))


# ---------------------------------------------------------------- shared memo


def test_term_flags_are_the_callers_own_even_when_the_memo_is_cleared():
    """Another session may clear the lexicon's memo mid-use: the flags already read stay whole."""
    from analysis.text.keywords import _flags

    lex = build_lexicon(default_texts())
    tokens = ["党建", "工作", "12", "***", "融合"]
    flags = _flags(lex, tokens)
    lex.term_memo.clear()
    assert len(flags) == len(tokens)
    by_token = dict(zip(tokens, flags, strict=True))
    assert by_token["党建"] and not by_token["12"] and not by_token["***"]
    assert flags == [is_term(lex, t) for t in tokens]


def test_a_report_with_more_new_tokens_than_the_memo_holds_is_flagged_whole(monkeypatch):
    """A memo overflow clears it and flags every token of the report again, none left out."""
    import analysis.text.keywords as K

    lex = build_lexicon(default_texts())
    monkeypatch.setattr(K, "MAX_MEMO", 3)
    tokens = ["党建", "引领", "12", "楼宇", "融合", "***"]
    assert K._flags(lex, tokens) == [is_term(lex, t) for t in tokens]


@pytest.mark.parametrize("doc", sorted(SAMPLE_TEXTS))
def test_bigrams_equal_every_adjacent_pair_counted_then_filtered(doc, lex, counted):
    """The one-pass bigram count equals counting all adjacent token pairs, then keeping pairs of
    two terms seen at least twice, in first-occurrence order."""
    from collections import Counter

    from analysis.text.lexicon import tokenize

    tokens = tokenize(lex, SAMPLE_TEXTS[doc])
    terms, bigrams = counted[doc]
    pairs = Counter(zip(tokens, tokens[1:], strict=False))
    expected = [
        (f"{a} {b}", c) for (a, b), c in pairs.items() if c >= 2 and a in terms and b in terms
    ]
    assert list(bigrams.items()) == expected
    assert expected  # the samples do repeat phrases


def test_counting_in_threads_with_a_tiny_memo_matches_counting_alone(monkeypatch):
    """Threads that overflow (and so clear) the shared memo count exactly what one thread does."""
    from concurrent.futures import ThreadPoolExecutor

    import analysis.text.keywords as K

    lex = build_lexicon(default_texts())
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    alone = [K.count_terms(lex, t) for t in texts]
    monkeypatch.setattr(K, "MAX_MEMO", 50)  # every call clears the memo another thread reads
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda t: K.count_terms(lex, t), texts * 4))
    assert together == alone * 4
