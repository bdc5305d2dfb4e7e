"""The visible text of each export file — slides and notes, cells and sheet names, page text and
chart labels, paragraphs and tables — read back from the bytes, as a user would see it. Shared by
the export checks of tests/analysis/output (no Latin text, no `22.0`)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from tests.latin import NOTE_MARK

# Chart keys whose strings are drawn: labels, categories, hover text and titles.
CHART_TEXT_KEYS = {
    "text", "name", "x", "y", "labels", "hovertext", "hovertemplate", "texttemplate",
    "theta", "ticktext", "title",
}  # fmt: skip


PNG_TIP = "Download plot as a PNG"  # plotly's English tooltip of the only toolbar button


NEWPLOT = re.compile(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*")


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


def export_texts(comp, b) -> dict[str, list[str]]:
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
