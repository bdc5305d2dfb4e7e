"""Exact shared spans of two matching texts, grown from the fingerprints they share.

From each shared n-gram the match is extended both ways character by character; at a mismatch it
resumes where the next RESYNC characters agree again within GAP characters on either side (a
changed name, a few characters inserted or dropped). Spans close together on both sides are merged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analysis.corpus.overlap.prints import K

GAP = 12  # characters skipped at most on each side to get past an edit
RESYNC = 8  # characters that must agree again after an edit
MERGE = 24  # spans closer than this on both sides are one passage
_STEP = 32  # characters compared at once while the texts agree


@dataclass(frozen=True)
class Span:
    """A shared passage: [a_start, a_end) of text A matches [b_start, b_end) of text B."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int

    @property
    def length(self) -> int:
        """Its length in A's matching characters."""
        return self.a_end - self.a_start


def _agree(a: str, b: str, i: int, j: int) -> tuple[int, int]:
    """How far a[i:] and b[j:] agree: the first (i, j) where they differ or one ends."""
    la, lb = len(a), len(b)
    while i + _STEP <= la and j + _STEP <= lb and a[i : i + _STEP] == b[j : j + _STEP]:
        i, j = i + _STEP, j + _STEP
    while i < la and j < lb and a[i] == b[j]:
        i, j = i + 1, j + 1
    return i, j


def _resync(a: str, b: str, i: int, j: int) -> tuple[int, int] | None:
    """The nearest place past a mismatch at (i, j) where RESYNC characters agree again: at most
    GAP characters on from i in A and from j in B, the fewest skipped in all."""
    best: tuple[int, int] | None = None
    for di in range(GAP + 1):
        if best is not None and di >= best[0] + best[1] - i - j:
            break  # skipping more of A cannot beat the place found
        piece = a[i + di : i + di + RESYNC]
        if len(piece) < RESYNC:
            break
        y = b.find(piece, j, j + GAP + RESYNC)
        if y >= 0 and (best is None or di + y - j < best[0] + best[1] - i - j):
            best = (i + di, y)
    return best


def _forward(a: str, b: str, i: int, j: int) -> tuple[int, int]:
    """Where a match starting at (i, j) ends, edits included."""
    while True:
        i, j = _agree(a, b, i, j)
        again = _resync(a, b, i, j)
        if again is None:
            return i, j
        i, j = again


def _merged(spans: list[Span]) -> list[Span]:
    """Spans in A's order, those close on both sides (same passage, edits between) joined."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.a_start, s.b_start)):
        if out:
            p = out[-1]
            near_a = -MERGE <= s.a_start - p.a_end <= MERGE or p.a_start <= s.a_start < p.a_end
            near_b = -MERGE <= s.b_start - p.b_end <= MERGE or p.b_start <= s.b_start < p.b_end
            if near_a and near_b and s.a_start >= p.a_start and s.b_start >= p.b_start:
                out[-1] = Span(p.a_start, max(p.a_end, s.a_end), p.b_start, max(p.b_end, s.b_end))
                continue
        out.append(s)
    return out


def shared_spans(a: str, b: str, seeds: Iterable[tuple[int, int]], min_length: int) -> list[Span]:
    """The passages of matching texts `a` and `b` grown from `seeds` (n-gram starts in a and b
    with the same fingerprint), at least `min_length` characters long in A, in A's order."""
    ra, rb = a[::-1], b[::-1]
    found: list[Span] = []
    for i, j in sorted(set(seeds)):
        if a[i : i + K] != b[j : j + K]:
            continue  # a hash collision, not a shared n-gram
        if any(s.a_start <= i < s.a_end and s.b_start <= j < s.b_end for s in found[-4:]):
            continue  # inside a passage already grown
        a_end, b_end = _forward(a, b, i, j)
        back_a, back_b = _forward(ra, rb, len(a) - i, len(b) - j)
        found.append(Span(len(a) - back_a, a_end, len(b) - back_b, b_end))
    return [s for s in _merged(found) if s.length >= min_length]
