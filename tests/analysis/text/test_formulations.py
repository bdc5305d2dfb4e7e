"""Formulations (提法) and named initiatives: hand lists on the samples, tables, properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.models import Formulation
from analysis.text.formulations import (
    _FORMULA_RE,
    _NUM,
    _REPEATED_RE,
    FoldedText,
    as_folded,
    extract_formulations,
    in_spans,
    is_numbered_formulation,
    load_known,
    numbered_spans,
)
from tests.fixtures import sample

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


# What a careful reader lists per sample: numbered formulations, then named initiatives.
NUMBERED = {
    "000": "六强 三会一课 五个标准化 一岗双责 双建 六有 双强 一二三四五 六高 一个引领 两个同步 "
    "三个带头 四抓四强 五方共建",
    "001": "五个融合 七个强化 两个确立 两个维护 八个一 一月一处一提升 三会一课 双向进入 双责双考",
    "002": "三步走 三会一课 七有 五性 双报到",
    "003": "三张清单 双报到 一网通办 一站一馆一廊一区一基地",
    "004": "七个标准化 六有 五定 四有 1＋N 两学一做 三大工程 四大战略 345党建工程 六同四化三过硬",
}
NAMED = {
    "000": "红色管家 学习社 行走的党课 区域链 有声图书馆 职工援手九大服务计划 慈善一日捐 警示教育月 "
    "党建强、业务强 强基固本、融合发展",
    "001": "百年讴歌 先锋岗 爱心接力车 人才强堂 会堂礼宾之窗 要我学 我要学",
    "002": "党旗飘飘 云上党员活动日 云上自习室 云上微党课 庆七一·云宣誓 云宣誓 周末大扫除 桶前值守 "
    "包街督导 党员先锋岗 兴城·增效先锋 兴城·微党课 兴城·绿动 兴城·惠民 学习强国 走出去、请进来",
    "003": "红色山高 红领讲堂 企呼我应 红色楼宇 信易贷 单兵作战 协同作战",
    "004": "党建工作标准化示范区 积分制",
}
# Quoted ordinary words, honours, sentences, redactions, dates: never a formulation.
ORDINARY = {
    "000": "零 先锋支部 优秀党员 第一道防线 扫一扫 驿站 高地 创先 责任清单 六强支部 "
    "每月一评、每季一考、每年一赛",
    "001": "匠人 匠心 会堂 好声音 真行动 重要窗口 先锋党支部 提前三个月",
    "002": "齐抓共管 齐心协力 齐头并进 党建与业务融合 大兴组工 八小时外 101周年 二十大 作风建设永远在路上",
    "003": "竖起来的社区 立起来的开发区 大党建 立体融合 汇 入心入脑 党建效能 成果共享 扫楼 服务优 "
    "新基建 人间清欢 本手 妙手 党味 连续四年",
    "004": "*力量 *之家 不达目的不罢休 不可能 有血有肉 立体感 行稳致远 制胜之策 "
    "只为成功想办法，不为失误找理由 抓党建，促发展 着眼发展强党建 2023年度",
}


def _terms(key: str) -> dict[str, Formulation]:
    return {f.term: f for f in extract_formulations(sample(key))}


def test_samples_recall():
    total = hits = 0
    for key in NUMBERED:
        got = _terms(key)
        expected = NUMBERED[key].split() + NAMED[key].split()
        found = [t for t in expected if t in got]
        assert len(found) / len(expected) >= 0.85, (key, set(expected) - set(found))
        total += len(expected)
        hits += len(found)
    assert hits / total >= 0.9


def test_samples_numbered_flag():
    for key in NUMBERED:
        got = _terms(key)
        for term in NUMBERED[key].split():
            if term in got:
                assert got[term].numbered, term
        for term in NAMED[key].split():
            if term in got:
                assert not got[term].numbered, term


def test_samples_no_ordinary_words():
    for key, words in ORDINARY.items():
        got = _terms(key)
        assert not set(words.split()) & set(got), key
        assert not [t for t in got if "*" in t]


@pytest.mark.parametrize(
    ("key", "term", "count"),
    [
        ("000", "三会一课", 2),
        ("000", "五方共建", 2),
        ("000", "红色管家", 2),
        ("002", "三步走", 2),
        ("003", "红领讲堂", 3),
        ("001", "五个融合", 2),
    ],
)
def test_sample_counts(key, term, count):
    assert _terms(key)[term].count == count


def test_sorted_by_count_then_term():
    found = extract_formulations(sample("000"))
    keys = [(-f.count, f.term) for f in found]
    assert keys == sorted(keys)


# text -> expected (term, count, numbered) subset
TABLE = [
    ("从严抓实三会一课，落实“三会一课”制度。", [("三会一课", 2, True)]),
    ("形成“六同四化三过硬”党建工作模式", [("六同四化三过硬", 1, True)]),
    ("形成六同四化三过硬党建工作模式", [("六同四化三过硬", 1, True)]),
    ("综合运用“1＋N”考核", [("1＋N", 1, True)]),
    ("综合运用“１＋Ｎ”考核和1+N机制", [("1＋N", 2, True)]),
    ("实施“345”党建工程", [("345党建工程", 1, True)]),
    ("按照“1+3+N”模式", [("1＋3＋N", 1, True)]),
    ("坚持“一二三四五”工作法", [("一二三四五", 1, True)]),
    ("（一）坚持一个引领，确保党建主体地位", [("一个引领", 1, True)]),
    ("（四）聚力四抓四强，提升支部党建水平", [("四抓四强", 1, True)]),
    ("二、落实三项制度。", [("三项制度", 1, True)]),
    ("打造“红色管家”党建项目", [("红色管家", 1, False)]),
    ("组织开展“兴城·微党课”", [("兴城·微党课", 1, False)]),
    ("做优“红领讲堂”", [("红领讲堂", 1, False)]),
    ("开展“云上党员活动日”“云上自习室”等组织生活", [("云上自习室", 1, False)]),
    ("通过“周末大扫除”、“桶前值守”等志愿服务活动", [("桶前值守", 1, False)]),
    ("打造「紅色管家」品牌", [("紅色管家", 1, False)]),
    ('实施"红色引擎"工程', [("红色引擎", 1, False)]),
    ("做到“两个维护”，增强“四个意识”", [("两个维护", 1, True), ("四个意识", 1, True)]),
    ("在职党员全员完成“双报到”", [("双报到", 1, True)]),
    ("聚焦“七有”“五性”", [("七有", 1, True), ("五性", 1, True)]),
    ("即“支部建在部门，双向进入，交叉任职，双责双考”", [("双责双考", 1, True)]),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_formulation_table(text, expected):
    got = {f.term: (f.count, f.numbered) for f in extract_formulations(text)}
    for term, count, numbered in expected:
        assert got.get(term) == (count, numbered), (term, got)


NOTHING = [
    "",
    "做到“零”疫情",
    "一心一意谋发展，一举一动显担当",
    "（二）实现一体推进，",
    "（一）开展两次活动，",
    "“只为成功想办法，不为失误找理由”已成为大家的思维定式",
    "为企业高质量发展贡献了“*力量”",
    "引导党员在“八小时外”发挥作用",
    "于2020年3月成立",
    "计算1+1等于2",
    "被评为“优秀党员”",
]


@pytest.mark.parametrize("text", NOTHING)
def test_no_formulation(text):
    assert extract_formulations(text) == ()


@pytest.mark.parametrize(
    ("term", "numbered"),
    [
        ("三会一课", True),
        ("五个融合", True),
        ("七个强化", True),
        ("两个维护", True),
        ("六有", True),
        ("五定", True),
        ("双报到", True),
        ("三步走", True),
        ("一岗双责", True),
        ("六同四化三过硬", True),
        ("345党建工程", True),
        ("“345”", True),
        ("1＋N", True),
        ("1+X", True),
        ("六强", True),
        ("三大工程", True),
        ("三张清单", True),
        ("八个一", True),
        ("一二三四五", True),
        ("一网通办", True),
        ("红色管家", False),
        ("第一道防线", False),
        ("一线", False),
        ("一体化", False),
        ("八小时外", False),
        ("三个月", False),
        ("两年", False),
        ("十九大", False),
        ("二〇二三", False),
        ("一百二十三", False),
        ("10名党员", False),
        ("5万元", False),
        ("2023", False),
        ("2023年度", False),
        ("一心一意", False),
        ("十分重要", False),
        ("", False),
        ("零", False),
    ],
)
def test_is_numbered_formulation(term, numbered):
    assert is_numbered_formulation(term) is numbered


def test_known_list_is_loaded():
    known = load_known()
    assert {"三会一课", "一岗双责", "两个维护", "1+N"} <= known
    assert not [t for t in known if t.startswith("#")]


def test_numbered_spans_cover_formulation_numbers():
    text = "绘制“三张清单”，落实三会一课，开展活动3次"
    spans = numbered_spans(text)
    assert in_spans(spans, text.index("三张"))
    assert in_spans(spans, text.index("三会"))
    assert not in_spans(spans, text.index("3次"))


# The scanning patterns in their plain form: each opens with its lookbehind (slow: tried at
# every position); the module's forms open with a character class instead and must match alike.
_PLAIN_REPEATED_RE = re.compile(
    rf"(?<![{_NUM}])(?:[{_NUM}](?:(?![{_NUM}])[\u4e00-\u9fff]){{1,2}}){{3,6}}"
)
_PLAIN_FORMULA_RE = re.compile(
    r"(?<![A-Za-z\d+])\d{1,2}(?:\+(?:\d{1,2}|[NXnx])){1,3}(?![A-Za-z\d+])"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_NUM + "个大会课岗责化同，a1+N2X")), max_size=80))
def test_fast_scanning_patterns_match_their_plain_form(text):
    def spans(rx: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in rx.finditer(text)]

    assert spans(_REPEATED_RE) == spans(_PLAIN_REPEATED_RE)
    assert spans(_FORMULA_RE) == spans(_PLAIN_FORMULA_RE)


def test_folded_text_scans_once():
    text = "落实“三会一课”，打造“红色管家”品牌，党员１２名"
    scan = FoldedText(text)
    assert scan.folded == "落实“三会一课”，打造“红色管家”品牌，党员12名"
    assert scan.candidates is scan.candidates
    assert {term for term, *_ in scan.candidates} == {"三会一课", "红色管家"}
    assert scan.numbered_spans == ((2, 8), (3, 7))  # quoted and known; not the initiative
    assert numbered_spans(text) == scan.numbered_spans
    assert extract_formulations(scan) == extract_formulations(text)


@pytest.mark.parametrize("text", [None, "", 12, FoldedText("")])
def test_as_folded_of_no_text(text):
    assert as_folded(text) is None
    assert extract_formulations(text) == ()


def test_as_folded_keeps_a_scan():
    scan = FoldedText("三会一课")
    assert as_folded(scan) is scan
    assert as_folded("三会一课").folded == "三会一课"


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.text(),
        st.text(
            alphabet=st.sampled_from(
                list('一二三四五六七八九十双个大有定“”「」"、，。\n（）1+NX*·红色管家讲堂活动')
            ),
            max_size=300,
        ),
    )
)
def test_never_raises_and_returns_valid_formulations(text):
    found = extract_formulations(text)
    assert isinstance(found, tuple)
    for f in found:
        assert isinstance(f, Formulation)
        assert f.term and f.count >= 1 and isinstance(f.numbered, bool)
        assert "*" not in f.term
    keys = [(-f.count, f.term) for f in found]
    assert keys == sorted(keys)
    assert isinstance(is_numbered_formulation(text), bool)


def test_linear_time_on_a_large_report():
    base = "\n".join(sample(k) for k in NUMBERED)
    big = (base * (350_000 // len(base) + 1))[:350_000]  # ~1 MB of UTF-8
    found = extract_formulations(big)
    assert {"三会一课", "红色管家"} <= {f.term for f in found}


@pytest.mark.parametrize(
    "text",
    [
        "“" * 100_000,
        "“三会一课”" * 10_000,
        "一是" * 50_000,
        "六同四化" * 25_000,
        "（一）坚持一个引领，\n" * 7_000,
    ],
)
def test_linear_time_on_adversarial_runs(text):
    extract_formulations(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ordinal formulations
        ("落实“第一议题”制度。", [("第一议题", True)]),
        ("被评为“第一道防线”。", []),
        # an ordinary phrase of the list, unquoted, is no formulation; quoted it is
        ("推行项目经理和支部书记交叉任职。", []),
        ("推行“交叉任职”。", [("交叉任职", True)]),
        (
            "即“支部建在部门，双向进入，交叉任职，双责双考”",
            [("双向进入", True), ("双责双考", True)],
        ),
        # an honour is never a formulation, numbered or not
        ("被评为县级“五星支部”。", []),
        # names of the genre
        ("“党建+安全”，筑牢安全生产防线。", [("党建+安全", False)]),
        ("开通“妈妈热线”，解答咨询。", [("妈妈热线", False)]),
    ],
)
def test_ordinal_plus_and_quoted_only_terms(text, expected):
    found = [(f.term.replace("＋", "+"), f.numbered) for f in extract_formulations(text)]
    assert found == expected


def test_traditional_formulations_after_conversion():
    from analysis.text.clean import clean_text

    text = clean_text("第三，開展“科學發展先鋒行”活動，落實“第一議題”制度。").text
    assert {f.term for f in extract_formulations(text)} == {"科学发展先锋行", "第一议题"}


# Issue 31, point 15: role metaphors, 、 inside a quoted name, a series of quoted terms, a wrap.
ISSUE_31 = [
    # a quoted role metaphor in a role context
    ("发挥党支部“主心骨”作用，带领群众致富", [("主心骨", False)]),
    ("支部书记当好“头雁”，班子成员分片包干", [("头雁", False)]),
    ("引导党员争做“排头兵”", [("排头兵", False)]),
    ("村书记发挥“领头雁”效应", [("领头雁", False)]),
    # ... but an honour stays no formulation, and so does a coined metaphor with no role; a fixed
    # term of the curated lexicon (data/named_terms.txt) needs no role
    ("发挥“先锋支部”作用", []),
    ("被评为县级“五星支部”", []),
    ("党员是群众的“贴心人”。", []),
    ("党员是群众的“主心骨”。", [("主心骨", False)]),
    # a parallel pair of four-character phrases held as a name: kept whole, not cut at the 、
    ("坚持“统一领导、分级负责”的原则", [("统一领导、分级负责", False)]),
    ("建立“统一领导、分级负责”工作机制", [("统一领导、分级负责", False)]),
    ("以“强基固本、融合发展”为重点", [("强基固本、融合发展", False)]),
    ("实现“党建强、业务强”", [("党建强、业务强", False)]),
    ("开展好“每周一学、每月一考”等学习活动", []),  # an example list
    # every member of a series of quoted terms
    (
        "规范“三会一课”、“主题党日”、“双报到”，推动支部建设",
        [("三会一课", True), ("主题党日", False), ("双报到", True)],
    ),
    (
        "严格落实“第一议题”“三会一课”“主题党日”",
        [("第一议题", True), ("三会一课", True), ("主题党日", False)],
    ),
    ("制作“庆七一·云宣誓”“Ta改变了我”视频", [("庆七一·云宣誓", False)]),
    # the two sides of a named change
    ("变“要我学”为“我要学”", [("我要学", False), ("要我学", False)]),
    ("推动党建从“有形覆盖”向“有效覆盖”转变", [("有形覆盖", False), ("有效覆盖", False)]),
    ("推动管党治党从“宽松软”走向“严紧硬”", [("宽松软", False), ("严紧硬", False)]),
    # genre endings and nouns right after the quotes
    ("全年举办校级“青马班”2期", [("青马班", False)]),
    ("搭建“政企直通车”，联合市发改委", [("政企直通车", False)]),
    ("上线“公积金e服务”小程序", [("公积金e服务", False)]),
    ("持续推进“四好农村路”建设", [("四好农村路", False)]),
    ("“等靠要”思想仍然存在", [("等靠要", False)]),
    ("开展村党组织书记“擂台比武”，每季度组织1次", [("擂台比武", False)]),
    # a plus model, quoted or not, however long
    ("推行“党支部+合作社+基地+农户”模式", [("党支部＋合作社＋基地＋农户", False)]),
    ("推行支部+合作社+农户模式，领办合作社", [("支部＋合作社＋农户", False)]),
    # honours: an award before the quotes wins over a brand ending; a numbered title awarded
    ("先后被评为全省“新时代非公党建示范点”", []),
    ("评选“五星党员”8名", []),
    ("三要开展“骑士先锋”评选，引导新就业群体参与", []),  # a title given to people
    ("推行“红黑榜”评比，评出文明户46户", [("红黑榜", False)]),  # a tool, not a title
    ("创建区级“一校一品”党建品牌", [("一校一品", True)]),
    ("推进“党建与业务融合”", []),  # a conjunction: a description, not a name
    (
        "对公司“党建强、业务强”的“双强”成果予以肯定",
        [("党建强、业务强", False), ("双强", True)],
    ),
    # a quoted term cut by a hard wrap (PDF text), counted with its unwrapped occurrences
    ("支部以“勤廉\n实干”为主题，争当“勤廉实干”先锋", [("勤廉实干", False)]),
    ("打造“红色\n管家”品牌", [("红色管家", False)]),
    ("落实“三会\n一课”制度", [("三会一课", True)]),
]


@pytest.mark.parametrize(("text", "expected"), ISSUE_31)
def test_issue_31_formulation_shapes(text, expected):
    found = [(f.term, f.numbered) for f in extract_formulations(text)]
    assert sorted(found) == sorted(expected)


def test_wrapped_quote_counts_all_occurrences():
    (f,) = extract_formulations("支部以“勤廉\n实干”为主题，争当“勤廉实干”先锋，勤廉实干蔚然成风")
    assert (f.term, f.count) == ("勤廉实干", 3)


def test_a_quote_never_spans_a_blank_line():
    assert extract_formulations("打造“红色\n\n管家”品牌") == ()


@pytest.mark.parametrize("text", ["做好“结合”文章", "发挥“先锋支部”作用", "党员是群众的“贴心人”。"])
def test_no_role_without_a_role_context(text):
    assert extract_formulations(text) == ()


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("支部收集员工“微心愿”86个，全部办结。", ["微心愿"]),
        ("社区举办“枫岭夜学”37期，覆盖党员。", ["枫岭夜学"]),
        ("组织员工家属签订“廉洁家书”46份。", ["廉洁家书"]),
        ("全年评选“五星党员”8名。", []),  # an honour's count: no formulation
        ("小区共有“老党员”12名。", []),  # no verb that made the thing
    ],
)
def test_a_quoted_thing_made_then_counted_is_a_formulation(text, terms):
    assert [f.term for f in extract_formulations(text)] == terms
