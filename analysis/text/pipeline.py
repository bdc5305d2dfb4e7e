"""The per-report analysis pipeline: clean -> structure, indicators, formulations, term counts.

`analyze_text` is a pure function of (text, resources), so results are cached by content hash and
resource fingerprint, and a batch runs across cores with a process pool. A step that crashes (a bug
on some text) is logged with its traceback, its part of the result left empty and named in
`Analysis.failed`; such an analysis is never cached, so the next load tries again.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from analysis.core.codec import encode_analysis
from analysis.core.facts import text_chars
from analysis.core.models import Analysis, Cleaned, Structure, to_dict
from analysis.core.resources import ResourceTexts
from analysis.core.workers import die_with_parent
from analysis.text.clean import clean_text
from analysis.text.formulations import FoldedText, extract_formulations, parse_known
from analysis.text.indicators import extract_indicators
from analysis.text.keywords import count_terms, top_keywords
from analysis.text.lexicon import build_lexicon
from analysis.text.metadata import infer_title
from analysis.text.org_terms import found_names
from analysis.text.orgnames import resources_fingerprint
from analysis.text.outline import parse_structure
from analysis.text.theme_dictionary import parse_theme_dictionary
from analysis.text.theme_scoring import score_themes, tag_measures

# Bump when the stored form of an analysis changes (the code fingerprint below catches the rest).
ANALYSIS_VERSION = "4"  # 2: measure tree (path, parent, has_children), ages; 3: org_names; 4: +code
# What an analysis is computed from besides the report and the user's dictionaries: the
# extraction code and the shipped word lists. A change to any of them invalidates cached analyses,
# so an upgraded app never shows results of the code it replaced.
_CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "core")
_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

Hints = tuple[tuple[int, str], ...]
R = TypeVar("R")
logger = logging.getLogger(__name__)

# The steps of analyze_text and how a page names the part a crashed step leaves empty.
STEPS = {
    "clean": "文本清洗",
    "structure": "大纲与举措",
    "terms": "关键词",
    "indicators": "数字指标",
    "formulations": "提法",
    "title": "标题",
    "org_names": "机构名称",
}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Content hash of the extraction code (analysis/text, analysis/core) and data/*.txt."""
    h = hashlib.sha256()
    files = [f for d in _CODE_DIRS for f in d.rglob("*.py")] + list(_DATA_DIR.glob("*.txt"))
    for path in sorted(files):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:8]


def cache_key(texts: ResourceTexts) -> str:
    """The fingerprint analyses are cached under: stored-form version, core resources, the
    shipped organization-name grammar and the extraction code (code_fingerprint)."""
    return (
        f"v{ANALYSIS_VERSION}-{texts.core_fingerprint()}-{resources_fingerprint()}"
        f"-{code_fingerprint()}"
    )


class _Steps:
    """Runs the steps of one analysis; a crashed step is logged and its empty result used."""

    def __init__(self, sha: str = "") -> None:
        self.sha = sha
        self.failed: list[str] = []

    def run(self, step: str, build: Callable[[], R], empty: Callable[[], R]) -> R:
        """`build()`, or `empty()` when it raises (logged with the traceback, step remembered)."""
        try:
            return build()
        except Exception:
            logger.exception(
                "analysis step %s failed (report %s): its part left empty, not cached",
                step,
                self.sha[:12],
            )
            self.failed.append(step)
            return empty()


def analyze_text(text: str, texts: ResourceTexts, hints: Hints = (), sha: str = "") -> Analysis:
    """Analyze one report's extracted text; never raises on any text.

    A step that crashes is logged and named in `Analysis.failed` (its part empty): callers must
    not cache such a result (`cacheable`). `sha` only names the report in the log.
    """
    steps = _Steps(sha)
    # Word heading-style paragraphs are never taken as photo captions nor joined to a neighbour.
    headings = tuple(title for _, title in hints)
    cleaned = steps.run("clean", lambda: clean_text(text, headings=headings), lambda: Cleaned(text))
    lex = build_lexicon(texts)
    body = cleaned.text
    structure = steps.run("structure", lambda: _structure(body, hints), Structure)
    terms, bigrams = steps.run("terms", lambda: count_terms(lex, body), lambda: ({}, {}))
    scan = FoldedText(body, parse_known(texts.formulations))  # scanned once, for both
    return Analysis(
        title=steps.run("title", lambda: infer_title(body), str),
        chars=text_chars(body),
        cleaned=cleaned,
        structure=structure,
        indicators=steps.run("indicators", lambda: extract_indicators(scan), tuple),
        formulations=steps.run("formulations", lambda: extract_formulations(scan), tuple),
        term_counts=terms,
        bigram_counts=bigrams,
        org_names=steps.run("org_names", lambda: found_names(body), tuple[str, ...]),
        failed=tuple(steps.failed),
    )


def _structure(text: str, hints: Hints) -> Structure:
    """The outline of a cleaned text; the hints go through the same cleaning (e.g. Traditional
    -> Simplified) so they match the text."""
    cleaned_hints = tuple((level, clean_text(title).text.strip()) for level, title in hints)
    return parse_structure(text, cleaned_hints)


def cacheable(analysis: Analysis) -> bool:
    """Whether an analysis may be cached: no step crashed."""
    return not analysis.failed


def failure_message(analysis: Analysis) -> str:
    """A Chinese sentence for a page when a step crashed on this report ("" when none did)."""
    if not analysis.failed:
        return ""
    parts = "、".join(STEPS.get(step, step) for step in analysis.failed)
    return f"本报告的{parts}分析出错，相应结果为空（错误已记入日志，下次打开时会重新分析）。"


def _analyze_job(args: tuple[str, str, Hints, ResourceTexts]) -> tuple[str, dict]:
    sha, text, hints, texts = args
    return sha, to_dict(analyze_text(text, texts, hints, sha))


def _analysis_job(args: tuple[str, str, Hints, ResourceTexts]) -> tuple[str, Analysis]:
    sha, text, hints, texts = args
    return sha, analyze_text(text, texts, hints, sha)


def _stored_job(args: tuple[str, str, Hints, ResourceTexts]) -> tuple[str, bytes | None, Analysis]:
    """(sha, stored bytes or None when the analysis must not be cached, Analysis)."""
    sha, text, hints, texts = args
    analysis = analyze_text(text, texts, hints, sha)
    return sha, encode_analysis(analysis) if cacheable(analysis) else None, analysis


def _run(
    job: Callable[[Any], R], jobs: list, texts: ResourceTexts, workers: int | None
) -> Iterator[R]:
    """Map `job` over `jobs` in order, in this process or across a process pool.

    The lexicon is built before the pool starts, so forked workers (Linux) inherit it instead of
    each loading the dictionary again; jobs go out in chunks to amortize inter-process overhead.
    A forked worker shares the caller's memory copy-on-write: it dirties ~100 MB of its own even
    when the caller holds a large corpus (measured: bench/README.md). Workers die with the
    caller and hold none of its sockets (`core.workers`), so a killed app frees its port.
    """
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(jobs) < 4:
        yield from map(job, jobs)
        return
    build_lexicon(texts)
    chunk = max(1, min(16, len(jobs) // (workers * 4)))
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(job, jobs, chunksize=chunk)


def analyze_many(
    items: Mapping[str, tuple[str, Hints]], texts: ResourceTexts, workers: int | None = None
) -> Iterable[tuple[str, dict]]:
    """Yield (sha256, analysis dict) for every item, across `workers` processes (default: all cores)."""
    jobs = [(sha, text, hints, texts) for sha, (text, hints) in items.items()]
    yield from _run(_analyze_job, jobs, texts, workers)


def analyze_documents(
    items: Mapping[str, tuple[str, Hints]], texts: ResourceTexts, workers: int | None = None
) -> Iterator[tuple[str, Analysis]]:
    """Yield (key, Analysis) for every item, across `workers` processes (default: all cores)."""
    jobs = [(key, text, hints, texts) for key, (text, hints) in items.items()]
    yield from _run(_analysis_job, jobs, texts, workers)


def analyze_for_store(
    items: Mapping[str, tuple[str, Hints]], texts: ResourceTexts, workers: int | None = None
) -> Iterator[tuple[str, bytes | None, Analysis]]:
    """Yield (sha256, stored bytes, Analysis) per item: workers also encode, the caller only saves.

    The bytes are None for an analysis in which a step crashed: it must not be cached."""
    jobs = [(sha, text, hints, texts) for sha, (text, hints) in items.items()]
    yield from _run(_stored_job, jobs, texts, workers)


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
        "failed": list(analysis.failed),  # steps that crashed (logged); [] when all ran
    }
