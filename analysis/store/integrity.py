"""A damaged database: how it is recognised, the one Chinese message, the integrity report, and
moving a damaged SQLite file aside so a backup can be restored into a fresh one.

Detection happens twice: `PRAGMA quick_check` when a SQLite file is opened (about 60 ms for a
20 MB store of 1,000 reports; files over QUICK_CHECK_MAX_BYTES skip it), and on every query, where
SQLite's "malformed" / "not a database" errors (and text that no longer decodes, confirmed by a
quick check) mark the store damaged. A damaged store refuses every write.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from analysis.core.models import AnalysisError

logger = logging.getLogger(__name__)

QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024  # larger files are checked on demand (about 1 s)
MAX_REPORT_LINES = 100  # problems an integrity report lists

_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
# What SQLite and Python's sqlite3 say about a damaged file, e.g. "database disk image is
# malformed", "file is not a database"; a decode failure needs a quick check to confirm.
_SURE_MARKERS = ("malformed", "not a database", "disk image")
_MAYBE_MARKERS = ("could not decode",)
_PG_DAMAGED = ("XX001", "XX002")  # PostgreSQL: data_corrupted, index_corrupted

MSG_DAMAGED = (
    "语料库数据库已损坏（{location}：{detail}）。为防止损坏扩大，已停止一切写入（上传、编辑、导入）。"
    "恢复办法：用最近导出的备份恢复——在网页上点「从备份恢复」并选择备份 .zip"
    "（损坏的文件会改名保留，不会删除）；或把该文件移到别处后重新启动程序，"
    "再到「数据管理 → 备份与迁移」导入备份。没有备份时请勿继续使用该文件，"
    "可请技术人员用 sqlite3 的 .recover 命令抢救。"
)


class StoreDamagedError(AnalysisError):
    """The database file is damaged: reads may fail and every write is refused."""

    def __init__(self, location: str, detail: str):
        super().__init__(MSG_DAMAGED.format(location=location, detail=detail))
        self.location = location
        self.detail = detail


@dataclass(frozen=True)
class IntegrityReport:
    """The result of an integrity check: ok, what SQLite reported (bounded), how long it took."""

    ok: bool
    lines: tuple[str, ...]
    seconds: float
    kind: str = "quick_check"

    @property
    def first_problem(self) -> str:
        """The first line naming a problem (not SQLite's "*** in database main ***" heading)."""
        found = [line for line in self.lines if not line.startswith("***")]
        return " ".join((found or list(self.lines) or [""])[0].split())[:200]

    def summary(self) -> str:
        """One Chinese sentence for the page and the CLI."""
        if self.ok:
            return f"完整性检查（{self.kind}）通过：未发现损坏，用时 {self.seconds:.2f} 秒。"
        n = sum(1 for line in self.lines if not line.startswith("***")) or 1
        return f"完整性检查（{self.kind}）发现 {n} 处问题，数据库已损坏。"


def _code(exc: BaseException) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def damage_kind(exc: BaseException) -> str:
    """'sure' when the error means a damaged database, 'maybe' when a check must confirm, ''."""
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state in _PG_DAMAGED:
        return "sure"
    if not isinstance(exc, sqlite3.DatabaseError):
        return ""
    text = str(exc).lower()
    if _code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or any(m in text for m in _SURE_MARKERS):
        return "sure"
    return "maybe" if any(m in text for m in _MAYBE_MARKERS) else ""


def error_detail(exc: BaseException) -> str:
    """A short, safe description of the error (no data from the damaged page)."""
    text = str(exc)
    for marker in (*_SURE_MARKERS, *_MAYBE_MARKERS):
        if marker in text.lower():
            return {"could not decode": "文本无法解码"}.get(marker, text.split(":")[0][:120])
    return type(exc).__name__


def damaged_error(location: str, exc: BaseException) -> StoreDamagedError:
    """The StoreDamagedError for a database error (logged with its original text)."""
    logger.error("database %s is damaged: %s", location, exc)
    return StoreDamagedError(location, error_detail(exc))


def check_sqlite(path: Path, full: bool = False) -> IntegrityReport:
    """Run `PRAGMA quick_check` (or `integrity_check` when `full`) on the file, read-only."""
    kind = "integrity_check" if full else "quick_check"
    start = time.perf_counter()
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            rows = con.execute(f"PRAGMA {kind}({MAX_REPORT_LINES})").fetchall()
        finally:
            con.close()
        lines = tuple(str(r[0]) for r in rows)
    except sqlite3.DatabaseError as exc:
        if not damage_kind(exc):
            raise
        lines = (str(exc),)
    seconds = time.perf_counter() - start
    ok = lines == ("ok",)
    if not ok:
        logger.error("%s of %s failed: %s", kind, path, "; ".join(lines[:3]))
    return IntegrityReport(ok, () if ok else lines, seconds, kind)


def needs_open_check(path: Path) -> bool:
    """Whether opening this SQLite file runs a quick check (it exists and is not huge)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return 0 < size <= QUICK_CHECK_MAX_BYTES


def is_sqlite_file(path: Path) -> bool:
    """Whether the file starts with SQLite's header (else it is some other file, not a damaged
    database: the caller's "cannot open" message fits it better)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def check_at_open(path: Path | None) -> None:
    """Quick-check an existing SQLite file being opened; StoreDamagedError when it is damaged."""
    if path is not None and needs_open_check(path) and is_sqlite_file(path):
        report = check_sqlite(path)
        if not report.ok:
            raise StoreDamagedError(str(path), report.first_problem)


def check_store(path: Path | None, full: bool = True) -> IntegrityReport:
    """The integrity report of a store's SQLite file (PostgreSQL: checked by its server)."""
    if path is None:
        note = "PostgreSQL 数据库的完整性由数据库服务器维护，请联系管理员用 amcheck 检查。"
        return IntegrityReport(True, (note,), 0.0, "PostgreSQL")
    return check_sqlite(path, full=full)


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged SQLite file (and its -wal/-shm) to `<name>.damaged-<time>`; returns the
    new name of the main file. Nothing is deleted."""
    stamp = f"{(now or datetime.now()):%Y%m%d-%H%M%S}"
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    logger.warning("damaged database %s moved to %s", path, target)
    return target
