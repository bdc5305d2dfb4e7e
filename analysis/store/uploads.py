"""Batch upload of reports: read and infer first (nothing saved), let the user edit, then save.

`prepare_batch` turns uploaded (name, bytes) pairs into one `Item` per report file with a status and a
Chinese reason; `commit_batch` stores the ready ones, each in its own transaction, so a crash mid-batch
keeps every report saved before it and none half-written. Also validates edited resource texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.core.models import AnalysisError, Extracted
from analysis.io.ingest import (
    IngestError,
    disk_full_message,
    expand_upload,
    is_disk_full,
    read_document,
    safe_filename,
)
from analysis.store.database import CorpusStore, content_hash
from analysis.text.metadata import KINDS, Metadata, infer_metadata

# Internal status -> what the result table shows.
STATUS_LABELS = {
    "ready": "待保存",
    "added": "已添加",
    "restored": "已恢复",
    "duplicate": "重复",
    "failed": "失败",
}

MSG_DUP_STORED = "已存在，未重复添加。"
MSG_DUP_TRASH = "与回收站中的一份报告相同，保存时会把它从回收站恢复。"
MSG_RESTORED = "与回收站中的报告相同，已从回收站恢复。"
MSG_DUP_BATCH = "与本批次中的「{other}」内容相同，未重复添加。"
MSG_RENAMED = "文件名含有不安全的字符，已改为「{safe}」。"
MSG_ARCHIVE = "这是本系统导出的语料库备份，请到「备份与迁移」中导入。"
MSG_UNEXPECTED = "读取文件时出现意外错误（{kind}），已跳过此文件，其余文件不受影响。"
MSG_SAVE_FAILED = "保存失败（{kind}），此文件未保存，请稍后重试。"
MSG_RES_TOO_BIG = "内容过长（超过 {limit} 万字），请精简后再保存。"
MSG_RES_CONTROL = "第 {line} 行含有不可见的控制字符，请删除后再保存。"

MAX_RESOURCE_CHARS = 2_000_000  # an edited dictionary larger than this is refused

# Control characters that never belong in a dictionary text, e.g. "\x00" (tab, LF, CR allowed).
_RES_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Progress = Callable[[int, int, str], None]  # (done, total, current file name)


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


def _unique_label(label: str, used: set[str]) -> str:
    """`label`, or `label (2)` … when the batch already has one of that name."""
    candidate, n = label, 1
    while candidate in used:
        n += 1
        candidate = f"{label} ({n})"
    used.add(candidate)
    return candidate


def _read_member(label: str, name: str, content: bytes | AnalysisError, renamed: str) -> Item:
    """Read one file into a ready or failed Item; never raises."""
    if isinstance(content, AnalysisError):
        return Item(label, name, "failed", content.message)
    try:
        doc = read_document(name, content)
    except AnalysisError as exc:
        return Item(label, name, "failed", exc.message)
    except Exception as exc:  # a broken file must never take the batch (or the app) down
        return Item(label, name, "failed", MSG_UNEXPECTED.format(kind=type(exc).__name__))
    meta = infer_metadata(doc.text, name)
    return Item(label, name, "ready", renamed, doc, meta, content_hash(doc.text))


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
        return [(safe, safe, IngestError(MSG_UNEXPECTED.format(kind=type(exc).__name__)), "")]
    if len(members) == 1 and members[0][0] == safe:
        return [(safe, safe, members[0][1], renamed)]
    return [(f"{safe} › {name}", name, content, "") for name, content in members]


def read_upload(filename: str, data: bytes) -> list[Item]:
    """The items of one uploaded file (a zip gives one per member), read but not yet compared.

    Labels are unique only after `finalize`; the page caches this per uploaded file.
    """
    return [
        _read_member(label, name, content, note)
        for label, name, content, note in _expand(filename, data)
    ]


def finalize(groups: Iterable[Sequence[Item]], store: CorpusStore | None = None) -> list[Item]:
    """One batch from the items of several uploads: unique labels, duplicates marked (cheap)."""
    used: set[str] = set()
    items = [replace(i, label=_unique_label(i.label, used)) for group in groups for i in group]
    return _mark_duplicates(items, store)


def prepare_batch(
    files: Iterable[tuple[str, bytes]],
    store: CorpusStore | None = None,
    progress: Progress | None = None,
) -> list[Item]:
    """Read every uploaded file (zips expanded) and infer metadata, saving nothing.

    Duplicates within the batch and of reports already stored are marked, so the user sees them
    before saving.
    """
    files = list(files)
    groups = []
    for done, (filename, data) in enumerate(files, start=1):
        if progress:
            progress(done - 1, len(files), safe_filename(filename))
        groups.append(read_upload(filename, data))
    if progress:
        progress(len(files), len(files), "")
    return finalize(groups, store)


def _mark_duplicates(items: list[Item], store: CorpusStore | None) -> list[Item]:
    """Duplicates of an earlier file in the batch, or of a stored report, are marked as such."""
    known = store.known_hashes([i.sha256 for i in items if i.sha256]) if store else {}
    first: dict[str, str] = {}
    out = []
    for item in items:
        if item.status != "ready":
            out.append(item)
        elif item.sha256 in first:
            reason = MSG_DUP_BATCH.format(other=first[item.sha256])
            out.append(replace(item, status="duplicate", reason=reason))
        elif known.get(item.sha256) is True:
            out.append(replace(item, status="duplicate", reason=MSG_DUP_STORED))
        else:
            first[item.sha256] = item.label
            if known.get(item.sha256) is False:
                item = replace(item, reason=_join(item.reason, MSG_DUP_TRASH))
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
        res = store.add(item.filename, item.doc, item.meta.as_dict())
    except Exception as exc:  # e.g. disk full: this file fails, the batch goes on
        if is_disk_full(exc):
            reason = disk_full_message("此文件")
        else:
            reason = MSG_SAVE_FAILED.format(kind=type(exc).__name__)
        return replace(item, status="failed", reason=reason)
    if res.status == "duplicate":  # stored by someone else since the preview
        return replace(item, status="duplicate", reason=MSG_DUP_STORED, report_id=res.report_id)
    if res.status == "restored":
        return replace(item, status="restored", reason=MSG_RESTORED, report_id=res.report_id)
    reason = item.reason.replace(MSG_DUP_TRASH, "")
    return replace(item, status="added", reason=reason, report_id=res.report_id)


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
    return Metadata(**values)


def _to_year(value: object) -> int | None:
    """A year typed by the user as int, else None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        year = int(float(str(value).strip()))
    except ValueError:
        return None
    return year if 1921 <= year <= 2100 else None


def process_batch(
    store: CorpusStore, files: Iterable[tuple[str, bytes]], progress: Progress | None = None
) -> list[Item]:
    """Prepare and save in one go (inferred metadata as is): for scripts and tests."""
    return commit_batch(store, prepare_batch(files, store), progress=progress)


# ---------------------------------------------------------------- tables for the page

RESULT_COLUMNS = ("文件", "状态", "原因", "支部", "单位", "年份", "类型", "标题")
EDIT_COLUMNS = ("文件", "支部", "单位", "年份", "类型", "标题")
_META_COLUMNS = {
    "支部": "branch",
    "单位": "organization",
    "年份": "year",
    "类型": "kind",
    "标题": "title",
}


def results_frame(items: Sequence[Item]) -> pd.DataFrame:
    """The per-file result table: 文件/状态/原因/支部/单位/年份/类型/标题."""
    rows = [
        {
            "文件": i.label,
            "状态": STATUS_LABELS.get(i.status, i.status),
            "原因": i.reason,
            **{col: getattr(i.meta, attr) for col, attr in _META_COLUMNS.items()},
        }
        for i in items
    ]
    df = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    df["年份"] = df["年份"].astype("Int64")
    return df


def editable_frame(items: Sequence[Item]) -> pd.DataFrame:
    """Metadata of the ready items, for the user to correct before saving."""
    df = results_frame([i for i in items if i.status == "ready"])
    return df[list(EDIT_COLUMNS)].reset_index(drop=True)


def metas_from_frame(df: pd.DataFrame) -> dict[str, dict]:
    """label -> edited metadata dict, from the (edited) frame of `editable_frame`."""
    out: dict[str, dict] = {}
    for row in df.to_dict("records"):
        out[str(row["文件"])] = {attr: row.get(col) for col, attr in _META_COLUMNS.items()}
    return out


def summary(items: Sequence[Item]) -> dict[str, int]:
    """How many items per status (every status present, zero when none)."""
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for i in items:
        counts[i.status] = counts.get(i.status, 0) + 1
    return counts


# ---------------------------------------------------------------- edited resources


def validate_resource(name: str, text: str) -> list[str]:
    """Chinese messages that block saving an edited resource; empty when it may be saved.

    Themes are parsed with the theme module (the message names the wrong line); user-dictionary
    lines must follow `词 [词频] [词性]`.
    """
    if len(text) > MAX_RESOURCE_CHARS:
        return [MSG_RES_TOO_BIG.format(limit=MAX_RESOURCE_CHARS // 10000)]
    for no, line in enumerate(text.splitlines(), start=1):
        if _RES_CONTROL_RE.search(line):
            return [MSG_RES_CONTROL.format(line=no)]
    if name == "themes":
        from analysis.text.themes import parse_theme_dictionary

        try:
            parse_theme_dictionary(text)
        except AnalysisError as exc:
            return [exc.message]
        except Exception as exc:  # the parser's own bug must not lose the user's edit
            return [f"主题词典无法解析（{type(exc).__name__}），请检查格式。"]
    if name == "userdict":
        from analysis.text.lexicon import userdict_problems

        return userdict_problems(text)
    return []


KIND_OPTIONS = KINDS
