"""Normalize an extracted report into the analysis text: debris out, broken lines back together.

`clean_text` runs small line-based rules in a fixed order; each rule is a pure function so it can be
tested on its own. Lines are kept (one paragraph or heading per line); nothing refers to offsets in
the original text. Linear time; never raises on any str.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from analysis.core.models import Cleaned
from analysis.core.script import to_simplified
from analysis.text.item_kinds import title_kind
from analysis.text.layout_noise import drop_chunk_markers, split_run_on, split_title

REDACTION = "*"  # the single redaction marker left in cleaned text

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Units and measure words after a number: "12 个", "2.5 万元", "3 月" are figures, not headings.
_MEASURE_WORDS = (
    "个名人位次项家户条场所元万亿千百年月日号时分秒岁天周期届批类种件篇份台辆座栋间处米亩吨倍%％"
)

# The patterns run over the whole text open with one plain character or class, never a repeat such
# as "\*+" or "[…]+": the regex engine then jumps to the candidate positions in C instead of trying
# a match at every position (3-6x faster on text with few matches).

# Line breaks of every other flavour, e.g. "\u2028" ("\r\n" and "\r" are replaced first, with
# str.replace: a single character class keeps the scan fast).
_NEWLINE_RE = re.compile(r"[\u2028\u2029\x85\x0b\x0c]")
# Invisible characters and stray controls removed everywhere, e.g. zero-width space "\u200b".
_INVISIBLE_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
# Scraping markers, e.g. "##paidbegin##", "##paidend##", even inside a word: "服##paidbegin##务".
_MARKER_RE = re.compile(r"##[A-Za-z][A-Za-z0-9_-]{0,30}##")
# Full-width digits, Latin letters and a few ASCII symbols -> half-width ("２０２３" -> "2023").
_HALF_WIDTH = {
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
    **{c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)},
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
    **{ord(c): ord(c) - 0xFEE0 for c in "＊％＋－．／＝＃＠＆"},
    0xA0: 0x20,  # no-break space
}
# Runs of the characters _HALF_WIDTH maps, e.g. "２０２３" (translated run by run: fast).
_FULL_WIDTH = "[" + "".join(map(chr, sorted(_HALF_WIDTH))) + "]"
_FULL_WIDTH_RE = re.compile(_FULL_WIDTH + _FULL_WIDTH + "*")
# Redaction marks, each run becomes one "*": "***", "×××", "XX公司", "20XX年", "某×", "xx单位";
# not a lone X joined to a "+", the placeholder of a formulation ("推行X+3联系制度", "1+X模式").
# Every branch starts with its literal mark (lookbehinds after it), so the engine skips fast.
_REDACTION_RE = re.compile(
    r"\*\**"
    r"|××+"
    rf"|×(?=[{_CJK}])|×(?<=[{_CJK}]×)"
    r"|X(?<![A-Za-z]X)X+(?![A-Za-z])"
    rf"|X(?<![A-Za-z+＋]X)(?=[{_CJK}])|X(?<=[{_CJK}]X)(?![A-Za-z+＋])"
    rf"|x(?<![A-Za-z]x)x+(?=[{_CJK}])|x(?<=[{_CJK}]x)x+(?![A-Za-z])"
)
# Adjacent redaction markers after substitution, e.g. "**" from "*XX", collapsed to one.
_STARS_RE = re.compile(r"\*\*+")
# One run of redaction markers, e.g. "*" or "***", counted once.
_STAR_RUN_RE = re.compile(r"\*\**")
# Page headers/footers as whole lines: "第 2 页 共 3 页", "共3页 第2页", "- 2 -", "2/3", "Page 2 of 3", "12".
_FOOTER_RE = re.compile(
    r"第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|[-—–]\s*\d{1,4}\s*[-—–]"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|(?!0\d)\d{1,3}",  # "01" is a WeChat section number, not a page
    re.IGNORECASE,
)
# A decimal heading number before its words (journal articles): "2 夯实组织基础", "2.1 以制度…",
# "3.1.2推动…"; not a figure with its unit ("12 个社区", "2.5 万元") nor the tail of a number cut
# by a wrap ("23\n00 余件").
DECIMAL_HEADING = (
    rf"\d{{1,2}}(?:\.\d{{1,2}}){{1,2}}\s*(?=[{_CJK}])(?![{_MEASURE_WORDS}])"
    rf"|(?!0)\d{{1,2}}\s+(?=[{_CJK}])(?![{_MEASURE_WORDS}余多近约])"
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
# Sentence-final punctuation, e.g. "。", "；", "?", optionally followed by closing quotes.
_SENTENCE_END_RE = re.compile(r"[。！？；!?;…：:.][”’」』）)】》\"']*$")
# Punctuation inside a line that makes it a sentence rather than a heading or caption.
_INNER_SENTENCE_RE = re.compile(r"[。！？；!?;]")
# A line ending mid-phrase: comma, enumeration comma, or an opening bracket/quote.
_CONTINUES_RE = re.compile(r"[，,、“‘（(《【「『—-]$")
# A CJK ideograph, e.g. "编": a one-character line of it is vertical text.
_CJK_RE = re.compile(rf"[{_CJK}]")
# Two one-character lines in a row (blank lines between allowed): vertical text may be present.
_VERTICAL_HINT_RE = re.compile(rf"(?m)^[{_CJK}]\n+[{_CJK}]$")
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
CAPTION_MAX = 30  # a photo caption is at most this many characters
JOIN_MIN = 20  # a line shorter than this is never glued to the next one


# ---------------------------------------------------------------- character-level rules


def normalize_newlines(text: str) -> str:
    """Every line break becomes "\\n"; invisible characters and stray controls are dropped."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE_RE.sub("", _NEWLINE_RE.sub("\n", text))


def remove_markers(text: str) -> str:
    """Remove scraping markers such as ##paidbegin##, also when removal reveals another marker."""
    for _ in range(20):
        text, n = _MARKER_RE.subn("", text)
        if not n:
            return text
    return _MARKER_RE.sub("", text.replace("#", ""))  # adversarial nesting: drop every '#'


def half_width(text: str) -> str:
    """Full-width digits and Latin letters to half-width; Chinese punctuation such as '，' stays."""
    return _FULL_WIDTH_RE.sub(lambda m: m.group().translate(_HALF_WIDTH), text)


def normalize_redactions(text: str) -> str:
    """Each run of redaction marks (*, ×, XX, xx next to Chinese) becomes a single '*'."""
    return _STARS_RE.sub(REDACTION, _REDACTION_RE.sub(REDACTION, text))


def count_redactions(text: str) -> int:
    """Number of '*' runs in normalized text."""
    return len(_STAR_RUN_RE.findall(text))


# ---------------------------------------------------------------- line predicates


def _ends_sentence(line: str) -> bool:
    """The line ends a sentence or introduces a list ('。', '；', '：', '?' … before closing quotes)."""
    return bool(_SENTENCE_END_RE.search(line[-12:]))


def _starts_outline(line: str) -> bool:
    """The line starts with an outline marker such as '一、', '（二）', '3.', '一是'."""
    return bool(_OUTLINE_RE.match(line))


def _is_footer(line: str) -> bool:
    """A page header/footer line such as '第 2 页 共 3 页', '- 2 -' or '2/3'."""
    return len(line) <= 20 and bool(_FOOTER_RE.fullmatch(line))


def _is_credit(line: str) -> bool:
    """'来源：…', '责任编辑：…' lines and an '编者的话' header: kept out of the analysis text."""
    if len(line) > 80 or line[:1] not in _CREDIT_FIRST:
        return False
    if _CREDIT_RE.match(line):
        return True
    return bool(_EDITOR_NOTE_RE.fullmatch(line.rstrip(":：")))


# ---------------------------------------------------------------- line-level rules


def strip_lines(text: str) -> list[str]:
    """Split into lines, trimming surrounding spaces (also ideographic indents '　　')."""
    return [line.strip(" \t\u3000") for line in text.split("\n")]


def drop_footers(lines: list[str]) -> tuple[list[str], set[int]]:
    """Remove page header/footer lines (and blanks around them); indices of lines after a break."""
    out: list[str] = []
    breaks: set[int] = set()
    pending = False
    for line in lines:
        if line and _is_footer(line):
            while out and not out[-1]:
                out.pop()
            pending = True
            continue
        if pending and not line:
            continue
        if pending:
            breaks.add(len(out))
            pending = False
        out.append(line)
    return out, breaks


def join_vertical(lines: list[str]) -> list[str]:
    """Rejoin text written one character per line ('编','者','的','话' -> '编者的话')."""
    if sum(len(line) == 1 for line in lines) < 2 or not _VERTICAL_HINT_RE.search("\n".join(lines)):
        return lines  # fewer than two one-character lines: no vertical text (a fast first look)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run.clear()

    blanks = 0
    for line in lines:
        if len(line) == 1 and _CJK_RE.match(line):
            blanks = 0
            run.append(line)
        elif not line and run:
            blanks += 1  # blank lines inside a vertical run are dropped with it
        else:
            flush()
            out.extend([""] * blanks)
            blanks = 0
            out.append(line)
    flush()
    out.extend([""] * blanks)
    return out


def wrap_width(lines: list[str]) -> int:
    """The fixed width PDF text was wrapped at (most common length of unfinished lines), or 0.

    Only distinct lines count: a wrap width shows in different lines cut at one length, while
    one line repeated (a header, text pasted twice) is no evidence, and would make cleaning
    cleaned text glue lines together again.
    """
    lengths = Counter(
        len(line)
        for line in dict.fromkeys(lines)
        if len(line) >= JOIN_MIN
        and "\t" not in line
        and not _ends_sentence(line)
        and not _starts_outline(line)
    )
    best, best_count = 0, 0
    for length in lengths:
        count = lengths[length - 1] + lengths[length] + lengths[length + 1]
        if count > best_count or (count == best_count and length > best):
            best, best_count = length, count
    return best if best_count >= 3 else 0


def _caption_candidate(line: str, width: int) -> bool:
    """A short phrase on its own line: no final punctuation, no outline marker, not a heading word."""
    n = len(line)
    if not 2 <= n <= CAPTION_MAX or (width and n >= 0.85 * width):
        return False
    if "\t" in line or not _CJK_RE.search(line):
        return False
    if _ends_sentence(line) or _CONTINUES_RE.search(line) or _INNER_SENTENCE_RE.search(line):
        return False
    heading_like = _starts_outline(line) or _SECTION_WORD_RE.search(line)
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
        if (
            line
            and nxt
            and len(line) <= CAPTION_MAX
            and _starts_outline(nxt) > _starts_outline(line)
        ):
            found.add(i)
        if lines[i]:
            nxt = lines[i]
    return found if len(found) >= 2 else set()


def _heads_a_body(line: str, nxt: str) -> bool:
    """A heading-shaped line ("A，B" or verb first) over a body paragraph heads it: a photo
    caption names a scene. "深化党建业务融合，服务中心工作" + "支部把党建工作…。" """
    body = len(nxt) > CAPTION_MAX and not _starts_outline(nxt) and not _is_credit(nxt)
    return body and bool(_PAIR_RE.fullmatch(line) or title_kind(line) == "practice")


def split_captions(
    lines: list[str], width: int = 0, headings: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """Move photo captions out of the text: (kept lines, captions).

    A caption sits between paragraphs: the line before it ends a sentence (or is a caption). The
    first line (the title) is never a caption; lines that share length and last character with
    another candidate are a set of parallel headings, not captions.
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
        prev_end = _ends_sentence(line)
    shapes = Counter((len(line), line[-1]) for line, c in zip(lines, candidate, strict=True) if c)
    pairs = sum(
        1 for line, c in zip(lines, candidate, strict=True) if c and _PAIR_RE.fullmatch(line)
    )
    kept: list[str] = []
    captions: list[str] = []
    for line, cand in zip(lines, candidate, strict=True):
        if cand and pairs >= 2 and _PAIR_RE.fullmatch(line):
            kept.append(line)  # a set of "A，B" lines: parallel headings ("共学共建，让…强起来")
        elif cand and shapes[(len(line), line[-1])] == 1:
            captions.append(line)
        else:
            kept.append(line)
    return kept, captions


def _continues(
    parts: list[str], size: int, inner_punct: bool, nxt: str, width: int, after_break: bool
) -> bool:
    """Whether `nxt` continues the line made of `parts` (`size` chars), cut inside a sentence.

    The line is long, does not end a sentence, and its last physical line was wrapped at the page
    width, or a page break follows it, or it ends mid-phrase ('，', '、', an opening quote).
    """
    last = parts[-1]
    if size < JOIN_MIN or not nxt or "\t" in last or "\t" in nxt:
        return False
    if _ends_sentence(last) or _starts_outline(nxt):
        return False
    wrapped = bool(width) and len(last) >= 0.85 * width
    # ends mid-phrase: a comma or an opening mark, inside quotes ("党总支以“勤廉" + "实干”为…"),
    # or a figure before its unit ("在 8" + "个临床科室")
    mid_phrase = (
        bool(_CONTINUES_RE.search(last[-1:]))
        or last.count("“") > last.count("”")
        or (last[-1].isdigit() and nxt[0] in _MEASURE_WORDS)  # a figure cut from its unit
    )
    if _starts_outline(parts[0]) and not inner_punct:  # a heading: only a full wrapped line joins
        return (wrapped and len(last) >= 0.95 * width) or mid_phrase
    return wrapped or after_break or mid_phrase


def join_wrapped(
    lines: list[str],
    breaks: set[int] | None = None,
    width: int = 0,
    headings: frozenset[str] = frozenset(),
) -> list[str]:
    """Glue lines broken inside a sentence (fixed-width PDF wrap, page breaks) back together.

    The first non-blank line (the title) is never glued to the next unless it is a full wrapped
    line; headings ('一、…', '（一）…' with no sentence in them) and short lines never are.
    Pieces are collected in lists so a 1 MB paragraph wrapped into lines stays linear.
    """
    breaks = breaks or set()
    out: list[list[str]] = []
    size = 0  # characters in the current output line
    inner = False  # the current output line has sentence punctuation inside
    title_done = False  # the first non-blank line has been followed by another line
    seen = False  # a non-blank line has been output
    for i, line in enumerate(lines):
        if (
            out
            and _continues(out[-1], size, inner, line, width, i in breaks)
            and line not in headings
            and out[-1][-1] not in headings
        ):
            last = out[-1][-1]
            if title_done or (width and len(last) >= 0.85 * width):
                if last[-1].isascii() and last[-1].isalpha() and line[0].isascii():
                    out[-1].append(" ")
                    size += 1
                out[-1].append(line)
                size += len(line)
                inner = inner or bool(_INNER_SENTENCE_RE.search(line))
                continue
        if line:
            title_done = title_done or seen
            seen = True
        out.append([line])
        size = len(line)
        inner = bool(_INNER_SENTENCE_RE.search(line))
    return ["".join(parts) for parts in out]


def normalize_layout(
    lines: list[str], breaks: set[int] | None = None, headings: frozenset[str] = frozenset()
) -> list[str]:
    """The layout noise models undone, in order: viewer chunk markers out, hard-wrapped lines
    joined, a run-on page split at its outline markers, the title apart from the preface."""
    lines, cut = drop_chunk_markers(lines)
    lines = join_wrapped(lines, (breaks or set()) | cut, wrap_width(lines), headings)
    return split_title(split_run_on(lines))


def collapse_blank_lines(lines: list[str]) -> str:
    """Join lines, keeping at most one blank line between paragraphs and none at the ends."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ---------------------------------------------------------------- the pipeline


def _normalize_chars(text: str) -> tuple[str, bool]:
    """Character-level rules: newlines, markers, half-width, Traditional -> Simplified, redactions."""
    text = half_width(remove_markers(normalize_newlines(text)))
    text, traditional = to_simplified(text)
    return normalize_redactions(text), traditional


def clean_text(text: str, headings: Iterable[str] = ()) -> Cleaned:
    """Normalized analysis text plus captions kept out, redaction count and a Traditional flag.

    `headings` (optional) are known heading lines, e.g. the texts of a .docx's heading-style
    paragraphs (Extracted.hints): they are never taken for captions nor glued to a neighbour.
    """
    if not isinstance(text, str):
        text = str(text)
    text, traditional = _normalize_chars(text)
    known = frozenset(
        _STARS_RE.sub(REDACTION, _normalize_chars(h)[0].strip(" \t\u3000"))
        for h in headings
        if isinstance(h, str)
    )
    lines = join_vertical(strip_lines(text))
    lines, credits = split_credits(lines)
    lines, breaks = drop_footers(lines)
    lines = normalize_layout(lines, breaks, known)
    lines, captions = split_captions(lines, 0, known)
    out = _STARS_RE.sub(REDACTION, collapse_blank_lines(lines))
    return Cleaned(
        text=out,
        captions=tuple(captions + credits),
        redactions=count_redactions(out),
        traditional=traditional,
    )
