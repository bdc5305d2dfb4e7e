"""A corpus: the stored reports with their analyses, and the corpus-wide tables the pages and exports use.

Analyses are computed once per (content hash, resource fingerprint) and cached in the store, so
re-opening an unchanged corpus does no analysis at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.ingest import read_document
from analysis.metadata import infer_metadata, read_sidecar
from analysis.models import Analysis, analysis_from_dict
from analysis.pipeline import analyze_many, cache_key
from analysis.resources import DATA_DIR, ResourceTexts, default_texts, with_overrides
from analysis.store import CorpusStore

SAMPLES_DIR = DATA_DIR / "samples"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Corpus:
    """Report metadata (one row per report, indexed by id) and each report's analysis."""

    reports: pd.DataFrame
    analyses: dict[int, Analysis]

    @property
    def ids(self) -> list[int]:
        return list(self.reports.index)

    def label(self, report_id: int) -> str:
        """How a report is named in charts: its branch, else its title."""
        row = self.reports.loc[report_id]
        return str(row["branch"] or row["title"] or f"报告{report_id}")

    def subset(self, ids: list[int]) -> Corpus:
        keep = [i for i in ids if i in self.analyses]
        return Corpus(self.reports.loc[keep], {i: self.analyses[i] for i in keep})


def resource_texts(store: CorpusStore) -> ResourceTexts:
    """Shipped resources with the user's edits from the store applied."""
    return with_overrides(default_texts(), store.resource_overrides())


def load_corpus(
    store: CorpusStore,
    texts: ResourceTexts | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """All live reports with analyses; computes and caches only what is missing."""
    texts = texts or resource_texts(store)
    key = cache_key(texts)
    reports = store.list_reports().set_index("id")
    raw = store.texts()
    shas = [sha for sha, _, _ in raw.values()]
    cached = store.cached_analyses(key, shas)
    missing = {sha: (text, hints) for sha, text, hints in raw.values() if sha not in cached}
    fresh: dict[str, dict] = {}
    for done, (sha, data) in enumerate(analyze_many(missing, texts, workers), start=1):
        fresh[sha] = data
        if progress:
            progress(done, len(missing))
        if len(fresh) >= 200:
            store.save_analyses(key, fresh)
            cached.update(fresh)
            fresh = {}
    store.save_analyses(key, fresh)
    cached.update(fresh)
    analyses = {rid: analysis_from_dict(cached[sha]) for rid, (sha, _, _) in raw.items()}
    return Corpus(reports, analyses)


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
