"""Reading a batch of report files with OCR put last, spread over a worker pool, and cached.

Scans must not hold up the rest: every file is first read with OCR put off (`read_document(…,
ocr=False)`), so text, Word and text-layer PDF files are ready at once; the files that need OCR are
read afterwards, one per worker process (`workers` > 1, spawned: each loads its own engine, about
a second) or in this process. What OCR read from a
file is kept in the store by the SHA-256 of the file's bytes (the `scans` table), so the same scan
uploaded again, or ingested again by the CLI, is never OCR'd twice.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core.models import AnalysisError, Extracted
from analysis.core.workers import die_with_parent
from analysis.io.errors import MSG_READ_FAILED, MSG_UNEXPECTED, IngestError, NeedsOcr
from analysis.io.ingest import read_document
from analysis.io.names import safe_filename, shown_name
from analysis.io.zipped import expand_upload, member_label
from analysis.store.caches import file_hash
from analysis.store.database import CorpusStore

logger = logging.getLogger(__name__)

PageProgress = Callable[[int, int], None]  # (pages done, pages in all) of one scan


@dataclass(frozen=True)
class Scan:
    """A file left for OCR: its key in the caller's batch, name and bytes."""

    key: str
    filename: str
    data: bytes = field(repr=False)
    position: int = 0  # its place among the files of the batch


def cached_scan(store: CorpusStore | None, data: bytes) -> Extracted | None:
    """What OCR read from these bytes before (kept in the store), or None."""
    if store is None:
        return None
    try:
        hit = store.scan_text(file_hash(data))
    except Exception:  # the cache is a speed-up: a failing lookup reads the file again
        logger.exception("OCR cache lookup failed")
        return None
    if hit is None:
        return None
    fmt, text, confidence = hit
    return Extracted(text=text, fmt=fmt, ocr=True, ocr_confidence=confidence)


def remember_scan(store: CorpusStore | None, data: bytes, doc: Extracted) -> None:
    """Keep an OCR'd text in the store by the file's hash (a failure only costs speed later)."""
    if store is None or not doc.ocr:
        return
    try:
        store.save_scan_text(file_hash(data), doc)
    except Exception:
        logger.exception("OCR cache write failed")


# How a PDF or an image file begins: only such files can have been read by OCR.
_SCAN_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
)


def _may_be_scan(data: bytes) -> bool:
    """Whether the bytes are a PDF or an image (others need no lookup in the OCR cache)."""
    return data.startswith(_SCAN_MAGIC) or b"%PDF-" in data[:1024]


def read_first(store: CorpusStore | None, filename: str, data: bytes) -> Extracted | None:
    """The document without OCR (or a scan OCR'd before, from the cache); None when it needs OCR.

    Raises AnalysisError for a file that cannot be read at all."""
    hit = cached_scan(store, data) if _may_be_scan(data) else None
    if hit is not None:
        return hit
    try:
        return read_document(filename, data, ocr=False)
    except NeedsOcr:
        return None


def _worker_start(threads: int, parent_pid: int) -> None:
    """A fresh OCR worker: dies with its parent, its share of the cores, its own engine."""
    from analysis.io.ocr import use_threads

    die_with_parent(parent_pid)
    use_threads(threads)


def _ocr_job(job: tuple[str, bytes, PageProgress | None]) -> Extracted | AnalysisError:
    """Worker side: one scan read by OCR, or why not (never raises)."""
    filename, data, progress = job
    return _safe(lambda: read_document(filename, data, progress=progress), filename)


def _safe(read: Callable[[], Extracted], filename: str) -> Extracted | AnalysisError:
    """`read()`, or the reason it failed; an unexpected reader error fails this file only."""
    try:
        return read()
    except AnalysisError as exc:
        return exc
    except Exception as exc:
        logger.exception("OCR of %s failed", filename)
        return IngestError(MSG_UNEXPECTED.format(kind=type(exc).__name__))


def read_scans(
    store: CorpusStore | None,
    scans: Sequence[Scan],
    progress: Callable[[Scan], PageProgress | None] | None = None,
    workers: int = 1,
) -> Iterator[tuple[Scan, Extracted | AnalysisError]]:
    """Each scan read by OCR: those cached in the store first, then the others in order across
    `workers` processes (the same file twice in a batch is OCR'd once).

    `progress(scan)` gives the page-progress callback of one scan; with a pool it runs in the
    worker, so it must be picklable (a module-level function or a partial of one)."""
    todo: list[Scan] = []
    for scan in scans:
        hit = cached_scan(store, scan.data)
        if hit is not None:
            yield scan, hit
        else:
            todo.append(scan)
    unique = list({file_hash(s.data): s for s in reversed(todo)}.values())[::-1]
    results = _ocr_all(unique, progress, workers)
    done: dict[str, Extracted | AnalysisError] = {}
    for scan in todo:
        key = file_hash(scan.data)
        if key not in done:
            result = done[key] = next(results)
            if isinstance(result, Extracted):
                remember_scan(store, scan.data, result)
        yield scan, done[key]


def _ocr_all(
    scans: list[Scan], progress: Callable[[Scan], PageProgress | None] | None, workers: int
) -> Iterator[Extracted | AnalysisError]:
    """The OCR result of each scan, in order, in this process or across a spawned pool."""
    jobs = [(s.filename, s.data, progress(s) if progress else None) for s in scans]
    workers = min(workers, len(jobs))
    if workers <= 1:
        yield from map(_ocr_job, jobs)
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = max(1, (cores or 1) // workers)
    # Spawned, not forked: the ONNX runtime of a process that already ran OCR does not survive a
    # fork (the child hangs); a fresh interpreter builds its own engine.
    context = mp.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_start, initargs=(threads, os.getpid())
    ) as pool:
        yield from pool.map(_ocr_job, jobs)


def read_file_bytes(path: Path) -> bytes | AnalysisError:
    """The file's bytes, or a Chinese reason it cannot be read (missing, no permission …)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        return IngestError(MSG_READ_FAILED.format(reason=exc.strerror or type(exc).__name__))


def _first_or_reason(
    store: CorpusStore | None, name: str, content: bytes
) -> Extracted | AnalysisError | None:
    """`read_first`, its failure as a value (an unexpected reader error fails this file only)."""
    try:
        return read_first(store, name, content)
    except AnalysisError as exc:
        return exc
    except Exception as exc:  # a reader bug must not stop the batch
        logger.exception("reading %s failed", shown_name(name))
        return IngestError(MSG_UNEXPECTED.format(kind=type(exc).__name__))


def _members(path: str) -> list[tuple[str, bytes | AnalysisError]] | AnalysisError:
    """The files in one path (a .zip gives its members), or why it cannot be read."""
    data = read_file_bytes(Path(path))
    if isinstance(data, AnalysisError):
        return data
    try:
        members: list[tuple[str, bytes | AnalysisError]] = [*expand_upload(Path(path).name, data)]
    except AnalysisError as exc:
        return exc
    return members


def read_paths(
    paths: Sequence[str],
    store: CorpusStore | None = None,
    progress: Callable[[Scan], PageProgress | None] | None = None,
    workers: int = 1,
    ordered: bool = False,
) -> Iterator[tuple[str, Extracted | AnalysisError]]:
    """(label, document or the error) for every file on disk; a .zip gives its members
    ("batch.zip › report.txt"). Scans come last (OCR across `workers` processes, cached in
    `store`), or in their place among the others when `ordered`."""
    done: list[tuple[str, Extracted | AnalysisError]] = []
    scans: list[Scan] = []
    for p in paths:
        members = _members(p)
        if isinstance(members, AnalysisError):
            done.append((p, members))
            members = []
        for name, content in members:
            single = len(members) == 1 and name == safe_filename(Path(p).name)
            label = p if single else member_label(p, name)
            if isinstance(content, AnalysisError):
                done.append((label, content))
                continue
            doc = _first_or_reason(store, name, content)
            if doc is None:
                scans.append(Scan(label, name, content, len(done) + len(scans)))
            else:
                done.append((label, doc))
        if not ordered:
            yield from done
            done = []
    results = read_scans(store, scans, progress, workers)
    if not ordered:
        yield from ((scan.key, result) for scan, result in results)
        return
    for scan, result in sorted(results, key=lambda pair: pair[0].position):
        done.insert(scan.position, (scan.key, result))
    yield from done
