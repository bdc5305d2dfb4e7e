"""Issue 22: no English a user sees in the exports of the sample corpus — the briefing and the
comparison as PPTX, XLSX, HTML and Word, and each report's Word draft. The visible text of each
file is extracted (slides and notes, cells and sheet names, page text and chart labels, paragraphs
and tables) and checked with the allow list of tests/latin.py; Excel shows 是/否, never a boolean.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from tests.latin import NOTE_MARK, latin_tokens, offending

EMPTY_MARKERS = {"None", "nan", "NaN", "NaT", "TRUE", "FALSE", "True", "False", "<NA>"}
# Chart keys whose strings are drawn: labels, categories, hover text and titles.
CHART_TEXT_KEYS = {
    "text", "name", "x", "y", "labels", "hovertext", "hovertemplate", "texttemplate",
    "theta", "ticktext", "title",
}  # fmt: skip
PNG_TIP = "Download plot as a PNG"  # plotly's English tooltip of the only toolbar button
NEWPLOT = re.compile(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*")


@pytest.fixture(autouse=True)
def no_drawing(blank_wordclouds):
    """Word clouds as a blank PNG (tests/conftest.py)."""


@pytest.fixture(scope="module")
def data(corpus_texts, sample_comparison, sample_briefing):

    corpus, texts = corpus_texts
    return sample_comparison, sample_briefing


def pptx_texts(data: bytes) -> Iterator[str]:
    """Every text on the slides (shapes, tables, chart titles, categories, series) and notes."""
    deck = Presentation(io.BytesIO(data))
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield shape.text_frame.text
            if shape.has_table:
                yield from (c.text for row in shape.table.rows for c in row.cells)
            if shape.has_chart:
                chart = shape.chart
                if chart.has_title:
                    yield chart.chart_title.text_frame.text
                for plot in chart.plots:
                    yield from (str(c) for c in plot.categories)
                    yield from (s.name or "" for s in plot.series)
        if slide.has_notes_slide:
            yield NOTE_MARK + slide.notes_slide.notes_text_frame.text  # method names belong here


def xlsx_cells(data: bytes) -> Iterator[tuple[str, object]]:
    """(sheet, value) of every non-empty cell, and each sheet's name."""
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        yield sheet.title, sheet.title
        for row in sheet.iter_rows(values_only=True):
            yield from ((sheet.title, v) for v in row if v is not None)


def docx_texts(data: bytes) -> Iterator[str]:
    """Paragraphs, table cells, headers and footers of a Word file."""
    doc = Document(io.BytesIO(data))
    yield from (p.text for p in doc.paragraphs)
    yield from (c.text for t in doc.tables for row in t.rows for c in row.cells)
    for section in doc.sections:
        yield from (p.text for p in section.header.paragraphs)
        yield from (p.text for p in section.footer.paragraphs)


class _PageText(HTMLParser):
    """The text a browser shows: text outside script/style, plus title and alt attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.scripts: list[str] = []
        self._skip: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip = tag
        self.texts += [v for k, v in attrs if k in ("title", "alt", "placeholder") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag == self._skip:
            self._skip = None

    def handle_data(self, data: str) -> None:
        if self._skip == "script":
            self.scripts.append(data)
        elif self._skip is None:
            self.texts.append(data)


def _chart_strings(node: object, key: str = "") -> Iterator[str]:
    """Drawn strings of a plotly figure's data or layout (the template subtree is styling)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k != "template":
                yield from _chart_strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _chart_strings(v, key)
    elif isinstance(node, str) and key in CHART_TEXT_KEYS:
        yield re.sub(r"%\{[^}]*\}|<[^>]*>", " ", node)  # placeholders and markup are not text


def _toolbar_tips(config: dict) -> list[str]:
    """The tooltip of the plotly toolbar's PNG button, in the chart's locale (shown on hover)."""
    if config.get("displayModeBar") is False:
        return []
    words = config.get("locales", {}).get(config.get("locale", ""), {}).get("dictionary", {})
    return [words.get(PNG_TIP, PNG_TIP)]


def html_texts(markup: str) -> list[str]:
    """The visible text of a standalone page: its text and its charts' labels."""
    page = _PageText()
    page.feed(markup)
    texts = list(page.texts)
    decoder = json.JSONDecoder()
    for script in page.scripts:
        for m in NEWPLOT.finditer(script):
            data, end = decoder.raw_decode(script, m.end())
            layout, end = decoder.raw_decode(script, script.index("{", end))
            config, _ = decoder.raw_decode(script, script.index("{", end))
            texts += [*_chart_strings(data), *_chart_strings(layout), *_toolbar_tips(config)]
    return texts


def _exports(comp, b) -> dict[str, list[str]]:
    """Visible text of every export of the sample briefing and comparison, by file."""
    from analysis.output.briefing_slides import briefing_deck
    from analysis.output.comparison_slides import comparison_deck
    from analysis.output.export_html import briefing_html, comparison_html
    from analysis.output.export_xlsx import briefing_workbook, comparison_workbook
    from analysis.output.word_drafts import comparison_docx, report_docx
    from analysis.output.word_report import analysis_report_docx

    out = {
        "简报.pptx": list(pptx_texts(briefing_deck(b))),
        "对比.pptx": list(pptx_texts(comparison_deck(comp))),
        "简报.xlsx": [str(v) for _, v in xlsx_cells(briefing_workbook(b))],
        "对比.xlsx": [str(v) for _, v in xlsx_cells(comparison_workbook(comp))],
        "简报.html": html_texts(briefing_html(b)),
        "对比.html": html_texts(comparison_html(comp)),
        "分析报告.docx": list(docx_texts(analysis_report_docx(b))),
        "对比.docx": list(docx_texts(comparison_docx(comp))),
    }
    for k, s in enumerate(b.sections):
        out[f"报告{k + 1}.docx"] = list(docx_texts(report_docx(s)))
    return out


def test_every_export_is_read_whole(data):
    """The extractors see the files' content (a guard against checking nothing)."""
    comp, b = data
    texts = _exports(comp, b)
    assert len(texts) >= 8 + 1
    for name, shown in texts.items():
        assert sum(len(t) for t in shown) > 200, name
    html = " ".join(texts["简报.html"])
    assert b.sections and any(s.name in html for s in b.sections)


def test_no_latin_ui_text_in_any_export(data):
    comp, b = data
    found = {name: bad for name, shown in _exports(comp, b).items() if (bad := offending(shown))}
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
