"""Lines kept out of the analysis text: credit lines (来源：…, 责任编辑：…, 编者按) and photo captions
(a short phrase between paragraphs), told apart from headings."""

from __future__ import annotations

import re
from collections import Counter

from analysis.text.item_kinds import title_kind
from analysis.text.line_shapes import (
    CJK_RE,
    CONTINUES_RE,
    INNER_SENTENCE_RE,
    ends_sentence,
    starts_outline,
)

# Credit lines kept out of analysis, e.g. "来源:大兴城建", "责任编辑：张三", "编者按".
_CREDIT_RE = re.compile(
    r"(?:文章|信息|图片)?来源\s*[:：丨|]"
    r"|(?:责任)?编辑\s*[:：丨|]|编审\s*[:：]|审核\s*[:：]|校对\s*[:：]|作者\s*[:：]"
    r"|供稿\s*[:：]|摄影\s*[:：]|撰稿\s*[:：]|图文\s*[:：]|文字\s*[:：]|排版\s*[:：]"
    r"|[初复终]审\s*[:：]|监制\s*[:：]"
)
# First characters of credit lines: a cheap filter before the regex.
_CREDIT_FIRST = frozenset("文信图来责编审校作供摄撰排初复终监")
# An editor's-note block header on its own line, e.g. "编者的话", "编者按："
_EDITOR_NOTE_RE = re.compile(r"编者的话|编者按")
# Section words that make a short line a heading, not a photo caption, e.g. "主要做法", "工作成效".
_SECTION_WORD_RE = re.compile(
    r"(?:做法|举措|措施|成效|效果|成果|问题|不足|打算|计划|思路|体会|启示|经验|背景|概况|情况"
    r"|前言|引言|结语|目标|展望)$|^下一步"
)
# Sign-off lines kept for metadata: a date "2023年12月20日" or an organisation "XX公司党委".
_SIGNOFF_RE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年(?:\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?)?$"
    r"|(?:党委|党支部|支部委员会|委员会|党总支|党组|公司|集团)$"
)

# A heading made of two phrases joined by a comma, e.g. "强化政治引领，让“红色引擎”动力更足".
_PAIR_RE = re.compile(r"[^，,。；;：:！!？?]{2,14}[，,][^，,。；;：:！!？?]{4,20}")
# Parallel headings, three or more, open with the same words ("青春在攻坚中闪光", "青春在创新中绽放")
# or end alike ("当好“头雁”", "争当“尖兵”")
PARALLEL_OPENING = 3
PARALLEL_SET = 3
PARALLEL_SPREAD = {"start": 2, "end": 1, "size": 0}  # their lengths differ by at most this
PARALLEL_SIZE_SET = 4  # ... or four or more of one length ("织密组织网络", "整合共建资源", …)
CAPTION_MAX = 30  # a photo caption is at most this many characters


def _is_credit(line: str) -> bool:
    """'来源：…', '责任编辑：…' lines and an '编者的话' header: kept out of the analysis text."""
    if len(line) > 80 or line[:1] not in _CREDIT_FIRST:
        return False
    if _CREDIT_RE.match(line):
        return True
    return bool(_EDITOR_NOTE_RE.fullmatch(line.rstrip(":：")))


def _caption_candidate(line: str, width: int) -> bool:
    """A short phrase on its own line: no final punctuation, no outline marker, not a heading word."""
    n = len(line)
    if not 2 <= n <= CAPTION_MAX or (width and n >= 0.85 * width):
        return False
    if "\t" in line or not CJK_RE.search(line):
        return False
    if ends_sentence(line) or CONTINUES_RE.search(line) or INNER_SENTENCE_RE.search(line):
        return False
    heading_like = starts_outline(line) or _SECTION_WORD_RE.search(line)
    return not (heading_like or _SIGNOFF_RE.search(line))


def split_credits(lines: list[str]) -> tuple[list[str], list[str]]:
    """Move credit lines ('来源：…', '责任编辑：…', an '编者的话' header) out: (kept, credits)."""
    kept: list[str] = []
    credits: list[str] = []
    for line in lines:
        (credits if line and _is_credit(line) else kept).append(line)
    return kept, credits


def _heads_of_lists(lines: list[str]) -> set[int]:
    """Indexes of short lines right before a line opening an outline item ("一是…", "1."):
    headings of the items below them (a photo captions no list), when there are two or more."""
    found = set()
    nxt = ""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line and nxt and len(line) <= CAPTION_MAX and starts_outline(nxt) > starts_outline(line):
            found.add(i)
        if lines[i]:
            nxt = lines[i]
    return found if len(found) >= 2 else set()


def _heads_a_body(line: str, nxt: str) -> bool:
    """A heading-shaped line ("A，B" or verb first) over a body paragraph heads it: a photo
    caption names a scene. "深化党建业务融合，服务中心工作" + "支部把党建工作…。" """
    body = len(nxt) > CAPTION_MAX and not starts_outline(nxt) and not _is_credit(nxt)
    return body and bool(_PAIR_RE.fullmatch(line) or title_kind(line) == "practice")


def _parallel_sets(candidates: list[str]) -> set[tuple[str, str]]:
    """Sides ("start", words) or ("end", character) shared by a set of parallel headings: three or
    more lines of near-equal length opening with the same words ("青春在攻坚中闪光", "青春在创新中
    绽放", "青春在服务中传递") or ending alike ("当好“头雁”", "争当“尖兵”", "织密“服务网”");
    captions naming one subject ("支部党员活动日", "支部党员干部参加…") differ in length; four or
    more of one length are a set too ("织密组织网络", "搭建议事平台", "整合共建资源", …)."""
    lengths: dict[tuple[str, str], list[int]] = {}
    for line in candidates:
        lengths.setdefault(("start", line[:PARALLEL_OPENING]), []).append(len(line))
        lengths.setdefault(("end", line[-1]), []).append(len(line))
        lengths.setdefault(("size", str(len(line))), []).append(len(line))
    least = {"start": PARALLEL_SET, "end": PARALLEL_SET, "size": PARALLEL_SIZE_SET}
    return {
        side
        for side, ns in lengths.items()
        if len(ns) >= least[side[0]] and max(ns) - min(ns) <= PARALLEL_SPREAD[side[0]]
    }


def _in_parallel_set(line: str, sets: set[tuple[str, str]]) -> bool:
    """The line belongs to one of the parallel sets found."""
    sides = (("start", line[:PARALLEL_OPENING]), ("end", line[-1]), ("size", str(len(line))))
    return any(side in sets for side in sides)


def split_captions(
    lines: list[str], width: int = 0, headings: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """Move photo captions out of the text: (kept lines, captions).

    A caption sits between paragraphs: the line before it ends a sentence (or is a caption). The
    first line (the title) is never a caption; lines that share length and last character with
    another candidate, or their opening words or ending with two others (`_parallel_sets`), are
    a set of parallel headings, not captions.
    """
    candidate: list[bool] = []
    title_seen = False
    prev_end = False  # previous non-blank line ends a sentence or is a caption
    heads_list = _heads_of_lists(lines)
    nexts = [""] * len(lines)  # the next non-blank line after each line
    for i in range(len(lines) - 2, -1, -1):
        nexts[i] = lines[i + 1] or nexts[i + 1]
    for i, line in enumerate(lines):
        if not line:
            candidate.append(False)
            continue
        if (
            title_seen
            and prev_end
            and line not in headings
            and i not in heads_list
            and _caption_candidate(line, width)
            and not _heads_a_body(line, nexts[i])
        ):
            candidate.append(True)
            continue
        title_seen = True
        candidate.append(False)
        prev_end = ends_sentence(line)
    shapes = Counter((len(line), line[-1]) for line, c in zip(lines, candidate, strict=True) if c)
    parallel = (
        _parallel_sets([line for line in lines if _caption_candidate(line, width)])
        if any(candidate)
        else set()
    )
    pairs = sum(
        1 for line, c in zip(lines, candidate, strict=True) if c and _PAIR_RE.fullmatch(line)
    )
    kept: list[str] = []
    captions: list[str] = []
    for line, cand in zip(lines, candidate, strict=True):
        if cand and pairs >= 2 and _PAIR_RE.fullmatch(line):
            kept.append(line)  # a set of "A，B" lines: parallel headings ("共学共建，让…强起来")
        elif cand and shapes[(len(line), line[-1])] == 1 and not _in_parallel_set(line, parallel):
            captions.append(line)
        else:
            kept.append(line)
    return kept, captions
