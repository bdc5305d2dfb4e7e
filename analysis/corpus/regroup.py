"""Grouping reports by their parent organization (按上级党组织) instead of their own branch.

Every page groups reports by `Corpus.labels` (the `branch` column), so a corpus whose `branch`
column holds each report's parent organization makes every page group by parent with no page code.
The roster gives the parents; a report's own branch stays in `own_branch`.

Which group a report joins:
- its branch is a roster entry with a parent: that parent (`机关第一党支部` -> `机关党委`);
- its branch is a roster entry without a parent (a top-level organization): the entry itself, so
  a 党委's own report sits with the reports of its branches;
- its branch is not in the roster (待确认, or confirmed by hand but not added) or empty:
  `UNASSIGNED`, shown as one row, so no report is silently filed under a parent it may not have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analysis.corpus.loading import Corpus
from analysis.text.roster import Roster

UNASSIGNED = "（未归属上级）"
OWN_BRANCH = "own_branch"  # column keeping each report's own branch in a regrouped corpus


def has_parents(roster: Roster) -> bool:
    """Whether grouping by parent means anything: at least one entry names a parent."""
    return any(e.parent for e in roster.entries)


def parent_map(branches: Iterable[str], roster: Roster) -> dict[str, str]:
    """Each branch label -> the group it joins when grouping by parent (see the module doc)."""
    out: dict[str, str] = {}
    for branch in branches:
        entry = roster.get(branch) if branch else None
        out[branch] = UNASSIGNED if entry is None else entry.parent or entry.name
    return out


def by_parent(corpus: Corpus, roster: Roster) -> Corpus:
    """`corpus` with each report's `branch` replaced by its parent organization (the analyses are
    shared, nothing is analysed again); the own branch is kept in the `own_branch` column."""
    reports = corpus.reports.copy()
    branches = [b if isinstance(b, str) else "" for b in reports["branch"]]
    parents: Mapping[str, str] = parent_map(set(branches), roster)
    reports[OWN_BRANCH] = branches
    reports["branch"] = [parents[b] for b in branches]
    return Corpus(reports, corpus.analyses, corpus.key)
