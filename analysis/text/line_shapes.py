"""What a line of extracted text looks like to the cleaning rules: it ends a sentence, opens with an
outline marker (also a decimal heading number), ends mid-phrase."""

from __future__ import annotations

import re

from analysis.text.characters import CJK

# Units and measure words after a number: "12 个", "2.5 万元", "3 月" are figures, not headings.
MEASURE_WORDS = (
    "个名人位次项家户条场所元万亿千百年月日号时分秒岁天周期届批类种件篇份台辆座栋间处米亩吨倍%％"
)


# A decimal heading number before its words (journal articles): "2 夯实组织基础", "2.1 以制度…",
# "3.1.2推动…", "2 “党建+”模式的实践路径" (a quoted brand first); not a figure with its unit ("12 个社区", "2.5 万元") nor the tail of a number cut
# by a wrap ("23\n00 余件").
DECIMAL_HEADING = (
    rf"\d{{1,2}}(?:\.\d{{1,2}}){{1,2}}\s*(?=[{CJK}“「])(?![{MEASURE_WORDS}])"
    rf"|(?!0)\d{{1,2}}\s+(?=[{CJK}“「])(?![{MEASURE_WORDS}余多近约])"
)
# Outline markers that start a heading or a new item, e.g. "一、", "（一）", "1.", "（1）", "①",
# "一是", "第一章", "【党旗飘飘】", "• ".
_OUTLINE_RE = re.compile(
    r"[一二三四五六七八九十百零〇]{1,3}\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]"
    r"|\d{1,2}\s*(?:[、．)）]|\.(?!\d))"
    r"|[（(]\s*\d{1,2}\s*[）)]"
    rf"|{DECIMAL_HEADING}"
    r"|[\u2460-\u2473\u2776-\u277f]"
    r"|[一二三四五六七八九十]是|首先|其次"
    r"|第[一二三四五六七八九十\d]{1,3}[章节部分条篇]"
    r"|[【•●■◆▶►]"
)
# An inline enumeration marker opening a line, part of a sentence: "二是实行…", "其次，…"
INLINE_ENUM_RE = re.compile(r"[一二三四五六七八九十]是|首先|其次|再次|最后")
# Sentence-final punctuation, e.g. "。", "；", "?", optionally followed by closing quotes.
_SENTENCE_END_RE = re.compile(r"[。！？；!?;…：:.][”’」』）)】》\"']*$")
# Punctuation inside a line that makes it a sentence rather than a heading or caption.
INNER_SENTENCE_RE = re.compile(r"[。！？；!?;]")
# A line ending mid-phrase: comma, enumeration comma, or an opening bracket/quote.
CONTINUES_RE = re.compile(r"[，,、“‘（(《【「『—-]$")
# The words a report title ends with ("…工作总结", "…述职报告", "…工作要点", "…融合的实践"): a
# title line ending so is whole, even at the wrap width.
_TITLE_END_RE = re.compile(
    r"(?:总结|报告|要点|计划|安排|打算|打谱|方案|实践|材料|汇报|做法|探索|思考|启示|纪实)[”’」』]?$"
)
# A CJK ideograph, e.g. "编": a one-character line of it is vertical text.
CJK_RE = re.compile(rf"[{CJK}]")

# ---------------------------------------------------------------- line predicates


def ends_sentence(line: str) -> bool:
    """The line ends a sentence or introduces a list ('。', '；', '：', '?' … before closing quotes)."""
    return bool(_SENTENCE_END_RE.search(line[-12:]))


WRAP_LINE_MIN = 20  # a line this long cut with no sentence end is wrapped text, not a heading


def cut_inside_sentence(line: str, size: int | None = None, width: int = 0) -> bool:
    """The one rule of a hard wrap (PDF text): the line break after `line` is a wrap when the line
    is long — at least WRAP_LINE_MIN characters, or one less than a narrower column's `width` —
    and ends inside a sentence (a heading is short, a paragraph ends a sentence). `size`: the
    length of the logical line `line` ends when lines are being glued (its own length if None).

    hard_wraps.JoinedText (indicators, formulations) and unwrap.join_wrapped (cleaning) both
    ask it; the latter adds what it knows of the page (its width, outline lines, headings)."""
    s = line.rstrip()
    n = len(s.strip()) if size is None else size
    least = min(WRAP_LINE_MIN, width - 1) if width else WRAP_LINE_MIN
    decimal_cut = s[-2:-1].isdigit() and s.endswith((".", "．"))  # "存款余额36." + "8亿元"
    return bool(s) and n >= least and (decimal_cut or not ends_sentence(s))


def ends_title(line: str) -> bool:
    """The line ends with a report title's last word (总结, 报告, 要点, 实践 …)."""
    return bool(_TITLE_END_RE.search(line))


def starts_outline(line: str) -> bool:
    """The line starts with an outline marker such as '一、', '（二）', '3.', '一是'."""
    return bool(_OUTLINE_RE.match(line))
