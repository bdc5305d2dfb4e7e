"""The text as matching sees it: only ideographs, letters and digits, Simplified, digit runs as one
symbol, redaction marks dropped, with each kept character's place in the original text.

e.g. "主题党日12次，×××支部" -> "主题党日#次支部": punctuation, spaces, line breaks, ×××/**/XX
and Traditional script never break a match, and a changed number or year still matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from analysis.core.script import has_traditional, to_simplified, traditional_chars

DIGIT = "#"  # every run of digits becomes this one symbol
# Latin X used as a redaction mark, e.g. "XX公司", "xxx党支部".
_X_RUN = re.compile(r"[XxＸｘ]{2,}")


@dataclass(frozen=True, eq=False)
class Normalised:
    """The matching text and, per character of it, where it starts and ends in the original."""

    text: str
    starts: np.ndarray  # int32, index in the original text of each matching character
    ends: np.ndarray  # int32, end (exclusive) in the original text; a digit run covers the run

    def __len__(self) -> int:
        return len(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's [start, end) holding the matching text's [start, end)."""
        if end <= start:
            raise ValueError(f"empty span {start}:{end}")
        return int(self.starts[start]), int(self.ends[end - 1])


@lru_cache(maxsize=8192)
def _simplified_char(char: str) -> str:
    """One Traditional character in Simplified (itself when the conversion is not one character)."""
    out = to_simplified(char)[0]
    return out if len(out) == 1 else char


def _simplified(text: str) -> str:
    """Traditional -> Simplified character by character, so every offset stays the same."""
    if not has_traditional(text):
        return text
    trad = traditional_chars()
    table = {ord(c): _simplified_char(c) for c in set(text) if c in trad}
    return text.translate(table)


def _kept(codes: np.ndarray) -> np.ndarray:
    """Which code points take part in matching: ideographs, ASCII and full-width letters, digits."""
    cjk = (
        ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
        | (codes >= 0x20000)
    )
    ascii_alnum = (
        ((codes >= 0x30) & (codes <= 0x39))
        | ((codes >= 0x41) & (codes <= 0x5A))
        | ((codes >= 0x61) & (codes <= 0x7A))
    )
    wide_alnum = (
        ((codes >= 0xFF10) & (codes <= 0xFF19))
        | ((codes >= 0xFF21) & (codes <= 0xFF3A))
        | ((codes >= 0xFF41) & (codes <= 0xFF5A))
    )
    return cjk | ascii_alnum | wide_alnum


def _folded(codes: np.ndarray) -> np.ndarray:
    """Full-width letters to ASCII, letters to lower case, every digit to DIGIT."""
    out = codes.copy()
    wide = (out >= 0xFF21) & (out <= 0xFF5A)
    out[wide] -= 0xFF21 - 0x41
    upper = (out >= 0x41) & (out <= 0x5A)
    out[upper] += 0x20
    digit = ((out >= 0x30) & (out <= 0x39)) | ((out >= 0xFF10) & (out <= 0xFF19))
    out[digit] = ord(DIGIT)
    return out


def normalise(text: str) -> Normalised:
    """The matching text of `text` with its offsets (see the module docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    codes = np.frombuffer(_simplified(text).encode("utf-32-le"), dtype=np.uint32)
    keep = _kept(codes)
    for m in _X_RUN.finditer(text):
        keep[m.start() : m.end()] = False
    pos = np.flatnonzero(keep).astype(np.int32)
    folded = _folded(codes[pos])
    digit = folded == ord(DIGIT)
    before = np.concatenate(([False], digit[:-1]))
    after = np.concatenate((digit[1:], [False]))
    first, last = digit & ~before, digit & ~after
    ends = pos + 1
    ends[np.flatnonzero(first)] = ends[np.flatnonzero(last)]
    out = ~digit | first  # a run of digits keeps its first character only
    return Normalised(
        text=folded[out].astype(np.uint32).tobytes().decode("utf-32-le"),
        starts=pos[out],
        ends=ends[out].astype(np.int32),
    )
