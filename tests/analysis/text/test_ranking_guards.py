"""Ranking guards: names are no theme evidence, short reports do not set the scale, rows by total."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.resources import default_texts
from analysis.corpus import tables
from analysis.text.theme_dictionary import parse_theme_dictionary
from analysis.text.theme_scoring import measure_themes, score_themes

D = parse_theme_dictionary(default_texts().themes)


@pytest.mark.parametrize(
    ("text", "theme", "hits"),
    [
        ("**楼宇综合党委召开会议16次。", "共建联建", 0),
        ("牵头成立楼宇综合党委，粘合50余家入驻企业。", "共建联建", 0),
        ("XX共建党支部召开会议。", "共建联建", 0),
        ("成立联合党委，开展结对共建。", "共建联建", 1),  # 联合党委 is no name here, 共建 is a hit
        ("与社区党委结对共建。", "共建联建", 1),
        ("**楼宇综合党委与社区开展共建。", "共建联建", 1),  # the name is skipped, 共建 still counts
    ],
)
def test_words_inside_organization_names_are_no_hits(text, theme, hits):
    assert score_themes(text, D).counts[theme] == hits


def test_measure_tagging_skips_names_too():
    assert "共建联建" not in measure_themes("发挥楼宇综合党委作用", "发挥楼宇综合党委作用", D)


def test_sample_heatmap_no_longer_counts_the_branch_name(corpus_texts):
    corpus, texts = corpus_texts
    d = parse_theme_dictionary(texts.themes)
    ev = tables.evidence_frame(corpus, d)
    rows = ev[(ev["branch"] == "**楼宇综合党委") & (ev["theme"] == "共建联建")]
    assert not rows.empty
    assert "综合党委" not in set(rows["term"])


def test_heatmap_rows_by_total_and_short_rows_do_not_set_the_scale():
    scores = pd.DataFrame(
        {
            "id": [1, 1, 2, 2, 3, 3],
            "branch": ["甲", "甲", "乙", "乙", "丙", "丙"],
            "theme": ["理论学习", "组织生活"] * 3,
            "hits": [6, 0, 3, 3, 10, 5],
            "chars": [291, 291, 3000, 3000, 2500, 2500],
        }
    )
    matrix = tables.branch_theme_matrix(scores)
    assert list(matrix.index) == ["甲", "丙", "乙"]  # 206.19, 60, 20 in total
    assert matrix.loc["甲", "理论学习"] == pytest.approx(206.19)
    assert tables.color_max(matrix, ["甲"]) == pytest.approx(40.0)
    assert tables.color_max(matrix) == pytest.approx(206.19)
    assert tables.color_max(matrix.loc[["甲"]], ["甲"]) == pytest.approx(206.19)


@pytest.mark.parametrize(("chars", "short"), [(0, True), (291, True), (499, True), (500, False)])
def test_is_short(chars, short):
    assert tables.is_short(chars) is short
