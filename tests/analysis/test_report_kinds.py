"""Tests for analysis.text.report_kinds and the finding rules of analysis.text.item_kinds."""

from __future__ import annotations

import pytest

from analysis.text.item_kinds import finding_kind
from analysis.text.metadata import KINDS as METADATA_KINDS
from analysis.text.metadata import infer_kind as metadata_infer_kind
from analysis.text.report_kinds import KINDS, infer_kind, kind_of, text_kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("东湖街道机关党支部2025年党建工作要点", "工作要点"),
        ("某公司党委2025年党建工作计划", "工作要点"),
        ("某村党支部2025年度党建工作安排", "工作要点"),
        ("某社区党委2025年党建工作要点及任务分工", "工作要点"),
        ("某社区党委2025年党建工作要点（征求意见稿）", "工作要点"),
        # a report on how a plan was carried out is not a plan
        ("关于落实2024年党建工作要点情况的报告", "工作报告"),
        # a look back and a plan in one title is a summary
        ("红星厂党支部2023年度工作总结和2024年工作打算", "年度总结"),
        ("某支部2024年度党建工作情况", "年度总结"),
        ("关于全镇村级党组织阵地建设情况的调研报告", "调研报告"),
        ("某局党组书记抓基层党建工作述职报告", "述职报告"),
        ("某社区“红色管家”党建品牌创建情况", "品牌创建"),
        ("某村党支部抓党建促振兴工作情况", "工作报告"),
        ("随笔", ""),
    ],
)
def test_kind_of_title(title, kind):
    assert kind_of(title) == kind


def test_metadata_keeps_the_same_kinds():
    assert METADATA_KINDS is KINDS and metadata_infer_kind is infer_kind
    assert "工作要点" in KINDS
    assert infer_kind("某支部2025年党建工作要点", "") == "工作要点"
    assert infer_kind("", "") == "其他"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("东湖街道机关党支部2025年党建工作要点\n2025年，……", "工作要点"),
        ("\n\n关于村级阵地建设的调研报告\n为了……", "调研报告"),
        ("支部今年工作要点如下。\n一、……", ""),  # a sentence, not a title
        ("", ""),
    ],
)
def test_text_kind_reads_the_title_line(text, kind):
    assert text_kind(text) == kind


@pytest.mark.parametrize(
    ("finding", "kind"),
    [
        # an achievement paired with a shortcoming is a problem
        ("阵地建设投入逐年增加，但使用效率仍显不足", "problem"),
        ("管理制度基本建立，但落实不够到位", "problem"),
        ("党员队伍不断壮大，但年龄结构偏大、发展党员有待加强", "problem"),
        # a shortcoming alone
        ("部分支部书记能力与岗位要求不相适应，作用发挥不够", "problem"),
        ("党员教育管理存在薄弱环节", "problem"),
        ("党员队伍结构偏老，发展党员难度较大", "problem"),
        # growth or improvement alone is an effect
        ("阵地功能不断完善，服务群众能力明显提升", "result"),
        ("集体经济收入稳步增加", "result"),
        # neither: a plain fact stays background
        ("全镇共有村党组织十四个", ""),
    ],
)
def test_finding_kind(finding, kind):
    assert finding_kind(finding) == kind
