"""The corpus store: reports, metadata, edited resources and cached analyses in one database.

The database is a SQLite file (one host) or a PostgreSQL server given by a connection string
(several hosts), with the same schema and semantics. Reports are keyed by the SHA-256 of their
extracted text, so the same report uploaded twice is stored once. Every write is one transaction,
writers are serialized, so a crash mid-import never leaves a half-written report.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.core.models import AnalysisError, Extracted
from analysis.core.resources import DATA_DIR
from analysis.core.settings import settings
from analysis.store.backends import Conn as _Conn
from analysis.store.backends import PostgresDB as _Postgres
from analysis.store.backends import SQLiteDB as _SQLite
from analysis.store.caches import CachedResults, content_hash
from analysis.store.connection_url import (
    PG_SCHEMES,  # noqa: F401  (re-exported: its old home)
    is_url,  # re-exported: its old home
    refuse_connection_string,
)
from analysis.store.facts import delete_facts
from analysis.store.integrity import (
    IntegrityReport,
    StoreDamagedError,
    check_at_open,
    check_sqlite,
    check_store,
    damage_kind,
    damaged_error,
    is_sqlite_file,
)
from analysis.store.report_columns import (
    GET_COLUMNS,
    LIST_COLUMNS,
    META_FIELDS,
    ORIGINAL_FIELDS,
    RECORD_COLUMNS,
    StoredReport,
    add_missing_columns,
    insert_values,
    parse_hints,
    record_from_row,
    stored_report,
)
from analysis.store.report_columns import field as _field
from analysis.store.report_columns import year as _year
from analysis.store.schema import SCHEMA as _SCHEMA

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DEFAULT_DB = DATA_DIR / "corpus.db"
DB_ENV = "DJ_DB"


class ConflictError(AnalysisError):
    """Someone else saved this report since it was loaded: the edit is refused, not merged silently."""


@dataclass(frozen=True)
class AddResult:
    status: str  # "added" | "duplicate" | "restored"
    report_id: int
    sha256: str


@dataclass(frozen=True)
class StoredName:
    """How a stored report is named to the user: its title and file name, and its trash state."""

    id: int
    title: str
    filename: str
    in_trash: bool

    def shown(self) -> str:
        """「标题」（文件名）, or just the one of them that is set."""
        if self.title and self.filename and self.title != self.filename:
            return f"「{self.title}」（{self.filename}）"
        return f"「{self.title or self.filename or f'报告 {self.id}'}」"


ID_LIST_MAX = 1000  # ids bound in one IN (...) at most (SQLite and PostgreSQL cap parameters)


def default_location() -> str:
    """Where the store lives: $DJ_DB (a path or a postgresql:// URL) if set, else data/corpus.db."""
    return settings().db or str(DEFAULT_DB)


def new_record(filename: str, doc: Extracted, meta: Mapping[str, object]) -> dict:
    """The record of a report just read: its metadata (META_FIELDS, ORIGINAL_FIELDS) and text."""
    fields = {k: meta.get(k) for k in (*META_FIELDS, *ORIGINAL_FIELDS)}
    return {
        **fields,
        "filename": filename,
        "fmt": doc.fmt,
        "encoding": doc.encoding,
        "text": doc.text,
        "hints": doc.hints,
        "ocr": doc.ocr,
        "ocr_confidence": doc.ocr_confidence,
    }


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class CorpusStore(CachedResults):
    """The corpus database, safe for several threads, processes and (on PostgreSQL) hosts."""

    def __init__(self, location: Path | str | None = None):
        location = location or default_location()
        if isinstance(location, str) and not is_url(location):
            refuse_connection_string(location)
        self._damaged: StoreDamagedError | None = None  # set once damage is seen: writes stop
        try:
            self._db = _Postgres(str(location)) if is_url(location) else _SQLite(Path(location))
            check_at_open(self._db.path)
            self._create_schema()
        except (OSError, sqlite3.Error) as exc:  # PostgreSQL failures are AnalysisErrors already
            if damage_kind(exc) and not is_url(location) and is_sqlite_file(Path(location)):
                raise damaged_error(str(location), exc) from None
            raise AnalysisError(
                f"无法打开语料库数据库 {location}（{exc}）。请检查该路径可写、且是本程序的数据库文件；"
                f"可用环境变量 {DB_ENV} 指定其他位置。"
            ) from None
        self.path: Path | None = self._db.path  # the SQLite file; None on PostgreSQL
        found = int(self.get_meta("schema_version") or 0)
        if found > SCHEMA_VERSION:
            raise AnalysisError(f"数据库版本（{found}）比本程序新，请升级程序后再打开。")
        self._repair_identities()

    def _repair_identities(self) -> None:
        """Give reports stored without an identity row (a crash of an older version between its
        two writes) one now; a store that cannot be written (full disk) still opens for reading."""
        from analysis.store.roster import repair_identities  # roster builds on this module

        try:
            repair_identities(self)
        except StoreDamagedError:
            raise
        except Exception:
            logger.exception("identity repair skipped: the store could not be written")

    def _create_schema(self) -> None:
        """Tables and meta rows, if missing (idempotent: every open runs it)."""
        with self._tx() as con:
            for ddl in _SCHEMA.format(**self._db.types).split(";"):
                if ddl.strip():
                    con.execute(ddl)
            added = add_missing_columns(con, self._db.pg)
            if added:
                logger.info("store migrated in place: columns %s added", ", ".join(added))
            con.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                (str(SCHEMA_VERSION),),
            )
            con.execute(
                "INSERT INTO meta(key, value) VALUES ('revision', '0') ON CONFLICT DO NOTHING"
            )

    @property
    def damaged(self) -> StoreDamagedError | None:
        """The damage seen by this store object (None: none seen); a damaged store refuses writes."""
        return self._damaged

    def integrity_check(self, full: bool = True) -> IntegrityReport:
        """SQLite's integrity_check (or quick_check) of the file; a failure marks the store damaged."""
        report = check_store(self._db.path, full)
        if not report.ok:
            self._damaged = StoreDamagedError(self.location, report.first_problem)
        return report

    def _note_damage(self, exc: BaseException) -> None:
        """Raise StoreDamagedError, and stop writes, when `exc` comes from a damaged database."""
        kind, path = damage_kind(exc), self._db.path
        if path is not None and kind and not is_sqlite_file(path):
            return  # some other file: the caller's "cannot open" message fits better
        if kind == "maybe" and path is not None and check_sqlite(path).ok:
            return
        if kind:
            self._damaged = damaged_error(self.location, exc)
            raise StoreDamagedError(self.location, self._damaged.detail) from None

    @property
    def location(self) -> str:
        """Where the data lives, safe to show and to use as a cache key: the SQLite path, or the
        PostgreSQL URL without its password."""
        return self._db.location

    @contextmanager
    def _read(self) -> Iterator[_Conn]:
        try:
            raw = self._db.acquire()
        except sqlite3.DatabaseError as exc:
            self._note_damage(exc)
            raise
        try:
            yield _Conn(raw, self._db.pg)
        except Exception as exc:
            self._note_damage(exc)
            raise
        finally:
            self._db.release(raw)

    @contextmanager
    def _tx(self) -> Iterator[_Conn]:
        """One write transaction, writers one at a time; rolled back whole on any error; refused
        once the database is known to be damaged."""
        if self._damaged is not None:
            raise StoreDamagedError(self._damaged.location, self._damaged.detail)
        with self._read() as con:
            try:
                for sql in self._db.begin:
                    con.execute(sql)
                yield con
                con.execute("COMMIT")
            except BaseException:
                with suppress(Exception):  # a broken connection must not hide the real error
                    con.execute("ROLLBACK")
                raise

    @staticmethod
    def _bump(con: _Conn) -> None:
        con.execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
            " WHERE key = 'revision'"
        )

    @staticmethod
    def _put_resource(con: _Conn, name: str, content: str) -> None:
        """Insert or replace an edited resource (a change analyses see)."""
        con.execute(
            "INSERT INTO resources(name, content, updated_at) VALUES (?,?,?) ON CONFLICT (name)"
            " DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
            (name, content, _now()),
        )
        CorpusStore._bump(con)

    # -- meta -------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self._read() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as con:
            con.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def revision(self) -> int:
        """A counter bumped by every write that changes what analyses see: the UI's cache key."""
        return int(self.get_meta("revision") or 0)

    # -- reports ----------------------------------------------------------------------------------
    def add(self, filename: str, doc: Extracted, meta: Mapping[str, object]) -> AddResult:
        """Store one report in one transaction; an identical text already stored is a duplicate.

        `meta` holds META_FIELDS and, for a Traditional report, ORIGINAL_FIELDS (as written).
        Reports of users go through `analysis.store.saving.save_report` (with their identity)."""
        with self._tx() as con:
            return self.insert_in(con, new_record(filename, doc, meta))

    def list_reports(
        self, include_deleted: bool = False, ids: Collection[int] | None = None
    ) -> pd.DataFrame:
        """One row per report (no text): id, branch, organization, year, kind, title, raw_length,
        added_at …; of `ids` only when given (an upload's few reports: no listing of them all)."""
        wanted = sorted({int(i) for i in ids}) if ids is not None else None
        where = [] if include_deleted else ["deleted_at IS NULL"]
        few = wanted is not None and len(wanted) <= ID_LIST_MAX  # else filtered after the query
        if few:
            where.append(f"id IN ({','.join('?' * len(wanted))})" if wanted else "1 = 0")
        sql = f"SELECT {LIST_COLUMNS} FROM reports"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as con:
            df = con.frame(sql + " ORDER BY id", tuple(wanted) if few and wanted else ())
        if wanted is not None and not few:
            df = df[df["id"].isin(wanted)].reset_index(drop=True)
        df["year"] = df["year"].astype("Int64")
        df["ocr"] = df["ocr"].astype(bool)
        df["ocr_confidence"] = df["ocr_confidence"].astype("Float64")
        return df

    def trash(self) -> pd.DataFrame:
        """Reports deleted but not purged, newest first."""
        df = self.list_reports(include_deleted=True)
        return df[df["deleted_at"].notna()].sort_values("deleted_at", ascending=False)

    def get(self, report_id: int) -> StoredReport:
        with self._read() as con:
            row = con.execute(
                f"SELECT {GET_COLUMNS} FROM reports WHERE id = ?", (int(report_id),)
            ).fetchone()
        if row is None:
            raise AnalysisError(f"报告 {report_id} 不存在。")
        return stored_report(row)

    def texts(self) -> dict[int, tuple[str, str, tuple[tuple[int, str], ...]]]:
        """id -> (sha256, text, hints) of every live report: the input of corpus analysis."""
        with self._read() as con:
            rows = con.execute(
                "SELECT id, sha256, text, hints FROM reports WHERE deleted_at IS NULL ORDER BY id"
            ).fetchall()
        return {r[0]: (r[1], r[2], parse_hints(r[3])) for r in rows}

    def texts_by_hash(self, shas: list[str]) -> dict[str, tuple[str, tuple[tuple[int, str], ...]]]:
        """sha256 -> (text, hints) of these reports: only what needs analysis is read."""
        out: dict[str, tuple[str, tuple[tuple[int, str], ...]]] = {}
        with self._read() as con:
            for i in range(0, len(shas), 500):
                chunk = shas[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for sha, text, hints in con.execute(
                    f"SELECT sha256, text, hints FROM reports WHERE sha256 IN ({marks})", chunk
                ):
                    out[sha] = (text, parse_hints(hints))
        return out

    def update_metadata(self, report_id: int, fields: dict, expected_version: int) -> int:
        """Save edited metadata if nobody saved in between; returns the new version."""
        clean = {k: v for k, v in fields.items() if k in META_FIELDS}
        if "year" in clean:
            clean["year"] = _year(clean["year"])
        for k in clean:
            if k != "year":
                clean[k] = "" if clean[k] is None else _field(clean[k]).strip()
        with self._tx() as con:
            row = con.execute("SELECT version FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise AnalysisError(f"报告 {report_id} 不存在，可能已被删除。")
            if row[0] != expected_version:
                raise ConflictError(
                    f"报告 {report_id} 已被其他人修改（版本 {row[0]}），请刷新后再编辑。"
                )
            # A renamed title/branch/organization no longer has the original written form.
            stale = [
                f"original_{k} = CASE WHEN {k} = ? THEN original_{k} ELSE '' END"
                for k in clean
                if f"original_{k}" in ORIGINAL_FIELDS
            ]
            olds = [clean[k] for k in clean if f"original_{k}" in ORIGINAL_FIELDS]
            sets = ", ".join([*stale, *(f"{k} = ?" for k in clean)])
            con.execute(
                f"UPDATE reports SET {sets}{', ' if sets else ''}updated_at = ?, "
                "version = version + 1 WHERE id = ?",
                (*olds, *clean.values(), _now(), report_id),
            )
            self._bump(con)
        return expected_version + 1

    def delete(self, report_id: int) -> None:
        """Move a report to the trash (restorable)."""
        with self._tx() as con:
            con.execute(
                "UPDATE reports SET deleted_at = ?, version = version + 1 WHERE id = ?",
                (_now(), report_id),
            )
            self._bump(con)

    def restore(self, report_id: int) -> None:
        with self._tx() as con:
            con.execute(
                "UPDATE reports SET deleted_at = NULL, version = version + 1 WHERE id = ?",
                (report_id,),
            )
            self._bump(con)

    def purge(self, report_id: int) -> None:
        """Remove a report for good (and its cached analyses)."""
        with self._tx() as con:
            row = con.execute("SELECT sha256 FROM reports WHERE id = ?", (report_id,)).fetchone()
            con.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            if row:
                con.execute("DELETE FROM analyses WHERE sha256 = ?", (row[0],))
                con.execute("DELETE FROM scans WHERE text_sha256 = ?", (row[0],))
                delete_facts(con, row[0])
            self._bump(con)

    # -- edited resources -------------------------------------------------------------------------
    def resource_overrides(self) -> dict[str, str]:
        with self._read() as con:
            return dict(con.execute("SELECT name, content FROM resources").fetchall())

    def set_resource(self, name: str, content: str) -> None:
        with self._tx() as con:
            self._put_resource(con, name, content)

    def reset_resource(self, name: str) -> None:
        """Go back to the shipped default of one resource."""
        with self._tx() as con:
            con.execute("DELETE FROM resources WHERE name = ?", (name,))
            self._bump(con)

    # -- used by data management (uploads preview, archive export/import, resource editor) -----
    def known_hashes(self, shas: list[str]) -> dict[str, bool]:
        """sha256 -> True if stored and live, False if in the trash (absent: not stored)."""
        return {sha: not named.in_trash for sha, named in self.stored_names(shas).items()}

    def stored_names(self, shas: list[str]) -> dict[str, StoredName]:
        """sha256 -> how the stored report with that text is named (and whether it is in the
        trash), for the reports stored; a duplicate upload says which report it repeats."""
        out: dict[str, StoredName] = {}
        with self._read() as con:
            for i in range(0, len(shas), 500):
                chunk = shas[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for sha, rid, title, filename, deleted in con.execute(
                    "SELECT sha256, id, title, filename, deleted_at FROM reports"
                    f" WHERE sha256 IN ({marks})",
                    chunk,
                ):
                    out[sha] = StoredName(int(rid), str(title), str(filename), deleted is not None)
        return out

    def records(self, include_deleted: bool = True) -> Iterator[dict]:
        """Every report as a full dict (text, hints, dates, trash state), for export."""
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        cols = ", ".join(RECORD_COLUMNS)
        with self._read() as con:
            for row in con.stream(f"SELECT {cols} FROM reports {where} ORDER BY id"):
                yield record_from_row(row)

    def add_record(self, rec: dict) -> AddResult:
        """Insert a report exported from another store, keeping its dates and trash state
        (deduplicated by content hash like `add`)."""
        with self._tx() as con:
            return self.insert_in(con, rec)

    def insert_in(self, con: _Conn, rec: dict) -> AddResult:
        """Insert one report record inside an open transaction: a live copy wins (duplicate); a
        trashed copy is restored when the record is live."""
        text = str(rec["text"]).replace("\x00", "")  # PostgreSQL text cannot hold NUL
        sha = content_hash(text)
        now = _now()
        deleted_at = rec.get("deleted_at") or None
        row = con.execute("SELECT id, deleted_at FROM reports WHERE sha256 = ?", (sha,)).fetchone()
        if row and (row[1] is None or deleted_at):
            return AddResult("duplicate", row[0], sha)
        if row:
            con.execute(
                "UPDATE reports SET deleted_at = NULL, updated_at = ?, version = version + 1 "
                "WHERE id = ?",
                (now, row[0]),
            )
            self._bump(con)
            return AddResult("restored", row[0], sha)
        marks = ",".join("?" * (len(RECORD_COLUMNS) + 1))
        rid = con.execute(
            f"INSERT INTO reports({', '.join(RECORD_COLUMNS)}, chars) VALUES ({marks})"
            " RETURNING id",
            insert_values(rec, text, sha, now),
        ).fetchall()[0][0]
        self._bump(con)
        return AddResult("added", int(rid), sha)

    def set_resource_checked(self, name: str, content: str, expected: str | None) -> None:
        """Save an edited resource only if its stored override is still `expected` (None: none).

        Two people editing the same dictionary: the second save is refused, not silently merged.
        """
        with self._tx() as con:
            row = con.execute("SELECT content FROM resources WHERE name = ?", (name,)).fetchone()
            current = row[0] if row else None
            if current != expected:
                raise ConflictError("该资源已被其他人修改，请刷新页面查看最新内容后再保存。")
            self._put_resource(con, name, content)
