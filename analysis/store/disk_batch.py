"""Files on disk through the upload page's batch reader: the CLI's `ingest` reads a .zip and its
metadata.csv, names members, marks duplicates and saves exactly as the upload page does.

Each path is read, identified and saved before the next (memory stays flat over thousands of
files); scans wait until the end, then are read by OCR across `workers` processes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from analysis.core.models import AnalysisError
from analysis.io.names import safe_filename
from analysis.io.zipped import SIDECAR_NAMES
from analysis.store.database import CorpusStore
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
)
from analysis.text.metadata import Metadata, parse_sidecar


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


def ingest_paths(
    store: CorpusStore,
    paths: Sequence[str],
    sidecar: Mapping[str, Metadata] | None = None,
    progress: ScanProgress | None = None,
    workers: int = 1,
) -> Iterator[Item]:
    """Read, identify and save every file (a .zip gives its members, its metadata.csv applied);
    yields each Item once saved (added / restored / duplicate / failed / sidecar)."""
    tables = [p for p in paths if Path(p).name.lower() in SIDECAR_NAMES]
    rows, table_items = _sidecars(tables)
    rows = {**rows, **(sidecar or {})}
    yield from table_items
    scans: list[Item] = []
    for path in (p for p in paths if p not in tables):
        data = read_file_bytes(Path(path))
        if isinstance(data, AnalysisError):
            yield Item(path, safe_filename(Path(path).name), "failed", data.message)
            continue
        read = read_upload(Path(path).name, data, store, ocr=False)
        items = finalize([_on_disk(path, read)], store, rows)
        scans += [i for i in items if i.status == SCAN]
        yield from commit_batch(store, [i for i in items if i.status != SCAN])
    if scans:
        read = read_scans_of(scans, store, progress, workers)
        yield from commit_batch(store, finalize([read], store, rows))
