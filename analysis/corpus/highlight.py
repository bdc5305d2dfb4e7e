"""A report's text as HTML with some places marked: theme hits in their colours, or the place
another page asked to show (its sentence and the place itself).

Every character of the text goes through analysis.core.escape.html_text; the only markup is our
own <p>, <span> and <mark> with fixed class names and styles built from analysis.core.palette.
Nothing is added between characters (no spaces around a highlight, whatever the punctuation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from analysis.core import escape
from analysis.core.palette import JUMP_SENTENCE, JUMP_TARGET, text_on

Mark = tuple[int, int, str]  # (start, end, key of its style)
SENTENCE, TARGET, PASSAGE = (
    "句",
    "此处",
    "此段",
)  # style keys: a jump's sentence, its place, a long place
LONG_PLACE = 40  # characters: a longer place (a whole measure) is marked without bold and frame
CONTEXT_CHARS = 200  # shown before and after a place
MAX_SENTENCE = 600  # characters searched on each side of a place for its sentence's ends
# A hex colour, the only thing that goes into a style attribute.
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
# Characters that end a sentence, e.g. "……一岗双责。二是" -> the sentence stops after "。".
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_TEXT_STYLE = "line-height:1.9;margin:0 0 .6em 0"


def mark_style(color: str, strong: bool = False) -> str:
    """The inline style of a highlight on `color` (a #RRGGBB), its text black or white."""
    if not _HEX.fullmatch(color):
        raise ValueError(f"not a #RRGGBB colour: {color!r}")
    style = f"background:{color};color:{text_on(color)};border-radius:.2em;padding:.1em 0"
    return style + (";font-weight:700;box-shadow:0 0 0 2px #8A6D00" if strong else "")


def jump_styles() -> dict[str, str]:
    """The styles of a jump: the sentence pale, the place bright and bold."""
    return {
        SENTENCE: mark_style(JUMP_SENTENCE),
        TARGET: mark_style(JUMP_TARGET, strong=True),
        PASSAGE: mark_style(JUMP_TARGET),
    }


def place_key(start: int, end: int) -> str:
    """The style key of a place: bold and framed when short, plain bright yellow when long."""
    return PASSAGE if end - start > LONG_PLACE else TARGET


def _kept(marks: Iterable[Mark], size: int, styles: Mapping[str, str]) -> list[Mark]:
    """Marks clamped to the text, styled, in order; where two overlap the earlier one wins."""
    kept: list[Mark] = []
    last = 0
    for start, end, key in sorted(marks, key=lambda m: (m[0], -m[1])):
        start, end = max(start, last, 0), min(end, size)
        if end > start and key in styles:
            kept.append((start, end, key))
            last = end
    return kept


def _mark(chunk: str, key: str | None, styles: Mapping[str, str]) -> str:
    """One escaped chunk, wrapped in its <mark> when it is highlighted."""
    body = escape.html_text(chunk)
    if key is None or not chunk:
        return body
    return f'<mark class="dj-mark" data-key="{escape.html_text(key)}" style="{styles[key]}">{body}</mark>'


def marked_html(
    text: str, marks: Iterable[Mark], styles: Mapping[str, str], limit: int | None = None
) -> str:
    """HTML of `text` (up to `limit` characters), one <p> per non-blank line, with each mark
    (start, end, key) as a <mark> styled `styles[key]`; marks with an unknown key are left out."""
    body = text if limit is None else text[:limit]
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, key in _kept(marks, len(body), styles):
        pieces += [(body[pos:start], None), (body[start:end], key)]
        pos = end
    pieces.append((body[pos:], None))
    lines: list[list[str]] = [[]]
    raw: list[str] = [""]  # each line's text, to tell a blank line whatever marks it holds
    for chunk, shade in pieces:
        for n, part in enumerate(chunk.split("\n")):
            if n:
                lines.append([])
                raw.append("")
            lines[-1].append(_mark(part, shade, styles))
            raw[-1] += part
    shown = ["".join(parts) for parts, line in zip(lines, raw, strict=True) if line.strip()]
    return "".join(f'<p style="{_TEXT_STYLE}">{p}</p>' for p in shown)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or sentences) holding text[start:end] begins and ends."""
    lo = max(0, start - MAX_SENTENCE)
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    s_start = cuts[-1] if cuts else lo
    stop = _SENTENCE_END.search(text, end, min(len(text), end + MAX_SENTENCE))
    s_end = stop.end() if stop else min(len(text), end + MAX_SENTENCE)
    while s_start < start and text[s_start].isspace():
        s_start += 1
    return s_start, s_end


def place_marks(text: str, start: int, end: int) -> list[Mark]:
    """A jump's marks: its sentence before and after the place, and the place itself."""
    s_start, s_end = sentence_bounds(text, start, end)
    return [(s_start, start, SENTENCE), (start, end, place_key(start, end)), (end, s_end, SENTENCE)]


def clamp(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) kept inside the text (a place past its end shows nothing)."""
    start = max(0, min(start, len(text)))
    return start, max(start, min(end, len(text)))


def context_html(text: str, start: int, end: int) -> str:
    """HTML of the text around [start, end): its sentence pale yellow, the place bright and bold,
    CONTEXT_CHARS on each side (… where cut)."""
    start, end = clamp(text, start, end)
    s_start, s_end = sentence_bounds(text, start, end) if end > start else (start, end)
    lo = max(0, min(start - CONTEXT_CHARS, s_start))
    hi = min(len(text), max(end + CONTEXT_CHARS, s_end))
    marks = (
        [(a - lo, b - lo, k) for a, b, k in place_marks(text, start, end)] if end > start else []
    )
    html = marked_html(text[lo:hi], marks, jump_styles())
    return ("<p>…</p>" if lo > 0 else "") + html + ("<p>…</p>" if hi < len(text) else "")


def sentence_html(text: str, start: int, end: int) -> str:
    """HTML of the whole sentence holding [start, end), the place marked (an evidence row, whole)."""
    start, end = clamp(text, start, end)
    s_start, s_end = sentence_bounds(text, start, end)
    marks = [(start - s_start, end - s_start, place_key(start, end))]
    return marked_html(text[s_start:s_end], marks, jump_styles())


def legend_html(colors: Mapping[str, str]) -> str:
    """A legend line: each name (escaped) on its highlight colour."""
    chips = "".join(
        f'<mark class="dj-mark" style="{mark_style(c)};padding:.15em .5em;margin-right:.6em">'
        f"{escape.html_text(name)}</mark>"
        for name, c in colors.items()
    )
    return f'<p style="margin:0 0 .4em 0">图例：{chips}</p>'
