"""`python -m bench.linearity`: extraction time per 100k characters on 1×, 4× and 16× texts.

Issue 31's bar: extraction stays linear in the text length. The text is every report of an
accuracy split joined (blind-2026-12 by default), then repeated 4 and 16 times; each stage runs on
it and its CPU time (median of a few runs, so other processes on the machine matter less) is
printed per 100k characters. A linear stage shows the same figure in every column; the last
column is the 16× figure over the 1× one.

    python -m bench.linearity                    # clean, structure, metadata, whole analysis
    python -m bench.linearity --split tune --factors 1 4 16 64
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from analysis.core.resources import default_texts
from analysis.text.clean import clean_text
from analysis.text.metadata import infer_metadata
from analysis.text.outline import parse_structure
from analysis.text.pipeline import analyze_text

REPORTS = Path(__file__).resolve().parent / "accuracy" / "reports"
PER = 100_000  # figures are seconds per this many characters


def corpus(split: str) -> str:
    """Every report text of an accuracy split, joined by newlines."""
    paths = sorted((REPORTS / split).glob("*.txt"))
    if not paths:
        raise SystemExit(f"no report texts under {REPORTS / split}")
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


def cpu_seconds(run: Callable[[], object], repeat: int) -> float:
    """Median CPU time of `repeat` runs (CPU, not wall time: the machine is shared)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return sorted(times)[len(times) // 2]


def stages(text: str) -> dict[str, Callable[[], object]]:
    """The timed stages on one text: cleaning, outline (on the cleaned text), metadata, all."""
    cleaned = clean_text(text).text
    texts = default_texts()
    return {
        "clean_text": lambda: clean_text(text),
        "parse_structure": lambda: parse_structure(cleaned),
        "infer_metadata": lambda: infer_metadata(text, "report.txt"),
        "analyze_text": lambda: analyze_text(text, texts),
    }


def measure(base: str, factors: Sequence[int]) -> dict[str, list[float]]:
    """Seconds per 100k characters of every stage at each repetition factor."""
    out: dict[str, list[float]] = {}
    for factor in factors:
        text = "\n".join([base] * factor)
        repeat = max(1, 12 // factor)
        for name, run in stages(text).items():
            run()  # warm caches (compiled patterns, lexicon) before timing
            out.setdefault(name, []).append(cpu_seconds(run, repeat) * PER / len(text))
    return out


def table(figures: dict[str, list[float]], factors: Sequence[int], chars: int) -> str:
    """Markdown table: stage, s/100k at each factor, last over first."""
    head = " | ".join(f"{f}× ({f * chars // 1000}k chars)" for f in factors)
    lines = [f"| stage | {head} | {factors[-1]}× / 1× |", "|---" * (len(factors) + 2) + "|"]
    for name, row in figures.items():
        cells = " | ".join(f"{x:.3f}" for x in row)
        lines.append(f"| {name} | {cells} | {row[-1] / row[0]:.2f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="blind-2026-12")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args(argv)
    base = corpus(args.split)
    print(f"CPU seconds per {PER // 1000}k characters ({args.split}, {len(base)} chars at 1×)\n")
    print(table(measure(base, args.factors), args.factors, len(base)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
