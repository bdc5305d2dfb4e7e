"""Normalize an extracted report into the analysis text: debris out, broken lines back together.

`clean_text` runs small rules in a fixed order, each a pure function tested on its own: characters
(module characters), credits and captions (captions), page footers and vertical text (here), and the
layout noise models as one stage (`normalize_layout`: layout_noise, unwrap). Lines are kept (one paragraph or heading per line); nothing refers to offsets in
the original text. Linear time; never raises on any str.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.core.models import Cleaned
from analysis.text.captions import split_captions, split_credits
from analysis.text.characters import CJK, REDACTION, STARS_RE, count_redactions, normalize_chars
from analysis.text.layout_noise import drop_chunk_markers, split_run_on, split_title
from analysis.text.line_shapes import CJK_RE
from analysis.text.unwrap import join_wrapped, wrap_width

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
# Two one-character lines in a row (blank lines between allowed): vertical text may be present.
_VERTICAL_HINT_RE = re.compile(rf"(?m)^[{CJK}]\n+[{CJK}]$")


def _is_footer(line: str) -> bool:
    """A page header/footer line such as '第 2 页 共 3 页', '- 2 -' or '2/3'."""
    return len(line) <= 20 and bool(_FOOTER_RE.fullmatch(line))


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
        if len(line) == 1 and CJK_RE.match(line):
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


def normalize_layout(
    lines: list[str], breaks: set[int] | None = None, headings: frozenset[str] = frozenset()
) -> list[str]:
    """The layout noise models undone, in order: viewer chunk markers out, hard-wrapped lines
    joined, a run-on page split at its outline markers, the title apart from the preface."""
    lines, cut = drop_chunk_markers(lines)
    lines = join_wrapped(lines, (breaks or set()) | cut, wrap_width(lines), headings)
    return split_title(split_run_on(lines))


def layout_lines(text: str, headings: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """A text's lines with its layout noise undone (vertical text, credit lines, page footers,
    then normalize_layout), and the credit lines taken out; characters as written. The one
    layout stage of cleaning and of reading a title."""
    lines = join_vertical(strip_lines(text))
    lines, credits = split_credits(lines)
    lines, breaks = drop_footers(lines)
    return normalize_layout(lines, breaks, headings), credits


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


def clean_text(text: str, headings: Iterable[str] = ()) -> Cleaned:
    """Normalized analysis text plus captions kept out, redaction count and a Traditional flag.

    `headings` (optional) are known heading lines, e.g. the texts of a .docx's heading-style
    paragraphs (Extracted.hints): they are never taken for captions nor glued to a neighbour.
    """
    if not isinstance(text, str):
        text = str(text)
    text, traditional = normalize_chars(text)
    known = frozenset(
        STARS_RE.sub(REDACTION, normalize_chars(h)[0].strip(" \t\u3000"))
        for h in headings
        if isinstance(h, str)
    )
    lines, credits = layout_lines(text, known)
    lines, captions = split_captions(lines, 0, known)
    out = STARS_RE.sub(REDACTION, collapse_blank_lines(lines))
    return Cleaned(
        text=out,
        captions=tuple(captions + credits),
        redactions=count_redactions(out),
        traditional=traditional,
    )
