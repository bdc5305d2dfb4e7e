"""Saving reports one transaction each vs a batch per transaction (the ingest's save path).

    python -m bench.save_batches --n 1000 [--db postgresql://…]

The same generated reports, read and identified beforehand (not timed), saved into two fresh
stores: `save_report` per report (the upload page's path) and `save_reports` per `--batch`
(batch ingest). Wall and CPU seconds of each; both stores must hold the same rows. One JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def _timed(run: Callable[[], object]) -> dict[str, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    run()
    return {
        "wall_s": round(time.perf_counter() - w0, 2),
        "cpu_s": round(time.process_time() - c0, 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    from analysis.core.models import Extracted
    from analysis.store.database import CorpusStore
    from analysis.store.saving import save_report, save_reports
    from analysis.text.metadata import Metadata
    from bench.generate import iter_corpus
    from bench.store_dump import dump_store

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args(argv)
    reports = [
        (r.filename, Extracted(text=r.text, fmt="txt", encoding="utf-8"), Metadata(**r.meta))
        for r in iter_corpus(args.n)
    ]
    work = Path(tempfile.mkdtemp(prefix="save_batches_"))
    one, many = CorpusStore(work / "one.db"), CorpusStore(work / "many.db")
    load = os.getloadavg()[0]
    each = _timed(lambda: [save_report(one, *r) for r in reports])
    parts = [reports[i : i + args.batch] for i in range(0, len(reports), args.batch)]
    batched = _timed(lambda: [save_reports(many, part) for part in parts])
    a, b = dump_store(work / "one.db"), dump_store(work / "many.db")
    result = {
        "n": args.n,
        "batch": args.batch,
        "load_start": round(load, 1),
        "load_end": round(os.getloadavg()[0], 1),
        "one_per_transaction": each,
        "batched": batched,
        "ratio_wall": round(each["wall_s"] / batched["wall_s"], 1),
        "ratio_cpu": round(each["cpu_s"] / batched["cpu_s"], 1),
        "same_rows": a["reports"] == b["reports"] and a["identities"] == b["identities"],
    }
    print(json.dumps(result))
    return 0 if result["same_rows"] else 1


if __name__ == "__main__":
    sys.exit(main())
