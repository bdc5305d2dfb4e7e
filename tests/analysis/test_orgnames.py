"""Organization names by their grammar: proper name + suffix, stopping at boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text.orgnames import find_names, is_org_name, normalize, suffixes, visible_part


def _party(text: str) -> list[str]:
    return [n.name for n in find_names(text, party=True)]


def _units(text: str) -> list[str]:
    return [n.name for n in find_names(text, party=False)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("市政府办公室党组2025年度述职报告", ["市政府办公室党组"]),
        ("區直工委2022年度黨建工作總結", ["区直工委"]),
        ("中建八局*党**委坚持党建引领", ["中建八局*党**委"]),
        ("**楼宇综合党委联合大数据中心", ["**楼宇综合党委"]),
        (
            "兴城投资党支部隶属于大兴城建开发集团公司党委",
            ["兴城投资党支部", "大兴城建开发集团公司党委"],
        ),
        ("滨河经济开发区党工委", ["滨河经济开发区党工委"]),
        ("化学学院本科生第一党支部", ["化学学院本科生第一党支部"]),
        ("研究院材料所党支部", ["研究院材料所党支部"]),
        ("国家电网公司党委", ["国家电网公司党委"]),
        ("××××公司党委以锐意进取", ["××××公司党委"]),
        ("市第一人民医院内科党总支下设3个党支部", ["市第一人民医院内科党总支"]),
        ("来源：东岗东路社区党委", ["东岗东路社区党委"]),
        ("兴河物流公司联合党支部", ["兴河物流公司联合党支部"]),
        ("酒店项目临时党支部", ["酒店项目临时党支部"]),
        ("中共兴河集团委员会机关党委", ["中共兴河集团委员会", "中共兴河集团委员会机关党委"]),
        ("中共柳泉镇委员会2023年度工作总结", ["中共柳泉镇委员会"]),
        ("柳泉村村民委员会", []),
        ("附件2兴城投资党支部经验材料", ["兴城投资党支部"]),
        ("XX公司党支部委员会", ["XX公司党支部委员会"]),
        ("在局党组和集团党委的领导下", []),
        ("和平社区党委", ["和平社区党委"]),
        ("全面提升支部组织力", []),
        ("近期兴城投资党支部开展活动", ["兴城投资党支部"]),
        ("党建引领聚合力——记杨柳社区党委书记张三", ["杨柳社区党委"]),
        ("同时兴河物业公司党总支", ["兴河物业公司党总支"]),
        ("服务保障党委政府中心工作", []),
        ("安全市场监管局党支部", ["安全市场监管局党支部"]),  # 安全 is no scope 全市
        ("国家安全局机关党委", ["国家安全局机关党委"]),
        ("全市国有企业党委", ["国有企业党委"]),  # the scope is cut off
        # a 和 one character into a name is part of it, a 和 after a word joins two
        ("仁和医院检验科党支部：“头雁”领航", ["仁和医院检验科党支部"]),
        ("泰和水务集团有限公司党委2025年度党建工作总结", ["泰和水务集团有限公司党委"]),
        ("今年永和街道党工委扎实推进", ["永和街道党工委"]),
        ("党员和群众党支部", ["群众党支部"]),
        # ... so is one right after the party's name
        (
            "中共安和新材料科技股份有限公司委员会2025年度党建工作总结",
            ["中共安和新材料科技股份有限公司委员会"],
        ),
        # a title run into its byline: the name starts after the document-kind word
        ("2025年度抓基层党建工作述职报告杨柳湾村党支部书记", ["杨柳湾村党支部"]),
        ("2024年工作总结青石村党支部", ["青石村党支部"]),
    ],
)
def test_party_names_found(text, expected):
    assert _party(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "并下设若干个党支部",
        "第一季度支部",
        "以实际行动确保我们支部",
        "直属党组织按照党委",
        "社区有分支部",
        "根据自治区党委",
        "先锋党支部",
        "上级党委",
        "XX党支部",
        "*党支部",
        "第一党支部",
        "学生党支部",
        "党组织",
        "各级党组织",
        "关于全县农村党支部标准化建设情况的调研报告",  # a kind of organization, not one
        "为全面掌握农村党支部标准化建设推进情况",
        "全校学生党支部",
        "各村党支部",
    ],
)
def test_junk_is_no_party_name(text):
    assert _party(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("更好地促进学校", []),
        ("根据学院", []),
        ("仅东岗街道", ["东岗街道"]),
        ("围绕区域产业布局", []),
        ("服务中心大局", []),
        ("中国农业银行XX分行营业部", ["中国农业银行", "中国农业银行XX分行"]),
        ("**发展有限公司", ["**发展有限公司"]),
        ("大学生志愿者", []),
    ],
)
def test_units(text, expected):
    assert _units(text) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("机关第一党支部", "机关一支部"),
        ("机关第1党支部", "机关一支部"),
        ("机关第１党支部", "机关一党支部"),
        ("兴河物业公司党总支部委员会", "兴河物业公司党总支"),
        ("中共兴河投资公司党支部", "兴河投资公司支部"),
        ("兴河投資公司黨支部", "兴河投资公司党支部"),
        ("ＸＸ公司党委", "**公司党委"),
        ("×××公司党委", "*公司党委"),
        ("兴河 研究院 党总支", "兴河研究院党总支"),
        # the formal spelling of a committee
        ("中共石湾镇委员会", "石湾镇党委"),
        ("中共锦屏街道工作委员会", "锦屏街道党工委"),
        ("中国共产党兴河集团委员会", "兴河集团党委"),
    ],
)
def test_normalize_joins_spellings(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("机关第一党支部", "机关第二党支部"),
        ("兴河物业公司党总支", "兴河物业公司党委"),
        ("兴河能源公司党委", "兴河建设公司党委"),
        ("石湾镇委员会", "石湾镇党委"),  # without 中共 a 委员会 is no party committee
    ],
)
def test_normalize_keeps_different_names_apart(a, b):
    assert normalize(a) != normalize(b)


def test_visible_part():
    assert visible_part("**楼宇综合党委") == "楼宇综合党委"


def test_suffix_file_has_longest_first():
    keys = list(suffixes())
    assert keys.index("联合党支部") < keys.index("党支部") < keys.index("支部")


@pytest.mark.parametrize(
    "name, expected",
    [("兴城投资党支部", True), ("根据自治区党委", False), ("兴城投资党支部2023年", False)],
)
def test_is_org_name(name, expected):
    assert is_org_name(name) is expected


@given(st.text(alphabet="党支部委总工组根据我们的公司社区一二第*×XX年季度，。 ", max_size=40))
def test_names_are_spans_of_the_text(text):
    """Every name found is a span of the (prepared) text and ends in a suffix."""
    for n in find_names(text):
        assert 0 <= n.start < n.end <= len(text)
        assert n.name.replace("*", "").replace("×", "")


_BOUNDARY_TOKENS = [
    "根据",
    "按照",
    "确保",
    "我们",
    "若干个",
    "第一季度",
    "下设",
    "成立",
    "更好地",
    "仅",
]
_TOKENS = [
    *_BOUNDARY_TOKENS,
    "兴河",
    "能源",
    "公司",
    "社区",
    "党支部",
    "党委",
    "支部",
    "学校",
    "，",
    "。",
]


@given(st.lists(st.sampled_from(_TOKENS), max_size=12))
def test_no_name_starts_with_a_boundary_word(tokens):
    """Whatever the words around it, a name never begins with a verb, time word, pronoun or
    quantifier (the junk of issue 17)."""
    for n in find_names("".join(tokens)):
        assert not n.name.startswith(tuple(_BOUNDARY_TOKENS)), n.name


@given(st.text(alphabet=st.sampled_from("兴城党支部ＡＢ１２（），。：\n*＊×Xa1 國黨")))
def test_prepare_makes_full_width_ascii_half_width_and_keeps_the_length(text):
    from analysis.core.script import to_simplified
    from analysis.text.orgnames import prepare

    out = prepare(text)
    assert len(out) == len(text)
    assert not any("\uff01" <= c <= "\uff5e" for c in out)
    if len(to_simplified(text)[0]) == len(text):
        expected = to_simplified(text)[0].translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
        assert out == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("加强党建主体地位\n支部书记带头", []),  # a line break is no name character
        ("兴城投资\n党支部", []),
        ("格局", []),  # a unit word that is no unit, checked right before the suffix
        ("兴城投资党支部\n东岗街道", ["兴城投资党支部", "东岗街道"]),
    ],
)
def test_names_stop_at_line_breaks(text, expected):
    assert [n.name for n in find_names(text)] == expected
