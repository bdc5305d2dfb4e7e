"""Zip uploads: members read in memory (never written to disk) with size, count and ratio guards."""

from __future__ import annotations

import io
import stat
import zipfile

from analysis.io.errors import (
    MSG_UNSUPPORTED,
    MSG_ZIP_BOMB,
    MSG_ZIP_BROKEN,
    MSG_ZIP_EMPTY,
    MSG_ZIP_ENCRYPTED,
    MSG_ZIP_NESTED,
    MSG_ZIP_SYMLINK,
    MSG_ZIP_TOO_MANY,
    IngestError,
)
from analysis.io.limits import (
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_BYTES,
    check_size,
    max_file_bytes,
)
from analysis.io.names import DRIVE_RE, ext, safe_filename

SUPPORTED = (
    ".txt",
    ".docx",
    ".pdf",
    ".doc",
    ".wps",
    ".rtf",
    ".odt",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
)
SIDECAR_NAMES = ("metadata.csv", "metadata.xlsx")  # a batch's table of file name -> metadata

MEMBER_MARK = " › "  # between an archive's name and a member's in a label ("批量.zip › 报告.txt")


def member_label(archive: str, member: str) -> str:
    """How a member of an archive is named to the user: the archive, then the member."""
    return f"{archive}{MEMBER_MARK}{member}"


def member_of(label: str) -> str:
    """The member's own name in a label of `member_label` (the label itself when not a member)."""
    return label.rsplit(MEMBER_MARK, 1)[-1]


# Files that archivers and Office leave behind: skipped silently inside a zip.
_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
# What zipfile raises on a damaged archive or member.
ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError)


def zip_names(data: bytes) -> set[str]:
    """Member names of a zip, or an empty set when it cannot be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except ZIP_ERRORS:
        return set()


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's path as its author wrote it: undo zipfile's cp437 guess for GBK/UTF-8 names."""
    name = info.filename
    if info.flag_bits & 0x800:  # UTF-8 flag set: already right
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return name


def _flat_name(path: str) -> str:
    """A nested member path flattened to one safe name: '2023/一支部/报告.txt' -> '2023_一支部_报告.txt'."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    parts = [p for p in parts if not DRIVE_RE.fullmatch(p)]
    return safe_filename("_".join(parts))


def _is_junk(path: str) -> bool:
    """Archiver debris that is not a user file: __MACOSX, ._*, .DS_Store, Office lock files."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if not parts or "__MACOSX" in parts:
        return True
    base = parts[-1]
    return base.lower() in _JUNK_NAMES or base.startswith(("._", "~$"))


def _unique(name: str, used: set[str]) -> str:
    """`name`, or 'stem (2).ext' … when an earlier member already took it."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem} ({n}).{suffix}" if suffix else f"{stem} ({n})"
    used.add(candidate)
    return candidate


def _is_bomb_member(info: zipfile.ZipInfo) -> bool:
    """A member over 1 MB whose compression ratio is beyond any real document's."""
    return info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(
        info.compress_size, 1
    )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | IngestError:
    """A member's bytes (never more than the size limit + 1), or why it cannot be read."""
    try:
        check_size(info.file_size)
        with zf.open(info) as fh:
            content = fh.read(max_file_bytes() + 1)  # never trust the declared size
        check_size(len(content))
    except IngestError as exc:
        return exc
    except ZIP_ERRORS:
        return IngestError(MSG_ZIP_BROKEN)
    return content


def _expand_zip(zipname: str, data: bytes) -> list[tuple[str, bytes | IngestError]]:
    """Members of a zip upload, guarded against bombs; bad members become per-file errors."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except ZIP_ERRORS:
        return [(zipname, IngestError(MSG_ZIP_BROKEN))]
    if len(infos) > MAX_ZIP_MEMBERS:
        return [(zipname, IngestError(MSG_ZIP_TOO_MANY.format(limit=MAX_ZIP_MEMBERS)))]
    if sum(i.file_size for i in infos) > MAX_ZIP_TOTAL_BYTES:
        return [(zipname, IngestError(MSG_ZIP_BOMB))]
    out: list[tuple[str, bytes | IngestError]] = []
    used: set[str] = set()
    skipped: list[str] = []  # members with an unsupported extension
    total = 0
    with zf:
        for info in infos:
            path = _member_name(info)
            if info.is_dir() or _is_junk(path):
                continue
            name = _unique(_flat_name(path), used)
            suffix = ext(name)
            if suffix == ".zip":
                out.append((name, IngestError(MSG_ZIP_NESTED)))
                continue
            if suffix not in SUPPORTED and name.lower() not in SIDECAR_NAMES:
                skipped.append(name)
                out.append((name, IngestError(MSG_UNSUPPORTED.format(ext=suffix or "无扩展名"))))
                continue
            if info.flag_bits & 0x1:
                out.append((name, IngestError(MSG_ZIP_ENCRYPTED)))
                continue
            if stat.S_ISLNK(info.external_attr >> 16):  # its bytes are a path, not a report
                out.append((name, IngestError(MSG_ZIP_SYMLINK)))
                continue
            if _is_bomb_member(info):
                return [(zipname, IngestError(MSG_ZIP_BOMB))]
            content = _read_member(zf, info)
            if isinstance(content, bytes):
                total += len(content)
                if total > MAX_ZIP_TOTAL_BYTES:
                    return [(zipname, IngestError(MSG_ZIP_BOMB))]
            out.append((name, content))
    if len(skipped) == len(out):  # no member is a report file
        listed = "、".join(skipped[:5]) + ("等" if len(skipped) > 5 else "")
        extra = f"（压缩包里的文件：{listed}）" if skipped else ""
        return [(zipname, IngestError(MSG_ZIP_EMPTY + extra))]
    return out


def expand_upload(filename: str, data: bytes) -> list[tuple[str, bytes | IngestError]]:
    """One upload as (safe name, bytes or error) items: a .zip gives its members, any other file itself."""
    name = safe_filename(filename)
    if ext(name) == ".zip":
        return _expand_zip(name, data)
    return [(name, data)]
