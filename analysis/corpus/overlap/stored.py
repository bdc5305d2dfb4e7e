"""The index of a stored corpus: fingerprints read from the store, those of reports added since
computed and saved, those of reports deleted left out (the store's report hashes decide).

`sync_index` is what the pages and `analysis overlap --db` call; `add_report` is the incremental
step the save path can call after storing one report.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Mapping, Sequence

import pandas as pd

from analysis.corpus.overlap.check import OverlapChecker
from analysis.corpus.overlap.index import OverlapIndex, build_index
from analysis.corpus.overlap.normalise import normalise
from analysis.corpus.overlap.prints import VERSION, Prints, winnow
from analysis.store import fingerprints, overlap_rows
from analysis.store.database import CorpusStore

logger = logging.getLogger(__name__)


def text_prints(text: str) -> Prints:
    """The fingerprints of one report text."""
    return winnow(normalise(text).text)


def _live(store: CorpusStore) -> pd.Series:
    """report id -> sha256 of every report not in the trash."""
    live = overlap_rows.live_hashes(store)
    return pd.Series(list(live.values()), index=list(live), dtype=object)


def stored_prints(store: CorpusStore, shas: Sequence[str]) -> dict[str, Prints]:
    """sha256 -> fingerprints of these reports: read when stored, else computed and saved."""
    rows = fingerprints.load_prints(store, VERSION, shas)
    missing = [s for s in shas if s not in rows]
    if missing:
        logger.info("computing fingerprints of %d report(s)", len(missing))
        fresh = {
            sha: text_prints(text).to_bytes()
            for sha, (text, _) in store.texts_by_hash(missing).items()
        }
        fingerprints.save_prints(store, VERSION, fresh)
        rows.update(fresh)
    return {sha: Prints.from_bytes(*rows[sha]) for sha in shas if sha in rows}


def sync_index(store: CorpusStore, boilerplate_df: int | None = None) -> OverlapIndex:
    """The index over the store's live reports, keyed by report id."""
    live = _live(store)
    prints = stored_prints(store, list(dict.fromkeys(live.tolist())))
    return build_index(
        {_report_id(rid): prints[sha] for rid, sha in live.items() if sha in prints}, boilerplate_df
    )


def refresh_index(
    store: CorpusStore, previous: OverlapIndex | None, boilerplate_df: int | None = None
) -> OverlapIndex:
    """`previous` brought up to the store's live reports: reports deleted since taken out, those
    added inserted (their fingerprints read or computed); built anew when most changed."""
    if previous is None:
        return sync_index(store, boilerplate_df)
    live = _live(store)
    ids = {_report_id(r): str(sha) for r, sha in live.items()}
    gone = [k for k in previous.keys if k not in ids]
    new = [r for r in ids if r not in previous]
    if len(gone) + len(new) > max(50, len(ids) // 10):
        return sync_index(store, boilerplate_df)
    index = previous
    for key in gone:
        index = index.without_report(key)
    prints = stored_prints(store, [ids[r] for r in new])
    for rid in new:
        if ids[rid] in prints:
            index = index.with_report(rid, prints[ids[rid]])
    if boilerplate_df is not None and boilerplate_df != index.boilerplate_df:
        index = index.with_boilerplate_df(boilerplate_df)
    return index


def add_report(store: CorpusStore, index: OverlapIndex, report_id: int) -> OverlapIndex:
    """`index` with one stored report added: its fingerprints computed, saved and inserted."""
    sha = store.get(report_id).sha256
    return index.with_report(int(report_id), stored_prints(store, [sha])[sha])


def _report_id(key: Hashable) -> int:
    """A key of the store's index: a report id."""
    if isinstance(key, int | str):
        return int(key)
    raise TypeError(f"not a report id: {key!r}")


class StoreTexts:
    """Report texts by id, read from the store in batches when a check needs them."""

    def __init__(self, store: CorpusStore):
        self._store = store
        self._sha = _live(store)

    def __call__(self, keys: Sequence[Hashable]) -> Mapping[Hashable, str]:
        ids = {k: _report_id(k) for k in keys}
        if any(i not in self._sha.index for i in ids.values()):
            self._sha = _live(self._store)  # a report added since: read the listing again
        wanted = {k: str(self._sha[i]) for k, i in ids.items() if i in self._sha.index}
        texts = self._store.texts_by_hash(list(set(wanted.values())))
        return {k: texts[sha][0] for k, sha in wanted.items() if sha in texts}


def store_checker(store: CorpusStore, boilerplate_df: int | None = None) -> OverlapChecker:
    """A checker over the store's live reports (fingerprints synced first)."""
    return OverlapChecker(sync_index(store, boilerplate_df), StoreTexts(store))
