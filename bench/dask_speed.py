"""Batch analysis on a Dask LocalCluster vs the built-in process pool: the same stored reports,
the same batches, the same task (`report_results.results_of`), each writing into its own copy
of the store.

    python -m bench.dask_speed --n 10000 --workers 2

The Dask time includes starting the LocalCluster (reported separately). Both stores must end up
identical (analyses, facts, theme hits); prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(run: Callable[[], object]) -> dict[str, float]:
    """Wall and CPU seconds of `run()`: this process's, and its finished children's."""
    w0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    run()
    return {
        "wall_s": round(time.perf_counter() - w0, 2),
        "parent_cpu_s": round(time.process_time() - c0, 2),
        "children_cpu_s": round(_children_cpu() - k0, 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    from analysis.corpus.distributed import dask_runner
    from analysis.corpus.store_analysis import analyze_missing, local_runner
    from analysis.store.database import CorpusStore
    from bench.generate import fill_store, iter_corpus
    from bench.store_dump import dump_store

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=None, help="where the stores go (default: tmp)")
    args = parser.parse_args(argv)
    work = Path(args.dir or tempfile.mkdtemp(prefix="dask_speed_"))
    work.mkdir(parents=True, exist_ok=True)
    template = work / "template.db"
    if not template.exists():
        fill_store(CorpusStore(template), iter_corpus(args.n, args.seed))
    for name in ("pool.db", "dask.db"):
        shutil.copy(template, work / name)
    load = os.getloadavg()[0]
    pool = _timed(
        lambda: analyze_missing(CorpusStore(work / "pool.db"), local_runner(args.workers))
    )
    dask = _timed(
        lambda: analyze_missing(CorpusStore(work / "dask.db"), dask_runner("local", args.workers))
    )
    same = dump_store(work / "pool.db") == dump_store(work / "dask.db")
    result = {
        "n": args.n,
        "workers": args.workers,
        "load_start": round(load, 1),
        "load_end": round(os.getloadavg()[0], 1),
        "pool": pool,
        "dask": dask,
        "ratio_pool_over_dask_wall": round(pool["wall_s"] / dask["wall_s"], 2),
        "same_store": same,
    }
    print(json.dumps(result))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
