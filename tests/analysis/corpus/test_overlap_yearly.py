"""Year over year: practices 新增 / 延续 / 不再提及 through the comparison page's alignment, and
indicators changed, matched by subject and unit."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.models import Indicator
from analysis.core.resources import default_texts
from analysis.corpus.overlap.yearly import (
    CONTINUED,
    DROPPED,
    NEW,
    changed_indicators,
    last_year_report,
    year_over_year,
)
from analysis.text.pipeline import analyze_text
from bench.generate import generate_report


def ind(
    subject: str, value: float | None, unit: str, raw: str, category: str = "count"
) -> Indicator:
    return Indicator(value, unit, subject, False, value is None, category, raw, "", 0)


@pytest.mark.parametrize(
    ("this", "last", "expected"),
    [
        ([ind("主题党日", 18, "次", "18次")], [ind("主题党日", 12, "次", "12次")], ["12次 → 18次"]),
        ([ind("主题党日", 12, "次", "12次")], [ind("主题党日", 12, "次", "12次")], []),
        ([ind("主题党日", 18, "次", "18次")], [ind("主题党日", 12, "场", "12场")], []),
        (
            [ind("党员", 30, "名", "30名", "people")],
            [ind("党员", 28, "人", "28人", "people")],
            ["28人 → 30名"],
        ),
        ([ind("主题党日", None, "次", "*次")], [ind("主题党日", 12, "次", "12次")], []),
        (
            [ind("主题党日", 18, "次", "18次"), ind("主题党日", 20, "次", "20次")],
            [ind("主题党日", 12, "次", "12次")],
            [],
        ),  # written twice this year: ambiguous, left out
    ],
)
def test_changed_indicators(this, last, expected):
    assert changed_indicators(this, last)["变化"].tolist() == expected


def test_last_year_report_of_the_same_branch():
    reports = pd.DataFrame(
        {
            "branch": ["一支部", "一支部", "二支部", "一支部"],
            "year": pd.array([2023, 2022, 2022, None], dtype="Int64"),
        },
        index=[1, 2, 3, 4],
    )
    assert last_year_report(reports, 1) == 2
    assert last_year_report(reports, 2) is None
    assert last_year_report(reports, 3) is None
    assert last_year_report(reports, 4) is None
    assert last_year_report(reports, 9) is None


@pytest.fixture(scope="module")
def analysed():
    texts = default_texts()
    return lambda text: analyze_text(text, texts)


def test_same_report_continues_everything(analysed):
    a = analysed(generate_report(3).text)
    yoy = year_over_year(a, a)
    assert yoy.count(CONTINUED) > 0 and yoy.count(NEW) == yoy.count(DROPPED) == 0
    assert yoy.indicators.empty


def test_changed_numbers_are_listed_with_both_values(analysed):
    text = generate_report(3).text
    last, this = analysed(text), analysed(text.replace("2", "3"))
    yoy = year_over_year(this, last)
    assert yoy.count(NEW) == yoy.count(DROPPED) == 0
    assert not yoy.indicators.empty
    assert all("→" in c for c in yoy.indicators["变化"])


def test_a_new_practice_and_a_dropped_one(analysed):
    last = generate_report(3).text
    lines = last.split("\n")
    practice = next(i for i, ln in enumerate(lines) if ln.startswith(("（二）", "二是")))
    this = "\n".join(lines[:practice] + lines[practice + 1 :])
    yoy = year_over_year(analysed(this), analysed(last))
    assert yoy.count(DROPPED) >= 1
    assert len(yoy.practices) == yoy.alignment.n_a + yoy.count(DROPPED)
