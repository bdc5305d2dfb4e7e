"""An in-memory Corpus from files on disk, without a store: the one way the CLI's analyze, compare
and brief (and the tests) build one. Files are read (a .zip gives its members, scans by OCR),
identified (sidecar, inference, roster) and analysed across processes; ids are 1..n in order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis.core.escape import stored_name as plain_name
from analysis.core.models import AnalysisError, Extracted
from analysis.core.resources import ResourceTexts
from analysis.corpus.loading import Corpus
from analysis.io.names import safe_filename, shown_name
from analysis.io.zipped import member_of
from analysis.store.report_columns import ORIGINAL_FIELDS
from analysis.store.scan_reading import PageProgress, Scan, read_paths
from analysis.text.metadata import Metadata, infer_metadata
from analysis.text.pipeline import analyze_documents, report_record
from analysis.text.roster import Roster

COLUMNS = ["id", "title", "branch", "organization", "year", "kind", "chars", "added_at", "filename"]


@dataclass(frozen=True)
class FileReports:
    """The corpus of some files, with each report's label, full metadata and document; the ids
    of each group of paths given; and the files that could not be read, with why."""

    corpus: Corpus
    groups: list[list[int]]
    labels: dict[int, str] = field(default_factory=dict)
    metas: dict[int, Metadata] = field(default_factory=dict)
    docs: dict[int, Extracted] = field(default_factory=dict, repr=False)
    failures: list[tuple[str, AnalysisError]] = field(default_factory=list)


def stored_name(label: str) -> str:
    """The name kept with a report (and its fallback title): the file's own name (a zip member's
    without the archive's), made safe."""
    return safe_filename(Path(member_of(label)).name)


def _plain(meta: Metadata) -> Metadata:
    """Names as a store keeps them: one line, no control or bidi characters (from a sidecar)."""
    return replace(
        meta,
        title=plain_name(meta.title),
        branch=plain_name(meta.branch),
        organization=plain_name(meta.organization),
        kind=plain_name(meta.kind),
        parent=plain_name(meta.parent),
        branch_guess=plain_name(meta.branch_guess),
    )


def corpus_from_documents(
    docs: Sequence[tuple[str, Extracted]],
    texts: ResourceTexts,
    workers: int | None = None,
    metas: Mapping[str, Metadata] | None = None,
    roster: Roster | None = None,
) -> tuple[Corpus, dict[int, Metadata]]:
    """(Corpus of these (label, document) pairs with ids 1..n, metadata per id): the metadata
    table `metas` (by file name) first, then inference, the branch matched to `roster`."""
    found = {
        rid: _plain(infer_metadata(doc.text, stored_name(label), roster, metas or {}, doc.hints))
        for rid, (label, doc) in enumerate(docs, start=1)
    }
    items = {str(rid): (doc.text, doc.hints) for rid, (_, doc) in enumerate(docs, start=1)}
    analyses = {int(key): a for key, a in analyze_documents(items, texts, workers)}
    rows = [
        {**found[rid].as_dict(), "id": rid, "chars": analyses[rid].chars, "added_at": ""}
        | {"filename": label}
        for rid, (label, _) in enumerate(docs, start=1)
    ]
    reports = pd.DataFrame(rows, columns=COLUMNS).set_index("id")
    reports["year"] = reports["year"].astype("Int64")
    return Corpus(reports, analyses), found


def corpus_from_files(
    groups: Sequence[Sequence[str]],
    texts: ResourceTexts,
    workers: int | None = None,
    ocr: tuple[int, Callable[[Scan], PageProgress | None] | None] = (1, None),
    metas: Mapping[str, Metadata] | None = None,
    roster: Roster | None = None,
) -> FileReports:
    """Read and analyse the files of each group (`ocr`: OCR processes and page progress)."""
    docs: list[tuple[str, Extracted]] = []
    ids: list[list[int]] = []
    failures: list[tuple[str, AnalysisError]] = []
    for paths in groups:
        ids.append([])
        for label, doc in read_paths(paths, None, ocr[1], ocr[0], ordered=True):
            if isinstance(doc, AnalysisError):
                failures.append((label, doc))
                continue
            docs.append((label, doc))
            ids[-1].append(len(docs))
    corpus, found = corpus_from_documents(docs, texts, workers, metas, roster)
    labels = {rid: label for rid, (label, _) in enumerate(docs, start=1)}
    by_id = {rid: doc for rid, (_, doc) in enumerate(docs, start=1)}
    return FileReports(corpus, ids, labels, found, by_id, failures)


def file_record(files: FileReports, rid: int, texts: ResourceTexts, officialese: bool) -> dict:
    """The CLI JSON object of one report (README, 命令行): analysis, identity with sources and
    confidences, and how the file was read."""
    meta, doc = files.metas[rid], files.docs[rid]
    source = shown_name(files.labels[rid])  # a path as given, control characters made visible
    record = report_record(files.corpus.analyses[rid], meta.as_dict(), source, texts, officialese)
    keys = ("parent", "branch_status", "branch_guess", *ORIGINAL_FIELDS)
    identity: dict = {k: getattr(meta, k) for k in keys}
    identity["branch_candidates"] = list(meta.branch_candidates)
    for name in ("branch", "organization", "year", "kind"):
        identity[f"{name}_source"] = getattr(meta, f"{name}_source")
        identity[f"{name}_confidence"] = round(getattr(meta, f"{name}_confidence"), 2)
    return {**record, **identity, "ocr": doc.ocr, "ocr_confidence": doc.ocr_confidence}
