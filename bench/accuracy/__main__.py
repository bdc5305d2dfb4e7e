"""`python -m bench.accuracy`: recall and precision per category and per layout, worst misses.

python -m bench.accuracy                    # every split
python -m bench.accuracy --split heldout    # one split
python -m bench.accuracy --json out.json    # also write the figures as JSON
python -m bench.accuracy --misses 40        # show more misses
python -m bench.accuracy --no-title         # texts without their first line (branch calibration)
python -m bench.accuracy --split blind5 --record blind5 --blind   # a new set's first score
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path

from analysis.core.resources import default_texts
from bench.accuracy.dataset import SPLITS, available_splits, load_split
from bench.accuracy.history import HISTORY, append_row, history_text, row_of
from bench.accuracy.score import (
    ReportScore,
    Tally,
    by_layout,
    calibration,
    outcomes,
    score_all,
    totals,
)

CATEGORIES = (
    "measures",
    "parents",
    "effects",
    "problems",
    "plans",
    "indicators",
    "ages",
    "formulations",
    "title",
    "branch",
    "year",
    "kind",
)
LAYOUT_COLUMNS = ("measures", "parents", "indicators", "formulations")


def _pct(x: float | None) -> str:
    return "  —  " if x is None else f"{100 * x:5.1f}"


def figures(tallies: dict[str, Tally]) -> dict[str, dict[str, float | int | None]]:
    """Plain figures of tallies: {category: {recall, precision, expected, found, hit}}."""
    return {
        cat: {
            "recall": t.recall,
            "precision": t.precision,
            "expected": t.expected,
            "found": t.found,
            "hit": t.hit,
        }
        for cat, t in tallies.items()
    }


def wrap(text: str, width: int) -> str:
    """Every line cut at `width` characters, as a PDF text layer does (a stress variant)."""
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(para[i : i + width] for i in range(0, max(len(para), 1), width))
    return "\n".join(out)


def without_title(text: str, title: str | None) -> str:
    """The text without its title line, when its first line is the labelled title (a stress
    variant: the branch must come from the body); other texts as they are."""
    first, _, rest = text.partition("\n")
    return rest if title and first.strip() == title.strip() else text


def evaluate(
    splits: Sequence[str] = SPLITS, width: int = 0, match: str = "", no_title: bool = False
) -> dict[str, list[ReportScore]]:
    """Scores of every report per split; with `width`, on the texts wrapped like a PDF; with
    `match`, only the reports whose name matches that pattern (`t4*`); with `no_title`, on the
    texts without their first line (titles are then not scored)."""
    texts = default_texts()
    results = {}
    for s in splits:
        reports = [r for r in load_split(s) if not match or fnmatch(r.name, match)]
        if no_title:
            reports = [replace(r, text=without_title(r.text, r.title), title=None) for r in reports]
        if width:
            reports = [replace(r, text=wrap(r.text, width)) for r in reports]
        results[s] = score_all(reports, texts)
    return results


def _category_table(tallies: dict[str, Tally]) -> list[str]:
    rows = ["| 类别 | 召回% | 精确% | 应有 | 找到 | 命中 |", "|---|---:|---:|---:|---:|---:|"]
    for cat in CATEGORIES:
        t = tallies.get(cat)
        if t is None:
            continue
        rows.append(
            f"| {cat} | {_pct(t.recall)} | {_pct(t.precision)} | {t.expected} | {t.found} | {t.hit} |"
        )
    return rows


def _layout_table(layouts: dict[str, dict[str, Tally]], n: dict[str, int]) -> list[str]:
    head = " | ".join(f"{c} R | {c} P" for c in LAYOUT_COLUMNS)
    rows = [f"| 版式 | 篇 | {head} |", "|---|---:|" + "---:|" * (2 * len(LAYOUT_COLUMNS))]
    for tag, tallies in layouts.items():
        cells = []
        for c in LAYOUT_COLUMNS:
            t = tallies.get(c, Tally())
            cells += [_pct(t.recall), _pct(t.precision) if t.expected or t.found else "  —  "]
        rows.append(f"| {tag} | {n[tag]} | " + " | ".join(cells) + " |")
    return rows


def _identity_table(scores: list[ReportScore]) -> list[str]:
    """Branch outcomes (right / same organization / wrong non-empty / abstained)."""
    counts = outcomes(scores)
    head = " | ".join(counts)
    return [
        f"| 支部 | {head} |",
        "|---|" + "---:|" * len(counts),
        "| 篇数 | " + " | ".join(str(n) for n in counts.values()) + " |",
    ]


def _calibration_table(scores: list[ReportScore]) -> list[str]:
    """Precision of the top branch guess per confidence bucket."""
    rows = ["| 置信度 | 篇数 | 首选正确 | 精确% |", "|---:|---:|---:|---:|"]
    for conf, (n, ok) in calibration(scores).items():
        rows.append(f"| {conf:.2f} | {n} | {ok} | {_pct(ok / n)} |")
    return rows


def report(results: dict[str, list[ReportScore]], n_misses: int) -> str:
    """The printed report: per split, category, branch and layout tables, then the worst misses;
    last the branch calibration over every split shown."""
    out: list[str] = []
    for split, scores in results.items():
        out += [f"## {split}（{len(scores)} 篇）", ""]
        out += _category_table(totals(scores)) + [""]
        out += _identity_table(scores) + [""]
        counts: dict[str, int] = {}
        for s in scores:
            for tag in s.report.layouts or ("(none)",):
                counts[tag] = counts.get(tag, 0) + 1
        out += _layout_table(by_layout(scores), counts) + [""]
    every = [s for scores in results.values() for s in scores]
    worst = sorted(every, key=lambda s: _loss(s), reverse=True)
    out += ["## 支部置信度校准（所有集合，首选猜测）", ""] + _calibration_table(every) + [""]
    out += ["## 最差的遗漏与误报（按篇）", ""]
    shown = 0
    for s in worst:
        misses = [m for t in s.tallies.values() for m in t.misses]
        if not misses or shown >= n_misses:
            continue
        for name, kind, text in misses[: max(1, n_misses - shown)]:
            out.append(f"- {name} · {kind} · {text}")
            shown += 1
    return "\n".join(out)


def _loss(s: ReportScore) -> int:
    """How much a report loses on measures (misses + extras), for ordering the worst ones."""
    t = s.tallies["measures"]
    return (t.expected - t.hit) + (t.found - t.hit)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy")
    parser.add_argument("--split", action="append", help="a folder under reports/ (repeatable)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--misses", type=int, default=25)
    parser.add_argument("--wrap", type=int, default=0, help="cut lines at N characters (PDF)")
    parser.add_argument("--match", default="", help="only reports whose name matches (t4*)")
    parser.add_argument(
        "--no-title", action="store_true", help="drop each title line (calibration)"
    )
    parser.add_argument("--record", metavar="SPLIT", help="append SPLIT's scores to HISTORY.md")
    parser.add_argument(
        "--blind", action="store_true", help="with --record: the set's first (blind) score"
    )
    args = parser.parse_args(argv)
    splits = list(args.split or SPLITS)
    unknown = [s for s in splits + [args.record or SPLITS[0]] if s not in available_splits()]
    if unknown:
        parser.error(f"no such split: {', '.join(unknown)} (have: {', '.join(available_splits())})")
    if args.record and args.record not in splits:
        splits.append(args.record)
    if args.record and (args.wrap or args.no_title):
        parser.error("--record scores the texts as written (no --wrap, no --no-title)")
    results = evaluate(splits, args.wrap, args.match, args.no_title)
    print(report(results, args.misses))
    if args.json:
        data = {s: figures(totals(scores)) for s, scores in results.items()}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.record:
        name = f"{args.record}[{args.match}]" if args.match else args.record
        append_row(HISTORY, row_of(name, results[args.record], args.blind))
    print("\n" + history_text(HISTORY))
    return 0


if __name__ == "__main__":
    sys.exit(main())
