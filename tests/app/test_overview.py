"""概览 page: KPIs, heatmap + evidence pickers, keywords, formulations, report list."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page() -> AppTest:
    # 概览 is the default page: a plain run of app.py shows it with the sidebar.
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def table_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_overview_on_samples(sample_db):
    at = open_page()
    assert at.title[0].value == "概览"
    metrics = {m.label: m.value for m in at.metric}
    assert list(metrics) == ["报告", "支部/单位", "总字数", "举措", "数字指标", "提法", "年份"]
    assert metrics["报告"] == "5 份" and metrics["支部/单位"] == "5 个"
    assert len(at.get("plotly_chart")) >= 3  # heatmap, keywords, formulations
    assert len(at.get("image")) == 1  # the word cloud
    listing = table_with(at, "加入时间")
    assert len(listing) == 5 and "兴城投资党支部" in set(listing["支部"])
    formulations = table_with(at, "使用支部")
    assert "三会一课" in set(formulations["提法"])


def test_choosing_a_cell_shows_its_evidence(sample_db):
    at = open_page()
    at.selectbox(key="ov_branch").select("兴城投资党支部").run()
    at.selectbox(key="ov_theme").select("党建业务融合").run()
    assert not at.exception
    evidence = table_with(at, "证据句")
    assert len(evidence) > 0
    for term, sentence in zip(evidence["命中词"], evidence["证据句"], strict=True):
        assert all(word in sentence for word in term.split("+"))  # "A+B" = both in the sentence
    assert any(f"{len(evidence)} 句" in md.value for md in at.markdown)


def test_officialese_switch_changes_keywords(sample_db):
    at = open_page()
    on = set(table_with(at, "重要度")["关键词"])
    at.toggle(key="officialese").set_value(False).run()
    assert not at.exception
    off = set(table_with(at, "重要度")["关键词"])
    assert "开展" in off and "开展" not in on


def test_sidebar_filter_narrows_everything(sample_db):
    at = open_page()
    at.sidebar.multiselect(key="flt_year").set_value([2023]).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["报告"] == "1 份"
    assert list(table_with(at, "加入时间")["年份"]) == [2023]
    assert at.selectbox(key="ov_branch").options == ["×××××公司党委"]
