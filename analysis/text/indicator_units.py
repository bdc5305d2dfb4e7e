"""Measure words of numeric indicators: surface, normalized unit, category, the characters that
may not follow (人 in 人民 is no unit), and whether a redaction mark may stand before it."""

from __future__ import annotations

import re

from analysis.core.models import AGE

# (surface, unit, category, words that may not follow, allowed after a redaction mark)
# "category" None means: decided from the subject (个).
_UNITS: tuple[tuple[str, str, str | None, str, bool], ...] = (
    ("人次", "人次", "people", "", True),
    ("户次", "户次", "people", "", True),
    ("场次", "场次", "events", "", True),
    ("批次", "批次", "events", "", True),
    ("个百分点", "个百分点", "rate", "", True),
    ("平方公里", "平方公里", "area", "", True),
    ("立方米", "立方米", "other", "", True),
    ("平方米", "平方米", "area", "", True),
    ("平米", "平方米", "area", "", True),
    ("㎡", "平方米", "area", "", True),
    ("公顷", "公顷", "area", "", True),
    ("亩", "亩", "area", "", True),
    ("大类", "类", "items", "", True),
    ("课时", "课时", "events", "", True),
    ("学时", "学时", "events", "", True),
    ("公里", "公里", "other", "", True),
    ("千瓦时", "千瓦时", "other", "", True),
    ("%", "%", "rate", "", True),
    ("‰", "‰", "rate", "", True),
    ("倍", "倍", "rate", "增感", False),
    ("人", "人", "people", "民员才士们口大社事物心格生文性身力工选类间情权群数均家际道", True),
    ("名", "名", "people", "单称义誉片著言额次牌校录列目字号师医胜城企优声气利模副", True),
    ("位", "位", "people", "于置列次移数", False),
    ("户", "户", "people", "外口籍型主头内", True),
    ("次", "次", "events", "数序要日年月生贷级元第", True),
    ("场", "场", "events", "所地景合馆面域部长站上内外", True),
    ("期", "期", "events", "间刊待望限末初中满货", True),
    ("轮", "轮", "events", "胎船流换值岗训", True),
    ("家", "家", "organizations", "园乡属长里风族门国庭人具居电务访书政宴常当底境训", True),
    ("所", "所", "organizations", "有以在属得谓需做长获思想盼急能为", False),
    ("支", "支", "organizations", "部持援付撑出柱书", True),
    ("个", "个", None, "月体性案别税", True),
    ("项", "项", "items", "目", True),
    ("条", "条", "items", "例件款文幅线理约码形", True),
    ("篇", "篇", "items", "章幅", True),
    ("件", "件", "items", "", True),
    ("份", "份", "items", "额", True),
    ("册", "册", "items", "", True),
    ("套", "套", "items", "路餐", True),
    ("台", "台", "items", "账阶湾上下风", False),
    ("辆", "辆", "items", "", True),
    ("张", "张", "items", "", False),
    ("处", "处", "items", "长理置于分室级", False),
    ("座", "座", "items", "谈右位", False),
    ("间", "间", "items", "隙断接", False),
    ("幅", "幅", "items", "度", False),
    ("部", "部", "items", "门署分长队位落", False),
    ("类", "类", "items", "似型别", True),
    ("棵", "棵", "items", "", False),
    ("株", "株", "items", "洲", False),
    ("栋", "栋", "items", "梁", True),
    ("幢", "幢", "items", "", True),
    ("盏", "盏", "items", "", True),
    ("艘", "艘", "items", "", True),
    ("层", "层", "items", "面级次楼", False),
    ("只", "只", "items", "要有是能好见需在会为因不用争", False),
    ("根", "根", "items", "据本基源治深子底系植除", False),
    ("块", "块", "items", "钱头儿状", True),
    ("对", "对", "items", "接口标照比象待于话外应策手方称抗立冲齐焦调账子面付岸此", False),
    ("小时", "小时", "other", "内前后制候工", False),
    ("公斤", "公斤", "other", "", True),
    ("米", "米", "other", "粮饭面酒", False),
    ("元", "元", "money", "素旦宵首老帅气年月代朝件", True),
    ("吨", "吨", "other", "", True),
    ("节", "节", "events", "日约省点能奏目假气俭制", False),
    ("面", "面", "items", "向积临对上下前貌料子试孔具谈八", False),
    ("封", "封", "items", "闭锁存面建控堵口装", False),
    ("起", "起", "items", "来到步点草身码初始源诉飞色航止落", False),
    ("页", "页", "items", "面码脚眉", False),
    ("种", "种", "items", "类子植草树族地养粮", False),
    ("分", "分", "other", "钟别之为批期类局会队组社站子管工配散布享担解析所成红钱", False),
    ("岁", "岁", AGE, "月", False),
)
UNIT_INFO = {surface: (unit, cat, red) for surface, unit, cat, _, red in _UNITS}
# Extra multi-character lookaheads: 个月/个小时 are durations, 支队 is a name (支队伍 is a count).
_EXTRA_FORBID = {"个": "小时|工作日|星期|季度|半月|多月|年头", "支": "队(?!伍)"}


def unit_alternation() -> str:
    """Units longest first, each with its negative lookahead, e.g. "人(?![民员…])"."""
    parts = []
    for surface, _, _, forbid, _ in sorted(_UNITS, key=lambda u: -len(u[0])):
        bans = [re.escape(c) for c in forbid]
        if surface in _EXTRA_FORBID:
            bans.append(_EXTRA_FORBID[surface])
        look = f"(?!{'|'.join(bans)})" if bans else ""
        parts.append(re.escape(surface) + look)
    return "|".join(parts)
