"""The roster (组织名录) in the corpus store, and each report's branch labelled from it.

Every report keeps its guessed branch (`identities.guess`, the name as inferred or typed) apart from
its label (`reports.branch`): saving the roster or settling a review matches the guesses again and
rewrites the labels in the same transaction — metadata only, so nothing is analysed again, and the
pages show the new labels at once (the store's revision changes). A label the user edited by hand
becomes that report's new guess, so it is never overwritten by an old one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from analysis.core.escape import stored_name
from analysis.core.models import AnalysisError
from analysis.store.backends import Conn as _Conn
from analysis.store.database import CorpusStore
from analysis.store.roster_file import entries_with, parse_roster
from analysis.text.identity import file_stem
from analysis.text.metadata import Metadata
from analysis.text.roster import (
    STATUS_INFERRED,
    STATUS_MATCHED,
    STATUS_REVIEW,
    Roster,
    RosterEntry,
    match_name,
    scan_text,
)

logger = logging.getLogger(__name__)
STATUS_CONFIRMED = "confirmed"  # a person accepted the guess as it is
STATUS_LABELS = {
    STATUS_MATCHED: "已匹配",
    STATUS_REVIEW: "待确认",
    STATUS_CONFIRMED: "已确认",
    STATUS_INFERRED: "自动识别",
}
REVIEW_COLUMNS = ("id", "文件", "标题", "识别结果", "来源", "可能是")


@dataclass(frozen=True)
class Label:
    """What a guess becomes under a roster: the label, its parent, status and candidates."""

    label: str
    parent: str
    status: str
    candidates: tuple[str, ...] = ()


# ---------------------------------------------------------------- pure decision


def decide(guess: str, filename: str, title: str, roster: Roster, status: str = "") -> Label:
    """The label of one report: the roster's name when the guess (or the file name/title) matches
    surely; else the guess itself, confirmed if a person said so, else 待确认."""
    if not len(roster):
        keep = status if status == STATUS_CONFIRMED else STATUS_INFERRED
        return Label(guess, "", keep if guess else STATUS_REVIEW)
    found = match_name(guess, roster)
    candidates = list(found.candidates)
    if not found.matched and status != STATUS_CONFIRMED:
        for place in (file_stem(filename), title):
            scanned = scan_text(place, roster) if place else None
            if scanned and scanned.matched:
                found = scanned
                break
            candidates.extend(scanned.candidates if scanned else ())
    if found.matched and found.entry is not None:
        return Label(found.entry.name, found.entry.parent, STATUS_MATCHED)
    if status == STATUS_CONFIRMED and guess:
        return Label(guess, "", STATUS_CONFIRMED)
    return Label(guess, "", STATUS_REVIEW, tuple(dict.fromkeys(candidates)))


# ---------------------------------------------------------------- roster table


def load_roster(store: CorpusStore) -> Roster:
    """The roster in use (empty when the office has none)."""
    with store._read() as con:
        return _roster_in(con)


def _roster_in(con: _Conn) -> Roster:
    rows = con.execute(
        "SELECT name, parent, type, aliases FROM roster ORDER BY position"
    ).fetchall()
    return Roster(tuple(RosterEntry(n, p, t, tuple(json.loads(a))) for n, p, t, a in rows))


def save_roster(store: CorpusStore, roster: Roster) -> int:
    """Replace the roster and relabel every report, in one transaction; returns how many reports
    changed label."""
    with store._tx() as con:
        con.execute("DELETE FROM roster")
        con.executemany(
            "INSERT INTO roster(position, name, parent, type, aliases) VALUES (?,?,?,?,?)",
            [
                (i, e.name, e.parent, e.type, json.dumps(list(e.aliases), ensure_ascii=False))
                for i, e in enumerate(roster.entries)
            ],
        )
        changed = _relabel(con, roster)
        CorpusStore._bump(con)
    return changed


def import_roster(store: CorpusStore, filename: str, data: bytes) -> int:
    """Read a roster file and put it in use; a bad file raises RosterError, the old roster stays."""
    return save_roster(store, parse_roster(filename, data))


def relabel(store: CorpusStore) -> int:
    """Match every report's guess against the roster in use again; returns labels changed."""
    roster = load_roster(store)
    with store._tx() as con:
        changed = _relabel(con, roster)
        CorpusStore._bump(con)
    return changed


def _identities(con: _Conn) -> dict[str, tuple[str, str, float, str, str, tuple[str, ...]]]:
    rows = con.execute(
        "SELECT sha256, guess, source, confidence, status, label, candidates FROM identities"
    )
    return {
        r[0]: (r[1], r[2], float(r[3]), r[4], r[5], tuple(json.loads(r[6] or "[]")))
        for r in rows.fetchall()
    }


def _relabel(con: _Conn, roster: Roster) -> int:
    """Relabel every live report inside an open transaction."""
    known = _identities(con)
    reports = con.execute(
        "SELECT id, sha256, branch, filename, title FROM reports WHERE deleted_at IS NULL"
    ).fetchall()
    changed = 0
    for rid, sha, branch, filename, title in reports:
        guess, source, confidence, status, label, weak = known.get(
            sha, (branch, "", 0.0, "", branch, ())
        )
        if branch != label:  # edited by hand since we labelled it: the edit is the new guess
            guess, source, confidence, status = branch, "人工", 1.0, STATUS_CONFIRMED
        new = decide(guess, filename, title, roster, status)
        if new.status == STATUS_REVIEW and not guess:  # weak evidence stays a candidate
            new = replace(new, candidates=tuple(dict.fromkeys((*new.candidates, *weak))))
        _put_identity(con, sha, guess, source, confidence, new)
        if new.label != branch:
            con.execute(
                "UPDATE reports SET branch = ?, version = version + 1 WHERE id = ?",
                (new.label, rid),
            )
            changed += 1
    return changed


def _put_identity(
    con: _Conn, sha: str, guess: str, source: str, confidence: float, new: Label
) -> None:
    con.execute(
        "INSERT INTO identities(sha256, guess, source, confidence, status, label, parent, candidates)"
        " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (sha256) DO UPDATE SET guess = excluded.guess,"
        " source = excluded.source, confidence = excluded.confidence, status = excluded.status,"
        " label = excluded.label, parent = excluded.parent, candidates = excluded.candidates",
        (
            sha,
            stored_name(guess),
            source,
            confidence,
            new.status,
            stored_name(new.label),
            stored_name(new.parent),
            json.dumps(list(new.candidates), ensure_ascii=False),
        ),
    )


def record_identity(store: CorpusStore, sha256: str, meta: Metadata) -> None:
    """Remember how a stored report was labelled, in a transaction of its own."""
    with store._tx() as con:
        record_identity_in(con, sha256, meta)


def record_identity_in(con: _Conn, sha256: str, meta: Metadata) -> None:
    """Remember how a just-stored report was labelled (its guess, source, status, parent), inside
    the transaction that stored it.

    A name a person typed before saving is their word, but when it is a roster name or alias
    (`机关一支部`) the report takes the roster's name and parent now, as a later relabel would."""
    label = Label(meta.branch, meta.parent, meta.branch_status, meta.branch_candidates)
    guess = meta.branch_guess or meta.branch
    if meta.branch_status == STATUS_CONFIRMED and guess:
        roster = _roster_in(con)
        label = decide(guess, "", "", roster, STATUS_CONFIRMED) if len(roster) else label
        if label.label != meta.branch:
            con.execute(
                "UPDATE reports SET branch = ?, version = version + 1"
                " WHERE sha256 = ? AND deleted_at IS NULL",
                (label.label, sha256),
            )
            CorpusStore._bump(con)
    _put_identity(con, sha256, guess, meta.branch_source, meta.branch_confidence, label)


def has_identity(con: _Conn, sha256: str) -> bool:
    """Whether the report with this text has its identity row."""
    return (
        con.execute("SELECT 1 FROM identities WHERE sha256 = ?", (sha256,)).fetchone() is not None
    )


_ORPHANS = (
    "SELECT r.id, r.sha256, r.branch, r.filename, r.title FROM reports r"
    " LEFT JOIN identities i ON i.sha256 = r.sha256 WHERE i.sha256 IS NULL"
)


def repair_identities(store: CorpusStore) -> int:
    """Give every report without an identity row one (its stored branch as the guess, matched to
    the roster), in one transaction; returns how many were repaired (logged). Only reads when
    there is nothing to repair."""
    with store._read() as con:
        if con.execute(_ORPHANS + " LIMIT 1").fetchone() is None:
            return 0
    with store._tx() as con:
        roster = _roster_in(con)
        orphans = con.execute(_ORPHANS).fetchall()
        for rid, sha, branch, filename, title in orphans:
            new = decide(branch, filename, title, roster)
            _put_identity(con, sha, branch, "", 0.0, new)
            if new.label != branch:
                con.execute(
                    "UPDATE reports SET branch = ?, version = version + 1 WHERE id = ?",
                    (new.label, rid),
                )
        CorpusStore._bump(con)
    logger.warning("identity rows repaired for %d reports stored without one", len(orphans))
    return len(orphans)


# ---------------------------------------------------------------- review queue


def identity_frame(store: CorpusStore) -> pd.DataFrame:
    """Per live report: id, guess, source, confidence, status, parent (for pages and the CLI)."""
    with store._read() as con:
        df = con.frame(
            "SELECT r.id, r.branch, i.guess, i.source, i.confidence, i.status, i.parent,"
            " i.candidates, r.filename, r.title FROM reports r LEFT JOIN identities i"
            " ON i.sha256 = r.sha256 WHERE r.deleted_at IS NULL ORDER BY r.id"
        )
    return df.fillna({"guess": "", "source": "", "confidence": 0.0, "status": "", "parent": ""})


def review_queue(store: CorpusStore) -> pd.DataFrame:
    """Reports whose branch waits for a person (待确认), with what they might be."""
    df = identity_frame(store)
    df = df[df["status"] == STATUS_REVIEW]
    rows = [
        (int(str(rid)), fn, title, guess, source, "、".join(json.loads(str(cands or "[]"))))
        for rid, fn, title, guess, source, cands in zip(
            df["id"],
            df["filename"],
            df["title"],
            df["guess"],
            df["source"],
            df["candidates"],
            strict=True,
        )
    ]
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))


def _guess_of(store: CorpusStore, report_id: int) -> tuple[str, str]:
    """(sha256, guess) of a report."""
    with store._read() as con:
        row = con.execute(
            "SELECT r.sha256, COALESCE(i.guess, r.branch) FROM reports r LEFT JOIN identities i"
            " ON i.sha256 = r.sha256 WHERE r.id = ?",
            (int(report_id),),
        ).fetchone()
    if row is None:
        raise AnalysisError(f"报告 {report_id} 不存在，可能已被删除。")
    return str(row[0]), str(row[1] or "")


def accept_guess(store: CorpusStore, report_id: int) -> None:
    """A person confirms the guessed branch as it is (it stays out of the queue)."""
    sha, guess = _guess_of(store, report_id)
    if not guess:
        raise AnalysisError("没有识别出支部名称，请从名录中选择，或新增一个组织。")
    with store._tx() as con:
        con.execute(
            "UPDATE identities SET status = ?, candidates = '[]' WHERE sha256 = ?",
            (STATUS_CONFIRMED, sha),
        )
        CorpusStore._bump(con)


def assign_entry(store: CorpusStore, report_id: int, entry_name: str) -> int:
    """The report belongs to this roster entry: its guess becomes an alias of the entry, so every
    later report with that name matches too; returns labels changed."""
    roster = load_roster(store)
    entry = roster.get(entry_name)
    if entry is None:
        raise AnalysisError(f"名录中没有「{entry_name}」，请刷新后重试。")
    _, guess = _guess_of(store, report_id)
    if guess and guess != entry.name and guess not in entry.aliases:
        entry = RosterEntry(entry.name, entry.parent, entry.type, (*entry.aliases, guess))
    return save_roster(store, entries_with(roster, [entry]))


def add_entry(
    store: CorpusStore, report_id: int, name: str, parent: str = "", kind: str = ""
) -> int:
    """A new roster entry for this report, its guess kept as an alias; returns labels changed."""
    name = name.strip()
    if not name:
        raise AnalysisError("请填写新组织的名称。")
    roster = load_roster(store)
    if roster.get(name):
        raise AnalysisError(f"名录中已有「{name}」，请直接选择它。")
    _, guess = _guess_of(store, report_id)
    aliases: Sequence[str] = (guess,) if guess and guess != name else ()
    return save_roster(
        store, entries_with(roster, [RosterEntry(name, parent, kind, tuple(aliases))])
    )


def roster_entries(store: CorpusStore) -> list[dict]:
    """The roster (组织名录) as backup manifest entries: name, parent, type, aliases."""
    return [
        {"name": e.name, "parent": e.parent, "type": e.type, "aliases": list(e.aliases)}
        for e in load_roster(store).entries
    ]


def import_roster_entries(store: CorpusStore, entries: object) -> list[str]:
    """Put a backup's roster in use (when it has one); a bad one is named, the current kept."""
    from analysis.store.roster_file import RosterError, roster_from_rows

    if not isinstance(entries, list) or not entries:
        return []
    try:
        rows = [["名称", "上级党组织", "类型", "别名"]]
        for e in entries:
            aliases = e.get("aliases") if isinstance(e, dict) else None
            if not isinstance(e, dict) or not isinstance(aliases, list):
                raise RosterError("名录记录格式不对")
            cells = [e.get("name"), e.get("parent"), e.get("type"), "；".join(map(str, aliases))]
            rows.append([str(c or "") for c in cells])
        save_roster(store, roster_from_rows(rows))
    except AnalysisError as exc:
        return [f"备份中的组织名录未导入（保留当前名录）：{exc.message}"]
    return []
