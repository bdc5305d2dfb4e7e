"""The benchmark's store: a fresh SQLite file or PostgreSQL schema, measured and removed after."""

from __future__ import annotations

import os

import pytest

from analysis.store.database import CorpusStore
from bench.generate import fill_store, generate_corpus
from bench.measure import bench_store, store_mb


@pytest.mark.backends
def test_bench_store_is_fresh_measured_and_removed(backend, tmp_path, request):
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    with bench_store(server[0] if server else None, tmp_path) as db:
        store = CorpusStore(db)
        assert store.list_reports().empty
        empty = store_mb(db)
        fill_store(store, generate_corpus(3, 0))
        assert store_mb(db) > empty
    assert list(tmp_path.iterdir()) == []
    if server:
        gone = "SELECT count(*) FROM pg_namespace WHERE nspname = %s"
        assert server[1].execute(gone, [f"bench_{os.getpid()}"]).fetchone() == (0,)
