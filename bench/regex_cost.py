"""What one regex scan of a report costs: CPU nanoseconds per character of cleaned text.

`python -m bench.regex_cost --n 200` scans the cleaned texts of `n` generated reports with some
of the pipeline's patterns (findall, best of 3) and prints ns/char for each, beside a plain CJK
character class and a literal: the floor a Python-level rule pays per pattern per character.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence


def patterns() -> dict[str, re.Pattern[str]]:
    """Name -> pattern: scans of the outline, indicator and formulation steps, and two baselines."""
    from analysis.text import formulations, indicators
    from analysis.text.orgnames import _suffix_re
    from analysis.text.outline import patterns as outline

    return {
        "indicators._QTY_RE": indicators._QTY_RE,
        "outline.INLINE_MARK_RE": outline.INLINE_MARK_RE,
        "outline.ENUM_RE": outline.ENUM_RE,
        "orgnames._suffix_re": _suffix_re(),
        "formulations._QUOTE_RE": formulations._QUOTE_RE,
        "formulations._PAIR_RE": formulations._PAIR_RE,
        "a CJK class that seldom matches [\\u9f00-\\u9fff]": re.compile("[\u9f00-\u9fff]"),
        "a literal 党支部": re.compile("党支部"),
    }


def ns_per_char(scan: Callable[[str], object], texts: Sequence[str], repeat: int = 3) -> float:
    """Best CPU time of `scan` over all texts, in ns per character."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            scan(text)
        best = min(best, time.process_time() - start)
    return 1e9 * best / sum(map(len, texts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    from analysis.text.clean import clean_text
    from bench.generate import generate_corpus

    texts = [clean_text(r.text).text for r in generate_corpus(args.n, args.seed)]
    costs = {name: round(ns_per_char(p.findall, texts), 1) for name, p in patterns().items()}
    print(json.dumps(costs, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
