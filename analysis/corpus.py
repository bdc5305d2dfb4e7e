"""A corpus: the stored reports with their analyses, and the corpus-wide tables the pages and exports use.

Analyses are computed once per (content hash, resource fingerprint) and cached in the store, so
re-opening an unchanged corpus does no analysis at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.ingest import read_document
from analysis.metadata import infer_metadata, read_sidecar
from analysis.models import Analysis, analysis_from_dict
from analysis.pipeline import analyze_for_store, cache_key
from analysis.resources import DATA_DIR, ResourceTexts, default_texts, with_overrides
from analysis.store import CorpusStore

SAMPLES_DIR = DATA_DIR / "samples"
_SHARED_MAX = 24  # strings up to this length are interned when a corpus is loaded
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Corpus:
    """Report metadata (one row per report, indexed by id) and each report's analysis."""

    reports: pd.DataFrame
    analyses: dict[int, Analysis]

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

    def subset(self, ids: list[int]) -> Corpus:
        keep = [i for i in ids if i in self.analyses]
        sub = Corpus(self.reports.loc[keep], {i: self.analyses[i] for i in keep})
        if "labels" in self.__dict__:  # reuse the parent's labels (cached_property storage)
            sub.__dict__["labels"] = {i: self.labels[i] for i in keep}
        return sub


def _text(value: object) -> str:
    """A metadata cell as text ('' for None/NaN)."""
    return value if isinstance(value, str) else ""


def resource_texts(store: CorpusStore) -> ResourceTexts:
    """Shipped resources with the user's edits from the store applied."""
    return with_overrides(default_texts(), store.resource_overrides())


def _shared_strings(data: Any) -> Any:
    """A decoded analysis with dict keys and short strings interned (shared across reports).

    Term counts, section titles, units and kinds repeat across thousands of reports; sharing one
    string object per distinct value halves the memory of a loaded corpus (bench/README.md).
    """
    if isinstance(data, str):
        return sys.intern(data) if len(data) <= _SHARED_MAX else data
    if isinstance(data, dict):
        return {sys.intern(k): _shared_strings(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shared_strings(v) for v in data]
    return data


def _shared_terms(analysis: Analysis) -> Analysis:
    """A fresh analysis with its term and bigram keys interned (the bulk of its memory)."""
    intern = sys.intern
    return replace(
        analysis,
        term_counts={intern(k): v for k, v in analysis.term_counts.items()},
        bigram_counts={intern(k): v for k, v in analysis.bigram_counts.items()},
    )


class _ParsedCache:
    """Analyses already parsed in this process, by resource fingerprint and content hash.

    Analyses are immutable and keyed by content, so reusing them is invisible to callers; it makes
    re-loading after one added report cost one analysis, not N decodes. Holds only the reports of
    the latest load per fingerprint (at most two fingerprints).
    """

    def __init__(self) -> None:
        self._by_key: dict[str, dict[str, Analysis]] = {}

    def get(self, key: str) -> dict[str, Analysis]:
        return self._by_key.get(key, {})

    def remember(self, key: str, analyses: dict[str, Analysis]) -> None:
        self._by_key.pop(key, None)
        while len(self._by_key) >= 2:
            self._by_key.pop(next(iter(self._by_key)))
        self._by_key[key] = analyses

    def clear(self) -> None:
        self._by_key.clear()


_PARSED = _ParsedCache()


def load_corpus(
    store: CorpusStore,
    texts: ResourceTexts | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """All live reports with analyses; computes and caches only what is missing.

    Order of lookup: analyses parsed earlier in this process, then the store's cache, and only
    then analysis (across `workers` processes); texts are read only for reports to analyze.
    """
    texts = texts or resource_texts(store)
    key = cache_key(texts)
    reports = store.list_reports().set_index("id")
    shas: dict[int, str] = dict(zip(reports.index, reports["sha256"], strict=True))
    known = _PARSED.get(key)
    have = {sha: known[sha] for sha in set(shas.values()) if sha in known}
    need = [sha for sha in dict.fromkeys(shas.values()) if sha not in have]
    for sha, data in store.iter_cached_analyses(key, need):
        have[sha] = analysis_from_dict(_shared_strings(data))
    missing = store.texts_by_hash([sha for sha in need if sha not in have])
    fresh: dict[str, bytes] = {}
    for done, (sha, blob, analysis) in enumerate(
        analyze_for_store(missing, texts, workers), start=1
    ):
        have[sha] = _shared_terms(analysis)
        fresh[sha] = blob
        if progress:
            progress(done, len(missing))
        if len(fresh) >= 200:
            store.save_analyses(key, fresh)
            fresh = {}
    store.save_analyses(key, fresh)
    _PARSED.remember(key, have)
    live = [rid for rid, sha in shas.items() if sha in have]  # a report purged meanwhile drops out
    return Corpus(reports.loc[live], {rid: have[shas[rid]] for rid in live})


def ensure_samples(store: CorpusStore, samples_dir: Path = SAMPLES_DIR) -> int:
    """Load the embedded sample corpus into a new store, once; returns how many were added."""
    if store.get_meta("samples_loaded"):
        return 0
    sidecar = read_sidecar(samples_dir / "metadata.csv")
    added = 0
    for path in sorted(samples_dir.glob("*.txt")):
        doc = read_document(path.name, path.read_bytes())
        meta = sidecar.get(path.name) or infer_metadata(doc.text, path.name)
        if store.add(path.name, doc, meta.as_dict()).status == "added":
            added += 1
    store.set_meta("samples_loaded", "1")
    return added
