"""The pipeline of an older commit against this tree's and raw jieba, in one process, on one core.

`python -m bench.pipeline_pair --base 5bff1b1 --n 200` extracts the base commit's `analysis/` and
`data/` into a temporary folder as the package `analysis_base`, imports both pipelines, and runs
raw jieba (`Tokenizer().lcut`), the base pipeline and this tree's pipeline in turn over blocks of
`--block` reports, `--rounds` times. Each run is timed in CPU seconds (`process_time`): on a
shared machine the three see the same load, so their ratios hold where wall time does not.
Full analysis = analyze_text + score_themes + tag_measures, as in bench.measure; `--stage NAME`
times one stage (STAGES) on the texts cleaned by this tree instead. `--real` uses the readable
accuracy sets and samples (bench.analysis_digest) instead of generated reports.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import logging
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASE_PACKAGE = "analysis_base"
_IMPORT_RE = re.compile(r"\b(from|import) analysis(?=[.\s])")


def extract_base(rev: str, into: Path) -> Path:
    """`analysis/` and `data/` of `rev` under `into`, the package renamed to BASE_PACKAGE."""
    blob = subprocess.run(
        ["git", "archive", "--format=tar", rev, "analysis", "data"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    package = into / BASE_PACKAGE
    (into / "analysis").rename(package)
    for path in package.rglob("*.py"):
        path.write_text(_IMPORT_RE.sub(rf"\1 {BASE_PACKAGE}", path.read_text("utf-8")), "utf-8")
    return into


def full_analysis(package: str) -> Callable[[str], object]:
    """The one-core full analysis of a text with `package`'s pipeline and default resources."""
    pipeline = importlib.import_module(f"{package}.text.pipeline")
    resources = importlib.import_module(f"{package}.core.resources")
    dictionary = importlib.import_module(f"{package}.text.theme_dictionary")
    scoring = importlib.import_module(f"{package}.text.theme_scoring")
    rt = resources.default_texts()
    themes = dictionary.parse_theme_dictionary(rt.themes)

    def full(text: str) -> object:
        a = pipeline.analyze_text(text, rt)
        scoring.score_themes(a.cleaned.text, themes)
        return scoring.tag_measures(a.structure.measures, themes)

    return full


# One stage alone, on cleaned text: name -> (module under text/, builder of the call).
STAGES: dict[str, Callable[[Any, Any], Callable[[str], object]]] = {
    "score_themes": lambda m, rt: (
        lambda t, d=m.parse_theme_dictionary(rt.themes): m.score_themes(t, d)
    ),
    "count_terms": lambda m, rt: lambda t, lex=m.build_lexicon(rt): m.count_terms(lex, t),
    "found_names": lambda m, rt: m.found_names,
}
_STAGE_MODULES = {
    "score_themes": ("theme_scoring", "theme_dictionary"),
    "count_terms": ("keywords", "lexicon"),
    "found_names": ("org_terms",),
}


def stage_call(package: str, stage: str) -> Callable[[str], object]:
    """`package`'s `stage` (a key of STAGES) as a function of one cleaned text."""
    rt = importlib.import_module(f"{package}.core.resources").default_texts()
    namespace = SimpleNamespace()
    for module in _STAGE_MODULES[stage]:
        vars(namespace).update(vars(importlib.import_module(f"{package}.text.{module}")))
    return STAGES[stage](namespace, rt)


def texts_for(n: int, real: bool, seed: int) -> list[str]:
    """`n` generated reports of `seed`, or every readable real text (`real`)."""
    if real:
        from bench.analysis_digest import input_texts

        return [t for name, t in input_texts(0)]
    from bench.generate import generate_corpus

    return [r.text for r in generate_corpus(n, seed)]


def paired(texts: Sequence[str], runs: dict[str, Callable], block: int, rounds: int) -> dict:
    """CPU seconds per run name, the runs alternating over blocks of texts, `rounds` times."""
    cpu = dict.fromkeys(runs, 0.0)
    for _ in range(rounds):
        for i in range(0, len(texts), block):
            part = texts[i : i + block]
            for name, run in runs.items():
                c0 = time.process_time()
                for text in part:
                    run(text)
                cpu[name] += time.process_time() - c0
    return cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="git revision to compare with")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--block", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--real", action="store_true", help="real texts instead of generated")
    parser.add_argument("--stage", choices=sorted(STAGES), help="one stage on cleaned texts")
    args = parser.parse_args(argv)
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(extract_base(args.base, Path(tmp))))
        texts = texts_for(args.n, args.real, args.seed)
        if args.stage:
            from analysis.text.clean import clean_text

            texts = [clean_text(t).text for t in texts]  # both stages read the same input
            base, new = stage_call(BASE_PACKAGE, args.stage), stage_call("analysis", args.stage)
        else:
            base, new = full_analysis(BASE_PACKAGE), full_analysis("analysis")
        runs = {"jieba": tk.lcut, "base": base, "new": new}
        paired(texts[:10], runs, args.block, 1)  # warm: lexicon, automata, first-call caches
        with open("/proc/loadavg") as f:
            load = float(f.read().split()[0])
        cpu = paired(texts, runs, args.block, args.rounds)
    chars = sum(map(len, texts)) * args.rounds
    result = {
        "base": args.base,
        "stage": args.stage or "full",
        "texts": len(texts),
        "chars": chars,
        "load": load,
        "cpu_s": {k: round(v, 3) for k, v in cpu.items()},
        "ratio_base": round(cpu["jieba"] / cpu["base"], 3),
        "ratio_new": round(cpu["jieba"] / cpu["new"], 3),
        "speedup": round(cpu["base"] / cpu["new"], 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
