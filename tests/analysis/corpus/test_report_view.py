"""analysis.corpus.report_view: the text around a place, theme-hit spans, display values."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus.report_view import (
    hit_marks,
    hit_places,
    hit_word,
    indicator_places,
    indicator_values,
    measure_places,
    metadata_line,
)


def test_hit_marks_mark_the_word_found_at_the_hit():
    text = "支部开展主题党日，党员与群众同行。"
    evidence = pd.DataFrame(
        {
            "theme": ["组织生活", "服务群众", "未选"],
            "pos": [4, 9, 0],
            "term": ["主题党日", "群众+党员", "支部"],
        }
    )
    marks = hit_marks(text, evidence, {"组织生活", "服务群众"})
    assert marks == [(4, 8, "组织生活"), (9, 11, "服务群众")]  # "党员" is what stands at 9
    evidence["id"] = [7, 7, 7]
    assert hit_places(evidence, {7: text}) == [
        (7, 4, 8, "组织生活：主题党日"),
        (7, 9, 11, "服务群众：党员"),
        (7, 0, 2, "未选：支部"),
    ]


@pytest.mark.parametrize(
    ("text", "start", "terms", "word"),
    [
        ("落实三会一课", 2, "三会一课", "三会一课"),
        ("党员与群众", 0, "群众+党员", "党员"),
        ("别的文字", 0, "群众+党员", "群众"),  # not found at the place: the rule's first word
        ("空", 0, "", ""),
    ],
)
def test_hit_word(text, start, terms, word):
    assert hit_word(text, start, terms) == word


def test_measure_and_indicator_places():
    measures = pd.DataFrame({"id": [3], "pos": [10], "end": [30], "item": ["加强组织领导"]})
    assert measure_places(measures) == [(3, 10, 30, "举措：加强组织领导")]
    indicators = pd.DataFrame({"id": [3], "pos": [5], "raw": ["6万余人"], "subject": ["志愿者"]})
    assert indicator_places(indicators) == [(3, 5, 9, "指标：志愿者")]


def test_indicator_values_hide_redacted_numbers():
    frame = pd.DataFrame(
        {"value": [22.0, None, 1234567.0, 5.0], "redacted": [False, False, False, True]}
    )
    assert indicator_values(frame) == ["22", "", "1,234,567", "已脱敏"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"organization": "大兴城建", "year": 2023, "kind": "年度总结", "filename": "a.txt"},
            "单位：大兴城建　|　年份：2023　|　类型：年度总结　|　文件：a.txt",
        ),
        (
            {"organization": "", "year": pd.NA, "kind": None, "filename": "b.docx"},
            "单位：未填写　|　年份：未填写　|　类型：未填写　|　文件：b.docx",
        ),
    ],
)
def test_metadata_line(row, expected):
    assert metadata_line(row) == expected
