"""Numeric indicators: hand-made expectations on the sample reports, unit tables, properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.models import INDICATOR_CATEGORIES, Indicator
from analysis.core.numbers import _FOLD, fold, parse_arabic, parse_chinese_numeral, parse_number
from analysis.text.formulations import FoldedText
from analysis.text.hard_wraps import JoinedText
from analysis.text.indicators import (
    CLAUSE_MAX,
    SENTENCE_MAX,
    _Context,
    count_redactions,
    extract_indicators,
)
from tests.fixtures import sample

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


# The figures a careful reader lists, per sample: (unique snippet holding the figure, value, unit).
# None = a redacted figure. Not listed on purpose: years (2023年度, *年), anniversaries (101周年),
# durations (两年来, 24小时, *-*个小时, 三个月), frequencies (每季度召开一次), 一名/一次 in prose,
# formulations (两个同步, 三张清单) and 两个党员先锋小组 / 瀛海三条街坊路 (names, not figures).
EXPECTED: dict[str, list[tuple[str, float | None, str]]] = {
    "000": [
        ("现有党员*人", None, "人"),
        ("比例近*%", None, "%"),
        ("年均收入*余万元", None, "元"),
        ("保持*%以上", None, "%"),
        ("房款收入约*亿元", None, "元"),
        ("年产值超*万元", None, "元"),
        ("租金合计*万元", None, "元"),
        ("项目招标近*个", None, "个"),
        ("金额超过*多万元", None, "元"),
        ("学习研讨*次", None, "次"),
        ("等视频*余次", None, "次"),
        ("心得体会*篇", None, "篇"),
        ("主题党日活动*余次", None, "次"),
    ],
    "001": [
        ("保障任务*个", None, "个"),
        ("、*场次", None, "场次"),
        ("服务保障*多场次", None, "场次"),
        ("学习举措共*余条", None, "条"),
        ("支部*名党员获得", None, "名"),
        ("称号，*名党员", None, "名"),
        ("*名入党积极分子提前", None, "名"),
        ("发展对象，*名党员", None, "名"),
        ("优秀党员，*名党员", None, "名"),
        ("岗位练兵等活动*次", None, "次"),
        ("工作建议*条", None, "条"),
        ("一行*人", None, "人"),
        ("正式党员*名", None, "名"),
        ("发展对象*名", None, "名"),
        ("入党积极分子*名，", None, "名"),
        ("入党申请人*名", None, "名"),
    ],
    "002": [
        ("党员22名", 22, "名"),
        ("4146户", 4146, "户"),
        ("6万余人", 60000, "人"),
    ],
    "003": [
        ("粘合50余家", 50, "家"),
        ("聚力14个", 14, "个"),
        ("下辖14个", 14, "个"),
        ("400余人", 400, "人"),
        ("564人", 564, "人"),
        ("2000余人", 2000, "人"),
        ("700余平米", 700, "平方米"),
        ("召开16次", 16, "次"),
        ("急难问题23项", 23, "项"),
        ("专题讲座12次", 12, "次"),
        ("1万余人次", 10000, "人次"),
        ("党史专题教育5次", 5, "次"),
        ("讲党课活动28次", 28, "次"),
        ("6大类", 6, "类"),
        ("78项", 78, "项"),
        ("200余场次", 200, "场次"),
        ("组建了8支", 8, "支"),
        ("750余人", 750, "人"),
        ("30余条", 30, "条"),
        ("减免达**万元", None, "元"),
        ("资金扶持*万元", None, "元"),
        ("奖励*多万元", None, "元"),
        ("汇集了*家", None, "家"),
        ("10余家", 10, "家"),
        ("近100亿元", 1e10, "元"),
        ("近50亿元", 5e9, "元"),
    ],
    "004": [
        ("规定36项", 36, "项"),
    ],
}
DATES = {
    "000": ["*年以来", "成立*周年", "*年和*年", "*-*个小时"],
    "001": ["成立*年来", "*年浙江省", "*年度局优秀", "建党*周年", "三个月"],
    "002": ["101周年", "2020年3月", "70周年", "两年来", "八小时外"],
    "003": ["历经四年", "连续四年", "24小时", "四年来"],
    "004": ["2023年度", "2024年"],
}


def _matched(text: str, found: tuple[Indicator, ...], expected) -> tuple[int, set[int]]:
    """(expected figures found with the right value and unit, indexes of indicators used)."""
    used: set[int] = set()
    hits = 0
    for snippet, value, unit in expected:
        pos = text.find(snippet)
        assert pos >= 0 and text.find(snippet, pos + 1) < 0, f"snippet not unique: {snippet}"
        for i, ind in enumerate(found):
            if i in used or not pos <= ind.start < pos + len(snippet):
                continue
            if ind.unit == unit and ind.value == (None if value is None else float(value)):
                used.add(i)
                hits += 1
                break
    return hits, used


def test_samples_recall_and_precision():
    total_expected = total_found = total_hits = 0
    for key, expected in EXPECTED.items():
        text = sample(key)
        found = extract_indicators(text)
        hits, used = _matched(text, found, expected)
        assert hits / len(expected) >= 0.9, (key, [found[i].raw for i in used])
        total_expected += len(expected)
        total_found += len(found)
        total_hits += hits
    assert total_hits / total_expected >= 0.9
    assert total_hits / total_found >= 0.9


def test_samples_redacted_numbers_have_no_value():
    for key in EXPECTED:
        for ind in extract_indicators(sample(key)):
            if "*" in ind.raw:
                assert ind.redacted and ind.value is None, ind
            else:
                assert not ind.redacted and ind.value is not None, ind


def test_samples_no_dates_or_durations():
    for key, snippets in DATES.items():
        text = sample(key)
        found = extract_indicators(text)
        for ind in found:
            assert not re.search(r"[年月日]|周年|小时", ind.raw), ind
        for snippet in snippets:
            pos = text.find(snippet)
            assert pos >= 0, snippet
            assert not [i for i in found if pos <= i.start < pos + len(snippet)], snippet


def test_samples_subjects():
    text = sample("003")
    by_raw = {i.raw: i for i in extract_indicators(text)}
    assert by_raw["400余人"].subject == "党员人数"
    assert by_raw["564人"].subject == "党员人数"
    assert by_raw["12次"].subject == "专题讲座"
    assert by_raw["700余平米"].subject == "红色教育阵地"
    assert by_raw["近100亿元"].category == "money"
    assert "564人" in by_raw["564人"].sentence and by_raw["564人"].sentence.endswith("。")


# text -> [(value, unit, approx, redacted)]
UNIT_TABLE = [
    ("支部现有党员22名。", [(22, "名", False, False)]),
    ("开展**等专题讲座12次", [(12, "次", False, False)]),
    ("完成4146户信息统计", [(4146, "户", False, False)]),
    ("协助完成6万余人核酸检测", [(60000, "人", True, False)]),
    ("承办活动200余场次", [(200, "场次", True, False)]),
    ("建成700余平米的阵地", [(700, "平方米", True, False)]),
    ("营收近100亿元", [(1e10, "元", True, False)]),
    ("群众满意度96.5%", [(96.5, "%", False, False)]),
    ("共开展活动十六次", [(16, "次", False, False)]),
    ("吸引两千余人参加", [(2000, "人", True, False)]),
    ("收集意见三十余条", [(30, "条", True, False)]),
    ("组建8支共计750余人的志愿服务队", [(8, "支", False, False), (750, "人", True, False)]),
    ("党员*人", [(None, "人", False, True)]),
    ("年均收入*余万元", [(None, "元", True, True)]),
    ("减免达**万元", [(None, "元", False, True)]),
    ("出租率*%以上", [(None, "%", True, True)]),
    ("XX名党员参加", [(None, "名", False, True)]),
    ("捐款×××万元", [(None, "元", False, True)]),
    ("约*亿元", [(None, "元", True, True)]),
    ("共发放物资1,200份", [(1200, "份", False, False)]),
    ("筹集资金15.5万元", [(155000, "元", False, False)]),
    ("１２名党员", [(12, "名", False, False)]),
    ("捐款3-5万元", [(30000, "元", True, False)]),
    ("党员占比达到百分之八十", [(80, "%", False, False)]),
    ("覆盖从业人员2000余人", [(2000, "人", True, False)]),
    ("活动场地300平方米", [(300, "平方米", False, False)]),
    ("结对帮扶困难户26户", [(26, "户", False, False)]),
    ("整改问题12个", [(12, "个", False, False)]),
    ("超过一万人次参与", [(10000, "人次", True, False)]),
    ("下辖14个基层党组织，", [(14, "个", False, False)]),
    ("利润增长2倍", [(2, "倍", False, False)]),
    ("完成了三次培训", [(3, "次", False, False)]),
]


@pytest.mark.parametrize(("text", "expected"), UNIT_TABLE)
def test_unit_table(text, expected):
    got = [(i.value, i.unit, i.approx, i.redacted) for i in extract_indicators(text)]
    want = [(None if v is None else float(v), u, a, r) for v, u, a, r in expected]
    assert got == want


# text -> (subject, category) of the single indicator
SUBJECT_TABLE = [
    ("支部现有党员22名。", "党员", "people"),
    ("开展**等专题讲座12次", "专题讲座", "events"),
    ("党员人数从成立之初的400余人增长", "党员人数", "people"),
    ("下辖14个基层党组织，", "基层党组织", "organizations"),
    ("认领完成困难群众30余条微心愿", "微心愿", "items"),
    ("先后帮助入驻企业申报资金扶持*万元", "资金扶持", "money"),
    ("出租率常年保持*%以上", "出租率", "rate"),
    ("建成700余平米的红色教育阵地", "红色教育阵地", "area"),
    ("截止目前，共发展正式党员*名", "正式党员", "people"),
    ("发展对象*名", "发展对象", "people"),
    ("组织开展集中学习等活动12个", "活动", "events"),
    ("获得省级表彰2项", "省级表彰", "items"),
    ("（三）2022年度完成培训200人次", "培训", "people"),
    ("房产出租业务实现年均收入*余万元", "年均收入", "money"),
    ("减免达**万元", "减免", "money"),
    ("全年走访慰问困难党员30人", "困难党员", "people"),
    ("组建了5个党员突击队", "党员突击队", "organizations"),
]


@pytest.mark.parametrize(("text", "subject", "category"), SUBJECT_TABLE)
def test_subject_and_category(text, subject, category):
    (ind,) = extract_indicators(text)
    assert (ind.subject, ind.category) == (subject, category)


NOT_INDICATORS = [
    "2023年度党建品牌创建工作情况",
    "于2020年3月成立",
    "庆祝中国共产党成立101周年",
    "庆祝建党*周年大会",
    "*年以来，疫情反复",
    "20XX年工作打谱",
    "获评全市第一名",
    "争创第十六次先进",
    "排名前3名",
    "支委坚持每季度召开一次党建专题会议",
    "每月开展2次主题党日",
    "每名党员都要参加",
    "支部成立两年来",
    "连续四年成为纳税亿元楼宇",
    "组建党员防汛突击队参与全天候24小时值班",
    "提前三个月列为发展对象",
    "很多同志在卡点一站就是*-*个小时",
    "集团党委的一次创新尝试",
    "每天中午由一名党员值守",
    "联系电话：0571-88886666",
    "浙委发〔2023〕15号文件",
    "严格落实三会一课制度",
    "以五个标准化建设为抓手",
    "确保一岗双责落实到实处",
    "坚持一个引领，落实两个同步",
    "绘制出“三张清单”",
    "数十人参加",
    "党的十九大精神",
    "**项目建设",
    "*支部书记",
    "*人民医院党委",
    "统一名称",
    "千家万户",
    "三番五次",
    "2023.10.1",
    "编号A3人",
]


@pytest.mark.parametrize("text", NOT_INDICATORS)
def test_not_indicators(text):
    assert extract_indicators(text) == ()


NUMBERING_STYLES = [
    ("1.发展党员3名", [(3, "名")]),
    ("（1）开展活动5次；（2）慰问困难党员12人", [(5, "次"), (12, "人")]),
    ("① 新建阵地2处\n② 培训骨干30人次", [(2, "处"), (30, "人次")]),
    ("一、主要做法\n（一）组建志愿服务队3支", [(3, "支")]),
    ("第一，发展党员8名；第二，培养积极分子6名", [(8, "名"), (6, "名")]),
    ("1、全年召开支委会12次", [(12, "次")]),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERING_STYLES)
def test_numbering_styles(text, expected):
    got = [(i.value, i.unit) for i in extract_indicators(text)]
    assert got == [(float(v), u) for v, u in expected]


TRADITIONAL = [
    ("黨員人數達到1,200餘人", 1200, "人", True),
    ("開展講座十六場次", 16, "场次", False),
    ("籌集資金超過三萬元", 30000, "元", True),
    ("覆蓋兩千戶居民", 2000, "户", False),
    ("組建志願服務隊8個", 8, "个", False),
]


@pytest.mark.parametrize(("text", "value", "unit", "approx"), TRADITIONAL)
def test_traditional_raw_and_converted(text, value, unit, approx):
    import opencc

    converted = opencc.OpenCC("t2s").convert(text)
    for t in (text, converted):
        (ind,) = extract_indicators(t)
        assert (ind.value, ind.unit, ind.approx) == (float(value), unit, approx), t


def test_offsets_point_into_the_text():
    text = "（一）支部现有党员２２名，累计开展活动十六次，营收近100亿元。"
    for ind in extract_indicators(text):
        assert text[ind.start : ind.start + len(ind.raw)] == ind.raw
        assert ind.raw in ind.sentence


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("", 0),
        ("没有涂改", 0),
        ("*公司支部现有党员*人", 2),
        ("**万元、***人", 2),
        ("×××××公司××××红色先锋行动", 2),
        ("XX单位", 1),
        ("MAXX", 0),
        ("＊名", 1),
    ],
)
def test_count_redactions(text, n):
    assert count_redactions(text) == n


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("十六", 16),
        ("两千", 2000),
        ("三十", 30),
        ("十", 10),
        ("一百零五", 105),
        ("二十万", 200000),
        ("三亿五千万", 350000000),
        ("一万二千", 12000),
        ("二〇二三", 2023),
        ("兩千", 2000),
        ("萬", None),
        ("三四", None),
        ("一二三四五", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_chinese_numeral(s, value):
    assert parse_chinese_numeral(s) == value


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("1,200", 1200.0),
        ("96.5", 96.5),
        ("１２", 12.0),
        ("6万", 60000.0),
        ("十六", 16.0),
        ("x", None),
    ],
)
def test_parse_number(s, value):
    assert parse_number(s) == value


def test_fold_keeps_offsets():
    text = "１２名、萬餘人、５０％、１＋Ｎ"
    assert len(fold(text)) == len(text)
    assert fold(text) == "12名、万余人、50%、1+N"
    assert parse_arabic("1.2.3") is None


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from([*map(chr, _FOLD), *"12名万余人%+N党员\n "]), max_size=60))
def test_fold_is_the_character_table(text):
    # fold substitutes only the characters it maps: the same as translating with the table
    assert fold(text) == text.translate(_FOLD)


TEXT_ALPHABET = list(
    "一二两三四五六七八九十百千万亿余多近约超*×X＊人次个名元%％平米“”，。、；\n（）1234567890.,-+的等"
    "开展党员第每前年月日周年"
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(TEXT_ALPHABET), max_size=300)))
def test_never_raises_and_returns_valid_indicators(text):
    found = extract_indicators(text)
    assert isinstance(found, tuple)
    starts = [i.start for i in found]
    assert starts == sorted(starts)
    for ind in found:
        assert isinstance(ind, Indicator)
        assert ind.category in INDICATOR_CATEGORIES
        assert (ind.value is None) == ind.redacted
        assert isinstance(ind.unit, str) and ind.unit
        assert text[ind.start : ind.start + len(ind.raw)] == ind.raw
    assert isinstance(count_redactions(text), int)


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_shared_folded_text_gives_the_same_indicators(key):
    # the pipeline passes one FoldedText to indicators and formulations
    scan = FoldedText(sample(key))
    assert extract_indicators(scan) == extract_indicators(sample(key))


def test_formulation_scan_is_shared():
    scan = FoldedText("落实三张清单，开展学习十六次")
    assert [(i.value, i.unit) for i in extract_indicators(scan)] == [(16.0, "次")]
    assert "candidates" in vars(scan)  # 三张 made it look for formulations; kept for the next


def _scan_back(text: str, pos: int, stops: str, limit: int) -> int:
    """Reference: after the last stop character in the `limit` characters before `pos`."""
    lo = max(0, pos - limit)
    return next((k + 1 for k in range(pos - 1, lo - 1, -1) if text[k] in stops), lo)


def _scan_ahead(text: str, pos: int, stops: str, limit: int) -> int:
    """Reference: the first stop character in the `limit` characters from `pos`, else their end."""
    hi = min(len(text), pos + limit)
    return next((k for k in range(pos, hi) if text[k] in stops), hi)


def _check_bounds(text: str, start: int, end: int) -> None:
    """Sentence and clause bounds (regex over a window) equal plain character loops, on the text
    with its hard wraps joined (the offsets the context works in)."""
    ctx = _Context(FoldedText(text))
    text = JoinedText(text).joined
    start, end = min(start, len(text)), min(end, len(text))
    delims, ends = "，。；、\n“”（）", "。；\n"
    assert ctx.clause_start(start) == _scan_back(text, start, delims, CLAUSE_MAX)
    assert ctx.clause_end(end) == _scan_ahead(text, end, delims, CLAUSE_MAX)
    lo = _scan_back(text, start, ends, SENTENCE_MAX // 2)
    hi = _scan_ahead(text, end, ends, SENTENCE_MAX // 2)
    hi += hi < min(len(text), end + SENTENCE_MAX // 2)  # a found end mark stays in the sentence
    assert ctx.sentence(start, end) == ctx.raw(lo, hi).strip()


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("党" * 100 + "。" + "党" * 10, 20, 20),  # a mark just past the sentence window
        ("党" * 100 + "。" + "党" * 10, 21, 21),  # a mark at the window's last character
        ("党" * 10 + "，" + "党" * 60, 51, 51),  # a delimiter just before the clause window
        ("党" * 10 + "，" + "党" * 60, 50, 50),  # a delimiter at the window's first character
        ("", 0, 0),
    ],
)
def test_context_bounds_at_the_window_edges(text, start, end):
    _check_bounds(text, start, end)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["党员" * 9, "党" * 37, *"名，。；、\n“”（）12 "]), max_size=30).map(
        "".join
    ),
    st.data(),
)
def test_context_bounds_are_character_scans(text, data):
    start = data.draw(st.integers(0, len(text)))
    _check_bounds(text, start, data.draw(st.integers(start, len(text))))


def test_linear_time_on_a_large_report():
    base = "\n".join(sample(k) for k in EXPECTED)
    big = (base * (350_000 // len(base) + 1))[:350_000]  # ~1 MB of UTF-8
    found = extract_indicators(big)
    assert len(found) > 500


@pytest.mark.parametrize(
    "text",
    ["1" * 100_000, "*" * 100_000, "一二三四五六七八九十" * 10_000, "近" * 100_000, "“" * 100_000],
)
def test_linear_time_on_adversarial_runs(text):
    assert extract_indicators(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PDF/OCR text: a space between number and unit
        ("设立党员先锋岗 68 个。", [(68.0, "个", "items")]),
        ("解决群众诉求 214 项。", [(214.0, "项", "items")]),
        ("培训党员 1200 名。", [(1200.0, "名", "people")]),
        ("群众满意度达 95 %。", [(95.0, "%", "rate")]),
        ("村集体增收 1.2 万元。", [(12000.0, "元", "money")]),
        ("开展志愿服务 300 余场次。", [(300.0, "场次", "events")]),
        # ages describe people: their own category, with the head count of the age group
        ("其中60岁以上党员19人。", [(60.0, "岁", "age"), (19.0, "人", "age")]),
        (
            "党员平均年龄44岁，35岁以下党员仅9人。",
            [(44.0, "岁", "age"), (35.0, "岁", "age"), (9.0, "人", "age")],
        ),
        # a head count after an age in another clause is a plain count
        ("平均年龄52岁，全村党员39名。", [(52.0, "岁", "age"), (39.0, "名", "people")]),
        # a norm per head is no count; a number of working days is a duration
        ("每名党员联系10户至15户群众。", []),
        ("审批时限由 20 个工作日压缩到 8 个工作日。", []),
        ("第 2 页 共 3 页", []),
    ],
)
def test_spaced_units_and_ages(text, expected):
    found = [(i.value, i.unit, i.category) for i in extract_indicators(text)]
    assert found == expected


# Issue 31: every figure of a dense series, measure words of buildings, lights, plants, lengths.
DENSE_SERIES = [
    ("小区共有住宅楼12栋、常住人口1860人", [(12, "栋", "住宅楼"), (1860, "人", "常住人口")]),
    (
        "辖区面积1.2平方公里，住宅楼42栋、常住人口8650人、流动人口1200余人",
        [
            (1.2, "平方公里", "辖区面积"),
            (42, "栋", "住宅楼"),
            (8650, "人", "常住人口"),
            (1200, "人", "流动人口"),
        ],
    ),  # fmt: skip
    ("共有楼栋12幢、单元48个", [(12, "幢", "楼栋"), (48, "个", "单元")]),
    ("新增路灯65盏、休闲座椅40张", [(65, "盏", "路灯"), (40, "张", "休闲座椅")]),
    ("修建道路3.5公里、路灯120盏", [(3.5, "公里", "道路"), (120, "盏", "路灯")]),
    ("种植果树2000株、茶叶300亩", [(2000, "株", "果树"), (300, "亩", "茶叶")]),
    ("完成道路铺设3600米、雨污管网2100米", [(3600, "米", "道路铺设"), (2100, "米", "雨污管网")]),
    ("发放大米500公斤", [(500, "公斤", "大米")]),
]


@pytest.mark.parametrize(("text", "expected"), DENSE_SERIES)
def test_dense_series_keeps_every_figure(text, expected):
    got = [(i.value, i.unit, i.subject) for i in extract_indicators(text)]
    assert got == [(float(v), u, s) for v, u, s in expected]


@pytest.mark.parametrize(
    "text",
    ["他是国家的栋梁", "株洲市党员", "只要3只手", "2层面", "米粮", "3米饭"],
)
def test_new_measure_words_do_not_read_words(text):
    assert [i.unit for i in extract_indicators(text)] in ([], ["只"])


# A long subject keeps its last whole words, never a cut word (issue 26 point 7, issue 31).
LONG_SUBJECTS = [
    ("协调解决3个街坊路工程手续办理进程遇阻问题", "街坊路工程手续"),  # cut before a verb
    ("解决3个社区老旧小区加装电梯工程配套资金问题", "加装电梯工程配套资金问题"),
    ("街坊路工程手续办理进程遇阻问题12个", "进程遇阻问题"),  # 办理 is a boundary verb
    ("社区老年人智能手机使用培训班学员120人", "智能手机使用培训班学员"),  # not 班学员
]


@pytest.mark.parametrize(("text", "subject"), LONG_SUBJECTS)
def test_long_subject_ends_at_a_word_boundary(text, subject):
    (ind,) = extract_indicators(text)
    assert ind.subject == subject
    assert len(ind.subject) <= 12


_PIECES = [
    "街坊",
    "路",
    "工程",
    "手续",
    "办理",
    "进程",
    "遇阻",
    "问题",
    "培训班",
    "学员",
    "12个",
    "、",
]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_PIECES), min_size=4, max_size=30))
def test_subjects_are_short_and_whole_words(pieces):
    text = "".join(pieces)
    for ind in extract_indicators(text):
        assert len(ind.subject) <= 12
        assert not ind.subject.startswith(("班", "坊", "续", "程", "阻", "题", "员"))


# Issue 31 on unseen reports: new measure words, totals of hours, age groups, what is no count.
MEASURES_AND_BOUNDS = [
    # volumes, rods, boards and pairs are counted
    ("全年输送天然气2.5亿立方米。", [(2.5e8, "立方米", "other")]),
    ("更换老旧管道540根。", [(540.0, "根", "items")]),
    ("新设宣传栏18块。", [(18.0, "块", "items")]),
    ("结对帮扶15对，师徒共同成长。", [(15.0, "对", "items")]),
    # hours of work are a figure when they are a total; a span of hours is a duration
    ("志愿服务时长9200小时。", [(9200.0, "小时", "other")]),
    ("累计达1.6万小时。", [(16000.0, "小时", "other")]),
    ("阵地开放时间不少于30小时。", [(30.0, "小时", "other")]),
    ("提供24小时服务。", []),
    ("在48小时内办结。", []),
    # a small Chinese count before its noun names what they are, not a result
    ("突出抓好三项重点任务。", []),
    ("举办两期书记培训班。", []),
    ("二期厂房提前投产。", []),
    ("全年解决难题三十项。", [(30.0, "项", "items")]),
    # a head-count threshold names a class of units; a money target does not
    ("对党员5名以上的企业单独建立党支部，不足5名的成立联合党支部。", []),
    ("力争收入20万元以上的村达到8个。", [(200000.0, "元", "money"), (8.0, "个", "organizations")]),
    # a figure per year is counted; a norm per head is not
    ("每年为村集体增收6万元。", [(60000.0, "元", "money")]),
    ("每名党员联系5户群众。", []),
    # a share or a head count tied to an age group belongs to the ages
    ("35岁以下党员占38%。", [(35.0, "岁", "age"), (38.0, "%", "age")]),
    ("为全村52名80岁以上老人送餐。", [(52.0, "名", "age"), (80.0, "岁", "age")]),
    ("新任书记中40岁以下的有6名。", [(40.0, "岁", "age"), (6.0, "名", "age")]),
]


@pytest.mark.parametrize(("text", "expected"), MEASURES_AND_BOUNDS)
def test_measures_and_bounds_of_unseen_reports(text, expected):
    found = [(i.value, i.unit, i.category) for i in extract_indicators(text)]
    assert found == expected


# A hard wrap (PDF text, ~26 characters a line) inside a figure or its clause.
WRAPPED = [
    ("（三）深化志愿服务，组建志愿服务队伍五支，参与居民 9\n00 余人次。", 900.0, "人次"),
    ("（二）打造红色阵地，改造提升党群服务中心面积达 6\n00 平方米。", 600.0, "平方米"),
    ("（一）服务能力明显增强，全年门诊量达到 21.5 万\n人次，同比增长。", 215000.0, "人次"),
    ("（三）提升治理水平，推行网格化管理，化解矛盾纠纷26\n起。", 26.0, "起"),
]


@pytest.mark.parametrize(("text", "value", "unit"), WRAPPED)
def test_a_figure_cut_by_a_hard_wrap_reads_whole(text, value, unit):
    found = [i for i in extract_indicators(text) if i.value == value]
    assert [i.unit for i in found] == [unit]
    (ind,) = found
    assert text[ind.start : ind.start + len(ind.raw)] == ind.raw
    assert ind.raw in ind.sentence


def test_a_norm_cut_by_a_hard_wrap_stays_a_norm():
    text = "（一）加强党员教育管理，组织全体教职工党员每\n名党员联系群众 3 户，定期走访。"
    assert extract_indicators(text) == ()


def test_a_short_heading_line_is_not_joined_to_its_body():
    (ind,) = extract_indicators("二、工作成效\n党员人数达到120名。")
    assert ind.subject == "党员人数"
