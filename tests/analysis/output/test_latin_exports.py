"""Issue 22: no English a user sees in the exports of the sample corpus — the briefing and the
comparison as PPTX, XLSX, HTML and Word, and each report's Word draft. The visible text of each
file is extracted (slides and notes, cells and sheet names, page text and chart labels, paragraphs
and tables) and checked with the allow list of tests/latin.py; Excel shows 是/否, never a boolean.
"""

from __future__ import annotations

import pytest

from tests.export_texts import export_texts, xlsx_cells
from tests.latin import NOTE_MARK, latin_tokens, offending

EMPTY_MARKERS = {"None", "nan", "NaN", "NaT", "TRUE", "FALSE", "True", "False", "<NA>"}


@pytest.fixture(autouse=True)
def no_drawing(blank_wordclouds):
    """Word clouds as a blank PNG (tests/conftest.py)."""


@pytest.fixture(scope="module")
def data(corpus_texts, sample_comparison, sample_briefing):

    corpus, texts = corpus_texts
    return sample_comparison, sample_briefing


def test_every_export_is_read_whole(data):
    """The extractors see the files' content (a guard against checking nothing)."""
    comp, b = data
    texts = export_texts(comp, b)
    assert len(texts) >= 8 + 1
    for name, shown in texts.items():
        assert sum(len(t) for t in shown) > 200, name
    html = " ".join(texts["简报.html"])
    assert b.sections and any(s.name in html for s in b.sections)


def test_no_latin_ui_text_in_any_export(data):
    comp, b = data
    found = {
        name: bad for name, shown in export_texts(comp, b).items() if (bad := offending(shown))
    }
    assert found == {}, f"Latin-letter text in exports (file → token → where): {found}"


@pytest.mark.parametrize("build", ["briefing", "comparison"])
def test_excel_shows_yes_no_and_no_empty_markers(data, build):
    from analysis.output.export_xlsx import briefing_workbook, comparison_workbook

    comp, b = data
    book = briefing_workbook(b) if build == "briefing" else comparison_workbook(comp)
    cells = list(xlsx_cells(book))
    assert [(s, v) for s, v in cells if isinstance(v, bool)] == []
    assert [(s, v) for s, v in cells if str(v).strip() in EMPTY_MARKERS] == []


@pytest.mark.parametrize(
    "text,tokens",
    [
        ("全部关键词（次数、每万字、TF-IDF）", ["TF", "IDF"]),
        ("上传 报告2023.docx 与 批量.zip", []),
        ("Download plot as a PNG", ["Download", "plot", "as", "a", "PNG"]),
        ("概览 KPIs", ["KPIs"]),
    ],
)
def test_tokenizer(text, tokens):
    assert latin_tokens(text) == tokens


@pytest.mark.parametrize(
    "text,bad",
    [
        ("概览 KPIs", {"KPIs"}),
        ("TRUE", {"TRUE"}),
        ("None", {"None"}),
        ("导出 PPT 与 Excel；单个文件不超过 20 MB", set()),
        ("报告.docx 已保存", set()),
        ("z 值越大，A 方越常用这个词", set()),
        ("按 TF-IDF 排序", {"TF", "IDF"}),  # a method name in a caption
        (NOTE_MARK + "关键词重要度：TF-IDF（词频 × 逆文档频率）", set()),  # in the method notes
        (NOTE_MARK + "Download plot", {"Download", "plot"}),  # notes allow method names only
    ],
)
def test_allow_list(text, bad):
    assert set(offending([text])) == bad
