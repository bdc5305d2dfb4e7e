"""Plain Chinese for every statistic (issue 22): analysis.corpus.compare.explain and the tables,
summaries and slides that use it."""

from __future__ import annotations

import re

import pytest

from analysis.corpus.compare import METHODS, READING, method_notes, reading

# Jargon a user must not meet outside the 方法说明 text and the speaker notes.
JARGON = ("Monroe", "n-gram", "TF-IDF", "Jaccard", "NMF", "TextRank", "对数优势", "余弦", "每万词")
LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize("key", sorted(READING))
def test_every_reading_is_plain_chinese(key):
    text = reading(key)
    assert text and text.endswith("。")
    assert not any(j in text for j in JARGON), text
    assert not LATIN.search(text), text  # single letters A/B/z are fine


def test_z_reading_says_what_the_number_means():
    assert reading("z").startswith("z 值越大，A 方越常用这个词，且不是偶然")
    assert reading("nope") == ""


def test_method_notes_name_the_methods():
    notes = method_notes()
    assert len(notes) == len(METHODS)
    assert any("Monroe" in n for n in notes) and any("Jaccard" in n for n in notes)
    assert method_notes(("z",)) == [f"区分词：{METHODS['z']}"]
    assert all(re.match(r"^[\u4e00-\u9fff]+：", n) for n in notes)


def test_comparison_tables_and_summary_speak_plainly(corpus_texts):
    from analysis.corpus.compare import REDACTED, compare_sides
    from analysis.output.briefing import NO_VALUE, TABLE_NOTES, comparison_tables

    corpus, texts = corpus_texts
    c = compare_sides(corpus, [1], [3], texts)
    tables = comparison_tables(c)
    headers = " ".join(str(col) for df in tables.values() for col in df.columns)
    assert not any(j in headers for j in JARGON), headers
    assert f"{c.label_a}每万字" in tables["词频对照"].columns
    assert "判断" in tables["相近举措"].columns
    assert set(tables["相近举措"]["判断"]) <= {"共有的做法", "可能相近的做法"}
    summary = " ".join(c.summary)
    assert not any(j in summary for j in JARGON) and "z 值显著" not in summary
    assert TABLE_NOTES["区分词"] == reading("z")
    # sample 000 redacts every figure: its totals read —, never 0
    numbers = tables["数字指标对比"]
    only_redacted = numbers[numbers[c.label_a].str.startswith(REDACTED)]
    assert len(only_redacted) and (only_redacted[f"{c.label_a}合计"] == NO_VALUE).all()
    assert "对象" in numbers.columns
