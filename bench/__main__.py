"""`python -m bench`: the performance benchmark (see bench/README.md).

    python -m bench --quick                      # N=100, under a minute
    python -m bench --sizes 10 100 1000 10000    # the full table (10,000 takes minutes)
    python -m bench --profile --n 300            # where the per-report time goes (pyinstrument)
    python -m bench --write /tmp/gen --n 50      # write generated reports as .txt + metadata.csv
    python -m bench --quick --store postgresql://user:pass@host/db   # the store on PostgreSQL

Each size runs in its own process (`python -m bench.measure`) so memory peaks do not mix; results
are merged into bench/results.json under `--label` and printed as Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def run_size(n: int, args: argparse.Namespace) -> dict:
    """One `bench.measure` subprocess; returns its JSON result."""
    cmd = [sys.executable, "-m", "bench.measure", "--n", str(n), "--seed", str(args.seed)]
    cmd += ["--workers", str(args.workers), "--cap", str(args.cap)]
    if args.no_pages:
        cmd.append("--no-pages")
    if args.store:
        cmd += ["--store", args.store]
    proc = subprocess.run(
        cmd, cwd=HERE.parent, capture_output=True, text=True, timeout=args.timeout, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench.measure --n {n} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _f(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}"


def table(results: Sequence[dict]) -> str:
    """Markdown tables: throughput vs jieba, corpus timings, pages."""
    rows = [
        "| N | chars | jieba M chars/s | pipeline 1 core M/s | ratio 1 core (CPU time) |"
        " all cores M/s | ratio all cores | from scratch s | re-run s (analyzed) | add one s | RSS peak MB"
        " (workers) | store MB | load |",
        "|" + "---|" * 13,
    ]
    for r in results:
        rows.append(
            f"| {r['n']:,} | {r['chars']:,} | {_f(r['jieba_cps'] / 1e6)} |"
            f" {_f(r['full_1core_cps'] / 1e6)} | {_f(r['ratio_1core'])}x"
            f" ({_f(r['ratio_1core_cpu']) + 'x' if 'ratio_1core_cpu' in r else '-'}) |"
            f" {_f(r['analyze_many_cps'] / 1e6)} | {_f(r['ratio_all_cores'])}x |"
            f" {_f(r['scratch_analyze_store_s'])} | {_f(r['rerun_s'])} ({r['rerun_analyzed']}) |"
            f" {_f(r['add_one_s'])} | {_f(r['rss_peak_mb'], 0)} ({_f(r['rss_peak_children_mb'], 0)})"
            f" | {_f(r['store_mb'], 1)} | {_f(r.get('loadavg_start', 0), 1)} |"
        )
    out = "\n".join(rows)
    stages = [r for r in results if "stages_pct" in r]
    if stages:
        names = list(stages[0]["stages_pct"])
        out += "\n\nStage share of one-core analysis time (%):\n\n| N | " + " | ".join(names)
        out += " |\n|" + "---|" * (len(names) + 1)
        for r in stages:
            out += (
                f"\n| {r['n']:,} | "
                + " | ".join(_f(r["stages_pct"].get(k, 0), 1) for k in names)
                + " |"
            )
    named = [r for r in results if "org_terms_ms_per_report" in r]
    if named:
        out += (
            "\n\nOrganization-name terms of every report (compare.sides.org_terms), ms per report:"
        )
        out += " from the names each analysis keeps (the text scanned, as before):\n\n"
        out += "| N | total s | ms per report | scanning ms per report |\n|---|---|---|---|"
        for r in named:
            out += (
                f"\n| {r['n']:,} | {_f(r['org_terms_s'])} | {_f(r['org_terms_ms_per_report'], 3)}"
            )
            out += f" | {_f(r['org_terms_scan_ms_per_report'])} |"
    paged = [r for r in results if r.get("pages")]
    if paged:
        names = list(paged[-1]["pages"])
        out += "\n\nPage render in a fresh app process: warm re-run in seconds (first visit in"
        out += " brackets), the app's cold start and its memory peak:\n\n"
        out += "| N | app RSS MB | app cold s | " + " | ".join(names) + " | after 1 upload |\n"
        out += "|" + "---|" * (len(names) + 4)
        for r in paged:
            cells = []
            for k in names:
                p = r["pages"].get(k)
                err = " (error)" if p and p["errors"] else ""
                cells.append(f"{_f(p['warm_s'])} ({_f(p['first_s'])}){err}" if p else "-")
            rss = _f(r["app_rss_peak_mb"], 0) if "app_rss_peak_mb" in r else "-"
            up = _f(r["add_one_rerender_s"]) if "add_one_rerender_s" in r else "-"
            out += f"\n| {r['n']:,} | {rss} | {_f(r['app_cold_s'])} | " + " | ".join(cells)
            out += f" | {up} |"
    first = [r for r in results if "overview_first_s" in r]
    if first:
        out += "\n\nFirst 概览 visit in a fresh app whose corpus is loaded (by a visit to 搜索):"
        out += "\n\n| N | load (搜索) s | 概览 first visit s |\n|---|---|---|"
        for r in first:
            out += (
                f"\n| {r['n']:,} | {_f(r['overview_after_load_s'])} | {_f(r['overview_first_s'])} |"
            )
    return out


def save(label: str, results: Sequence[dict]) -> None:
    """Merge results into bench/results.json under label -> N."""
    data = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
    bucket = data.setdefault(label, {})
    for r in results:
        bucket[str(r["n"])] = {**r, "when": time.strftime("%Y-%m-%d %H:%M")}
    RESULTS.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def profile(n: int, seed: int) -> None:
    """Profile one-core full analysis of n generated reports with pyinstrument (dev tool)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pip install pyinstrument (a dev tool, not in requirements)") from None
    from analysis.core.resources import default_texts
    from analysis.text.lexicon import build_lexicon
    from analysis.text.pipeline import analyze_text
    from analysis.text.theme_dictionary import parse_theme_dictionary
    from analysis.text.theme_scoring import score_themes, tag_measures
    from bench.generate import generate_corpus

    rt = default_texts()
    build_lexicon(rt)
    themes = parse_theme_dictionary(rt.themes)
    texts = [r.text for r in generate_corpus(n, seed)]
    prof = Profiler(interval=0.0005)
    prof.start()
    for t in texts:
        a = analyze_text(t, rt)
        score_themes(a.cleaned.text, themes)
        tag_measures(a.structure.measures, themes)
    prof.stop()
    print(prof.output_text(unicode=True, color=False, show_all=False))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="N=100 only (under a minute)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cap", type=int, default=2000, help="reports used for throughput")
    parser.add_argument("--no-pages", action="store_true", help="skip AppTest page timings")
    parser.add_argument(
        "--store",
        help="measure the store on this PostgreSQL database (postgresql://…) in a"
        " fresh schema, instead of a temporary SQLite file",
    )
    parser.add_argument("--label", default="latest", help="key of this run in results.json")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of analysis")
    parser.add_argument("--n", type=int, default=300, help="reports for --profile / --write")
    parser.add_argument("--write", type=Path, default=None, help="write generated reports here")
    parser.add_argument("--show", metavar="LABEL", help="print the tables saved under LABEL")
    args = parser.parse_args(argv)
    if args.show:
        saved = json.loads(RESULTS.read_text("utf-8")).get(args.show, {})
        print(table([saved[k] for k in sorted(saved, key=int)]))
        return 0
    if args.write:
        from bench.generate import iter_corpus, write_files

        write_files(iter_corpus(args.n, args.seed), args.write)
        print(f"wrote {args.n} reports to {args.write}")
        return 0
    if args.profile:
        profile(args.n, args.seed)
        return 0
    sizes = [100] if args.quick else args.sizes
    results = []
    for n in sizes:
        t0 = time.perf_counter()
        results.append(run_size(n, args))
        print(f"N={n:,}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    save(args.label, results)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
