"""bench.coldstart: the store it is given reaches the app exactly as given."""

from __future__ import annotations

from pathlib import Path

import pytest

import deploy.start
from bench import coldstart, load


class _Served(Exception):
    """Raised by the stand-in for load.serve: the store it received is recorded, nothing runs."""


@pytest.mark.parametrize(
    "db",
    [
        "postgresql://dj_test:dj_test@127.0.0.1:5432/dj_test?options=-csearch_path%3Dingest10k",
        "postgres://用户:口令@数据库主机/党建",
        "/work/bench_data/ingest/10k.db",
    ],
)
def test_the_store_reaches_the_app_unchanged(db, monkeypatch, tmp_path):
    seen: list[object] = []

    def serve(store: Path | str, logs: Path, proxy: int = 0):
        seen.append(store)
        raise _Served

    monkeypatch.setattr(load, "serve", serve)
    monkeypatch.setattr(deploy.start, "ROOT", deploy.start.ROOT)  # measure() points it at src
    with pytest.raises(_Served):
        coldstart.measure(db, Path(tmp_path), repeat=1, overlap=False)
    assert [str(s) for s in seen] == [db]
