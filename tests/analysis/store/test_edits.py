"""analysis.store.edits: which metadata cells a user really changed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.store.edits import changed_fields, same_value


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (2023, 2023.0, True),
        (2023, "2023", True),
        (None, "", True),
        (pd.NA, None, True),
        (math.nan, "", True),
        ("兴城投资党支部", " 兴城投资党支部 ", True),
        ("兴城投资党支部", "兴城投资党委", False),
        (None, "党支部", False),
        (2023, 2024, False),
        ("", 0, False),
    ],
)
def test_same_value(a, b, same):
    assert same_value(a, b) is same
    assert same_value(b, a) is same


def test_changed_fields_lists_only_real_changes():
    before = {"branch": "兴城投资党支部", "year": 2023, "title": None, "kind": "年度总结"}
    after = {"branch": "兴城投资党支部 ", "year": 2024.0, "title": "", "kind": "工作报告"}
    assert changed_fields(before, after, ["branch", "year", "title", "kind"]) == {
        "year": 2024.0,
        "kind": "工作报告",
    }
