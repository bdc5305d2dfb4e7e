"""analysis.output.labels: one Chinese header per key, 单位 and 类型 each from one key, every
column of every frame leaving analysis labelled, templates filled with the sides' names."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from analysis.output import labels
from analysis.output.labels import (
    COMPARISON_LABELS,
    LABELS,
    TABLE_LABELS,
    UnlabelledColumnError,
    header_map,
    label,
    labelled,
    table_labels,
)

TABLES = [None, *TABLE_LABELS, *COMPARISON_LABELS]


def keys_of(header: str, table: str | None) -> list[str]:
    return [k for k, v in table_labels(table).items() if v == header]


@pytest.mark.parametrize("header", ["单位", "类型"])
def test_ambiguous_headers_map_from_one_key(header):
    assert len(keys_of(header, None)) == 1
    for table in TABLES:
        assert len(keys_of(header, table)) <= 1, table


@pytest.mark.parametrize(
    ("header", "key"), [("单位", "org"), ("类型", "report_kind"), ("支部", "branch")]
)
def test_the_vocabulary_names_the_meaning(header, key):
    assert keys_of(header, None) == [key]


@pytest.mark.parametrize(
    ("key", "table", "header"),
    [
        ("org", None, "单位"),
        ("unit", None, "计量单位"),
        ("unit", "indicators", "单位"),
        ("report_kind", None, "类型"),
        ("item_kind", "items", "类型"),
        ("section_kind", "outline", "类型"),
        ("count_a", "words", "后勤支部次数"),
        ("count_a", "themes", "后勤支部命中"),
        ("display_b", "numbers", "兴城支部"),
        ("diff", "themes", "差值(A-B)"),
    ],
)
def test_label(key, table, header):
    assert label(key, table, a="后勤支部", b="兴城支部") == header


def test_every_key_is_snake_case_english():
    for table in TABLES:
        for key in table_labels(table):
            assert key.isascii() and key == key.lower() and " " not in key, key


def test_labelled_keeps_order_and_data():
    frame = pd.DataFrame({"branch": ["甲支部"], "org": ["某公司"], "report_kind": ["总结"]})
    out = labelled(frame)
    assert list(out.columns) == ["支部", "单位", "类型"]
    assert out.iloc[0].tolist() == ["甲支部", "某公司", "总结"]
    assert list(frame.columns) == ["branch", "org", "report_kind"]  # not changed in place


def test_an_unlabelled_column_is_an_error():
    with pytest.raises(UnlabelledColumnError, match="secret"):
        labelled(pd.DataFrame({"branch": [], "secret": []}))


def test_two_columns_sharing_a_header_is_an_error():
    # theme and themes both read 主题: one table may not hold both
    with pytest.raises(ValueError, match="主题"):
        header_map(["theme", "themes"])


def test_an_unknown_table_is_an_error():
    with pytest.raises(ValueError, match="nowhere"):
        label("branch", "nowhere")


@pytest.mark.parametrize("table", TABLES)
def test_no_table_shows_a_header_twice(table):
    mapping = table_labels(table)
    twice = [h for h, n in Counter(mapping.values()).items() if n > 1]
    allowed = {"主题"}  # theme and themes: never in one frame (header_map refuses it)
    assert set(twice) <= allowed


def test_the_docstring_documents_every_key():
    doc = labels.__doc__ or ""
    for key, header in LABELS.items():
        assert any(line.split()[:2] == [key, header] for line in doc.splitlines()), (
            f"{key} {header}"
        )
