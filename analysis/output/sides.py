"""The two sides of a comparison as plain strings ("branch:兴城投资党支部", "year:2023"), which
session state and widgets hold; their names, report ids and word clouds."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.core import palette
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.sides import GROUP_BY, group_ids, group_options
from analysis.output.labels import GROUPING_KEYS, label

SLIDE_PX = (1920, 1080)  # word clouds and PNG downloads at slide resolution


def side_key(by: str, value: object) -> str:
    """A side as a string "by:value", e.g. "branch:兴城投资党支部" or "year:2023"."""
    return f"{by}:{value}"


def parse_side(key: str) -> tuple[str, str]:
    """(by, value) of a side key; an unknown grouping reads as a branch."""
    by, _, value = str(key).partition(":")
    return (by, value) if by in GROUP_BY else ("branch", str(key))


def side_name(key: str) -> str:
    """How a side is named in titles: the branch/organization/kind, or "2023年"."""
    by, value = parse_side(key)
    return f"{value}年" if by == "year" else value


def side_text(key: str) -> str:
    """A side as a picker option, e.g. "支部：兴城投资党支部", "年份：2023年"."""
    by, _ = parse_side(key)
    return f"{label(GROUPING_KEYS[by])}：{side_name(key)}"


def side_options(reports: pd.DataFrame) -> list[str]:
    """Every side of the corpus: each branch, then each organization, year and kind."""
    opts = group_options(reports)
    return [side_key(by, v) for by in GROUP_BY for v in opts.get(by, [])]


def side_ids(reports: pd.DataFrame, key: str) -> list[int]:
    """Report ids of a side."""
    by, value = parse_side(key)
    return group_ids(reports, by, value)


def default_pair(options: Sequence[object]) -> tuple[int, int]:
    """Indexes of the default sides: the first two options (the same one if there is only one)."""
    return 0, (1 if len(options) > 1 else 0)


def side_cloud(
    c: Comparison, side: str, size: tuple[int, int] = SLIDE_PX, max_words: int = 80
) -> bytes:
    """One side's word cloud on the comparison's common scale, in the side's colour."""
    from analysis.output.wordclouds import render_wordcloud

    freqs = c.freqs_a if side == "A" else c.freqs_b
    items = dict(sorted(freqs.items(), key=lambda kv: -kv[1])[:150])
    return render_wordcloud(
        items,
        *size,
        palette=palette.SIDE_CLOUD_PALETTES[side],
        max_words=max_words,
        scale_max=c.cloud_scale,
    )
