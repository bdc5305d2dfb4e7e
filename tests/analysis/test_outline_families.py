"""The outline grammar's enumerator families and the kinds that change what an item is (issue 31).

Each case runs the text through clean_text then parse_structure, as the pipeline does.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.models import ITEM_KINDS, Structure
from analysis.text.clean import clean_text
from analysis.text.outline import parse_structure


def parse(text: str) -> Structure:
    return parse_structure(clean_text(text).text)


def tree(s: Structure) -> list[tuple[str, str, str]]:
    """(path, kind, title) of every item."""
    return [(m.path, m.kind, m.title) for m in s.measures]


BODY = "支部把这项工作列入年度计划，明确责任人和完成时限，定期督促检查，党员群众普遍认可。"


def test_yizhua_headings_hold_their_yishi_items_and_a_cut_marker_is_no_item():
    text = (
        "青山村党支部2024年上半年党建工作总结\n"
        "今年以来，青山村党支部以“三抓三促”为抓手推动各项工作落实。\n"
        "一抓队伍，锤炼过硬作风，增强支部战斗力。一是严格落实“三会一课”制度；二是开展党员亮身份活动。\n"
        "二抓产业，拓宽增收渠道，壮大集体经济。一是流转土地发展大棚蔬菜；二是成立劳务合作社。\n"
        "三抓服务，回应群众关切。一是推行干部轮流坐班制度；二是建立困难群众帮扶台账；三是抓"
    )
    assert tree(parse(text)) == [
        ("1", "measure", "抓队伍，锤炼过硬作风，增强支部战斗力"),
        ("1.1", "measure", "严格落实“三会一课”制度"),
        ("1.2", "measure", "开展党员亮身份活动"),
        ("2", "measure", "抓产业，拓宽增收渠道，壮大集体经济"),
        ("2.1", "measure", "流转土地发展大棚蔬菜"),
        ("2.2", "measure", "成立劳务合作社"),
        ("3", "measure", "抓服务，回应群众关切"),
        ("3.1", "measure", "推行干部轮流坐班制度"),
        ("3.2", "measure", "建立困难群众帮扶台账"),
    ]


@pytest.mark.parametrize(("verb", "kept"), [("要", ""), ("强化", "强化")])
def test_other_numeral_verb_families(verb, kept):
    # a verb stays in the title ("强化政治引领"); a modal (一要/二要) belongs to the marker
    text = "某支部工作总结\n" + "\n".join(
        f"{n}{verb}{topic}，提升{aim}。一是{a}；二是{b}。"
        for n, topic, aim, a, b in [
            ("一", "政治引领", "思想站位", "组织集中学习", "开展专题研讨"),
            ("二", "组织建设", "堡垒作用", "完成支委补选", "规范党费收缴"),
        ]
    )
    s = parse(text)
    assert [(m.path, m.title) for m in s.measures if m.level < 5] == [
        ("1", f"{kept}政治引领，提升思想站位"),
        ("2", f"{kept}组织建设，提升堡垒作用"),
    ]
    assert [m.parent for m in s.measures if m.level == 5] == ["1", "1", "2", "2"]


def test_a_lone_numeral_word_is_no_heading():
    text = "某支部工作总结\n一些党员参加学习不积极，" + BODY + "\n一直以来，" + BODY
    assert parse(text).measures == ()


def test_decimal_headings_and_article_metadata():
    text = (
        "国有企业党建与生产经营深度融合的实践探索\n李某某\n"
        "摘 要:党建与生产经营深度融合是国有企业高质量发展的内在要求。本文总结其做法。\n"
        "关键词:国有企业;党建;深度融合\n中图分类号:D267 文献标识码:A\n"
        "doi:10.16781/j.cnki.djyj.2024.03.015\n"
        "1 引言\n近年来，公司党委坚持把党的领导融入公司治理各环节，推动党建与经营同频共振。\n"
        "2 夯实组织基础，激发融合活力\n2.1 以制度建设推动融合落地\n" + BODY + "\n"
        "2.2 以项目攻关激发党员活力\n" + BODY + "\n"
        "3 强化考核评价，压实融合责任\n3.1 建立融合成效评价机制\n" + BODY + "\n"
        "4 结语\n实践表明，党建与生产经营深度融合能够为企业发展提供坚强保证。\n"
        "作者简介:李某某，某能源公司党委工作部干部。\n"
    )
    assert [(m.path, m.parent, m.title) for m in parse(text).measures] == [
        ("2", "", "夯实组织基础，激发融合活力"),
        ("2.1", "2", "以制度建设推动融合落地"),
        ("2.2", "2", "以项目攻关激发党员活力"),
        ("3", "", "强化考核评价，压实融合责任"),
        ("3.1", "3", "建立融合成效评价机制"),
    ]


def test_a_decimal_heading_may_open_with_a_quoted_brand():
    text = (
        "1 公司党建工作现状\n公司下设基层党支部36个，共有党员1284名，其中生产一线党员占多数。\n"
        "2 “党建+”模式的实践路径\n2.1 党建+安全生产\n"
        + BODY
        + "\n2.2 党建+优质服务\n"
        + BODY
        + "\n"
    )
    # "2 …实践路径" names the practice section; its 2.1, 2.2 are the measures
    assert [(m.path, m.section, m.title) for m in parse(text).measures] == [
        ("2.1", ("“党建+”模式的实践路径",), "党建+安全生产"),
        ("2.2", ("“党建+”模式的实践路径",), "党建+优质服务"),
    ]


def test_figures_at_line_starts_are_not_decimal_headings():
    text = "某支部工作总结\n支部现有党员\n12 名，其中\n2 名为预备党员。" + BODY
    assert parse(text).measures == ()


@pytest.mark.parametrize("quote", [("“", "”"), ("", "")])
def test_colon_title_and_quoted_brand_leads(quote):
    o, c = quote
    text = (
        "城关镇幸福社区：“三张清单”激活治理末梢\n"
        "幸福社区党委下设 5 个网格党支部。今年以来，社区党委把服务做到群众家门口。\n"
        f"{o}双岗双责{c}行动夯实基层基础。{BODY}\n"
        f"{o}红色管家{c}服务破解物业难题。{BODY}\n"
        f"{o}1+3{c}议事机制凝聚治理合力。{BODY}\n"
    )
    assert (
        [m.title for m in parse(text).measures]
        == [
            f"{o}双岗双责{c}行动夯实基层基础",
            f"{o}红色管家{c}服务破解物业难题",
            f"{o}1+3{c}议事机制凝聚治理合力",
        ]
        if o
        else [
            "双岗双责行动夯实基层基础",
            "红色管家服务破解物业难题",
        ]
    )  # fmt: skip  (unquoted, a lead holding digits stays prose)


def test_a_yishi_run_nested_in_an_erhi_paragraph():
    text = (
        "某中学党总支工作总结\n一、主要做法\n（一）坚持固本强基，建强支部战斗堡垒。\n"
        "一是配齐配强支部班子。完成在职教师支部换届，支部书记全部由骨干教师担任。\n"
        "二是强化统筹，完善“双培养”机制。一是建立培养对象台账；二是实行导师带教；三是定期开展评议。\n"
        "三是规范组织生活。严格落实主题党日制度，党员参与率明显提高。\n"
    )
    assert [(m.path, m.title) for m in parse(text).measures] == [
        ("1.1", "坚持固本强基，建强支部战斗堡垒"),
        ("1.1.1", "配齐配强支部班子"),
        ("1.1.2", "强化统筹，完善“双培养”机制"),
        ("1.1.2.1", "建立培养对象台账"),
        ("1.1.2.2", "实行导师带教"),
        ("1.1.2.3", "定期开展评议"),
        ("1.1.3", "规范组织生活"),
    ]


def test_the_last_item_cut_by_the_end_of_the_text_is_kept_with_a_real_title():
    text = "某支部工作总结\n支部一是加强组织领导；二是强化理论学习；三是规范组织生活，严格落实"
    assert [m.title for m in parse(text).measures] == [
        "加强组织领导",
        "强化理论学习",
        "规范组织生活",
    ]


def test_a_work_plan_lists_plans():
    text = (
        "东湖街道机关党支部2025年党建工作要点\n"
        "2025年，机关党支部党建工作的总体思路是：坚持以党的政治建设为统领，推动机关党建提质增效。\n"
        "一、加强政治建设\n1.深入开展理论学习。落实“第一议题”制度。\n2.严肃党内政治生活。严格执行制度。\n"
        "二、夯实基层基础\n1.推进支部标准化建设。对照标准逐项整改。\n2.推行“X+3”联系制度。定期走访谈心。\n"
    )
    s = parse(text)
    assert {m.kind for m in s.measures} == {"plan"}
    assert [m.title for m in s.measures] == [
        "加强政治建设",
        "深入开展理论学习",
        "严肃党内政治生活",
        "夯实基层基础",
        "推进支部标准化建设",
        "推行“X+3”联系制度",  # the placeholder X kept as written
    ]


def test_a_summary_with_the_same_outline_lists_measures():
    text = "某支部2024年党建工作总结\n一、加强政治建设\n1.深入开展理论学习。落实制度。\n"
    assert {m.kind for m in parse(text).measures} == {"measure"}


def test_a_research_report_sorts_findings_by_their_wording():
    text = (
        "关于全镇村级党组织阵地建设情况的调研报告\n"
        "为全面掌握阵地建设情况，镇党委组织办对全镇村进行了专题调研，现将有关情况报告如下。\n"
        "一、基本情况\n"
        "（一）阵地建设投入逐年增加，但使用效率仍显不足。部分村活动室长期闲置。\n"
        "（二）阵地功能不断完善，服务群众能力明显提升。群众办事更加方便。\n"
        "二、存在的问题\n"
        "有阵地、缺活动。部分村阵地建成后开展活动较少，群众参与度不高。\n"
        "有设施、缺人气。一些村的农家书屋、文体活动室利用率低，设施闲置。\n"
        "三、对策建议\n"
        "（一）丰富阵地活动内容，定期开展主题党日。\n（二）建立阵地管理员制度，明确专人负责。\n"
    )
    assert [(m.kind, m.title) for m in parse(text).measures] == [
        ("problem", "阵地建设投入逐年增加，但使用效率仍显不足"),
        ("effect", "阵地功能不断完善，服务群众能力明显提升"),
        ("problem", "有阵地、缺活动"),
        ("problem", "有设施、缺人气"),
        ("plan", "丰富阵地活动内容，定期开展主题党日"),
        ("plan", "建立阵地管理员制度，明确专人负责"),
    ]


def test_a_plan_paragraph_with_yiyao_items():
    text = (
        "某支部第三季度党建工作总结\n"
        "一强化政治引领，提升思想站位。一是组织党员集中学习；二是开展专题研讨。\n"
        "二强化组织建设，提升堡垒作用。一是完成支部委员补选；二是规范党费收缴。\n"
        "下一步，支部将一要持续抓好理论学习，二要推动党建与项目深度融合。\n"
    )
    s = parse(text)
    assert [m.title for m in s.measures if m.kind == "plan"] == [
        "持续抓好理论学习",
        "推动党建与项目深度融合",
    ]


def test_run_on_page_with_chunk_markers():
    text = (
        "县人民医院党委2024年第一季度党建工作总结\n"
        "县人民医院党委2024年第一季度党建工作总结一、主要工作（一）强化政治引领。医院党委坚持"
        "第一议题制度，召开中心组学习 3 次，\n"
        "2、组织全院党员集中学习。（二）推进党建业务融合。在 8 个科室设立党员先锋岗，开展义诊活动，\n"
        "3、惠及群众 600 余人次。二、下一步打算\n"
        "4、一是深化“党建+医疗服务”品牌建设；二是加强青年医务人员政治培养。\n"
    )
    assert [(m.kind, m.title) for m in parse(text).measures] == [
        ("measure", "强化政治引领"),
        ("measure", "推进党建业务融合"),
        ("plan", "深化“党建+医疗服务”品牌建设"),
        ("plan", "加强青年医务人员政治培养"),
    ]


def test_run_on_page_with_arabic_items_and_section_names_run_into_their_body():
    text = (
        "某公司党支部上半年工作总结上半年，支部围绕生产经营中心任务扎实开展工作。一、主要做法1.抓"
        "学习教育，组织党员集中学习。2.抓组织建设，完成支部换届选举工作。二、存在问题一是党员作用"
        "发挥不够充分；二是学习形式单一。三、下步打算一是持续加强党员教育管理；二是丰富学习形式。"
    )
    assert [(m.kind, m.title) for m in parse(text).measures] == [
        ("measure", "抓学习教育，组织党员集中学习"),
        ("measure", "抓组织建设，完成支部换届选举工作"),
        ("problem", "党员作用发挥不够充分"),
        ("problem", "学习形式单一"),
        ("plan", "持续加强党员教育管理"),
        ("plan", "丰富学习形式"),
    ]


_PIECES = st.sampled_from(
    [
        "一抓", "二抓", "三是抓", "一要", "二要", "1 ", "2.1 ", "2 ", "3.1.2", "下一步，", "摘 要:",
        "一、", "（一）", "（二）", "二、", "1.", "2、", "一是", "二是", "首先，", "“", "”", "。", "，",
        "\n", "\n\n", "今年以来", "工作总结", "工作要点", "调研报告", "但仍显不足", "X+3", "加强组织领导",
        "支部", "12 个", " ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_parser_never_raises_on_family_soup(pieces):
    text = "".join(pieces)
    s = parse(text)
    cleaned = clean_text(text).text
    for m in s.measures:
        assert m.kind in ITEM_KINDS and 0 <= m.start <= m.end <= len(cleaned)
        assert m.level < 5 or len(m.title) >= 2  # no one-character item from a cut 一是/三是抓


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_raises_on_random_text(text):
    parse(text)


def test_many_enumeration_paragraphs_are_read_whole():
    # 500 KB of 一抓/一是 paragraphs: handled whole (a rule reading the rest of the text per item
    # would be quadratic and take minutes here)
    text = "某支部工作总结\n" + "\n".join(
        f"{'一二'[i % 2]}抓队伍，锤炼作风。一是严格制度；二是开展活动；三是抓" for i in range(20000)
    )
    s = parse(text)
    assert len(text) > 500_000 and len(s.measures) >= 40000


def test_a_plan_lead_before_a_later_top_heading_stays_a_sentence_of_its_section():
    text = (
        "某支部工作总结\n一、主要做法\n（一）加强学习。支部坚持每月集中学习，党员参学率明显提高。\n"
        "下一步，支部将一是深化学习；二是丰富形式。\n（二）规范组织生活。严格落实制度，质量稳步提升。\n"
        "二、下一步打算\n一是加强队伍建设；二是推动融合发展。\n"
    )
    s = parse(text)
    assert [m.title for m in s.measures if m.kind == "plan"] == ["加强队伍建设", "推动融合发展"]
    assert "规范组织生活" in [m.title for m in s.measures if m.kind == "measure"]


BARE_BODY = (
    "支部把党建工作与生产经营同部署、同落实、同考核，围绕年度重点项目设立党员先锋岗，"
    "组建党员突击队，推动项目如期完工。"
)


@pytest.mark.parametrize(
    ("practices", "expected"),
    [
        # a lone bare heading among numbered ones is a practice of its own
        (
            "（一）坚持政治引领，筑牢思想根基\n支部坚持每周一召开例会，集中学习党的理论。\n"
            f"深化党建业务融合，服务中心工作\n{BARE_BODY}\n（二）建设党员活动室\n{BARE_BODY}\n",
            ["坚持政治引领，筑牢思想根基", "深化党建业务融合，服务中心工作", "建设党员活动室"],
        ),
        # a practices section whose headings are all bare lines (verb first, or A，B)
        (
            f"支部围绕中心工作扎实推进党建工作。\n强化政治引领\n{BARE_BODY}\n"
            f"夯实组织基础\n{BARE_BODY}\n深化党建业务融合，服务中心工作\n{BARE_BODY}\n",
            ["强化政治引领", "夯实组织基础", "深化党建业务融合，服务中心工作"],
        ),
        # a scene line over a paragraph heads nothing (a caption shape, kept out by clean_text)
        (
            f"（一）建设党员活动室\n{BARE_BODY}\n支部党员现场踏勘\n{BARE_BODY}\n",
            ["建设党员活动室"],
        ),
    ],
)
def test_bare_heading_lines_over_a_body_are_practices(practices, expected):
    text = (
        "某公司党支部2023年工作总结\n一、主要做法\n"
        + practices
        + "二、存在问题\n一是学习不够深入；二是制度落实不严。\n"
    )
    s = parse(text)
    assert [m.title for m in s.measures if m.kind == "measure"] == expected
    assert [m.title for m in s.measures if m.kind == "problem"] == ["学习不够深入", "制度落实不严"]


LEAD_PRACTICES = (
    "某村党支部2024年工作总结\n今年以来，支部围绕中心工作扎实推进党建工作。\n"
    "一、加强班子建设\n坚持每月召开支委会，班子分工联系村民小组6个。\n"
    "二、发展集体经济\n盘活闲置土地80亩，村集体经济收入持续增加。\n"
)


@pytest.mark.parametrize(
    ("closing", "problems", "plans"),
    [
        # a closing paragraph announcing shortcomings, then the plans from the plan word on
        (
            "一年来，支部工作取得了一定成效，但也存在一些不足：党员教育方式还不够丰富，"
            "青年党员占比偏低。下一步，支部将持续创新党员教育方式，加强青年人才培养。\n",
            ["党员教育方式还不够丰富，青年党员占比偏低"],
            ["持续创新党员教育方式，加强青年人才培养"],
        ),
        # the announcement alone on its line; the sign-off is no item
        (
            "同时，工作中还存在一些问题和不足。\n党员队伍老化，发展年轻党员难度较大。\n"
            "下一步，我们将加大发展青年党员力度。\n某村党支部\n2024年12月1日\n",
            ["党员队伍老化，发展年轻党员难度较大"],
            ["加大发展青年党员力度"],
        ),
        # 存在 without 还/也/仍 or a quantity names no shortcomings: a practice's sentence
        ("针对存在的问题，支部采取了有力措施，效果明显。\n", [], []),
    ],
)
def test_a_paragraph_announcing_shortcomings_heads_problems(closing, problems, plans):
    s = parse(LEAD_PRACTICES + closing)
    assert [m.title for m in s.measures if m.kind == "measure"] == ["加强班子建设", "发展集体经济"]
    assert [m.title for m in s.measures if m.kind == "problem"] == problems
    assert [m.title for m in s.measures if m.kind == "plan"] == plans
