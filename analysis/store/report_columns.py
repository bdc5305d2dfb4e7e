"""The reports table's columns as Python sees them: how a report's fields are written and read back,
and the in-place migration that adds the columns a store created by an older version lacks.

The columns added after the first release (how a report was read: OCR and its confidence; how a
Traditional report wrote its title, branch and organization) are listed once, in ADDED_COLUMNS;
every open adds the missing ones (ALTER TABLE … ADD COLUMN), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from analysis.core.escape import stored_name
from analysis.core.facts import normalize_year
from analysis.store.backends import Conn
from analysis.text.metadata import Metadata

META_FIELDS = ("branch", "organization", "year", "kind", "title")
ORIGINAL_FIELDS = ("original_title", "original_branch", "original_organization")
OCR_FIELDS = ("ocr", "ocr_confidence")
# (column, its SQL type and default): added in place to older stores.
ADDED_COLUMNS = (
    ("ocr", "INTEGER NOT NULL DEFAULT 0"),
    ("ocr_confidence", "DOUBLE PRECISION"),
    ("original_title", "TEXT NOT NULL DEFAULT ''"),
    ("original_branch", "TEXT NOT NULL DEFAULT ''"),
    ("original_organization", "TEXT NOT NULL DEFAULT ''"),
)
# Every column a report record carries (export, import, insert), in insert order.
RECORD_COLUMNS = (
    "sha256",
    "filename",
    "fmt",
    "encoding",
    "title",
    "branch",
    "organization",
    "year",
    "kind",
    "text",
    "hints",
    "added_at",
    "updated_at",
    "deleted_at",
    *OCR_FIELDS,
    *ORIGINAL_FIELDS,
)
# The columns of the report list (no text): what every page's reports frame holds.
# The column `chars` holds the raw text's length; Python calls it `raw_length` so it is never
# shown as 字数 (the cleaned length, `facts.text_chars`, from the analysis).
LIST_COLUMNS = (
    "id, sha256, branch, organization, year, kind, title, chars AS raw_length, filename, fmt, added_at,"
    " updated_at, version, deleted_at, " + ", ".join(OCR_FIELDS + ORIGINAL_FIELDS)
)

Hints = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class StoredReport:
    """One stored report, text included."""

    id: int
    sha256: str
    filename: str
    fmt: str
    title: str
    branch: str
    organization: str
    year: int | None
    kind: str
    text: str
    hints: Hints
    raw_length: int  # the stored text's length (column `chars`); 字数 is Analysis.chars
    added_at: str
    version: int
    ocr: bool = False
    ocr_confidence: float | None = None
    original_title: str = ""
    original_branch: str = ""
    original_organization: str = ""


GET_COLUMNS = (
    "id, sha256, filename, fmt, title, branch, organization, year, kind, text, hints, chars,"
    " added_at, version, " + ", ".join(OCR_FIELDS + ORIGINAL_FIELDS)
)


def stored_report(row: Sequence) -> StoredReport:
    """A row of GET_COLUMNS as a StoredReport."""
    values = list(row)
    values[10] = parse_hints(values[10])
    values[14] = bool(values[14])
    values[15] = None if values[15] is None else float(values[15])
    return StoredReport(*values)


def stored_meta(meta: Metadata) -> dict[str, object]:
    """The fields of a report's metadata the store keeps: META_FIELDS and ORIGINAL_FIELDS."""
    return {**meta.as_dict(), **{k: getattr(meta, k) for k in ORIGINAL_FIELDS}}


def parse_hints(raw: str) -> Hints:
    """Stored heading hints (JSON) as (level, text) pairs."""
    return tuple((int(lv), str(t)) for lv, t in json.loads(raw))


def field(value: object) -> str:
    """A metadata value (title, branch, organization, file name …) as stored: one line without
    control or bidi characters, whatever the path (upload, metadata.csv, an edit, a backup, the
    CLI); PostgreSQL text cannot hold NUL either, so a backup moves between backends unchanged."""
    return stored_name(str(value or ""))


def year(value: object) -> int | None:
    """A plausible year as int, else None (the one rule: `facts.normalize_year`)."""
    return normalize_year(value)


def confidence(value: object) -> float | None:
    """An OCR confidence as a float in [0, 1], else None (missing, not a number, out of range)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if 0.0 <= number <= 1.0 else None


def insert_values(rec: Mapping[str, object], text: str, sha: str, now: str) -> tuple:
    """The values of RECORD_COLUMNS (and chars, last) for inserting `rec` with this text."""
    raw_hints = rec.get("hints") or ()
    pairs = [list(h) for h in raw_hints] if isinstance(raw_hints, list | tuple) else []
    hints = json.dumps(pairs, ensure_ascii=False)
    by_column: dict[str, object] = {
        "sha256": sha,
        "text": text,
        "hints": hints,
        "year": year(rec.get("year")),
        "added_at": str(rec.get("added_at") or now),
        "updated_at": str(rec.get("updated_at") or now),
        "deleted_at": rec.get("deleted_at") or None,
        "ocr": 1 if rec.get("ocr") is True else 0,
        "ocr_confidence": confidence(rec.get("ocr_confidence")) if rec.get("ocr") else None,
    }
    values = [by_column[c] if c in by_column else field(rec.get(c)) for c in RECORD_COLUMNS]
    return (*values, len(text))


def record_from_row(row: Sequence) -> dict:
    """A row of RECORD_COLUMNS as an export record (hints as lists, ocr as a bool)."""
    rec = dict(zip(RECORD_COLUMNS, row, strict=True))
    rec["hints"] = [list(h) for h in parse_hints(str(rec["hints"]))]
    rec["ocr"] = bool(rec["ocr"])
    rec["ocr_confidence"] = confidence(rec["ocr_confidence"])
    return rec


def existing_columns(con: Conn, pg: bool, table: str) -> set[str]:
    """The column names of `table` as the database has them now."""
    if pg:
        rows = con.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ?",
            (table,),
        ).fetchall()
        return {str(r[0]) for r in rows}
    return {str(r[1]) for r in con.execute(f"PRAGMA table_info({table})").fetchall()}


def add_missing_columns(con: Conn, pg: bool) -> list[str]:
    """Add the ADDED_COLUMNS a store made by an older version lacks; returns their names."""
    have = existing_columns(con, pg, "reports")
    added = []
    for name, ddl in ADDED_COLUMNS:
        if name not in have:
            con.execute(f"ALTER TABLE reports ADD COLUMN {name} {ddl}")
            added.append(name)
    return added


# Text fields of a record; no length limit (the metadata editor has none either).
_TEXT_FIELDS = ("filename", "fmt", "encoding", "title", "branch", "organization", "kind")


def record_problem(rec: Mapping[str, object]) -> str:
    """What is wrong with the fields of a report record from outside (a backup's manifest entry),
    in Chinese, or '' when they are well-formed; absent fields are fine (older backups)."""
    for key in (*_TEXT_FIELDS, *ORIGINAL_FIELDS):
        value = rec.get(key, "")
        if value is not None and not isinstance(value, str):
            return f"字段 {key} 不合法"
    for key in ("added_at", "updated_at", "deleted_at"):
        value = rec.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > 40):
            return f"字段 {key} 不合法"
    number = rec.get("year")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        return "年份不合法"
    if not isinstance(rec.get("ocr", False), bool):
        return "字段 ocr 不合法"
    score = rec.get("ocr_confidence")
    if score is not None and confidence(score) is None:
        return "字段 ocr_confidence 不合法"
    hints = rec.get("hints", [])
    ok = isinstance(hints, list) and all(
        isinstance(h, list) and len(h) == 2 and isinstance(h[0], int) and isinstance(h[1], str)
        for h in hints
    )
    return "" if ok else "标题提示不合法"


# The original writing's columns -> the keys of what they write (their names: output.labels).
ORIGINAL_KEYS = {
    "original_title": "title",
    "original_branch": "branch",
    "original_organization": "org",
}


def read_by_ocr(row: Mapping[Hashable, object]) -> tuple[bool, float | None]:
    """(read by OCR, mean confidence or None) of a reports-frame row; (False, None) when the
    frame has no such columns (a corpus read from files, not from a store)."""
    ocr = str(row.get("ocr", False)) == "True"  # a bool, or numpy's bool_
    return ocr, confidence(row.get("ocr_confidence")) if ocr else None


def original_writing(row: Mapping[Hashable, object]) -> dict[str, str]:
    """Key (title, branch, org) -> how a Traditional report writes its title, branch and
    organization (only those it writes differently)."""
    out = {}
    for column, key in ORIGINAL_KEYS.items():
        value = row.get(column)
        if isinstance(value, str) and value:
            out[key] = value
    return out
