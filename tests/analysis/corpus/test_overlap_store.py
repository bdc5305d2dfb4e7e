"""雷同检测's fingerprints in the store: computed once per report, kept, read back, following the
store's additions and deletions, rebuilt when missing (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from analysis.core.models import Extracted
from analysis.corpus.overlap.prints import VERSION
from analysis.corpus.overlap.stored import add_report, refresh_index, store_checker, sync_index
from analysis.store import fingerprints
from tests.wording import own_text

pytestmark = pytest.mark.backends


def _add(store, name: str, text: str, **meta) -> int:
    return store.add(name, Extracted(text=text, fmt="txt", encoding="utf-8"), meta).report_id


@pytest.fixture
def corpus(store):
    """Three reports: the third copies a passage of the first."""
    a, b = own_text(1), own_text(2)
    ids = [
        _add(store, "甲.txt", a, branch="甲支部"),
        _add(store, "乙.txt", b, branch="乙支部"),
        _add(store, "丙.txt", own_text(3)[:400] + a[200:600], branch="丙支部"),
    ]
    return store, ids


def test_fingerprints_are_computed_once_and_read_back(corpus):
    store, ids = corpus
    first = sync_index(store)
    assert fingerprints.stored_count(store, VERSION) == 3
    again = sync_index(store)
    assert again.hashes.tolist() == first.hashes.tolist()
    pairs = store_checker(store).all_pairs()
    assert [(p.a, p.b) for p in pairs] == [(ids[0], ids[2])]


def test_deleted_reports_leave_the_index_and_purged_ones_the_table(corpus):
    store, ids = corpus
    sync_index(store)
    store.delete(ids[0])
    index = sync_index(store)
    assert ids[0] not in index and store_checker(store).all_pairs() == []
    store.purge(ids[0])
    assert fingerprints.drop_stale(store, VERSION) == 1
    assert fingerprints.stored_count(store, VERSION) == 2


def test_a_report_added_is_inserted_incrementally(corpus):
    store, ids = corpus
    index = sync_index(store)
    new = _add(store, "丁.txt", own_text(4)[:300] + own_text(2)[100:500])
    grown = add_report(store, index, new)
    assert grown.hashes.tolist() == sync_index(store).hashes.tolist()
    assert fingerprints.stored_count(store, VERSION) == 4


def test_missing_fingerprints_are_rebuilt_from_the_reports(corpus):
    store, _ = corpus
    before = sync_index(store).hashes.tolist()
    with store._tx() as con:
        con.execute(f"DELETE FROM {fingerprints.TABLE}")
    assert sync_index(store).hashes.tolist() == before
    assert fingerprints.stored_count(store, VERSION) == 3


def test_an_older_method_version_is_dropped(corpus):
    store, _ = corpus
    sync_index(store)
    fingerprints.save_prints(store, "old-method", {"0" * 64: (b"", b"")})
    assert fingerprints.drop_stale(store, VERSION) == 1


def test_refresh_follows_additions_and_deletions(corpus):
    store, ids = corpus
    old = sync_index(store)
    store.delete(ids[1])
    new = _add(store, "戊.txt", own_text(5))
    fresh = refresh_index(store, old, old.boilerplate_df)
    assert ids[1] not in fresh and new in fresh
    assert sorted(fresh.hashes.tolist()) == sorted(
        sync_index(store, old.boilerplate_df).hashes.tolist()
    )
    assert refresh_index(store, fresh, 7).boilerplate_df == 7
