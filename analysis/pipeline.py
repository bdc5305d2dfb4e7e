"""The per-report analysis pipeline: clean -> structure, indicators, formulations, term counts.

`analyze_text` is a pure function of (text, resources), so results are cached by content hash and
resource fingerprint, and a batch runs across cores with a process pool.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Mapping

from analysis.clean import clean_text
from analysis.formulations import extract_formulations
from analysis.indicators import extract_indicators
from analysis.keywords import count_terms, top_keywords
from analysis.lexicon import build_lexicon
from analysis.metadata import infer_title
from analysis.models import Analysis, to_dict
from analysis.resources import ResourceTexts
from analysis.structure import parse_structure
from analysis.themes import parse_theme_dictionary, score_themes, tag_measures

# Bump when the output of analyze_text changes for the same input: invalidates cached analyses.
ANALYSIS_VERSION = "1"

Hints = tuple[tuple[int, str], ...]


def cache_key(texts: ResourceTexts) -> str:
    """The fingerprint analyses are cached under (algorithm version + core resources)."""
    return f"v{ANALYSIS_VERSION}-{texts.core_fingerprint()}"


def analyze_text(text: str, texts: ResourceTexts, hints: Hints = ()) -> Analysis:
    """Analyze one report's extracted text; never raises on any text."""
    cleaned = clean_text(text)
    lex = build_lexicon(texts)
    structure = parse_structure(cleaned.text, hints)
    terms, bigrams = count_terms(lex, cleaned.text)
    return Analysis(
        title=infer_title(cleaned.text),
        chars=len(cleaned.text),
        cleaned=cleaned,
        structure=structure,
        indicators=extract_indicators(cleaned.text),
        formulations=extract_formulations(cleaned.text),
        term_counts=terms,
        bigram_counts=bigrams,
    )


def _analyze_job(args: tuple[str, str, Hints, ResourceTexts]) -> tuple[str, dict]:
    sha, text, hints, texts = args
    return sha, to_dict(analyze_text(text, texts, hints))


def analyze_many(
    items: Mapping[str, tuple[str, Hints]], texts: ResourceTexts, workers: int | None = None
) -> Iterable[tuple[str, dict]]:
    """Yield (sha256, analysis dict) for every item, across `workers` processes (default: all cores)."""
    workers = workers or os.cpu_count() or 1
    jobs = [(sha, text, hints, texts) for sha, (text, hints) in items.items()]
    if workers <= 1 or len(jobs) < 4:
        yield from map(_analyze_job, jobs)
        return
    chunk = max(1, min(32, len(jobs) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_analyze_job, jobs, chunksize=chunk)


def report_record(
    analysis: Analysis,
    meta: Mapping[str, object],
    source: str,
    texts: ResourceTexts,
    officialese: bool = True,
    n_keywords: int = 20,
) -> dict:
    """The CLI JSON object of one report (the contract documented in the README)."""
    themes = parse_theme_dictionary(texts.themes)
    scores = score_themes(analysis.cleaned.text, themes)
    measures = tag_measures(analysis.structure.measures, themes)
    lex = build_lexicon(texts)
    keywords = top_keywords(
        analysis.term_counts, analysis.chars, lex, n=n_keywords, officialese=officialese
    )
    return {
        "source": source,
        "title": str(meta.get("title") or analysis.title),
        "branch": str(meta.get("branch") or ""),
        "organization": str(meta.get("organization") or ""),
        "year": meta.get("year"),
        "kind": str(meta.get("kind") or ""),
        "chars": analysis.chars,
        "measures": [to_dict(m) for m in measures],
        "indicators": [to_dict(i) for i in analysis.indicators],
        "formulations": [to_dict(f) for f in analysis.formulations],
        "themes": {k: round(v, 3) for k, v in scores.scores.items()},
        "keywords": [to_dict(k) for k in keywords],
        "redactions": analysis.cleaned.redactions,
        "captions": list(analysis.cleaned.captions),
    }
