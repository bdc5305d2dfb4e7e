"""Outline rules of this round (issue 31), one table each: nested 一是 runs in a later item,
period labels and dotted decimal headings, closing paragraphs as sections, parallel heading sets,
speech leads, section words and kinds. Every text is invented; each case runs clean_text then
parse_structure, as the pipeline does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.models import ITEM_KINDS, Structure
from analysis.text.clean import clean_text
from analysis.text.item_kinds import finding_kind
from analysis.text.outline import classify_section, parse_structure

TITLE = "某公司党支部2025年党建工作总结\n"
BODY = "支部把这项工作列入年度计划，明确责任人和完成时限，定期督促检查，党员群众普遍认可。"


def parse(text: str) -> Structure:
    return parse_structure(clean_text(text).text)


def items(text: str) -> list[tuple[str, str, str]]:
    """(path, kind, title) of every item."""
    return [(m.path, m.kind, m.title) for m in parse(text).measures]


# ----------------------------------------------------------------------------- nested runs

NESTED = (
    "（一）抓学习，筑牢思想根基。" + BODY + "\n"
    "（二）抓融合，推动工作落地。一是开展岗位创建活动；二是深化上门服务，强化用户管理。"
    "围绕老旧小区改造，一是上门开展安全检查，二是更换老化软管，三是开展宣传进社区"
)


@pytest.mark.parametrize(
    ("tail", "outer"),
    [
        ("。", []),  # the nested run ends with the paragraph
        (
            "；三是落实值班制度，做好应急准备。",
            [("2.3", "measure", "落实值班制度")],
        ),  # outer goes on
    ],
)
def test_a_yishi_run_after_a_sentence_of_a_later_item_nests_in_it(tail, outer):
    assert items(TITLE + NESTED + tail)[1:] == [
        ("2", "measure", "抓融合，推动工作落地"),
        ("2.1", "measure", "开展岗位创建活动"),
        (
            "2.2",
            "measure",
            "深化上门服务，强化用户管理",
        ),  # its heading sentence, not its first clause
        ("2.2.1", "measure", "上门开展安全检查"),
        ("2.2.2", "measure", "更换老化软管"),
        ("2.2.3", "measure", "开展宣传进社区"),
        *outer,
    ]


def test_a_first_item_holding_a_second_run_does_not_nest_it():
    # a 一是 that opens no paragraph holds no run: a new 一是 after its sentence restarts
    text = TITLE + "（一）抓学习。一是开展集中学习。围绕专题，一是组织研讨，二是撰写体会。\n"
    text += "（二）抓作风。" + BODY
    assert [m.title for m in parse(text).measures if m.level == 5] == [
        "开展集中学习",
        "组织研讨",
        "撰写体会",
    ]
    assert {m.parent for m in parse(text).measures if m.level == 5} == {"1"}


# ----------------------------------------------------------------------------- headings


@pytest.mark.parametrize(
    ("label", "title"),
    [
        ("一季度：", "一季度：聚焦学习抓引领"),
        ("3月份：", "3月份：聚焦学习抓引领"),
        ("第二阶段：", "第二阶段：聚焦学习抓引领"),
        ("上半年：", "上半年：聚焦学习抓引领"),
        ("主要做法：", "主要做法"),  # a section name is no period label
    ],
)
def test_a_period_label_before_a_colon_stays_in_the_heading(label, title):
    text = (
        TITLE
        + f"一、工作开展情况\n（一）{label}聚焦学习抓引领。{BODY}\n（二）{label}聚焦服务抓融合。{BODY}"
    )
    assert parse(text).outline[0].children[0].title == title


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("1.1 抓实理论武装。" + BODY, True),  # a dotted number with its body on the line
        ("1.1 抓实理论武装", True),
        ("1.1" + BODY * 2, False),  # no heading sentence: a long first sentence
    ],
)
def test_a_dotted_decimal_heading_may_carry_its_body(line, heading):
    text = (
        TITLE
        + f"1 坚持政治引领，筑牢思想根基\n{line}\n1.2 抓严组织生活\n{BODY}\n2 夯实组织基础\n{BODY}"
    )
    titles = [m.title for m in parse(text).measures]
    assert ("抓实理论武装" in titles) is heading
    assert "抓严组织生活" in titles


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("二、调研发现", "background"),
        ("一、总体思路", "background"),
        ("1 问题的提出", "background"),
        ("一、品牌内涵", "background"),
        ("一、履行职责情况", "practice"),
        ("二、重点任务", "practice"),
        ("二、下季度工作安排", "plan"),
        ("三、下半年工作打算", "plan"),
        ("三、下一阶段工作", "plan"),
        ("（二）丰富活动内涵", "other"),  # only a brand's 内涵 frames a report
        ("一、2025年党建工作回顾", "practice"),
        # a speech names its section's kind in a four-character first clause
        ("一、肯定成绩，2025年全镇基层党建工作有新进步", "result"),
        ("二、正视问题，清醒认识差距和不足", "problem"),
        ("三、明确任务，推动2026年基层党建再上新台阶", "plan"),
        ("（一）坚持政治引领，“两个维护”更加坚定", "other"),  # a practice, no section
    ],
)
def test_section_words(heading, kind):
    assert classify_section(heading) == kind


def test_a_section_naming_a_later_year_after_a_look_back_holds_plans():
    text = (
        "一、2025年党建工作回顾\n（一）坚持政治引领，学习更加深入。全年召开党委会12次。\n"
        "二、2026年重点任务\n（一）突出政治统领，在把方向上下功夫。坚持第一议题制度。\n"
    )
    assert [(m.kind, m.title) for m in parse(text).measures] == [
        ("measure", "坚持政治引领，学习更加深入"),
        ("plan", "突出政治统领，在把方向上下功夫"),
    ]


@pytest.mark.parametrize(
    ("lead_in", "kind"),
    [
        ("在肯定成绩的同时，我们也要清醒看到存在的不足：", "problem"),
        ("全年工作取得了以下成效：", "effect"),
        ("下一步，支部将重点抓好以下工作：", "plan"),
        ("支部主要采取了以下做法：", "measure"),  # no kind of its own: the section's
        ("我们也要清醒看到存在的不足，", "measure"),  # no colon: no lead-in
    ],
)
def test_an_inline_runs_lead_in_names_its_kind(lead_in, kind):
    text = (
        "一、主要工作\n支部全年组织学习12次。"
        + lead_in
        + "一是党员学习主动性不强；二是活动形式较为单一；三是阵地建设有短板。\n"
    )
    assert {m.kind for m in parse(text).measures} == {kind}


def test_a_work_plans_tasks_and_measures_are_plans():
    text = (
        "某公司党委2026年党建工作计划\n一、总体思路\n2026年党建工作的总体思路是：以政治建设为统领。\n"
        "二、重点任务\n（一）把牢政治方向。一要落实第一议题制度；二要开展专题教育。\n"
        "三、保障措施\n健全党建工作责任制考核；加强党建工作经费保障。\n"
    )
    assert items(text) == [
        ("2.1", "plan", "把牢政治方向"),
        ("2.1.1", "plan", "落实第一议题制度"),
        ("2.1.2", "plan", "开展专题教育"),
        ("3.1", "plan", "健全党建工作责任制考核"),
        ("3.2", "plan", "加强党建工作经费保障"),
    ]


# ----------------------------------------------------------------------------- closings

PRACTICES = "（一）强化理论学习。" + BODY + "\n（二）推进阵地建设。" + BODY + "\n"


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        # a plan word and items: a plan section; a period ahead needs 将/要 (下半年，支部开展了…)
        (
            "下半年，综合党委将重点做好以下工作：一是推行指导员制度；二是开展述职评议。",
            [("plan", "推行指导员制度"), ("plan", "开展述职评议")],
        ),
        (
            "下半年，支部一是开展党员轮训；二是举办主题党日。",  # no 将/要: items of the part above
            [("measure", "开展党员轮训"), ("measure", "举办主题党日")],
        ),
        # a closing pledge alone is a plan, a closing sentence of results an effect
        ("下一步，检验科党支部将继续深化“党建+业务”模式。", [("plan", "继续深化“党建+业务”模式")]),
        ("今后，我们将进一步加强支部标准化建设。", [("plan", "进一步加强支部标准化建设")]),
        (
            "通过这些努力，村容村貌明显改观，群众满意度持续提升。",
            [("effect", "村容村貌明显改观，群众满意度持续提升")],
        ),
        ("通过开展结对帮扶，困难群众收入明显增加。", [("effect", "困难群众收入明显增加")]),
        ("通过支部书记牵头，各党小组制定学习计划。", []),  # what was done, no result: no section
        # shortcomings named between 存在 and 等问题
        (
            "同时，社区也存在停车位紧张、加装电梯推进较慢等问题。",
            [("problem", "停车位紧张、加装电梯推进较慢")],
        ),
        # a section name and a colon
        (
            "存在的不足：党员教师的示范作用发挥还不够充分。",
            [("problem", "党员教师的示范作用发挥还不够充分")],
        ),
        ("下步打算：持续推进支部标准化建设。", [("plan", "持续推进支部标准化建设")]),
    ],
)
def test_closing_paragraphs_are_sections_of_their_kind(closing, expected):
    found = [(k, t) for _, k, t in items(TITLE + PRACTICES + closing)]
    assert found == [("measure", "强化理论学习"), ("measure", "推进阵地建设"), *expected]


def test_a_closing_sentence_in_a_named_section_is_read_by_that_section():
    text = (
        TITLE
        + PRACTICES
        + "二、存在的问题\n党员活动形式较为单一。\n下一步，支部将持续推进阵地建设。"
    )
    found = [(k, t) for _, k, t in items("一、主要工作\n" + text.split("\n", 1)[1])]
    assert ("problem", "党员活动形式较为单一") in found
    assert ("plan", "持续推进阵地建设") in found


def test_a_closing_section_does_not_turn_the_body_into_a_preface():
    text = (
        TITLE
        + "一是健全组织体系，解决谁来抓的问题。"
        + BODY
        + "\n二是创新活动载体，解决怎么抓的问题。"
    )
    text += BODY + "\n存在的不足：支部活动与业务结合不够紧密。"
    assert [k for _, k, _ in items(text)] == ["measure", "measure", "problem"]


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        # opening words go: a plan's subject and 将/要, a result's means, 存在…等问题
        ("下一步，检验科党支部将继续深化服务模式。", "继续深化服务模式"),
        ("下半年，社区党委将完善网格治理体系。", "完善网格治理体系"),
        ("通过开展结对帮扶，困难群众收入明显增加。", "困难群众收入明显增加"),
        ("通过支部书记牵头，各党小组制定学习计划。", "通过支部书记牵头，各党小组制定学习计划"),
        ("工作中也存在学习形式单一、覆盖面不广等问题。", "学习形式单一、覆盖面不广"),
        ("下一步，重要的是抓好落实。", "重要的是抓好落实"),  # 重要 is no subject and 要
    ],
)
def test_a_sentence_items_title_keeps_its_own_words(sentence, title):
    text = TITLE + "一、主要工作\n" + PRACTICES + "二、工作成效\n" + sentence
    assert items(text)[-1][2] == title


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        (
            "团干部多为兼职，精力投入有限；部分活动形式单一，吸引力有待增强。",
            2,
        ),  # clauses split by ；
        (
            "有阵地、缺活动。部分村阵地建成后开展活动较少，存在建而不用的情况。",
            1,
        ),  # a lead and its why
        (
            "有阵地，缺活动。部分村阵地建成后开展活动较少，存在建而不用的情况。",
            2,
        ),  # a comma: no lead
    ],
)
def test_a_lead_and_its_explanation_is_one_problem(problems, expected):
    text = TITLE + "一、主要工作\n" + PRACTICES + "二、存在的问题\n" + problems
    assert sum(1 for _, k, _ in items(text) if k == "problem") == expected


# ----------------------------------------------------------------------------- parallel sets


@pytest.mark.parametrize(
    "heads",
    [
        ["青春在攻坚中闪光", "青春在创新中绽放", "青春在服务中传递"],  # the same opening words
        ["支部书记当好“头雁”", "党员骨干争当“尖兵”", "党群同心织密“服务网”"],  # a quoted tail
    ],
)
def test_a_parallel_set_of_short_lines_heads_the_paragraphs_below(heads):
    text = "标题：青年突击队在一线挑大梁\n" + "".join(f"{h}\n{BODY}\n" for h in heads)
    assert [(k, t) for _, k, t in items(text)] == [("measure", h) for h in heads]


def test_captions_of_one_subject_are_no_parallel_set():
    text = TITLE + BODY + "\n支部党员活动日\n" + BODY + "\n支部党员干部参加包街督导\n" + BODY
    text += "\n支部党员现场踏勘\n" + BODY
    assert set(clean_text(text).captions) == {
        "支部党员活动日",
        "支部党员干部参加包街督导",
        "支部党员现场踏勘",
    }


# ----------------------------------------------------------------------------- leads and findings


def test_words_quoted_after_a_colon_are_speech_not_a_lead():
    text = TITLE + "“双岗双责”夯实基层基础。" + BODY + "\n“技术先锋”破解生产难题。" + BODY
    text += "\n公司负责人说：“党支部就是企业的主心骨，有事就找支部。”"
    assert [t for _, _, t in items(text)] == ["“双岗双责”夯实基层基础", "“技术先锋”破解生产难题"]


@pytest.mark.parametrize(
    ("finding", "kind"),
    [
        ("带富能力有所增强，但利益联结还不紧密", "problem"),
        ("认同度有所提高，但参与度仍然偏低", "problem"),
        ("经费保障逐年增加，但阵地闲置", "problem"),
        ("组织覆盖明显扩大，但不断有新企业加入", "result"),  # 不断 is no shortcoming
        ("党员示范作用明显增强", "result"),
        # the shortcoming after a clause of its own (blind-2026-12c shape)
        ("党员作用有所发挥，但在重点任务中，先锋岗的带动作用还不够突出", "problem"),
        ("组织设置基本规范", "result"),
    ],
)
def test_a_finding_pairing_an_achievement_with_a_shortcoming_is_a_problem(finding, kind):
    assert finding_kind(finding) == kind


# ----------------------------------------------------------------------------- invariants

_PIECES = st.sampled_from(
    [
        "存在的不足：", "也存在", "等问题。", "下半年，", "支部将", "下一步，", "通过这些努力，", "明显提升",
        "一季度：", "1.1 ", "1 ", "2 ", "1、", "2、", "3、", "一、", "（一）", "一是", "二是", "三是",
        "。", "，", "；", "\n", "“", "”", "青春在", "当好“头雁”", "调研报告", "工作计划", "但仍偏低",
        "公司负责人说：“", "重点任务", "保障措施", "加强组织领导", " ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_parser_never_raises_on_this_rounds_shapes(pieces):
    text = "".join(pieces)
    cleaned = clean_text(text).text
    s = parse_structure(cleaned)
    for m in s.measures:
        assert m.kind in ITEM_KINDS and 0 <= m.start <= m.end <= len(cleaned)
        assert m.title and (m.level < 5 or len(m.title) >= 2)  # no bare or cut marker as item


def test_circled_numbers_inside_a_paragraph_are_a_run():
    text = (
        "一、主要工作\n（一）压实责任链条。①召开全镇党建工作会议，签订责任书19份；"
        "②落实书记述职评议；③建立包村联系制度。\n（二）建强基层堡垒。开展软弱涣散村党组织整顿。\n"
    )
    assert [(m.path, m.title) for m in parse(text).measures] == [
        ("1.1", "压实责任链条"),
        ("1.1.1", "召开全镇党建工作会议"),
        ("1.1.2", "落实书记述职评议"),
        ("1.1.3", "建立包村联系制度"),
        ("1.2", "建强基层堡垒"),
    ]


def test_a_section_label_then_a_numbered_list_in_a_report_of_lead_paragraphs():
    text = (
        "三季度，社区党总支扎实推进各项党建工作。\n"
        "紧扣理论学习，筑牢思想根基。组织党员开展集中学习3次，开展微党课5期。\n"
        "强化网格治理，守牢安全底线。把社区划分为12个网格，党员网格员每周巡查。\n"
        "存在不足：青年党员参与积极性不高；议事协商机制还不够完善。\n"
        "四季度打算：1.开展年度党员民主评议，按时完成全体党员的评议工作；2.召开邻里议事会4次，"
        "推进加装电梯项目；3.做好走访慰问。\n"
    )
    assert [(m.kind, m.title) for m in parse(text).measures] == [
        ("measure", "紧扣理论学习，筑牢思想根基"),
        ("measure", "强化网格治理，守牢安全底线"),
        ("problem", "青年党员参与积极性不高"),
        ("problem", "议事协商机制还不够完善"),
        ("plan", "开展年度党员民主评议，按时完成全体党员的评议工作"),
        ("plan", "召开邻里议事会4次，推进加装电梯项目"),
        ("plan", "做好走访慰问"),
    ]


def test_a_parallel_set_of_bare_heads_keeps_a_member_with_an_unknown_verb():
    body = "社区党委按照小区建支部的思路，在6个小区建立党支部，选出党员中心户132户。\n"
    text = (
        "丹桂社区：“小院议事”绘就基层治理同心圆\n丹桂社区是典型的老旧小区集中社区，居民3120户。\n"
        "织密组织网络\n"
        + body
        + "搭建议事平台\n"
        + body
        + "整合共建资源\n"
        + body
        + "培育骨干力量\n"
        + body
    )
    assert [(m.kind, m.title) for m in parse(text).measures] == [
        ("measure", "织密组织网络"),
        ("measure", "搭建议事平台"),  # 搭建议事 names no 建议 (plans) section
        ("measure", "整合共建资源"),  # not a photo caption: one of a set of one length
        ("measure", "培育骨干力量"),
    ]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "（一）组织嵌入：把党组织建在小区里。在具备条件的小区成立党支部38个。",
            "组织嵌入：把党组织建在小区里",
        ),
        (
            "（一）强化学习：组织党员开展集中学习12次，全年学习不断线。",
            "强化学习",
        ),  # a body follows
        ("（一）基本情况：支部现有党员21名。", "基本情况"),  # a section's name: cut at its colon
    ],
)
def test_a_lead_label_before_a_colon_stays_in_a_short_heading(line, title):
    text = "一、主要做法\n" + line + "\n（二）健全机制。每月召开一次联席会议，协调解决问题。\n"
    assert parse(text).outline[0].children[0].title == title


def test_a_run_announced_as_what_will_be_done_is_plans_even_under_problems():
    text = (
        "一、主要工作\n支部全年组织学习12次，开展志愿服务8场。\n"
        "存在的问题：支部活动与生产节奏衔接不够，青年党员学习主动性不强。\n"
        "2026年，支部将重点做好以下工作：一要深化支部建在生产线上，二要推进党员攻关项目化管理，"
        "三要加强青年党员教育培养。\n"
    )
    kinds = {m.title: m.kind for m in parse(text).measures}
    assert kinds["深化支部建在生产线上"] == "plan"
    assert kinds["加强青年党员教育培养"] == "plan"


# ----------------------------------------------------------------------------- blind-2026-12c shapes


def test_a_notices_field_lines_are_no_measures():
    notice = (
        "关于召开2025年度党支部书记述职评议会议的通知\n各党支部：\n"
        "经研究，决定召开述职评议会议。现将有关事项通知如下。\n"
        "一、会议时间\n2026年1月15日上午9:00。\n二、参会人员\n（一）各党支部书记；\n（二）党员代表。\n"
        "三、有关要求\n（一）各党支部书记要认真撰写述职报告。\n（二）请严格遵守会议纪律。\n"
        "联系人：党委办公室 张某。\n"
    )
    assert all(kind == "other" for _, kind, _ in items(notice))
    assert all(kind == "other" for _, kind, _ in items(notice.split("\n", 1)[1]))  # no title


@pytest.mark.parametrize("bullet", ["▶", "●"])
def test_a_numbered_label_before_a_colon_is_no_part_of_the_title(bullet):
    text = "".join(
        f"{bullet}做法{n}：{title}\n{place}社区党委推行这项做法，全年服务居民{n}百人次，群众普遍认可。\n"
        for n, title, place in (
            ("一", "网格里建起“红色驿站”", "翠竹"),
            ("二", "“吹哨报到”让资源下沉", "光明"),
        )
    )
    assert [(k, t) for _, k, t in items("小网格撬动大治理\n" + text)] == [
        ("measure", "网格里建起“红色驿站”"),
        ("measure", "“吹哨报到”让资源下沉"),
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [("二、主要亮点", "effect"), ("三、原因分析", "other"), ("二、主要做法", "measure")],
)
def test_highlights_are_effects_and_causes_no_practices(heading, kind):
    text = (
        TITLE + heading + "\n（一）责任链条压得更紧。" + BODY + "\n（二）基层基础抓得更实。" + BODY
    )
    assert {k for _, k, _ in items(text)} == {kind}


def test_a_causes_heading_run_into_its_paragraph_is_no_practice():
    text = (
        TITLE
        + "一、存在的问题\n一是学习不够深入；二是制度落实不严。\n三、原因分析主要是思想认识不到位，重业务、轻党建。\n"
    )
    assert [k for _, k, _ in items(text)] == ["problem", "problem"]  # the causes: a section


def test_a_speakers_requirements_are_plans_and_their_heading_no_item():
    text = (
        "在2026年党建工作会议上的讲话\n一、正视问题，清醒认识差距\n一是学习不够深入。\n"
        "二、突出重点，推动2026年党建工作提质增效\n"
        "第一，要在政治引领上下功夫，开展专题研讨。第二，要在组织建设上求突破，打造样板党支部。\n"
    )
    assert [(k, t) for _, k, t in items(text)] == [
        ("problem", "学习不够深入"),
        ("plan", "要在政治引领上下功夫"),
        ("plan", "要在组织建设上求突破"),
    ]


@pytest.mark.parametrize(
    ("closing", "effect"),
    [
        (
            "通过一系列探索，党组织的政治引领作用明显增强，营业收入达到9.8亿元。",
            "党组织的政治引领作用明显增强，营业收入达到9.8亿元",
        ),  # a result with its figures
        (
            "通过三级联动，全县发展特色种植基地4.3万亩，带动农户2.7万户增收。",
            "全县发展特色种植基地4.3万亩，带动农户2.7万户增收",
        ),  # figures alone say what was achieved
    ],
)
def test_a_closing_means_and_results_sentence_is_an_effect_figures_and_all(closing, effect):
    text = TITLE + "建强村级班子。" + BODY + "\n配强支部书记。" + BODY + "\n" + closing
    assert [(k, t) for _, k, t in items(text) if k == "effect"] == [("effect", effect)]
