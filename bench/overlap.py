"""`python -m bench.overlap`: 雷同检测 measured against planted copies, and at scale.

    python -m bench.overlap                 # planted corpus of 500 + scale at 10,000 (minutes)
    python -m bench.overlap --scale 2000    # a smaller scale run

Accuracy (500 reports, bench/overlap_corpus.py): recall and precision of the planted pairs at the
default thresholds, the share error per planted pair, and whether the standard paragraph planted
into 30 % of the reports makes any pair. Scale: fingerprints of N reports computed and stored in
an empty SQLite store and the index built (from scratch), one report added, one report's check.
Figures go to bench/README.md ("雷同检测").
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

from analysis.core.models import Extracted
from analysis.corpus.overlap.check import MIN_PASSAGE, OverlapChecker
from analysis.corpus.overlap.index import build_index
from analysis.corpus.overlap.normalise import normalise
from analysis.corpus.overlap.stored import add_report, store_checker, text_prints
from analysis.store.database import CorpusStore
from bench.overlap_corpus import BOILERPLATE, Planted, base_report, planted_corpus


def accuracy(n: int = 500, seed: int = 0) -> dict:
    """Recall, precision and share error of planted pairs; pairs touching the standard paragraph."""
    texts, plants = planted_corpus(n, seed)
    t0 = time.perf_counter()
    index = build_index({k: text_prints(t) for k, t in texts.items()})
    checker = OverlapChecker(index, lambda keys: {k: texts[int(k)] for k in keys})  # type: ignore[call-overload]
    pairs = checker.all_pairs()
    seconds = time.perf_counter() - t0
    found = {frozenset((p.a, p.b)): p for p in pairs}
    planted = {frozenset((p.source, p.target)): p for p in plants}
    hits = [k for k in planted if k in found]
    errors = []
    common = common_lines(texts, index.boilerplate_df)
    for key in hits:
        plant, pair = planted[key], found[key]
        measured = pair.share_a if pair.a == plant.target else pair.share_b
        expected = _planted_share(texts, plant, common)
        errors.append(
            {
                "kind": plant.kind,
                "expected": round(expected, 4),
                "measured": round(measured, 4),
                "error_points": round(100 * abs(measured - expected), 2),
            }
        )
    boiler_ids = {k for k, t in texts.items() if BOILERPLATE in t}
    false_pairs = [k for k in found if k not in planted]
    boiler_pairs = [k for k in false_pairs if k <= boiler_ids]
    return {
        "reports": n,
        "seed": seed,
        "planted_pairs": len(planted),
        "found_pairs": len(found),
        "recall": round(len(hits) / len(planted), 4),
        "precision": round(len(hits) / len(found), 4) if found else 1.0,
        "missed": [sorted(k) for k in planted if k not in found],
        "false_pairs": [sorted(k) for k in false_pairs][:20],
        "pairs_between_boilerplate_reports": len(boiler_pairs),
        "boilerplate_reports": len(boiler_ids),
        "boilerplate_df": index.boilerplate_df,
        "max_share_error_points": max((e["error_points"] for e in errors), default=0.0),
        "share_errors": errors,
        "index_and_pairs_s": round(seconds, 2),
    }


def common_lines(texts: dict[int, str], df: int) -> set[str]:
    """Lines (matching text) found in at least `df` reports: 通用表述 by the generator's truth."""
    counts: Counter[str] = Counter()
    for text in texts.values():
        counts.update({normalise(ln).text for ln in text.split("\n")} - {""})
    return {ln for ln, c in counts.items() if c >= df}


def _planted_share(texts: dict[int, str], p: Planted, common: set[str]) -> float:
    """The planted share of the target by the documented definition, from what was planted:
    copied matching characters outside 通用表述 lines, in runs of copied lines (a line the
    source lacks, such as the standard paragraph planted into the target only, ends a run) of
    at least MIN_PASSAGE characters / the target's matching characters."""
    target = texts[p.target]
    total = len(normalise(target))
    if p.kind == "passage":
        lines = [normalise(ln).text for ln in p.text.split("\n")]
        return sum(len(ln) for ln in lines if ln not in common) / total
    source = {normalise(ln).text for ln in texts[p.source].split("\n")}
    source |= {
        normalise(re.sub(r"20(\d\d)年", lambda m: f"20{int(m.group(1)) + 1:02d}年", ln)).text
        for ln in texts[p.source].split("\n")
    }
    shared, run = 0, 0
    for line in (normalise(ln).text for ln in target.split("\n")):
        if line and line not in source:
            shared += run if run >= MIN_PASSAGE else 0
            run = 0
        elif line not in common:
            run += len(line)
    shared += run if run >= MIN_PASSAGE else 0
    return shared / total


def scale(n: int, store_dir: Path) -> dict:
    """Fingerprints of n reports computed, stored and indexed from scratch; one added; one check."""
    store = CorpusStore(store_dir / "scale.db")
    for i in range(n):
        store.add(f"r{i:05d}.txt", Extracted(text=base_report(i), fmt="txt", encoding="utf-8"), {})
    chars = int(store.list_reports()["chars"].sum())
    t0 = time.perf_counter()
    checker = store_checker(store)
    from_scratch = time.perf_counter() - t0
    t0 = time.perf_counter()
    warm = store_checker(store)
    reread = time.perf_counter() - t0
    copied = base_report(n + 1) + "\n" + base_report(7)[200:800]  # with a passage of report 7
    new = store.add("new.txt", Extracted(text=copied, fmt="txt", encoding="utf-8"), {})
    t0 = time.perf_counter()
    index = add_report(store, warm.index, new.report_id)
    add_one = time.perf_counter() - t0
    checker = OverlapChecker(index, checker.texts)
    t0 = time.perf_counter()
    check = checker.check(new.report_id)
    one_check = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs = checker.all_pairs()
    checker.report_checks(pairs)
    corpus_view = time.perf_counter() - t0
    return {
        "reports": n,
        "chars": chars,
        "index_from_scratch_s": round(from_scratch, 2),
        "index_from_store_s": round(reread, 2),
        "add_one_s": round(add_one, 3),
        "one_check_s": round(one_check, 3),
        "one_check_sources": len(check.pairs),
        "corpus_pairs_cold_s": round(corpus_view, 2),
        "candidate_pairs": sum(1 for _ in index.candidate_pairs()),
        "pairs_found": len(pairs),
        "fingerprints": len(index.hashes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="planted corpus size")
    parser.add_argument("--seed", type=int, default=0, help="which planted corpus")
    parser.add_argument(
        "--scale", type=int, default=10_000, help="reports indexed at scale (0: skip)"
    )
    args = parser.parse_args()
    out = {"accuracy": accuracy(args.n, args.seed)}
    print(json.dumps(out["accuracy"], ensure_ascii=False, indent=1)[:3000], flush=True)
    if args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            out["scale"] = scale(args.scale, Path(tmp))
        print(json.dumps(out["scale"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
