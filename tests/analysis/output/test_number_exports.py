"""Issue 26 point 7: a whole number is never shown as `22.0` in any export of the sample corpus —
the briefing and the comparison as PPTX, XLSX (text cells), HTML (page text and chart labels) and
Word, each report's Word draft, and every table of both as the CSV a page downloads."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from analysis.core.numbers import format_number
from tests.export_texts import export_texts

# A whole number written with a trailing ".0" (not a part of a longer number: 1.05, v2.0.1).
POINT_ZERO = re.compile(r"(?<![\d.])\d+\.0+(?![\d.])")


@pytest.fixture(autouse=True)
def no_drawing(blank_wordclouds):
    """Word clouds as a blank PNG (tests/conftest.py)."""


@pytest.fixture(scope="module")
def data(sample_comparison, sample_briefing):
    """The samples' shared comparison and briefing (tests/conftest.py)."""
    return sample_comparison, sample_briefing


def _offending(texts: list[str]) -> list[str]:
    """Each text holding a `22.0`-style number, cut around it."""
    out = []
    for t in texts:
        for m in POINT_ZERO.finditer(t):
            out.append(t[max(0, m.start() - 12) : m.end() + 12])
    return out


def test_no_point_zero_in_any_export(data):
    comp, b = data
    found = {
        name: bad for name, shown in export_texts(comp, b).items() if (bad := _offending(shown))
    }
    assert found == {}, f"整数显示成了小数（文件 → 片段）：{found}"


def _csv_tables(comp, b):
    from analysis.output.briefing import briefing_tables, comparison_tables

    return {**briefing_tables(b), **{f"对比-{k}": v for k, v in comparison_tables(comp).items()}}


def test_no_point_zero_in_any_csv(data):
    from analysis.output.spreadsheet import csv_bytes

    comp, b = data
    tables = _csv_tables(comp, b)
    assert len(tables) >= 10
    found = {
        name: bad
        for name, df in tables.items()
        if (bad := _offending([csv_bytes(df).decode("utf-8-sig")]))
    }
    assert found == {}, f"CSV 中整数显示成了小数：{found}"


def test_excel_whole_numbers_are_integers(data):
    """A whole number is stored as an integer, so no viewer shows it as 22.0."""
    from analysis.output.export_xlsx import briefing_workbook

    _, b = data
    book = load_workbook(io.BytesIO(briefing_workbook(b)))
    floats = [
        (ws.title, v)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, float) and v.is_integer()
    ]
    assert floats == []


def test_the_scan_sees_point_zero():
    """The pattern itself: a guard against a check that cannot fail."""
    assert _offending(["党员 22.0 名", "60000.0人", "共 4146.0 户"]) == [
        "党员 22.0 名",
        "60000.0人",
        "共 4146.0 户",
    ]
    assert _offending(["增长 1.05 倍", "党建 2.01", "96.5%", "第 3 页"]) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (22.0, "22"),
        (60000.0, "60000"),
        (4146, "4146"),
        (96.5, "96.5"),
        (1.234, "1.23"),
        (0.0, "0"),
        (-3.0, "-3"),
        (2.999, "3"),
        (1e10, "10000000000"),
    ],
)
def test_format_number(value, shown):
    assert format_number(value) == shown


@pytest.mark.parametrize("value", [None, float("nan")])
def test_format_number_of_no_value(value):
    assert format_number(value) == ""


# Issue 26: a redacted figure is 已脱敏 in every table an export writes, never 0 or a blank.
def test_redacted_figures_read_redacted_in_export_tables(data):
    from analysis.output.briefing import briefing_tables, comparison_tables

    comp, b = data
    a = comp.label_a
    numbers = comparison_tables(comp)["数字指标对比"]
    all_hidden = numbers[(numbers[f"{a}项数"] > 0) & (numbers[f"{a}项数"] == numbers[f"{a}脱敏项"])]
    assert len(all_hidden) > 0  # sample 000 hides its figures: the case is exercised
    assert set(all_hidden[f"{a}合计"]) == {"已脱敏"}
    none = numbers[numbers[f"{a}项数"] == 0]
    assert set(none[f"{a}合计"]) <= {"—"}
    details = comparison_tables(comp)["数字指标明细"]
    assert set(details.loc[details["脱敏"].astype(bool), "数值"]) == {"已脱敏"}
    sheet = briefing_tables(b)["指标"]
    assert set(sheet.loc[sheet["脱敏"].astype(bool), "数值"]) == {"已脱敏"}
    assert "0" not in set(sheet.loc[sheet["脱敏"].astype(bool), "数值"])
