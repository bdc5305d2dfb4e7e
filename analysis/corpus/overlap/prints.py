"""Fingerprints of a matching text: winnowing over character n-grams.

Every K-character n-gram gets a 63-bit hash (the same on every machine and run, so the store can
keep them); of each window of W consecutive n-grams the smallest hash is kept. Two texts sharing a
run of at least K + W - 1 matching characters therefore share at least one fingerprint; shorter
runs often do too. K and W are measured in bench/overlap.py (figures in bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

K = 13  # characters per n-gram: shorter ones recur by chance between unrelated reports
W = 8  # n-grams per window: a shared run of K + W - 1 = 20 characters is always seen
VERSION = f"winnow-k{K}-w{W}-v2"  # stored with the fingerprints: a change recomputes them
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


def _window_minima(h: np.ndarray) -> np.ndarray:
    """Where each n-gram's hash is the smallest of some window of W holding it (W passes of
    numpy minimum and maximum instead of an argmin per window)."""
    n = len(h)
    lows = h[: n - W + 1].copy()  # lows[s] = min(h[s : s + W])
    for j in range(1, W):
        np.minimum(lows, h[j : j + n - W + 1], out=lows)
    pad = np.full(W - 1, np.iinfo(np.int64).min, np.int64)
    padded = np.concatenate((pad, lows, pad))
    best = padded[:n].copy()  # best[i] = max of lows[s] over the windows s holding i
    for j in range(1, W):
        np.maximum(best, padded[j : j + n], out=best)
    return np.flatnonzero(best == h).astype(np.int32)


def winnow(text: str) -> Prints:
    """The fingerprints of a matching text (see the module docstring)."""
    h = gram_hashes(text)
    if len(h) == 0:
        return EMPTY
    at = np.array([int(np.argmin(h))], np.int32) if len(h) <= W else _window_minima(h)
    return Prints(h[at], at)
