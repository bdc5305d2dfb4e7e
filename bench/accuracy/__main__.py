"""`python -m bench.accuracy`: recall and precision per category and per layout, worst misses.

python -m bench.accuracy                    # every split
python -m bench.accuracy --split heldout    # one split
python -m bench.accuracy --json out.json    # also write the figures as JSON
python -m bench.accuracy --misses 40        # show more misses
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from analysis.core.resources import default_texts
from bench.accuracy.dataset import SPLITS, load_split
from bench.accuracy.score import ReportScore, Tally, by_layout, score_all, totals

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


def evaluate(splits: Sequence[str] = SPLITS, width: int = 0) -> dict[str, list[ReportScore]]:
    """Scores of every report per split; with `width`, on the texts wrapped like a PDF."""
    texts = default_texts()
    results = {}
    for s in splits:
        reports = load_split(s)
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


def report(results: dict[str, list[ReportScore]], n_misses: int) -> str:
    """The printed report: per split, category and layout tables, then the worst misses."""
    out: list[str] = []
    for split, scores in results.items():
        out += [f"## {split}（{len(scores)} 篇）", ""]
        out += _category_table(totals(scores)) + [""]
        counts: dict[str, int] = {}
        for s in scores:
            for tag in s.report.layouts or ("(none)",):
                counts[tag] = counts.get(tag, 0) + 1
        out += _layout_table(by_layout(scores), counts) + [""]
    every = [s for scores in results.values() for s in scores]
    worst = sorted(every, key=lambda s: _loss(s), reverse=True)
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
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--misses", type=int, default=25)
    parser.add_argument("--wrap", type=int, default=0, help="cut lines at N characters (PDF)")
    args = parser.parse_args(argv)
    results = evaluate(args.split or SPLITS, args.wrap)
    print(report(results, args.misses))
    if args.json:
        data = {s: figures(totals(scores)) for s, scores in results.items()}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
