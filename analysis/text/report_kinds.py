"""Kinds of report (年度总结, 工作要点, 调研报告 …) from the title's words, and what a kind changes.

The kind decides what an outline item is: in a 工作要点/工作计划 every item is a plan; in a
调研报告 a finding is an effect or a problem by its wording (see `finding_kind`).

Where a title names no kind, the page does: WeChat traces (来源/编辑 lines at the head or tail,
编者按, a publishing stamp `2025-09-18 08:30` on the lines under the title, a press opening
`近日，记者…`) make a 微信文章; a headline title `XX社区：“三张清单”激活治理末梢` (an
organization, a colon, a slogan) an 经验材料; so does an opening that looks back over years
(`近年来，…`), weakly, when nothing else speaks.
"""

from __future__ import annotations

import re

from analysis.text.identity import (
    CONFIDENCE,
    SRC_BODY,
    SRC_FILE,
    SRC_TITLE,
    Guess,
    header_lines,
    opening,
)
from analysis.text.orgnames import find_names, prepare

KINDS = (
    "年度总结",
    "工作要点",
    "述职报告",
    "经验材料",
    "工作报告",
    "调研报告",
    "品牌创建",
    "微信文章",
    "其他",
)
PLAN_KIND = "工作要点"  # a report made of plans: every outline item is a plan
RESEARCH_KIND = "调研报告"  # a report of findings, problems and proposals
NOTICE_KIND = "其他"  # a notice (通知) is no report: its field lines are never items
_NOTICE_RE = re.compile(r"^(?!.*(?:印发|转发))[^。]*通知\s*$")
# A notice's body: "现将有关事项通知如下", "特此通知" (its title dropped).
_NOTICE_BODY_RE = re.compile(r"(?:有关事项|具体事项|相关事宜)通知如下|特此通知")
_KIND_RULES = (  # first rule whose words occur in the title wins
    (NOTICE_KIND, _NOTICE_RE),  # "关于召开…述职评议会议的通知" (not "关于印发…要点的通知")
    ("述职报告", re.compile(r"述职")),
    ("调研报告", re.compile(r"调研|调查报告")),
    ("年度总结", re.compile(r"总结")),  # "2023年工作总结和2024年工作打算" looks back first
    # the plan words end the title: "…党建工作要点（及任务分工）", not "落实…工作要点情况的报告"
    (
        "工作要点",
        re.compile(r"(?:要点|工作计划|工作安排)(?:及[^，。]{0,12}|[（(][^）)]*[）)])?\s*$"),
    ),
    ("年度总结", re.compile(r"年度|打谱")),
    ("品牌创建", re.compile(r"品牌")),
    ("经验材料", re.compile(r"经验|做法|典型|先锋|五星|示范|案例|事迹")),
    ("工作报告", re.compile(r"报告|情况|汇报")),
)
_WECHAT = re.compile(
    r"^[（(]?(?:来源|编辑|审核|责编|作者)\s*[:：]|阅读原文|点击上方|编者按|编\s*者\s*的\s*话", re.M
)
# A web page's publishing stamp on a header line ("2025-09-18 08:30", "原创 … 发表于浙江") and a
# press opening ("近日，记者走进…", "本报讯"): traces of an article, even when cleaning has
# dropped its 来源/编辑 lines.
STAMP = re.compile(
    r"(?:19|20)[0-9]{2}[-年./][0-9]{1,2}[-月./][0-9]{1,2}日?\s*[0-2]?[0-9]:[0-5][0-9]|发表于|^原创\s",
    re.M,
)
_PRESS = re.compile(r"^[^。]{0,12}?(?:记者|通讯员|本报讯)")
_TRACE_CHARS = 3000  # WeChat traces stand at an article's head (编者按) or its tail (来源, 编辑)
_TITLE_MAX = 60  # a longer first line is not a title
EXPERIENCE_KIND = "经验材料"
# A headline title: an organization, a colon, a slogan ("东山社区：“三张清单”激活治理末梢").
_HEADLINE = re.compile(r"^([^：:，,。；;]{2,40})[：:](.+)$")
# An opening that looks back over several years ("近年来，…", "多年来"): an experience piece;
# a year's summary opens with its year or "今年以来"/"一年来".
_YEARS_BACK = re.compile(r"^(?:近年来|近年以来|近几年来|多年来|[两三四五六七八九十]年来)[，,]")
# An opening that looks back over the period reported on ("今年以来，", "一年来，", "2025年，",
# "上半年，", "三季度，"): a summary of that period, weakly, when nothing else names the kind.
_PERIOD_OPENER = re.compile(
    r"^(?:(?:19|20)\d\d年(?:以来|度|上半年|下半年|[一二三四]季度)?|今年以来|今年|一年来|本年度"
    r"|上半年|下半年|[一二三四]季度|上半年是[^，,。]{0,20})[，,]"
)
# The first person of a 述职 (本人, 我 — not 我们, 我村) and a post or its duty.
_FIRST_PERSON = re.compile(r"本人|我(?![们村镇区县市局校院司厂部])")
_DUTY = re.compile(r"书记|第一责任人|履职|履行[^。]{0,12}职责")
_DUTY_CHARS = 120  # the 述职's writer introduces themself in the opening

# The body's shape of a work plan, read when no title names a kind (a page without its title
# line): the plan sections (``一、总体思路``, ``三、保障措施``), an opening that states the year's
# approach (``…工作的总体思路是：``, ``…将重点抓好以下工作。``), items saying what is to be done (``（一）要…``, ``1.将…``); a
# report that looks back (``二、主要做法``, ``三、存在的问题``) is no plan, whatever it plans.
_HEADING = (
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|[0-9]{1,2}[、.．])\s*"
)
_PLAN_SECTION_RE = re.compile(
    _HEADING
    + r"(?:总体思路|指导思想|总体要求|重点任务|主要任务|目标任务|主要目标|工作目标|保障措施|基本原则)"
    + r"\s*$",
    re.M,
)
_PLAN_OPENING_RE = re.compile(
    r"(?:总体思路|指导思想|总体要求|工作思路)(?:是|为)[：:]"
    r"|[将要][^。\n]{0,40}(?:抓好|做好|推进|落实)以下[^。\n]{0,6}工作"
)
# An opening sentence saying what the writer will do in the year ahead: "2026年，县团委将在…",
# "…开局之年。局机关党委将坚持以…" (not "现将有关情况报告如下").
_WILL_OPENING_RE = re.compile(
    r"^(?:[^。\n]*。){0,1}[^。]{0,40}?(?<![现需必只即])将(?:坚持|在|围绕|紧扣|聚焦|以|重点|着力"
    r"|继续|深入|全面|持续|立足|锚定|按照)"
)
_PLAN_ITEM_RE = re.compile(_HEADING + r"(?:要|将|力争|计划)", re.M)
_LOOKING_BACK_RE = re.compile(
    _HEADING
    + r"(?:主要做法|工作成效|主要成效|取得的?成效|主要成绩|工作成绩|存在的?问题|存在的?不足"
    r"|工作回顾|基本情况|工作开展情况|下一步)",
    re.M,
)
_PLAN_OPENING_CHARS = 400  # the approach is stated in the opening lines
_PLAN_ITEMS_MIN = 3  # items saying what is to be done, at least


def kind_of(words: str) -> str:
    """Kind named by a title's (or file name's) words, "" when none. "…党建工作要点" -> 工作要点"""
    for kind, pattern in _KIND_RULES:
        if pattern.search(words):
            return kind
    return ""


def body_kind(text: str) -> str:
    """工作要点 when the body has a work plan's shape (see _PLAN_SECTION_RE), "" otherwise.

    "一、总体思路\n…\n二、重点任务\n…\n三、保障措施" -> 工作要点; a body that also looks back
    ("二、主要做法") -> "".
    """
    if _LOOKING_BACK_RE.search(text):
        return ""
    plan_sections = {m.group() for m in _PLAN_SECTION_RE.finditer(text)}
    if (
        _PLAN_OPENING_RE.search(text[:_PLAN_OPENING_CHARS])
        or _WILL_OPENING_RE.match(text.lstrip())
        or len(plan_sections) >= 2
        or len(_PLAN_ITEM_RE.findall(text)) >= _PLAN_ITEMS_MIN
    ):
        return PLAN_KIND
    return ""


def headline_kind(title: str) -> str:
    """经验材料 for a headline title (`东山社区：“三张清单”激活治理末梢`, `XX局党组：推行…`): an
    organization's name before the colon, a slogan naming no kind after it; "" otherwise."""
    m = _HEADLINE.match(prepare(title).strip())
    if not m or kind_of(m.group(2)):
        return ""
    head = m.group(1).strip()
    return EXPERIENCE_KIND if any(n.end == len(head) for n in find_names(head)) else ""


def _wechat_traces(text: str, header: list[str], first: str) -> bool:
    """Whether an article's head or tail holds WeChat traces (来源：, 编辑：, 阅读原文, 编者按), its
    header lines a publishing stamp, or its opening `first` is a press report's (`近日，记者…`)."""
    head, tail = text[:_TRACE_CHARS], text[-_TRACE_CHARS:]
    stamped = STAMP.search("\n".join(header))
    return bool(_WECHAT.search(head) or _WECHAT.search(tail) or stamped or _PRESS.match(first))


def kind_guesses(text: str, stem: str, titles: list[str]) -> list[Guess | None]:
    """The kind from WeChat traces, the file name, the title (its kind words, else a headline
    title), then the body's shape (a work plan's sections), the opening's kind words, a look
    back over years."""
    out: list[Guess | None] = []
    first = opening(text, titles[0] if titles else "")
    if _wechat_traces(text, header_lines(text, titles), first) or any("【" in t for t in titles):
        out.append(Guess("微信文章", SRC_BODY, 0.8))
    for source, place in ((SRC_FILE, stem), *((SRC_TITLE, t) for t in titles)):
        kind = kind_of(place) or headline_kind(place)
        out.append(Guess(kind, source, CONFIDENCE[source]) if kind else None)
    kind = body_kind(text)  # before the opening's words: "…总体思路是：…党建品牌提升行动"
    out.append(Guess(kind, SRC_BODY, 0.4) if kind else None)
    out.append(Guess("述职报告", SRC_BODY, 0.4) if first_person_duty(first) else None)
    opened = prepare(first)
    looks_back = _YEARS_BACK.match(opened)
    out.append(Guess(EXPERIENCE_KIND, SRC_BODY, 0.35) if looks_back else None)
    out.append(Guess("年度总结", SRC_BODY, 0.35) if _PERIOD_OPENER.match(opened) else None)
    kind = kind_of(first[:120])
    out.append(Guess(kind, SRC_BODY, 0.3) if kind and kind != "述职报告" else None)
    return out


def first_person_duty(first: str) -> bool:
    """Whether an opening is a secretary's own account of duty, a 述职: the writer in the first
    person (本人, 我 — not 我们) with a post or its duty (书记, 第一责任人, 履职)."""
    head = first[:_DUTY_CHARS]
    return bool(_FIRST_PERSON.search(head) and _DUTY.search(head))


def infer_kind(title: str, text: str) -> str:
    """Kind of report (one of KINDS) from the title's words and WeChat traces."""
    guess = next((g for g in kind_guesses(text, "", [title]) if g is not None), None)
    return str(guess.value) if guess else "其他"


def is_notice(text: str) -> bool:
    """Whether a text is a notice (通知), by its title line or its body's notice words."""
    return text_kind(text) == NOTICE_KIND or bool(_NOTICE_BODY_RE.search(text[:_TRACE_CHARS]))


def text_kind(text: str) -> str:
    """Kind named by a text's first line when it reads as a title (short, no closing 。), else ""."""
    for line in text.split("\n", 8)[:8]:
        s = line.strip()
        if s:
            return kind_of(s[:_TITLE_MAX]) if not s.endswith(("。", "；", ";")) else ""
    return ""
