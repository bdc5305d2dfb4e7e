"""Analyse every stored report that has no analysis yet, streaming: a chunk of texts is read,
analysed in batches (a local process pool, or a Dask cluster: analysis/corpus/distributed.py),
and each batch's analyses, facts and theme results are written before the next; nothing is kept
in this process, so memory stays flat at 100,000 reports.

Both runners get the same batches of `BATCH` reports and run the same task
(`report_results.results_of`), so the stores they build are identical (tests/analysis/
test_store_analysis.py, test_distributed.py).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager

from analysis.core.resources import ResourceTexts
from analysis.core.workers import die_with_parent
from analysis.corpus.backfill import ensure_facts, ensure_theme_hits
from analysis.corpus.loading import resource_texts, theme_cache_key
from analysis.store import fact_queries as q
from analysis.store.database import CorpusStore
from analysis.store.report_results import (
    Job,
    ReportResult,
    ResultKeys,
    results_of,
    save_results,
)
from analysis.text.lexicon import build_lexicon
from analysis.text.pipeline import cache_key
from analysis.text.theme_dictionary import parse_theme_dictionary
from analysis.text.theme_results import themes_fingerprint

logger = logging.getLogger(__name__)

BATCH = 50  # reports per task: ~0.7 s of work, so a task's overhead (pickling, scheduling) is small
CHUNK = 2000  # texts read from the store at a time (the memory held in this process)
MapBatches = Callable[[Sequence[Sequence[Job]]], Iterator[list[ReportResult]]]
Runner = Callable[[ResourceTexts], AbstractContextManager[MapBatches]]
Progress = Callable[[int, int], None]

_TEXTS: ResourceTexts | None = None  # the resources of a pool worker (set by its initializer)


def _init_worker(parent: int, texts: ResourceTexts) -> None:
    """Pool initializer: die with the parent; keep the resources (sent once per worker)."""
    global _TEXTS
    die_with_parent(parent)
    _TEXTS = texts


def _pool_task(jobs: Sequence[Job]) -> list[ReportResult]:
    assert _TEXTS is not None
    return results_of(jobs, _TEXTS)


def local_runner(workers: int | None = None) -> Runner:
    """Batches on a pool of `workers` forked processes (default: all cores); one worker: here."""

    @contextmanager
    def run(texts: ResourceTexts) -> Iterator[MapBatches]:
        n = workers or os.cpu_count() or 1
        if n <= 1:
            yield lambda batches: (results_of(b, texts) for b in batches)
            return
        build_lexicon(texts)  # forked workers inherit it instead of each building their own
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else methods[0])
        with ProcessPoolExecutor(
            n, mp_context=ctx, initializer=_init_worker, initargs=(os.getpid(), texts)
        ) as pool:
            yield lambda batches: pool.map(_pool_task, batches)

    return run


def batches_of(jobs: Sequence[Job], size: int = BATCH) -> list[list[Job]]:
    """The jobs cut into lists of at most `size`, in order."""
    return [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]


def _jobs(store: CorpusStore, todo: Sequence[tuple[str, str, str]]) -> list[Job]:
    """(sha, text, hints, branch, organization) of these (sha, branch, organization)."""
    texts = store.texts_by_hash([sha for sha, _, _ in todo])
    return [(sha, *texts[sha], b, o) for sha, b, o in todo if sha in texts]


def _name(value: object) -> str:
    """A metadata name as facts_of reads it ('' for None/NaN)."""
    return value if isinstance(value, str) else ""


def cached_shas(store: CorpusStore, fingerprint: str) -> set[str]:
    """The reports with an analysis cached under `fingerprint` (their facts come from it)."""
    with store._read() as con:
        rows = con.execute("SELECT sha256 FROM analyses WHERE fingerprint = ?", (fingerprint,))
        return {str(r[0]) for r in rows.fetchall()}


def analyze_missing(
    store: CorpusStore,
    runner: Runner | None = None,
    texts: ResourceTexts | None = None,
    progress: Progress | None = None,
) -> int:
    """Analyse the live reports with neither an analysis nor facts under the current resources,
    writing each batch's analyses, facts and theme results as it comes; then derive facts and
    theme hits of the rest from what is cached (backfill). Returns how many were analysed."""
    texts = texts or resource_texts(store)
    key = cache_key(texts)
    d = parse_theme_dictionary(texts.themes)
    keys = ResultKeys(key, themes_fingerprint(d), theme_cache_key(key, d))
    cached = cached_shas(store, key)
    rows = q.without_facts(store, key)[["sha256", "branch", "organization"]]
    todo = [(str(sha), _name(b), _name(o)) for sha, b, o in rows.itertuples(index=False)]
    todo = [job for job in todo if job[0] not in cached]
    done = 0
    if todo:
        logger.info("analysing %d reports", len(todo))
        with (runner or local_runner())(texts) as run:
            for start in range(0, len(todo), CHUNK):
                for results in run(batches_of(_jobs(store, todo[start : start + CHUNK]))):
                    save_results(store, keys, results)
                    done += len(results)
                    if progress:
                        progress(done, len(todo))
    ensure_facts(store, texts)  # reports analysed before (cached without facts)
    ensure_theme_hits(store, texts, d)
    return done
