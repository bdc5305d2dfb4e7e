"""One snapshot per page run: a page run asks the store for its revision once, and every cached
getter is keyed by that one snapshot (so a write by another instance mid-run cannot key one
page's caches to two revisions)."""

from __future__ import annotations

import pytest

from analysis.store.database import CorpusStore
from tests.app.helpers import open_app_page, routed_pages


@pytest.fixture
def revision_queries(monkeypatch):
    """A list that gets one entry per CorpusStore.revision() call."""
    calls: list[int] = []
    real = CorpusStore.revision

    def counted(self: CorpusStore) -> int:
        calls.append(1)
        return real(self)

    monkeypatch.setattr(CorpusStore, "revision", counted)
    return calls


@pytest.mark.parametrize("page", routed_pages())
def test_a_page_run_reads_the_store_revision_once(sample_db, revision_queries, page):
    at = open_app_page()
    revision_queries.clear()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert len(revision_queries) == 1, (
        f"{page}: {len(revision_queries)} revision queries in one run"
    )
