"""Organization names are not findings: analysis.text.org_terms, and their default exclusion
from compared words, word clouds and keyword tables (issue 22)."""

from __future__ import annotations

import re

import pytest

from analysis.corpus.compare.comparison import compare_sides
from analysis.corpus.compare.sides import org_terms
from analysis.text.keywords import keyword_table, top_keywords
from analysis.text.lexicon import build_lexicon
from analysis.text.org_terms import org_name_terms, proper_part, report_org_names

TEXT_002 = (
    "兴城投资党支部隶属于大兴城建开发集团公司党委。在项目一线成立兴城投资党支部是集团党委的创新尝试。"
    "组织开展“兴城·增效先锋”“兴城·微党课”系列活动。支部推进项目开发建设。"
)


@pytest.mark.parametrize(
    ("text", "terms", "known", "expected"),
    [
        # the short form of a known branch name, also in its brands
        (TEXT_002, ["兴城", "项目", "支部", "党建"], ["兴城投资党支部"], {"兴城"}),
        # a whole visible name of a redacted branch; its topic word 楼宇 stays
        (
            "**楼宇综合党委推进楼宇党建，楼宇综合党委联系楼宇企业。",
            ["楼宇综合党委", "楼宇", "企业"],
            ["**楼宇综合党委"],
            {"楼宇综合党委"},
        ),
        # a bare suffix is no name; the visible tail of a redacted name is no short form
        (
            "×××××公司党委坚持公司发展。公司党委召开会议。",
            ["公司", "公司党委", "发展"],
            ["×××××公司党委"],
            {"公司党委"},
        ),
        # a word used mostly outside the name is kept
        (
            "兴城投资党支部。投资项目。扩大投资。投资效益。",
            ["投资", "兴城"],
            ["兴城投资党支部"],
            {"兴城"},
        ),
        # nothing known, nothing found often enough: nothing removed
        ("加强理论学习，开展主题党日。", ["理论学习", "主题党日"], [], set()),
    ],
)
def test_org_name_terms(text, terms, known, expected):
    assert org_name_terms(text, terms, known) == expected


@pytest.mark.parametrize(
    ("name", "proper"),
    [("兴城投资党支部", "兴城投资"), ("大兴城建开发集团", "大兴城建开发"), ("楼宇", "楼宇")],
)
def test_proper_part(name, proper):
    assert proper_part(name) == proper


def test_report_org_names_converts_traditional_and_drops_marks():
    names = report_org_names("", ["社區黨委", "**楼宇综合党委"])
    assert names == ["楼宇综合党委", "社区党委"]


def test_sample_comparison_has_no_names_among_distinctive_terms(corpus_texts):
    """The bar: 楼宇综合党委 vs ×××××公司党委 — neither name is a distinctive term (nor 兴城)."""
    corpus, texts = corpus_texts
    names = {1: {"后勤集团"}, 3: {"兴城", "兴城投资党支部"}, 4: {"楼宇综合党委"}, 5: {"公司党委"}}
    for a, b in ((4, 5), (4, 3), (1, 3)):
        c = compare_sides(corpus, [a], [b], texts)
        da, db = c.distinctive(50)
        assert not (set(da["term"]) | set(db["term"])) & (names[a] | names[b])
        assert not (names[a] | names[b]) & (set(c.freqs_a) | set(c.freqs_b))  # word clouds
    shown = compare_sides(corpus, [4], [5], texts, org_names=True)
    assert "楼宇综合党委" in set(shown.distinctive(50)[0]["term"])


def test_org_terms_of_the_samples(corpus_texts):
    corpus, _ = corpus_texts
    assert {"兴城"} <= org_terms(corpus, [3])
    assert "楼宇综合党委" in org_terms(corpus, [4])
    assert "楼宇" not in org_terms(corpus, [4])  # the report's topic, not a name
    # a side label that is a report title is not taken as a name
    assert org_terms(corpus, [], ["楼宇党建聚合推动企业发展工作情况报告"]) == frozenset()


def test_keyword_tables_leave_out_excluded_terms(corpus_texts):
    corpus, texts = corpus_texts
    lex = build_lexicon(texts)
    a = corpus.analyses[3]
    names = org_terms(corpus, [3])
    full = keyword_table({3: a.term_counts}, {3: a.chars}, lex)
    assert "兴城" in set(full["term"])
    cut = keyword_table({3: a.term_counts}, {3: a.chars}, lex, exclude=names)
    assert "兴城" not in set(cut["term"]) and len(cut) == len(full) - len(names & set(full["term"]))
    assert "兴城" in {k.term for k in top_keywords(a.term_counts, a.chars, lex, n=50)}
    assert "兴城" not in {
        k.term for k in top_keywords(a.term_counts, a.chars, lex, 50, True, names)
    }


def test_briefing_keywords_leave_out_names_by_default(corpus_texts):
    from analysis.output.briefing import build_briefing

    corpus, texts = corpus_texts
    b = build_briefing(corpus, texts, report_ids=[3])
    from analysis.output.labels import labelled

    assert "兴城" not in set(b.keywords["term"]) and "兴城" not in b.keyword_freqs
    assert "兴城" not in set(b.sections[0].keywords["term"])
    shown = build_briefing(corpus, texts, report_ids=[3], org_names=True)
    assert "兴城" in set(shown.sections[0].keywords["term"])
    headers = labelled(b.keywords, "keywords").columns  # what a user reads: 重要度, not TF-IDF
    assert not any(re.search("[A-Za-z]", h) for h in headers)
