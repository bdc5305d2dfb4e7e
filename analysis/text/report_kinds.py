"""Kinds of report (年度总结, 工作要点, 调研报告 …) from the title's words, and what a kind changes.

The kind decides what an outline item is: in a 工作要点/工作计划 every item is a plan; in a
调研报告 a finding is an effect or a problem by its wording (see `finding_kind`).
"""

from __future__ import annotations

import re

from analysis.text.identity import CONFIDENCE, SRC_BODY, SRC_FILE, SRC_TITLE, Guess, opening

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
_KIND_RULES = (  # first rule whose words occur in the title wins
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
    r"^(?:来源|编辑|审核|责编|作者)\s*[:：]|阅读原文|点击上方|编者按|编\s*者\s*的\s*话", re.M
)
_TITLE_MAX = 60  # a longer first line is not a title


def kind_of(words: str) -> str:
    """Kind named by a title's (or file name's) words, "" when none. "…党建工作要点" -> 工作要点"""
    for kind, pattern in _KIND_RULES:
        if pattern.search(words):
            return kind
    return ""


def kind_guesses(text: str, stem: str, titles: list[str]) -> list[Guess | None]:
    """The kind from the file name, the title, then WeChat traces and the opening."""
    out: list[Guess | None] = []
    if _WECHAT.search(text[:3000]) or any("【" in t for t in titles):
        out.append(Guess("微信文章", SRC_BODY, 0.8))
    for source, place in ((SRC_FILE, stem), *((SRC_TITLE, t) for t in titles)):
        kind = kind_of(place)
        out.append(Guess(kind, source, CONFIDENCE[source]) if kind else None)
    kind = kind_of(opening(text, titles[0] if titles else "")[:120])
    out.append(Guess(kind, SRC_BODY, 0.4) if kind else None)
    return out


def infer_kind(title: str, text: str) -> str:
    """Kind of report (one of KINDS) from the title's words and WeChat traces."""
    guess = next((g for g in kind_guesses(text, "", [title]) if g is not None), None)
    return str(guess.value) if guess else "其他"


def text_kind(text: str) -> str:
    """Kind named by a text's first line when it reads as a title (short, no closing 。), else ""."""
    for line in text.split("\n", 8)[:8]:
        s = line.strip()
        if s:
            return kind_of(s[:_TITLE_MAX]) if not s.endswith(("。", "；", ";")) else ""
    return ""
