"""Identity that abstains: a branch or unit is an author only where grammar and position allow;
weak evidence leaves the branch empty and sends the report to 待确认 with its candidates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text.authorship import authorship_flaw
from analysis.text.identity import (
    first_subject,
    header_lines,
    opening,
    secretary_organizations,
    signed_names,
)
from analysis.text.metadata import BRANCH_SURE, KINDS, infer_metadata
from analysis.text.orgnames import prepare
from analysis.text.roster import STATUS_INFERRED, STATUS_REVIEW


@pytest.mark.parametrize(
    "text, branch",
    [
        # counted noun phrases and committees elected (a district reports, no branch signs)
        ("东坪区2023年工作总结\n全区12个社区党支部全部完成换届，共选举产生支部委员会36个。", ""),
        # verb + organization fragments
        (
            "2023年度党建工作总结\n一年来，我们认真落实村党支部书记述职制度，压紧压实党委主体责任。",
            "",
        ),
        # an honour title, and one without a title to fall back on
        (
            "青石村党支部2023年工作总结\n青石村党支部被评为“五好”党支部，荣获先进党支部称号。",
            "青石村党支部",
        ),
        ("2023年工作总结\n今年，荣获县级“五好”党支部称号，获评先进基层党支部。", ""),
        # class nouns when the reporter is a district
        ("区委组织部2023年工作总结\n全年指导两新组织党支部开展活动，新建非公企业党支部5个。", ""),
        # a leading count or period number
        ("2023年工作总结\n今年举办两期党支部书记培训班，培训120人次。", ""),
        # a fragment cut by a hard wrap
        ("2023年工作总结\n各网格党小组要在每月底前将工作台账报送党委\n会议审议。", ""),
        ("2023年工作总结\n各支部要将年度工作计划经支部委员会研究后报\n青山镇党委\n", ""),
        # a byline under the title signs (the body is long: the 落款 lines are elsewhere)
        (
            "“三张清单”激活治理末梢\n东山镇西坡社区党委\n"
            + "今年以来，社区推行清单工作法。\n" * 12,
            "东山镇西坡社区党委",
        ),
        # a journal article's case study names no author
        (
            "国有企业党委发挥领导作用的实践与思考——以宏达集团为例\n摘 要：本文以宏达集团党委为例，分析国有企业党委如何把方向。",
            "",
        ),
        # the organization a report is about is no author
        ("关于对东风村党支部软弱涣散问题整顿情况的调研报告\n按照部署，调研组深入走访。", ""),
        # the first of two names in a title signs
        ("青山镇党委关于东风村党支部换届选举工作的报告\n按照部署，镇党委扎实推进。", "青山镇党委"),
        # a 落款 after a finished sentence signs
        (
            "2023年工作总结\n今年以来，扎实开展工作。\n中共青山村支部委员会\n2023年12月20日",
            "中共青山村支部委员会",
        ),
        # written twice on a one-line page
        (
            "今年以来，东岔镇卫生院党支部坚持党建引领。东岔镇卫生院党支部全体党员积极参与。",
            "东岔镇卫生院党支部",
        ),
        # a secretary's own 述职 names the body through the person
        (
            "河西区委书记2023年度抓基层党建工作述职报告\n2023年，我认真履行第一责任人职责。",
            "河西区委",
        ),
        # ... or through the speaker's post in the opening sentence of a 述职
        (
            "2023年度抓基层党建工作述职报告\n一年来，本人作为东山镇党委书记，认真履行职责。",
            "东山镇党委",
        ),
        ("2023年度抓基层党建工作述职报告\n我作为河西区委书记，认真履行职责。", "河西区委"),
        ("2023年工作总结\n本人作为东山镇党委书记，认真履行职责。", ""),  # not a 述职
        # the leading body in the first clause, the author as the sentence's subject
        ("情况汇报\n按照城关镇党委统一部署，桃园村党支部扎实推进党建工作。", "桃园村党支部"),
        # a real organization whose name holds a class noun is kept
        (
            "区社会组织综合党委2023年工作总结\n指导15个社会组织党支部开展活动。",
            "区社会组织综合党委",
        ),
        # an ordinal branch of an agency is no honour
        ("机关一支部2023年度工作总结\n今年以来，支部扎实开展工作。", "机关一支部"),
        # a branch named only before a role word is a mention
        ("筑牢红色堡垒\n恒通物流公司党支部书记介绍，公司始终重视党建。", ""),
        # a WeChat stamp under the title is no sentence: the opening's subject follows it
        (
            "【两新党建】“双岗双责”让党员扛起责任\n原创 青禾党建 2025-09-18 08:30 发表于浙江\n"
            "近年来，青禾精工有限公司党支部立足实际，探索党员管理模式。",
            "青禾精工有限公司党支部",
        ),
        # an editor's note labels the first sentence, it is no statement before the subject
        (
            "青春正当时丨这群年轻人挑大梁\n东川电力青年 2025-06-12\n"
            "编者按：五四青年节前后，东川电力运维公司团支部组织开展系列活动。",
            "东川电力运维公司团支部",
        ),
        # a 述职's byline names the body through the speaker's post
        (
            "2025年度抓基层党建工作述职报告\n桃溪村党支部书记、村委会主任  ×××\n各位领导：\n"
            "2025年，我认真履行职责，在镇党委的坚强领导下扎实工作。",
            "桃溪村党支部",
        ),
        (
            "2025年度抓基层党建工作述职报告\n中国东岳银行临州分行党委书记 ×××\n"
            "2025年，本人作为分行党委书记，认真履行管党治党职责。",
            "中国东岳银行临州分行党委",
        ),
        # ... only in a 述职: under another title the post line signs nothing
        ("“三张清单”激活治理末梢\n桃溪村党支部书记 ×××\n今年以来，村里推行清单工作法。", ""),
        # a title run into its byline (a PDF unwrapped): the name after the document kind
        (
            "2025年度抓基层党建工作述职报告杨柳湾村党支部书记、村委会主任 ×××\n"
            "2025年，我认真履行职责。",
            "杨柳湾村党支部",
        ),
        # a 落款 line is one name, a conjunction inside it joins parts of that name
        (
            "关于园区非公企业党建工作的调研报告\n按照部署，我们开展了专题调研。\n"
            "一、基本情况\n园区现有企业218家。\n"
            "高新区非公有制经济组织和社会组织综合党委\n2025年11月",
            "高新区非公有制经济组织和社会组织综合党委",
        ),
        # a text with no title line: its first words title nothing (a name after 共有 is no author)
        ("全区共有东风村党支部等12个支部，今年以来开展了大量工作，取得了明显成效。", ""),
        # a committee's office credits the article, the branch of the opening wrote it
        (
            "【先锋风采】党建引领守护群众健康\n来源：市二院党委办公室\n"
            "今年以来，市第二人民医院内科党支部坚持党建引领。",
            "市第二人民医院内科党支部",
        ),
        ("党建引领守护群众健康\n今年以来，医院扎实开展工作。\n（来源：仁济医院党委宣传部）", ""),
        # a journal article names where its authors work, not who wrote a report
        (
            "“党建+”引领国企基层治理的实践——以临江水务集团为例\n李某1，赵某某2\n"
            "（1.临江水务集团党委组织部，湖南 临江 410000；2.临江水务集团办公室，湖南 临江 410000）\n"
            "【摘要】基层党组织是企业治理的基础。本文结合临江水务集团实践，阐述实施路径。",
            "",
        ),
    ],
)
def test_branch_is_an_author_or_empty(text, branch):
    assert infer_metadata(text).branch == branch


@pytest.mark.parametrize(
    "name, flaw",
    [
        ("共选举产生支部委员会", "动词"),
        ("压紧压实党委", "动词"),
        ("材料报送党委", "动词"),
        ("两期党支部", "数量"),
        ("12个社区党支部", "数量"),
        ("五好党支部", "荣誉或类别"),
        ("市级先进党支部", "荣誉或类别"),
        ("两新组织党支部", "荣誉或类别"),
        ("非公企业党支部", "荣誉或类别"),
        ("中医院党委", ""),
        ("区委组织部机关党支部", ""),
        ("区社会组织综合党委", ""),
        ("**公司党委", ""),
        ("三元里社区党委", ""),
        ("红旗村党支部", ""),  # an honour word before a village is a place name
        ("城市社区党委", "荣誉或类别"),
        ("农村党支部", "荣誉或类别"),
        ("评出五星级党支部", "动词"),
        ("个网格党支部", "数量"),  # "下设 5 个网格党支部": a count cut at its space
        ("个旧市委", ""),  # a city
    ],
)
def test_authorship_flaw(name, flaw):
    assert authorship_flaw(name) == flaw


@pytest.mark.parametrize(
    "opening, subject",
    [
        ("今年以来，东山村党支部坚持党建引领。", "东山村党支部"),
        ("在镇党委的坚强领导下，东山村党支部坚持党建引领。", "东山村党支部"),
        ("全区共有党员300名，东山村党支部被评为先进。", ""),
        ("根据县委部署，开展主题教育活动，东山村党支部积极参与。", ""),
        ("编者按：五四青年节前后，东川电力运维公司团支部组织开展活动。", "东川电力运维公司团支部"),
        ("导语：东山村党支部坚持党建引领。", "东山村党支部"),
        ("国庆之际，东山村党支部组织党员开展志愿服务。", "东山村党支部"),
        ("记者：东山村党支部坚持党建引领。", ""),  # a speaker's label is no lead-in
    ],
)
def test_first_subject(opening, subject):
    assert first_subject(opening) == subject


@pytest.mark.parametrize(
    "title, names",
    [
        ("东城区委书记2023年抓基层党建工作述职报告", ["东城区委"]),
        ("2023年度青山镇党委书记述职报告", ["青山镇党委"]),
        ("东城区委书记在全区大会上的讲话", []),  # not a 述职: the person is a speaker
        ("区委书记述职报告", []),  # no proper name
    ],
)
def test_secretary_organizations(title, names):
    assert secretary_organizations(title) == names


@pytest.mark.parametrize(
    "line, names",
    [
        ("高新区非公有制经济组织和社会组织综合党委", ["高新区非公有制经济组织和社会组织综合党委"]),
        ("东岭街道城建与交通综合党委  2025年11月", ["东岭街道城建与交通综合党委"]),
        ("青山村党支部", []),  # nothing joined: the names in the line sign it
        ("党员和群众党支部", []),  # a word, not a part of a name, before the conjunction
        ("各支部材料报送党委和县委组织部", []),  # a sentence, not a name
        ("2025年11月", []),
    ],
)
def test_signed_names(line, names):
    assert signed_names(line) == names


@pytest.mark.parametrize(
    "text, titles, header",
    [
        (
            "标题\n原创 青禾党建 2025-09-18 08:30 发表于浙江\n近年来，支部坚持党建引领。",
            ["标题"],
            ["原创 青禾党建 2025-09-18 08:30 发表于浙江"],
        ),
        (
            "标题\n东山村党支部\n2023年12月\n今年以来，支部扎实工作。",
            ["标题"],
            ["东山村党支部", "2023年12月"],
        ),
        ("标题\n今年以来，支部扎实工作。", ["标题"], []),
        ("一、基本情况\n二、主要做法", [], []),  # no line holds a clause: no header
        (  # a journal article: its author line and affiliation line are header, not body
            "标题\n李某1，赵某某2\n（1.临江水务集团党委组织部，湖南 临江 410000；2.临江水务集团"
            "办公室，湖南 临江 410000）\n【摘要】本文以临江水务集团为例。",
            ["标题"],
            [
                "李某1，赵某某2",
                "（1.临江水务集团党委组织部，湖南 临江 410000；2.临江水务集团办公室，湖南 临江 410000）",
            ],
        ),
        (  # the same affiliation cut by a hard wrap (PDF text)
            "标题\n李某1，赵某某2\n（1.临江水务集团党委组织部，湖南 临江 4\n10000；2.临江水务集团"
            "办公室，\n湖南 临江 410000）\n【摘要】本文以临江水务集团为例。",
            ["标题"],
            [
                "李某1，赵某某2",
                "（1.临江水务集团党委组织部，湖南 临江 4",
                "10000；2.临江水务集团办公室，",
                "湖南 临江 410000）",
            ],
        ),
        (
            "标题\n作者单位：临江水务集团党委\n今年以来，支部扎实工作。",
            ["标题"],
            ["作者单位：临江水务集团党委"],
        ),
    ],
)
def test_header_lines(text, titles, header):
    assert header_lines(text, titles) == header


@pytest.mark.parametrize(
    ("title", "branch"),
    [
        ("共青团海港集团有限公司委员会2025年上半年工作总结", "共青团海港集团有限公司委员会"),
        # the organization inside its parent's name, not the parent
        (
            "中共恒远物流集团有限公司委员会机关党支部2025年度工作总结",
            "中共恒远物流集团有限公司委员会机关党支部",
        ),
        (
            "共青团恒远物流集团有限公司委员会机关团支部2025年度工作总结",
            "共青团恒远物流集团有限公司委员会机关团支部",
        ),
        ("东山村民委员会2025年工作总结", ""),  # a villagers' committee is no party body
    ],
)
def test_committees_in_a_title(title, branch):
    assert infer_metadata(title + "\n今年以来，我们扎实推进各项工作。", "a.txt").branch == branch


def test_opening_starts_after_a_title_cut_by_a_hard_wrap():
    text = "基于党建模式的供电企业支部建设实践——以\n某市供电公司为例\n李某1\n（1.某市供电公司党委党建部，江西 3\n30000）\n今年以来，公司扎实工作。"
    assert opening(text, "基于党建模式的供电企业支部建设实践——以某市供电公司为例").startswith(
        "今年以来"
    )


def test_opening_starts_after_the_header():
    text = "标题\n东川电力青年 2025-06-12\n今年以来，东川电力运维公司团支部开展活动。"
    assert opening(text, "标题").startswith("今年以来")


def test_contested_opening_subject_waits_with_both_candidates():
    """The opening's subject founded another body that the rest of the report is about: the
    evidence is split, so no branch is kept and both names wait in 待确认."""
    text = (
        "楼宇党建工作情况报告\n东方公司党委以金座楼宇为主阵地，牵头成立金座楼宇综合党委。\n"
        "金座楼宇综合党委坚持资源共享，整合入驻企业力量。\n"
        "一年来，金座楼宇综合党委开展联合主题党日12次。"
    )
    meta = infer_metadata(text)
    assert meta.branch == "" and meta.branch_status == STATUS_REVIEW
    assert set(meta.branch_candidates) >= {"东方公司党委", "金座楼宇综合党委"}


def test_weak_evidence_goes_to_review_with_candidates():
    """A name the body only mentions (no title, 落款 or opening subject) is a candidate."""
    text = "2023年工作总结\n全年开展活动。\n其中，东风村党支部开展志愿服务。"
    meta = infer_metadata(text)
    assert meta.branch == ""
    assert meta.branch_status == STATUS_REVIEW
    assert meta.branch_candidates == ("东风村党支部",)


def test_sure_evidence_is_inferred():
    meta = infer_metadata("东风村党支部2023年工作总结\n全年开展活动。")
    assert (meta.branch, meta.branch_status) == ("东风村党支部", STATUS_INFERRED)
    assert meta.branch_confidence >= BRANCH_SURE and meta.branch_candidates == ()


@pytest.mark.parametrize(
    "text, organization",
    [
        ("2023年工作总结\n组织集中学习12次，开展主题党日8次。", ""),
        ("2023年工作总结\n，开展大学习大讨论活动。", ""),
        ("城南中学2023年工作总结\n组织集中学习12次。", "城南中学"),
        ("国有企业党委发挥领导作用的实践与思考——以宏达集团为例\n本文分析其做法。", ""),
        # a quoted brand is no unit
        ("中医院党委关于开展“清廉医院”建设的工作情况报告\n我院党委扎实推进。", ""),
    ],
)
def test_no_organization_invented_from_a_phrase(text, organization):
    assert infer_metadata(text).organization == organization


@pytest.mark.parametrize(
    "text, year",
    [
        # the title says 2024, the body reports on 2023 and its quarters
        (
            "红星社区党支部2024年工作总结\n2023年以来，支部扎实开展工作。\n2023年一季度学习6次，2023年上半年走访42户。",
            2023,
        ),
        # the body dates the title's year too: the title stands
        (
            "2024年工作要点\n2023年，全镇取得新成效。2023年上半年完成任务。2024年，镇党委将抓好以下工作。",
            2024,
        ),
        ("2023年度工作总结\n一年来，我们扎实开展工作。", 2023),
    ],
)
def test_year_the_report_covers(text, year):
    assert infer_metadata(text).year == year


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("党支部委员会村社区公司中学习两新五好个期书记，。\n 2023年一季度*×东西南北")
        ),
        max_size=300,
    )
)
def test_identity_never_raises(text):
    meta = infer_metadata(text, "x.txt")
    assert meta.branch_status in (STATUS_INFERRED, STATUS_REVIEW)
    assert not meta.branch or meta.branch_confidence >= BRANCH_SURE


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_identity_never_raises_on_any_text(text):
    infer_metadata(text)


# Pieces of real report shapes: names, posts, bylines, stamps, credit lines, years, conjunctions.
_PIECES = st.sampled_from(
    [
        "东山村党支部",
        "仁和医院",
        "和",
        "党委",
        "办公室",
        "书记",
        "述职报告",
        "工作要点",
        "编者按：",
        "来源：",
        "2025-06-12 08:30",
        "2024年，",
        "2025年1月20日",
        "成立于2021年",
        "近年来，",
        "个",
        " ",
        "×××",
        "以来",
        "中共",
        "委员会",
        "。",
        "，",
        "\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_identity_holds_on_report_shaped_random_text(text):
    """Never raises; a kept branch is written in the text (never invented); a year is a year."""
    meta = infer_metadata(text, "x.txt")
    assert not meta.branch or meta.branch in prepare(text)
    assert meta.year is None or 1921 <= meta.year <= 2100
    assert meta.kind in KINDS


_NEWS_BODY = (
    "支部结对共建 金融服务送到家门口\n"
    "11月14日上午，某农商银行南湖支行党支部与桂园社区党委举行党建联建签约仪式。\n"
    "活动现场，支行党员志愿者为居民讲解防范电信诈骗知识，发放宣传资料400余份。\n"
)


@pytest.mark.parametrize(
    ("tail", "branch"),
    [
        ("（记者 黄某 通讯员 程某）\n", ""),  # a journalist's news item: its subject wrote nothing
        ("本报讯 某区融媒体中心\n", ""),
        ("", "某农商银行南湖支行党支部"),  # no byline: the opening's subject is the author
    ],
)
def test_a_news_items_subject_is_not_its_author(tail, branch):
    assert infer_metadata(_NEWS_BODY + tail, "a.txt").branch == branch


@pytest.mark.parametrize(
    "title",
    ["“邻里红帆”党建品牌创建情况报告", "关于园区新就业群体党建工作的调研报告"],
)
def test_an_organization_line_under_a_long_title_is_its_byline(title):
    text = f"{title}\n听涛社区党委\n社区地处滨海片区，有居民小区4个、住宅楼36栋。\n"
    assert infer_metadata(text, "a.txt").branch == "听涛社区党委"


@pytest.mark.parametrize(
    ("field", "branch"),
    [
        ("述职人：青峰镇柏树湾村党支部书记 谭某", "青峰镇柏树湾村党支部"),
        # a member of the parent's committee, secretary of the body the speaker heads
        (
            "述职人：远岫建工集团党委委员，远岫建工集团第四工程有限公司党委书记、董事长 邵某",
            "远岫建工集团第四工程有限公司党委",
        ),
        ("述职人：张某", ""),
    ],
)
def test_a_reporter_field_names_the_body_through_its_secretary(field, branch):
    text = "2025年度抓基层党建工作述职报告今年以来，我坚持把抓党建作为第一责任。" + field
    assert infer_metadata(text, "a.txt").branch == branch


@pytest.mark.parametrize(
    ("head", "branch"),
    [
        (
            "凝心聚力强根基\n——在某职业技术学院2026年党建工作会议上的讲话\n某职业技术学院党委书记 孙某\n",
            "某职业技术学院党委",
        ),
        ("关于加强党建工作的几点思考\n某职业技术学院党委书记 孙某\n", ""),  # no speech, no 述职
    ],
)
def test_a_speechs_byline_names_the_body_through_the_speakers_post(head, branch):
    text = head + "同志们：\n今天召开会议，主要任务是总结工作，部署今年任务。\n"
    assert infer_metadata(text, "a.txt").branch == branch
