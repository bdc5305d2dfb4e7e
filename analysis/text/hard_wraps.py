"""Line breaks of hard-wrapped text removed, with the way back to the offsets of the text.

A PDF text layer cuts lines at a fixed width, inside sentences, words and numbers (`参与居民 9\\n00
余人次`). A break is a wrap when a line follows it and the line before it is cut inside a sentence
(line_shapes.cut_inside_sentence: long, no sentence end — the one rule cleaning's unwrap uses too). Readers that need whole sentences (numeric
indicators) read the joined text and map what they find back to the text. Linear in the text
length; never raises on any str.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from analysis.text.line_shapes import WRAP_LINE_MIN, cut_inside_sentence

WRAPPED_LINE_MIN = WRAP_LINE_MIN  # kept for callers of the old name

# A line break (and the spaces after it) before a line that is not blank; it opens with the
# newline itself, so the engine jumps between newlines.
_BREAK_RE = re.compile(r"\n[ \t\u3000]*(?=[^\n])")
_SPACES = " \t\u3000"
_LINE_MAX = 200  # the line before a break is read back this far at most (linear time)


def _wrap_start(text: str, brk: int) -> int:
    """Where a hard wrap at the newline `brk` starts (its spaces before it included), or -1 when
    the line before ends a sentence or is short (a heading)."""
    start = brk
    while start > 0 and text[start - 1] in _SPACES:
        start -= 1
    line_start = text.rfind("\n", max(0, start - _LINE_MAX), start) + 1
    return start if cut_inside_sentence(text[line_start:start]) else -1


class JoinedText:
    """`text` with its hard wraps removed (`joined`) and the offsets back (`orig`, `orig_end`)."""

    def __init__(self, text: str):
        self.joined = text
        self._at: list[int] = []  # joined offset of the first character after each removed break
        self._shift: list[int] = []  # characters removed up to and including that break
        self._ends: list[int] = []  # offset in the text just after each removed break
        if "\n" in text:
            self._join(text)

    def _join(self, text: str) -> None:
        """Remove the wraps of `text`, recording where each one was."""
        pieces: list[str] = []
        pos = removed = 0
        for m in _BREAK_RE.finditer(text):
            start = _wrap_start(text, m.start())
            if start < 0:
                continue
            pieces.append(text[pos:start])
            removed += m.end() - start
            self._at.append(m.end() - removed)
            self._shift.append(removed)
            self._ends.append(m.end())
            pos = m.end()
        if pieces:
            pieces.append(text[pos:])
            self.joined = "".join(pieces)

    def orig(self, pos: int) -> int:
        """The offset in the text of the joined text's character at `pos`."""
        k = bisect_right(self._at, pos)
        return pos + self._shift[k - 1] if k else pos

    def joined_offset(self, pos: int) -> int:
        """The offset in the joined text of the text's character at `pos` (one of a removed
        break: the joined character after it)."""
        k = bisect_right(self._ends, pos)
        before = self._shift[k - 1] if k else 0
        if k < len(self._ends) and pos >= self._ends[k] - (self._shift[k] - before):
            return self._at[k]  # inside a removed break
        return pos - before

    def orig_end(self, end: int) -> int:
        """The offset in the text of a joined span's (exclusive) `end`: after its last character."""
        return self.orig(end - 1) + 1 if end > 0 else 0
