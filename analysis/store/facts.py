"""Per-report facts in a form the database aggregates: one `report_facts` row per (report text,
analysis fingerprint) with the counts the pages sum, and child rows for its terms, formulations,
organization-name terms and theme hits.

They are derived from an analysis and written in the same transaction as the analysis itself
(`CachedResults.save_analyses`), so a store never holds an analysis without its facts or facts
of an analysis it does not hold; purging a report deletes both. Which reports are live, and
their metadata (branch, year, kind …), are read from `reports` at query time, so trash and
metadata edits need no rewrite (analysis/store/fact_queries.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from analysis.core.facts import count_practices
from analysis.core.models import Analysis
from analysis.store.backends import Conn
from analysis.text.org_terms import org_name_terms

# {id} is the backend's auto-increment primary key (analysis/store/backends.py).
FACTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS report_facts (
    id {id},
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    chars INTEGER NOT NULL,
    practices INTEGER NOT NULL,
    indicators INTEGER NOT NULL,
    redacted INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    org_key TEXT NOT NULL DEFAULT '',
    UNIQUE (sha256, fingerprint)
);
CREATE TABLE IF NOT EXISTS fact_terms (
    id {id},
    term TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS report_terms (
    fact_id INTEGER PRIMARY KEY,
    terms {blob} NOT NULL,
    counts {blob} NOT NULL
);
CREATE TABLE IF NOT EXISTS report_formulations (
    fact_id INTEGER NOT NULL,
    term TEXT NOT NULL,
    count INTEGER NOT NULL,
    numbered INTEGER NOT NULL,
    PRIMARY KEY (fact_id, term)
);
CREATE TABLE IF NOT EXISTS report_org_terms (
    fact_id INTEGER NOT NULL,
    term TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (fact_id, term)
);
CREATE TABLE IF NOT EXISTS report_themes (
    fact_id INTEGER NOT NULL,
    themes TEXT NOT NULL,
    hits {blob} NOT NULL,
    PRIMARY KEY (fact_id, themes)
);
"""
CHILD_TABLES = ("report_terms", "report_formulations", "report_org_terms", "report_themes")


def org_key(branch: object, organization: object) -> str:
    """The key of the metadata names a report's organization-name terms were found with: the
    terms are found again when the branch or organization is edited."""
    names = "\x1f".join(v if isinstance(v, str) else "" for v in (branch, organization))
    return hashlib.sha256(names.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ReportFacts:
    """What the corpus-wide pages sum over one report's analysis (the 概览 KPIs, report list,
    keywords, formulations and organization names)."""

    title: str
    chars: int
    practices: int
    indicators: int
    redacted: int
    failed: bool
    terms: tuple[tuple[str, int], ...]
    formulations: tuple[tuple[str, int, bool], ...]
    org_terms: tuple[tuple[str, int], ...]  # organization-name terms with their counts
    org_key: str


def org_terms_of(analysis: Analysis, branch: object, organization: object) -> dict[str, int]:
    """The organization-name terms of one report (compare.sides.org_terms for one report),
    with their counts in the report."""
    names = [n for n in (branch, organization) if isinstance(n, str) and n]
    found = org_name_terms(analysis.cleaned.text, analysis.term_counts, names, analysis.org_names)
    return {t: analysis.term_counts.get(t, 0) for t in sorted(found)}


def facts_of(analysis: Analysis, branch: object = "", organization: object = "") -> ReportFacts:
    """The facts of one analysis; `branch` and `organization` are the report's metadata names
    (they decide which of its terms are organization names)."""
    return ReportFacts(
        title=analysis.title,
        chars=analysis.chars,
        practices=count_practices(analysis.structure.measures),
        indicators=len(analysis.indicators),
        redacted=sum(1 for i in analysis.indicators if i.redacted),
        failed=bool(analysis.failed),
        terms=tuple(analysis.term_counts.items()),
        formulations=tuple((f.term, f.count, f.numbered) for f in analysis.formulations),
        org_terms=tuple(org_terms_of(analysis, branch, organization).items()),
        org_key=org_key(branch, organization),
    )


def _fact_ids(con: Conn, fingerprint: str, shas: Iterable[str]) -> dict[str, int]:
    """sha256 -> id of its facts row under `fingerprint`."""
    shas = list(shas)
    out: dict[str, int] = {}
    for i in range(0, len(shas), 500):
        chunk = shas[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rows = con.execute(
            f"SELECT sha256, id FROM report_facts WHERE fingerprint = ? AND sha256 IN ({marks})",
            (fingerprint, *chunk),
        ).fetchall()
        out.update({str(sha): int(fid) for sha, fid in rows})
    return out


TERM_DTYPE = np.dtype("<i4")  # term ids and counts as packed little-endian int32


def pack_terms(terms: Iterable[tuple[str, int]], vocab: Mapping[str, int]) -> tuple[bytes, bytes]:
    """A report's term counts as two packed int32 vectors (term ids, counts)."""
    pairs = list(terms)
    ids = np.fromiter((vocab[t] for t, _ in pairs), TERM_DTYPE, len(pairs))
    counts = np.fromiter((n for _, n in pairs), TERM_DTYPE, len(pairs))
    return ids.tobytes(), counts.tobytes()


def term_ids(con: Conn, terms: set[str]) -> dict[str, int]:
    """The vocabulary id of each term, added to the vocabulary when new."""
    found = _known_terms(con, terms)
    new = sorted(terms - found.keys())
    if new:
        con.executemany(
            "INSERT INTO fact_terms(term) VALUES (?) ON CONFLICT (term) DO NOTHING",
            [(t,) for t in new],
        )
        found.update(_known_terms(con, set(new)))
    return found


def _known_terms(con: Conn, terms: set[str]) -> dict[str, int]:
    wanted = list(terms)
    out: dict[str, int] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rows = con.execute(f"SELECT term, id FROM fact_terms WHERE term IN ({marks})", chunk)
        out.update({str(t): int(n) for t, n in rows.fetchall()})
    return out


def _delete_children(con: Conn, ids: list[int], tables: Iterable[str] = CHILD_TABLES) -> None:
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for table in tables:
            con.execute(f"DELETE FROM {table} WHERE fact_id IN ({marks})", chunk)


def write_facts(con: Conn, fingerprint: str, items: Mapping[str, ReportFacts]) -> None:
    """Insert or replace the facts of these reports (sha256 -> facts) inside an open transaction;
    the theme hits of a replaced row go too (they were scored on the analysis it replaces)."""
    if not items:
        return
    old = _fact_ids(con, fingerprint, items)
    _delete_children(con, list(old.values()))
    con.executemany(
        "INSERT INTO report_facts(sha256, fingerprint, title, chars, practices, indicators,"
        " redacted, failed, org_key) VALUES (?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (sha256, fingerprint) DO UPDATE SET title = excluded.title,"
        " chars = excluded.chars, practices = excluded.practices,"
        " indicators = excluded.indicators, redacted = excluded.redacted,"
        " failed = excluded.failed, org_key = excluded.org_key",
        [
            (sha, fingerprint, f.title, f.chars, f.practices, f.indicators, f.redacted)
            + (int(f.failed), f.org_key)
            for sha, f in items.items()
        ],
    )
    ids = _fact_ids(con, fingerprint, items)
    vocab = term_ids(con, {t for f in items.values() for t, _ in f.terms})
    con.executemany(
        "INSERT INTO report_terms(fact_id, terms, counts) VALUES (?,?,?)",
        [(ids[sha], *pack_terms(f.terms, vocab)) for sha, f in items.items()],
    )
    con.executemany(
        "INSERT INTO report_formulations(fact_id, term, count, numbered) VALUES (?,?,?,?)"
        " ON CONFLICT (fact_id, term) DO NOTHING",
        [(ids[sha], t, n, int(b)) for sha, f in items.items() for t, n, b in f.formulations],
    )
    _insert_org_terms(con, ids, items)


def _insert_org_terms(con: Conn, ids: Mapping[str, int], items: Mapping[str, ReportFacts]) -> None:
    con.executemany(
        "INSERT INTO report_org_terms(fact_id, term, count) VALUES (?,?,?)",
        [(ids[sha], t, n) for sha, f in items.items() for t, n in f.org_terms],
    )


def rewrite_org_terms(con: Conn, fingerprint: str, items: Mapping[str, ReportFacts]) -> None:
    """Replace only the organization-name terms (and their key) of these reports: after an edit
    of their branch or organization."""
    ids = _fact_ids(con, fingerprint, items)
    items = {sha: f for sha, f in items.items() if sha in ids}
    _delete_children(con, [ids[sha] for sha in items], ("report_org_terms",))
    con.executemany(
        "UPDATE report_facts SET org_key = ? WHERE id = ?",
        [(f.org_key, ids[sha]) for sha, f in items.items()],
    )
    _insert_org_terms(con, ids, items)


def write_theme_hits(
    con: Conn, fingerprint: str, themes: str, hits: Mapping[str, Iterable[int]]
) -> None:
    """Hits per theme (in dictionary order, packed int32) of these reports, scored with the dictionary of
    fingerprint `themes` on their analyses under `fingerprint`; reports without facts are skipped
    (their facts, written later, are followed by their themes)."""
    ids = _fact_ids(con, fingerprint, hits)
    rows = [
        (ids[sha], themes, np.asarray(counts, TERM_DTYPE).tobytes())
        for sha, counts in hits.items()
        if sha in ids
    ]
    con.executemany(
        "INSERT INTO report_themes(fact_id, themes, hits) VALUES (?,?,?)"
        " ON CONFLICT (fact_id, themes) DO UPDATE SET hits = excluded.hits",
        rows,
    )


def delete_facts(con: Conn, sha: str) -> None:
    """Every fact of one report text (all fingerprints): with the report, when it is purged."""
    ids = [int(r[0]) for r in con.execute("SELECT id FROM report_facts WHERE sha256 = ?", (sha,))]
    _delete_children(con, ids)
    con.execute("DELETE FROM report_facts WHERE sha256 = ?", (sha,))


def prune_facts(con: Conn, keep: str) -> int:
    """Delete the facts (and their child rows) kept under any analysis fingerprint but `keep`."""
    stale = "SELECT id FROM report_facts WHERE fingerprint <> ?"
    for table in CHILD_TABLES:
        con.execute(f"DELETE FROM {table} WHERE fact_id IN ({stale})", (keep,))
    return int(
        con.execute("DELETE FROM report_facts WHERE fingerprint <> ?", (keep,)).rowcount or 0
    )
