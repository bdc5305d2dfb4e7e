"""Tests for analysis.text.report_kinds and the finding rules of analysis.text.item_kinds."""

from __future__ import annotations

import pytest

from analysis.text.clean import clean_text
from analysis.text.item_kinds import finding_kind
from analysis.text.metadata import KINDS as METADATA_KINDS
from analysis.text.metadata import infer_kind as metadata_infer_kind
from analysis.text.metadata import infer_metadata
from analysis.text.outline import parse_structure
from analysis.text.report_kinds import (
    KINDS,
    body_kind,
    headline_kind,
    infer_kind,
    kind_of,
    text_kind,
)


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


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        # an organization, a colon, a slogan: an experience write-up
        ("临江街道枫林社区：“三张清单”激活治理末梢", "经验材料"),
        ("×××县自然资源局党组：推行“X+3”联系制度 打通服务群众“最后一公里”", "经验材料"),
        # the part after the colon names the kind: that rule is kind_of's
        ("青石村党支部：2023年工作总结", ""),
        # no organization before the colon
        ("主题：“三张清单”激活治理末梢", ""),
        ("没有冒号的标题", ""),
    ],
)
def test_headline_kind(title, kind):
    assert headline_kind(title) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("临江街道枫林社区：“三张清单”激活治理末梢\n枫林社区党委下辖4个网格党支部。", "经验材料"),
        # a web page's publishing stamp under the title
        (
            "仁和医院检验科党支部：让检验报告跑出“加速度”\n仁和医院 2025年10月23日 09:15\n支部现有党员21名。",
            "微信文章",
        ),
        (
            "“双岗双责”让党员扛起责任\n原创 青禾党建 2025-09-18 08:30 发表于浙江\n近年来，支部探索。",
            "微信文章",
        ),
        # a press report's opening
        ("筑牢红色堡垒 激活发展动能\n近日，记者走进恒通物流公司，感受党建工作的动力。", "微信文章"),
        # credit lines at the tail of a long article
        (
            "筑牢红色堡垒\n"
            + "支部开展活动，成效明显。\n" * 300
            + "（来源：医院党委办公室）\n编辑：赵**",
            "微信文章",
        ),
        # no title: an opening that looks back over years is an experience piece
        ("近年来，我们坚持把抓党建促乡村振兴作为主线，推动支部建设全面进步。", "经验材料"),
        # ... a year's opening is that period's summary (the labelled sets, 2026-12-08)
        ("今年以来，我们坚持把抓党建促乡村振兴作为主线，推动支部建设全面进步。", "年度总结"),
    ],
)
def test_kind_from_the_page(text, kind):
    assert infer_metadata(text).kind == kind


def test_a_stamp_in_the_body_is_no_article_trace():
    text = "青石村党支部2023年度工作总结\n今年以来，支部扎实开展工作，相关文章发表于《党建》杂志。"
    assert infer_metadata(text).kind == "年度总结"


# ----------------------------------------------------------------------------- the body's shape

_PLAN_BODY_CASES = [
    # an opening stating the year's approach
    (
        "2026年全镇党建工作的总体思路是：坚持党建引领，聚焦强基固本。\n"
        "一、加强政治建设\n（一）落实“第一议题”制度。\n二、建强基层组织\n（一）开展书记轮训。",
        "工作要点",
    ),
    (
        "2026年，镇党委将坚持党建引领，重点抓好以下工作。\n一、加强政治建设\n持续开展理论学习。",
        "工作要点",
    ),
    # the opening's other words do not decide first ("…党建品牌提升行动": no 品牌创建)
    (
        "2026年全镇党建工作的总体思路是：深入实施“红色石湾”党建品牌提升行动。\n"
        "一、加强政治建设\n（一）落实“第一议题”制度。",
        "工作要点",
    ),
    # two plan sections
    (
        "为推动党建工作高质量发展，制定本计划。\n一、总体思路\n以政治建设为统领。\n"
        "二、重点任务\n（一）把牢政治方向。\n三、保障措施\n健全责任制考核。",
        "工作要点",
    ),
    # items saying what is to be done
    (
        "一、抓学习\n1.要落实集中学习制度。\n2.要开展专题党课。\n二、抓队伍\n1.将发展党员向一线倾斜。",
        "工作要点",
    ),
    # a report that looks back is no plan, even with a plan section at its end
    (
        "今年以来，支部扎实推进各项工作。\n一、主要做法\n（一）强化理论学习。\n"
        "二、存在的问题\n学习形式单一。\n三、下一步打算\n（一）要丰富学习形式。\n（二）要加强队伍建设。\n"
        "（三）要健全制度。",
        "",
    ),
    # an opening saying what the writer will do in the year (blind-2026-12c shape)
    (
        "2026年，县团委将在县委的领导下，紧扣中心工作。\n1 强化思想政治引领\n1.1 深化理论学习。",
        "工作要点",
    ),
    ("2026年是开局之年。局机关党委将坚持以政治建设为统领。\n一、抓政治建设", "工作要点"),
    # "现将…报告如下" is no plan
    ("2025年，支部坚持党建引领。现将有关情况报告如下。\n一、加强学习", ""),
    # one plan section alone, no opening, no plan items: nothing said
    ("一、重点任务\n（一）推进阵地建设。\n（二）开展主题党日。", ""),
    ("今年以来，支部开展了主题党日活动12次，党员参与率达到95%。", ""),
]


@pytest.mark.parametrize(("body", "kind"), _PLAN_BODY_CASES)
def test_body_kind_reads_a_work_plans_shape(body, kind):
    assert body_kind(body) == kind


@pytest.mark.parametrize(("body", "kind"), [(b, k) for b, k in _PLAN_BODY_CASES if k])
def test_a_report_without_title_gets_its_kind_from_the_body(body, kind):
    assert infer_metadata(body, "report.txt").kind == kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # a look back over the period reported on: that period's summary
        ("2025年，转炉车间党支部紧紧围绕生产目标，把支部建在生产线上。", "年度总结"),
        ("三季度，银杏社区党总支扎实推进各项党建工作。", "年度总结"),
        ("2024年上半年，柳塘社区党委坚持以党建引领社区治理。", "年度总结"),
        ("一年来，学校党总支坚持党组织领导的校长负责制。", "年度总结"),
        # a secretary's own account of duty, in the first person: a 述职
        ("2025年，我作为学校党支部书记，认真履行抓党建第一责任人职责。", "述职报告"),
        ("本人自担任青禾中学党支部书记以来，认真履行职责。现将情况报告如下。", "述职报告"),
        # ... not the collective 我们, nor a 述职 the report only mentions
        ("一年来，我们认真落实村党支部书记抓党建述职评议制度。", "年度总结"),
        ("刚才，11个村党组织书记逐一进行了述职，大家进行了民主测评。", "其他"),
        # a look back over years: an experience piece
        ("近年来，中心机关党支部打造“暖心公积金”服务品牌。", "经验材料"),
        ("支部现有党员21名，其中预备党员2名。", "其他"),
    ],
)
def test_a_titleless_report_gets_its_kind_from_its_opening(body, kind):
    assert infer_metadata(body, "report.txt").kind == kind


def test_a_title_naming_a_kind_wins_over_the_body():
    body = _PLAN_BODY_CASES[0][0]
    assert infer_metadata("某镇党委2025年度党建工作总结\n" + body, "report.txt").kind == "年度总结"


def test_without_title_a_work_plans_items_are_plans():
    body = _PLAN_BODY_CASES[1][0]
    kinds = {m.kind for m in parse_structure(clean_text(body).text).measures}
    assert kinds == {"plan"}


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于召开2025年度党组织书记抓党建工作述职评议会议的通知", "其他"),
        ("关于开展主题党日活动的通知", "其他"),
        ("关于印发《2026年党建工作要点》的通知", ""),  # a plan sent under a notice
    ],
)
def test_a_notice_is_no_report(title, kind):
    assert kind_of(title) == kind
