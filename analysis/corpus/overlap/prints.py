"""Fingerprints of a matching text: winnowing over character n-grams.

Every K-character n-gram gets a 63-bit hash (the same on every machine and run, so the store can
keep them); of each window of W consecutive n-grams the smallest hash is kept. Two texts sharing a
run of at least K + W - 1 matching characters therefore share at least one fingerprint; shorter
runs often do too. K and W are measured in bench/overlap.py (figures in bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

K = 13  # characters per n-gram: shorter ones recur by chance between unrelated reports
W = 10  # n-grams per window: a shared run of K + W - 1 = 22 characters is always seen
VERSION = f"winnow-k{K}-w{W}-v1"  # stored with the fingerprints: a change recomputes them
_BASE = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, eq=False)
class Prints:
    """A report's fingerprints: hashes (int64) and where each n-gram starts in the matching text."""

    hashes: np.ndarray
    positions: np.ndarray

    def __len__(self) -> int:
        return len(self.hashes)

    def to_bytes(self) -> tuple[bytes, bytes]:
        """(hashes, positions) as little-endian bytes, for the store."""
        return (
            self.hashes.astype("<i8").tobytes(),
            self.positions.astype("<i4").tobytes(),
        )

    @classmethod
    def from_bytes(cls, hashes: bytes, positions: bytes) -> Prints:
        """Prints read back from `to_bytes`."""
        h = np.frombuffer(hashes, dtype="<i8").astype(np.int64)
        p = np.frombuffer(positions, dtype="<i4").astype(np.int32)
        if len(h) != len(p):
            raise ValueError("stored fingerprints and positions differ in length")
        return cls(h, p)


EMPTY = Prints(np.zeros(0, np.int64), np.zeros(0, np.int32))


def gram_hashes(text: str) -> np.ndarray:
    """The hash of every K-character n-gram of `text`, in order (empty when shorter than K)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - K + 1
    if n <= 0:
        return np.zeros(0, np.int64)
    h = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for j in range(K):
            h = h * _BASE + codes[j : j + n]
        h ^= h >> np.uint64(29)
        h *= _MIX
        h ^= h >> np.uint64(32)
    return (h >> np.uint64(1)).astype(np.int64)


def winnow(text: str) -> Prints:
    """The fingerprints of a matching text (see the module docstring)."""
    h = gram_hashes(text)
    if len(h) == 0:
        return EMPTY
    if len(h) <= W:
        at = np.array([int(np.argmin(h))], np.int32)
    else:
        windows = sliding_window_view(h, W)
        at = np.unique(windows.argmin(axis=1) + np.arange(len(windows))).astype(np.int32)
    return Prints(h[at], at)
