"""相似支部 page: map, matrix, pairs, nearest branches opening the comparison, branch keywords."""

from __future__ import annotations

import pytest

from analysis.corpus.compare import compare_sides
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
    keywords = _table(at, "TF-IDF")
    assert keywords["TF-IDF"].is_monotonic_decreasing


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
