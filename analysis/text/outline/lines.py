"""Outline parser, lines: split the text into lines (a run-together outline at its inline markers) and tag
each line (marker, Word hint, WeChat short headings, table of contents, noise)."""

from __future__ import annotations

from collections import Counter

from analysis.text.outline.blocks import body_continues
from analysis.text.outline.closings import tag_closing_paragraphs
from analysis.text.outline.families import (
    tag_bare_heads,
    tag_decimal_headings,
    tag_ordinal_headings,
    tag_title,
    tag_verb_headings,
)
from analysis.text.outline.nodes import Line
from analysis.text.outline.patterns import (
    BRACKET_HEAD_RE,
    CN_DIGITS,
    ENUM_START_RE,
    FLAT_MIN,
    INLINE_ENUM_RE,
    INLINE_MARK_RE,
    ITEM_HEAD_RE,
    NOISE_RE,
    NUM_LINE_RE,
    ONE_LINE_HEAD_RE,
    PARALLEL_PREFIX,
    RHYME_RE,
    SHORT_HEAD_RE,
    SPACE_RE,
    SUBTITLE_RE,
    TOC_LINES,
    TOC_TAIL_RE,
)
from analysis.text.outline.phrases import marker_of, ordinal


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with the offsets of their stripped text; run-together outlines split."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.extend(_split_flattened(text, start, start + len(s)))
        pos += len(raw) + 1
    return lines


def _split_flattened(text: str, start: int, end: int) -> list[Line]:
    """One line, or the pieces of a whole outline run together in it (web page, flat PDF).

    Inline markers after a sentence end or a space (``…贡献。 一、坚持… 1、精心组织…``) split
    the line when their family (一、 / （一） / 1、 / （1）) forms an ordinal sequence of two or
    more; an enumeration (一是) after a space in a split line starts a piece too.
    """
    if end - start < FLAT_MIN:
        return [Line(start, end, text[start:end])]
    families: dict[int, list[tuple[int, int]]] = {}
    for m in INLINE_MARK_RE.finditer(text, max(start - 1, 0), end):  # the break before counts
        level, marker, _ = marker_of(m.group("mark"))
        value = _marker_value(marker)
        if level and value:
            families.setdefault(level, []).append((m.start("mark"), value))
    cuts = sorted(pos for found in families.values() if _ordinal_run(found) for pos, _ in found)
    if not cuts:
        return [Line(start, end, text[start:end])]
    cuts += [m.start("mark") for m in INLINE_ENUM_RE.finditer(text, cuts[0], end)]
    pieces = []
    bounds = [start] + sorted(set(cuts)) + [end]
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            pieces.append(Line(a + lead, a + lead + len(stripped), stripped))
    return pieces


def _marker_value(marker: str) -> int:
    """Ordinal of an outline marker: "三、" -> 3, "（2）" -> 2, "12." -> 12 (0 if none)."""
    digits = "".join(c for c in marker if c.isdigit())
    if digits:
        return int(digits)
    cn = "".join(c for c in marker if c in CN_DIGITS)
    return ordinal(cn) if cn else 0


def _ordinal_run(found: list[tuple[int, int]]) -> bool:
    """Markers of one family forming a sequence: each the next ordinal or a restart at 1."""
    if len(found) < 2:
        return False
    steps = 0
    for (_, a), (_, b) in zip(found, found[1:], strict=False):
        if b == a + 1:
            steps += 1
        elif b != 1:
            return False
    return steps >= 1


def tag_lines(lines: list[Line], hints: tuple[tuple[int, str], ...]) -> None:
    """Tag each line with its outline marker, Word heading level and noise flag."""
    hint_map: dict[str, int] = {}
    for item in hints or ():
        try:
            level, hint_text = int(item[0]), SPACE_RE.sub("", str(item[1]))
        except (TypeError, ValueError, IndexError):
            continue
        if hint_text and hint_text not in hint_map:
            hint_map[hint_text] = max(1, min(level, 9))
    for ln in lines:
        ln.noise = NOISE_RE.match(ln.s) is not None
        if not ln.noise:
            ln.level, ln.marker, ln.body = marker_of(ln.s)
        if hint_map and not ln.noise:
            ln.hint = hint_map.get(SPACE_RE.sub("", ln.s), 0)
    if hint_map:
        _resolve_hint_levels(lines)
    tag_decimal_headings(lines)
    tag_ordinal_headings(lines)
    tag_verb_headings(lines)
    tag_closing_paragraphs(lines)
    _tag_contents(lines)


def _tag_contents(lines: list[Line]) -> None:
    """A table of contents at the top is noise: a 目录 line, and a run of heading lines, two of one
    level at least, each repeated later as a heading ("一、基本情况 / 二、主要做法 … 一、基本情况").

    Only the first TOC_LINES lines before the first prose line are looked at: linear time.
    The body's first heading may sit among them: alone in its run, it is never taken.
    """
    first_prose = next((i for i, ln in enumerate(lines) if len(ln.s) >= 30), len(lines))
    head = min(first_prose, TOC_LINES)
    seen = Counter(_toc_key(ln.s) for ln in lines if ln.level)
    run: list[Line] = []
    for ln in lines[:head]:
        key = _toc_key(ln.s)
        if ln.level and seen[key] >= 2:  # listed here and again as a heading of the body
            run.append(ln)
            continue
        if key in ("目录", "目次"):
            ln.noise = True
        _drop_contents(run)
        run = []
    _drop_contents(run)


def _drop_contents(run: list[Line]) -> None:
    """Mark a run of repeated heading lines as a table of contents when two share a level."""
    levels = Counter(ln.level for ln in run)
    if levels and max(levels.values()) >= 2:
        for ln in run:
            ln.noise, ln.level = True, 0


def _toc_key(s: str) -> str:
    """A heading line compared with its table-of-contents entry: no spaces, dots or page number."""
    return TOC_TAIL_RE.sub("", SPACE_RE.sub("", s))


def _resolve_hint_levels(lines: list[Line]) -> None:
    """Drop a document-title hint and map Word heading levels onto outline levels."""
    hinted = [ln for ln in lines if ln.hint]
    if not hinted:
        return
    first = hinted[0]
    others = [ln.hint for ln in hinted[1:]]
    if not first.level and first is lines[0] and all(first.hint < h for h in others):
        first.hint = 0  # the report's title, styled as a heading: not part of the outline
        hinted = hinted[1:]
    diffs = Counter(ln.level - ln.hint for ln in hinted if ln.level)
    plain = [ln for ln in hinted if not ln.level]
    if not plain:
        return
    offset = diffs.most_common(1)[0][0] if diffs else 1 - min(ln.hint for ln in plain)
    for ln in plain:
        ln.level = max(1, min(4, ln.hint + offset))


def tag_short_headings(lines: list[Line], width: int) -> None:
    """Mark WeChat-style short-line headings: comma pairs, one-line pairs and rhyming sets.

    A line wrapped at the page width, or continuing an unfinished line, is never one. Each pass
    tries its (cheap) pattern before the context checks.
    """

    def plain(i: int) -> bool:
        ln = lines[i]
        return not (ln.level or ln.noise or ln.short or (width and len(ln.s) >= width - 3))

    def free(i: int) -> bool:
        return plain(i) and not (i > 0 and body_continues(lines[i - 1].s, width))

    pairs = []
    for i, ln in enumerate(lines):
        if SHORT_HEAD_RE.fullmatch(ln.s) and free(i):
            nxt = i + 1 < len(lines) and plain(i + 1)
            sub = nxt and SUBTITLE_RE.fullmatch(lines[i + 1].s) is not None
            pairs.append((i, sub))
    if len(pairs) >= 2:  # a set of them, never a lone line
        for i, sub in pairs:
            lines[i].short = 1
            if sub:
                lines[i + 1].short = 2
    ones = [
        i
        for i, ln in enumerate(lines)
        if ONE_LINE_HEAD_RE.fullmatch(ln.s)
        and free(i)
        and i + 1 < len(lines)
        and len(lines[i + 1].s) >= 20
    ]
    if len(ones) >= 2:
        for i in ones:
            lines[i].short = 1
    _tag_sets(lines, free, plain)
    _tag_rhymes(lines, free, plain)
    _tag_item_heads(lines, free)
    tag_bare_heads(lines, free)
    tag_title(lines)


def _tag_item_heads(lines: list[Line], free) -> None:
    """Mark short plain lines standing right before a paragraph of 一是 items, two or more.

    "筑牢思想根基" / "一是…；二是…。" / "聚焦优质服务" / "一是…": each heads the items below it.
    """
    heads = [
        i
        for i, ln in enumerate(lines[:-1])
        if ITEM_HEAD_RE.fullmatch(ln.s)
        and free(i)
        and ENUM_START_RE.match(lines[i + 1].s)
        and not ENUM_START_RE.match(ln.s)
    ]
    if len(heads) >= 2:
        for i in heads:
            lines[i].short = 1


def _tag_sets(lines: list[Line], free, plain) -> None:
    """Mark numbered ("01" + title line) and bracketed ("【…】") heading lines, two or more."""
    nums = [
        i
        for i, ln in enumerate(lines)
        if NUM_LINE_RE.fullmatch(ln.s)
        and free(i)
        and i + 1 < len(lines)
        and plain(i + 1)
        and SUBTITLE_RE.fullmatch(lines[i + 1].s)
    ]
    if len(nums) >= 2:
        for i in nums:
            lines[i].short, lines[i].marker = 1, lines[i].s
            lines[i + 1].short = 2
    brackets = [i for i, ln in enumerate(lines) if BRACKET_HEAD_RE.fullmatch(ln.s) and free(i)]
    if len(brackets) >= 2:
        for i in brackets:
            lines[i].short = 1


def _tag_rhymes(lines: list[Line], free, plain) -> None:
    """Mark a parallel set of >= 3 short lines, each followed by prose: of near-equal length
    ending in the same character ("支部建设齐步走" / "示范引领大步走" / "提质增效快步走", also a
    closing quote: "当好“头雁”" / "争当“尖兵”"), or opening with the same words
    ("青春在攻坚中闪光" / "青春在创新中绽放" / "青春在服务中传递")."""
    prose = [0]  # prose[i] = number of lines of >= 20 chars among lines[:i]
    for ln in lines:
        prose.append(prose[-1] + (len(ln.s) >= 20))
    groups: dict[tuple[str, str], list[int]] = {}
    for i, ln in enumerate(lines):
        if RHYME_RE.fullmatch(ln.s) and free(i):
            groups.setdefault(("end", ln.s[-1]), []).append(i)
            groups.setdefault(("start", ln.s[:PARALLEL_PREFIX]), []).append(i)
    for (side, _), members in groups.items():
        if len(members) < 3 or any(lines[i].short for i in members):
            continue
        lengths = [len(lines[i].s) for i in members]
        if max(lengths) - min(lengths) > (1 if side == "end" else 2):
            continue
        # members must be separated by prose, not stacked like a poem or caption list
        bounds = members + [len(lines)]
        if not all(prose[b] > prose[a + 1] for a, b in zip(bounds, bounds[1:], strict=False)):
            continue
        for i in members:
            lines[i].short = 1
            if (
                i + 1 < len(lines)
                and plain(i + 1)
                and i + 1 not in members
                and SUBTITLE_RE.fullmatch(lines[i + 1].s)
            ):
                lines[i + 1].short = 2


def pdf_width(lines: list[Line]) -> int:
    """Typical full line width when the text keeps PDF line breaks (0 when it does not)."""
    lengths = [len(ln.s) for ln in lines if len(ln.s) >= 15]
    if len(lengths) < 6:
        return 0
    mode = Counter(lengths).most_common(1)[0][0]
    near = sum(1 for n in lengths if abs(n - mode) <= 2)
    longer = sum(1 for n in lengths if n > mode + 3)  # a wrap width is the longest line
    return mode if near * 3 >= len(lengths) and mode <= 60 and longer * 4 <= len(lengths) else 0
