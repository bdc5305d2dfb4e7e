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
    unlabelled,
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
    allowed = {"主题", "提法"}  # a theme and a part of a similarity: never in one frame
    assert set(twice) <= allowed


def test_the_docstring_documents_every_key():
    doc = labels.__doc__ or ""
    for key, header in LABELS.items():
        assert any(line.split()[:2] == [key, header] for line in doc.splitlines()), (
            f"{key} {header}"
        )


def frame_columns() -> list[tuple[str, list[str], str | None]]:
    """(name, columns, labels table) of every frame that leaves analysis/ with English keys."""
    from analysis.corpus import (
        branch_keywords,
        concordance,
        report_view,
        similar_branches,
        tables,
        trends,
    )
    from analysis.corpus.compare import (
        formulation_contrast,
        measure_alignment,
        number_contrast,
        theme_contrast,
        word_contrast,
    )
    from analysis.output import digest
    from analysis.store import uploads

    return [
        ("reports", tables.REPORT_COLUMNS, None),
        ("measures", tables.MEASURE_COLUMNS, "items"),
        ("indicators", tables.INDICATOR_COLUMNS, "indicators"),
        ("formulations", tables.FORMULATION_COLUMNS, None),
        ("scores", tables.SCORE_COLUMNS, None),
        ("evidence", tables.EVIDENCE_COLUMNS, None),
        ("evidence spans", tables.EVIDENCE_SPAN_COLUMNS, None),
        ("outline", tables.OUTLINE_COLUMNS, "outline"),
        ("report formulations", report_view.FORMULATION_COLUMNS, None),
        ("concordance", concordance.KWIC_TABLE_COLUMNS, None),
        ("upload results", list(uploads.RESULT_COLUMNS), None),
        ("themes by year", trends.THEME_YEAR_COLUMNS, None),
        ("term trends", trends.TERM_TREND_COLUMNS, None),
        ("indicator series", trends.INDICATOR_SERIES_COLUMNS, "indicators"),
        ("new formulations", trends.NEW_FORMULATION_COLUMNS, None),
        ("similarity map", similar_branches.MAP_COLUMNS, None),
        ("nearest branches", similar_branches.NEAREST_COLUMNS, None),
        ("branch pairs", similar_branches.PAIR_COLUMNS, None),
        ("branch keywords", branch_keywords.BRANCH_KEYWORD_COLUMNS, "keywords"),
        ("key figures", digest.FIGURE_COLUMNS, "indicators"),
        ("words", [*word_contrast.LOG_ODDS_COLUMNS, "leaning"], "words"),
        (
            "scatter",
            [c for c in word_contrast.SCATTER_COLUMNS if c not in ("z", "side")],
            "scatter",
        ),
        ("themes", theme_contrast.THEME_COLUMNS, "themes"),
        ("theme evidence", theme_contrast.EVIDENCE_COLUMNS, "theme_evidence"),
        ("pairs", measure_alignment.PAIR_COLUMNS, "pairs"),
        ("only one side", measure_alignment.ONLY_COLUMNS, "only"),
        ("numbers", [c for c in number_contrast.NUMBER_COLUMNS if c != "category"], "numbers"),
        (
            "indicator details",
            [c for c in number_contrast.INDICATOR_DETAIL_COLUMNS if c != "category"],
            "indicator_details",
        ),
        ("comparison formulations", formulation_contrast.FORMULATION_COLUMNS, "formulations"),
    ]


@pytest.mark.parametrize(("name", "columns", "table"), frame_columns(), ids=lambda v: str(v))
def test_every_key_leaving_analysis_has_a_label(name, columns, table):
    headers = header_map(columns, table, "甲方", "乙方")  # raises on a missing label or a repeat
    assert all(not h.isascii() or h in ("z", "x", "y") for h in headers.values()), headers


def test_the_sample_frames_carry_their_declared_keys(corpus_texts):
    from analysis.corpus import tables
    from analysis.text.theme_dictionary import parse_theme_dictionary

    corpus, texts = corpus_texts
    d = parse_theme_dictionary(texts.themes)
    built = {
        "reports": (tables.reports_frame(corpus), tables.REPORT_COLUMNS),
        "measures": (tables.measures_frame(corpus, d), tables.MEASURE_COLUMNS),
        "indicators": (tables.indicators_frame(corpus), tables.INDICATOR_COLUMNS),
        "formulations": (tables.formulations_frame(corpus), tables.FORMULATION_COLUMNS),
        "scores": (tables.theme_scores_frame(corpus, d), tables.SCORE_COLUMNS),
    }
    for name, (frame, declared) in built.items():
        assert list(frame.columns) == declared, name
        assert not frame.empty, name


def test_a_side_compared_with_itself_keeps_both_columns():
    headers = header_map(["term", "count_a", "count_b"], "words", "甲支部", "甲支部")
    assert list(headers.values()) == ["词语", "甲支部次数", "甲支部次数"]


def test_unlabelled_gives_the_keys_back():
    frame = pd.DataFrame({"file": ["a.txt"], "branch": ["甲支部"], "report_kind": ["总结"]})
    keys = list(frame.columns)
    assert unlabelled(labelled(frame), keys).equals(frame)
    with pytest.raises(UnlabelledColumnError, match="主题"):
        unlabelled(pd.DataFrame({"文件": [], "主题": []}), keys)
