"""Everything the store keeps about one report's analysis, computed in one place (a worker
process or a Dask worker) and written by the one process that writes: the stored analysis, its
facts (analysis/store/facts.py) and its theme results with their hits per theme.

Batch ingest computes these beside the analysis, so the writing process only runs SQL; the app's
first 概览 then finds facts and theme hits ready (no backfill at 100,000 reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.core.codec import encode_analysis
from analysis.core.resources import ResourceTexts
from analysis.store.database import CorpusStore
from analysis.store.facts import ReportFacts, facts_of
from analysis.text.pipeline import Hints, analyze_text, cacheable
from analysis.text.theme_dictionary import ThemeDictionary, parse_theme_dictionary
from analysis.text.theme_results import report_themes, report_themes_to_dict, themes_fingerprint

# (sha256, text, hints, branch, organization): one report to analyse, with the metadata names
# its organization-name terms are found with.
Job = tuple[str, str, Hints, str, str]


@dataclass(frozen=True)
class ReportResult:
    """One report's stored forms: analysis bytes (None when a step crashed: not cached), facts,
    theme-result bytes and hits per theme (in dictionary order)."""

    sha256: str
    analysis: bytes | None
    facts: ReportFacts
    themes: bytes
    theme_counts: tuple[int, ...]


@dataclass(frozen=True)
class ResultKeys:
    """Where results are cached: the analysis fingerprint, the theme-dictionary fingerprint and
    the theme results' cache key (loading.theme_cache_key)."""

    analysis: str
    themes: str
    theme_results: str


def result_of(job: Job, texts: ResourceTexts, d: ThemeDictionary) -> ReportResult:
    """Analyse one report and derive its facts and theme results (what load_corpus, the facts
    backfill and load_themes would store for it)."""
    sha, text, hints, branch, organization = job
    analysis = analyze_text(text, texts, hints, sha)
    themes = report_themes(analysis.cleaned.text, analysis.structure.measures, d)
    return ReportResult(
        sha,
        encode_analysis(analysis) if cacheable(analysis) else None,
        facts_of(analysis, branch, organization),
        encode_analysis(report_themes_to_dict(themes, d)),
        themes.counts,
    )


def results_of(jobs: Sequence[Job], texts: ResourceTexts) -> list[ReportResult]:
    """One batch of reports, in order, in this process (a pool or Dask worker's task)."""
    d = parse_theme_dictionary(texts.themes)
    return [result_of(job, texts, d) for job in jobs]


def theme_fingerprint_of(texts: ResourceTexts) -> str:
    """The fingerprint of the theme dictionary in `texts` (the key of report_themes rows)."""
    return themes_fingerprint(parse_theme_dictionary(texts.themes))


def save_results(store: CorpusStore, keys: ResultKeys, results: Sequence[ReportResult]) -> None:
    """Write a batch of results: analyses with their facts, then theme results with their hits
    (each write one transaction, as load_corpus and load_themes write them)."""
    if not results:
        return
    store.save_analyses(
        keys.analysis,
        {r.sha256: r.analysis for r in results if r.analysis is not None},
        {r.sha256: r.facts for r in results},
    )
    store.save_analyses(
        keys.theme_results,
        {r.sha256: r.themes for r in results},
        theme_hits=(keys.analysis, keys.themes, {r.sha256: r.theme_counts for r in results}),
    )
