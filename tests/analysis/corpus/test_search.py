"""KWIC concordance: literal matches with context, query validation, sorting, counts per group."""

from __future__ import annotations

import string

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.escape import markdown as escape_markdown
from analysis.core.models import AnalysisError
from analysis.corpus.search import (
    KWIC_COLUMNS,
    count_hits,
    group_label,
    hit_counts,
    kwic,
    normalize_query,
    query_variants,
    sort_kwic,
)

TEXTS = {
    1: "支部坚持“三会一课”制度。一是落实三会一课；二是开展主题党日。",
    2: "党建引领发展。\n党建品牌建设持续推进，打造党建品牌。",
    3: "",
}


@pytest.mark.parametrize(
    ("query", "ids", "hits"),
    [
        ("三会一课", [1, 1], ["三会一课", "三会一课"]),
        ("党建品牌", [2, 2], ["党建品牌", "党建品牌"]),
        ("黨建品牌", [2, 2], ["党建品牌", "党建品牌"]),  # Traditional query finds Simplified text
        ("  主题党日 ", [1], ["主题党日"]),  # surrounding spaces ignored
        ("“三会", [1], ["“三会"]),  # punctuation matched literally, not as regex
        ("不存在的词", [], []),
    ],
)
def test_kwic_finds_literal_hits(query, ids, hits):
    df = kwic(TEXTS, query)
    assert list(df.columns) == KWIC_COLUMNS
    assert df["id"].tolist() == ids
    assert df["hit"].tolist() == hits


@pytest.mark.parametrize("query", [".*", "a+b", "(党", "[党]", "党|建", "\\d"])
def test_regex_specials_are_literal(query):
    text = {1: f"前文{query}后文。党建"}
    df = kwic(text, query)
    assert df["hit"].tolist() == [query]
    assert df["left"].iloc[0] == "前文"


def test_context_window_and_sentence():
    df = kwic(TEXTS, "主题党日", width=4)
    row = df.iloc[0]
    assert row["left"] == "二是开展"
    assert row["right"] == "。"
    assert row["position"] == TEXTS[1].index("主题党日")
    assert row["sentence"] == "二是开展主题党日。"


def test_line_breaks_shown_as_spaces():
    df = kwic(TEXTS, "党建品牌建设", width=5)
    assert df.iloc[0]["left"] == "领发展。 "
    assert df.iloc[0]["sentence"] == "党建品牌建设持续推进，打造党建品牌。"


def test_limit_caps_lines():
    assert len(kwic({1: "党" * 100}, "党", limit=7)) == 7


@pytest.mark.parametrize("query", ["", "   ", "\n", "党\n建", "党" * 51, None, 12])
def test_bad_query_raises_chinese_message(query):
    with pytest.raises(AnalysisError) as err:
        kwic(TEXTS, query)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_query_variants():
    assert query_variants("黨建") == ["黨建", "党建"]
    assert query_variants("党建") == ["党建"]
    assert normalize_query(" 党建 ") == "党建"


def test_sort_by_left_reads_from_the_hit_outward():
    lines = pd.DataFrame(
        {
            "id": [1, 1, 2],
            "left": ["甲乙A", "丙B", "丁A"],
            "hit": ["x"] * 3,
            "right": ["3", "1", "2"],
            "position": [9, 2, 5],
            "sentence": [""] * 3,
        }
    )
    assert sort_kwic(lines, "left")["left"].tolist() == ["丁A", "甲乙A", "丙B"]
    assert sort_kwic(lines, "right")["right"].tolist() == ["1", "2", "3"]
    assert sort_kwic(lines, "position")["position"].tolist() == [2, 9, 5]
    assert sort_kwic(lines.iloc[0:0], "left").empty


def test_hit_counts_by_branch_and_year():
    reports = pd.DataFrame(
        {
            "branch": ["甲支部", "乙支部", ""],
            "year": pd.array([2022, 2023, None], dtype="Int64"),
            "chars": [len(TEXTS[1]), len(TEXTS[2]), 0],
        },
        index=[1, 2, 3],
    )
    per_report = count_hits(TEXTS, "党")
    assert per_report == {1: 1, 2: 3, 3: 0}
    by_branch = hit_counts(per_report, reports, "branch")
    assert by_branch["branch"].tolist() == ["乙支部", "甲支部", "（未填写）"]
    assert by_branch["hits"].tolist() == [3, 1, 0]
    assert by_branch["reports"].tolist() == [1, 1, 0]
    assert by_branch["per10k"].iloc[0] == round(3 * 10000 / len(TEXTS[2]), 2)
    by_year = hit_counts(per_report, reports, "year")
    assert set(by_year["year"]) == {"2022", "2023", "（未填写）"}
    empty = hit_counts(count_hits(TEXTS, "无此词"), reports, "branch")
    assert empty["hits"].sum() == 0 and len(empty) == 3


@pytest.mark.parametrize(
    ("value", "label"), [(2022, "2022"), (2022.0, "2022"), (None, "（未填写）"), ("", "（未填写）")]
)
def test_group_label(value, label):
    assert group_label(value) == label


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300), query=st.text(min_size=1, max_size=8))
def test_kwic_never_raises_on_valid_query_and_hits_are_real(text, query):
    try:
        df = kwic({7: text}, query, width=5)
    except AnalysisError:
        return  # only empty / too long / multi-line queries are refused
    assert list(df.columns) == KWIC_COLUMNS
    for _, row in df.iterrows():
        assert text[row["position"] : row["position"] + len(row["hit"])] == row["hit"]
        assert len(row["left"]) <= 5 and len(row["right"]) <= 5
        assert row["hit"] in row["sentence"] or "\n" in row["hit"] or row["hit"].strip() == ""


def test_one_huge_paragraph():
    """1 MB with no sentence end: every hit found (a quadratic scan would take minutes)."""
    text = ("党建发展，" * 20 + "引领") * 10_000
    df = kwic({1: text}, "引领", limit=None)
    assert len(df) == 10_000


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*公司支部现有党员*人", "\\*公司支部现有党员\\*人"),
        ("1. 标题", "1\\. 标题"),
        ("# 不是标题", "\\# 不是标题"),
        (":red[假的高亮]", "\\:red\\[假的高亮\\]"),
        ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\<\\/script\\>"),
        (
            "$x$ 与 [链接](http://a)",
            "\\$x\\$ 与 \\[链接\\]\\(http\\:\\/\u2060\\/a\\)",
        ),  # no autolink either
        ("中文全角：“三会一课”。", "中文全角：“三会一课”。"),
        ("行一\n行二", "行一 行二"),
    ],
)
def test_escape_markdown(text, escaped):
    assert escape_markdown(text) == escaped


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200))
def test_escaped_text_has_no_unescaped_ascii_punctuation(text):
    md = escape_markdown(text)
    i = 0
    while i < len(md):
        if md[i] == "\\":
            i += 2
            continue
        assert md[i] not in string.punctuation
        i += 1
