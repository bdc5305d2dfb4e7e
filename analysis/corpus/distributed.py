"""Batch analysis on a Dask cluster: `store_analysis.analyze_missing` sends its batches to the
cluster's workers instead of the local process pool, and writes what comes back exactly as it
writes the pool's results (same batches, same task: `report_results.results_of`, which returns
each report's stored analysis, facts and theme results).

`dask[distributed]` is imported only when a cluster is asked for, so the package works without it.
Workers need this project importable (installed, or started from its directory) and its data
files: they run `results_of` on batches of reports, one report after another.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from analysis.core.models import AnalysisError
from analysis.core.resources import ResourceTexts

if TYPE_CHECKING:
    from analysis.corpus.store_analysis import MapBatches, Runner
    from analysis.store.report_results import Job, ReportResult

logger = logging.getLogger(__name__)

LOCAL = "local"  # --dask local: a LocalCluster on this machine
CONNECT_TIMEOUT = "10s"  # a scheduler that does not answer by then is reported as unreachable


def _distributed() -> Any:
    """The dask.distributed module, or a Chinese error naming the missing package."""
    try:
        import dask.distributed
    except ImportError:
        raise AnalysisError(
            "未安装 Dask，无法使用 --dask：请先安装 pip install 'dask[distributed]'。"
        ) from None
    return dask.distributed


@contextmanager
def connect(address: str, workers: int | None = None) -> Iterator[Any]:
    """A Client on the scheduler at `address` (tcp://HOST:8786), or on a LocalCluster of
    `workers` single-threaded processes when `address` is "local"; closed on exit."""
    dd = _distributed()
    if address == LOCAL:
        with dd.LocalCluster(
            n_workers=max(1, workers or 2),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster, dd.Client(cluster) as client:  # fmt: skip
            yield client
        return
    try:
        client = dd.Client(address, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise AnalysisError(f"无法连接 Dask 调度器 {address}：{exc}") from None
    try:
        yield client
    finally:
        client.close()


def dask_runner(address: str, workers: int | None = None) -> Runner:
    """A runner for `store_analysis.analyze_missing` on the cluster at `address` ("local": a
    LocalCluster of `workers` processes): connects when first used (never when nothing is
    missing), results come back in order, a batch at a time."""
    from analysis.store.report_results import results_of

    @contextmanager
    def run(texts: ResourceTexts) -> Iterator[MapBatches]:
        with connect(address, workers) as client:
            logger.info("Dask：报告交给 %s 分析", address)
            shared = client.scatter(texts, broadcast=True)  # the resources travel once per worker

            def map_batches(parts: Sequence[Sequence[Job]]) -> Iterator[list[ReportResult]]:
                futures = client.map(results_of, list(parts), texts=shared, pure=False)
                yield from _in_order(futures)

            yield map_batches

    return run


def _in_order(futures: list[Any]) -> Iterator[Any]:
    """Each future's result in the futures' order, taken as they finish (released once read)."""
    dd = _distributed()
    order = {f.key: i for i, f in enumerate(futures)}
    done: dict[int, Any] = {}
    nxt = 0
    for future in dd.as_completed(futures):
        done[order[future.key]] = future.result()
        future.release()
        while nxt in done:
            yield done.pop(nxt)
            nxt += 1
