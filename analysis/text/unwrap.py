"""Hard-wrapped text (a PDF text layer, page breaks): the wrap width and the lines glued back together."""

from __future__ import annotations

from collections import Counter

from analysis.text.line_shapes import (
    CONTINUES_RE,
    INLINE_ENUM_RE,
    INNER_SENTENCE_RE,
    MEASURE_WORDS,
    WRAP_LINE_MIN,
    cut_inside_sentence,
    ends_sentence,
    ends_title,
    starts_outline,
)

JOIN_MIN = WRAP_LINE_MIN  # a shorter line is never glued to the next one (but in a narrow column)
NARROW_MIN = 12  # the narrowest column width read
NARROW_LINES = 6  # a narrow column shows in this many distinct lines at least …
NARROW_SHARE = 0.5  # … and in half of them


def wrap_width(lines: list[str]) -> int:
    """The fixed width PDF text was wrapped at (most common length of unfinished lines), or 0.

    Only distinct lines count: a wrap width shows in different lines cut at one length, while
    one line repeated (a header, text pasted twice) is no evidence, and would make cleaning
    cleaned text glue lines together again. A narrow column (a two-column page, under JOIN_MIN
    characters) needs more: most distinct lines cut at it (short heading lines share lengths too).
    """
    distinct = [line for line in dict.fromkeys(lines) if line]
    unfinished = Counter(
        len(line)
        for line in distinct
        if len(line) >= NARROW_MIN
        and "\t" not in line
        and not ends_sentence(line)
        and not starts_outline(line)
    )
    width = _common_length(Counter({n: k for n, k in unfinished.items() if n >= JOIN_MIN}))
    if width:
        return width
    narrow = _common_length(unfinished)
    near = sum(1 for line in distinct if abs(len(line) - narrow) <= 1)
    return narrow if narrow and near >= max(NARROW_LINES, NARROW_SHARE * len(distinct)) else 0


def _common_length(lengths: Counter[int]) -> int:
    """The most common length (±1) among `lengths` (length -> lines), when three lines or more
    share it (0 otherwise)."""
    best, best_count = 0, 0
    for length in lengths:
        count = lengths[length - 1] + lengths[length] + lengths[length + 1]
        if count > best_count or (count == best_count and length > best):
            best, best_count = length, count
    return best if best_count >= 3 else 0


def _continues(
    parts: list[str], size: int, inner_punct: bool, nxt: str, width: int, after_break: bool
) -> bool:
    """Whether `nxt` continues the line made of `parts` (`size` chars), cut inside a sentence.

    The line is long, does not end a sentence, and its last physical line was wrapped at the page
    width, or a page break follows it, or it ends mid-phrase ('，', '、', an opening quote).
    """
    last = parts[-1]
    if not nxt or "\t" in last or "\t" in nxt or not cut_inside_sentence(last, size, width):
        return False
    wrapped = bool(width) and len(last) >= 0.85 * width
    if starts_outline(nxt):
        # only an inline enumeration after a comma at the wrap width goes on the sentence:
        # "…一是将考核权重提高到20%，" + "二是实行双挂钩，…"
        return wrapped and last[-1] in "，," and INLINE_ENUM_RE.match(nxt) is not None
    # ends mid-phrase: a comma or an opening mark, inside quotes ("党总支以“勤廉" + "实干”为…"),
    # or a figure before its unit ("在 8" + "个临床科室")
    mid_phrase = (
        bool(CONTINUES_RE.search(last[-1:]))
        or last.count("“") > last.count("”")
        or (last[-1].isdigit() and nxt[0] in MEASURE_WORDS)  # a figure cut from its unit
    )
    if starts_outline(parts[0]) and not inner_punct:  # a heading: only a full wrapped line joins
        return (wrapped and len(last) >= 0.95 * width) or mid_phrase
    return wrapped or after_break or mid_phrase


def _title_goes_on(title: str, width: int) -> bool:
    """The title line was cut by the wrap: it fills the width and does not end like a title
    (…工作总结, …述职报告). The next line goes on it even at full width (a one-line page
    wrapped: the title is split from its preface afterwards)."""
    return bool(width) and len(title) >= 0.85 * width and not ends_title(title)


def join_wrapped(
    lines: list[str],
    breaks: set[int] | None = None,
    width: int = 0,
    headings: frozenset[str] = frozenset(),
) -> list[str]:
    """Glue lines broken inside a sentence (fixed-width PDF wrap, page breaks) back together.

    The first non-blank line (the title) is never glued to the next unless it was cut by the wrap
    (_title_goes_on); headings ('一、…', '（一）…' with no sentence in them) and short lines never are.
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
            if title_done or _title_goes_on(last, width):
                if last[-1].isascii() and last[-1].isalpha() and line[0].isascii():
                    out[-1].append(" ")
                    size += 1
                out[-1].append(line)
                size += len(line)
                inner = inner or bool(INNER_SENTENCE_RE.search(line))
                continue
        if line:
            title_done = title_done or seen
            seen = True
        out.append([line])
        size = len(line)
        inner = bool(INNER_SENTENCE_RE.search(line))
    return ["".join(parts) for parts in out]
