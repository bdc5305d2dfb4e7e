"""Generated reports with planted trends, to check the 趋势 view finds what was put in.

`bench.generate` reports, each with extra sentences of one theme that grows every year and one that
shrinks every year: a report of year y gets `rate * (y - first)` sentences of each rising word and
`rate * (last - y)` of each falling word, at random line positions.
"""

from __future__ import annotations

import random
from dataclasses import replace

from bench.generate import YEARS, GeneratedReport, generate_corpus

RISING = ("数字化", "云上", "公众号", "智慧党建")  # 数字化 theme words (智慧党建: a new one)
FALLING = ("核酸检测", "疫苗接种", "疫情防控")  # 疫情防控 theme words
RISING_THEME, FALLING_THEME = "数字化", "疫情防控"


def _plant(text: str, words: list[str], rng: random.Random) -> str:
    """`text` with one short sentence per word inserted after random lines."""
    lines = text.split("\n")
    for word in words:
        at = rng.randrange(1, max(2, len(lines)))
        lines.insert(at, f"{word}；")
    return "\n".join(lines)


def planted_report(r: GeneratedReport, rate: int = 2, seed: int = 0) -> GeneratedReport:
    """`r` with the rising and falling words planted at the rate of its year."""
    year = int(r.meta["year"])
    rng = random.Random(f"planted:{seed}:{r.filename}")
    up = [w for w in RISING for _ in range(rate * (year - YEARS[0]))]
    down = [w for w in FALLING for _ in range(rate * (YEARS[-1] - year))]
    words = up + down
    rng.shuffle(words)
    return replace(r, text=_plant(r.text, words, rng))


def planted_corpus(n: int = 1000, seed: int = 0, rate: int = 2) -> list[GeneratedReport]:
    """`n` generated reports over YEARS with the planted trends."""
    return [planted_report(r, rate, seed) for r in generate_corpus(n, seed)]
