"""Tests of analysis.output.export_xlsx: workbooks open in openpyxl with one sheet per table."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.output.export_xlsx import briefing_workbook, comparison_workbook
from analysis.output.spreadsheet import safe_sheet_names, workbook_bytes

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


@pytest.fixture(scope="module")
def data(sample_comparison, sample_briefing):
    """The samples' shared comparison and briefing (tests/conftest.py)."""
    return sample_comparison, sample_briefing


def _load(data: bytes):
    return load_workbook(io.BytesIO(data))


def _header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def test_comparison_workbook(data):
    c, _ = data
    wb = _load(comparison_workbook(c))
    assert wb.sheetnames[:4] == ["总结", "相似度", "区分词", "词频对照"]
    assert {"主题得分", "相近举措", "仅A举措", "仅B举措", "数字指标对比", "提法"} <= set(
        wb.sheetnames
    )
    words = wb["区分词"]
    assert _header(words)[:3] == ["词语", f"{c.label_a}次数", f"{c.label_b}次数"]
    assert words.max_row == len(c.words) + 1
    assert wb["相近举措"].max_row > 1
    assert wb["数字指标对比"]["A1"].value == "类别"
    assert wb["总结"]["A2"].value.startswith("A：")


def test_briefing_workbook_sheets_have_content(data):
    _, b = data
    calls: list[tuple[int, int]] = []
    wb = _load(briefing_workbook(b, progress=lambda d, t: calls.append((d, t))))
    for name, first in [
        ("概览", "指标"),
        ("报告列表", "编号"),
        ("举措", "编号"),
        ("指标", "编号"),
        ("提法", "提法"),
        ("关键词", "关键词"),
        ("主题得分", "编号"),
    ]:
        ws = wb[name]
        assert ws["A1"].value == first, name
        assert ws.max_row > 1, name
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref
    assert any(n.startswith("对比1-") for n in wb.sheetnames)
    assert calls[-1] == (len(wb.sheetnames), len(wb.sheetnames))
    # widths follow the content: the long measure text column is wider than the id column
    ws = wb["举措"]
    assert ws.column_dimensions["H"].width > ws.column_dimensions["A"].width


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["措施", "指标"], ["措施", "指标"]),
        (["仅A/B举措", "a[1]:*?"], ["仅A_B举措", "a_1____"]),
        (["x" * 40], ["x" * 31]),
        (["表", "表", "表"], ["表", "表(2)", "表(3)"]),
        (["Sheet", "sheet"], ["Sheet", "sheet(2)"]),
        ([""], ["Sheet"]),
    ],
)
def test_safe_sheet_names(names, expected):
    assert safe_sheet_names(names) == expected


def test_user_text_is_never_a_formula_and_odd_values_survive():
    df = pd.DataFrame(
        {
            "举措": ['=HYPERLINK("http://x")', "普通\x07文本", None],
            "数值": pd.array([1, None, 3], dtype="Int64"),
            "比例": [0.5, float("nan"), 1.25],
            "脱敏": [True, False, True],
        }
    )
    wb = _load(workbook_bytes({"表": df, "空表": df.iloc[:0]}))
    ws = wb["表"]
    assert ws["A2"].value == '=HYPERLINK("http://x")' and ws["A2"].data_type == "s"
    assert ws["A3"].value == "普通文本"  # control character dropped
    assert ws["B3"].value is None and ws["C3"].value is None
    assert ws["D2"].value == "是" and ws["D3"].value == "否"  # booleans read in Chinese
    assert wb["空表"].max_row == 1 and _header(wb["空表"]) == ["举措", "数值", "比例", "脱敏"]


def test_empty_workbook_is_valid():
    wb = _load(workbook_bytes({}))
    assert wb.sheetnames == ["空"]
