"""Batch upload of reports: read and infer first (nothing saved), let the user edit, then save.

`prepare_batch` turns uploaded (name, bytes) pairs into one `Item` per report file with a status and a
Chinese reason; `commit_batch` stores the ready ones, each with its identity record in one transaction, so a crash mid-batch
keeps every report saved before it and none half-written. Edited resource texts are validated by
`analysis.store.validation` (re-exported here).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import pandas as pd

from analysis.core.facts import normalize_year
from analysis.core.models import AnalysisError, Extracted
from analysis.io.errors import IngestError, disk_full_message, is_disk_full
from analysis.io.names import safe_filename
from analysis.io.zipped import SIDECAR_NAMES, expand_upload, member_label
from analysis.store.caches import content_hash
from analysis.store.database import AddResult, CorpusStore
from analysis.store.integrity import StoreDamagedError
from analysis.store.roster import STATUS_CONFIRMED, load_roster
from analysis.store.roster import STATUS_LABELS as IDENTITY_LABELS
from analysis.store.saving import save_report
from analysis.store.scan_reading import PageProgress, Scan, read_first, read_scans
from analysis.store.validation import (  # noqa: F401  (edited resources: re-exported for views)
    MAX_RESOURCE_CHARS,
    validate_resource,
)
from analysis.text.identity import file_stem
from analysis.text.metadata import (
    Metadata,
    infer_metadata,
    label_branch,
    parse_sidecar,
)
from analysis.text.roster import STATUS_REVIEW, Roster

logger = logging.getLogger(__name__)

# Internal status -> what the result table shows.
STATUS_LABELS = {
    "ready": "待保存",
    "added": "已添加",
    "restored": "已恢复",
    "duplicate": "重复",
    "failed": "失败",
    "sidecar": "元数据表",
    "scan": "待识别",  # a scan not yet read by OCR (only between the two reading steps)
}

MSG_DUP_STORED = "与已保存的报告{name}内容相同，未重复添加。"
MSG_DUP_TRASH = "与回收站中的报告{name}内容相同，保存时会把它从回收站恢复。"
MSG_RESTORED = "与回收站中的报告{name}内容相同，已从回收站恢复。"
MSG_DUP_BATCH = "与本批次中的「{other}」内容相同，未重复添加。"
MSG_RENAMED = "文件名含有不安全的字符，已改为「{safe}」。"
MSG_ARCHIVE = "这是本系统导出的语料库备份，请到「备份与迁移」中导入。"
MSG_UNEXPECTED = "读取文件时出现意外错误（{kind}），已跳过此文件，其余文件不受影响。"
MSG_SAVE_FAILED = "保存失败（{kind}），此文件未保存，请稍后重试。"
MSG_SHORT = "内容很短（只有 {n} 个字），请确认是否选对了文件。"
SHORT_REPORT_CHARS = 20  # fewer visible characters than this: saved, with MSG_SHORT
MSG_SIDECAR = "元数据表：{n} 个文件的支部、单位、年份等按此表填写。"

Progress = Callable[[int, int, str], None]  # (done, total, current file name)
ScanProgress = Callable[[str, int, int], None]  # (file name, pages OCR'd, pages in all)
SCAN = "scan"  # status of a file left for OCR until `read_scans_of` reads it


@dataclass(frozen=True)
class Item:
    """One report file of a batch: its status (STATUS_LABELS), reason, text and metadata."""

    label: str  # unique in the batch, shown in the result table ("批量.zip › 报告.txt")
    filename: str  # safe name stored with the report
    status: str
    reason: str = ""
    doc: Extracted | None = field(default=None, repr=False)
    meta: Metadata = Metadata()
    sha256: str = ""
    report_id: int | None = None
    sidecar: Mapping[str, Metadata] | None = field(default=None, repr=False)
    data: bytes | None = field(default=None, repr=False)  # a scan's bytes, until it is OCR'd


def _unique_label(label: str, used: set[str]) -> str:
    """`label`, or `label (2)` … when the batch already has one of that name."""
    candidate, n = label, 1
    while candidate in used:
        n += 1
        candidate = f"{label} ({n})"
    used.add(candidate)
    return candidate


def _read_member(
    label: str,
    name: str,
    content: bytes | AnalysisError,
    renamed: str,
    store: CorpusStore | None,
    known: Collection[str] = (),
) -> Item:
    """Read one file into a ready or failed Item, or a SCAN item left for OCR; never raises."""
    if isinstance(content, AnalysisError):
        return Item(label, name, "failed", content.message)
    if name.lower() in SIDECAR_NAMES:
        return _read_sidecar(label, name, content)
    try:
        doc = read_first(store, name, content)
    except AnalysisError as exc:
        return Item(label, name, "failed", exc.message)
    except Exception as exc:  # a broken file must never take the batch (or the app) down
        logger.exception("reading uploaded file %s failed", name)
        return Item(label, name, "failed", MSG_UNEXPECTED.format(kind=type(exc).__name__))
    if doc is None:
        return Item(label, name, SCAN, renamed, data=content)
    return _ready(label, name, renamed, doc, infer=name not in known)


def _ready(label: str, name: str, note: str, doc: Extracted, infer: bool = True) -> Item:
    """A file read: its metadata inferred (unless a sidecar names it: `finalize` infers it with
    the sidecar), its content hash taken; a very short one warned of."""
    meta = infer_metadata(doc.text, name, hints=doc.hints) if infer else Metadata()
    visible = len("".join(doc.text.split()))
    if visible < SHORT_REPORT_CHARS:
        note = _join(note, MSG_SHORT.format(n=visible))
    return Item(label, name, "ready", note, doc, meta, content_hash(doc.text))


def read_scans_of(
    items: Sequence[Item],
    store: CorpusStore | None = None,
    progress: ScanProgress | None = None,
    workers: int = 1,
) -> list[Item]:
    """The items with every SCAN item read by OCR (from the store's cache when the same file was
    read before), page progress per scan; the others unchanged."""
    scans = [
        Scan(str(n), i.filename, i.data) for n, i in enumerate(items) if i.status == SCAN and i.data
    ]
    out = list(items)

    def pages(scan: Scan) -> PageProgress | None:
        return None if progress is None else partial(progress, scan.filename)

    for scan, result in read_scans(store, scans, pages if progress else None, workers):
        item = out[int(scan.key)]
        if isinstance(result, AnalysisError):
            out[int(scan.key)] = replace(item, status="failed", reason=result.message, data=None)
        else:
            out[int(scan.key)] = _ready(item.label, item.filename, item.reason, result)
    return out


def _read_sidecar(label: str, name: str, content: bytes) -> Item:
    """A metadata.csv/.xlsx of the batch: its rows, applied to the batch's files in `finalize`."""
    try:
        rows = parse_sidecar(name, content)
    except AnalysisError as exc:
        return Item(label, name, "failed", exc.message)
    return Item(label, name, "sidecar", MSG_SIDECAR.format(n=len(rows)), sidecar=rows)


def _expand(filename: str, data: bytes) -> list[tuple[str, str, bytes | AnalysisError, str]]:
    """(label, safe name, bytes or error, rename note) for every file inside one upload."""
    safe = safe_filename(filename)
    renamed = MSG_RENAMED.format(safe=safe) if safe != filename else ""
    if safe.lower().endswith(".zip"):
        from analysis.store.archive import is_archive

        if is_archive(data):
            return [(safe, safe, IngestError(MSG_ARCHIVE), "")]
    try:
        members = expand_upload(filename, data)
    except AnalysisError as exc:
        return [(safe, safe, exc, "")]
    except Exception as exc:
        logger.exception("expanding uploaded file %s failed", safe)
        return [(safe, safe, IngestError(MSG_UNEXPECTED.format(kind=type(exc).__name__)), "")]
    if len(members) == 1 and members[0][0] == safe:
        return [(safe, safe, members[0][1], renamed)]
    return [(member_label(safe, name), name, content, "") for name, content in members]


def read_upload(
    filename: str,
    data: bytes,
    store: CorpusStore | None = None,
    ocr: bool = True,
    progress: ScanProgress | None = None,
    known: Collection[str] = (),
) -> list[Item]:
    """The items of one uploaded file (a zip gives one per member), read but not yet compared.
    Files named in `known` (the rows of a sidecar given with them) are identified only by
    `finalize`, which reads the sidecar.

    Labels are unique only after `finalize`; the page caches this per uploaded file. With `ocr`
    False, scans stay SCAN items for `read_scans_of` (so they do not hold up the other files).
    """
    items = [
        _read_member(label, name, content, note, store, known)
        for label, name, content, note in _expand(filename, data)
    ]
    return read_scans_of(items, store, progress) if ocr else items


def finalize(
    groups: Iterable[Sequence[Item]],
    store: CorpusStore | None = None,
    sidecar: Mapping[str, Metadata] | None = None,
    roster: Roster | None = None,
) -> list[Item]:
    """One batch from the items of several uploads: unique labels, duplicates marked (cheap).
    `sidecar` (a metadata table given apart, as the CLI's --meta) applies before the batch's own;
    `roster` (default: the store's) is what branches are matched to."""
    used: set[str] = set()
    items = [replace(i, label=_unique_label(i.label, used)) for group in groups for i in group]
    if roster is None and store is not None:
        roster = load_roster(store)
    return _mark_duplicates(_identify(items, roster, sidecar or {}), store)


def _identify(
    items: list[Item], roster: Roster | None, given: Mapping[str, Metadata]
) -> list[Item]:
    """Each report's metadata with the batch's sidecar applied and its branch matched to the
    roster (cheap: only files named in the sidecar are read again)."""
    sidecar: dict[str, Metadata] = dict(given)
    for i in items:
        sidecar.update(i.sidecar or {})
    out = []
    for i in items:
        if i.status == "ready" and i.doc is not None and i.filename in sidecar:
            meta = infer_metadata(i.doc.text, i.filename, roster, sidecar, i.doc.hints)
        elif i.status == "ready":
            stem = file_stem(i.filename)
            titles = [i.meta.title] if i.meta.title else []
            meta = label_branch(i.meta, roster, stem=stem, titles=titles)
        else:
            out.append(i)
            continue
        out.append(replace(i, meta=meta))
    return out


def prepare_batch(
    files: Iterable[tuple[str, bytes]],
    store: CorpusStore | None = None,
    progress: Progress | None = None,
    scan_progress: ScanProgress | None = None,
    workers: int = 1,
) -> list[Item]:
    """Read every uploaded file (zips expanded) and infer metadata, saving nothing.

    Files that need OCR are read last (across `workers` processes), so they hold up no other
    file. Duplicates within the batch and of reports already stored are marked, so the user sees
    them before saving.
    """
    files = list(files)
    groups = []
    for done, (filename, data) in enumerate(files, start=1):
        if progress:
            progress(done - 1, len(files), safe_filename(filename))
        groups.append(read_upload(filename, data, store, ocr=False))
    if progress:
        progress(len(files), len(files), "")
    read = read_scans_of([i for g in groups for i in g], store, scan_progress, workers)
    sizes = [len(g) for g in groups]
    starts = [sum(sizes[:n]) for n in range(len(sizes))]
    return finalize([read[a : a + n] for a, n in zip(starts, sizes, strict=True)], store)


def _mark_duplicates(items: list[Item], store: CorpusStore | None) -> list[Item]:
    """Duplicates of an earlier file in the batch, or of a stored report, are marked as such."""
    known = store.stored_names([i.sha256 for i in items if i.sha256]) if store else {}
    first: dict[str, str] = {}
    out = []
    for item in items:
        if item.status != "ready":
            out.append(item)
        elif item.sha256 in first:
            reason = MSG_DUP_BATCH.format(other=first[item.sha256])
            out.append(replace(item, status="duplicate", reason=reason))
        elif item.sha256 in known and not known[item.sha256].in_trash:
            named = known[item.sha256]
            reason = MSG_DUP_STORED.format(name=named.shown())
            out.append(replace(item, status="duplicate", reason=reason, report_id=named.id))
        else:
            first[item.sha256] = item.label
            if item.sha256 in known:
                trashed = MSG_DUP_TRASH.format(name=known[item.sha256].shown())
                item = replace(item, reason=_join(item.reason, trashed))
            out.append(item)
    return out


def _join(*parts: str) -> str:
    return "".join(p for p in parts if p)


def commit_batch(
    store: CorpusStore,
    items: Sequence[Item],
    metas: Mapping[str, Mapping] | None = None,
    progress: Progress | None = None,
) -> list[Item]:
    """Save the ready items (metadata edited by the user in `metas`, keyed by label).

    One transaction per report: a failure or crash keeps every report saved before it.
    """
    metas = metas or {}
    ready = [i for i in items if i.status == "ready"]
    out: list[Item] = []
    done = 0
    for item in items:
        if item.status != "ready" or item.doc is None:
            out.append(item)
            continue
        if progress:
            progress(done, len(ready), item.label)
        meta = _merge_meta(item.meta, metas.get(item.label))
        out.append(_save(store, replace(item, meta=meta)))
        done += 1
    if progress:
        progress(len(ready), len(ready), "")
    return out


def _save(store: CorpusStore, item: Item) -> Item:
    """Store one ready item; the result says added / restored / duplicate or why it failed."""
    assert item.doc is not None
    try:
        res = save_report(store, item.filename, item.doc, item.meta)
    except (
        StoreDamagedError
    ):  # every write is refused: stop the batch, the page says how to restore
        raise
    except Exception as exc:  # e.g. disk full: this file fails, the batch goes on
        logger.exception("saving %s failed", item.filename)
        if is_disk_full(exc):
            reason = disk_full_message("此文件")
        else:
            reason = MSG_SAVE_FAILED.format(kind=type(exc).__name__)
        return replace(item, status="failed", reason=reason)
    return saved_item(store, item, res)


def saved_item(store: CorpusStore, item: Item, res: AddResult) -> Item:
    """A ready item once stored: added, restored or duplicate (of a report stored since it was
    read), with its report id and reason."""
    if res.status in ("duplicate", "restored"):  # stored by someone else since the preview
        named = store.stored_names([res.sha256]).get(res.sha256)
        name = named.shown() if named else f"「报告 {res.report_id}」"
        msg = MSG_DUP_STORED if res.status == "duplicate" else MSG_RESTORED
        reason = msg.format(name=name)
        return replace(item, status=res.status, reason=reason, report_id=res.report_id)
    reason = _without_trash_note(item.reason)  # the trashed copy was purged meanwhile
    return replace(item, status="added", reason=reason, report_id=res.report_id)


def _without_trash_note(reason: str) -> str:
    """`reason` without the MSG_DUP_TRASH sentence (whatever report it names)."""
    head, tail = MSG_DUP_TRASH.split("{name}")
    start = reason.find(head)
    end = reason.find(tail, start) if start >= 0 else -1
    return reason if end < 0 else reason[:start] + reason[end + len(tail) :]


def _merge_meta(base: Metadata, edited: Mapping | None) -> Metadata:
    """The inferred metadata with the user's edits applied (blank year -> None)."""
    if not edited:
        return base
    values = base.as_dict()
    for key in values:
        if key in edited:
            values[key] = edited[key]
    values["year"] = _to_year(values.get("year"))
    for key in ("title", "branch", "organization", "kind"):
        raw = values.get(key)
        values[key] = "" if raw is None or (not isinstance(raw, str) and pd.isna(raw)) else str(raw)
        values[key] = values[key].strip()
    meta = replace(base, **values)
    if meta.branch != base.branch:  # typed by the user: their word, kept as the guess
        meta = replace(
            meta,
            branch_guess=meta.branch,
            branch_source="人工",
            branch_confidence=1.0,
            parent="",
            branch_status=STATUS_CONFIRMED if meta.branch else STATUS_REVIEW,
        )
    return meta


def _to_year(value: object) -> int | None:
    """A year typed by the user as int, else None (the one rule: `facts.normalize_year`)."""
    return normalize_year(value)


def process_batch(
    store: CorpusStore, files: Iterable[tuple[str, bytes]], progress: Progress | None = None
) -> list[Item]:
    """Prepare and save in one go (inferred metadata as is): for scripts and tests."""
    return commit_batch(store, prepare_batch(files, store), progress=progress)


# ---------------------------------------------------------------- tables for the page

# (English keys; the page shows them through output.labels)
RESULT_COLUMNS = (
    "file", "status", "reason", "branch", "org", "year", "report_kind", "title", "branch_check",
)  # fmt: skip
EDIT_COLUMNS = ("file", "branch", "org", "year", "report_kind", "title")
_META_COLUMNS = {
    "branch": "branch",
    "org": "organization",
    "year": "year",
    "report_kind": "kind",
    "title": "title",
}


def results_frame(items: Sequence[Item]) -> pd.DataFrame:
    """The per-file result table (RESULT_COLUMNS): file, status, reason, metadata, branch check."""
    rows = [
        {
            "file": i.label,
            "status": STATUS_LABELS.get(i.status, i.status),
            "reason": i.reason,
            **{col: getattr(i.meta, attr) for col, attr in _META_COLUMNS.items()},
            "branch_check": IDENTITY_LABELS.get(i.meta.branch_status, ""),
        }
        for i in items
    ]
    df = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    df["year"] = df["year"].astype("Int64")
    return df


def editable_frame(items: Sequence[Item]) -> pd.DataFrame:
    """Metadata of the ready items, for the user to correct before saving."""
    df = results_frame([i for i in items if i.status == "ready"])
    return df[list(EDIT_COLUMNS)].reset_index(drop=True)


def metas_from_frame(df: pd.DataFrame) -> dict[str, dict]:
    """label -> edited metadata dict, from the (edited) frame of `editable_frame`."""
    out: dict[str, dict] = {}
    for row in df.to_dict("records"):
        out[str(row["file"])] = {attr: row.get(col) for col, attr in _META_COLUMNS.items()}

    return out


def summary(items: Sequence[Item]) -> dict[str, int]:
    """How many items per status (every status present, zero when none)."""
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for i in items:
        counts[i.status] = counts.get(i.status, 0) + 1
    return counts
