"""The context grammar of quoted names (analysis/text/formulation_context.py), each rule on invented
text, end to end through extract_formulations and on its own predicate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text import formulation_context as ctx
from analysis.text.formulations import extract_formulations
from analysis.text.known_formulations import load_named_terms


def _found(text: str) -> list[str]:
    return sorted(f.term.replace("＋", "+") for f in extract_formulations(text))


# text -> every formulation found (sorted)
RULES = [
    # a quoted name opening a sentence is the subject of its lead sentence
    ("社区党委摸清家底。\n“民情台账”摸实情。围绕群众需求走访入户。", ["民情台账"]),
    ("（二）“邻里夜话”聚民心。每周召开一次。", ["邻里夜话"]),
    ("二是“积分兑换”激发活力。", ["积分兑换"]),
    # ... but not mid-sentence, nor at a line a hard wrap began
    ("村里的“民情台账”摸实情。", []),
    ("围绕群众急难愁盼问题和社区治理难点堵点，推行\n“民情台账”摸实情。", ["民情台账"]),  # a wrap
    ("围绕群众急难愁盼问题和社区治理难点堵点，大家\n“民情台账”摸实情。", []),
    # a short line ending in quotes is a heading: the next line is no context of it
    ("党员骨干争当“尖兵”\n支部设立党员岗5个", ["尖兵"]),
    # a noun after the quotes names what the text is
    ("按照“支部建在车间上”的思路调整设置", ["支部建在车间上"]),
    ("存在“上冷下热”现象", ["上冷下热"]),
    ("部分支部存在“重形式轻实效”的情况", ["重形式轻实效"]),
    ("制定“积分评定”办法", ["积分评定"]),
    ("解决“谁来管”的问题", []),  # a quoted question is rhetoric
    ("开展“廉洁食堂”创建", ["廉洁食堂"]),
    ("围绕“兴村强民”目标推进工作", ["兴村强民"]),
    ("把握“稳中求进”的目标导向", []),  # a goal follows its slogan directly, not after 的
    # a practice verb before the quotes, directly or across a short noun qualifier
    ("开展村级“擂台比武”", ["擂台比武"]),
    ("推行村务“阳光公示”，每月公开", ["阳光公示"]),
    ("深化“警民联动”，组建巡逻队", ["警民联动"]),
    ("担任学生党支部“成长导师”", ["成长导师"]),
    ("构建出了“大格局”", []),  # a particle in between: no qualifier
    ("提升“服务效能”", []),  # 提升 founds nothing
    # the frame 以“…”: a means, or a main line after 为
    ("以“支部建在车间上”实现全覆盖", ["支部建在车间上"]),
    ("以“强基固本”为主线", ["强基固本"]),
    ("以“强基固本”为重点", []),
    ("可以“先行先试”", []),
    # names of the genre by their ending, digits and Latin letters kept
    ("发放“强村振兴贷”3亿元", ["强村振兴贷"]),
    ("依托“桃花节”吸引游客", ["桃花节"]),
    ("完善“10分钟党群服务圈”", ["10分钟党群服务圈"]),
    ("开通“退役军人绿色通道”", ["退役军人绿色通道"]),
    ("欢度“中秋节”", []),
    ("推行“X+2”结对制度", ["X+2"]),
    ("推广“支部+企业+农户”模式", ["支部+企业+农户"]),
    # the curated lexicon: fixed terms and role metaphors in quotes, any context
    ("让党员成为村里的“主心骨”", ["主心骨"]),
    ("选好配强“领头雁”。", ["领头雁"]),
    ("书记与主任“一肩挑”比例提高", ["一肩挑"]),
    ("打通服务“最后一公里”", ["最后一公里"]),
    ("让村民的“钱袋\n子”鼓起来", ["钱袋子"]),
    ("党员是群众的主心骨。", []),  # unquoted it is ordinary speech
    # honours are never names, whatever verb founds them
    ("获评区级“文明小区”", []),
    ("开展“师德模范”评选，评出10名", []),
    ("开展“美丽庭院”评比", []),
    ("开展“党员示范课”评比活动", ["党员示范课"]),  # an activity, though it elects someone
    ("创建市级“五星社区”", []),
    ("获评市直机关“四强”党支部", []),
    ("被评为县级“五好”党支部", []),
    ("评选“四有”好老师15名", ["四有"]),  # a standard for a teacher, not an organization
    ("对标“六强”支部创建标准", ["六强"]),
]


@pytest.mark.parametrize(("text", "expected"), RULES)
def test_quoted_name_rules(text, expected):
    assert _found(text) == expected


# A quoted 、-series of short parallel phrases is one slogan, kept whole, never cut at its 、
# (the labelling rule of bench/accuracy/README.md, 2026-12-08).
SERIES = [
    ("以“强基引领、提质增效”为主线", ["强基引领、提质增效"]),
    ("以“数据铸忠诚、统计显担当”为目标", ["数据铸忠诚、统计显担当"]),
    ("深化“网格化管理、组团式服务”，把党小组建在网格上", ["网格化管理、组团式服务"]),
    ("实行“群众点单、党委派单、党员接单”，全年办结", ["群众点单、党委派单、党员接单"]),
    ("按照“项目建到哪里、支部就建到哪里”的原则", ["项目建到哪里、支部就建到哪里"]),
    ("形成“组织共建、活动共办、资源共享”的工作模式", ["组织共建、活动共办、资源共享"]),
    ("落实“联系一户群众、办好一件实事”两项任务", ["联系一户群众、办好一件实事"]),
    ("推行支部工作“周提醒、月督查、季考评”", ["周提醒、月督查、季考评"]),
    ("开展“党员亮身份、服务零距离”活动", ["党员亮身份、服务零距离"]),
    ("实施“党建强、发展强”双强企业培育工程", ["党建强、发展强"]),
    ("以“强基固本、融合发展”为重点", ["强基固本、融合发展"]),
    ("实现“党建强、业务强”", ["党建强、业务强"]),
    ("组织“比质量、比效率”劳动竞赛", ["比质量、比效率"]),
    ("采取“走出去、请进来”的联建方式", ["走出去、请进来"]),
    ("紧扣“稳产、降本、创新”年度主题", ["稳产、降本、创新"]),
    ("“一科一品、一岗一责”让党建有抓手。", ["一科一品、一岗一责"]),
    ("部分支部存在“重业务、轻党建”思想", ["重业务、轻党建"]),
    # not a slogan: an example list, an honour, a sentence, members far from parallel
    ("开展好“每周一学、每月一考”等学习活动", []),
    ("获评“文明单位、先进集体”", []),
    ("坚持“我们先干、你们再看”的原则", []),  # pronouns: a sentence, not a slogan
    ("开展“学、以党建引领基层治理”活动", []),
]


@pytest.mark.parametrize(("text", "expected"), SERIES)
def test_quoted_series_rules(text, expected):
    assert _found(text) == expected


# Unquoted numbered terms of two one-character groups (the known list aside).
PAIRS = [
    ("值班人员严格执行两票三制。", ["两票三制"]),
    ("全年按四议两公开程序决策", ["四议两公开"]),  # the known term, not its part 四议两公
    ("推行六同四化三过硬模式", ["六同四化三过硬"]),
    ("三人一组轮流值守，两天一夜完成", []),  # counts and durations
    ("二是两新组织覆盖面扩大", []),  # an enumerator
    ("两手一起抓", []),  # 一起 is a word
    ("三心二意不可取", []),  # an idiom
]


@pytest.mark.parametrize(("text", "expected"), PAIRS)
def test_unquoted_pairs_of_number_groups(text, expected):
    assert _found(text) == expected


def test_a_known_term_inside_a_quoted_name_is_part_of_it():
    assert _found("推进“双向进入、交叉任职”，实现融合") == ["双向进入、交叉任职"]


def test_organization_classes_are_no_formulations():
    assert _found("指导两新组织党支部开展活动，村两委班子分工明确") == []


@pytest.mark.parametrize(
    ("before", "lead"),
    [
        ("", True),
        ("摸清家底。\n", True),
        ("（二）", True),
        ("\n3. ", True),
        ("二是", True),
        ("社区党委", False),
        ("围绕群众需求，大家\n", False),
    ],
)
def test_opens_a_sentence(before, lead):
    assert ctx.opens_a_sentence(before) is lead


@pytest.mark.parametrize(
    ("prev", "clause", "honour"),
    [
        ("获评市直机关", "", True),
        ("被评为县级", "", True),
        ("创建市级", "目标", True),
        ("开展", "评选", True),
        ("深化", "党支部创建", True),
        ("评选和", "创建", False),  # the awarding verb belongs to the quote before
        ("开展", "活动", False),
        ("村级", "清单", False),
    ],
)
def test_is_honour(prev, clause, honour):
    assert ctx.is_honour(prev, clause) is honour


def test_named_terms_lexicon_is_loaded_without_comments():
    terms = load_named_terms()
    assert {"主心骨", "一肩挑", "钱袋子"} <= terms
    assert not [t for t in terms if t.startswith("#") or len(t) < 2]


@given(st.text(alphabet="“”、以为开展评选主心骨强基\n。的了", max_size=60), st.text(max_size=20))
def test_context_predicates_never_raise(text, other):
    ctx.is_initiative(text, other, text, other)
    ctx.is_series_name(text, other, text)
    ctx.is_honour(text, other)
    ctx.opens_a_sentence(text)
    extract_formulations(text + other)
