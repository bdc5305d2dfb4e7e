"""Reading a roster (组织名录) from the office's file: CSV (UTF-8 with or without BOM, or GBK) or the
first sheet of an .xlsx, with a header row 名称 / 上级党组织 / 类型 / 别名 (or name / parent / type /
aliases). Every problem is refused with a Chinese message naming the row, before anything is saved.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.core.models import AnalysisError
from analysis.text.orgnames import normalize
from analysis.text.roster import Roster, RosterEntry

MAX_ROSTER_ROWS = 5000  # an office's organizations; more is a wrong file
MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_CELL_CHARS = 100
COLUMNS = ("名称", "上级党组织", "类型", "别名")
_HEADERS = {
    "name": ("名称", "name", "组织名称", "党组织名称"),
    "parent": ("上级党组织", "parent", "上级", "上级组织"),
    "type": ("类型", "type", "组织类型"),
    "aliases": ("别名", "aliases", "alias", "简称"),
}
# Aliases in one cell: "机关一支部；一支部、机关1支部".
_ALIAS_SPLIT = re.compile(r"[；;、,，\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class RosterError(AnalysisError):
    """A roster file that cannot be used; the message (Chinese) names the row. Nothing was saved."""


def parse_roster(filename: str, data: bytes) -> Roster:
    """A checked roster from an uploaded file; raises RosterError."""
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError(
            f"名录文件超过 {MAX_ROSTER_BYTES // (1024 * 1024)} MB，请检查是否选错了文件。"
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    elif filename.lower().endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise RosterError(
            "名录请用 .xlsx 或 .csv 文件（第一行为表头：名称、上级党组织、类型、别名）。"
        )
    return roster_from_rows(rows)


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError("名录文件无法解码，请另存为 UTF-8 或 GBK 编码的 CSV。")
    try:
        return [row for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise RosterError(f"名录 CSV 格式有误（{exc}），请检查引号是否成对。") from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet's rows; merged cells or a second sheet with content are refused."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types on a broken file
        raise RosterError(
            "名录文件不是有效的 .xlsx 文件，请用 Excel 或 WPS 另存后再导入。"
        ) from exc
    for ws in wb.worksheets[1:]:
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if any(c is not None for c in row):
                raise RosterError(
                    f"名录只读取第一个工作表，但工作表「{ws.title}」第 {n} 行也有内容；"
                    "请把名录放在一个工作表中，删除其他工作表后再导入。"
                )
    ws = wb.worksheets[0]
    merged = sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    if merged:
        first = merged[0]
        raise RosterError(
            f"第 {first.min_row} 行有合并单元格（{first.coord}），请取消合并、每行填写一个组织后再导入。"
        )
    if ws.max_row > MAX_ROSTER_ROWS + 1:
        raise RosterError(_too_many(ws.max_row - 1, MAX_ROSTER_ROWS + 2))
    return [["" if c is None else str(c) for c in row] for row in ws.iter_rows(values_only=True)]


def _too_many(n: int, first_over: int) -> str:
    return (
        f"名录有 {n} 行，从第 {first_over} 行起超过 {MAX_ROSTER_ROWS} 行的上限；"
        "请检查是否选错了文件，或拆分后再导入。"
    )


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Field -> column index from the header row; 名称 is required."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = str(cell).strip().lower()
        for field, names in _HEADERS.items():
            if key in names and field not in found:
                found[field] = i
    if "name" not in found:
        raise RosterError("名录第 1 行应为表头，且包含「名称」列（可选：上级党组织、类型、别名）。")
    return found


def _cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    text = _CONTROL.sub("", str(row[index])).strip()
    return text


def roster_from_rows(rows: Sequence[Sequence[str]], first: int = 2) -> Roster:
    """A checked roster from rows (the first is the header, the next numbered `first`: 2 as in a
    file, 1 as in the page's table); raises RosterError naming the row."""
    if not rows:
        raise RosterError("名录文件是空的。")
    cols = _columns(rows[0])
    body = [(n, r) for n, r in enumerate(rows[1:], start=first) if any(str(c).strip() for c in r)]
    if len(body) > MAX_ROSTER_ROWS:
        raise RosterError(_too_many(len(body), body[MAX_ROSTER_ROWS][0]))
    entries: list[tuple[int, RosterEntry]] = []
    for n, row in body:
        values = {f: _cell(row, cols.get(f)) for f in _HEADERS}
        for field, value in values.items():
            if len(value) > MAX_CELL_CHARS:
                raise RosterError(f"第 {n} 行的{_label(field)}超过 {MAX_CELL_CHARS} 字，请检查。")
        if not values["name"]:
            raise RosterError(f"第 {n} 行的名称为空，请填写组织名称或删除该行。")
        aliases = tuple(
            dict.fromkeys(a.strip() for a in _ALIAS_SPLIT.split(values["aliases"]) if a.strip())
        )
        entry = RosterEntry(values["name"], values["parent"], values["type"], aliases)
        entries.append((n, entry))
    check_entries(entries)
    return Roster(tuple(e for _, e in entries))


def _label(field: str) -> str:
    return {"name": "名称", "parent": "上级党组织", "type": "类型", "aliases": "别名"}[field]


def check_entries(entries: Sequence[tuple[int, RosterEntry]]) -> None:
    """Names unique (also in other spellings), aliases unambiguous, parents known, no cycles."""
    rows: dict[str, int] = {}
    spellings: dict[str, tuple[int, str]] = {}
    for n, e in entries:
        if e.name in rows:
            raise RosterError(
                f"第 {n} 行的名称「{e.name}」与第 {rows[e.name]} 行重复，请删除或合并。"
            )
        rows[e.name] = n
        for spelling in (e.name, *(a for a in e.aliases if a != e.name)):
            key = normalize(spelling)
            other = spellings.get(key)
            if other and other[1] != e.name:
                raise RosterError(
                    f"第 {n} 行的「{spelling}」与第 {other[0]} 行的「{other[1]}」是同一名称的不同写法，"
                    "无法区分，请修改或删除其中一个。"
                )
            spellings[key] = (n, e.name)
    parents = {e.name: e.parent for _, e in entries}
    for n, e in entries:
        if e.parent and e.parent not in parents:
            raise RosterError(
                f"第 {n} 行的上级党组织「{e.parent}」不在名录中，请先添加该组织或更正名称。"
            )
        _check_cycle(n, e.name, parents)


def _check_cycle(n: int, name: str, parents: dict[str, str]) -> None:
    chain = [name]
    current = parents.get(name, "")
    while current:
        if current in chain:
            path = " → ".join([*chain[chain.index(current) :], current])
            raise RosterError(f"第 {n} 行起，上级党组织形成循环：{path}，请更正上级党组织。")
        chain.append(current)
        current = parents.get(current, "")


def roster_frame(roster: Roster) -> pd.DataFrame:
    """The roster as a table with the file's columns (名称/上级党组织/类型/别名), for export and
    the editor; aliases joined with `；`."""
    rows = [(e.name, e.parent, e.type, "；".join(e.aliases)) for e in roster.entries]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def roster_from_frame(df: pd.DataFrame) -> Roster:
    """A checked roster from an edited table (same columns as `roster_frame`); a message names
    the row as the table numbers it (the first entry is 第 1 行)."""
    header = [str(c) for c in df.columns]
    rows: list[Sequence[str]] = [header]
    for values in df.itertuples(index=False):
        rows.append(["" if _blank(v) else str(v) for v in values])
    return roster_from_rows(rows, first=1)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def entries_with(roster: Roster, extra: Iterable[RosterEntry]) -> Roster:
    """The roster with entries added or replaced (by name), checked."""
    by_name = {e.name: e for e in roster.entries}
    for e in extra:
        by_name[e.name] = e
    entries = list(by_name.values())
    check_entries([(i, e) for i, e in enumerate(entries, start=1)])  # as the page's table
    return Roster(tuple(entries))
