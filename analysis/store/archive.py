"""Backup and migration: the whole corpus as one .zip, and its import into another store.

Layout of an archive (ARCHIVE_VERSION 1):
    manifest.json           format marker, versions, counts, one entry per report (metadata, hints,
                            dates, trash state, sha256 of its text, whether OCR read it and its
                            confidence, a Traditional report's original writing; an archive
                            written before these two were kept restores without them), the
                            edited resources
    reports/000001.txt      the text of each report, UTF-8
    resources/<name>.txt    each resource the user edited (userdict, stopwords, officialese, themes)

Import reads everything in memory (nothing is written to disk), checks every member name against
that layout, refuses zip bombs and oversize archives before reading, and verifies each text against
its hash. Reports already in the target store (same content hash) are skipped. A malformed manifest
entry skips that report only, with its reason; imported dictionaries pass the editor's validation.

Export and import agree on limits: metadata fields have no length limit of their own (the manifest
as a whole is capped), and a member so repetitive that its compression ratio would look like a bomb
is stored uncompressed, so every archive the product writes can be read back.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from analysis.core.models import AnalysisError
from analysis.core.resources import RESOURCE_FILES, RESOURCE_LABELS
from analysis.store.caches import content_hash
from analysis.store.database import SCHEMA_VERSION, CorpusStore
from analysis.store.integrity import move_aside
from analysis.store.report_columns import record_problem
from analysis.store.roster import import_roster_entries, repair_identities, roster_entries
from analysis.store.validation import validate_resource

logger = logging.getLogger(__name__)

FORMAT = "dangjian-corpus-archive"
ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"

MAX_ARCHIVE_BYTES = 200 * 1024 * 1024  # the compressed archive (Streamlit's upload limit)
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # everything declared inside, uncompressed
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one report text or resource
MAX_MANIFEST_BYTES = 512 * 1024 * 1024  # the manifest (one entry per report, metadata unbounded)
MAX_MEMBERS = 200_000
MAX_RATIO = 200  # uncompressed / compressed for members over 1 MB: above this it is a bomb
RATIO_FLOOR = 1024 * 1024  # members at most this large are never judged by their ratio
MAX_LISTED = 20  # problems kept word for word in an ImportResult; the rest are only counted
PROGRESS_STEPS = 200  # progress callbacks per import, at most (a page redraw each)

# Member names an archive may hold, e.g. "manifest.json", "reports/000012.txt",
# "resources/themes.txt"; anything else ("../../x", "/etc/passwd", "a\\b") is refused.
_MEMBER_RE = re.compile(r"manifest\.json|reports/[0-9]{6,9}\.txt|resources/[a-z_]{1,32}\.txt")
# A report's member, e.g. "reports/000012.txt".
_REPORT_FILE_RE = re.compile(r"reports/[0-9]{6,9}\.txt")
# Directory entries some zip tools add, e.g. "reports/".
_DIR_RE = re.compile(r"(?:reports|resources)/")
# A SHA-256 hex digest, e.g. "9f86d081…".
_SHA_RE = re.compile(r"[0-9a-f]{64}")

Progress = Callable[[int, int], None]


class ArchiveError(AnalysisError):
    """An archive that cannot be imported; `message` (Chinese) says why. Nothing was imported."""


MSG_NOT_ZIP = "这不是有效的备份文件（无法作为 .zip 打开）。请选择由「备份与迁移」导出的 .zip 文件。"
MSG_TOO_BIG = "备份文件超过 {limit} MB 的上限，无法导入。"
MSG_NO_MANIFEST = (
    "压缩包里没有 manifest.json，不是本系统导出的备份。报告文件请在「上传报告」中上传。"
)
MSG_BAD_MANIFEST = "备份清单 manifest.json 已损坏（{detail}），无法导入。"
MSG_NEWER = "备份文件的格式版本（{found}）比本程序新，请升级程序后再导入。"
MSG_BAD_NAME = (
    "备份文件中有不允许的条目「{name}」（可能是恶意构造的路径），已拒绝导入，未写入任何内容。"
)
MSG_DUP_MEMBER = (
    "备份文件中的条目「{name}」出现了不止一次（备份可能被改动过），已拒绝导入，未写入任何内容。"
)
MSG_BOMB = "备份文件解压后过大或压缩比异常（疑似“压缩炸弹”），已拒绝导入，未写入任何内容。"
MSG_ENCRYPTED = "备份文件中的条目有密码保护，无法导入。"
MSG_MISSING = "备份清单中列出的「{name}」在压缩包里不存在，已跳过该报告。"
MSG_HASH = "「{name}」的内容与备份清单中的校验值不一致（文件可能已损坏），已跳过该报告。"
MSG_DECODE = "「{name}」不是有效的 UTF-8 文本，已跳过该报告。"
MSG_RESOURCE = "备份中的「{label}」未通过校验，未导入（保留当前内容）：{detail}"
MSG_ENTRY = "备份清单中第 {n} 份报告{shown}的{problem}，已跳过该报告。"
MSG_MORE = "……另有 {n} 条问题未逐条列出。"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: counts, per-report problems (the first MAX_LISTED word for word, all
    counted), resources applied."""

    added: int = 0
    restored: int = 0
    duplicates: int = 0
    failed: tuple[str, ...] = ()  # the first MAX_LISTED reasons
    resources: tuple[str, ...] = ()  # resource names whose content was taken from the archive
    resource_problems: tuple[str, ...] = ()
    total: int = 0
    failed_count: int | None = None  # every failed report (None: len(failed))

    @property
    def n_failed(self) -> int:
        """How many reports failed, listed or not."""
        return len(self.failed) if self.failed_count is None else self.failed_count

    def problems(self) -> str:
        """All problems as one Chinese text (first reasons, then a count of the rest), or ''."""
        lines = [*self.failed, *self.resource_problems]
        hidden = self.n_failed - len(self.failed)
        if hidden > 0:
            lines.append(MSG_MORE.format(n=hidden))
        return "\n".join(lines)

    def summary(self) -> str:
        """One Chinese sentence for the page."""
        parts = [f"共 {self.total} 份报告：新增 {self.added} 份"]
        if self.restored:
            parts.append(f"从回收站恢复 {self.restored} 份")
        parts.append(f"已存在跳过 {self.duplicates} 份")
        if self.n_failed:
            parts.append(f"失败 {self.n_failed} 份")
        text = "，".join(parts) + "。"
        if self.resources:
            names = "、".join(RESOURCE_LABELS.get(n, n) for n in self.resources)
            text += f"已导入：{names}。"
        return text


@dataclass(frozen=True)
class Archive:
    """A validated archive held in memory: its manifest and member bytes."""

    manifest: dict
    members: dict[str, bytes] = field(repr=False)


# ---------------------------------------------------------------- export


def _manifest_entry(rec: dict, path: str) -> dict:
    """A report's manifest entry: everything but the text, which goes to `path`."""
    entry = {k: v for k, v in rec.items() if k != "text"}
    entry["file"] = path
    return entry


def _looks_like_bomb(size: int, compressed: int) -> bool:
    """The import's bomb rule: a large member compressed more than MAX_RATIO to one."""
    return size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1)


def _write(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add one member, uncompressed when deflating it would pass the import's bomb rule."""
    method = zipfile.ZIP_DEFLATED
    if len(data) > RATIO_FLOOR:
        squeezed = zlib.compressobj(9, zlib.DEFLATED, -15)  # at least as tight as the zip's level
        size = len(squeezed.compress(data)) + len(squeezed.flush())
        if _looks_like_bomb(len(data), size * 2):  # margin: never near the limit
            method = zipfile.ZIP_STORED
    zf.writestr(name, data, compress_type=method)


def export_archive(store: CorpusStore) -> bytes:
    """The whole corpus (live and trashed reports, edited resources) as one .zip."""
    return write_archive(
        store.records(include_deleted=True), store.resource_overrides(), roster_entries(store)
    )


def write_archive(
    records: Iterable[dict], overrides: Mapping[str, str], roster: Sequence[dict] = ()
) -> bytes:
    """An archive of these report records (as `CorpusStore.records` gives them), resources and
    roster entries (组织名录)."""
    buf = io.BytesIO()
    reports = []
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for n, rec in enumerate(records, start=1):
            path = f"reports/{n:06d}.txt"
            _write(zf, path, rec["text"].encode("utf-8"))
            reports.append(_manifest_entry(rec, path))
        resources = {}
        for name, content in sorted(overrides.items()):
            if name in RESOURCE_FILES:
                path = f"resources/{name}.txt"
                _write(zf, path, content.encode("utf-8"))
                resources[name] = path
        manifest = {
            "format": FORMAT,
            "archive_version": ARCHIVE_VERSION,
            "store_schema": SCHEMA_VERSION,
            "created_at": datetime.now().isoformat(timespec="seconds"),
            "counts": {
                "reports": len(reports),
                "deleted": sum(1 for r in reports if r.get("deleted_at")),
                "resources": len(resources),
            },
            "reports": reports,
            "resources": resources,
            "roster": list(roster),
        }
        _write(zf, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return buf.getvalue()


def archive_name(now: datetime | None = None) -> str:
    """The download file name, e.g. 党建报告语料备份_20240501-1530.zip."""
    return f"党建报告语料备份_{(now or datetime.now()):%Y%m%d-%H%M}.zip"


# ---------------------------------------------------------------- validation


def is_archive(data: bytes) -> bool:
    """True if the bytes are a zip holding our manifest (so the upload tab can redirect)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(MANIFEST)
            if info.file_size > MAX_MANIFEST_BYTES:
                return False
            head = zf.open(info).read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False
    return FORMAT.encode() in head


def _check_infos(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """Every member name, size and flag is allowed; returns the file members."""
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(MSG_BOMB)
    seen: set[str] = set()
    files = []
    for info in infos:
        name = info.filename
        if _DIR_RE.fullmatch(name):
            continue
        if not _MEMBER_RE.fullmatch(name):
            raise ArchiveError(MSG_BAD_NAME.format(name=_printable(name)))
        if name in seen:
            raise ArchiveError(MSG_DUP_MEMBER.format(name=_printable(name)))
        seen.add(name)
        if info.flag_bits & 0x1:
            raise ArchiveError(MSG_ENCRYPTED)
        if info.file_size > _member_cap(name) or _looks_like_bomb(
            info.file_size, info.compress_size
        ):
            raise ArchiveError(MSG_BOMB)
        files.append(info)
    if sum(i.file_size for i in files) > MAX_TOTAL_BYTES:
        raise ArchiveError(MSG_BOMB)
    return files


def _member_cap(name: str) -> int:
    """The most bytes one member may hold: the manifest grows with the corpus, a text does not."""
    return MAX_MANIFEST_BYTES if name == MANIFEST else MAX_MEMBER_BYTES


def _printable(name: str) -> str:
    """A member name safe to show: control characters made visible, length capped."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)
    return shown[:80] + ("…" if len(shown) > 80 else "")


def _read_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Member bytes, each read with a hard cap (declared sizes are not trusted)."""
    out: dict[str, bytes] = {}
    total = 0
    for info in infos:
        try:
            cap = _member_cap(info.filename)
            with zf.open(info) as fh:
                data = fh.read(cap + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ArchiveError(MSG_BAD_MANIFEST.format(detail="压缩数据损坏")) from exc
        total += len(data)
        if len(data) > cap or total > MAX_TOTAL_BYTES:
            raise ArchiveError(MSG_BOMB)
        out[info.filename] = data
    return out


def _check_manifest(raw: bytes | None) -> dict:
    """The parsed manifest, with its format, version, report list and resource names checked
    (each report entry is checked when it is imported)."""
    if raw is None:
        raise ArchiveError(MSG_NO_MANIFEST)
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(MSG_BAD_MANIFEST.format(detail="不是有效的 JSON")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(MSG_NO_MANIFEST)
    version = manifest.get("archive_version")
    if not isinstance(version, int):
        raise ArchiveError(MSG_BAD_MANIFEST.format(detail="缺少格式版本"))
    if version > ARCHIVE_VERSION:
        raise ArchiveError(MSG_NEWER.format(found=version))
    reports = manifest.get("reports")
    resources = manifest.get("resources", {})
    if not isinstance(reports, list) or not isinstance(resources, dict):
        raise ArchiveError(MSG_BAD_MANIFEST.format(detail="报告列表格式不对"))
    for name, path in resources.items():
        if name not in RESOURCE_FILES or path != f"resources/{name}.txt":
            raise ArchiveError(MSG_BAD_NAME.format(name=_printable(f"{name}: {path}")))
    for entry in reports:  # a path outside reports/ ("../../etc/passwd") refuses the whole backup
        path = entry.get("file") if isinstance(entry, dict) else None
        if isinstance(path, str) and not _REPORT_FILE_RE.fullmatch(path):
            raise ArchiveError(MSG_BAD_NAME.format(name=_printable(path)))
    return manifest


def _entry_problem(entry: object) -> str:
    """What is wrong with one manifest entry (Chinese), or '' when it is well-formed."""
    if not isinstance(entry, dict):
        return "记录不是对象"
    if not isinstance(entry.get("file"), str) or not _MEMBER_RE.fullmatch(entry["file"]):
        return "文件路径不合法"
    if not entry["file"].startswith("reports/"):
        return "文件路径不合法"
    if not isinstance(entry.get("sha256"), str) or not _SHA_RE.fullmatch(entry["sha256"]):
        return "校验值不合法"
    return record_problem(entry)


def read_archive(data: bytes) -> Archive:
    """Validate an uploaded archive completely before anything is imported; raises ArchiveError."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveError(MSG_TOO_BIG.format(limit=MAX_ARCHIVE_BYTES // (1024 * 1024)))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ArchiveError(MSG_NOT_ZIP) from exc
    with zf:
        files = _check_infos(infos)
        members = _read_members(zf, files)
    manifest = _check_manifest(members.get(MANIFEST))
    return Archive(manifest, members)


# ---------------------------------------------------------------- import


def _entry_text(archive: Archive, n: int, entry: object) -> tuple[str | None, str]:
    """(text, '') of manifest entry `n`, or (None, Chinese reason) when it is malformed, missing
    or corrupt: one bad entry skips one report, never the archive."""
    problem = _entry_problem(entry)
    if problem:
        title = entry.get("title") if isinstance(entry, dict) else None
        shown = f"（{_printable(title)}）" if isinstance(title, str) and title else ""
        return None, MSG_ENTRY.format(n=n, shown=shown, problem=problem)
    assert isinstance(entry, dict)
    path = entry["file"]
    raw = archive.members.get(path)
    shown = _printable(str(entry.get("title") or entry.get("filename") or path))
    if raw is None:
        return None, MSG_MISSING.format(name=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, MSG_DECODE.format(name=shown)
    if content_hash(text) != entry["sha256"]:
        return None, MSG_HASH.format(name=shown)
    return text, ""


def _import_resources(store: CorpusStore, archive: Archive) -> tuple[list[str], list[str]]:
    """Apply the archive's edited resources that pass the editor's validation (others skipped)."""
    applied, problems = [], []
    current = store.resource_overrides()
    for name, path in archive.manifest.get("resources", {}).items():
        raw = archive.members.get(path)
        if raw is None:
            problems.append(MSG_MISSING.format(name=path))
            continue
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(MSG_DECODE.format(name=path))
            continue
        refused = validate_resource(name, content)
        if refused:
            label = RESOURCE_LABELS.get(name, name)
            problems.append(MSG_RESOURCE.format(label=label, detail="；".join(refused[:3])))
            continue
        if current.get(name) != content:
            store.set_resource(name, content)
            applied.append(name)
    return applied, problems


def _progress_every(total: int) -> int:
    """Report progress every this many entries (a page redraw each: at most PROGRESS_STEPS)."""
    return max(1, total // PROGRESS_STEPS)


def import_archive(
    store: CorpusStore,
    data: bytes,
    resources: bool = True,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a validated archive: each report in its own transaction, duplicates skipped.

    Raises ArchiveError (nothing imported) when the archive itself is unsafe or broken; a single
    malformed or corrupt report is skipped and counted in `failed` (its reason listed among the
    first MAX_LISTED).
    """
    return _import_validated(store, read_archive(data), resources, progress)


def _import_validated(
    store: CorpusStore, archive: Archive, resources: bool, progress: Progress | None
) -> ImportResult:
    """import_archive of an archive already read and validated."""
    from analysis.io.names import safe_filename

    entries = archive.manifest["reports"]
    counts = {"added": 0, "restored": 0, "duplicate": 0}
    failed: list[str] = []
    n_failed = 0
    every = _progress_every(len(entries))
    for n, entry in enumerate(entries, start=1):
        text, problem = _entry_text(archive, n, entry)
        if text is None:
            n_failed += 1
            if len(failed) < MAX_LISTED:
                failed.append(problem)
        else:
            rec = {**entry, "text": text, "filename": safe_filename(entry.get("filename") or "")}
            counts[store.add_record(rec).status] += 1
        if progress and (n % every == 0 or n == len(entries)):
            progress(n, len(entries))
    if n_failed:
        logger.warning("archive import: %d of %d reports skipped", n_failed, len(entries))
    applied, problems = _import_resources(store, archive) if resources else ([], [])
    problems += import_roster_entries(store, archive.manifest.get("roster"))
    repair_identities(store)  # imported reports get their identity rows (待确认 sees them)
    return ImportResult(
        added=counts["added"],
        restored=counts["restored"],
        duplicates=counts["duplicate"],
        failed=tuple(failed),
        resources=tuple(applied),
        resource_problems=tuple(problems),
        total=len(entries),
        failed_count=n_failed,
    )


def restore_damaged(
    path: Path, data: bytes, progress: Progress | None = None
) -> tuple[Path, ImportResult]:
    """Restore a backup in place of a damaged SQLite file: the archive is validated first (a bad
    one changes nothing), the damaged file is renamed and kept, a fresh store takes its place and
    the backup is imported into it. Returns (where the damaged file now is, the import result)."""
    archive = read_archive(data)  # raises ArchiveError before anything is moved
    kept = move_aside(path)
    fresh = CorpusStore(path)
    # The backup is the user's corpus: the sample reports a new store gets on first start
    # (analysis.corpus.loading.ensure_samples) must not be mixed into it.
    fresh.set_meta("samples_loaded", "1")
    return kept, _import_validated(fresh, archive, True, progress)
