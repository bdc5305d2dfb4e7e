"""Measurements for one corpus size N, run in a fresh process so the memory peak is this N's own.

`python -m bench.measure --n 100` prints one JSON object (the last stdout line) with: throughput of
the pipeline vs raw jieba (one core and all cores), a per-stage breakdown, the from-scratch
analyze+store time, the no-op re-run, reading every cached analysis, adding one report, memory
peak, page render times (AppTest, warm cache) and the store size on disk. The store is a temporary
SQLite file, or with `--store postgresql://…` a fresh schema in that database (dropped after).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.generate import GeneratedReport, fill_store, generate_corpus, generate_report

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (Linux reports KB).

    For this process, VmHWM of /proc/self/status: ru_maxrss survives fork + exec, so a page
    process started from this large one would report this one's peak.
    """
    status = Path("/proc/self/status")
    if who == resource.RUSAGE_SELF and status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(who).ru_maxrss / 1024


def stage_rates(texts: Sequence[str]) -> dict:
    """CPU seconds per pipeline stage over the texts (one core), to see where the time goes.

    CPU time (process_time), not wall: on a shared machine a stage's wall time includes the
    time other processes held the core, which moves the shares between identical runs.
    """
    from analysis.core.resources import default_texts
    from analysis.text.clean import clean_text
    from analysis.text.formulations import FoldedText, extract_formulations
    from analysis.text.indicators import extract_indicators
    from analysis.text.keywords import count_terms
    from analysis.text.lexicon import build_lexicon
    from analysis.text.metadata import infer_title
    from analysis.text.org_terms import found_names
    from analysis.text.outline import parse_structure
    from analysis.text.theme_dictionary import parse_theme_dictionary
    from analysis.text.theme_scoring import score_themes, tag_measures

    clock = time.process_time
    rt = default_texts()
    lex = build_lexicon(rt)
    themes = parse_theme_dictionary(rt.themes)
    names = ("clean", "structure", "indicators", "formulations", "keywords", "org_names", "title")
    stages: dict[str, float] = dict.fromkeys((*names, "themes", "tag_measures"), 0.0)
    seg = 0.0
    for text in texts:
        t0 = clock()
        cleaned = clean_text(text).text
        t1 = clock()
        structure = parse_structure(cleaned, ())
        t2 = clock()
        scan = FoldedText(cleaned)  # as the pipeline does: folded and scanned once, for both
        extract_indicators(scan)
        t3 = clock()
        extract_formulations(scan)
        t4 = clock()
        count_terms(lex, cleaned)
        t5 = clock()
        found_names(cleaned)
        t6 = clock()
        infer_title(cleaned)
        t7 = clock()
        score_themes(cleaned, themes)
        t8 = clock()
        tag_measures(structure.measures, themes)
        t9 = clock()
        lex.cut(cleaned)
        t10 = clock()
        marks = (t0, t1, t2, t3, t4, t5, t6, t7, t8, t9)
        for k, a, b in zip(stages, marks[:-1], marks[1:], strict=True):
            stages[k] += b - a
        seg += t10 - t9
    total = sum(stages.values())
    return {
        "stages_s": {k: round(v, 4) for k, v in stages.items()},
        "stages_pct": {k: round(100 * v / total, 1) for k, v in stages.items()},
        "segmenter_only_s": seg,
    }


def paired_rates(texts: Sequence[str], workers: int, block: int = 20) -> dict:
    """Raw jieba vs the full per-report analysis on one core, then analyze_many on all cores.

    Full analysis = analyze_text + theme scoring + measure tagging. jieba (`Tokenizer().lcut`,
    precise mode) and the pipeline alternate over blocks of `block` texts, so a load change on a
    shared machine hits both alike; CPU time (process_time) is recorded beside wall time.
    """
    import jieba

    from analysis.core.resources import default_texts
    from analysis.text.lexicon import build_lexicon
    from analysis.text.pipeline import analyze_many, analyze_text
    from analysis.text.theme_dictionary import parse_theme_dictionary
    from analysis.text.theme_scoring import score_themes, tag_measures

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    jieba_init_s, _ = _timed(tk.initialize)
    rt = default_texts()
    lex_s, _ = _timed(lambda: build_lexicon(rt))
    themes = parse_theme_dictionary(rt.themes)

    def full(text: str) -> None:
        a = analyze_text(text, rt)
        score_themes(a.cleaned.text, themes)
        tag_measures(a.structure.measures, themes)

    wall = {"jieba": 0.0, "full": 0.0, "analyze": 0.0}
    cpu = dict.fromkeys(wall, 0.0)
    runs = {
        "jieba": lambda part: [tk.lcut(t) for t in part],
        "full": lambda part: [full(t) for t in part],
        "analyze": lambda part: [analyze_text(t, rt) for t in part],
    }
    for i in range(0, len(texts), block):
        part = texts[i : i + block]
        for name, run in runs.items():
            w0, c0 = time.perf_counter(), time.process_time()
            run(part)
            wall[name] += time.perf_counter() - w0
            cpu[name] += time.process_time() - c0
    chars = sum(map(len, texts))
    items = {f"k{i}": (t, ()) for i, t in enumerate(texts)}
    many_s, _ = _timed(lambda: list(analyze_many(items, rt, workers)))
    return {
        "jieba_init_s": jieba_init_s,
        "lexicon_build_s": lex_s,
        "jieba_cps": chars / wall["jieba"],
        "jieba_cpu_cps": chars / cpu["jieba"],
        "full_1core_s": wall["full"],
        "full_1core_cps": chars / wall["full"],
        "full_1core_cpu_cps": chars / cpu["full"],
        "analyze_1core_cps": chars / wall["analyze"],
        "analyze_many_s": many_s,
        "analyze_many_cps": chars / many_s,
        "ratio_1core": wall["jieba"] / wall["full"],
        "ratio_1core_cpu": cpu["jieba"] / cpu["full"],
        "ratio_analyze_only": wall["jieba"] / wall["analyze"],
        "ratio_all_cores": (chars / many_s) / (chars / wall["jieba"]),
    }


@contextmanager
def bench_store(url: str | None, db_dir: Path | None) -> Iterator[str]:
    """A fresh store location: a temporary SQLite file, or a new schema in the PostgreSQL
    database `url` (dropped after)."""
    if not url:
        with tempfile.TemporaryDirectory(dir=db_dir) as tmp:
            yield str(Path(tmp) / "bench.db")
        return
    import psycopg

    schema = f"bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
        finally:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


def store_mb(db: str) -> float:
    """The store's size: the SQLite file and its WAL, or the PostgreSQL schema's tables."""
    from analysis.store.connection_url import is_url

    if not is_url(db):
        path = Path(db)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    import psycopg

    with psycopg.connect(db) as con:
        (size,) = con.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ).fetchone()
    return float(size) / 2**20


def org_terms_timings(corpus: Any, cap: int = 300) -> dict:
    """The organization-name terms of every report (compare.sides.org_terms, what 概览, the
    briefing, 相似支部 and 趋势 hide by default) per report: from the names each analysis keeps,
    and as it was before they were kept (the text scanned, on at most `cap` reports)."""
    from analysis.corpus.compare.sides import org_terms
    from analysis.text.org_terms import org_name_terms

    ids = corpus.ids
    org_terms(corpus, ids[:1])  # resources (suffix table, script tables) loaded outside the timing
    stored_s, _ = _timed(lambda: org_terms(corpus, ids))
    sample = [corpus.analyses[i] for i in ids[:cap]]
    meta = corpus.reports.loc[ids[:cap], ["branch", "organization"]].to_numpy().tolist()

    def scan() -> None:
        for a, known in zip(sample, meta, strict=True):
            org_name_terms(a.cleaned.text, a.term_counts, [k for k in known if isinstance(k, str)])

    scan_s, _ = _timed(scan)
    return {
        "org_terms_s": stored_s,
        "org_terms_ms_per_report": 1000 * stored_s / max(1, len(ids)),
        "org_terms_scan_ms_per_report": 1000 * scan_s / max(1, len(sample)),
    }


def store_timings(reports: Sequence[GeneratedReport], db: str, workers: int, seed: int) -> dict:
    """Ingest N reports, analyze+store from scratch, re-run (must analyze nothing), read every
    cached analysis (a fresh process's cold start), add one report."""
    from analysis.corpus.loading import load_corpus, resource_texts
    from analysis.store.database import CorpusStore
    from analysis.text.pipeline import cache_key

    store = CorpusStore(db)
    ingest_s, _ = _timed(lambda: fill_store(store, reports))
    done: list[int] = []
    scratch_s, corpus = _timed(lambda: load_corpus(store, workers=workers))
    rerun_s, _ = _timed(lambda: load_corpus(store, progress=lambda i, n: done.append(i)))
    key, shas = cache_key(resource_texts(store)), list(store.list_reports()["sha256"])
    cached_s, cached = _timed(lambda: sum(1 for _ in store.iter_cached_analyses(key, shas)))
    assert cached == len(shas)
    extra = generate_report(len(reports) + 10_000_000, seed)

    def add_one() -> Any:
        fill_store(store, [extra])
        return load_corpus(store, progress=lambda i, n: done.append(-i))

    add_s, after = _timed(add_one)
    assert len(after.reports) == len(corpus.reports) + 1
    return {
        **org_terms_timings(corpus),
        "ingest_s": ingest_s,
        "scratch_analyze_store_s": scratch_s,
        "rerun_s": rerun_s,
        "rerun_analyzed": sum(1 for d in done if d > 0),
        "cached_read_s": cached_s,
        "add_one_s": add_s,
        "add_one_analyzed": sum(1 for d in done if d < 0),
        "store_mb": store_mb(db),
    }


def app_pages() -> list[str]:
    """The page scripts app.py routes to, in menu order (e.g. "views/overview.py")."""
    return re.findall(r'st\.Page\(\s*"([^"]+\.py)"', (ROOT / "app.py").read_text("utf-8"))


def page_timings(db: str, timeout: float = 1800) -> dict:
    """Render time of each page with AppTest: first visit, then the warm re-run (cache hit)."""
    from streamlit.testing.v1 import AppTest

    os.environ["DJ_DB"] = db
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    cold_s, _ = _timed(at.run)
    out: dict[str, Any] = {"app_cold_s": cold_s, "pages": {}}
    for page in app_pages():
        at.switch_page(page)
        first, _ = _timed(at.run)
        warm, _ = _timed(at.run)
        errors = [str(e.value)[:200] for e in at.exception]
        out["pages"][Path(page).stem] = {"first_s": first, "warm_s": warm, "errors": errors}
    # One upload lands (another session or the CLI): the next render of the first page.
    from analysis.store.database import CorpusStore

    fill_store(CorpusStore(db), [generate_report(20_000_000, 0)])
    at.switch_page(app_pages()[0])
    out["add_one_rerender_s"], _ = _timed(at.run)
    return out


def overview_first_visit(db: str, timeout: float = 1800) -> dict:
    """The first 概览 visit of an app whose corpus is already loaded (by a visit to 搜索), apart
    from the cold start: what a user waits for the keyword list, word cloud and themes."""
    from streamlit.testing.v1 import AppTest

    os.environ["DJ_DB"] = db
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.switch_page("views/search.py")
    load_s, _ = _timed(at.run)
    at.switch_page("views/overview.py")
    first_s, _ = _timed(at.run)
    errors = [str(e.value)[:200] for e in at.exception]
    return {"overview_after_load_s": load_s, "overview_first_s": first_s, "overview_errors": errors}


def pages_in_fresh_process(db: str) -> dict:
    """Page timings in a new process, as a freshly started app: cold start loads the corpus from
    the store, and the memory peak is the app's own; then the first 概览 visit in another."""
    out: dict[str, Any] = {}
    for flag in ("--pages-db", "--overview-db"):
        cmd = [sys.executable, "-m", "bench.measure", flag, db]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            return {**out, "pages_error": proc.stderr[-2000:]}
        out.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


def measure(
    n: int, seed: int, workers: int, pages: bool, cap: int, db_dir: Path | None, url: str | None
) -> dict:
    """Every measurement for corpus size n (throughput on at most `cap` reports)."""
    gen_s, reports = _timed(lambda: generate_corpus(n, seed))
    sample = [r.text for r in reports[:cap]]
    result: dict[str, Any] = {
        "n": n,
        "seed": seed,
        "workers": workers,
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg()[0],
        "generate_s": gen_s,
        "chars": sum(len(r.text) for r in reports),
        "throughput_reports": len(sample),
        "throughput_chars": sum(map(len, sample)),
    }
    result.update(paired_rates(sample, workers))
    result.update(stage_rates(sample[: min(len(sample), 300)]))
    with bench_store(url, db_dir) as db:
        result.update(store_timings(reports, db, workers, seed))
        result["rss_peak_before_pages_mb"] = _rss_mb()
        result["rss_peak_children_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)  # the pool workers
        if pages:
            result.update(pages_in_fresh_process(db))
    result["rss_peak_mb"] = _rss_mb()
    result["loadavg_end"] = os.getloadavg()[0]
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure", description=__doc__)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--pages-db", help="only time the pages on this store (path or URL)")
    parser.add_argument("--overview-db", help="only time the first 概览 visit on this store")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--cap", type=int, default=2000, help="reports used for throughput")
    parser.add_argument("--db-dir", type=Path, default=None)
    parser.add_argument("--store", default=None, help="a postgresql:// database to measure on")
    args = parser.parse_args(argv)
    if args.overview_db:
        sys.stdout.write(json.dumps(overview_first_visit(args.overview_db)) + "\n")
        return 0
    if args.pages_db:
        res = page_timings(args.pages_db)
        res["app_rss_peak_mb"] = _rss_mb()
        sys.stdout.write(json.dumps(res, ensure_ascii=False) + "\n")
        return 0
    res = measure(
        args.n, args.seed, args.workers, not args.no_pages, args.cap, args.db_dir, args.store
    )
    sys.stdout.write(json.dumps(res, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
