"""The headers a user sees: every table on every routed page (and every 支部对比 tab) on the
samples, and every table of the exports (Excel sheets, Word and PowerPoint tables).

Run `python -m tests.app.header_snapshot OUT.json` before and after a change to column names and
compare the two files: the headers (in order) must not move.
"""

from __future__ import annotations

import html
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, routed_pages

COMPARE_TABS = ["总体", "词语", "主题", "举措", "数字", "提法", "导出"]
SIDES = {"cmp_a_branch": "后勤集团*公司支部", "cmp_b_branch": "兴城投资党支部"}


def shown_headers(element: Any) -> list[str]:
    """The headers of a dataframe element as shown: column_config labels over column names,
    hidden columns left out, column_order applied."""
    frame = element.value
    config = json.loads(element.proto.columns or "{}")
    names = [str(c) for c in frame.columns]
    order = list(element.proto.column_order) or names
    shown = []
    for name in order:
        spec = config.get(f"name:{name}", config.get(name, {}))
        if spec.get("hidden"):
            continue
        shown.append(spec.get("label") or name)
    return shown


def page_tables(at: AppTest) -> list[list[str]]:
    """The shown headers of every dataframe / data editor of a run, in page order."""
    return [shown_headers(df) for df in at.dataframe]


def pages_snapshot() -> dict[str, list[list[str]]]:
    """Headers of every routed page (default state) and every 支部对比 tab with two samples."""
    out: dict[str, list[list[str]]] = {}
    for page in routed_pages():
        at = AppTest.from_file(APP, default_timeout=300).run()
        at.switch_page(page).run()
        out[page] = page_tables(at)
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.switch_page("views/compare.py").run()
    for key, value in SIDES.items():
        at.selectbox(key=key).set_value(value)
    for tab in COMPARE_TABS:
        at.session_state["cmp_tab"] = tab
        at.run()
        out[f"views/compare.py#{tab}"] = page_tables(at)
    return out


def docx_tables(data: bytes) -> list[list[str]]:
    """The first row of every table of a Word file."""
    from docx import Document

    return [[c.text for c in t.rows[0].cells] for t in Document(io.BytesIO(data)).tables if t.rows]


def pptx_tables(data: bytes) -> list[list[str]]:
    """The first row of every table of a PowerPoint file."""
    from pptx import Presentation

    rows = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows.append([c.text for c in shape.table.rows[0].cells])
    return rows


def sheet_headers(sheets: dict[str, Any]) -> dict[str, list[str]]:
    """The header row of every sheet of a workbook's frames."""
    return {name: [str(c) for c in frame.columns] for name, frame in sheets.items()}


def html_tables(page: str) -> list[list[str]]:
    """The header cells of every table of an HTML export."""
    import re

    heads = re.findall(r"<thead>(.*?)</thead>", page, flags=re.S)
    return [
        [html.unescape(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", t, flags=re.S)] for t in heads
    ]


def exports_snapshot() -> dict[str, Any]:
    """Headers of the comparison and briefing workbooks and the Word / PowerPoint tables."""
    from tests.conftest import corpus_texts, sample_briefing, sample_comparison

    corpus, texts = corpus_texts.__wrapped__()
    comparison = sample_comparison.__wrapped__((corpus, texts))
    briefing = sample_briefing.__wrapped__((corpus, texts), comparison)
    from analysis.output.briefing import briefing_tables, comparison_tables
    from analysis.output.briefing_slides import briefing_deck
    from analysis.output.comparison_slides import comparison_deck
    from analysis.output.digest import outline_items
    from analysis.output.export_html import briefing_html, comparison_html
    from analysis.output.gongwen import Signature
    from analysis.output.word_drafts import comparison_docx, report_docx
    from analysis.output.word_report import analysis_report_docx

    sign = Signature("中共某某委员会组织部", "2026年12月8日", "")
    items = outline_items(corpus, [1, 3])
    return {
        "comparison_workbook": sheet_headers(comparison_tables(comparison)),
        "briefing_workbook": sheet_headers(briefing_tables(briefing)),
        "comparison_docx": docx_tables(comparison_docx(comparison, items=items, signature=sign)),
        "analysis_report_docx": docx_tables(analysis_report_docx(briefing, signature=sign)),
        "report_docx": [docx_tables(report_docx(s)) for s in briefing.sections],
        "comparison_html": html_tables(comparison_html(comparison)),
        "briefing_html": html_tables(briefing_html(briefing)),
        "comparison_pptx": pptx_tables(comparison_deck(comparison)),
        "briefing_pptx": pptx_tables(briefing_deck(briefing)),
    }


def main(out: str) -> None:
    """Write the snapshot of the pages (on a fresh sample store) and the exports to `out`."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DJ_DB"] = str(Path(tmp) / "app.db")
        snapshot = {"exports": exports_snapshot(), "pages": pages_snapshot()}
    Path(out).write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
