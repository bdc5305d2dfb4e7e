"""The one definition of "shared": passages two reports share, each report's 文字复制比, and its
通用表述 — read by the page, the export and the command line alike.

文字复制比 of a report = its matching characters inside passages shared with other reports (at
least MIN_PASSAGE characters each, 通用表述 not counted) / all its matching characters. Matching
characters are those `normalise` keeps (no punctuation, spaces or redaction marks).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.corpus.overlap.index import OverlapIndex
from analysis.corpus.overlap.normalise import Normalised, normalise
from analysis.corpus.overlap.passages import GAP, Span, shared_spans
from analysis.corpus.overlap.prints import K

MIN_PASSAGE = 40  # matching characters (not 通用表述) a shared passage has at least
MOSTLY_SHARED = 0.5  # a report with at least this 文字复制比 is flagged
_KEEP_NORMALISED = 4096  # normalised texts kept in memory between checks
_BATCH = 1000  # candidate pairs whose texts are read together (at most 2,000 texts)

TextSource = Callable[[Sequence[Hashable]], Mapping[Hashable, str]]


@dataclass(frozen=True)
class Passage:
    """One shared passage: where it is in report A and in report B (original text offsets)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    chars: int  # matching characters of A in it that are not 通用表述


@dataclass(frozen=True)
class PairOverlap:
    """What reports A and B share."""

    a: Hashable
    b: Hashable
    chars_a: int  # matching characters of each report
    chars_b: int
    shared_a: int  # matching characters of A found in B (通用表述 not counted)
    shared_b: int
    passages: tuple[Passage, ...]

    @property
    def share_a(self) -> float:
        """Share of A's text found in B."""
        return self.shared_a / self.chars_a if self.chars_a else 0.0

    @property
    def share_b(self) -> float:
        """Share of B's text found in A."""
        return self.shared_b / self.chars_b if self.chars_b else 0.0

    @property
    def share(self) -> float:
        """The pair's shared share: the larger of the two (the one that copied more)."""
        return max(self.share_a, self.share_b)

    def flipped(self) -> PairOverlap:
        """The same pair seen from B."""
        return PairOverlap(
            self.b,
            self.a,
            self.chars_b,
            self.chars_a,
            self.shared_b,
            self.shared_a,
            tuple(Passage(p.b_start, p.b_end, p.a_start, p.a_end, p.chars) for p in self.passages),
        )


@dataclass(frozen=True)
class ReportCheck:
    """One report's check: its 文字复制比, the reports it shares passages with, its 通用表述."""

    key: Hashable
    compared: int  # characters compared (no punctuation, spaces or redaction marks), not 字数
    shared: int
    boilerplate: int  # matching characters in 通用表述 (counted apart)
    pairs: tuple[PairOverlap, ...]  # this report as A, most shared first
    boilerplate_spans: tuple[tuple[int, int], ...]  # original text offsets

    @property
    def share(self) -> float:
        """文字复制比: shared characters / the report's compared characters."""
        return self.shared / self.compared if self.compared else 0.0

    @property
    def boilerplate_share(self) -> float:
        return self.boilerplate / self.compared if self.compared else 0.0

    @property
    def mostly_shared(self) -> bool:
        return self.share >= MOSTLY_SHARED


def _mask(length: int, starts: Iterable[int], width: int | None = None, ends: Iterable[int] = ()):
    """A boolean mask of `length` covering [start, start + width) or [start, end) ranges."""
    starts = np.asarray(list(starts), dtype=np.int64)
    stops = starts + width if width is not None else np.asarray(list(ends), dtype=np.int64)
    diff = np.zeros(length + 1, np.int64)
    np.add.at(diff, np.clip(starts, 0, length), 1)
    np.add.at(diff, np.clip(stops, 0, length), -1)
    return np.cumsum(diff[:length]) > 0


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The [start, end) runs of True in a mask."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def chained(seeds: Iterable[tuple[int, int]]) -> bool:
    """Whether two shared fingerprints lie close together in both texts (as in one passage of
    MIN_PASSAGE characters or more, edits included), not scattered: only then are the texts read."""
    ordered = sorted(seeds)
    return any(
        0 < a2 - a1 <= MIN_PASSAGE + K and abs((a2 - b2) - (a1 - b1)) <= 2 * GAP
        for (a1, b1), (a2, b2) in zip(ordered, ordered[1:], strict=False)
    )


class OverlapChecker:
    """Checks over one index, reading report texts through `texts` only when needed."""

    def __init__(self, index: OverlapIndex, texts: TextSource):
        self.index = index
        self._texts = texts
        self._norm: OrderedDict[Hashable, Normalised] = OrderedDict()
        self._common: OrderedDict[Hashable, np.ndarray] = OrderedDict()

    def normalised(self, keys: Sequence[Hashable]) -> dict[Hashable, Normalised]:
        """The matching texts of these reports (the latest few thousand kept for the next checks)."""
        missing = [k for k in keys if k not in self._norm]
        fresh = {k: normalise(t) for k, t in self._texts(missing).items()} if missing else {}
        out = {
            k: fresh[k] if k in fresh else self._norm[k]
            for k in keys
            if k in fresh or k in self._norm
        }
        for k, n in out.items():
            self._norm[k] = n
            self._norm.move_to_end(k)
        while len(self._norm) > _KEEP_NORMALISED:
            self._norm.popitem(last=False)
        return out

    def texts(self, keys: Sequence[Hashable]) -> Mapping[Hashable, str]:
        """The original texts of these reports (for marking passages and excerpts)."""
        return self._texts(keys)

    def boilerplate_mask(self, key: Hashable, length: int) -> np.ndarray:
        """Which matching characters of a report lie in 通用表述 (read-only; the latest few
        thousand kept: a first build asks for each report's once per pair it is in)."""
        mask = self._common.get(key)
        if mask is None or len(mask) != length:
            mask = _mask(length, self.index.boilerplate(key).positions.tolist(), width=K)
            mask.flags.writeable = False
            self._common[key] = mask
            while len(self._common) > _KEEP_NORMALISED:
                self._common.popitem(last=False)
        return mask

    def pair(self, a: Hashable, b: Hashable) -> PairOverlap | None:
        """What A and B share, or None when no passage of MIN_PASSAGE characters; computed in
        the index's order of the two, so pair(b, a) is exactly pair(a, b) seen from B."""
        if self.index.row(a) > self.index.row(b):
            found = self._pair(b, a)
            return found.flipped() if found else None
        return self._pair(a, b)

    def _pair(self, a: Hashable, b: Hashable) -> PairOverlap | None:
        seeds = self.index.seeds(a, b)
        if not chained(seeds):
            return None
        got = self.normalised([a, b])
        if a not in got or b not in got:
            return None  # a report deleted since the index was built
        na, nb = got[a], got[b]
        spans = shared_spans(na.text, nb.text, seeds, MIN_PASSAGE)
        if not spans:
            return None
        common_a = self.boilerplate_mask(a, len(na))
        common_b = self.boilerplate_mask(b, len(nb))
        kept: list[Span] = []
        for s in spans:
            if (~common_a[s.a_start : s.a_end]).sum() >= MIN_PASSAGE:
                kept.append(s)
        if not kept:
            return None
        cover_a = _mask(len(na), [s.a_start for s in kept], ends=[s.a_end for s in kept])
        cover_b = _mask(len(nb), [s.b_start for s in kept], ends=[s.b_end for s in kept])
        passages = tuple(
            Passage(
                *na.original_span(s.a_start, s.a_end),
                *nb.original_span(s.b_start, s.b_end),
                chars=int((~common_a[s.a_start : s.a_end]).sum()),
            )
            for s in kept
        )
        return PairOverlap(
            a,
            b,
            len(na),
            len(nb),
            int((cover_a & ~common_a).sum()),
            int((cover_b & ~common_b).sum()),
            passages,
        )

    def check(self, key: Hashable) -> ReportCheck:
        """One report against the rest of the corpus (only the partners the index proposes)."""
        if key not in self.index:
            raise KeyError(key)
        partners = [k for k in self.index.partners(key) if chained(self.index.seeds(key, k))]
        self.normalised([key, *partners])  # one read for all of them
        pairs = [p for other in partners if (p := self.pair(key, other))]
        return self.report_check(key, pairs)

    def report_check(self, key: Hashable, pairs: Iterable[PairOverlap]) -> ReportCheck:
        """A report's check from the pairs it is in (as A or as B)."""
        mine = sorted(
            (p if p.a == key else p.flipped() for p in pairs if key in (p.a, p.b)),
            key=lambda p: (-p.shared_a, str(p.b)),
        )
        norm = self.normalised([key])[key]
        common = self.boilerplate_mask(key, len(norm))
        size = int(norm.ends[-1]) if len(norm) else 0
        starts = [q.a_start for p in mine for q in p.passages]
        covered = _mask(size, starts, ends=[q.a_end for p in mine for q in p.passages])
        inside = covered[norm.starts] if len(norm) else np.zeros(0, bool)
        return ReportCheck(
            key=key,
            compared=len(norm),
            shared=int((inside & ~common).sum()),
            boilerplate=int(common.sum()),
            pairs=tuple(mine),
            boilerplate_spans=tuple(norm.original_span(s, e) for s, e in _runs(common)),
        )

    def report_checks(self, pairs: Sequence[PairOverlap], every: bool = False) -> list[ReportCheck]:
        """The check of every report in these pairs (the corpus view's 文字复制比 per report);
        with `every`, of every report of the index (those sharing nothing at 0)."""
        by_key: dict[Hashable, list[PairOverlap]] = (
            {k: [] for k in self.index.keys} if every else {}
        )
        for p in pairs:
            by_key.setdefault(p.a, []).append(p)
            by_key.setdefault(p.b, []).append(p)
        keys, out = list(by_key), []
        for i in range(0, len(keys), _BATCH):
            self.normalised(keys[i : i + _BATCH])  # their texts read at once
            out += [self.report_check(k, by_key[k]) for k in keys[i : i + _BATCH]]
        return out

    def all_pairs(self) -> list[PairOverlap]:
        """Every pair of reports sharing a passage, most shared first (candidates from the index)."""
        found: list[PairOverlap] = []
        batch: list[tuple[Hashable, Hashable]] = []
        for a, b in self.index.candidate_pairs():
            if chained(self.index.seeds(a, b)):
                batch.append((a, b))
            if len(batch) == _BATCH:
                found += self.aligned(batch)
                batch = []
        found += self.aligned(batch)
        return sorted(found, key=lambda p: (-p.share, str(p.a), str(p.b)))

    def aligned(self, batch: list[tuple[Hashable, Hashable]]) -> list[PairOverlap]:
        """The pairs of a batch of candidates that share a passage (their texts read at once)."""
        self.normalised(list(dict.fromkeys(k for ab in batch for k in ab)))
        return [p for a, b in batch if (p := self.pair(a, b))]
