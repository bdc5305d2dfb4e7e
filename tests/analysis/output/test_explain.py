"""Plain Chinese for every statistic (issue 22): analysis.corpus.compare.explain and the tables,
summaries and slides that use it."""

from __future__ import annotations

import re

import pytest

from analysis.corpus.compare.explain import METHODS, READING, method_notes, reading
from analysis.corpus.compare.measure_alignment import TIER_POSSIBLE, TIER_RULE

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


def test_comparison_tables_and_summary_speak_plainly(sample_comparison):
    from analysis.core.facts import REDACTED
    from analysis.output.briefing import NO_VALUE, TABLE_NOTES, comparison_tables

    c = sample_comparison
    tables = comparison_tables(c)
    headers = " ".join(str(col) for df in tables.values() for col in df.columns)
    assert not any(j in headers for j in JARGON), headers
    assert f"{c.label_a}每万字" in tables["词频对照"].columns
    assert "判断" in tables["相近举措"].columns
    assert set(tables["相近举措"]["判断"]) <= {"共有的做法", "可能相近的做法"}
    summary = " ".join(c.summary)
    assert not any(j in summary for j in JARGON) and "z 值显著" not in summary
    assert TABLE_NOTES["区分词"] == reading("z")
    # sample 000 redacts every figure: its totals read 已脱敏, never 0 (— means no figure at all)
    numbers = tables["数字指标对比"]
    only_redacted = numbers[numbers[c.label_a].str.startswith(REDACTED)]
    assert len(only_redacted) and (only_redacted[f"{c.label_a}合计"] == REDACTED).all()
    assert (numbers.loc[numbers[f"{c.label_a}项数"] == 0, f"{c.label_a}合计"] == NO_VALUE).all()
    assert "对象" in numbers.columns


@pytest.fixture(scope="module")
def sample_pair(sample_comparison):
    """Samples 000 and 002 compared: four 可能相近 pairs, redacted figures, several subjects."""
    return sample_comparison


def _slide_texts(data: bytes) -> list[str]:
    import io

    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    out = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def test_slides_say_what_the_page_says(sample_pair):
    from analysis.output.comparison_slides import comparison_deck

    c = sample_pair
    texts = _slide_texts(comparison_deck(c))
    for key in ("z_bars", "theme_score", "numbers", "formulation_lists"):
        assert reading(key) in texts, key  # the slide subtitles are the page's sentences
    assert "对象" in texts  # the numbers table names what is counted
    assert texts.count("可能相近的做法") == len(c.measures.possible) > 0
    rule = TIER_RULE[TIER_POSSIBLE]  # the tier's rule, worded in one place
    assert f"可能相近的做法 {len(c.measures.possible)} 对（{rule}）" in " ".join(texts)
    shown = " ".join(texts)
    assert not any(j in shown for j in JARGON), [j for j in JARGON if j in shown]


def test_workbook_html_and_word_carry_the_tiers(sample_pair):
    import io

    import openpyxl
    from docx import Document

    from analysis.output.export_html import comparison_html
    from analysis.output.export_xlsx import comparison_workbook
    from analysis.output.word_drafts import comparison_docx

    c = sample_pair
    book = openpyxl.load_workbook(io.BytesIO(comparison_workbook(c)), read_only=True)
    notes = {r[0]: r[1] for r in list(book["说明"].iter_rows(values_only=True))[1:]}
    assert notes["相近举措"] == reading("pairs") and notes["区分词"] == reading("z")
    assert notes["区分词、词云"] == reading("org_names")  # names left out by default
    pairs = list(book["相近举措"].iter_rows(values_only=True))
    assert {r[pairs[0].index("判断")] for r in pairs[1:]} == {"可能相近的做法"}
    html = comparison_html(c)
    n = len(c.measures.possible)
    assert f"共有 0 对，可能相近 {n} 对" in html and reading("pairs") in html
    assert reading("z_bars") in html and reading("scatter") in html
    doc = Document(io.BytesIO(comparison_docx(c)))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert body.count("属于“可能相近的做法”，请对照原文确认") == n  # every pair, its tier


def test_org_names_switch_reaches_the_exports(corpus_texts):
    """楼宇综合党委 vs ×××××公司党委: A's name is no distinctive term unless the switch is on."""
    import json

    from analysis.corpus.compare.comparison import compare_sides
    from analysis.output.comparison_frames import reading_notes
    from analysis.output.export_html import comparison_html

    corpus, texts = corpus_texts
    name = "楼宇综合党委"
    for on in (False, True):
        c = compare_sides(corpus, [4], [5], texts, org_names=on)
        a, b = c.distinctive()
        assert (name in set(a["term"])) == on and not any("公司党委" in t for t in b["term"])
        html = comparison_html(c)
        assert any(q in html for q in (f'"{name}"', json.dumps(name))) == on
        assert c.org_names == on
        assert reading_notes(c)["怎么读"].iloc[-1] == reading(
            "org_names_shown" if on else "org_names"
        )
