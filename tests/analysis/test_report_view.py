"""analysis.corpus.report_view: the text around a place, theme-hit spans, display values."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus.report_view import (
    CONTEXT_CHARS,
    context_markdown,
    hit_spans,
    indicator_values,
    metadata_line,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("落实三会一课制度", 2, 6, "落实**:orange-background[三会一课]**制度"),
        ("甲" * (CONTEXT_CHARS + 5) + "双报到", CONTEXT_CHARS + 5, CONTEXT_CHARS + 8, None),
        ("见 [链接](x) 说明", 2, 9, "见 **:orange-background[\\[链接\\]\\(x\\)]** 说明"),
        ("短", 5, 9, "短"),  # a place past the end is clamped: nothing highlighted
    ],
)
def test_context_markdown(text, start, end, expected):
    md = context_markdown(text, start, end, "orange")
    if expected is None:
        assert md.startswith("…") and md.endswith("**:orange-background[双报到]**")
    else:
        assert md == expected


def test_hit_spans_marks_the_word_found_at_the_hit():
    text = "支部开展主题党日，党员与群众同行。"
    evidence = pd.DataFrame(
        {
            "主题": ["组织生活", "服务群众", "未选"],
            "位置": [4, 9, 0],
            "命中词": ["主题党日", "群众+党员", "支部"],
        }
    )
    spans = hit_spans(text, evidence, {"组织生活": "blue", "服务群众": "green"})
    assert spans == [(4, 8, "blue"), (9, 11, "green")]  # "党员" is what stands at 9


def test_indicator_values_hide_redacted_numbers():
    frame = pd.DataFrame(
        {"数值": [22.0, None, 1234567.0, 5.0], "脱敏": [False, False, False, True]}
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
