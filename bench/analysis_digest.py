"""Digest of full analyses, to prove a speed change leaves every pipeline output unchanged.

For each input text (data/samples, the accuracy sets except any blind set named in BLIND, and
generated reports) the full per-report analysis is computed: `analyze_text`, theme scores with
evidence, tagged measures, the compact theme record and the top keywords. Each report's outputs
are hashed (SHA-256 of their JSON); the digest maps report name to hash. Unlike
bench/text_snapshot.py the inputs are raw texts, so cleaning, outline, indicator and formulation
rules move it too: record it before a speed change, compare after each step, on the same rules.

    python -m bench.analysis_digest --write /tmp/digest.json   # record
    python -m bench.analysis_digest --check /tmp/digest.json   # compare; exit 1 on a difference
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ACCURACY = HERE / "accuracy" / "reports"
BLIND = ("blind-2026-12c",)  # written this round; nobody reads or tunes on it
GENERATED = 60


def input_texts(generated: int = GENERATED) -> Iterator[tuple[str, str]]:
    """(name, raw text) of the samples, the readable accuracy sets and `generated` reports."""
    from bench.generate import generate_corpus

    folders = [ROOT / "data" / "samples"]
    folders += [d for d in sorted(ACCURACY.iterdir()) if d.is_dir() and d.name not in BLIND]
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            yield f"{folder.name}/{path.name}", path.read_text("utf-8")
    for report in generate_corpus(generated, 0):
        yield f"gen/{report.filename}", report.text


def full_outputs(text: str) -> dict:
    """Every output of the per-report pipeline for one raw text, as JSON data."""
    from analysis.core.models import to_dict
    from analysis.core.resources import default_texts
    from analysis.text.keywords import top_keywords
    from analysis.text.lexicon import build_lexicon
    from analysis.text.pipeline import analyze_text
    from analysis.text.theme_dictionary import parse_theme_dictionary
    from analysis.text.theme_results import report_themes, report_themes_to_dict
    from analysis.text.theme_scoring import score_themes, tag_measures

    rt = default_texts()
    themes = parse_theme_dictionary(rt.themes)
    analysis = analyze_text(text, rt)
    body, measures = analysis.cleaned.text, analysis.structure.measures
    scores = score_themes(body, themes)
    keywords = top_keywords(analysis.term_counts, analysis.chars, build_lexicon(rt), n=30)
    return {
        "analysis": to_dict(analysis),
        "term_order": list(analysis.term_counts),
        "bigram_order": list(analysis.bigram_counts),
        "scores": list(scores.scores.items()),
        "counts": list(scores.counts.items()),
        "hits": [to_dict(h) for h in scores.hits],
        "measures": [list(m.themes) for m in tag_measures(measures, themes)],
        "compact": report_themes_to_dict(report_themes(body, measures, themes), themes),
        "keywords": [to_dict(k) for k in keywords],
    }


def digest(generated: int = GENERATED) -> dict[str, str]:
    """Report name -> SHA-256 of its full outputs."""
    out = {}
    for name, text in input_texts(generated):
        blob = json.dumps(full_outputs(text), ensure_ascii=False, sort_keys=False)
        out[name] = hashlib.sha256(blob.encode()).hexdigest()
    return out


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Names of reports whose digest differs, is missing or is new (sorted)."""
    return sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="record the digest to this JSON file")
    group.add_argument("--check", type=Path, help="compare with a recorded digest")
    parser.add_argument("--generated", type=int, default=GENERATED)
    args = parser.parse_args(argv)
    now = digest(args.generated)
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True))
        print(f"wrote {args.write} ({len(now)} reports)")
        return 0
    diff = differences(json.loads(args.check.read_text()), now)
    print(f"{len(diff)} of {len(now)} reports differ: {diff[:10]}" if diff else
          f"unchanged ({len(now)} reports)")  # fmt: skip
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
