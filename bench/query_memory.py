"""Peak memory and CPU of one of 概览's queries over a whole store, in this process alone.

    python -m bench.query_memory --db COPY_OF_100k.db --part term_totals

One JSON line: rows, CPU seconds, the process's peak RSS before and after (MB). Run each part
in its own process: the peak is the process's, not the query's alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Sequence

import pandas as pd

from analysis.corpus.loading import resource_texts
from analysis.store import fact_queries as q
from analysis.store.database import CorpusStore
from analysis.text.theme_dictionary import parse_theme_dictionary
from analysis.text.theme_results import themes_fingerprint


def _queries(store: CorpusStore, key: str) -> dict[str, Callable[[], pd.DataFrame]]:
    """概览's whole-store queries by name (unfiltered)."""
    d = parse_theme_dictionary(resource_texts(store).themes)
    every = q.Filters()
    return {
        "term_totals": lambda: q.term_totals(store, key, every),
        "formulation_rows": lambda: q.formulation_rows(store, key, every),
        "report_facts": lambda: q.report_facts(store, key, every),
        "theme_hits": lambda: q.theme_hits(store, key, themes_fingerprint(d), every),
        "list_reports": store.list_reports,
    }


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def measure(db: str, part: str) -> dict:
    """Run one query over the facts most reports have; what it cost."""
    store = CorpusStore(db)
    key = q.fact_fingerprints(store)[0][0]
    run = _queries(store, key)[part]
    before, t = _peak_mb(), time.process_time()
    out = run()
    return {
        "part": part,
        "rows": len(out),
        "cpu_s": round(time.process_time() - t, 2),
        "rss_peak_before_mb": before,
        "rss_peak_mb": _peak_mb(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_memory")
    parser.add_argument("--db", required=True, help="a copy of a store (opening it may write)")
    parser.add_argument(
        "--part",
        required=True,
        choices=["term_totals", "formulation_rows", "report_facts", "theme_hits", "list_reports"],
    )
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db, args.part)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
