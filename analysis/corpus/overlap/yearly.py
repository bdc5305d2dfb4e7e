"""One branch's report this year against its report of last year: practices 新增 / 延续 /
不再提及 (the one-to-one alignment of the comparison page), and the indicators whose value
changed, matched by subject and unit (`主题党日 12次 → 18次`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.models import Analysis, Indicator
from analysis.corpus.compare.measure_alignment import (
    DEFAULT_THRESHOLD,
    MeasureAlignment,
    align_measures,
    practice_units,
)
from analysis.corpus.compare.number_contrast import normalize_unit

NEW, CONTINUED, DROPPED = "新增", "延续", "不再提及"
PRACTICE_COLUMNS = ["状态", "今年的做法", "去年的做法", "相似度"]
CHANGE_COLUMNS = ["指标", "单位", "去年", "今年", "变化"]


@dataclass(frozen=True, eq=False)
class YearOverYear:
    """What changed in one branch's report since last year."""

    practices: pd.DataFrame  # PRACTICE_COLUMNS, 新增 first, then 延续, then 不再提及
    indicators: pd.DataFrame  # CHANGE_COLUMNS
    alignment: MeasureAlignment

    def count(self, status: str) -> int:
        """How many practices have this status (新增 / 延续 / 不再提及)."""
        return int((self.practices["状态"] == status).sum())


def last_year_report(reports: pd.DataFrame, report_id: int) -> int | None:
    """The same branch's report of the year before (the latest stored, if several), or None."""
    if report_id not in reports.index:
        return None
    branch, year = reports.at[report_id, "branch"], reports.at[report_id, "year"]
    if not isinstance(branch, str) or not branch or not isinstance(year, int | np.integer):
        return None
    same = reports[(reports["branch"] == branch) & (reports["year"] == int(year) - 1)]
    return int(same.index.max()) if len(same) else None


def _practice_rows(al: MeasureAlignment) -> pd.DataFrame:
    """The alignment as rows: this year's only (新增), the pairs (延续), last year's only."""
    rows: list[tuple[object, ...]] = [
        (NEW, r.text or r.title, "", None) for r in al.only_a.itertuples()
    ]
    rows += [
        (CONTINUED, r.text_a or r.title_a, r.text_b or r.title_b, r.similarity)
        for r in al.pairs.itertuples()
    ]
    rows += [(DROPPED, "", r.text or r.title, None) for r in al.only_b.itertuples()]
    return pd.DataFrame(rows, columns=PRACTICE_COLUMNS)


def _value(ind: Indicator) -> str:
    return ind.raw or (f"{ind.value:g}{ind.unit}" if ind.value is not None else "")


def _by_subject(items: Iterable[Indicator]) -> dict[tuple[str, str], Indicator]:
    """Indicators with a known value by (subject, unit); a subject written twice with the same
    unit is ambiguous and left out (an empty row beats a wrong one)."""
    seen: dict[tuple[str, str], list[Indicator]] = {}
    for ind in items:
        if ind.redacted or ind.value is None or not ind.subject.strip():
            continue
        _, unit = normalize_unit(ind.category, ind.value, ind.unit)
        seen.setdefault((ind.subject.strip(), unit), []).append(ind)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def changed_indicators(this: Iterable[Indicator], last: Iterable[Indicator]) -> pd.DataFrame:
    """Indicators both years report for the same subject and unit whose value changed."""
    now, before = _by_subject(this), _by_subject(last)
    rows = []
    for key in sorted(now.keys() & before.keys()):
        a, b = now[key], before[key]
        va = normalize_unit(a.category, a.value, a.unit)[0]
        vb = normalize_unit(b.category, b.value, b.unit)[0]
        if va is None or vb is None or va == vb:
            continue
        rows.append((key[0], key[1], _value(b), _value(a), f"{_value(b)} → {_value(a)}"))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def year_over_year(
    this: Analysis, last: Analysis, threshold: float = DEFAULT_THRESHOLD
) -> YearOverYear:
    """This year's report (`this`) against last year's (`last`)."""
    al = align_measures(
        practice_units(this.structure.measures), practice_units(last.structure.measures), threshold
    )
    return YearOverYear(
        _practice_rows(al), changed_indicators(this.indicators, last.indicators), al
    )
