"""Outline parser, reading phrases: an outline marker, a heading sentence, a clause up to its stop, ordinals."""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.text.outline.patterns import (
    CLOSERS,
    CN_DIGITS,
    LONG_TITLE,
    MARKER_GAP,
    MARKERS,
    PERIOD_LABEL_RE,
    SECTION_RULES,
    TERMINAL,
    TITLE_LIMIT,
)

# A lead label before a colon that the heading goes on after: "组织嵌入：把党组织建在小区里。"
# (a short label naming no section, then a short phrase with no comma up to the sentence end).
_LEAD_LABEL_MAX = 6
_AFTER_LABEL_MAX = 16
# A numbered label the heading's words follow, not a title of its own: "▶做法一：网格里建起…",
# "案例二：…", "亮点3：…" (a bullet may open it).
_ORDINAL_LABEL = (
    r"[▶►•●■◆]?\s*(?:做法|举措|案例|亮点|经验|措施|妙招|招数|镜头|场景|特色)"
    r"[一二三四五六七八九十\d]{1,2}\s*"
)
_ORDINAL_LABEL_RE = re.compile(_ORDINAL_LABEL + r"[：:]\s*(?=\S)")
_BARE_LABEL_RE = re.compile(_ORDINAL_LABEL)


def numbered_label(s: str) -> bool:
    """Whether `s` is only a numbered label a heading's words follow after a colon ("▶做法一")."""
    return bool(_BARE_LABEL_RE.fullmatch(s.strip()))


def marker_of(s: str) -> tuple[int, str, int]:
    """(level, marker, index of the text after it) for a line opening with an outline marker."""
    for rx, level in MARKERS:
        m = rx.match(s)
        if m:
            body = m.end()
            while body < len(s) and s[body] in MARKER_GAP:
                body += 1
            return level, m.group(), body
    return 0, "", 0


def lead_label(s: str, colon: int) -> bool:
    """Whether the colon at `colon` ends a lead label the heading goes on after ("组织嵌入：把党
    组织建在小区里。", not "基本情况：…" naming a section, nor "强化学习：组织党员…，…" a body)."""
    label = s[:colon].strip()
    if not 2 <= len(label) <= _LEAD_LABEL_MAX or any(rx.search(label) for _, rx in SECTION_RULES):
        return False
    rest = s[colon + 1 :]
    end = next((j for j, c in enumerate(rest) if c in TERMINAL or c in "，,"), len(rest))
    return 0 < end <= _AFTER_LABEL_MAX and (end == len(rest) or rest[end] not in "，,：:")


def heading_sentence(s: str) -> str:
    """Title of a heading: its first sentence (a period label's colon aside: "一季度：聚焦…"),
    cut at the first comma when very long; a numbered label ("▶做法一：") is no part of it."""
    label = _ORDINAL_LABEL_RE.match(s)
    if label:
        s = s[label.end() :]
    cut = len(s)
    for i, c in enumerate(s[: TITLE_LIMIT + 1]):
        kept = c in "：:" and (PERIOD_LABEL_RE.fullmatch(s[:i]) or lead_label(s, i))
        if c in TERMINAL and not kept:
            cut = i
            break
    title = s[: min(cut, TITLE_LIMIT)].strip()
    if len(title) > LONG_TITLE:
        for sep in "，,":
            j = title.find(sep)
            if j >= 4:
                title = title[:j]
                break
    return title.strip(" \t\u3000，,、")


def clause(
    text: str, pos: int, end: int, run: re.Pattern, limit: int, soft: set[int]
) -> tuple[str, int, str]:
    """Read up to `limit` chars from `pos` until a stop char or a hard line break.

    `run` matches a stretch without stops (HEAD_RUN_RE, ITEM_RUN_RE). Returns (phrase,
    position reached, stop char or "" when cut by the limit or a break). Newlines inside a
    rejoined sentence (`soft`) are skipped.
    """
    parts: list[str] = []
    n, i = 0, pos
    while i < end and n < limit:
        m = run.match(text, i, min(end, i + limit - n))
        if m is None:  # the run patterns match the empty string: never None
            break
        parts.append(m.group())
        n += m.end() - i
        i = m.end()
        if i >= end or n >= limit:
            break
        c = text[i]
        if c != "\n" and _quoted(parts):
            parts.append(c)  # a stop inside quotes: "建立“聚人成‘林’，护‘庄’战疫”行动支部"
            n, i = n + 1, i + 1
            continue
        if c != "\n":
            return "".join(parts).replace("\r", "").strip(), i, c
        if i not in soft:
            break
        i += 1
    return "".join(parts).replace("\r", "").strip(), i, ""


def _quoted(parts: list[str]) -> bool:
    """True when the phrase read so far leaves a quotation mark open."""
    s = "".join(parts)
    return (
        s.count("“") > s.count("”") or s.count("‘") > s.count("’") or s.count("「") > s.count("」")
    )


def ends_terminal(s: str) -> bool:
    """True when a line ends a sentence, possibly followed by closing quotes. "…成果。”" """
    i = len(s) - 1
    while i > 0 and s[i] in CLOSERS:
        i -= 1
    return s[i] in TERMINAL


@lru_cache(maxsize=512)
def ordinal(cn: str) -> int:
    """Value of a small Chinese numeral: "三" -> 3, "十二" -> 12, "二十" -> 20 (0 if malformed)."""
    digits = {c: i + 1 for i, c in enumerate(CN_DIGITS)}
    if "十" not in cn:
        return digits.get(cn, 0) if len(cn) == 1 else 0
    tens, _, ones = cn.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return 0
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
