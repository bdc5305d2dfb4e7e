"""Line breaks of hard-wrapped text removed, with the way back to the offsets of the text.

A PDF text layer cuts lines at a fixed width, inside sentences, words and numbers (`参与居民 9\\n00
余人次`). A break is a wrap when the line before it is long (a heading is a short line) and ends
with no sentence punctuation, and a line follows it. Readers that need whole sentences (numeric
indicators) read the joined text and map what they find back to the text. Linear in the text
length; never raises on any str.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# A line break with the spaces around it, after a character that ends no sentence (a closing
# quote or bracket ends one only after sentence punctuation: …。” but not “党建强”) and before a
# line that is not blank: a wrap when the line before it is long.
_BREAK_RE = re.compile(
    r"(?<![。！？!?；;：:…\n \t\u3000])(?<![。！？!?；;：:…][”’」）)】》])"
    r"[ \t\u3000]*\n[ \t\u3000]*(?=[^\n])"
)
WRAPPED_LINE_MIN = 20  # a line this long cut with no punctuation is wrapped text, not a heading


def _is_wrap(text: str, brk: int) -> bool:
    """Whether the line ending at the break at `brk` is long enough to be wrapped text."""
    start = text.rfind("\n", max(0, brk - 200), brk) + 1
    return len(text[start:brk].strip()) >= WRAPPED_LINE_MIN


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
            if not _is_wrap(text, m.start()):
                continue
            pieces.append(text[pos : m.start()])
            removed += m.end() - m.start()
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
