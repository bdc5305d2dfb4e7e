"""The branches × themes heatmap's data, built once for every medium (screen, slides, document).

One rule decides which branches are shown (the HEAT_MAX_ROWS with the highest total score, ties by
name) and which of them set the colour scale (every shown branch whose reports hold at least
`tables.SHORT_CHARS` characters: a few hits in a short text make a huge rate). Short branches are
shown with their numbers but saturate; a note says so. The screen, the slides and the Word draft
differ only in style and paging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.corpus.loading import Corpus
from analysis.corpus.tables import LABEL, SHORT_CHARS, by_total, color_max, is_short
from analysis.output.briefing import Briefing

HEAT_MAX_ROWS = 40  # branches on the heatmap; more make it unreadable on any medium
MAX_NAMED = 6  # short branches named in the note, then "等 N 个"


@dataclass(frozen=True, eq=False)
class HeatData:
    """The rows of the heatmap (highest total score first) and the top of its colour scale."""

    matrix: pd.DataFrame  # shown branches × themes, hits per 10,000 characters
    scale_max: float  # the colour scale runs from 0 to this (short branches left out)
    short: tuple[str, ...]  # shown branches left out of the colour scale, in row order
    total_branches: int  # branches before the cut to HEAT_MAX_ROWS

    def notes(self, name: Callable[[str], str] = str) -> tuple[str, ...]:
        """What a reader must know to read the colours: the cut and the short branches (each
        written as `name` gives it)."""
        out = []
        if self.total_branches > len(self.matrix):
            out.append(
                f"支部较多，只显示主题总得分最高的 {len(self.matrix)} 个"
                f"（共 {self.total_branches} 个）。"
            )
        if self.short:
            names = "、".join(map(name, self.short[:MAX_NAMED]))
            more = f"等 {len(self.short)} 个" if len(self.short) > MAX_NAMED else ""
            out.append(f"字数不足 {SHORT_CHARS} 的支部不参与色阶：{names}{more}。")
        return tuple(out)

    def pages(self, rows_per_page: int) -> list[pd.DataFrame]:
        """The shown rows cut into pages of at most `rows_per_page` branches (at least one page)."""
        if rows_per_page < 1:
            raise ValueError(f"rows_per_page must be positive, got {rows_per_page}")
        n = len(self.matrix)
        return [self.matrix.iloc[i : i + rows_per_page] for i in range(0, n, rows_per_page)] or [
            self.matrix
        ]


def branch_chars(labels: Iterable[str], chars: Iterable[int]) -> dict[str, int]:
    """Characters per branch, summed over its reports (pairs of report label and length)."""
    out: dict[str, int] = {}
    for label, n in zip(labels, chars, strict=True):
        out[str(label)] = out.get(str(label), 0) + int(n)
    return out


def heat_data(
    matrix: pd.DataFrame, chars: dict[str, int], max_rows: int = HEAT_MAX_ROWS
) -> HeatData:
    """The heatmap of `matrix` (branches × themes) with `chars` characters per branch."""
    if max_rows < 1:
        raise ValueError(f"max_rows must be positive, got {max_rows}")
    ordered = by_total(matrix)
    shown = ordered.head(max_rows)
    short = tuple(str(b) for b in shown.index if is_short(chars.get(str(b), 0)))
    return HeatData(
        matrix=shown,
        scale_max=color_max(shown, short),
        short=short,
        total_branches=len(matrix),
    )


def briefing_heat(b: Briefing) -> HeatData:
    """The heatmap of a briefing's corpus (the exports' heatmap: slides, HTML, Word)."""
    return heat_data(b.theme_matrix, branch_chars(b.reports[LABEL], b.reports["chars"]))


def corpus_heat(matrix: pd.DataFrame, corpus: Corpus) -> HeatData:
    """The heatmap of `matrix` over the reports of `corpus` (the page's and 汇报模式's heatmap)."""
    ids = list(corpus.analyses)
    return heat_data(
        matrix,
        branch_chars((corpus.labels[i] for i in ids), (corpus.analyses[i].chars for i in ids)),
    )
