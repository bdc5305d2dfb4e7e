"""Files on disk through the upload page's batch reader: the CLI's `ingest` reads a .zip and its
metadata.csv, names members, marks duplicates and saves exactly as the upload page does.

Files are read and identified in chunks (across `readers` forked processes when more than one)
and saved `SAVE_BATCH` reports to a transaction, so memory stays flat over 100,000 files and a
commit is not paid per report; scans wait until the end, then are read by OCR across `workers`
processes. A directory stands for the files under it.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from analysis.core.models import AnalysisError
from analysis.core.workers import die_with_parent
from analysis.io.names import safe_filename
from analysis.io.zipped import SIDECAR_NAMES
from analysis.store.database import CorpusStore
from analysis.store.integrity import StoreDamagedError
from analysis.store.roster import load_roster
from analysis.store.saving import save_reports
from analysis.store.scan_reading import read_file_bytes
from analysis.store.uploads import (
    MSG_SIDECAR,
    SCAN,
    Item,
    ScanProgress,
    commit_batch,
    finalize,
    read_scans_of,
    read_upload,
    saved_item,
)
from analysis.text.metadata import Metadata, parse_sidecar
from analysis.text.roster import Roster

logger = logging.getLogger(__name__)

SAVE_BATCH = 200  # reports per transaction
READ_CHUNK = 20  # files per reading task of a worker

_CONTEXT: tuple[Mapping[str, Metadata], Roster] | None = None  # a reading worker's sidecar, roster


def expand_paths(paths: Sequence[str]) -> list[str]:
    """The paths given, a directory replaced by the files under it (sorted by path)."""
    out: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            out += sorted(str(p) for p in Path(path).rglob("*") if p.is_file())
        else:
            out.append(path)
    return out


def _sidecars(paths: Sequence[str]) -> tuple[dict[str, Metadata], list[Item]]:
    """The rows of the metadata tables among `paths` (they apply to every file, as on the upload
    page), and an Item per table (read, or failed with its reason)."""
    rows: dict[str, Metadata] = {}
    items: list[Item] = []
    for path in paths:
        name = safe_filename(Path(path).name)
        data = read_file_bytes(Path(path))
        try:
            if isinstance(data, AnalysisError):
                raise data
            found = parse_sidecar(name, data)
        except AnalysisError as exc:
            items.append(Item(path, name, "failed", exc.message))
            continue
        rows.update(found)
        items.append(Item(path, name, "sidecar", MSG_SIDECAR.format(n=len(found))))
    return rows, items


def _on_disk(path: str, items: list[Item]) -> list[Item]:
    """Items labelled by the path given (`batch.zip › 报告.txt` for a member), not the bare name."""
    safe = safe_filename(Path(path).name)
    return [replace(i, label=path + i.label[len(safe) :]) for i in items]


def read_path(path: str, rows: Mapping[str, Metadata], roster: Roster) -> list[Item]:
    """The items of one file (a zip: its members), read and identified, nothing saved."""
    data = read_file_bytes(Path(path))
    if isinstance(data, AnalysisError):
        return [Item(path, safe_filename(Path(path).name), "failed", data.message)]
    read = read_upload(Path(path).name, data, None, ocr=False, known=rows.keys())
    return finalize([_on_disk(path, read)], None, rows, roster)


def _init_reader(parent: int, rows: Mapping[str, Metadata], roster: Roster) -> None:
    global _CONTEXT
    die_with_parent(parent)
    _CONTEXT = (rows, roster)


def _read_chunk(paths: Sequence[str]) -> list[list[Item]]:
    assert _CONTEXT is not None
    return [read_path(p, *_CONTEXT) for p in paths]


def _read_all(
    paths: Sequence[str], rows: Mapping[str, Metadata], roster: Roster, readers: int
) -> Iterator[list[Item]]:
    """The items of each path, in order, read here or across `readers` forked processes."""
    if readers <= 1 or len(paths) < 2 * READ_CHUNK or "fork" not in mp.get_all_start_methods():
        yield from (read_path(p, rows, roster) for p in paths)
        return
    chunks = [paths[i : i + READ_CHUNK] for i in range(0, len(paths), READ_CHUNK)]
    with ProcessPoolExecutor(
        readers,
        mp_context=mp.get_context("fork"),
        initializer=_init_reader,
        initargs=(os.getpid(), rows, roster),
    ) as pool:
        for chunk in pool.map(_read_chunk, chunks):
            yield from chunk


def save_items(store: CorpusStore, items: Sequence[Item]) -> list[Item]:
    """Save the ready items in one transaction; when it fails (a full disk, a bad row), one
    transaction per item instead, so each failure is named and the others are kept."""
    ready = [i for i in items if i.status == "ready" and i.doc is not None]
    try:
        results = save_reports(store, [(i.filename, i.doc, i.meta) for i in ready if i.doc])
    except StoreDamagedError:
        raise
    except Exception:
        logger.exception("saving a batch of %d reports failed: saving one at a time", len(ready))
        return commit_batch(store, items)
    saved = dict(zip(map(id, ready), results, strict=True))
    return [saved_item(store, i, saved[id(i)]) if id(i) in saved else i for i in items]


def ingest_paths(
    store: CorpusStore,
    paths: Sequence[str],
    sidecar: Mapping[str, Metadata] | None = None,
    progress: ScanProgress | None = None,
    workers: int = 1,
    readers: int = 1,
) -> Iterator[Item]:
    """Read, identify and save every file (a .zip gives its members, its metadata.csv applied;
    a directory its files); yields each Item once saved (added / restored / duplicate / failed /
    sidecar)."""
    paths = expand_paths(paths)
    tables = [p for p in paths if Path(p).name.lower() in SIDECAR_NAMES]
    rows, table_items = _sidecars(tables)
    rows = {**rows, **(sidecar or {})}
    yield from table_items
    skip = set(tables)
    files = [p for p in paths if p not in skip]
    scans: list[Item] = []
    pending: list[Item] = []
    for items in _read_all(files, rows, load_roster(store), readers):
        scans += [i for i in items if i.status == SCAN]
        pending += [i for i in items if i.status != SCAN]
        if sum(i.status == "ready" for i in pending) >= SAVE_BATCH:
            yield from save_items(store, pending)
            pending = []
    yield from save_items(store, pending)
    if scans:
        read = read_scans_of(scans, store, progress, workers)
        yield from commit_batch(store, finalize([read], store, rows))
