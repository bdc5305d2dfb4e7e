"""Tests for analysis.text.outline (parse_structure): outline tree, section kinds and measures (举措)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.models import ITEM_KINDS, SECTION_KINDS, Structure
from analysis.text.outline import classify_section, parse_structure

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
_PUNCT_RE = re.compile(r"[^\w]|_")


def norm(title: str) -> str:
    """Title compared ignoring punctuation and spaces."""
    return _PUNCT_RE.sub("", title)


def titles(s: Structure, kind: str = "measure") -> list[str]:
    return [m.title for m in s.measures if m.kind == kind]


def sample(prefix: str) -> str:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- samples
# What a careful reader lists as the practices (measures) of each sample report, by hand.
# Rule (one for every level, issue 18): a heading naming a section kind (主要做法, 工作成效 …) is
# a section; every other outline node is an item, whether or not it has items of its own, so the
# thematic top-level headings of 001 ("争做…先锋模范") and 002 (short-line headings) are listed with
# their items (Measure.has_children tells parents from leaves). An item opening a paragraph with a
# two-clause heading sentence is titled by it ("抓学习教育，强理想信念").

EXPECTED_MEASURES: dict[str, list[str]] = {
    "000": [
        "坚持一个引领，确保党建主体地位",
        "加强组织领导",
        "强化理论学习",
        "规范基础工作",
        "落实两个同步，做到党建业务互融",
        "坚持党建业务同步部署",
        "坚持党建业务同步执行",
        "抓好三个带头，发挥党员示范作用",
        "党员带头攻艰克难",
        "党员带头防疫抗疫",
        "党员带头廉洁自律",
        "聚力四抓四强，提升支部党建水平",
        "抓学习教育，强理想信念",
        "抓组织生活，强政治站位",
        "抓阵地建设，强党建基础",
        "抓群众服务",
        "创新五方共建，融合资源联动共赢",
    ],
    "001": [
        "争做学习贯彻习近平新时代中国特色社会主义思想的先锋模范",
        "坚持自学强党性",
        "集体学习促提升",
        "你追我赶同进步",
        "争做服务保障党委政府中心工作的先锋模范",
        "提升榜样影响力",
        "提升技术推动力",
        "提升自我革新力",
        "争做基层党组织建设的先锋模范",
        "建强战斗堡垒",
        "夯实党建基础",
        "凝聚红色气质",
    ],
    "002": [
        "支部建设齐步走，在标准化规范化建设上更进一步",
        "配强支部班子",
        "建强党员队伍",
        "严格制度执行",
        "示范引领大步走，在发挥三个作用上争先一步",
        "发挥思想引领作用",
        "发挥战斗堡垒作用",
        "发挥先锋模范作用",
        "提质增效快步走，在党建与业务融合互促上向前一步",
    ],
    "003": [
        "坚持平台共建，促推“立体融合”",
        "完善工作体制机制",
        "做优楼宇阵地资源",
        "构建楼宇治理平台",
        "坚持联学共办，打造“红色楼宇”",
        "优师上门送教",
        "开展特色活动",
        "思政进楼宇",
        "坚持成果共享，提升“党建效能”",
        "搭建载体促服务",
        "深入群众解难题",
        "助力企业显担当",
    ],
    "004": [
        "标准化管理、规范化运行",
        "科学化考核、精益化提升",
        "建塑过硬思想政治素质",
        "锤炼过硬干事创业作风",
        "创造过硬经营发展绩效",
    ],
}

# Items under 工作效果 / 实施效果: effects, never measures.
EXPECTED_EFFECTS: dict[str, list[str]] = {
    "003": [
        "汇聚力量，企业有了朋友圈",
        "汇聚人气，楼宇有了美誉度",
        "汇聚民心，群众有了幸福感",
    ],
    "004": [
        "形成了相对成熟完善的工作运行机制，提升了党建工作标准化规范化水平",
        "深度激发了企业活力，营造起众志成城共谋发展的良好企业氛围",
        "生产经营开启全新局面，为企业发展“行稳致远”奠定了基础提供了保障",
    ],
}


def _score(expected: dict[str, list[str]], kind: str) -> tuple[float, float]:
    """Micro recall and precision of found titles over all samples."""
    hit = n_expected = n_found = 0
    for prefix, want in expected.items():
        found = [norm(t) for t in titles(parse_structure(sample(prefix)), kind)]
        want_n = [norm(t) for t in want]
        hit += sum(1 for t in want_n if t in found)
        n_expected += len(want_n)
        n_found += len(found)
    return hit / n_expected, hit / max(n_found, 1)


def test_samples_measures_recall_and_precision():
    recall, precision = _score(EXPECTED_MEASURES, "measure")
    assert recall >= 0.95, recall
    assert precision >= 0.90, precision


def test_samples_effects_recall_and_precision():
    recall, precision = _score(EXPECTED_EFFECTS, "effect")
    assert recall >= 0.95, recall
    assert precision >= 0.90, precision


@pytest.mark.parametrize("prefix", sorted(EXPECTED_MEASURES))
def test_each_sample_measures(prefix):
    found = [norm(t) for t in titles(parse_structure(sample(prefix)))]
    assert found == [norm(t) for t in EXPECTED_MEASURES[prefix]]


def wrap(text: str, width: int) -> str:
    """Cut every line at `width` characters, as a PDF text layer does (no cleaner applied)."""
    out = []
    for para in text.split("\n"):
        out.extend(para[i : i + width] for i in range(0, max(len(para), 1), width))
    return "\n".join(out)


@pytest.mark.parametrize("width", [24, 30, 38])
def test_samples_wrapped_like_a_pdf(width):
    """The samples cut into fixed-width lines (markers like 二|是 split too) keep the bar."""
    hit = n_expected = n_found = 0
    for prefix, want in EXPECTED_MEASURES.items():
        found = [norm(t) for t in titles(parse_structure(wrap(sample(prefix), width)))]
        hit += sum(1 for t in want if norm(t) in found)
        n_expected += len(want)
        n_found += len(found)
    assert hit / n_expected >= 0.95
    assert hit / n_found >= 0.90


def test_sample_000_outline_and_sections():
    s = parse_structure(sample("000"))
    (root,) = s.outline
    assert (root.level, root.marker, root.title, root.kind) == (1, "一、", "主要做法", "practice")
    assert [c.marker for c in root.children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    first = root.children[0]
    assert [(c.level, c.marker) for c in first.children] == [(5, "一是"), (5, "二是"), (5, "三是")]
    m = next(m for m in s.measures if m.title == "加强组织领导")
    assert m.section == ("主要做法", "坚持一个引领，确保党建主体地位")
    assert m.level == 5
    assert m.text.startswith("一是加强组织领导") and m.text.endswith("研究部署党建具体工作;")
    # 四是 sits inside the 三是 paragraph and still closes it
    m3 = next(m for m in s.measures if m.title == "抓阵地建设，强党建基础")
    assert "四是" not in m3.text


def test_sample_003_kinds():
    s = parse_structure(sample("003"))
    assert [(n.title, n.kind) for n in s.outline] == [
        ("背景情况", "background"),
        ("主要做法", "practice"),
        ("工作效果", "result"),
    ]
    assert all(m.section[0] == "工作效果" for m in s.measures if m.kind == "effect")


def test_sample_002_captions_and_source_are_not_measures():
    text = sample("002")
    s = parse_structure(text)
    all_titles = {norm(m.title) for m in s.measures}
    for caption in [
        "支部党员活动日",
        "项目考察",
        "协助核酸检测工作",
        "来源:大兴城建兴城投资党支部",
    ]:
        assert norm(caption) not in all_titles
    assert all("来源" not in n.title for n in s.outline)


def test_offsets_index_into_text():
    text = sample("003")
    for m in parse_structure(text).measures:
        assert text[m.start : m.end] == m.text
        assert norm(m.title)[:4] in norm(m.text)


# ----------------------------------------------------------------------------- other layouts

NUMBERED = """XX党支部2023年工作总结
一、基本情况
支部现有党员15名，下设党小组2个。
二、主要做法
1.加强政治建设。支部坚持把政治建设摆在首位。
（1）落实“第一议题”制度。每次会议先学习习近平总书记重要讲话精神。
（2）开展专题研讨。围绕党的二十大精神组织研讨6场。
2、强化组织建设。严格落实“三会一课”制度。
3．推进党建业务融合。将党建工作与生产经营同部署、同考核。
三、取得成效
1.党员队伍素质明显提升。全年发展党员2名。
2.服务群众能力不断增强。开展志愿服务30余次。
四、存在问题
1.理论学习深度不够。部分党员满足于读原文。
五、下一步打算
1.持续深化理论武装。
2.加强党员日常管理。
"""


def test_numbered_items_and_section_kinds():
    s = parse_structure(NUMBERED)
    assert [n.kind for n in s.outline] == ["background", "practice", "result", "problem", "plan"]
    by_kind = {k: [norm(m.title) for m in s.measures if m.kind == k] for k in ITEM_KINDS}
    assert by_kind["measure"] == [
        "加强政治建设",
        "落实第一议题制度",
        "开展专题研讨",
        "强化组织建设",
        "推进党建业务融合",
    ]
    assert by_kind["effect"] == ["党员队伍素质明显提升", "服务群众能力不断增强"]
    assert by_kind["problem"] == ["理论学习深度不够"]
    assert by_kind["plan"] == ["持续深化理论武装", "加强党员日常管理"]
    m = next(m for m in s.measures if m.title == "开展专题研讨")
    assert (m.level, m.section) == (4, ("主要做法", "加强政治建设"))
    # "支部现有党员15名，…" under 基本情况 is prose, not an item
    assert by_kind["background"] == []


SHOUXIAN = """一、主要做法
支部坚持问题导向，扎实推进各项工作。首先，规范组织生活，每月开展主题党日活动；其次，加强阵地建设，建成党员活动室1处；再次，创新学习载体，开设“红色讲堂”；最后，严格发展党员程序，全年发展党员2名。
第一，抓好班子建设。支委会每月召开一次。第二，抓好队伍建设。开展党员积分管理。第三是抓好制度建设，修订制度12项。
二、工作成效
公司党委一班人首先注重加强自身建设，最后取得了明显成效。
"""


def test_shouxian_qici_zuihou_and_diyi():
    s = parse_structure(SHOUXIAN)
    assert [norm(t) for t in titles(s)] == [
        "规范组织生活",
        "加强阵地建设",
        "创新学习载体",
        "严格发展党员程序",
        "抓好班子建设",
        "抓好队伍建设",
        "抓好制度建设",
    ]
    markers = [c.marker for c in s.outline[0].children]
    assert markers == ["首先", "其次", "再次", "最后", "第一", "第二", "第三是"]
    # 首先/最后 inside a sentence (not at a clause start) enumerate nothing; the sentence only
    # names the section's topic (取得了明显成效), so it is no unnumbered effect either
    assert titles(s, "effect") == []


def test_enumeration_needs_a_sequence_and_a_clause_start():
    text = "一、主要做法\n思想统一是前提。支部一是坚持学习。另外还有其他工作。\n"
    # 统一是: not a clause start; 一是 alone (no 二是): not an enumeration
    assert parse_structure(text).outline[0].children == ()


PDF_BROKEN = """XX党支部2023年度工作总结
一、主要做法
（一）强化政治引领，筑牢思想根基。一是坚持“第一议题”制
度，每月组织集中学习不少于2次；二是开展专题研讨，围绕党
的二十大精神组织研讨6场；三是用好学习强国平台，党员日均
学习积分超过40分，营造了浓厚的学习氛围，提升了学习实效。
（二）坚持党建引领业务发展，推动党建工作与生产经营深度
融合。支部严格落实“三会一课”制度，全年召开支委会12次
，首先，规范组织生活，每月开展主题党日活动；其次，加强
阵地建设，建成党员活动室1处；最后，严格发展党员程序，全
年发展党员3名，确保发展质量，党员队伍结构得到持续优化。
（三）
打造特色品牌
支部创建“红色先锋”品牌，开展志愿服务30余次，服务群众1
200余人次，得到群众广泛好评，品牌影响力显著提升。
二、取得成效
（一）党员队伍素质明显提升。全年发展党员3名，支部被评为
先进基层党组织，多名党员获评优秀共产党员，示范作用明显。
"""


def test_pdf_broken_lines_are_rejoined():
    s = parse_structure(PDF_BROKEN)
    assert [norm(t) for t in titles(s)] == [
        "强化政治引领筑牢思想根基",
        "坚持第一议题制度",
        "开展专题研讨",
        "用好学习强国平台",
        "坚持党建引领业务发展推动党建工作与生产经营深度融合",
        "规范组织生活",
        "加强阵地建设",
        "严格发展党员程序",
        "打造特色品牌",
    ]
    assert [norm(t) for t in titles(s, "effect")] == ["党员队伍素质明显提升"]
    m = next(m for m in s.measures if m.title.startswith("坚持“第一议题”"))
    assert m.title == "坚持“第一议题”制度"  # the newline inside the title is gone
    assert PDF_BROKEN[m.start : m.end] == m.text


TRADITIONAL = """一、主要做法
（一）堅持黨建引領，促進業務融合。一是加強組織領導，支委每季度召開黨建專題會議；二是強化理論學習，落實「三會一課」制度；三是規範基礎工作，推進「五個標準化」建設。
（二）深化共建聯建，服務社區群眾。
二、工作成效
（一）黨員隊伍素質明顯提升。
三、存在問題
理論學習還不夠深入。
四、下一步打算
（一）持續深化理論武裝。
"""


def test_traditional_text_after_conversion():
    opencc = pytest.importorskip("opencc")
    text = opencc.OpenCC("t2s").convert(TRADITIONAL)
    s = parse_structure(text)
    assert [norm(t) for t in titles(s)] == [
        "坚持党建引领促进业务融合",
        "加强组织领导",
        "强化理论学习",
        "规范基础工作",
        "深化共建联建服务社区群众",
    ]
    assert [norm(t) for t in titles(s, "effect")] == ["党员队伍素质明显提升"]
    assert [norm(t) for t in titles(s, "plan")] == ["持续深化理论武装"]
    assert [n.kind for n in s.outline] == ["practice", "result", "problem", "plan"]


DOCX_TEXT = """城建集团第一党支部2023年工作总结
主要做法
加强组织领导
支部坚持每季度召开一次党建专题会议。一是明确责任分工，支委各负其责；二是完善议事规则，规范决策程序。
强化理论学习
支部通过“三会一课”、主题党日等形式组织党员学习。
工作成效
党员作用充分发挥
全体党员在项目一线冲锋在前。
"""
DOCX_HINTS = (
    (1, "城建集团第一党支部2023年工作总结"),
    (2, "主要做法"),
    (3, "加强组织领导"),
    (3, "强化理论学习"),
    (2, "工作成效"),
    (3, " 党员作用充分发挥 "),
)


def test_docx_heading_hints():
    s = parse_structure(DOCX_TEXT, DOCX_HINTS)
    # the title (Heading 1 on the first line) is not a section
    assert [(n.level, n.title, n.kind) for n in s.outline] == [
        (1, "主要做法", "practice"),
        (1, "工作成效", "result"),
    ]
    assert [norm(t) for t in titles(s)] == [
        "加强组织领导",
        "明确责任分工",
        "完善议事规则",
        "强化理论学习",
    ]
    assert titles(s, "effect") == ["党员作用充分发挥"]
    m = next(m for m in s.measures if m.title == "明确责任分工")
    assert m.section == ("主要做法", "加强组织领导")
    # without hints only a bare heading line after a finished paragraph is read as one (the
    # section lines and the first heading under them need the hints)
    assert [n.title for n in parse_structure(DOCX_TEXT).outline if n.level < 5] == ["强化理论学习"]


def test_docx_hints_with_markers_keep_marker_levels():
    text = "一、主要做法\n（一）加强组织领导\n支部坚持学习。\n二、存在问题\n学习不够深入。\n"
    hints = ((2, "一、主要做法"), (3, "（一）加强组织领导"), (2, "二、存在问题"))
    s = parse_structure(text, hints)
    assert [(n.level, n.kind) for n in s.outline] == [(1, "practice"), (1, "problem")]
    assert titles(s) == ["加强组织领导"]


RHYMES = """支部建设齐步走
支部班子配得强，党员队伍建得好，制度执行严格规范，各项工作有序推进。
示范引领大步走
党员在急难险重任务中冲在前，组织党员下沉社区参与志愿服务活动。
提质增效快步走
党建工作与重点项目同部署、同落实、同考核，支部委员全程参与项目研讨。
"""


def test_rhyming_short_line_headings():
    s = parse_structure(RHYMES)
    assert [(n.level, n.marker, n.title) for n in s.outline] == [
        (1, "", "支部建设齐步走"),
        (1, "", "示范引领大步走"),
        (1, "", "提质增效快步走"),
    ]
    assert titles(s) == ["支部建设齐步走", "示范引领大步走", "提质增效快步走"]


def test_short_line_headings_joined_on_one_line_and_captions_removed():
    """Sample 002 as the cleaner may leave it: captions gone, heading lines joined."""
    lines = sample("002").split("\n")
    captions = {ln for ln in lines if ln and ln[-1] not in "。”，,:：" and len(ln) < 30}
    heads = [i for i, ln in enumerate(lines) if ln.endswith(",") and len(ln) < 12]
    for i in reversed(heads):
        lines[i : i + 2] = [lines[i] + lines[i + 1]]
    text = "\n".join(ln for ln in lines if ln not in captions or "走," in ln)
    s = parse_structure(text)
    assert [norm(t) for t in titles(s)] == [norm(t) for t in EXPECTED_MEASURES["002"]]


WECHAT_NUMBERED = """“红色引擎”激活基层治理新动能
近年来，社区党支部探索形成了“三个一”工作法，推动党建引领基层治理取得实效。
01
强化政治引领
支部坚持把学习贯彻党的创新理论作为首要政治任务，组织党员集中学习。
图为支部开展主题党日活动
02
凝聚多方力量
支部联合辖区单位成立“红色议事会”，每月召开联席会议，协调解决群众急难愁盼问题。
编辑：张三
"""


def test_wechat_number_lines_and_bracket_headings():
    s = parse_structure(WECHAT_NUMBERED)
    assert [(n.marker, n.title) for n in s.outline] == [
        ("01", "强化政治引领"),
        ("02", "凝聚多方力量"),
    ]
    text = (
        "【支部建设】\n支部坚持标准化规范化建设，严格落实组织生活制度，班子得到加强。\n"
        "【党员教育】\n配强支部班子。将骨干培养为书记，在一线接受锻炼。\n"
        "建强党员队伍。坚持集中式党建，凝聚党员合力。\n"
    )
    s = parse_structure(text)
    assert [n.title for n in s.outline] == ["支部建设", "党员教育"]
    assert titles(s) == ["支部建设", "党员教育", "配强支部班子", "建强党员队伍"]


def test_list_announcements_are_not_lead_phrases():
    text = "一、主要做法\n我们的主要做法是：依托党群服务中心开展活动。\n具体措施如下：每月召开联席会议一次。\n"
    assert titles(parse_structure(text)) == ["主要做法"] or parse_structure(text).measures == ()


def test_lone_short_line_and_lone_lead_phrase_are_not_headings():
    text = (
        "为庆祝建党101周年,\n“大兴组工”开设专栏\n支部现有党员22名。其中女党员5名，预备党员1名。\n"
    )
    s = parse_structure(text)
    assert s.outline == () and s.measures == ()


def test_caption_and_source_lines_are_never_measures():
    text = """一、主要做法
支部党员活动日
配强支部班子。将政治素质高的骨干培养为支部书记。
图为支部党员参加志愿服务
建强党员队伍。坚持集中式党建，凝聚党员合力。
来源：大兴组工。责任编辑：张三。
编者按：本文有删节。
"""
    s = parse_structure(text)
    assert titles(s) == ["配强支部班子", "建强党员队伍"]


def test_heading_with_body_on_same_line_title_is_first_sentence():
    text = "一、主要做法\n（一）坚持平台共建，促推“立体融合”。一是完善工作体制机制。牵头成立综合党委。二是做优阵地资源。建成图书馆。\n"
    s = parse_structure(text)
    first = s.outline[0].children[0]
    assert first.title == "坚持平台共建，促推“立体融合”"
    assert [c.title for c in first.children] == ["完善工作体制机制", "做优阵地资源"]


def test_childless_top_level_headings_are_measures():
    text = "一、加强组织领导。支委坚持每季度召开一次党建专题会议。\n二、强化理论学习。落实三会一课制度。\n三、存在问题\n学习还不够深入。\n"
    s = parse_structure(text)
    assert titles(s) == ["加强组织领导", "强化理论学习"]


def test_nested_enumeration_inside_an_item():
    text = "一、主要做法\n支部一是抓学习，首先，制定学习计划；其次，落实学习制度。二是抓服务，开展志愿活动。\n"
    s = parse_structure(text)
    (root,) = s.outline
    assert [c.title for c in root.children] == ["抓学习", "抓服务"]
    assert [c.title for c in root.children[0].children] == ["制定学习计划", "落实学习制度"]
    assert next(m for m in s.measures if m.title == "落实学习制度").section == (
        "主要做法",
        "抓学习",
    )


def test_decimals_and_dates_are_not_markers():
    text = "1.5万元用于阵地建设。\n3、4月份开展主题教育。\n一、二级党组织全覆盖。\n"
    assert parse_structure(text).outline == ()


# ----------------------------------------------------------------------------- classify_section


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("一、背景情况", "background"),
        ("一、基本情况", "background"),
        ("支部概况", "background"),
        ("二、主要做法", "practice"),
        ("（二）具体举措", "practice"),
        ("经验做法", "practice"),
        ("工作措施：", "practice"),
        ("二、主要做法及成效", "practice"),
        ("三、工作成效", "result"),
        ("三、实施效果", "result"),
        ("工作效果", "result"),
        ("取得的成绩", "result"),
        ("四、存在问题", "problem"),
        ("存在的问题和不足", "problem"),
        ("问题与不足", "problem"),
        ("五、下一步打算", "plan"),
        ("2024年工作打谱", "plan"),
        ("今后工作思路", "plan"),
        ("六、几点体会", "other"),
        ("经验启示", "other"),
        ("一、坚持问题导向", "other"),
        ("（一）坚持平台共建，促推“立体融合”", "other"),
        ("争做学习贯彻习近平新时代中国特色社会主义思想的先锋模范", "other"),
        ("", "other"),
    ],
)
def test_classify_section(heading, kind):
    assert classify_section(heading) == kind
    assert kind in SECTION_KINDS


# ----------------------------------------------------------------------------- robustness

_ALPHABET = st.sampled_from(
    list("一二三四五六七八九十是首先其次最后第（）()、.．12３，,。；;：:“”\n 　*")
    + ["主要做法", "工作成效", "存在问题", "下一步打算", "来源:", "支部建设齐步走,", "配强班子。"]
    + [
        "目录",
        "基本情况",
        "对策建议",
        "首先，",
        "第一，",
        "‘",
        "’",
        "建强班子，筑牢堡垒。",
        "提高了认识",
    ]
    + ["共学共建，让组织强起来", "1、", "（1）", "二、", "01"]
)


def _check(s: Structure, text: str) -> None:
    assert isinstance(s, Structure)
    paths = {m.path for m in s.measures}
    parents = {m.parent for m in s.measures}
    assert len(paths) == len(s.measures)  # a path names one place in the tree
    for m in s.measures:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.kind in ITEM_KINDS and 1 <= m.level <= 5
        assert m.path.startswith(m.parent + "." if m.parent else "")
        assert m.has_children == (m.path in parents)

    def walk(nodes):
        for n in nodes:
            assert n.kind in SECTION_KINDS and 1 <= n.level <= 5
            assert 0 <= n.start <= n.end <= len(text)
            walk(n.children)

    walk(s.outline)


@settings(max_examples=100, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_never_raises_on_structured_noise(text):
    _check(parse_structure(text, ()), text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.lists(st.tuples(st.integers(-3, 12), st.text(max_size=10))))
def test_never_raises_on_random_unicode(text, hints):
    _check(parse_structure(text, tuple(hints)), text)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "一", "一是", "（一）", "1.", "来源:", "*" * 50])
def test_degenerate_inputs(text):
    _check(parse_structure(text), text)


@pytest.mark.parametrize(
    "unit",
    [
        # enumerations in one paragraph: 10,000 items
        "支部坚持学习，一是加强组织领导，"
        + "支委坚持每季度召开党建专题会议" * 5
        + "；二是强化理论学习。",
        "一" * 50,
        "（一）",
    ],
)
def test_one_megabyte_paragraph_completes(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    s = parse_structure(text)
    _check(s, text)


def test_many_short_lines_complete():
    block = "一、主要做法\n（一）加强领导\n配强班子。将骨干培养为书记。\n建强队伍。凝聚党员合力，发挥作用。\n支部建设齐步走,\n"
    text = block * 2000
    s = parse_structure(text)
    assert len(s.outline) == 2000
    assert len(s.measures) == 2000 * 4  # （一）, two lead phrases and the short-line heading


# ----------------------------------------------------------------------------- layouts of issue 18
_BODY = "支部围绕中心工作，组织党员认真落实各项制度，党员参与的积极性明显提高，群众普遍认可。"

LAYOUTS = [
    # unnumbered headings: a two-clause lead sentence with its body in the same paragraph
    (
        "二、主要做法\n建强村级班子，筑牢战斗堡垒。"
        + _BODY
        + "\n抓实学习教育，补足精神之钙。"
        + _BODY,
        ["建强村级班子，筑牢战斗堡垒", "抓实学习教育，补足精神之钙"],
    ),
    # unnumbered heading lines of two phrases, a parallel set before prose
    (
        "共学共建，让基层组织“强”起来\n" + _BODY + "\n共治共享，让群众生活“美”起来\n" + _BODY,
        ["共学共建，让基层组织“强”起来", "共治共享，让群众生活“美”起来"],
    ),
    # short heading lines right before a paragraph of 一是 items, a parallel set
    (
        "筑牢思想根基\n一是坚持学习例会制度；二是开展先锋讲堂。\n聚焦优质服务\n一是组建党员服务队；二是推行办电服务。",
        [
            "筑牢思想根基",
            "坚持学习例会制度",
            "开展先锋讲堂",
            "聚焦优质服务",
            "组建党员服务队",
            "推行办电服务",
        ],
    ),
    # a whole outline run together in one paragraph (web page, flattened PDF)
    (
        "局机关党支部各项工作取得了新的进展，为全市发展作出了贡献。 一、坚持理论武装，筑牢思想根基 "
        "1、精心组织，落实学习任务。支部制定学习计划。 2、用好载体，丰富学习形式。开展读书分享。 "
        "二、坚持从严管理，提升组织力 1、规范组织生活。严格落实制度。 2、加强党员教育管理。建立台账。",
        [
            "坚持理论武装，筑牢思想根基",
            "精心组织，落实学习任务",
            "用好载体，丰富学习形式",
            "坚持从严管理，提升组织力",
            "规范组织生活",
            "加强党员教育管理",
        ],
    ),
    # 首先/其次/最后 as top-level headings with 一是 items below them
    (
        "首先，以政治建设为统领，把牢品牌方向。一是落实学习制度；二是建立书记项目制。\n"
        "其次，以值班为单元，把支部建在一线。一是设立党小组；二是推行责任机组。\n"
        "最后，以创新为抓手，激发品牌活力。成立党员创新工作室，开展技术革新。",
        [
            "以政治建设为统领，把牢品牌方向",
            "落实学习制度",
            "建立书记项目制",
            "以值班为单元，把支部建在一线",
            "设立党小组",
            "推行责任机组",
            "以创新为抓手，激发品牌活力",
        ],
    ),
    # a background section listing practices is practice
    (
        "一、基本情况\n（一）严把入口关，稳步扩大党员队伍。"
        + _BODY
        + "\n（二）抓好理论学习，提高政治素质。"
        + _BODY,
        ["严把入口关，稳步扩大党员队伍", "抓好理论学习，提高政治素质"],
    ),
    # a lone 一是 (its 二是 lost)
    (
        "一、主要做法\n（一）抓学习，提升能力。支部每周学习，一是围绕政策变化开展业务练兵，党员带头。",
        ["抓学习，提升能力", "围绕政策变化开展业务练兵"],
    ),  # fmt: skip
    # a title with a comma inside quotation marks
    (
        "一、主要做法\n（一）建立“聚人成‘林’，护‘庄’战疫”行动支部，把党旗插在卡口上。" + _BODY,
        ["建立“聚人成‘林’，护‘庄’战疫”行动支部，把党旗插在卡口上"],
    ),
    # a table of contents at the top is no outline
    (
        "目录\n一、基本情况\n二、主要做法\nX公司党支部工作报告\n一、基本情况\n"
        + _BODY
        + "\n二、主要做法\n"
        "（一）优化支部设置。" + _BODY,
        ["优化支部设置"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LAYOUTS)
def test_layouts_of_real_reports(text, expected):
    s = parse_structure(text)
    assert [norm(t) for t in titles(s)] == [norm(t) for t in expected]
    _check(s, text)


def test_measure_tree_fields():
    text = (
        "一、主要做法\n（一）创新活动载体，激发党员活力\n1. 设立党员先锋岗。在关键岗位设立先锋岗。\n"
        "（1）定岗位职责，明确服务标准；\n（2）定考核办法，每季度评议。\n2. 开展劳动竞赛。组织竞赛。\n"
    )
    ms = {m.title: m for m in parse_structure(text).measures}
    top, post, duty = (
        ms["创新活动载体，激发党员活力"],
        ms["设立党员先锋岗"],
        ms["定岗位职责，明确服务标准"],
    )
    assert (top.path, top.parent, top.has_children) == ("1.1", "1", True)
    assert (post.parent, post.has_children) == (top.path, True)
    assert (duty.parent, duty.has_children) == (post.path, False)
    assert not ms["开展劳动竞赛"].has_children
    # the tree fields survive the stored JSON and the corpus loader
    from analysis.core.models import _measure, to_dict
    from analysis.corpus.loading import _measure as load_measure

    assert _measure(to_dict(post)) == post
    assert load_measure(to_dict(post)) == post


def test_results_under_a_practice_and_suggestions_are_plans():
    text = (
        "一、基本情况\n（一）抓好理论学习，提高政治素质。\n1.举办主题交流会。组织支部党员开展交流研讨。\n"
        "（1）提高了认识，坚定了理想信念。\n（2）增进了交流，密切了同学关系。\n"
        "二、对策建议\n（一）实施书记能力提升工程，每年开展全员轮训。\n"
    )
    s = parse_structure(text)
    assert titles(s, "effect") == ["提高了认识，坚定了理想信念", "增进了交流，密切了同学关系"]
    assert titles(s, "plan") == ["实施书记能力提升工程，每年开展全员轮训"]
    assert titles(s) == ["抓好理论学习，提高政治素质", "举办主题交流会"]


@pytest.mark.parametrize(
    "text",
    [
        "近年来，支部坚持学习，成效明显。" + _BODY + "\n通过学习，党员提高认识。" + _BODY,
        "支部现有党员22名，下设3个小组。" + _BODY + "\n全年开展活动12次，参与100人。" + _BODY,
    ],
)
def test_prose_openers_and_figures_are_no_lead_sentences(text):
    assert titles(parse_structure(text)) == []


@pytest.mark.parametrize(
    ("text", "styled", "title"),
    [
        (
            "目录\n一、基本情况\n二、主要做法\nX党支部工作报告\n一、基本情况\n" + _BODY,
            "",
            "X党支部工作报告",
        ),
        (
            "一、强化引领\n二、夯实基础\nY党委年度报告\n" + _BODY + "\n一、强化引领\n二、夯实基础",
            "",
            "Y党委年度报告",
        ),
        (
            "青山村党支部2024年上半年工作总结 上半年，" + _BODY,
            "",
            "青山村党支部2024年上半年工作总结",
        ),
        (
            "目录\n一、基本情况\n" + _BODY,
            "Z医院党委2023年党建工作总结",
            "Z医院党委2023年党建工作总结",
        ),
    ],
)
def test_title_skips_contents_and_prefers_the_styled_title(text, styled, title):
    from analysis.text.metadata import infer_title

    assert infer_title(text, "", styled) == title


def test_table_of_contents_leaves_one_outline():
    text = (
        "目录\n一、基本情况\n二、主要做法\n三、工作成效\nX公司党支部工作报告\n一、基本情况\n"
        + _BODY
        + "\n二、主要做法\n（一）优化支部设置。"
        + _BODY
        + "\n三、工作成效\n"
        + _BODY
    )
    assert [n.title for n in parse_structure(text).outline] == ["基本情况", "主要做法", "工作成效"]
