"""Practice alignment on a hand-labelled set of practice pairs: precision and recall per tier.

    python -m bench.alignment_pairs              # the table of bench/data/alignment_pairs.jsonl
    python -m bench.alignment_pairs --errors     # and every wrong pair

The set (bench/data/alignment_pairs.jsonl, one pair a line) holds 124 pairs written for this
bench from 40 hand-written practices of varied subjects: identical; near-identical (half-width
punctuation and spaces, Traditional script, redaction marks for figures and names, an outline
marker or a lead-sentence shape); paraphrases of the same concrete practice; another heading over
the same body; the same heading over other content; unrelated pairs dense with officialese; and
unrelated pairs. Each pair's `expect` is its tier: strong (共有), possible (可能相近) or none.

Pairs are grouped into simulated report pairs (`group`, at most six pairs of distinct subjects),
and each group is aligned as one comparison (align_measures on A's and B's practices), so a
practice can also be paired with another pair's practice: such a cross pair is labelled none.
Scores, per predicted tier:
- 共有 precision: predicted 共有 pairs whose label is strong;
- 可能相近 precision: predicted 可能相近 pairs that are related (label strong or possible: the tier
  asks the reader to check, and a same practice is a right answer to check);
- recall of a label: its labelled pairs predicted in a tier at least as strong as this one
  (strong -> 共有; possible -> 共有 or 可能相近);
- recall of identical / near-identical pairs as 共有.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.core.facts import PRACTICE_KIND
from analysis.core.models import Measure
from analysis.corpus.compare.measure_alignment import TIER_POSSIBLE, TIER_STRONG, align_measures

PAIRS = Path(__file__).parent / "data" / "alignment_pairs.jsonl"
NONE = "none"
LABELS = (TIER_STRONG, TIER_POSSIBLE, NONE)
SAME_KINDS = ("identical", "near_")  # kinds that must always be 共有


@dataclass(frozen=True)
class LabelledPair:
    """One labelled pair: its group, kind, expected tier and the two practices."""

    group: str
    kind: str
    expect: str
    a: Measure
    b: Measure


@dataclass(frozen=True)
class Outcome:
    """A labelled or predicted pair of one group: (A index, B index) -> label and prediction."""

    kind: str
    expect: str
    got: str
    titles: tuple[str, str] = ("", "")


def _measure(side: dict, k: int) -> Measure:
    """A practice as the outline parser gives it (title, the text holding it, offsets)."""
    text = str(side["text"])
    return Measure(
        str(side["title"]), 2, PRACTICE_KIND, ("主要做法",), text, k * 1000, k * 1000 + len(text)
    )


def load_pairs(path: Path = PAIRS) -> list[LabelledPair]:
    """The labelled pairs of a JSON-lines file; a bad label raises."""
    out = []
    for no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["expect"] not in LABELS:
            raise ValueError(f"{path}:{no}: unknown label {row['expect']!r}")
        k = len(out)
        out.append(
            LabelledPair(
                row["group"],
                row["kind"],
                row["expect"],
                _measure(row["a"], k),
                _measure(row["b"], k),
            )
        )
    return out


def group_outcomes(pairs: Sequence[LabelledPair]) -> list[Outcome]:
    """Align one group (B's practices in reverse order) and judge every labelled and predicted pair."""
    a = [p.a for p in pairs]
    b = [p.b for p in reversed(pairs)]
    al = align_measures(a, b)
    n = len(pairs)
    got: dict[tuple[int, int], str] = {}
    titles = {(i, i): (p.a.title, p.b.title) for i, p in enumerate(pairs)}
    index_a = {m.title + m.text: i for i, m in enumerate(a)}
    index_b = {m.title + m.text: n - 1 - j for j, m in enumerate(b)}
    for row in al.pairs.itertuples():
        key = (index_a[row.title_a + row.text_a], index_b[row.title_b + row.text_b])
        got[key] = str(row.tier)
        titles.setdefault(key, (str(row.title_a), str(row.title_b)))
    out = [
        Outcome(p.kind, p.expect, got.pop((i, i), NONE), titles[i, i]) for i, p in enumerate(pairs)
    ]
    out += [Outcome("cross", NONE, tier, titles[k]) for k, tier in got.items()]
    return out


def outcomes(pairs: Sequence[LabelledPair]) -> list[Outcome]:
    """Outcomes of every group of the set."""
    groups: dict[str, list[LabelledPair]] = {}
    for p in pairs:
        groups.setdefault(p.group, []).append(p)
    return [o for g in groups.values() for o in group_outcomes(g)]


def _ratio(hit: int, total: int) -> float:
    """hit / total, 1.0 when there is nothing to count."""
    return round(hit / total, 3) if total else 1.0


_RANK = {TIER_STRONG: 2, TIER_POSSIBLE: 1, NONE: 0}


def scores(out: Sequence[Outcome]) -> dict[str, float]:
    """Precision and recall per tier, and the recall of identical / near-identical pairs."""
    strong = [o for o in out if o.got == TIER_STRONG]
    possible = [o for o in out if o.got == TIER_POSSIBLE]
    same = [o for o in out if o.kind.startswith(SAME_KINDS)]
    return {
        "strong_precision": _ratio(sum(o.expect == TIER_STRONG for o in strong), len(strong)),
        "strong_recall": _ratio(
            sum(o.got == TIER_STRONG for o in out if o.expect == TIER_STRONG),
            sum(o.expect == TIER_STRONG for o in out),
        ),
        "same_recall": _ratio(sum(o.got == TIER_STRONG for o in same), len(same)),
        "possible_precision": _ratio(sum(o.expect != NONE for o in possible), len(possible)),
        "possible_recall": _ratio(
            sum(_RANK[o.got] >= 1 for o in out if o.expect == TIER_POSSIBLE),
            sum(o.expect == TIER_POSSIBLE for o in out),
        ),
        "none_kept_out": _ratio(
            sum(o.got == NONE for o in out if o.expect == NONE and o.kind != "cross"),
            sum(o.expect == NONE and o.kind != "cross" for o in out),
        ),
        "predicted_strong": len(strong),
        "predicted_possible": len(possible),
    }


def confusion(out: Sequence[Outcome]) -> dict[str, dict[str, int]]:
    """kind -> predicted tier -> count (cross pairs under the kind "cross")."""
    table: dict[str, dict[str, int]] = {}
    for o in out:
        row = table.setdefault(o.kind, dict.fromkeys(LABELS, 0))
        row[o.got] += 1
    return table


def main(argv: Sequence[str] | None = None) -> None:
    """Print the scores and the confusion table by kind."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--errors", action="store_true", help="list every pair judged wrong")
    args = ap.parse_args(argv)
    out = outcomes(load_pairs(args.pairs))
    for key, value in scores(out).items():
        print(f"{key:20s} {value}")
    print(f"{'kind':30s} {'共有':>5s} {'可能相近':>5s} {'none':>5s}")
    for kind, row in sorted(confusion(out).items()):
        print(f"{kind:30s} {row[TIER_STRONG]:5d} {row[TIER_POSSIBLE]:5d} {row[NONE]:5d}")
    if args.errors:
        for o in out:
            if o.got != o.expect:
                print(f"{o.kind}: expected {o.expect}, got {o.got}: {o.titles[0]} ~ {o.titles[1]}")


if __name__ == "__main__":
    main()
