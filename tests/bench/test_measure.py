"""The benchmark's store: a fresh SQLite file or PostgreSQL schema, measured and removed after."""

from __future__ import annotations

import os

from analysis.store import CorpusStore
from bench.generate import fill_store, generate_corpus
from bench.measure import bench_store, store_mb


def test_sqlite_bench_store_is_fresh_and_removed(tmp_path):
    with bench_store(None, tmp_path) as db:
        store = CorpusStore(db)
        assert store.list_reports().empty
        empty = store_mb(db)
        fill_store(store, generate_corpus(3, 0))
        assert store_mb(db) > empty
    assert list(tmp_path.iterdir()) == []


def test_postgresql_bench_store_is_fresh_and_removed(pg_server):
    url, admin = pg_server
    with bench_store(url, None) as db:
        store = CorpusStore(db)
        assert store.list_reports().empty
        empty = store_mb(db)
        fill_store(store, generate_corpus(3, 0))
        assert store_mb(db) > empty
    left = admin.execute(
        "SELECT count(*) FROM pg_namespace WHERE nspname = %s", [f"bench_{os.getpid()}"]
    ).fetchone()
    assert left == (0,)
