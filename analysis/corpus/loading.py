"""A corpus: the stored reports with their analyses, and the corpus-wide tables the pages and exports use.

Analyses are computed once per (content hash, resource fingerprint) and cached in the store, so
re-opening an unchanged corpus does no analysis at all.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import sys
import threading
from collections.abc import Callable, Collection, Hashable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

import pandas as pd

from analysis.core.codec import encode_analysis
from analysis.core.models import (
    Analysis,
    AnalysisError,
    Cleaned,
    Formulation,
    Indicator,
    Measure,
    OutlineNode,
    Structure,
)
from analysis.core.resources import DATA_DIR, ResourceTexts, default_texts, with_overrides
from analysis.core.workers import die_with_parent
from analysis.io.errors import is_disk_full
from analysis.io.ingest import read_document
from analysis.store.database import CorpusStore
from analysis.store.facts import ReportFacts, facts_of
from analysis.store.saving import save_report
from analysis.text.metadata import infer_metadata, read_sidecar
from analysis.text.pipeline import analyze_for_store, cache_key
from analysis.text.theme_dictionary import ThemeDictionary
from analysis.text.theme_results import (
    ReportThemes,
    report_themes,
    report_themes_from_dict,
    report_themes_to_dict,
    themes_fingerprint,
)

logger = logging.getLogger(__name__)
SAMPLES_DIR = DATA_DIR / "samples"
_SHARED_MAX = 24  # strings up to this length are interned when a corpus is loaded
Progress = Callable[[int, int], None]
T = TypeVar("T")
V = TypeVar("V")


@dataclass(frozen=True)
class Corpus:
    """Report metadata (one row per report, indexed by id) and each report's analysis.

    `reports["chars"]` is the cleaned length (`Analysis.chars`) when loaded by `load_corpus`.
    """

    reports: pd.DataFrame
    analyses: dict[int, Analysis]
    key: str = ""  # the analyses' cache key (pipeline.cache_key), "" when not from a store

    @property
    def ids(self) -> list[int]:
        return list(self.reports.index)

    @cached_property
    def labels(self) -> dict[int, str]:
        """Report id -> chart label, built once per corpus (a row lookup per call is slow)."""
        r = self.reports
        return {
            int(rid): _text(branch) or _text(title) or f"报告{rid}"
            for rid, branch, title in zip(r.index, r["branch"], r["title"], strict=True)
        }

    def label(self, report_id: int) -> str:
        """How a report is named in charts: its branch, else its title."""
        return self.labels[int(report_id)]

    def cached(self, name: Hashable, build: Callable[[Corpus], T]) -> T:
        """`build(self)`, computed once per corpus object: a corpus never changes, so tables
        derived from it (report list, formulations) are reused by every page run that shares it."""
        memo = self.__dict__.setdefault("_derived", {})
        if name not in memo:
            memo[name] = build(self)
        return memo[name]

    def subset(self, ids: list[int]) -> Corpus:
        keep = [i for i in ids if i in self.analyses]
        sub = Corpus(self.reports.loc[keep], {i: self.analyses[i] for i in keep}, self.key)
        if "labels" in self.__dict__:  # reuse the parent's labels (cached_property storage)
            sub.__dict__["labels"] = {i: self.labels[i] for i in keep}
        return sub


def _text(value: object) -> str:
    """A metadata cell as text ('' for None/NaN)."""
    return value if isinstance(value, str) else ""


def resource_texts(store: CorpusStore) -> ResourceTexts:
    """Shipped resources with the user's edits from the store applied."""
    return with_overrides(default_texts(), store.resource_overrides())


def _short(value: str) -> str:
    """Short strings interned: one object per distinct value across all reports."""
    return sys.intern(value) if len(value) <= _SHARED_MAX else value


# The builders below name each field (positional: 2x faster than `**fields` with interning);
# test_corpus checks that they equal models.analysis_from_dict.


def _node(d: dict) -> OutlineNode:
    children = d.get("children")
    return OutlineNode(
        d["level"],
        _short(d["marker"]),
        _short(d["title"]),
        _short(d["kind"]),
        d["start"],
        d["end"],
        tuple(_node(c) for c in children) if children else (),
    )


def _measure(d: dict) -> Measure:
    return Measure(
        _short(d["title"]),
        d["level"],
        _short(d["kind"]),
        tuple(map(_short, d["section"])),
        _short(d["text"]),
        d["start"],
        d["end"],
        tuple(map(_short, d.get("themes", ()))),
        _short(d.get("path", "")),
        _short(d.get("parent", "")),
        bool(d.get("has_children", False)),
    )


def _indicator(d: dict) -> Indicator:
    return Indicator(
        d["value"],
        _short(d["unit"]),
        _short(d["subject"]),
        d["approx"],
        d["redacted"],
        _short(d["category"]),
        _short(d["raw"]),
        _short(d["sentence"]),
        d["start"],
    )


def _keys(counts: dict[str, int]) -> dict[str, int]:
    """Term counts with interned keys (the same terms recur in every report)."""
    return dict(zip(map(sys.intern, counts), counts.values(), strict=True))


def decode_analysis(data: dict) -> Analysis:
    """A stored analysis dict as an Analysis, with term keys and short strings shared across
    reports: equal to `models.analysis_from_dict(data)`, at about half the memory per report.

    Term counts, section titles, units and kinds repeat across thousands of reports; sharing one
    string object per distinct value halves the memory of a loaded corpus (bench/README.md).
    """
    c, s = data["cleaned"], data["structure"]
    return Analysis(
        title=_short(data["title"]),
        chars=data["chars"],
        cleaned=Cleaned(
            _short(c["text"]),
            tuple(map(_short, c.get("captions", ()))),
            c.get("redactions", 0),
            c.get("traditional", False),
        ),
        structure=Structure(
            outline=tuple(map(_node, s["outline"])),
            measures=tuple(map(_measure, s["measures"])),
        ),
        indicators=tuple(map(_indicator, data["indicators"])),
        formulations=tuple(
            Formulation(_short(f["term"]), f["count"], f["numbered"]) for f in data["formulations"]
        ),
        term_counts=_keys(data["term_counts"]),
        bigram_counts=_keys(data["bigram_counts"]),
        failed=tuple(data.get("failed", ())),
        org_names=None if data.get("org_names") is None else tuple(map(_short, data["org_names"])),
    )


def _shared_terms(analysis: Analysis) -> Analysis:
    """A fresh analysis with its term and bigram keys interned (the bulk of its memory)."""
    intern = sys.intern
    return replace(
        analysis,
        term_counts={intern(k): v for k, v in analysis.term_counts.items()},
        bigram_counts={intern(k): v for k, v in analysis.bigram_counts.items()},
    )


class _ParsedCache(Generic[V]):
    """Results already parsed in this process (analyses, theme results), by key and content hash.

    They are immutable and keyed by content, so reusing them is invisible to callers; it makes
    re-loading after one added report cost one analysis, not N decodes. Holds only the reports of
    the latest load per key (at most two keys).
    """

    def __init__(self) -> None:
        self._by_key: dict[str, dict[str, V]] = {}

    def get(self, key: str) -> dict[str, V]:
        return self._by_key.get(key, {})

    def remember(self, key: str, results: dict[str, V]) -> None:
        self._by_key.pop(key, None)
        while len(self._by_key) >= 2:
            self._by_key.pop(next(iter(self._by_key)))
        self._by_key[key] = results

    def clear(self) -> None:
        self._by_key.clear()


_PARSED: _ParsedCache[Analysis] = _ParsedCache()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: decoding makes millions of acyclic objects, and each
    full collection would walk all of them again (15 % of loading 10,000 reports)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_corpus(
    store: CorpusStore,
    texts: ResourceTexts | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    analyze: Callable[..., Iterator[tuple[str, bytes | None, Analysis]]] | None = None,
    ids: Collection[int] | None = None,
) -> Corpus:
    """All live reports (or those of `ids`) with analyses; computes and caches only what is
    missing, each new analysis with its facts (analysis/store/facts.py).

    Order of lookup: analyses parsed earlier in this process, then the store's cache, and only
    then analysis (across `workers` processes, or what `analyze` runs on, e.g. a Dask cluster:
    analysis.corpus.distributed); texts are read only for reports to analyze.
    """
    texts = texts or resource_texts(store)
    key = cache_key(texts)
    # `ids`: one report or a few, loaded on demand (报告详情, evidence, an upload's backfill)
    reports = store.list_reports(ids=ids).set_index("id")
    pairs = zip(reports["branch"], reports["organization"], strict=True)
    names = dict(zip(reports["sha256"], pairs, strict=True))  # what org-name terms are found with
    shas: dict[int, str] = dict(zip(reports.index, reports["sha256"], strict=True))
    known = _PARSED.get(key)
    have = {sha: known[sha] for sha in set(shas.values()) if sha in known}
    need = [sha for sha in dict.fromkeys(shas.values()) if sha not in have]
    with _gc_paused():
        for sha, data in store.iter_cached_analyses(key, need):
            have[sha] = decode_analysis(data)
    missing = store.texts_by_hash([sha for sha in need if sha not in have])
    fresh: dict[str, dict | bytes] = {}
    facts: dict[str, ReportFacts] = {}
    crashed: set[str] = set()
    run = analyze or analyze_for_store  # looked up at call time (the pool, unless given)
    for done, (sha, blob, analysis) in enumerate(run(missing, texts, workers), start=1):
        have[sha] = _shared_terms(analysis)
        facts[sha] = facts_of(analysis, *names.get(sha, ("", "")))
        if blob is None:  # a step crashed (logged): shown as failed, analyzed again next time
            crashed.add(sha)
        else:
            fresh[sha] = blob
        if progress:
            progress(done, len(missing))
        if len(facts) >= 200:
            store.save_analyses(key, fresh, facts)
            fresh, facts = {}, {}
    store.save_analyses(key, fresh, facts)
    if crashed:
        logger.warning(
            "%d reports: an analysis step failed, results not cached: %s",
            len(crashed),
            sorted(crashed),
        )
    if ids is None:  # a subset (loaded on demand) keeps no analyses: memory stays low
        _PARSED.remember(key, {sha: a for sha, a in have.items() if sha not in crashed})
    live = [rid for rid, sha in shas.items() if sha in have]  # a report purged meanwhile drops out
    analyses = {rid: have[shas[rid]] for rid in live}
    return Corpus(with_clean_chars(reports.loc[live], analyses), analyses, key)


def with_clean_chars(reports: pd.DataFrame, analyses: Mapping[int, Analysis]) -> pd.DataFrame:
    """`reports` with its `chars` column set to each report's cleaned length (Analysis.chars):
    the store keeps the raw length, but every page, export and the CLI count cleaned characters."""
    out = reports.copy()
    out["chars"] = pd.array([analyses[rid].chars for rid in out.index], dtype="int64")
    return out


_THEMES: _ParsedCache[ReportThemes] = (
    _ParsedCache()
)  # compact theme results, by theme key and content hash
_PARALLEL_MIN = 400  # fewer reports to score than this are scored in this process
_FORKED: tuple[dict[str, Analysis], ThemeDictionary] | None = None  # what forked workers read
_FORK_LOCK = threading.Lock()


def theme_cache_key(analysis_key: str, d: ThemeDictionary) -> str:
    """Cache key of theme results: the dictionary's rules and the analyses they were run on."""
    return f"themes-{themes_fingerprint(d)}-{analysis_key}"


def scored_themes(
    sha: str, analysis: Analysis, d: ThemeDictionary
) -> tuple[str, ReportThemes, bytes]:
    """(sha, theme results, their stored form) of one report."""
    res = report_themes(analysis.cleaned.text, analysis.structure.measures, d)
    return sha, res, encode_analysis(report_themes_to_dict(res, d))


def _score_chunk(shas: list[str]) -> list[tuple[str, ReportThemes, bytes]]:
    """Worker side of `_score_many`: the analyses are inherited from the forking process."""
    assert _FORKED is not None
    analyses, d = _FORKED
    return [scored_themes(sha, analyses[sha], d) for sha in shas]


def _score_many(
    todo: dict[str, Analysis], d: ThemeDictionary, workers: int | None = None
) -> Iterator[tuple[str, ReportThemes, bytes]]:
    """Theme results of many reports, across `workers` forked processes (default: all cores).

    Workers inherit the analyses (copy-on-write), so only the small results travel back: on two
    cores, scoring 10,000 reports takes about half the time.
    """
    global _FORKED
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(todo) < _PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        yield from (scored_themes(sha, a, d) for sha, a in todo.items())
        return
    shas = list(todo)
    chunks = [shas[i : i + 100] for i in range(0, len(shas), 100)]
    with _FORK_LOCK:
        _FORKED = (todo, d)  # set until done: workers may fork at any submit
        try:
            with ProcessPoolExecutor(
                workers,
                mp_context=mp.get_context("fork"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            ) as pool:
                for part in pool.map(_score_chunk, chunks):
                    yield from part
        finally:
            _FORKED = None


def load_themes(
    store: CorpusStore, corpus: Corpus, d: ThemeDictionary, workers: int | None = None
) -> dict[int, ReportThemes]:
    """Compact theme results (hits as offsets, themes of outline items) of every report.

    Like `load_corpus`: results kept in this process, then the store's cache, and only then
    computed (many across `workers` processes) and cached in the store when the corpus came from
    it, so a restarted app does not re-score the corpus.
    """
    key = theme_cache_key(corpus.key, d)
    shas = {
        int(rid): sha
        for rid, sha in zip(corpus.reports.index, corpus.reports["sha256"], strict=True)
        if rid in corpus.analyses
    }
    known = _THEMES.get(key)
    have = {sha: known[sha] for sha in set(shas.values()) if sha in known}
    need = [sha for sha in dict.fromkeys(shas.values()) if sha not in have]
    if corpus.key:
        for sha, data in store.iter_cached_analyses(key, need):
            try:
                have[sha] = report_themes_from_dict(data, d)
            except AnalysisError:  # damaged or foreign: computed again below
                logger.warning("theme cache unreadable, scored again: %s", sha[:12])
                continue
    by_sha = {sha: rid for rid, sha in shas.items()}
    todo = {sha: corpus.analyses[by_sha[sha]] for sha in need if sha not in have}
    fresh: dict[str, dict | bytes] = {}
    for sha, res, blob in _score_many(todo, d, workers):
        have[sha] = res
        fresh[sha] = blob
        if len(fresh) >= 500 and corpus.key:
            _save_themes(store, corpus.key, d, fresh, have)
            fresh = {}
    if corpus.key:
        _save_themes(store, corpus.key, d, fresh, have)
    _THEMES.remember(key, {**known, **have})  # a subset (one branch's reports) adds, not replaces
    return {rid: have[sha] for rid, sha in shas.items()}


def _save_themes(
    store: CorpusStore,
    analysis_key: str,
    d: ThemeDictionary,
    blobs: dict[str, dict | bytes],
    results: Mapping[str, ReportThemes],
) -> None:
    """Cache theme results with their hits per theme (the rows 概览's heatmap sums)."""
    hits = {sha: results[sha].counts for sha in blobs}
    store.save_analyses(
        theme_cache_key(analysis_key, d),
        blobs,
        theme_hits=(analysis_key, themes_fingerprint(d), hits),
    )


def ensure_samples(store: CorpusStore, samples_dir: Path = SAMPLES_DIR) -> int:
    """Load the embedded sample corpus into a new store, once; returns how many were added."""
    if store.get_meta("samples_loaded"):
        return 0
    sidecar = read_sidecar(samples_dir / "metadata.csv")
    added = 0
    try:
        for path in sorted(samples_dir.glob("*.txt")):
            doc = read_document(path.name, path.read_bytes())
            meta = sidecar.get(path.name) or infer_metadata(doc.text, path.name)
            if save_report(store, path.name, doc, meta).status == "added":
                added += 1
        store.set_meta("samples_loaded", "1")
    except Exception as exc:  # a full disk at first start: open on what is stored, try again later
        if not is_disk_full(exc):
            raise
        logger.warning("sample corpus not loaded (%d of it stored): the disk is full", added)
        store.cache_full = True  # the pages' one full-disk notice
    return added
