"""雷同检测 at 10,000 reports in a store: the stored rows' backfill, one report added, the corpus
view's queries (bench/README.md, section 雷同检测).

The generated store (`python -m bench --write DIR --n 10000`, ingested: /work/bench_data/final.db)
recombines five samples' lines, so nearly every pair of its reports shares passages (1.34 M
candidate pairs at 10,005 reports). `--own` copies it and rewrites each report's text as the
planted corpus does (bench/overlap_corpus.py: the generated skeleton kept, body lines in the
report's own wording, 40 planted copies, 10 year copies, the standard paragraph in 30 %): the same
ids, metadata, facts and analyses, with texts that share only what real ones share.

    python -m bench.overlap_store --own /work/bench_data/final.db /work/bench_data/overlap/own10k.db
    python -m bench.overlap_store --db /work/bench_data/overlap/own10k.db backfill add queries
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from analysis.core.models import Extracted
from analysis.corpus.overlap import maintain, queries
from analysis.corpus.overlap.stored import sync_index
from analysis.store.database import CorpusStore
from analysis.store.fact_queries import Filters
from bench.overlap_corpus import planted_corpus

_GENERATED = re.compile(r"gen_\d+_(\d+)\.txt$")
_TABLES = ("overlap_prints", "overlap_pairs", "overlap_shares", "overlap_sets")


def own_wording_store(src: Path, dst: Path, seed: int = 0) -> dict:
    """Copy `src` to `dst` with every generated report's text rewritten in its own wording (the
    planted corpus of that size); stored 雷同检测 rows and fingerprints dropped."""
    shutil.copyfile(src, dst)
    con = sqlite3.connect(dst)
    names = con.execute("SELECT id, filename FROM reports").fetchall()
    numbered = {rid: int(m.group(1)) for rid, name in names if (m := _GENERATED.search(name))}
    texts, plants = planted_corpus(max(numbered.values()) + 1, seed)
    con.executemany(
        "UPDATE reports SET text = ? WHERE id = ?",
        [(texts[i], rid) for rid, i in numbered.items()],
    )
    for table in _TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.commit()
    con.close()
    return {"reports": len(names), "rewritten": len(numbered), "planted": len(plants)}


def _timed(step: Callable[[], object]) -> tuple[object, float, float]:
    """(result, wall s, CPU s of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = step()
    return out, round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)


def _load() -> list[float]:
    return [round(x, 1) for x in os.getloadavg()]


def backfill(db: str) -> dict:
    """The rows built from nothing: fingerprints computed, every pair aligned, every share."""
    store = CorpusStore(db)
    (index, done), wall, cpu = _timed(lambda: maintain.update(store))
    return {
        "backfill_wall_s": wall,
        "backfill_cpu_s": cpu,
        "threshold": maintain.maintained_threshold(store),
        "pairs": sum(u.pairs for u in done),
        "shares": sum(u.shares for u in done),
        "load": _load(),
    }


def add_one(db: str, repeat: int = 3) -> dict:
    """One report saved and its rows written, the index warm (as in the app) — then removed."""
    store = CorpusStore(db)
    fresh, index_wall, index_cpu = _timed(lambda: sync_index(store))
    index, _ = maintain.update(store, fresh)  # type: ignore[arg-type]
    donor = store.get(int(store.list_reports()["id"].iloc[len(index) // 2])).text
    walls, cpus = [], []
    for k in range(repeat):
        text = f"第{k}次新增的报告。\n" + donor[: len(donor) // 2] + f"\n（新增{k}）"
        added = store.add(f"新增{k}.txt", Extracted(text=text, fmt="txt", encoding="utf-8"), {})
        (index, _), wall, cpu = _timed(lambda index=index: maintain.update(store, index))
        walls.append(wall)
        cpus.append(cpu)
        store.delete(added.report_id)
        store.purge(added.report_id)
        index, _ = maintain.update(store, index)
    return {
        "index_from_store_wall_s": index_wall,
        "index_from_store_cpu_s": index_cpu,
        "add_one_wall_s": walls,
        "add_one_cpu_s": cpus,
        "load": _load(),
    }


def query_times(db: str) -> dict:
    """The corpus view's queries (what a first visit reads), all reports and one year."""
    store = CorpusStore(db)
    t = maintain.maintained_threshold(store)
    assert t is not None, "run backfill first"
    years = sorted({int(y) for y in store.list_reports()["year"].dropna()})
    out: dict = {"load": _load()}
    for name, f in (("all", Filters()), ("one_year", Filters(years=(years[len(years) // 2],)))):
        for kind, call in (
            ("pair_count", lambda f=f: queries.pair_count(store, t, f)),
            ("pairs_page", lambda f=f: queries.pairs_table(store, t, f, 0.0, slice(0, 50))),
            ("share_count", lambda f=f: queries.share_count(store, t, f)),
            ("shares_page", lambda f=f: queries.shares_table(store, t, f, 0.0, slice(0, 50))),
            ("matrix", lambda f=f: queries.matrix(store, t, f)),
        ):
            _, wall, cpu = _timed(call)
            out[f"{name}_{kind}_wall_s"], out[f"{name}_{kind}_cpu_s"] = wall, cpu
    out["pairs_stored"] = queries.pair_count(store, t, Filters())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--own", nargs=2, type=Path, metavar=("SRC", "DST"))
    parser.add_argument("--db", help="the store to measure")
    parser.add_argument("steps", nargs="*", choices=["backfill", "add", "queries"])
    args = parser.parse_args()
    if args.own:
        print(json.dumps(own_wording_store(*args.own), ensure_ascii=False), flush=True)
    steps = {"backfill": backfill, "add": add_one, "queries": query_times}
    for step in args.steps:
        print(json.dumps({step: steps[step](args.db)}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
