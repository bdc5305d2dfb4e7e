"""Smoke test of the app shell: it opens on the embedded sample corpus."""

from __future__ import annotations


def test_app_opens_on_sample_corpus(app_test):
    at = app_test
    at.run()
    assert not at.exception
    assert at.title[0].value == "概览"
    frames = [df.value for df in at.dataframe]
    listing = next(f for f in frames if "支部" in f.columns)
    assert len(listing) == 5
    assert {"单位", "年份", "标题", "字数", "加入时间"} <= set(listing.columns)
    assert "兴城投资党支部" in set(listing["支部"])


def test_filters_narrow_the_listing(app_test):
    at = app_test
    at.run()
    at.sidebar.multiselect(key="flt_year").set_value([2023]).run()
    assert not at.exception
    listing = next(df.value for df in at.dataframe if "支部" in df.value.columns)
    assert list(listing["年份"]) == [2023]
