"""What a set of outline items says: practices (verb first), results (了, 明显, 显著) or figures.

Used to weigh a section's kind by its items, not its heading word alone: a `基本情况` section
listing `（一）严把入口关，稳步扩大党员队伍` is practice; items `（1）提高了认识` are results.
"""

from __future__ import annotations

import re

# Adverbs that may open a practice title before its verb. "不断扩大党员队伍", "着力打造…"
_ADVERBS_RE = re.compile(
    r"^(?:不断|持续|着力|全面|积极|认真|扎实|切实|深入|大力|进一步|坚决|主动|精心|用心)"
)
# Verbs that open a practice title. "加强组织领导", "严把入口关", "以政治建设为统领"
_PRACTICE_RE = re.compile(
    r"^(?:加强|坚持|强化|推进|推动|推行|开展|建立|健全|完善|落实|抓|打造|创新|深化|实施|严把|严格"
    r"|规范|发挥|夯实|建强|选优|配强|提升|提高|扩大|做好|做实|做强|做优|搭建|构建|聚焦|突出|围绕"
    r"|以|把|让|用好|优化|设立|组建|成立|培育|整治|倡树|注重|实行|组织|举办|织密|筑牢|压实|抓实"
    r"|抓好|办好|建好|管好|守牢|擦亮|拓展|发展|创建|实现|明确|制定|探索|引导|融合|开设|建设|激发)"
)
# Phrases that report a result. "提高了认识", "服务能力明显增强", "群众口碑持续向好"
_RESULT_RE = re.compile(r"了|明显|显著|得到|有效|持续向好|稳步|大幅|焕然一新|位居|被评为|荣获|获评")
_FIGURE_RE = re.compile(r"\d")
_SHARE = 2 / 3  # share of the items that must agree


def title_kind(title: str) -> str:
    """ "practice", "result", "figure" or "" for one item title."""
    t = title.strip()
    if _PRACTICE_RE.match(_ADVERBS_RE.sub("", t)) and "了" not in t[:8]:
        return "practice"
    if _RESULT_RE.search(t):
        return "result"
    if _FIGURE_RE.search(t):
        return "figure"
    return ""


def says_results(words: str) -> bool:
    """Whether the words after a means (通过…，) state what it achieved: a result's words or its
    figures ("村容村貌明显改观", "全县发展特色种植基地4.3万亩，…增长8.6%")."""
    return title_kind(words) in ("result", "figure")


def item_vote(titles: list[str]) -> str | None:
    """Section kind the items agree on ("practice" or "result"), None without two-thirds agreement.

    A lone item decides alone; two or more need two that agree.
    """
    if not titles:
        return None
    kinds = [title_kind(t) for t in titles]
    for kind in ("practice", "result"):
        if kinds.count(kind) >= max(min(2, len(kinds)), _SHARE * len(kinds)):
            return kind
    return None


# What a research report's finding is, by its wording: (kind, pattern, reason). First match wins.
_FINDING_RULES = (
    (
        "problem",
        re.compile(
            r"[，,](?:但|但是|然而|不过|只是|仍|还|却)[^；;。]*"
            r"(?:不(?![断仅但少])|未|欠|缺|弱|低|差|难|慢|滞后|薄弱|短板|有待|闲置)"
        ),
        "an achievement paired with a shortcoming (但 + a negative word) is a problem: the"
        " shortcoming is the finding",
    ),
    (
        "problem",
        re.compile(
            r"不足|不够|欠缺|滞后|薄弱|短板|有待|缺乏|缺少|不到位|不平衡|不充分|难以|困难|问题"
            r"|偏[老大低弱少]|难度|较难|不高|不强|不深|不实|不严|不多|较少|较低|较弱"
        ),
        "a finding that names a shortcoming alone is a problem",
    ),
    (
        "result",
        re.compile(
            r"了|明显|显著|不断|逐步|稳步|持续|有效|提升|增强|提高|完善|增加|扩大|改善|向好"
            r"|基本(?:规范|健全|到位|覆盖|达标)"
        ),
        "a finding that reports growth or improvement, with no shortcoming, is an effect",
    ),
)


def finding_kind(title: str) -> str:
    """Section kind of a research finding ("problem", "result"), "" when its words say neither.

    "阵地建设投入逐年增加，但使用效率仍显不足" -> "problem"; "服务能力明显提升" -> "result".
    """
    for kind, pattern, _reason in _FINDING_RULES:
        if pattern.search(title):
            return kind
    return ""
