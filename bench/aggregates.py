"""What each part of 概览 costs from the stored facts (analysis.corpus.aggregates), in-process.

    python -m bench.aggregates --db /work/bench_data/s10k.db

For the whole corpus and with a year filter: wall and CPU seconds of each query and table (CPU
time is what to read on a loaded machine: the wall time of a starved process is mostly waiting),
and the backfill when the store has no facts yet. One JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Sequence

from analysis.corpus.aggregates import Filters, Overview
from analysis.corpus.backfill import prepare
from analysis.corpus.loading import resource_texts
from analysis.store.database import CorpusStore
from analysis.text.lexicon import build_lexicon
from analysis.text.theme_dictionary import parse_theme_dictionary


def _timed(out: dict, name: str, step: Callable[[], object]) -> object:
    """Run `step`, recording its wall and CPU seconds under `name`."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = step()
    out[name] = {
        "wall_s": round(time.perf_counter() - wall, 3),
        "cpu_s": round(time.process_time() - cpu, 3),
    }
    return value


def measure(db: str) -> dict:
    out: dict = {"db": db, "loadavg_start": os.getloadavg()[0]}
    store = _timed(out, "open", lambda: CorpusStore(db))
    assert isinstance(store, CorpusStore)
    texts = resource_texts(store)
    d = parse_theme_dictionary(texts.themes)
    lex = build_lexicon(texts)
    key = str(_timed(out, "prepare", lambda: prepare(store, texts, d)))
    years = sorted({int(y) for y in store.list_reports()["year"].dropna()})
    for name, f in (("all", Filters()), ("one_year", Filters(years=tuple(years[:1])))):
        part: dict = {}
        ov = _timed(part, "facts", lambda f=f: Overview(store, key, f))
        assert isinstance(ov, Overview)
        part["reports"] = len(ov.ids)
        _timed(part, "kpis", ov.kpis)
        _timed(part, "report_list", ov.reports)
        _timed(part, "heatmap", lambda ov=ov: ov.branch_matrix(d))
        _timed(part, "term_totals", ov.term_totals)
        _timed(part, "keywords", lambda ov=ov: ov.keywords(lex, True, 200, ov.org_terms()))
        _timed(part, "formulations", ov.formulations)
        out[name] = part
    out["loadavg_end"] = os.getloadavg()[0]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.aggregates")
    parser.add_argument("--db", required=True)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
