"""Trends over years: planted rising/falling themes and terms come out in the right direction."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.models import Analysis, Cleaned, Formulation, Indicator, Structure
from analysis.corpus import trends
from analysis.corpus.loading import Corpus, load_corpus, load_themes, resource_texts
from analysis.corpus.tables import ThemeFrames
from analysis.store.database import CorpusStore
from analysis.text.lexicon import build_lexicon
from analysis.text.theme_dictionary import parse_theme_dictionary
from bench.generate import fill_store
from bench.planted import FALLING, FALLING_THEME, RISING, RISING_THEME, planted_corpus


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """1,000 generated reports over 2018-2024 with one theme planted rising and one falling."""
    store = CorpusStore(tmp_path_factory.mktemp("planted") / "p.db")
    fill_store(store, planted_corpus(1000))
    texts = resource_texts(store)
    corpus = load_corpus(store, texts, workers=1)
    d = parse_theme_dictionary(texts.themes)
    frames = ThemeFrames(corpus, d, load_themes(store, corpus, d, workers=1))
    return corpus, frames, build_lexicon(texts)


def test_planted_themes_rise_and_fall(planted):
    corpus, frames, _ = planted
    by_year = trends.themes_by_year(frames["scores"])
    assert sorted(by_year["year"].unique()) == list(range(2018, 2025))
    assert by_year.groupby("year")["report_count"].first().sum() == 1000
    slopes = trends.theme_slopes(by_year)
    assert slopes.index[0] == RISING_THEME
    assert slopes.index[-1] == FALLING_THEME
    rising = by_year[by_year["theme"] == RISING_THEME].set_index("year")["score"]
    falling = by_year[by_year["theme"] == FALLING_THEME].set_index("year")["score"]
    assert rising.is_monotonic_increasing and falling.is_monotonic_decreasing


def test_planted_terms_are_top_rising_and_falling(planted):
    corpus, _, lex = planted
    rising, falling = trends.term_trends(corpus, [2018, 2019, 2020], [2022, 2023, 2024], lex)
    assert set(rising["word"].head(len(RISING))) == set(RISING)
    assert set(falling["word"].head(len(FALLING))) == set(FALLING)
    assert (rising["later_count"] > rising["earlier_count"]).all()


def _analysis(text: str, indicators=(), formulations=()) -> Analysis:
    return Analysis(
        "", len(text), Cleaned(text), Structure(), tuple(indicators), tuple(formulations), {}, {}
    )


def _ind(value, subject="主题党日", unit="次", redacted=False) -> Indicator:
    return Indicator(value, unit, subject, False, redacted, "events", "", "", 0)


@pytest.fixture
def small() -> Corpus:
    reports = pd.DataFrame(
        {
            "branch": ["甲支部", "甲支部", "乙支部", "乙支部"],
            "organization": ["一公司", "一公司", "二公司", "二公司"],
            "year": [2022, 2023, 2022, 2023],
            "title": ["", "", "", ""],
        },
        index=[1, 2, 3, 4],
    )
    analyses = {
        1: _analysis("甲", [_ind(12.0)], [Formulation("三会一课", 2, True)]),
        2: _analysis(
            "甲", [_ind(15.0), _ind(None, redacted=True)], [Formulation("双报到", 1, True)]
        ),
        3: _analysis(
            "乙", [_ind(6.0), _ind(30.0, "党员", "名")], [Formulation("三会一课", 1, True)]
        ),
        4: _analysis("乙", [_ind(8.0, "开展主题党日")], [Formulation("双报到", 3, True)]),
    }
    return Corpus(reports, analyses)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "branch",
            [
                (2022, "乙支部", 6.0, 0),
                (2022, "甲支部", 12.0, 0),
                (2023, "乙支部", 8.0, 0),
                (2023, "甲支部", 15.0, 1),
            ],
        ),
        ("all", [(2022, "全部", 18.0, 0), (2023, "全部", 23.0, 1)]),
    ],
)
def test_indicator_series(small, by, expected):
    df = trends.indicator_series(small, "主题党日", "次", by)
    assert (
        list(df[["year", "group", "value", "redacted"]].itertuples(index=False, name=None))
        == expected
    )


def test_new_formulations_by_first_year(small):
    df = trends.new_formulations(small)
    assert list(
        df[["formulation", "first_year", "year_count", "branches_using"]].itertuples(
            index=False, name=None
        )
    ) == [
        ("双报到", 2023, 4, "甲支部、乙支部"),
        ("三会一课", 2022, 3, "甲支部、乙支部"),
    ]
    assert trends.new_formulations(small, [2023])["formulation"].tolist() == ["双报到"]


def test_indicator_subjects_most_frequent_first(small):
    assert trends.indicator_subjects(small, 1) == [("主题党日", "次")]


# Issue 26 point 5: a year whose figures are all redacted is 已脱敏, never 0, and no point.
@pytest.fixture
def redacted_year() -> Corpus:
    reports = pd.DataFrame(
        {
            "branch": ["甲支部", "甲支部", "甲支部"],
            "organization": ["一公司"] * 3,
            "year": [2021, 2022, 2023],
            "title": ["", "", ""],
        },
        index=[1, 2, 3],
    )
    analyses = {
        1: _analysis("甲", [_ind(40.0, "党员", "名"), _ind(None, "党员", "名", True)]),
        2: _analysis("甲", [_ind(None, "党员", "名", True) for _ in range(5)]),
        3: _analysis("甲", [_ind(45.0, "党员", "名")]),
    }
    return Corpus(reports, analyses)


@pytest.mark.parametrize(
    ("year", "value", "hidden", "note"),
    [
        (2021, 40.0, 1, "另有 1 项已脱敏，未计入合计"),
        (2022, "已脱敏", 5, "5 项数字全部已脱敏，不计为 0，图中不画这一点"),
        (2023, 45.0, 0, ""),
    ],
)
def test_redacted_year_is_never_zero(redacted_year, year, value, hidden, note):
    df = trends.indicator_series(redacted_year, "党员", "名", "branch").set_index("year")
    assert (df.loc[year, "value"], df.loc[year, "redacted"], df.loc[year, "note"]) == (
        value,
        hidden,
        note,
    )


def test_redacted_year_is_a_gap_in_the_chart(redacted_year):
    from analysis.output.charts.exploration import indicator_series_figure

    series = trends.indicator_series(redacted_year, "党员", "名", "all")
    values = trends.series_values(series)
    assert values.isna().tolist() == [False, True, False]
    fig = indicator_series_figure(series, "党员", "名")
    (line,) = fig.data
    ys = list(line.y)
    assert ys[0] == 40.0 and ys[2] == 45.0
    assert ys[1] is None or ys[1] != ys[1]  # a gap (NaN), never 0
    assert 0 not in ys
    assert "已脱敏" in fig.layout.title.text and "不计为 0" in fig.layout.title.text
