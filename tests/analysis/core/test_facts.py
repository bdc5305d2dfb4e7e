"""Tests of analysis.core.facts: one rule per derived fact (year, rate, practice, 万字)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core.facts import (
    count_practices,
    is_practice,
    normalize_year,
    per10k,
    per10k_frame,
    practices,
    text_chars,
    wan,
)
from analysis.core.models import Measure


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2023, 2023),
        (2023.0, 2023),
        ("2023", 2023),
        (" 2023 ", 2023),
        ("2023年", 2023),
        ("2023年度", 2023),
        ("2023-05", 2023),  # was None on upload and 2023 in the store: one rule now
        ("2023.05", 2023),
        ("20235", None),
        ("1800", None),
        (1920, None),
        (2101, None),
        ("", None),
        ("未知", None),
        (None, None),
        (math.nan, None),
        (2023.5, None),
        (True, None),
    ],
)
def test_normalize_year(value, expected):
    assert normalize_year(value) == expected


def test_normalize_year_reads_pandas_and_numpy_cells():
    import numpy as np
    import pandas as pd

    assert normalize_year(np.int64(2022)) == 2022
    assert normalize_year(np.float64(2022.0)) == 2022
    assert normalize_year(pd.NA) is None
    assert [normalize_year(y) for y in pd.array([2021, None], dtype="Int64")] == [2021, None]


@given(st.integers(1921, 2100))
def test_every_plausible_year_reads_back_whatever_its_form(year):
    for form in (year, float(year), str(year), f"{year}年", f"{year}-12-31"):
        assert normalize_year(form) == year


@pytest.mark.parametrize(
    ("count", "chars", "expected"),
    [(3, 10_000, 3.0), (1, 3, 3333.33), (5, 0, 0.0), (0, 12_345, 0.0), (7, 12_345, 5.67)],
)
def test_per10k(count, chars, expected):
    assert per10k(count, chars) == expected


@pytest.mark.parametrize(("chars", "text"), [(12_345, "1.2"), (0, "0.0"), (15_000, "1.5")])
def test_wan(chars, text):
    assert wan(chars) == text


def _m(kind: str) -> Measure:
    return Measure("加强组织领导", 5, kind, ("一、主要做法",), "一是加强组织领导", 0, 8)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("measure", True), ("effect", False), ("plan", False), ("problem", False), ("", False)],
)
def test_is_practice(kind, expected):
    assert is_practice(kind) is expected


def test_practices_and_their_count_agree():
    items = [_m("measure"), _m("effect"), _m("measure"), _m("plan")]
    assert count_practices(items) == len(practices(items)) == 2


@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 500_000)), min_size=1, max_size=20)
)
def test_per10k_frame_is_per10k_on_every_row(rows):
    """The vectorized rate (heatmaps, trends, search) equals the scalar one on every row."""
    import pandas as pd

    counts = pd.Series([c for c, _ in rows])
    chars = pd.Series([n for _, n in rows])
    frame = pd.DataFrame({"x": counts, "y": counts * 2})
    assert per10k_frame(counts, chars).tolist() == [per10k(c, n) for c, n in rows]
    assert per10k_frame(frame, chars)["y"].tolist() == [per10k(2 * c, n) for c, n in rows]


@pytest.mark.parametrize(("text", "chars"), [("", 0), ("党建", 2), ("一、学习\n二、实践", 9)])
def test_text_chars_is_the_cleaned_length(text, chars):
    assert text_chars(text) == chars
