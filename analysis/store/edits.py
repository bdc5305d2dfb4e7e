"""Which metadata fields a user changed in an edited table (cell values compared as a reader
would: empty is empty, 2023 equals 2023.0, surrounding spaces do not count)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import pandas as pd


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, str) and value == ""):
        return True
    try:
        return not isinstance(value, str) and bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def same_value(a: object, b: object) -> bool:
    """Equal cell values, treating NA/None/'' alike and 2023 == 2023.0."""
    if _blank(a) or _blank(b):
        return _blank(a) and _blank(b)
    try:
        return float(a) == float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()


def changed_fields(
    before: Mapping[Hashable, object], after: Mapping[Hashable, object], fields: Iterable[str]
) -> dict[str, object]:
    """field -> new value for each of `fields` whose value differs between the two rows."""
    return {k: after[k] for k in fields if not same_value(before[k], after[k])}
