"""The accuracy history (HISTORY.md): one row per recorded score of a set, so a round's honest
figure — the first score of a set written blind — stays on record after the set is tuned on.

`python -m bench.accuracy --record SPLIT [--blind]` appends a row; `make accuracy` prints the
table after the scores. A set's blind first score can be recorded once only.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.accuracy.score import RIGHT, WRONG, ReportScore, Tally, outcomes, totals

HISTORY = Path(__file__).resolve().parent / "HISTORY.md"
COLUMNS = (
    "date",
    "set",
    "reports",
    "commit",
    "measures R/P",
    "effects·problems·plans R",
    "indicators R/P",
    "formulations R",
    "branch right/wrong",
    "first score (blind)",
)
_HEADER = (
    "# Accuracy history\n\n"
    "One row per recorded score (`python -m bench.accuracy --record SPLIT [--blind]`). R/P are\n"
    "recall/precision in %; branch right/wrong counts reports with the right branch and with a\n"
    "wrong non-empty one. A row marked blind is the first score of a set written and labelled\n"
    "before the parser ran on it: the round's honest figure.\n\n"
    "| " + " | ".join(COLUMNS) + " |\n"
    "|" + "---|" * len(COLUMNS) + "\n"
)


@dataclass(frozen=True)
class HistoryRow:
    """One recorded score of a set."""

    date: str
    split: str
    reports: int
    commit: str
    measures: str
    items: str
    indicators: str
    formulations: str
    branch: str
    blind: bool

    def line(self) -> str:
        cells = (
            self.date,
            self.split,
            str(self.reports),
            self.commit,
            self.measures,
            self.items,
            self.indicators,
            self.formulations,
            self.branch,
            "yes" if self.blind else "no",
        )
        return "| " + " | ".join(cells) + " |"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def _rp(t: Tally | None) -> str:
    return "—" if t is None else f"{_pct(t.recall)} / {_pct(t.precision)}"


def _commit() -> str:
    """The code's commit (short hash), marked when the work tree has changes (the history
    itself aside)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    changed = [ln for ln in dirty if not ln.rstrip().endswith(HISTORY.name)]
    return head + ("+changes" if changed else "")


def row_of(split: str, scores: list[ReportScore], blind: bool = False) -> HistoryRow:
    """The history row of a split's current scores."""
    t = totals(scores)
    items = Tally()
    for cat in ("effects", "problems", "plans"):
        if cat in t:
            items.add(t[cat])
    formulations = t.get("formulations")
    counts = outcomes(scores)
    return HistoryRow(
        date=datetime.now(UTC).strftime("%Y-%m-%d"),
        split=split,
        reports=len(scores),
        commit=_commit(),
        measures=_rp(t.get("measures")),
        items=_pct(items.recall),
        indicators=_rp(t.get("indicators")),
        formulations=_pct(formulations.recall if formulations else None),
        branch=f"{counts[RIGHT]} / {counts[WRONG]}",
        blind=blind,
    )


def recorded_sets(path: Path, blind_only: bool = False) -> set[str]:
    """The sets that have a row (only rows marked blind with `blind_only`)."""
    if not path.exists():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        is_row = len(cells) == len(COLUMNS) and cells[0][:2] in ("19", "20")
        if is_row and (not blind_only or cells[-1] == "yes"):
            out.add(cells[1])
    return out


def append_row(path: Path, row: HistoryRow) -> None:
    """Add a row to the history; a set's blind first score is recorded once only."""
    if row.blind and row.split in recorded_sets(path):
        raise ValueError(f"{row.split} already has a recorded score: a later one is not blind")
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    path.write_text(text.rstrip("\n") + "\n" + row.line() + "\n", encoding="utf-8")


def history_text(path: Path) -> str:
    """The history table as printed after the scores."""
    return path.read_text(encoding="utf-8") if path.exists() else "(no recorded history yet)"
