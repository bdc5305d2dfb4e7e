"""Bring the per-report facts (analysis/store/facts.py) up to date with the store: facts of
reports analysed before facts existed, of reports never analysed, theme hits under the current
theme dictionary, and organization-name terms after a metadata edit.

New analyses get their facts as they are cached (`load_corpus`), so after the first backfill
this does nothing but one query per store revision, or a few reports' work after an upload.
Run it from the app (概览 shows its progress) or ahead of time:

    python -m analysis.corpus.backfill --db data/corpus.db
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable

import pandas as pd

from analysis.core.resources import ResourceTexts
from analysis.corpus.loading import (
    Progress,
    decode_analysis,
    load_corpus,
    resource_texts,
    scored_themes,
    theme_cache_key,
)
from analysis.store import fact_queries as q
from analysis.store.database import CorpusStore
from analysis.store.facts import ReportFacts, facts_of, org_key
from analysis.text.pipeline import cache_key
from analysis.text.theme_dictionary import ThemeDictionary
from analysis.text.theme_results import report_themes_from_dict, themes_fingerprint

logger = logging.getLogger(__name__)
BATCH = 500  # reports per transaction


def ensure_facts(
    store: CorpusStore,
    texts: ResourceTexts | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> int:
    """Facts for every live report under the current analysis fingerprint; returns how many were
    written. Cached analyses are decoded one batch at a time (memory stays flat); reports with
    no analysis are analysed (as `load_corpus` does, with their facts)."""
    texts = texts or resource_texts(store)
    key = cache_key(texts)
    todo = q.without_facts(store, key)
    if todo.empty:
        return 0
    names = dict(
        zip(todo["sha256"], zip(todo["branch"], todo["organization"], strict=True), strict=True)
    )
    shas = list(names)
    done, facts = 0, {}
    logger.info("backfilling facts of %d reports", len(shas))
    for sha, data in store.iter_cached_analyses(key, shas):
        facts[sha] = facts_of(decode_analysis(data), *names[sha])
        if len(facts) >= BATCH:
            done += _write(store, key, facts, progress, len(shas), done)
            facts = {}
    done += _write(store, key, facts, progress, len(shas), done)
    uncached = q.without_facts(store, key)
    if not uncached.empty:  # never analysed (or a crashed step): analysed now, facts with them
        step = _offset(progress, done, len(shas))
        corpus = load_corpus(store, texts, workers=workers, progress=step, ids=list(uncached["id"]))
        left = q.without_facts(store, key)  # those this process had parsed already
        facts = {
            sha: facts_of(corpus.analyses[int(rid)], b, o)
            for rid, sha, b, o in left.itertuples(index=False)
            if int(rid) in corpus.analyses
        }
        store.save_analyses(key, {}, facts)
        done += len(uncached)
        if progress is not None:  # analyses this process held already report no steps of their own
            progress(done, len(shas))
    return done


def _offset(progress: Progress | None, start: int, total: int) -> Progress | None:
    """A progress callback continuing from `start` of `total`."""
    if progress is None:
        return None
    return lambda i, _n: progress(min(start + i, total), total)


def _write(
    store: CorpusStore,
    key: str,
    facts: dict[str, ReportFacts],
    progress: Progress | None,
    total: int,
    before: int,
) -> int:
    store.save_analyses(key, {}, facts)
    if progress and facts:
        progress(before + len(facts), total)
    return len(facts)


def refresh_org_terms(store: CorpusStore, key: str, facts: pd.DataFrame) -> int:
    """Find again the organization-name terms of reports whose branch or organization was edited
    since their facts were written (`facts`: rows of fact_queries.report_facts)."""
    current = [org_key(b, o) for b, o in zip(facts["branch"], facts["organization"], strict=True)]
    stale = facts[facts["org_key"] != pd.Series(current, index=facts.index)]
    if stale.empty:
        return 0
    names = dict(
        zip(stale["sha256"], zip(stale["branch"], stale["organization"], strict=True), strict=True)
    )
    fresh = {
        sha: facts_of(decode_analysis(data), *names[sha])
        for sha, data in store.iter_cached_analyses(key, list(names))
    }
    store.save_org_terms(key, fresh)
    return len(fresh)


def ensure_theme_hits(
    store: CorpusStore, texts: ResourceTexts, d: ThemeDictionary, progress: Progress | None = None
) -> int:
    """Hits per theme of every live report with facts, under dictionary `d`: from the cached
    theme results when there are, else scored now from its analysis (and cached)."""
    if not d.themes:
        return 0
    key = cache_key(texts)
    themes = themes_fingerprint(d)
    need = q.without_themes(store, key, themes)
    if not need:
        return 0
    tkey = theme_cache_key(key, d)
    hits: dict[str, tuple[int, ...]] = {}
    done = 0
    for sha, data in store.iter_cached_analyses(tkey, need):
        hits[sha] = report_themes_from_dict(data, d).counts
        if len(hits) >= BATCH:
            done += _save_hits(store, (key, themes, tkey), {}, hits, progress, (len(need), done))
            hits = {}
    done += _save_hits(store, (key, themes, tkey), {}, hits, progress, (len(need), done))
    hits = {}
    ids = [int(rid) for rid in q.themeless(store, key, themes)["id"]]  # not cached: scored now
    blobs: dict[str, dict | bytes] = {}
    for i in range(0, len(ids), BATCH):  # analyses loaded a batch at a time: memory stays flat
        corpus = load_corpus(store, texts, ids=ids[i : i + BATCH])
        for rid, sha in zip(corpus.ids, corpus.reports["sha256"], strict=True):
            _, res, blob = scored_themes(sha, corpus.analyses[rid], d)
            hits[sha], blobs[sha] = res.counts, blob
        if len(blobs) >= BATCH // 5:
            done += _save_hits(store, (key, themes, tkey), blobs, hits, progress, (len(need), done))
            hits, blobs = {}, {}
    done += _save_hits(store, (key, themes, tkey), blobs, hits, progress, (len(need), done))
    return done


def _save_hits(
    store: CorpusStore,
    keys: tuple[str, str, str],
    blobs: dict[str, dict | bytes],
    hits: dict[str, tuple[int, ...]],
    progress: Progress | None,
    at: tuple[int, int],
) -> int:
    """Write theme hits, with the theme results scored now, in one transaction; `keys` are the
    analysis, theme-dictionary and theme-result fingerprints, `at` (total, done before)."""
    key, themes, tkey = keys
    if hits:
        store.save_analyses(tkey, blobs, theme_hits=(key, themes, hits))
        if progress:
            progress(at[1] + len(hits), at[0])
    return len(hits)


def prepare(
    store: CorpusStore,
    texts: ResourceTexts,
    d: ThemeDictionary,
    progress: Progress | None = None,
) -> str:
    """Everything 概览 queries, up to date: facts of every live report, their organization-name
    terms after metadata edits and their theme hits under `d`; returns the analysis fingerprint
    the facts are kept under (the key of fact_queries)."""
    key = cache_key(texts)
    ensure_facts(store, texts, progress)
    refresh_org_terms(store, key, q.report_facts(store, key, q.Filters()))
    ensure_theme_hits(store, texts, d, progress)
    return key


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    """The command line: backfill a store's facts and theme hits, printing progress."""
    from analysis.text import theme_dictionary

    parser = argparse.ArgumentParser(prog="python -m analysis.corpus.backfill")
    parser.add_argument("--db", required=True, help="语料库数据库：文件路径或 postgresql:// 连接串")
    parser.add_argument("--workers", type=int, default=None, help="分析尚未分析的报告所用进程数")
    parser.add_argument(
        "--prune", action="store_true", help="算完后删除旧版本分析规则留下的缓存（升级后只需一次）"
    )
    args = parser.parse_args(argv)
    store = CorpusStore(args.db)
    texts = resource_texts(store)
    t0 = time.perf_counter()
    n = ensure_facts(store, texts, lambda i, t: echo(f"汇总数据 {i}/{t}"), args.workers)
    d = theme_dictionary.parse_theme_dictionary(texts.themes)
    m = ensure_theme_hits(store, texts, d, lambda i, t: echo(f"主题命中 {i}/{t}"))
    echo(
        f"完成：{n} 份报告的汇总数据，{m} 份报告的主题命中，用时 {time.perf_counter() - t0:.1f} 秒"
    )
    if args.prune:
        cached, facts = store.prune_analyses(cache_key(texts))
        echo(f"已删除旧版本的缓存：{cached} 条分析与主题结果，{facts} 份汇总数据")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
