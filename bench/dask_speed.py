"""Batch analysis on a Dask LocalCluster vs the built-in process pool, same reports, same process.

    python -m bench.dask_speed --n 1000 --workers 2

Both produce (sha256, stored bytes, Analysis) for every generated report; the Dask time includes
starting the LocalCluster (reported separately). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from analysis.core.resources import default_texts
    from analysis.corpus.distributed import analyze_on_client, connect
    from analysis.text.lexicon import build_lexicon
    from analysis.text.pipeline import analyze_for_store
    from bench.generate import generate_corpus

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    texts = default_texts()
    build_lexicon(texts)
    items = {f"r{i}": (r.text, ()) for i, r in enumerate(generate_corpus(args.n, args.seed))}
    load = os.getloadavg()[0]
    w0, c0 = time.perf_counter(), time.process_time()
    pool = list(analyze_for_store(items, texts, args.workers))
    pool_s, pool_cpu = time.perf_counter() - w0, time.process_time() - c0
    w0, c0 = time.perf_counter(), time.process_time()
    with connect("local", args.workers) as client:
        started = time.perf_counter() - w0
        cluster = list(analyze_on_client(client, items, texts))
    dask_s, dask_cpu = time.perf_counter() - w0, time.process_time() - c0
    same = [(s, b) for s, b, _ in pool] == [(s, b) for s, b, _ in cluster]
    result = {
        "n": args.n,
        "chars": sum(len(t) for t, _ in items.values()),
        "workers": args.workers,
        "load": round(load, 1),
        "pool_s": round(pool_s, 2),
        "dask_s": round(dask_s, 2),
        "dask_cluster_start_s": round(started, 2),
        "ratio_pool_over_dask": round(pool_s / dask_s, 2),
        "parent_cpu_s": {"pool": round(pool_cpu, 2), "dask": round(dask_cpu, 2)},
        "same_stored_bytes": same,
    }
    print(json.dumps(result))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
