"""Concordance lines as the table a reader sees: branch, left context, hit, right context, and a
link that opens the report at the hit."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import Place

KWIC_TABLE_COLUMNS = ["branch", "left", "hit", "right", "link", "pos", "sentence"]


def report_link(rid: int, position: int, length: int) -> str:
    """The relative URL of the report page at a hit, e.g. "report?id=3&pos=120&len=4"."""
    return f"report?id={int(rid)}&pos={int(position)}&len={int(length)}"


def kwic_table(lines: pd.DataFrame, labels: Mapping[int, str]) -> pd.DataFrame:
    """KWIC lines (analysis.corpus.search.KWIC_COLUMNS) with their branches and report links
    (KWIC_TABLE_COLUMNS; Chinese headers from output.labels)."""
    return pd.DataFrame(
        {
            "branch": lines["id"].map(labels),
            "left": lines["left"],
            "hit": lines["hit"],
            "right": lines["right"],
            "link": [
                report_link(rid, pos, len(hit))
                for rid, pos, hit in zip(lines["id"], lines["position"], lines["hit"], strict=True)
            ],
            "pos": lines["position"],
            "sentence": lines["sentence"],
        },
        columns=KWIC_TABLE_COLUMNS,
    )


def kwic_places(lines: pd.DataFrame) -> list[Place]:
    """Where each KWIC line (analysis.corpus.search.KWIC_COLUMNS) opens its report: the hit."""
    rows = zip(lines["id"], lines["position"], lines["hit"], strict=True)
    return [(int(rid), int(at), int(at) + len(hit), f"检索命中：{hit}") for rid, at, hit in rows]


def labelled_reports(corpus: Corpus) -> pd.DataFrame:
    """The corpus's reports with their chart label (branch, else title) as a `label` column."""
    return corpus.reports.assign(label=[corpus.label(rid) for rid in corpus.ids])


def total_chars(corpus: Corpus) -> int:
    """Characters of the corpus's cleaned texts (the base of every per-10,000 rate)."""
    return sum(a.chars for a in corpus.analyses.values())
