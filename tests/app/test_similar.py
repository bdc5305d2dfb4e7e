"""相似支部 page: map, matrix, pairs, nearest branches opening the comparison, branch keywords."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import app_test

from analysis.corpus.compare.comparison import compare_sides
from tests.app.helpers import open_app_page

PAGE = "views/similar.py"


def _table(at, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_similar_branches_on_samples(sample_db):
    at = open_app_page(PAGE)
    assert at.title[0].value == "相似支部"
    assert len(at.get("plotly_chart")) >= 2
    pairs = _table(at, "支部A")
    assert len(pairs) == 10  # 5 branches, every pair once
    assert pairs["相似度"].is_monotonic_decreasing
    near = _table(at, "相似程度")
    assert len(near) == 4
    keywords = _table(at, "重要度")
    assert keywords["重要度"].is_monotonic_decreasing


def test_pair_score_equals_the_comparison_page(sample_db, corpus_texts):
    at = open_app_page(PAGE)
    pairs = _table(at, "支部A")
    a, b, shown = pairs.iloc[0][["支部A", "支部B", "相似度"]]
    corpus, texts = corpus_texts
    ids = {br: [i for i, x in corpus.reports["branch"].items() if x == br] for br in (a, b)}
    assert shown == pytest.approx(compare_sides(corpus, ids[a], ids[b], texts).similarity)


def test_nearest_opens_the_comparison(sample_db):
    at = open_app_page(PAGE)
    at.selectbox(key="sim_branch").select("兴城投资党支部").run()
    other = at.selectbox(key="sim_other").value
    at.button(key="sim_open").click().run()
    assert not at.exception
    assert at.session_state["cmp_by"] == "branch"
    assert at.session_state["cmp_a_branch"] == "兴城投资党支部"
    assert at.session_state["cmp_b_branch"] == other


def test_report_page_shows_the_nearest_branches(sample_db):
    at = open_app_page("views/report.py")
    at.button(key="rp_near_show_btn").click().run()
    assert not at.exception
    near = _table(at, "相似程度")
    assert len(near) == 4 and near["相似度"].is_monotonic_decreasing
    at.button(key="rp_near_open").click().run()
    assert not at.exception
    assert at.session_state["cmp_by"] == "branch"


def test_comparison_page_lists_side_a_nearest_branches(sample_db):
    """On 支部对比 (by branch) side A's most similar branches, each opening the comparison."""
    state = {"cmp_by": "branch", "cmp_a_branch": "兴城投资党支部"}
    at = open_app_page("views/compare.py", **state)
    at.button(key="cmp_near_show_btn").click().run()
    assert not at.exception, at.exception
    near = _table(at, "相似程度")
    assert len(near) == 4 and "兴城投资党支部" not in set(near["支部"])
    other = near["支部"].iloc[-1]
    at.selectbox(key="cmp_near_other").select(other).run()
    at.button(key="cmp_near_open").click().run()
    assert not at.exception, at.exception
    assert at.session_state["cmp_a_branch"] == "兴城投资党支部"
    assert at.session_state["cmp_b_branch"] == other


@pytest.mark.parametrize("key", ["sim_pairs", "sim_near"])
def test_tables_download_as_csv_and_excel(sample_db, monkeypatch, key):
    """The pairs and nearest tables' CSV and Excel downloads hold the table shown."""
    import io

    import openpyxl
    import pandas as pd

    from tests.app.downloads_check import KeptMediaFiles, download

    monkeypatch.setattr(app_test, "MediaFileManager", KeptMediaFiles)
    at = open_app_page(PAGE)
    shown = next(
        df.value
        for df in at.dataframe
        if "相似度" in df.value.columns and (("支部A" in df.value.columns) == (key == "sim_pairs"))
    )
    frame = pd.read_csv(io.BytesIO(download(at, f"{key}_csv")), encoding="utf-8-sig")
    assert list(frame.columns) == list(shown.columns) and len(frame) == len(shown)
    sheet = openpyxl.load_workbook(io.BytesIO(download(at, f"{key}_xlsx"))).active
    assert [c.value for c in sheet[1]] == list(shown.columns)
    assert sheet.max_row == len(shown) + 1


def test_charts_offer_a_png_download(sample_db):
    """Map and matrix: the toolbar keeps only the PNG download, named after the chart."""
    import json

    at = open_app_page(PAGE)
    configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    names = {c["toImageButtonOptions"]["filename"] for c in configs}
    assert {"支部相似度地图", "支部相似度矩阵"} <= names
    assert all(c["toImageButtonOptions"]["format"] == "png" for c in configs)
