"""Corpus tables: English column keys (Chinese headers come from output.labels), one row per item, ids and offsets that point into the text."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.models import (
    Analysis,
    Cleaned,
    Formulation,
    Indicator,
    Measure,
    OutlineNode,
    Structure,
)
from analysis.corpus import tables
from analysis.corpus.loading import Corpus
from analysis.text.theme_dictionary import parse_theme_dictionary
from analysis.text.theme_results import report_themes

THEMES = parse_theme_dictionary(
    """
组织生活:
  description: 三会一课等
  words: [三会一课, 主题党日]
服务群众:
  words: [志愿服务]
空主题:
  words: [不会出现的词]
"""
)

TEXT_A = "一、主要做法\n一是落实三会一课。坚持主题党日。\n二是开展志愿服务。"
TEXT_B = "支部坚持三会一课，落实“一岗双责”。"


def _analysis(text: str, measures=(), outline=(), indicators=(), formulations=()) -> Analysis:
    return Analysis(
        title="",
        chars=len(text),
        cleaned=Cleaned(text=text),
        structure=Structure(outline=tuple(outline), measures=tuple(measures)),
        indicators=tuple(indicators),
        formulations=tuple(formulations),
        term_counts={},
        bigram_counts={},
    )


@pytest.fixture
def corpus() -> Corpus:
    m1 = Measure(
        "落实三会一课", 5, "measure", ("主要做法",), "一是落实三会一课。坚持主题党日。", 7, 23
    )
    m2 = Measure("开展志愿服务", 5, "measure", ("主要做法",), "二是开展志愿服务。", 24, 33)
    effect = Measure("群众满意", 2, "effect", ("工作成效",), "群众满意", 0, 4)
    outline = (
        OutlineNode(1, "一、", "主要做法", "practice", 0, 33, children=(
            OutlineNode(5, "一是", "落实三会一课", "practice", 7, 23),
        )),
    )  # fmt: skip
    ind = Indicator(22.0, "名", "党员", False, False, "people", "党员22名", "现有党员22名。", 3)
    red = Indicator(None, "人", "党员", False, True, "people", "*人", "*人", 0)
    reports = pd.DataFrame(
        {
            "branch": ["甲支部", ""],
            "organization": ["甲公司", "乙公司"],
            "year": pd.array([2022, None], dtype="Int64"),
            "kind": ["经验材料", ""],
            "title": ["甲支部经验", "乙标题"],
            "chars": [len(TEXT_A), len(TEXT_B)],
            "added_at": ["2024-01-01T00:00:00", "2024-01-02T00:00:00"],
        },
        index=pd.Index([1, 2], name="id"),
    )
    analyses = {
        1: _analysis(
            TEXT_A,
            (m1, m2, effect),
            outline,
            (ind, red),
            (Formulation("三会一课", 1, True), Formulation("红色管家", 2, False)),
        ),
        2: _analysis(TEXT_B, formulations=(Formulation("三会一课", 1, True),)),
    }
    return Corpus(reports, analyses)


def test_reports_frame(corpus):
    df = tables.reports_frame(corpus)
    assert list(df.columns) == tables.REPORT_COLUMNS
    assert df["id"].tolist() == [1, 2]
    assert df["branch"].tolist() == ["甲支部", ""]
    assert df["practice_count"].tolist() == [2, 0]  # the effect is not a measure
    assert df["indicator_count"].tolist() == [2, 0]
    assert df["year"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("kinds", "titles"),
    [
        (("measure",), ["落实三会一课", "开展志愿服务"]),
        (None, ["落实三会一课", "开展志愿服务", "群众满意"]),
        (("effect",), ["群众满意"]),
    ],
)
def test_measures_frame_kinds(corpus, kinds, titles):
    df = tables.measures_frame(corpus, THEMES, kinds=kinds)
    assert list(df.columns) == tables.MEASURE_COLUMNS
    assert df["item"].tolist() == titles


def test_measures_frame_themes_and_offsets(corpus):
    df = tables.measures_frame(corpus, THEMES).set_index("item")
    assert df.loc["落实三会一课", "themes"] == "组织生活"
    assert df.loc["开展志愿服务", "themes"] == "服务群众"
    assert df.loc["落实三会一课", "section"] == "主要做法"
    assert df.loc["落实三会一课", "item_kind"] == "举措"
    start, end = df.loc["开展志愿服务", ["pos", "end"]]
    assert TEXT_A[start:end] == "二是开展志愿服务。"


def test_indicators_frame_keeps_redacted_without_value(corpus):
    df = tables.indicators_frame(corpus)
    assert list(df.columns) == tables.INDICATOR_COLUMNS
    assert df["value"].iloc[0] == 22.0
    assert pd.isna(df["value"].iloc[1]) and bool(df["redacted"].iloc[1])
    assert set(df["category"]) == {"人员"}


def test_formulations_frame_counts_branches(corpus):
    df = tables.formulations_frame(corpus).set_index("formulation")
    assert df.loc["三会一课", "count"] == 2
    assert df.loc["三会一课", "report_count"] == 2
    assert df.loc["三会一课", "branches_using"] == "甲支部、乙标题"  # label falls back to the title
    assert bool(df.loc["红色管家", "numbered"]) is False
    assert df.index[0] == "三会一课"  # used by most reports first


def test_theme_scores_and_evidence(corpus):
    results = tables.theme_results(corpus, THEMES)
    scores = tables.theme_scores_frame(corpus, THEMES, results)
    assert list(scores.columns) == tables.SCORE_COLUMNS
    assert len(scores) == 2 * len(THEMES.names)  # every report x every theme, zeros included
    row = scores[(scores["id"] == 1) & (scores["theme"] == "组织生活")].iloc[0]
    assert row["hits"] == 2  # two sentences
    assert row["score"] == round(2 * 10000 / len(TEXT_A), 2)
    ev = tables.evidence_frame(corpus, THEMES, results)
    assert list(ev.columns) == tables.EVIDENCE_COLUMNS
    for r in ev.itertuples(index=False):
        text = corpus.analyses[r.id].cleaned.text
        assert text[r.pos : r.pos + len(r.term)] == r.term
        assert r.term in r.evidence


def test_branch_theme_matrix_pools_reports_of_a_branch():
    scores = pd.DataFrame(
        [
            (1, "甲", 2022, "T", 10.0, 1, 1000),
            (2, "甲", 2023, "T", 30.0, 3, 1000),
            (3, "乙", 2023, "T", 0.0, 0, 500),
        ],
        columns=tables.SCORE_COLUMNS,
    )
    m = tables.branch_theme_matrix(scores, ["T", "U"])
    assert m.loc["甲", "T"] == 20.0  # 4 hits over 2000 chars, not the mean of rates
    assert m.loc["乙", "T"] == 0.0
    assert m.loc["甲", "U"] == 0.0  # missing theme column filled
    assert tables.branch_theme_matrix(scores.iloc[0:0], ["T"]).empty


def test_outline_rows_indent_by_depth(corpus):
    rows = tables.outline_rows(corpus.analyses[1].structure.outline)
    assert list(rows.columns) == tables.OUTLINE_COLUMNS
    assert rows["outline"].tolist() == ["一、 主要做法", "\u3000\u3000一是 落实三会一课"]
    assert rows["section_kind"].tolist() == ["主要做法", "主要做法"]
    assert tables.outline_rows(()).empty


def test_empty_corpus_gives_empty_tables():
    empty = Corpus(
        pd.DataFrame(
            columns=["branch", "organization", "year", "kind", "title", "chars", "added_at"]
        ),
        {},
    )
    assert tables.reports_frame(empty).empty
    assert tables.measures_frame(empty, THEMES).empty
    assert tables.indicators_frame(empty).empty
    assert tables.formulations_frame(empty).empty
    assert tables.theme_scores_frame(empty, THEMES).empty
    assert tables.evidence_frame(empty, THEMES).empty
    spans = tables.evidence_spans_frame(empty, THEMES, {})
    assert spans.empty and list(spans.columns) == tables.EVIDENCE_SPAN_COLUMNS
    assert list(tables.with_sentences(spans, empty).columns) == tables.EVIDENCE_COLUMNS


def _compact(corpus: Corpus, d) -> dict:
    return {
        rid: report_themes(a.cleaned.text, a.structure.measures, d)
        for rid, a in corpus.analyses.items()
    }


@pytest.mark.parametrize("which", ["fixture", "samples"])
def test_compact_theme_results_give_the_same_tables(corpus, which):
    """Frames from ReportThemes (sentences cut when shown) equal those from full ThemeScores."""
    c, d = (corpus, THEMES) if which == "fixture" else _sample_corpus()
    compact = _compact(c, d)
    assert tables.theme_scores_frame(c, d, compact).equals(tables.theme_scores_frame(c, d))
    spans = tables.evidence_spans_frame(c, d, compact)
    assert list(spans.columns) == tables.EVIDENCE_SPAN_COLUMNS and len(spans)
    full = tables.evidence_frame(c, d)
    assert tables.with_sentences(spans, c).reset_index(drop=True).equals(full)
    picked = spans.iloc[::3]  # any subset of rows: the sentences of those rows
    assert tables.with_sentences(picked, c)["evidence"].tolist() == full["evidence"][::3].tolist()
    for kinds in (None, ("measure",)):
        by_results = tables.measures_frame(c, d, kinds=kinds, results=compact)
        assert by_results.equals(tables.measures_frame(c, d, kinds=kinds))


@pytest.mark.parametrize("which", ["fixture", "samples"])
def test_theme_frames_are_built_on_demand_and_narrowed(corpus, which):
    """ThemeFrames give the same tables whether built for a selection or filtered from the
    corpus-wide ones; the branch matrix equals the one of the scores table."""
    c, d = (corpus, THEMES) if which == "fixture" else _sample_corpus()
    frames = tables.ThemeFrames(c, d, _compact(c, d))
    assert frames.select(reversed(c.ids)) is frames and list(frames) == list(frames.NAMES)
    some = c.ids[::2]
    built = {name: df.reset_index(drop=True) for name, df in frames.select(some).items()}
    assert not frames._built  # the selection did not build the corpus-wide tables
    for name, df in frames.items():
        part = frames.select(some)[name]  # now filtered from the corpus-wide table
        assert part.reset_index(drop=True).equals(built[name])
        assert part.reset_index(drop=True).equals(
            df[df[tables.ID].isin(some)].reset_index(drop=True)
        )
    for f in (frames, frames.select(some)):
        expected = tables.branch_theme_matrix(f["scores"], d.names)
        pd.testing.assert_frame_equal(f.branch_matrix(), expected)
    empty = tables.ThemeFrames(c.subset([]), d, {})
    assert empty.branch_matrix().empty and empty["evidence"].empty


def _sample_corpus():
    import tempfile
    from pathlib import Path

    from analysis.core.resources import default_texts
    from analysis.corpus.loading import ensure_samples, load_corpus
    from analysis.store.database import CorpusStore
    from analysis.text.theme_dictionary import parse_theme_dictionary

    store = CorpusStore(Path(tempfile.mkdtemp()) / "samples.db")
    ensure_samples(store)
    return load_corpus(store), parse_theme_dictionary(default_texts().themes)
