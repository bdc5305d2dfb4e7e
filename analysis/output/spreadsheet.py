"""The one writer of spreadsheets: every table download (CSV and Excel) and every workbook export.

Headers are Chinese, the header row is bold, frozen and filterable, and column widths follow the
content (a CJK character counts double). Text is written as text: a cell starting with "=", "+",
"-" or "@" never becomes a formula (Excel: a string cell; CSV: quoted with an apostrophe),
control characters are dropped, and booleans read 是/否.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analysis.core.escape import drop_controls, spreadsheet_text
from analysis.core.numbers import format_cell, format_number

Progress = Callable[[int, int], None]

FONT = "Microsoft YaHei"
HEADER_FILL = PatternFill("solid", fgColor="C8102E")
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
MIN_WIDTH, MAX_WIDTH = 6, 60  # column width bounds, in Excel character units
WIDTH_SAMPLE = 300  # rows looked at to size a column

# Characters not allowed in a sheet name, e.g. "仅A/B" -> "仅A_B".
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
# East Asian wide characters (CJK, full-width forms) that take two columns, e.g. "党" or "，".
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def safe_sheet_names(names: list[str]) -> list[str]:
    """Valid, unique Excel sheet names (no []:*?/\\, at most 31 characters), in order."""
    out: list[str] = []
    for name in names:
        base = _SHEET_BAD.sub("_", str(name)).strip("'") or "Sheet"
        base = base[:31]
        candidate, k = base, 2
        while candidate.lower() in {n.lower() for n in out}:
            suffix = f"({k})"
            candidate = base[: 31 - len(suffix)] + suffix
            k += 1
        out.append(candidate)
    return out


def _display_width(value: Any) -> int:
    """Columns a value takes on screen (wide characters count two)."""
    s = "" if value is None else str(value)
    return len(s) + len(_WIDE.findall(s))


def _cell_value(value: Any) -> Any:
    """A value openpyxl can store: NA -> None, numpy scalars -> Python, text cleaned."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, bool):
        return "是" if value else "否"  # a Chinese reader sees 是/否, not TRUE/FALSE
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # a whole number stored as one: no viewer shows 22.0
    if isinstance(value, (int, float)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", drop_controls(str(value)))


def write_sheet(ws: Any, df: pd.DataFrame) -> None:
    """Write `df` (header + rows) to a worksheet with styles, filter, frozen header, widths."""
    columns = [str(c) for c in df.columns]
    ws.append([_cell_value(c) for c in columns])  # headers may hold user text (side labels)
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in df.itertuples(index=False):
        ws.append([_cell_value(v) for v in row])
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # user text, never a formula (=HYPERLINK(…), @SUM(…))
    for j, name in enumerate(columns, start=1):
        sample: list[Any] = df.iloc[:WIDTH_SAMPLE, j - 1].tolist() if len(df) else []
        width = max([_display_width(name), *(_display_width(v) for v in sample)])
        ws.column_dimensions[get_column_letter(j)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        if width > MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(df) + 1)}"


def workbook_bytes(sheets: Mapping[str, pd.DataFrame], progress: Progress | None = None) -> bytes:
    """An .xlsx with one sheet per table (names made valid and unique)."""
    wb = Workbook()
    wb.remove(wb.active)
    names = safe_sheet_names(list(sheets))
    for k, (name, df) in enumerate(zip(names, sheets.values(), strict=True), start=1):
        write_sheet(wb.create_sheet(name), df)
        if progress:
            progress(k, len(names))
    if not names:
        wb.create_sheet("空")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_cell(value: Any) -> Any:
    """A CSV cell: text guarded against formulas and control characters, booleans as 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, float):
        return format_number(value)  # in a mixed column too: 22, not 22.0
    return value


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with BOM (opens right in Excel and WPS), text never a formula."""
    safe = df.copy()
    safe.columns = [spreadsheet_text(str(c)) for c in df.columns]
    for col in safe.columns:
        if (
            safe[col].dtype == object
            or pd.api.types.is_string_dtype(safe[col])
            or pd.api.types.is_bool_dtype(safe[col])
        ):
            safe[col] = safe[col].map(_csv_cell, na_action="ignore").astype(object)
    return safe.to_csv(index=False, float_format=format_cell).encode("utf-8-sig")  # 22, not 22.0
