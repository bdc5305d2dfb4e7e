"""Numbers (indicators) of two sides side by side: one row per subject, sums only of like with
like (same subject, same unit), redacted figures counted but never summed."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analysis.core.facts import REDACTED
from analysis.core.models import AVERAGED_CATEGORIES, CATEGORY_LABELS, Indicator

# Money units converted to 万元 so sums of one category add like with like.
_MONEY_TO_WAN = {"元": 1e-4, "千元": 1e-1, "万元": 1.0, "亿元": 1e4, "万": 1.0, "亿": 1e4}
# People units that count the same thing.
_PEOPLE_UNITS = {"名": "人", "位": "人", "人次": "人次", "人": "人"}

NUMBER_COLUMNS = [
    "category",
    "category_label",
    "unit",
    "subject",
    "count_a",
    "sum_a",
    "redacted_a",
    "count_b",
    "sum_b",
    "redacted_b",
    "display_a",
    "display_b",
]
INDICATOR_DETAIL_COLUMNS = [
    "side",
    "report",
    "category",
    "category_label",
    "subject",
    "raw",
    "value",
    "unit",
    "approx",
    "redacted",
    "sentence",
]


def normalize_unit(category: str, value: float | None, unit: str) -> tuple[float | None, str]:
    """A value in a unit that adds up within its category: money in 万元, 名/位 as 人."""
    u = unit.strip()
    if category == "money":
        for name in sorted(_MONEY_TO_WAN, key=len, reverse=True):
            if u.endswith(name):
                factor = _MONEY_TO_WAN[name]
                return (None if value is None else value * factor), "万元"
    if category == "people" and u in _PEOPLE_UNITS:
        return value, _PEOPLE_UNITS[u]
    return value, u


# A multiplier written before the unit of a redacted figure, e.g. "*余万元" -> 万.
_MULTIPLIER = re.compile(r"([千万亿])[^千万亿]*$")


def shown_unit(ind: Indicator) -> str:
    """The unit as the report wrote it: a redacted "*余万元" is in 万元 (its value, unknown,
    cannot carry the 万); a known value already holds its multiplier, so its unit stays."""
    unit = ind.unit.strip()
    if not ind.redacted or not unit:
        return unit
    head = ind.raw[: ind.raw.rfind(unit)] if unit in ind.raw else ""
    m = _MULTIPLIER.search(head[-2:]) if head else None
    return f"{m.group(1)}{unit}" if m else unit


def _display(items: Sequence[Indicator], limit: int = 3) -> str:
    """How a side's figures read in a table: each figure with what it counts, redacted ones counted.

    e.g. "22名（党员）、6万余人（核酸检测）" or "已脱敏（3项）" or "564人（党员人数）等2项；另有1项已脱敏".
    """
    if not items:
        return "—"
    known = [i for i in items if not i.redacted]
    redacted = len(items) - len(known)
    parts = [f"{i.raw}（{i.subject}）" if i.subject else i.raw for i in known[:limit]]
    text = "、".join(parts) + (f"等{len(known)}项" if len(known) > limit else "")
    if not known:
        return f"{REDACTED}（{redacted}项）"
    return f"{text}；另有{redacted}项{REDACTED}" if redacted else text


def _total(category: str, values: Sequence[float]) -> float:
    """A side's total of one subject: the sum, or the mean for rates and ages; NaN when no value is known
    (nothing seen, or every figure redacted: shown as —, never as 0)."""
    if not values:
        return math.nan
    averaged = category in AVERAGED_CATEGORIES  # rates and ages: the mean, never a sum
    return round(sum(values) / len(values) if averaged else sum(values), 4)


def indicators_side_by_side(
    indicators_a: Iterable[Indicator], indicators_b: Iterable[Indicator]
) -> pd.DataFrame:
    """Indicators of both sides by (category, unit, subject): count, total of known values,
    redacted count, and how the figures read.

    Only figures of the same subject in the same unit add up (22 党员 and 6万余人 of 核酸检测 are
    two rows, never a total of 60022). Money is summed in 万元; rates are averaged (a sum of
    percentages means nothing); redacted figures never enter a total, and a side with no known
    value has total NaN (shown as —). `display_*` reads e.g. "22名（党员）" or "已脱敏（2项）".
    """
    groups: dict[tuple[str, str, str], dict[str, list]] = {}
    for side, items in (("a", indicators_a), ("b", indicators_b)):
        for ind in items:
            value, unit = normalize_unit(ind.category, ind.value, ind.unit)
            key = (ind.category, unit, ind.subject.strip())
            g = groups.setdefault(key, {"a": [], "b": []})
            g[side].append((None if ind.redacted else value, ind))
    order = {c: i for i, c in enumerate(CATEGORY_LABELS)}
    rows = []
    for (cat, unit, subject), g in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1], kv[0][2])
    ):
        row: list[Any] = [cat, CATEGORY_LABELS.get(cat, cat), unit, subject]
        shown = []
        for side in ("a", "b"):
            known = [v for v, _ in g[side] if v is not None]
            row += [len(g[side]), _total(cat, known), len(g[side]) - len(known)]
            shown.append(_display([i for _, i in g[side]]))
        rows.append(row + shown)
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)


def indicator_details(
    indicators_a: Iterable[tuple[str, Indicator]], indicators_b: Iterable[tuple[str, Indicator]]
) -> pd.DataFrame:
    """Every indicator of both sides as a row (side "A"/"B", report name, …), for tables."""
    rows = []
    for side, items in (("A", indicators_a), ("B", indicators_b)):
        for report, i in items:
            rows.append(
                (
                    side,
                    report,
                    i.category,
                    CATEGORY_LABELS.get(i.category, i.category),
                    i.subject,
                    i.raw,
                    i.value,
                    shown_unit(i),
                    i.approx,
                    i.redacted,
                    i.sentence,
                )
            )
    return pd.DataFrame(rows, columns=INDICATOR_DETAIL_COLUMNS)
