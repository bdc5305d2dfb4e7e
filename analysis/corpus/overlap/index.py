"""The inverted index: fingerprint -> the reports holding it, its document frequency, and which
fingerprints are 通用表述 (found in so many reports that sharing them is not copying).

Arrays sorted by hash (numpy), not a dict per fingerprint: 10,000 reports hold millions of them.
Candidate pairs come from the index only (reports sharing at least MIN_SEEDS fingerprints that are
not 通用表述), never from comparing every pair.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from analysis.corpus.overlap.prints import Prints

# 通用表述: a fingerprint in at least max(MIN_BOILERPLATE_DF, BOILERPLATE_SHARE × reports) reports.
# Copying joins two reports (or a few); a standard formulation is in many. Measured in
# bench/overlap.py: planted copies reach document frequency 2-3, standard openings 30 % of reports.
MIN_BOILERPLATE_DF = 5
BOILERPLATE_SHARE = 0.01
MIN_SEEDS = 2  # shared fingerprints (not 通用表述) that make two reports a candidate pair


def default_boilerplate_df(reports: int) -> int:
    """The document frequency from which a fingerprint is 通用表述 in a corpus of this size."""
    return max(MIN_BOILERPLATE_DF, math.ceil(BOILERPLATE_SHARE * max(reports, 0)))


def _unique_first(p: Prints) -> Prints:
    """A report's fingerprints once each (its first place), sorted by hash."""
    hashes, first = np.unique(p.hashes, return_index=True)
    return Prints(hashes, p.positions[first])


@dataclass(frozen=True, eq=False)
class OverlapIndex:
    """Every report's fingerprints and the inverted index over them (build with `build_index`)."""

    keys: tuple[Hashable, ...]
    prints: Mapping[Hashable, Prints]  # key -> all fingerprints, as computed
    hashes: np.ndarray  # int64, sorted: one entry per (fingerprint, report)
    owners: np.ndarray  # int32, index into `keys` of the report holding hashes[i]
    boilerplate_df: int
    _row: dict[Hashable, int] = field(default_factory=dict, repr=False)
    _firsts: dict[Hashable, Prints] = field(default_factory=dict, repr=False)
    _rare: dict[Hashable, Prints] = field(default_factory=dict, repr=False)
    _common: dict[Hashable, Prints] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._row.update({k: i for i, k in enumerate(self.keys)})

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self._row

    def row(self, key: Hashable) -> int:
        """The report's place in the index (its order among the keys)."""
        return self._row[key]

    def df(self, hashes: np.ndarray) -> np.ndarray:
        """How many reports hold each of these fingerprints."""
        lo = np.searchsorted(self.hashes, hashes, side="left")
        hi = np.searchsorted(self.hashes, hashes, side="right")
        return (hi - lo).astype(np.int64)

    def boilerplate(self, key: Hashable) -> Prints:
        """A report's fingerprints that are 通用表述 (every place, not only the first); kept for
        the next lookups (a first build asks for each report's hundreds of times)."""
        if key not in self._common:
            p = self.prints[key]
            common = self.df(p.hashes) >= self.boilerplate_df
            self._common[key] = Prints(p.hashes[common], p.positions[common])
        return self._common[key]

    def rare(self, key: Hashable) -> Prints:
        """A report's fingerprints once each that are not 通用表述, sorted by hash (kept)."""
        if key not in self._rare:
            p = self.firsts(key)
            keep = self.df(p.hashes) < self.boilerplate_df
            self._rare[key] = Prints(p.hashes[keep], p.positions[keep])
        return self._rare[key]

    def firsts(self, key: Hashable) -> Prints:
        """A report's fingerprints once each, sorted by hash (kept for the next lookups)."""
        if key not in self._firsts:
            self._firsts[key] = _unique_first(self.prints[key])
        return self._firsts[key]

    def seeds(self, a: Hashable, b: Hashable) -> list[tuple[int, int]]:
        """(place in A, place in B) of each fingerprint both share that is not 通用表述."""
        pa, pb = self.rare(a), self.rare(b)
        _, ia, ib = np.intersect1d(pa.hashes, pb.hashes, assume_unique=True, return_indices=True)
        return list(zip(pa.positions[ia].tolist(), pb.positions[ib].tolist(), strict=True))

    def partners(self, key: Hashable) -> dict[Hashable, int]:
        """Reports sharing at least MIN_SEEDS fingerprints (not 通用表述) with `key` -> how many."""
        own = self.firsts(key).hashes
        lo = np.searchsorted(self.hashes, own, side="left")
        hi = np.searchsorted(self.hashes, own, side="right")
        rare = (hi - lo >= 2) & (hi - lo < self.boilerplate_df)
        me = self._row[key]
        counts: Counter[int] = Counter()
        for start, stop in zip(lo[rare].tolist(), hi[rare].tolist(), strict=True):
            counts.update(self.owners[start:stop].tolist())
        counts.pop(me, None)
        return {self.keys[r]: n for r, n in counts.items() if n >= MIN_SEEDS}

    def candidate_pairs(self) -> Iterator[tuple[Hashable, Hashable]]:
        """Every pair of reports sharing at least MIN_SEEDS fingerprints that are not 通用表述."""
        if len(self.hashes) == 0:
            return
        starts = np.flatnonzero(np.concatenate(([True], self.hashes[1:] != self.hashes[:-1])))
        sizes = np.diff(np.concatenate((starts, [len(self.hashes)])))
        rare = (sizes >= 2) & (sizes < self.boilerplate_df)
        counts: Counter[tuple[int, int]] = Counter()
        for start, size in zip(starts[rare].tolist(), sizes[rare].tolist(), strict=True):
            group = sorted(self.owners[start : start + size].tolist())
            counts.update(combinations(group, 2))
        for (x, y), n in sorted(counts.items()):
            if n >= MIN_SEEDS:
                yield self.keys[x], self.keys[y]

    def with_report(self, key: Hashable, prints: Prints) -> OverlapIndex:
        """This index with one report added (or replaced): only its fingerprints are inserted."""
        base = self.without_report(key) if key in self else self
        own = _unique_first(prints).hashes
        at = np.searchsorted(base.hashes, own)
        keys = (*base.keys, key)
        return OverlapIndex(
            keys=keys,
            prints={**base.prints, key: prints},
            hashes=np.insert(base.hashes, at, own),
            owners=np.insert(base.owners, at, np.int32(len(keys) - 1)),
            boilerplate_df=base.boilerplate_df,
        )

    def without_report(self, key: Hashable) -> OverlapIndex:
        """This index with one report taken out (the others keep their fingerprints)."""
        row = self._row[key]
        keep = self.owners != row
        owners = self.owners[keep]
        owners = np.where(owners > row, owners - 1, owners).astype(np.int32)
        return OverlapIndex(
            keys=tuple(k for k in self.keys if k != key),
            prints={k: p for k, p in self.prints.items() if k != key},
            hashes=self.hashes[keep],
            owners=owners,
            boilerplate_df=self.boilerplate_df,
        )

    def with_boilerplate_df(self, df: int) -> OverlapIndex:
        """The same index with another 通用表述 threshold (at least 2: one report is no copy)."""
        if df < 2:
            raise ValueError(f"通用表述的门槛至少为 2 份报告（收到 {df}）")
        return OverlapIndex(self.keys, self.prints, self.hashes, self.owners, int(df))


def build_index(
    prints: Mapping[Hashable, Prints], boilerplate_df: int | None = None
) -> OverlapIndex:
    """The index over these reports' fingerprints; the 通用表述 threshold defaults to
    `default_boilerplate_df` of the corpus size."""
    keys = tuple(prints)
    uniq = [_unique_first(prints[k]).hashes for k in keys]
    hashes = np.concatenate(uniq) if uniq else np.zeros(0, np.int64)
    owners = (
        np.repeat(np.arange(len(keys), dtype=np.int32), [len(u) for u in uniq])
        if uniq
        else np.zeros(0, np.int32)
    )
    order = np.argsort(hashes, kind="stable")
    df = default_boilerplate_df(len(keys)) if boilerplate_df is None else boilerplate_df
    return OverlapIndex(keys, dict(prints), hashes[order], owners[order], max(2, int(df)))
