"""Batch analysis on Dask: `ingest --dask local` stores exactly the analyses the local pool stores."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core.models import AnalysisError
from analysis.core.resources import default_texts
from analysis.corpus import distributed
from analysis.corpus.distributed import dask_runner
from analysis.corpus.loading import resource_texts
from analysis.corpus.store_analysis import analyze_missing, batches_of, local_runner
from analysis.store.database import CorpusStore
from analysis.store.report_results import results_of
from analysis.text.pipeline import cache_key
from bench.store_dump import dump_store

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = [str(p) for p in sorted((ROOT / "data" / "samples").glob("*.txt"))]


def stored_analyses(db: Path) -> dict[str, dict]:
    """sha256 -> the analysis the store holds for it, under the store's cache key."""
    store = CorpusStore(str(db))
    shas = list(store.list_reports()["sha256"])
    return store.cached_analyses(cache_key(resource_texts(store)), shas)


def ingest(*args: str) -> subprocess.CompletedProcess:
    """`python -m analysis ingest` in a fresh process (no analyses parsed earlier in it)."""
    cmd = [sys.executable, "-m", "analysis", "ingest", *SAMPLES, *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_local_cluster_stores_the_same_analyses_as_the_pool(tmp_path):
    pytest.importorskip("dask.distributed")
    pool = ingest("--db", str(tmp_path / "pool.db"), "--workers", "1")
    assert pool.returncode == 0, pool.stderr
    cluster = ingest("--db", str(tmp_path / "dask.db"), "--dask", "local", "--workers", "2")
    assert cluster.returncode == 0, cluster.stderr
    assert "已分析并缓存 5 份报告" in cluster.stderr
    expected = stored_analyses(tmp_path / "pool.db")
    assert len(expected) == len(SAMPLES)
    assert stored_analyses(tmp_path / "dask.db") == expected
    # facts and theme hits too: the whole store, row for row (timestamps aside)
    assert dump_store(tmp_path / "dask.db") == dump_store(tmp_path / "pool.db")


def test_dask_runner_gives_the_local_runners_store(tmp_path):
    pytest.importorskip("dask.distributed")
    from bench.generate import fill_store, generate_corpus

    fill_store(CorpusStore(tmp_path / "template.db"), generate_corpus(30, seed=11))
    for name in ("pool.db", "dask.db"):
        shutil.copy(tmp_path / "template.db", tmp_path / name)
    assert analyze_missing(CorpusStore(tmp_path / "pool.db"), local_runner(2)) == 30
    assert analyze_missing(CorpusStore(tmp_path / "dask.db"), dask_runner("local", 2)) == 30
    pool, dask = dump_store(tmp_path / "pool.db"), dump_store(tmp_path / "dask.db")
    assert len(pool["children"]["report_themes"]) == 30
    assert dask == pool


def test_unreachable_scheduler_is_a_chinese_error(tmp_path):
    pytest.importorskip("dask.distributed")
    out = ingest("--db", str(tmp_path / "c.db"), "--dask", "tcp://127.0.0.1:9")
    assert out.returncode == 2
    assert "无法连接 Dask 调度器" in out.stderr and "Traceback" not in out.stderr


def test_nothing_missing_needs_no_cluster(tmp_path):
    # nothing to analyze: no connection is attempted, even to an address that does not exist
    store = CorpusStore(tmp_path / "empty.db")
    assert analyze_missing(store, dask_runner("tcp://192.0.2.1:8786")) == 0


def test_missing_dask_is_a_chinese_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(AnalysisError, match="未安装 Dask"):
        distributed._distributed()


def test_a_scheduler_address_gives_what_the_pool_gives():
    dd = pytest.importorskip("dask.distributed")
    texts = default_texts()
    jobs = [
        (f"r{i}", Path(p).read_text("utf-8"), (), "机关第一党支部", "某某公司")
        for i, p in enumerate(SAMPLES[:3])
    ]
    expected = results_of(jobs, texts)
    with dd.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        with dask_runner(cluster.scheduler_address)(texts) as run:
            got = [r for batch in run(batches_of(jobs, 2)) for r in batch]
    assert got == expected
    assert all(r.analysis is not None for r in expected)
