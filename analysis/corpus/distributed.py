"""Batch analysis on a Dask cluster: the per-report analysis runs on the cluster's workers, the
results come back to this process, which writes them through the same save path as the local
process pool (`load_corpus(..., analyze=...)`).

`dask[distributed]` is imported only when a cluster is asked for, so the package works without it.
Workers need this project importable (installed, or started from its directory) and its data
files: they run `analyze_for_store` on batches of reports, one report after another.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from analysis.core.models import Analysis, AnalysisError
from analysis.core.resources import ResourceTexts
from analysis.text.pipeline import Hints, analyze_for_store

if TYPE_CHECKING:
    from analysis.corpus.store_analysis import MapBatches, Runner
    from analysis.store.report_results import Job, ReportResult

logger = logging.getLogger(__name__)

LOCAL = "local"  # --dask local: a LocalCluster on this machine
BATCH = 25  # reports per task: amortizes the scheduler's per-task cost (~1 ms) over ~50 ms of work
CONNECT_TIMEOUT = "10s"  # a scheduler that does not answer by then is reported as unreachable

Items = Mapping[str, tuple[str, Hints]]
Stored = tuple[str, bytes | None, Analysis]
Analyzer = Callable[[Items, ResourceTexts, "int | None"], Iterator[Stored]]


def _distributed() -> Any:
    """The dask.distributed module, or a Chinese error naming the missing package."""
    try:
        import dask.distributed
    except ImportError:
        raise AnalysisError(
            "未安装 Dask，无法使用 --dask：请先安装 pip install 'dask[distributed]'。"
        ) from None
    return dask.distributed


def analyze_batch(batch: Sequence[tuple[str, tuple[str, Hints]]], texts: ResourceTexts):
    """Run on a worker: the stored form of each report of the batch, in order (one process)."""
    return list(analyze_for_store(dict(batch), texts, workers=1))


def batches(items: Items, size: int = BATCH) -> list[list[tuple[str, tuple[str, Hints]]]]:
    """The items cut into lists of at most `size`, in order."""
    pairs = list(items.items())
    return [pairs[i : i + size] for i in range(0, len(pairs), size)]


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


def analyze_on_client(client: Any, items: Items, texts: ResourceTexts) -> Iterator[Stored]:
    """(sha256, stored bytes or None, Analysis) per item, in the items' order, as the local pool
    yields them (`analyze_for_store`); batches are computed on the cluster as they finish."""
    if not items:
        return
    shared = client.scatter(texts, broadcast=True)  # the resources travel once per worker
    futures = client.map(analyze_batch, batches(items), texts=shared, pure=False)
    for batch in _in_order(futures):  # in order, like the process pool's map
        yield from batch


def dask_runner(address: str, workers: int | None = None) -> Runner:
    """A runner for `store_analysis.analyze_missing`: the same batches and the same task as the
    local pool (`report_results.results_of`), on the cluster at `address` ("local": a
    LocalCluster of `workers` processes); results come back in order, a batch at a time."""
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


def dask_analyzer(address: str, workers: int | None = None) -> Analyzer:
    """An `analyze` for `load_corpus`: connects when called, analyzes there, then disconnects."""

    def analyze(
        items: Items, texts: ResourceTexts, _workers: int | None = None
    ) -> Iterator[Stored]:
        if not items:
            return
        with connect(address, workers) as client:
            logger.info("Dask：%d 份报告交给 %s 分析", len(items), address)
            yield from analyze_on_client(client, items, texts)

    return analyze
