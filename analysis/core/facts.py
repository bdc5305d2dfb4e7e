"""One definition of each derived fact every page, export and the CLI shows.

A number shown in two places is computed in one: a report's length is its cleaned text's length
(`Analysis.chars`), a practice is an item of kind "measure", a rate is per 10,000 characters, and a
year typed anywhere (upload form, store, sidecar CSV) is read by one rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import pandas as pd

from analysis.core.models import Measure

PRACTICE_KIND = "measure"  # the item kind (models.ITEM_KINDS) shown to users as 举措
REDACTED = "已脱敏"  # the word for a hidden figure (`*人`, `*余万元`)
PER = 10_000  # rates are per this many characters (每万字)
FIRST_YEAR, LAST_YEAR = 1921, 2100  # plausible report years (the Party was founded in 1921)

_LEADING_YEAR = re.compile(r"\s*(\d{4})(?!\d)")


def is_practice(kind: str) -> bool:
    """Whether an outline item of this kind is a practice (举措), not an effect, problem, plan …"""
    return kind == PRACTICE_KIND


def practices(measures: Iterable[Measure]) -> tuple[Measure, ...]:
    """The practices among a report's outline items, in order."""
    return tuple(m for m in measures if is_practice(m.kind))


def count_practices(measures: Iterable[Measure]) -> int:
    """How many of these outline items are practices (the 举措 count on every page)."""
    return sum(1 for m in measures if is_practice(m.kind))


def text_chars(cleaned_text: str) -> int:
    """A report's 字数: the length of its cleaned text (never the raw text the store keeps)."""
    return len(cleaned_text)


def per10k(count: float, chars: float) -> float:
    """`count` per 10,000 characters, rounded to 2 decimals; 0.0 for an empty text."""
    return round(count * PER / chars, 2) if chars > 0 else 0.0


def per10k_frame(counts: pd.DataFrame | pd.Series, chars: pd.Series) -> pd.DataFrame | pd.Series:
    """`per10k` over a table: each row of `counts` (a frame or a series) per 10,000 of the `chars`
    on the same row, rounded to 2 decimals, 0.0 where a row has no characters."""
    base = chars.where(chars > 0)
    if isinstance(counts, pd.DataFrame):
        return counts.mul(PER).div(base, axis=0).astype(float).fillna(0.0).round(2)
    return (counts * PER / base).astype(float).fillna(0.0).round(2)


def wan(chars: float) -> str:
    """A character count in 万 with one decimal, as the pages print it (12,345 -> "1.2")."""
    return f"{chars / PER:.1f}"


def normalize_year(value: object) -> int | None:
    """A year from user input or a stored cell: 2023, 2023.0, "2023", "2023年", "2023-05" -> 2023.

    None for blanks, NaN, text that does not start with a four-digit year, and years outside
    1921–2100: metadata is user-editable, so anything else is treated as unknown, never an error.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            return None
        year = int(value)
    else:
        found = _LEADING_YEAR.match(str(value))
        if not found:
            return None
        year = int(found.group(1))
    return year if FIRST_YEAR <= year <= LAST_YEAR else None
