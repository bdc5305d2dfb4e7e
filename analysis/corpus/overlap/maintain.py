"""The stored 雷同检测 rows kept in step with the store: pairs and each report's 文字复制比, written
by the same checker (analysis.corpus.overlap.check) the CLI and the export use.

`update` is the one entry: after reports are saved (upload, CLI ingest, samples) it aligns only the
new reports' candidate pairs against the index and writes their rows, and recomputes the 文字复制比
of the reports they pair with; reports deleted since have their rows removed and their partners'
shares recomputed. With nothing changed it is two queries and no index.

Thresholds (document frequency of 通用表述): the maintained set is computed with the corpus' default
threshold when first built and recorded with its rows; it stays until recomputed (`python -m
analysis.corpus.overlap.backfill --recompute`, or the page's button), because adding reports moves
the default by one per 100 reports. Another threshold chosen on the page is a set of its own,
computed once over the whole store (in the background there) and kept up to date like the
maintained one. The 文字复制比 floor of the page only filters rows (never a computation).

Between recomputes one approximation is accepted: when a new report makes a fingerprint 通用表述,
the shares of the reports holding it are recomputed, but their pairs with other old reports are
not re-aligned (a passage of those pairs may still count those 13 characters).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.corpus.overlap.check import OverlapChecker, PairOverlap, Passage, ReportCheck, chained
from analysis.corpus.overlap.index import OverlapIndex, default_boilerplate_df
from analysis.corpus.overlap.stored import StoreTexts, refresh_index
from analysis.store import overlap_rows as rows
from analysis.store.database import CorpusStore

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_BATCH = 500  # reports whose rows are written in one transaction
_SPAN = np.dtype("<i4")  # a passage packed as 5 int32: a_start, a_end, b_start, b_end, chars


@dataclass(frozen=True)
class Update:
    """What one `update` did under one threshold."""

    threshold: int
    added: int  # reports whose pairs were computed
    removed: int  # reports whose rows were removed
    pairs: int  # pair rows written
    shares: int  # 文字复制比 rows written


def pack_spans(passages: Sequence[Passage]) -> bytes:
    """Passages as bytes for the store (original text offsets in both reports)."""
    flat = [v for q in passages for v in (q.a_start, q.a_end, q.b_start, q.b_end, q.chars)]
    return np.asarray(flat, dtype=_SPAN).tobytes()


def unpack_spans(data: bytes) -> tuple[Passage, ...]:
    """Passages read back from `pack_spans`."""
    values = np.frombuffer(data, dtype=_SPAN)
    if len(values) % 5:
        raise ValueError("stored passages are not a whole number of spans")
    return tuple(Passage(*map(int, values[i : i + 5])) for i in range(0, len(values), 5))


def to_row(pair: PairOverlap) -> rows.PairRow:
    """A pair as stored: the smaller report id first."""
    p = pair if int(str(pair.a)) < int(str(pair.b)) else pair.flipped()
    return rows.PairRow(
        int(str(p.a)),
        int(str(p.b)),
        p.chars_a,
        p.chars_b,
        p.shared_a,
        p.shared_b,
        round(p.share, 6),
        len(p.passages),
        pack_spans(p.passages),
    )


def from_row(row: rows.PairRow) -> PairOverlap:
    """A stored pair as the checker's PairOverlap (report ids as keys)."""
    return PairOverlap(
        row.a,
        row.b,
        row.chars_a,
        row.chars_b,
        row.shared_a,
        row.shared_b,
        unpack_spans(row.spans),
    )


def share_of(check: ReportCheck) -> rows.ShareRow:
    """A report's check as its stored 文字复制比 row."""
    return rows.ShareRow(
        int(str(check.key)),
        check.compared,
        check.shared,
        check.boilerplate,
        len(check.pairs),
        round(check.share, 6),
    )


def stored_sets(store: CorpusStore) -> dict[int, bool]:
    """threshold -> whether it is the maintained set, for every threshold with rows."""
    return rows.sets(store)


def maintained_threshold(store: CorpusStore) -> int | None:
    """The threshold whose rows are kept on every save (None before the first build)."""
    kept = [t for t, m in rows.sets(store).items() if m]
    return kept[0] if kept else None


def _live_ids(store: CorpusStore) -> set[int]:
    return set(rows.live_hashes(store))


def pending(store: CorpusStore, threshold: int) -> tuple[set[int], set[int]]:
    """(live reports without rows, reports with rows no longer live) under this threshold."""
    live, done = _live_ids(store), rows.checked_ids(store, threshold)
    return live - done, done - live


def update(
    store: CorpusStore,
    index: OverlapIndex | None = None,
    threshold: int | None = None,
    progress: Progress | None = None,
) -> tuple[OverlapIndex | None, list[Update]]:
    """Bring every stored threshold's rows up to the store's live reports (the maintained one
    created at the corpus' default threshold when there is none, and `threshold`'s set when
    given); returns the index used (`index` itself when nothing was to do)."""
    known = rows.sets(store)
    if not any(known.values()):
        rows.set_maintained(store, default_boilerplate_df(len(_live_ids(store))), True)
    if threshold is not None and int(threshold) not in known:
        rows.set_maintained(store, int(threshold), False)
    done: list[Update] = []
    for t, _ in sorted(rows.sets(store).items(), key=lambda tm: not tm[1]):
        new, gone = pending(store, t)
        if new or gone:
            index = refresh_index(store, index, t)
            done.append(_update_one(store, index, t, new, gone, progress))
    return index, done


def _update_one(
    store: CorpusStore,
    index: OverlapIndex,
    threshold: int,
    new: set[int],
    gone: set[int],
    progress: Progress | None,
) -> Update:
    """One threshold's rows: `gone` removed, `new` aligned and written, partners' shares redone."""
    checker = OverlapChecker(index, StoreTexts(store))
    touched = rows.remove_reports(store, threshold, sorted(gone)) if gone else set()
    adding = sorted(k for k in new if k in index)
    if len(adding) > max(50, len(index) // 2):
        pairs = _all_pairs(store, checker, threshold, touched, progress)
    else:
        pairs = _pairs_of_new(store, checker, threshold, adding, touched, progress)
    touched |= _crossed(index, adding)
    touched = {k for k in touched if k in index} | set(adding)
    shares = _write_shares(store, checker, threshold, sorted(touched))
    logger.info(
        "雷同检测 rows at threshold %d: %d reports added, %d removed, %d pairs, %d shares",
        threshold,
        len(adding),
        len(gone),
        pairs,
        shares,
    )
    return Update(threshold, len(adding), len(gone), pairs, shares)


def _crossed(index: OverlapIndex, adding: Sequence[int]) -> set[int]:
    """Reports holding a fingerprint that the new reports just made 通用表述 (its document
    frequency reached the threshold): their 通用表述 share changed, so their rows are redone."""
    if not adding or len(adding) > max(50, len(index) // 2):
        return set()
    own = np.unique(np.concatenate([index.firsts(k).hashes for k in adding]))
    lo = np.searchsorted(index.hashes, own, side="left")
    hi = np.searchsorted(index.hashes, own, side="right")
    at = (hi - lo) == index.boilerplate_df
    return {
        int(str(index.keys[r]))
        for start, stop in zip(lo[at].tolist(), hi[at].tolist(), strict=True)
        for r in index.owners[start:stop].tolist()
    }


def _pairs_of_new(
    store: CorpusStore,
    checker: OverlapChecker,
    threshold: int,
    adding: Sequence[int],
    touched: set[int],
    progress: Progress | None,
) -> int:
    """The pairs of each new report with every report of the index written (each pair once);
    the reports they hold added to `touched`; how many."""
    index, seen, batch, written = checker.index, set[tuple[int, int]](), list[PairOverlap](), 0
    for n, key in enumerate(adding, start=1):
        partners = []
        for k in index.partners(key):
            other = int(str(k))
            if (min(key, other), max(key, other)) not in seen:
                seen.add((min(key, other), max(key, other)))
                if chained(index.seeds(key, other)):
                    partners.append(other)
        checker.normalised([key, *partners])  # one read for all of them
        batch += [p for other in partners if (p := checker.pair(key, other))]
        if len(batch) >= _BATCH or n == len(adding):
            written += _save_pairs(store, threshold, batch, touched)
            batch = []
        if progress:
            progress(n, len(adding))
    return written


def _save_pairs(
    store: CorpusStore, threshold: int, pairs: Sequence[PairOverlap], touched: set[int]
) -> int:
    """Write pair rows; the reports they hold added to `touched`."""
    stored = [to_row(p) for p in pairs]
    rows.save_rows(store, threshold, stored, [])
    touched.update(k for r in stored for k in (r.a, r.b))
    return len(stored)


def _all_pairs(
    store: CorpusStore,
    checker: OverlapChecker,
    threshold: int,
    touched: set[int],
    progress: Progress | None,
) -> int:
    """Every candidate pair of the index aligned and written, batch by batch (a first build)."""
    batch: list[tuple[Hashable, Hashable]] = []
    candidates = list(checker.index.candidate_pairs())
    written = 0
    for n, (a, b) in enumerate(candidates, start=1):
        if chained(checker.index.seeds(a, b)):
            batch.append((a, b))
        if len(batch) >= 1000 or n == len(candidates):
            written += _save_pairs(store, threshold, checker.aligned(batch), touched)
            batch = []
            if progress:
                progress(n, len(candidates))
    return written


def _write_shares(
    store: CorpusStore, checker: OverlapChecker, threshold: int, keys: Sequence[int]
) -> int:
    """The 文字复制比 rows of these reports, from every stored pair they are in."""
    written = 0
    for i in range(0, len(keys), _BATCH):
        chunk = list(keys[i : i + _BATCH])
        by_key: dict[int, list[PairOverlap]] = {k: [] for k in chunk}
        for row in rows.pairs_of(store, threshold, chunk):
            pair = from_row(row)
            for k in (row.a, row.b):
                if k in by_key:
                    by_key[k].append(pair)
        readable = checker.normalised(chunk)  # their texts read at once (a report gone: none)
        shares = [share_of(checker.report_check(k, by_key[k])) for k in chunk if k in readable]
        rows.save_rows(store, threshold, [], shares)
        written += len(shares)
    return written


def recompute(
    store: CorpusStore,
    threshold: int,
    index: OverlapIndex | None = None,
    progress: Progress | None = None,
) -> OverlapIndex | None:
    """Every row of one threshold computed anew (a drifted default, or a set made stale)."""
    maintained = rows.sets(store).get(int(threshold), maintained_threshold(store) is None)
    rows.drop_set(store, int(threshold))
    rows.set_maintained(store, threshold, maintained)
    index, _ = update(store, index, threshold, progress)
    return index


def drop_set(store: CorpusStore, threshold: int) -> None:
    """Remove one threshold's rows (a drifted default replaced by the current one)."""
    rows.drop_set(store, int(threshold))
