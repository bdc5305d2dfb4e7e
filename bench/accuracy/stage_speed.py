"""CPU time of the extraction stages the accuracy work changes (formulations, structure,
metadata) over generated reports: a quick check that a change of rules costs no speed.

    python -m bench.accuracy.stage_speed [--n 300] [--dir /work/bench_data/gen10k]

Run it in two checkouts one after the other (and again in the other order): under load the
absolute figures move, the before/after pairs should not.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from analysis.text.formulations import extract_formulations
from analysis.text.metadata import infer_metadata
from analysis.text.outline import parse_structure

STAGES: dict[str, Callable[[str], object]] = {
    "formulations": extract_formulations,
    "structure": parse_structure,
    "metadata": lambda text: infer_metadata(text, "report.txt"),
}


def best_cpu_seconds(stage: Callable[[str], object], texts: list[str], repeat: int = 3) -> float:
    """The least CPU time of `repeat` passes of `stage` over `texts` (the noise of a shared
    machine only adds time)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            stage(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=Path("/work/bench_data/gen10k"))
    args = parser.parse_args()
    files = sorted(args.dir.glob("*.txt"))[: args.n]
    texts = [f.read_text(encoding="utf-8") for f in files]
    chars = sum(map(len, texts))
    for name, stage in STAGES.items():
        print(
            f"{name}: {best_cpu_seconds(stage, texts):.2f} s CPU, {len(texts)} texts, {chars} chars"
        )


if __name__ == "__main__":
    main()
