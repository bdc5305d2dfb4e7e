"""趋势 page: themes over years, rising/falling words, indicator series, new formulations."""

from __future__ import annotations

from tests.app.helpers import open_app_page

PAGE = "views/trends.py"


def _table(at, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_trends_on_samples(sample_db):
    at = open_app_page(PAGE)
    assert at.title[0].value == "趋势"
    assert at.get("plotly_chart")
    by_year = _table(at, "报告数")
    assert sorted(by_year["年份"].unique()) == [2022, 2023]
    assert by_year.groupby("年份")["报告数"].first().to_dict() == {2022: 4, 2023: 1}
    assert len(_table(at, "年均变化（次/万字）")) == by_year["主题"].nunique()
    assert [b.label for b in at.get("download_button")][:2] == ["下载 CSV", "下载 Excel"]


def test_indicator_and_new_formulation_tabs(sample_db):
    at = open_app_page(PAGE)
    at.selectbox(key="tr_new_year").select(2023).run()
    assert not at.exception
    new = _table(at, "首次年份")
    assert set(new["首次年份"]) == {2023}
    assert (new["使用支部"] == "×××××公司党委").all()
    series = _table(at, "分组")
    assert not series.empty and set(series["年份"]) <= {2022, 2023}


def test_one_year_says_what_to_do(sample_db):
    at = open_app_page(PAGE, flt_year=[2022])
    assert any("至少需要两个年份" in i.value for i in at.info)


def test_every_table_downloads_and_every_chart_has_png(sample_db, monkeypatch):
    from streamlit.testing.v1 import app_test

    from tests.app.downloads_check import (
        KeptMediaFiles,
        check_chart_png,
        check_table_download,
        table_keys,
    )

    monkeypatch.setattr(app_test, "MediaFileManager", KeptMediaFiles)
    at = open_app_page(PAGE)
    keys, tables = table_keys(at), [df.value for df in at.dataframe]
    assert keys == ["tr_slopes", "tr_by_year", "tr_rising", "tr_falling", "tr_series", "tr_new"]
    assert len(keys) == len(tables)  # every table has its downloads
    for key, table in zip(keys, tables, strict=True):
        check_table_download(at, key, table)
    assert check_chart_png(at) == 3  # themes, words, indicator series
