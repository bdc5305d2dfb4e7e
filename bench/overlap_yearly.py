"""`python -m bench.overlap_yearly`: year over year on generated branch series (bench/README.md).

For each generated report (last year's), this year's report keeps its practice items with new
numbers (延续), drops one (不再提及) and adds one from another report (新增). Both are analysed by
the pipeline and compared by analysis.corpus.overlap.yearly; each practice row the comparison
lists is traced back to the planted item it comes from and counted right when its column is the
planted one. Changed indicators must show both values.
"""

from __future__ import annotations

import argparse
import json
import random
import re

from analysis.core.resources import default_texts
from analysis.corpus.overlap.normalise import normalise
from analysis.corpus.overlap.yearly import CONTINUED, DROPPED, NEW, year_over_year
from analysis.text.pipeline import analyze_text
from bench.generate import generate_report

_ITEM = re.compile(r"^(（[一二三四五六七八九十]{1,3}）|[一二三四五六七八九十]是)")
_TOP = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_PROBE = 12  # matching characters of a row looked up in the planted items


def practice_items(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(lines before, items of the first section holding numbered items, lines after)."""
    lines = text.split("\n")
    starts = [i for i, ln in enumerate(lines) if _ITEM.match(ln)]
    if len(starts) < 3:
        return lines, [], []
    first = starts[0]
    end = next((i for i in range(first, len(lines)) if _TOP.match(lines[i])), len(lines))
    starts = [s for s in starts if s < end]
    items = [lines[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    return lines[:first], items, lines[end:]


def _renumbered(lines: list[str], rng: random.Random) -> list[str]:
    return [re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), ln) for ln in lines]


def plant(i: int) -> tuple[str, str, dict[str, str]] | None:
    """(last year's text, this year's text, item text -> planted status), or None when the
    report has too few practice items."""
    rng = random.Random(f"yoy:{i}")
    last = generate_report(i).text
    head, items, tail = practice_items(last)
    donor = practice_items(generate_report(i + 10_000).text)[1]
    fresh = [
        it for it in donor if normalise("".join(it[1:]) or it[0]).text not in normalise(last).text
    ]
    if len(items) < 3 or not fresh:
        return None
    dropped = rng.randrange(len(items))
    added = rng.choice(fresh)
    kept = [_renumbered(it, rng) for k, it in enumerate(items) if k != dropped]
    this_items = kept[:]
    this_items.insert(rng.randrange(len(kept) + 1), added)
    this = "\n".join([*head, *(ln for it in this_items for ln in it), *tail])
    status = {"\n".join(it): CONTINUED for k, it in enumerate(items) if k != dropped}
    status["\n".join(items[dropped])] = DROPPED
    status["\n".join(added)] = NEW
    return last, this, status


def _origin(row_text: str, planted: dict[str, str]) -> str | None:
    """The planted status of the item a row's text comes from (None when none holds it)."""
    probe = normalise(row_text).text[:_PROBE]
    if len(probe) < _PROBE:
        return None
    found = {s for item, s in planted.items() if probe in normalise(item).text}
    return found.pop() if len(found) == 1 else None


def measure(n: int = 40) -> dict:
    texts = default_texts()
    right = wrong = unplaced = changed = both_values = 0
    for i in range(n):
        got = plant(i)
        if got is None:
            continue
        last, this, planted = got
        yoy = year_over_year(analyze_text(this, texts), analyze_text(last, texts))
        for row in yoy.practices.itertuples():
            text = row.今年的做法 if row.状态 != DROPPED else row.去年的做法
            origin = _origin(str(text), planted)
            if origin is None:
                unplaced += 1
            elif origin == row.状态:
                right += 1
            else:
                wrong += 1
        changed += len(yoy.indicators)
        both_values += int(sum("→" in c and len(c.split("→")) == 2 for c in yoy.indicators["变化"]))
    return {
        "reports": n,
        "rows_in_right_column": right,
        "rows_in_wrong_column": wrong,
        "rows_not_traced": unplaced,
        "right_share": round(right / max(1, right + wrong), 4),
        "changed_indicators": changed,
        "with_both_values": both_values,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    print(json.dumps(measure(parser.parse_args().n), ensure_ascii=False, indent=1))
