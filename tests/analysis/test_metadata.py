"""Metadata inference: title, branch, organization, year, kind."""

from __future__ import annotations

import pytest

from analysis.core.resources import DATA_DIR
from analysis.text.metadata import (
    infer_branch,
    infer_kind,
    infer_metadata,
    infer_title,
    infer_year,
    read_sidecar,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("楼宇党建聚合推动企业发展工作情况报告\n\n正文……", "楼宇党建聚合推动企业发展工作情况报告"),
        (
            "支部现有党员22名，全面加强组织建设，开展了很多很多的活动，取得了良好的效果和反响。\n",
            "a",
        ),
        ("", "a"),
    ],
)
def test_title(text, expected):
    assert infer_title(text, "a.txt") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "大兴城建兴城投资党支部:“三步走”。兴城投资党支部隶属于集团。兴城投资党支部成立。",
            "兴城投资党支部",
        ),
        ("**楼宇综合党委不断优化空间布局。**楼宇综合党委作用", "**楼宇综合党委"),
        ("没有组织名称的一段话。", ""),
    ],
)
def test_branch(text, expected):
    assert infer_branch(text) == expected


@pytest.mark.parametrize(
    "title, text, expected",
    [
        ("2023年度党建品牌创建工作情况及2024年工作打谱", "", 2023),
        ("工作情况", "2020年3月成立，2022年获评先进。", 2022),
        ("工作情况", "没有年份，101周年。", None),
    ],
)
def test_year(title, text, expected):
    assert infer_year(title, text) == expected


@pytest.mark.parametrize(
    "title, text, expected",
    [
        ("【党旗飘飘】之国企党建篇", "编\n者\n的\n话", "微信文章"),
        ("2023年度党建工作总结", "", "年度总结"),
        ("党建品牌创建情况", "", "品牌创建"),
        ("先锋支部创建经验", "", "经验材料"),
        ("楼宇党建工作情况报告", "", "工作报告"),
    ],
)
def test_kind(title, text, expected):
    assert infer_kind(title, text) == expected


def test_sample_sidecar_covers_every_sample():
    side = read_sidecar(DATA_DIR / "samples" / "metadata.csv")
    names = sorted(p.name for p in (DATA_DIR / "samples").glob("*.txt"))
    assert sorted(side) == names
    assert all(m.branch and m.year for m in side.values())


def test_infer_never_raises_on_odd_text():
    for text in ["", "\x00\x01", "党委" * 5000, "年" * 100]:
        infer_metadata(text, "x.txt")
