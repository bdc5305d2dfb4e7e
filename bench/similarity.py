"""The 相似支部 similarity at scale: `python -m bench.similarity --n 1000 [--db store.db]`.

Prints JSON: the time and memory of building the inputs of the `--limit` branches with most
reports and their map, of building every branch's inputs and one branch's nearest branches, and
the page's first visit and warm re-run under AppTest.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return round(time.perf_counter() - start, 2), out


def _rss_mb() -> int:
    """Peak resident memory of this process so far (MB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def analyses(db: str, limit: int) -> dict:
    """Inputs, map and nearest branches timed on the corpus of `db` (themes as the page reads them)."""
    from analysis.corpus import similar_branches as sb
    from analysis.corpus.loading import load_corpus, load_themes, resource_texts
    from analysis.store.database import CorpusStore
    from analysis.text.theme_dictionary import parse_theme_dictionary

    store = CorpusStore(db)
    texts = resource_texts(store)
    corpus = load_corpus(store, texts)
    d = parse_theme_dictionary(texts.themes)
    scored = {rid: r.counts for rid, r in load_themes(store, corpus, d).items()}
    before = _rss_mb()
    groups = sb.branch_groups(corpus, limit)
    inputs_s, bi = _timed(sb.corpus_inputs, corpus, texts, groups, True, scored)
    map_s, m = _timed(sb.map_of, bi)
    every_s, every = _timed(sb.corpus_inputs, corpus, texts, None, True, scored)
    near_s, _ = _timed(sb.nearest_in, every, next(iter(groups)))
    return {
        "reports": len(corpus.ids),
        "branches": len(every.sides),
        "map_branches": len(bi.sides),
        "map_inputs_s": inputs_s,
        "all_inputs_s": every_s,
        "map_s": map_s,
        "nearest_s": near_s,
        "pairs_without_measures": m.unmeasured,
        "rss_before_mb": before,
        "rss_peak_mb": _rss_mb(),
    }


def page_timings(db: str) -> dict:
    """First visit and warm re-run of 相似支部 in a fresh app (corpus loaded before the clock)."""
    from streamlit.testing.v1 import AppTest

    os.environ["DJ_DB"] = db
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=3600)
    at.run()
    at.switch_page("views/similar.py")
    first, _ = _timed(at.run)
    warm, _ = _timed(at.run)
    return {"first_s": first, "warm_s": warm, "errors": [str(e.value)[:200] for e in at.exception]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--db", help="an existing store (else a planted corpus of --n reports)")
    parser.add_argument("--limit", type=int, default=20, help="branches on the map")
    parser.add_argument("--no-pages", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if not db:
            from analysis.store.database import CorpusStore
            from bench.generate import fill_store
            from bench.planted import planted_corpus

            db = str(Path(tmp) / "similarity.db")
            store = CorpusStore(db)
            store.set_meta("samples_loaded", "1")
            fill_store(store, planted_corpus(args.n))
        result = analyses(db, args.limit)
        if not args.no_pages:
            result["page"] = page_timings(db)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
