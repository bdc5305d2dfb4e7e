"""Character-level cleaning rules: line-break flavours and invisibles, scraping markers, full-width
forms, Traditional characters and redaction marks. Each pure, linear, never raising on any str."""

from __future__ import annotations

import re

from analysis.core.script import to_simplified

REDACTION = "*"  # the single redaction marker left in cleaned text

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

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
HALF_WIDTH = {
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
    **{c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)},
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
    **{ord(c): ord(c) - 0xFEE0 for c in "＊％＋－．／＝＃＠＆"},
    0xA0: 0x20,  # no-break space
}
# Runs of the characters HALF_WIDTH maps, e.g. "２０２３" (translated run by run: fast).
FULL_WIDTH = "[" + "".join(map(chr, sorted(HALF_WIDTH))) + "]"
_FULL_WIDTH_RE = re.compile(FULL_WIDTH + FULL_WIDTH + "*")
# Redaction marks, each run becomes one "*": "***", "×××", "XX公司", "20XX年", "某×", "xx单位";
# not a lone X joined to a "+", the placeholder of a formulation ("推行X+3联系制度", "1+X模式").
# Every branch starts with its literal mark (lookbehinds after it), so the engine skips fast.
REDACTION_RE = re.compile(
    r"\*\**"
    r"|××+"
    rf"|×(?=[{CJK}])|×(?<=[{CJK}]×)"
    r"|X(?<![A-Za-z]X)X+(?![A-Za-z])"
    rf"|X(?<![A-Za-z+＋]X)(?=[{CJK}])|X(?<=[{CJK}]X)(?![A-Za-z+＋])"
    rf"|x(?<![A-Za-z]x)x+(?=[{CJK}])|x(?<=[{CJK}]x)x+(?![A-Za-z])"
)
# Adjacent redaction markers after substitution, e.g. "**" from "*XX", collapsed to one.
STARS_RE = re.compile(r"\*\*+")
# One run of redaction markers, e.g. "*" or "***", counted once.
_STAR_RUN_RE = re.compile(r"\*\**")

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
    return _FULL_WIDTH_RE.sub(lambda m: m.group().translate(HALF_WIDTH), text)


def normalize_redactions(text: str) -> str:
    """Each run of redaction marks (*, ×, XX, xx next to Chinese) becomes a single '*'."""
    return STARS_RE.sub(REDACTION, REDACTION_RE.sub(REDACTION, text))


def count_redactions(text: str) -> int:
    """Number of '*' runs in normalized text."""
    return len(_STAR_RUN_RE.findall(text))


def normalize_chars(text: str) -> tuple[str, bool]:
    """Character-level rules: newlines, markers, half-width, Traditional -> Simplified, redactions."""
    text = half_width(remove_markers(normalize_newlines(text)))
    text, traditional = to_simplified(text)
    return normalize_redactions(text), traditional
