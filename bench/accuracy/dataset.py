"""The evaluation set: report texts and their labels (one YAML file per report).

Layout of reports/: `heldout/` (written first, never looked at while tuning the parser),
`tune/` (the reports the parser was tuned on) and `seeds/` (labels of data/samples; the text is
read from there); every other folder is a split of its own (a round's blind set, added as a new
folder). A label file holds title, branch (`""`: the text names no author, so no name is
right; absent: not scored), year, kind (optional, one of KINDS), sector, layouts, measures (a tree:
a mapping title -> children), effects, problems, plans, indicators and ages ([snippet, value,
unit]), formulations, maybe (quoted phrases a reader may or may not count) and not_formulations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis.text.report_kinds import KINDS  # the labels use the product's kinds

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
SAMPLES = HERE.parents[1] / "data" / "samples"
SPLITS = ("heldout", "tune", "seeds")  # the default set


@dataclass(frozen=True)
class LabelledMeasure:
    """An expected measure: its title and the title of the measure above it ("" at the top)."""

    title: str
    parent: str


@dataclass(frozen=True)
class Figure:
    """An expected number: a snippet of the text holding it, its value (None: redacted), unit."""

    snippet: str
    value: float | None
    unit: str


@dataclass(frozen=True)
class Report:
    """One labelled report of the evaluation set."""

    name: str
    split: str
    text: str
    title: str | None  # None: the text holds no title (not scored)
    branch: str | None  # "" = no author is written; None = not labelled
    year: int | None
    kind: str | None  # None = not labelled
    sector: str
    layouts: tuple[str, ...]
    measures: tuple[LabelledMeasure, ...]
    nested: bool  # the measures are labelled as a tree (parents checked)
    effects: tuple[str, ...]
    problems: tuple[str, ...]
    plans: tuple[str, ...]
    indicators: tuple[Figure, ...]
    ages: tuple[Figure, ...]
    formulations: tuple[str, ...]
    maybe: tuple[str, ...]
    not_formulations: tuple[str, ...]


def _tree(items: list, parent: str, out: list[LabelledMeasure]) -> bool:
    """Flatten a YAML measure tree in document order; True when any item has children."""
    nested = False
    for item in items or ():
        if isinstance(item, dict):
            for title, children in item.items():
                out.append(LabelledMeasure(str(title), parent))
                nested = True
                _tree(children or [], str(title), out)
        else:
            out.append(LabelledMeasure(str(item), parent))
    return nested


def _figures(rows: list | None) -> tuple[Figure, ...]:
    """[snippet, value, unit] rows as Figures."""
    return tuple(
        Figure(str(r[0]), None if r[1] is None else float(r[1]), str(r[2])) for r in rows or ()
    )


def _strings(values: list | None) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


def load_report(label_path: Path, split: str) -> Report:
    """A report from its label file; the text sits beside it (or in data/samples for seeds)."""
    data = yaml.safe_load(label_path.read_text(encoding="utf-8")) or {}
    if split == "seeds":
        (text_path,) = SAMPLES.glob(f"{label_path.stem}_*.txt")
    else:
        text_path = label_path.with_suffix(".txt")
    measures: list[LabelledMeasure] = []
    nested = _tree(data.get("measures") or [], "", measures)
    year = data.get("year")
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"{label_path.name}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    return Report(
        name=label_path.stem,
        split=split,
        text=text_path.read_text(encoding="utf-8"),
        title=None if data.get("title") is None else str(data["title"]),
        branch=None if "branch" not in data else str(data["branch"] or ""),
        year=int(year) if year else None,
        kind=None if kind is None else str(kind),
        sector=str(data.get("sector") or ""),
        layouts=_strings(data.get("layouts")),
        measures=tuple(measures),
        nested=nested and not data.get("flat_tree", False),
        effects=_strings(data.get("effects")),
        problems=_strings(data.get("problems")),
        plans=_strings(data.get("plans")),
        indicators=_figures(data.get("indicators")),
        ages=_figures(data.get("ages")),
        formulations=_strings(data.get("formulations")),
        maybe=_strings(data.get("maybe")),
        not_formulations=_strings(data.get("not_formulations")),
    )


def available_splits() -> tuple[str, ...]:
    """Every split folder under reports/ (the default set and any added since)."""
    return tuple(sorted(p.name for p in REPORTS.iterdir() if p.is_dir()))


def load_split(split: str) -> list[Report]:
    """Every labelled report of one split (a folder under reports/), by name."""
    folder = REPORTS / split
    if "/" in split or "\\" in split or not folder.is_dir():
        raise ValueError(f"no split {split!r} under {REPORTS}")
    return [load_report(p, split) for p in sorted(folder.glob("*.yaml"))]
