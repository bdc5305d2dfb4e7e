"""概览 and 报告详情 never decode the whole corpus: they read the stored facts (SQL) and the
chosen report's analysis only, so a restarted app renders its first page in seconds."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_app_page, refuse_corpus_load
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def no_corpus(sample_db, monkeypatch):
    """The app after a first run (samples stored, facts written), then a restart (caches
    cleared) in which loading the whole corpus fails the test."""
    first = AppTest.from_file(APP, default_timeout=180).run()
    assert not first.exception, first.exception
    return refuse_corpus_load(monkeypatch)


def test_overview_without_the_corpus(no_corpus):
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["报告"] == "5 份"
    at.selectbox(key="ov_branch").select("兴城投资党支部").run()  # evidence: that branch only
    assert not at.exception, at.exception
    assert any("证据句" in m.value for m in at.markdown)
    assert not no_corpus


@pytest.mark.parametrize("tab", ["大纲与举措", "数字指标", "提法", "关键词", "原文与主题"])
def test_report_page_without_the_corpus(no_corpus, tab):
    from views import selection

    at = open_app_page("views/report.py", **{selection.REPORT_KEY: 2, "rp_tab": tab})
    assert at.title[0].value == "报告详情"
    assert at.metric[0].label == "字数"
    assert not no_corpus


def test_a_year_filter_is_in_the_query(no_corpus):
    at = AppTest.from_file(APP, default_timeout=180).run()
    years = at.multiselect(key="flt_year").options
    at.multiselect(key="flt_year").select(years[0]).run()
    assert not at.exception, at.exception
    listing = next(df.value for df in at.dataframe if "加入时间" in df.value.columns)
    assert set(listing["年份"].dropna().astype(int)) == {int(years[0])}


def test_heavy_pages_still_load_it_when_visited(no_corpus):
    """The guard bites: 主题探索 decodes the corpus (lazily, on its first visit)."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page("views/themes.py")
    at.run()
    assert at.exception and no_corpus
