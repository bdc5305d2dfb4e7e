"""Report text is data in every spreadsheet the analysis side writes: a title holding a formula
(`=HYPERLINK(...)`, `@SUM(1)`) is written as text, and a control character does not crash."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.core.resources import default_texts
from analysis.corpus.loading import Corpus
from analysis.output.spreadsheet import csv_bytes, workbook_bytes
from analysis.text.pipeline import analyze_text

LINK = '=HYPERLINK("http://x","y")'
AT_SUM = "@SUM(1)"
BODY = (
    "一、主要做法\n一是加强组织领导，支委坚持每季度召开一次党建专题会议。二是落实“三会一课”制度。\n"
)
TITLES = {1: LINK, 2: AT_SUM, 3: "支部\x1b工作总结", 4: "+1+2", 5: "-3"}


@pytest.fixture(scope="module")
def hostile_corpus() -> Corpus:
    """Reports whose first line (their title) and branch name are formulas or hold a control char."""
    texts = default_texts()
    analyses = {rid: analyze_text(f"{title}\n{BODY}", texts) for rid, title in TITLES.items()}
    rows = [
        {
            "id": rid,
            "title": title,
            "branch": title,
            "organization": "",
            "year": 2023,
            "kind": "",
            "chars": analyses[rid].chars,
            "added_at": "",
        }
        for rid, title in TITLES.items()
    ]
    reports = pd.DataFrame(rows).set_index("id")
    reports["year"] = reports["year"].astype("Int64")
    return Corpus(reports, analyses)


def _cells(data: bytes) -> list:
    """Every non-empty cell of every sheet of an .xlsx."""
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_inert(data: bytes) -> None:
    cells = _cells(data)
    hostile = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert hostile, "the hostile titles should reach the workbook"
    assert all(c.data_type == "s" for c in hostile), [(c.coordinate, c.value) for c in hostile]
    assert not any("\x1b" in str(c.value) for c in cells)
    values = {c.value for c in cells}
    assert LINK in values or any(LINK in str(v) for v in values)  # kept, as text


def test_briefing_workbook(hostile_corpus):
    from analysis.output.briefing import build_briefing
    from analysis.output.export_xlsx import briefing_workbook

    brief = build_briefing(hostile_corpus, default_texts(), report_ids=list(TITLES))
    _assert_inert(briefing_workbook(brief))


def test_comparison_workbook(hostile_corpus):
    from analysis.corpus.compare.comparison import compare_sides
    from analysis.output.export_xlsx import comparison_workbook

    comp = compare_sides(hostile_corpus, [1], [2], default_texts())
    data = comparison_workbook(comp)
    _assert_inert(data)
    headers = [c for c in _cells(data) if c.row == 1 and LINK in str(c.value)]
    assert headers and all(c.data_type == "s" for c in headers)  # side labels in headers too


@pytest.mark.parametrize("value", [LINK, AT_SUM, "+1+2", "-3", "=1+1", "支部\x1b名"])
def test_workbook_bytes_writes_text(value):
    df = pd.DataFrame({"标题": [value], value: ["正文"]})
    cells = _cells(workbook_bytes({"表": df}))
    assert all(c.data_type == "s" for c in cells)
    assert all("\x1b" not in c.value for c in cells)


@pytest.mark.parametrize("value", [LINK, AT_SUM, "+1+2", "-3"])
def test_csv_bytes_quotes_formulas(value):
    df = pd.DataFrame({"标题": [value, "支部\x1b工作总结"], "字数": [1, 2]})
    text = csv_bytes(df).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'" + value  # a leading apostrophe: Excel shows text, never runs it
    assert rows[2][0] == "支部工作总结"  # the control character dropped
    assert rows[1][1] == "1"  # numbers stay numbers
