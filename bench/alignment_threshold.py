"""Measure where the practice-alignment thresholds belong (figures in bench/README.md).

    python -m bench.alignment_threshold            # samples + 40 generated reports
    python -m bench.alignment_threshold --n 80

For each practice of one report, the similarity of its best match in another report
(analysis.corpus.compare.measure_alignment.measure_similarity on practice_units), labelled:
- samples 000 vs 002: by hand (GOLD below: the practices a reader sees as the same; every other
  practice of 000 has no counterpart in 002, so its best match is an unrelated one);
- generated reports (bench/generate.py recombines the samples' items): a practice is traced to
  its sample practice (similarity >= 0.6 to it); in another generated report it is "related" when
  that report holds the same sample practice (or its GOLD partner), "unrelated" when it holds none.
Prints the distributions (quantiles) and the thresholds that separate them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from analysis.core.models import Measure
from analysis.core.resources import DATA_DIR, default_texts
from analysis.corpus.compare.measure_alignment import measure_similarity, practice_units
from analysis.text.pipeline import analyze_text
from bench.generate import generate_corpus

SAMPLES = sorted((DATA_DIR / "samples").glob("*.txt"))
# Hand-labelled related practices of sample 000 (title start) and 002 (title start).
GOLD = {
    ("抓组织生活", "严格制度执行"),  # 三会一课、组织生活会、民主评议
    ("坚持党建业务同步部署", "提质增效快步走"),  # 同部署 (the heading's first paragraph)
    ("坚持党建业务同步部署", "紧紧围绕集团"),  # 业务到哪里，党建到哪里
    ("创新五方共建", "结合项目进展"),  # 共建、联建、资源共享
    ("党员带头防疫抗疫", "发挥先锋模范"),  # 疫情防控
    ("党员带头攻艰克难", "发挥战斗堡垒"),  # 党员冲在前、战斗堡垒
    ("党员带头攻艰克难", "发挥先锋模范"),
    ("强化理论学习", "严格制度执行"),  # both name 三会一课 as a 制度
    ("抓学习教育", "发挥思想引领"),  # 学习教育 / 学习平台
    ("强化理论学习", "发挥思想引领"),
    ("党员带头廉洁自律", "持续强化党风廉政"),  # 廉政
}
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SOURCE_MIN = 0.6  # a generated practice this similar to a sample practice was copied from it


def _units(text: str) -> list[Measure]:
    """The practice units of one report text."""
    return practice_units(analyze_text(text, default_texts()).structure.measures)


def _gold(a: str, b: str) -> bool:
    """Whether sample practices titled `a` (000) and `b` (002) are hand-labelled related."""
    return any(a.startswith(x) and b.startswith(y) for x, y in GOLD) or any(
        b.startswith(x) and a.startswith(y) for x, y in GOLD
    )


def sample_scores() -> tuple[list[float], list[float], list[tuple[float, str, str]]]:
    """Best-match similarities of 000's practices in 002 (and back), related / unrelated."""
    a, b = _units(SAMPLES[0].read_text("utf-8")), _units(SAMPLES[2].read_text("utf-8"))
    sim = measure_similarity(a, b)
    related, unrelated, worst = [], [], []
    for mine, other, s in ((a, b, sim), (b, a, sim.T)):
        for i, m in enumerate(mine):
            j = int(s[i].argmax())
            if any(_gold(m.title, o.title) for o in other):
                if _gold(m.title, other[j].title):
                    related.append(float(s[i, j]))
            else:
                unrelated.append(float(s[i, j]))
                worst.append((float(s[i, j]), m.title, other[j].title))
    return related, unrelated, sorted(worst, reverse=True)[:5]


def _sources(
    units: Sequence[Measure], pool: Sequence[Measure], authors: Sequence[int]
) -> list[tuple[str, int]]:
    """(title, sample number) of the sample practice each unit was copied from, ("", -1) if none."""
    if not units:
        return []
    sim = measure_similarity(units, pool)
    return [
        (pool[int(r.argmax())].title, authors[int(r.argmax())])
        if r.max() >= SOURCE_MIN
        else ("", -1)
        for r in sim
    ]


def generated_scores(
    n: int, same_author: bool
) -> tuple[list[float], list[float], list[tuple[float, str, str]]]:
    """Best-match similarities between consecutive generated reports, related / unrelated.

    `same_author`: the unrelated practice's best match was copied from the same sample report
    (a sibling written in the same template) rather than from another author's report.
    """
    pool, authors = [], []
    for k, p in enumerate(SAMPLES):
        units = _units(p.read_text("utf-8"))
        pool += units
        authors += [k] * len(units)
    reports = [_units(r.text) for r in generate_corpus(n, seed=7)]
    traced = [_sources(u, pool, authors) for u in reports]
    related, unrelated, worst = [], [], []
    for k in range(len(reports) - 1):
        a, b = reports[k], reports[k + 1]
        sa, sb = [t for t, _ in traced[k]], [t for t, _ in traced[k + 1]]
        wa, wb = [w for _, w in traced[k]], [w for _, w in traced[k + 1]]
        if not a or not b:
            continue
        sim = measure_similarity(a, b)
        for i, src in enumerate(sa):
            if not src:
                continue
            partners = {j for j, t in enumerate(sb) if t and (t == src or _gold(src, t))}
            best = float(sim[i].max())
            if partners:
                related.append(max(float(sim[i, j]) for j in partners))
            elif not any(t == "" for t in sb):  # every practice of b traced: none is a partner
                if (wb[int(sim[i].argmax())] == wa[i]) != same_author:
                    continue
                unrelated.append(best)
                worst.append((best, a[i].title, b[int(sim[i].argmax())].title))
    return related, unrelated, sorted(worst, reverse=True)[:5]


def _quantiles(xs: Sequence[float]) -> str:
    """n, min, 5/50/95 % and max of a distribution, as one line."""
    if not xs:
        return "n=0"
    q = np.quantile(xs, [0, 0.05, 0.5, 0.95, 1])
    return f"n={len(xs)} min={q[0]:.2f} p5={q[1]:.2f} p50={q[2]:.2f} p95={q[3]:.2f} max={q[4]:.2f}"


def main(argv: Sequence[str] | None = None) -> None:
    """Print both distributions and the separating thresholds."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=40, help="generated reports")
    args = ap.parse_args(argv)
    for name, (rel, unrel, worst) in (
        ("samples 000 vs 002", sample_scores()),
        (f"generated ({args.n} reports), other author", generated_scores(args.n, False)),
        (f"generated ({args.n} reports), same author", generated_scores(args.n, True)),
    ):
        print(f"## {name}")
        print("related   ", _quantiles(rel))
        print("unrelated ", _quantiles(unrel))
        for s, x, y in worst:
            print(f"  highest unrelated {s:.3f}: {x[:20]} ~ {y[:20]}")
        print("threshold  related kept  unrelated passing")
        for t in THRESHOLDS:
            kept = sum(x >= t for x in rel) / max(len(rel), 1)
            passing = sum(x >= t for x in unrel) / max(len(unrel), 1)
            print(f"  {t:.2f}      {kept:6.0%}        {passing:6.0%}")


if __name__ == "__main__":
    main()
