"""Measure the exploration features on a planted corpus: `python -m bench.explore --n 1000`.

Prints JSON: the planted trends as the 趋势 view finds them, the time of each analysis, and the
render time (first visit, warm re-run) of the 趋势, 相似支部 and 数据管理 (新词发现) pages.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import fill_store
from bench.planted import FALLING, FALLING_THEME, RISING, RISING_THEME, planted_corpus

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("views/trends.py", "views/similar.py", "views/manage.py")


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return round(time.perf_counter() - start, 3), out


def analyses(db: str) -> dict:
    """Planted-trend results and the time of each exploration analysis."""
    from analysis.corpus import new_words, similar_branches, trends
    from analysis.corpus.loading import load_corpus, load_themes, resource_texts
    from analysis.corpus.tables import ThemeFrames
    from analysis.store.database import CorpusStore
    from analysis.text.lexicon import build_lexicon
    from analysis.text.theme_dictionary import parse_theme_dictionary

    store = CorpusStore(db)
    texts = resource_texts(store)
    load_s, corpus = _timed(load_corpus, store, texts)
    d = parse_theme_dictionary(texts.themes)
    frames = ThemeFrames(corpus, d, load_themes(store, corpus, d))
    lex = build_lexicon(texts)
    by_year_s, by_year = _timed(trends.themes_by_year, frames["scores"])
    slopes = trends.theme_slopes(by_year)
    terms_s, (rising, falling) = _timed(
        trends.term_trends, corpus, [2018, 2019, 2020], [2022, 2023, 2024], lex
    )
    map_s, m = _timed(similar_branches.similarity_map, corpus, texts)
    docs = {str(r): a.cleaned.text for r, a in corpus.analyses.items()}
    words_s, found = _timed(new_words.discover, docs, lex)
    series = by_year.pivot(index="年份", columns="主题", values="得分")
    return {
        "reports": len(corpus.ids),
        "load_s": load_s,
        "rising_theme": {str(k): v for k, v in series[RISING_THEME].items()},
        "falling_theme": {str(k): v for k, v in series[FALLING_THEME].items()},
        "slope_first": slopes.index[0],
        "slope_last": slopes.index[-1],
        "top_rising": list(rising["词语"].head(len(RISING) + 2)),
        "top_falling": list(falling["词语"].head(len(FALLING) + 2)),
        "planted_rising_are_top": set(rising["词语"].head(len(RISING))) == set(RISING),
        "planted_falling_are_top": set(falling["词语"].head(len(FALLING))) == set(FALLING),
        "themes_by_year_s": by_year_s,
        "term_trends_s": terms_s,
        "similarity_map_s": map_s,
        "similarity_map_branches": len(m.matrix),
        "new_words_s": words_s,
        "new_words_top10": [c.word for c in found[:10]],
    }


def page_timings(db: str) -> dict:
    """First visit and warm re-run of each exploration page under AppTest."""
    from streamlit.testing.v1 import AppTest

    os.environ["DJ_DB"] = db
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
    at.run()
    out = {}
    for page in PAGES:
        at.switch_page(page)
        first, _ = _timed(at.run)
        warm, _ = _timed(at.run)
        out[Path(page).stem] = {
            "first_s": first,
            "warm_s": warm,
            "errors": [str(e.value)[:200] for e in at.exception],
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--no-pages", action="store_true")
    args = parser.parse_args()
    from analysis.store.database import CorpusStore

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "explore.db")
        store = CorpusStore(db)
        store.set_meta("samples_loaded", "1")  # the planted corpus only
        fill_store(store, planted_corpus(args.n))
        result = analyses(db)
        if not args.no_pages:
            result["pages"] = page_timings(db)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
