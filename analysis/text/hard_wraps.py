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

# A line break with the spaces around it.
_BREAK_RE = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
# Characters that end a sentence or a quotation: a break after them is a real line end.
_SENTENCE_ENDS = frozenset("。！？!?；;：:…”’」）)】》")
WRAPPED_LINE_MIN = 20  # a line this long cut with no punctuation is wrapped text, not a heading


def _is_wrap(line: str, text: str, after: int) -> bool:
    """Whether the break ending `line` (the next line starting at `after`) is a hard wrap."""
    line = line.strip()
    return (
        len(line) >= WRAPPED_LINE_MIN
        and line[-1] not in _SENTENCE_ENDS
        and after < len(text)
        and text[after] != "\n"
    )


class JoinedText:
    """`text` with its hard wraps removed (`joined`) and the offsets back (`orig`, `orig_end`)."""

    def __init__(self, text: str):
        self.joined = text
        self._at: list[int] = []  # joined offset of the first character after each removed break
        self._shift: list[int] = []  # characters removed up to and including that break
        if "\n" in text:
            self._join(text)

    def _join(self, text: str) -> None:
        """Remove the wraps of `text`, recording where each one was."""
        pieces: list[str] = []
        pos = line_start = removed = 0
        for m in _BREAK_RE.finditer(text):
            line, line_start = text[line_start : m.start()], m.end()
            if not _is_wrap(line, text, m.end()):
                continue
            pieces.append(text[pos : m.start()])
            removed += m.end() - m.start()
            self._at.append(m.end() - removed)
            self._shift.append(removed)
            pos = m.end()
        if pieces:
            pieces.append(text[pos:])
            self.joined = "".join(pieces)

    def orig(self, pos: int) -> int:
        """The offset in the text of the joined text's character at `pos`."""
        k = bisect_right(self._at, pos)
        return pos + self._shift[k - 1] if k else pos

    def orig_end(self, end: int) -> int:
        """The offset in the text of a joined span's (exclusive) `end`: after its last character."""
        return self.orig(end - 1) + 1 if end > 0 else 0
