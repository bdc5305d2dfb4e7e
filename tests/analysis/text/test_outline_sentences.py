"""Unnumbered items of results, problems and plans sections: one per sentence (issue 31, 11).

Each case runs the text through clean_text then parse_structure, as the pipeline does.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.models import Structure
from analysis.text.clean import clean_text
from analysis.text.outline import parse_structure

PRACTICE = (
    "某村党支部2024年工作总结\n"
    "一、主要做法\n"
    "（一）建强班子队伍。坚持每月召开支委会，班子分工联系村民小组6个。\n"
    "（二）发展集体经济。盘活闲置土地80亩，村集体经济收入持续增加。\n"
)


def parse(text: str) -> Structure:
    return parse_structure(clean_text(text).text)


def items(s: Structure, kind: str) -> list[str]:
    return [m.title for m in s.measures if m.kind == kind]


@pytest.mark.parametrize(
    ("section", "kind", "expected"),
    [
        # one sentence on its line
        (
            "二、存在的问题\n党员队伍老龄化问题比较突出。\n",
            "problem",
            ["党员队伍老龄化问题比较突出"],
        ),
        ("二、下一步打算\n持续提升社区服务水平。\n", "plan", ["持续提升社区服务水平"]),
        # a results sentence without figures, whole with its comma
        (
            "二、工作成效\n今年，村党支部被评为“五好”党支部，并荣获县级先进党支部称号。\n",
            "effect",
            ["今年，村党支部被评为“五好”党支部，并荣获县级先进党支部称号"],
        ),
        # one sentence per line, and several sentences in one paragraph split at 。 and ；
        (
            "二、存在的问题\n党员教育方式还不够丰富。\n青年党员占比偏低。\n",
            "problem",
            ["党员教育方式还不够丰富", "青年党员占比偏低"],
        ),
        (
            "三、下一步打算\n继续擦亮“服务先锋”品牌；深化党建与业务融合。推进阵地规范化建设。\n",
            "plan",
            ["继续擦亮“服务先锋”品牌", "深化党建与业务融合", "推进阵地规范化建设"],
        ),
        # a hard-wrapped sentence is one item
        (
            "二、下一步打算\n各网格党小组要在每月底前将工作台账报送党委\n会议审议，确保问题清单销号管理。\n",
            "plan",
            ["各网格党小组要在每月底前将工作台账报送党委会议审议，确保问题清单销号管理"],
        ),
        # a lead phrase explained by the sentences after it is one item
        (
            "二、存在的问题\n有阵地、缺活动。村里的活动室平时大门紧锁，群众很少进去。\n",
            "problem",
            ["有阵地、缺活动"],
        ),
        # a sentence announcing the items (：) or naming the section's topic is no item
        (
            "二、存在的问题\n在肯定成绩的同时，我们也清醒地看到，工作中还存在一些不足，主要表现在："
            "党员教育方式还不够丰富；青年党员占比偏低。\n",
            "problem",
            ["党员教育方式还不够丰富", "青年党员占比偏低"],
        ),
        (
            "二、下一步打算\n下一步，我们将重点做好以下工作：持续加强党员教育管理；推进阵地规范化建设。\n",
            "plan",
            ["持续加强党员教育管理", "推进阵地规范化建设"],
        ),
        (
            "二、工作成效\n一年来，支部各项工作取得了明显成效。党员队伍凝聚力明显增强，群众满意度不断提升。\n",
            "effect",
            ["党员队伍凝聚力明显增强，群众满意度不断提升"],
        ),
        # a plan's opening words are not its title
        (
            "二、下一步打算\n下一步，支部将持续深化党建引领基层治理，推动党员干部下沉网格、"
            "走进群众、解决难题、化解矛盾，不断提升群众的获得感和幸福感。\n",
            "plan",
            ["持续深化党建引领基层治理"],
        ),
        ("三、今后努力方向\n今后，我们要继续加强阵地建设。\n", "plan", ["继续加强阵地建设"]),
        # a sentence opening with a plan word, and those after it, are plans
        (
            "二、存在问题及下一步打算\n党员队伍老化。下一步将加大发展青年党员力度。\n",
            "plan",
            ["加大发展青年党员力度"],
        ),
        (
            "二、存在的问题\n但也存在一些不足：党员教育方式还不够丰富。下一步，支部将持续创新"
            "党员教育方式。加强青年人才培养。\n",
            "problem",
            ["党员教育方式还不够丰富"],
        ),
        # a long sentence is titled by its first clause
        (
            "二、下一步打算\n持续深化党建引领基层治理，推动党员干部下沉网格、"
            "走进群众、解决难题、化解矛盾，不断提升群众的获得感和幸福感。\n",
            "plan",
            ["持续深化党建引领基层治理"],
        ),
    ],
)
def test_unnumbered_sentences_are_the_items_of_their_section(
    section: str, kind: str, expected: list[str]
) -> None:
    s = parse(PRACTICE + section)
    assert items(s, kind) == expected
    assert items(s, "measure") == ["建强班子队伍", "发展集体经济"]


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        # a results paragraph of figures is a tally for the indicators
        ("二、工作成效\n集体经济收入突破38万元，比上年增长26%。群众满意度明显提升。\n", "effect"),
        # a signature and a date have no sentence punctuation
        ("二、下一步打算\n中共某村支部委员会\n2024年12月28日\n", "plan"),
        # a practice section's sentences are its body, never items
        ("三、经验做法\n支部还做了大量日常工作。\n", "measure"),
    ],
)
def test_no_sentence_items(section: str, kind: str) -> None:
    s = parse(PRACTICE + section)
    got = items(s, kind)
    assert got == ([] if kind != "measure" else ["建强班子队伍", "发展集体经济"])


def test_a_numbered_section_keeps_its_numbered_items_only() -> None:
    s = parse(
        PRACTICE + "二、存在的问题\n问题主要有两个方面。一是学习不够深入；二是制度落实不严。\n"
    )
    assert items(s, "problem") == ["学习不够深入", "制度落实不严"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="问题不足加强党建，。；\n “”1", max_size=200))
def test_sentence_items_stay_inside_their_section_and_never_raise(body: str) -> None:
    text = PRACTICE + "二、存在的问题\n" + body
    s = parse_structure(text)
    section = text.index("二、存在的问题")
    for m in s.measures:
        if m.kind == "problem" and m.path.count(".") == 1 and not m.has_children:
            assert m.start >= section and m.title
