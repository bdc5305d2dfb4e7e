"""What the 支部对比 page shows beyond the figures, as frames and lists: the term choices, the
themes that differ most with their first evidence, the indicator table in reading order, each
indicator with its redaction shown, one side's practices without a counterpart."""

from __future__ import annotations

import pandas as pd

from analysis.core.facts import REDACTED
from analysis.core.numbers import format_cell, format_number
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.explain import org_names_note, reading
from analysis.corpus.compare.measure_alignment import TIER_TEXT
from analysis.corpus.compare.theme_contrast import top_theme_differences
from analysis.output.briefing import TABLE_NOTES, indicator_rows, number_rows
from analysis.output.labels import labelled

TERM_CHOICES = 400  # terms offered by the context picker, most distinctive first


def distinctive(c: Comparison) -> bool:
    """Whether any term differs between the sides at all (else there is nothing to chart)."""
    return not c.words.empty and bool((c.words["z"].abs() > 0).any())


def term_choices(c: Comparison, current: object = None, n: int = TERM_CHOICES) -> list[str]:
    """Terms for the context picker, most distinctive first; `current` (a clicked or typed
    term outside the list) in front."""
    order = c.words.reindex(c.words["z"].abs().sort_values(ascending=False).index)
    terms = [str(t) for t in order["term"].head(n)]
    if current is not None and current not in terms:
        terms.insert(0, str(current))
    return terms


def first_evidence(c: Comparison, theme: str, side: str) -> str:
    """The first sentence of `side` ("A"/"B") that hits `theme`, or （无命中）."""
    ev = c.themes.evidence
    rows = ev[(ev["theme"] == theme) & (ev["side"] == side)]
    return str(rows["sentence"].iloc[0]) if len(rows) else "（无命中）"


def theme_evidence(c: Comparison, theme: str, side: str) -> list[tuple[str, str]]:
    """Every (term, sentence) of `side` that hits `theme`."""
    ev = c.themes.evidence
    rows = ev[(ev["theme"] == theme) & (ev["side"] == side)]
    return list(zip(rows["term"].astype(str), rows["sentence"].astype(str), strict=True))


def theme_differences(c: Comparison, n: int = 6) -> pd.DataFrame:
    """The `n` themes that differ most: both scores, the difference and each side's first
    evidence sentence (Chinese headers)."""
    top = top_theme_differences(c.themes.table, n)
    shown = top[["theme", "score_a", "score_b", "diff"]].assign(
        evidence_a=[first_evidence(c, x, "A") for x in top["theme"]],
        evidence_b=[first_evidence(c, x, "B") for x in top["theme"]],
    )
    return labelled(shown.reset_index(drop=True), "themes", c.label_a, c.label_b)


def number_table(c: Comparison) -> pd.DataFrame:
    """Indicators side by side, one row per category, subject and unit (what is counted, so no
    total mixes subjects), in reading order: values, counts, totals, redacted counts."""
    order = ["category_label", "subject", "unit", "display_a", "display_b", "count_a", "count_b"]
    order += ["sum_a", "sum_b", "redacted_a", "redacted_b"]
    shown = number_rows(c)[order]
    for col in ("sum_a", "sum_b"):  # figures, 已脱敏 and — in one column: 22, never 22.0
        shown = shown.assign(**{col: shown[col].map(format_cell)})
    return labelled(shown, "numbers", c.label_a, c.label_b)


def number_details(c: Comparison) -> pd.DataFrame:
    """Every indicator; a redacted value reads 已脱敏 and the redaction column 是 or blank."""
    details = indicator_rows(c)
    details["value"] = [
        REDACTED if r or v == REDACTED else ("" if pd.isna(v) else format_number(float(v)))
        for v, r in zip(details["value"], details["redacted"], strict=True)
    ]
    details["redacted"] = details["redacted"].map({True: "是", False: ""})
    return labelled(details, "indicator_details", c.label_a, c.label_b)


def only_practices(c: Comparison, side: str) -> pd.DataFrame:
    """`side`'s practices with no counterpart: the practice, its best similarity and the
    other side's closest practice (and the report when the side has several)."""
    df = c.measures.only_a if side == "A" else c.measures.only_b
    names = c.reports_a if side == "A" else c.reports_b
    keep = ["title", "best_similarity", "best_match"] + (["source"] if len(names) > 1 else [])
    return labelled(df[keep], "only")


def practice_pairs(c: Comparison, tier: str) -> pd.DataFrame:
    """The practice pairs of one tier (measure_alignment.TIER_*) as the page lists them: the
    judgement, both practices, their similarity, the reports (when a side has several), both texts."""
    pairs = c.measures.pairs
    rows = pairs[pairs["tier"] == tier].assign(tier=lambda p: p["tier"].map(TIER_TEXT))
    keep = ["tier", "title_a", "title_b", "similarity"]
    keep += ["source_a"] if len(c.reports_a) > 1 else []
    keep += ["source_b"] if len(c.reports_b) > 1 else []
    shown = rows[keep + ["text_a", "text_b"]].reset_index(drop=True)
    return labelled(shown, "pairs", c.label_a, c.label_b)


# Sheets of the comparison workbook TABLE_NOTES does not cover, and their plain sentence keys.
_MORE_NOTES = {
    "主题证据": "theme_evidence",
    "仅A举措": "best_similarity",
    "仅B举措": "best_similarity",
    "数字指标明细": "number_details",
    "提法": "formulation_counts",
}


def reading_notes(c: Comparison) -> pd.DataFrame:
    """How to read each table of a comparison, one plain sentence per table (the 说明 sheet of
    the workbook), and whether organization names were counted among the words."""
    rows = [(sheet, note) for sheet, note in TABLE_NOTES.items() if note]
    rows += [(sheet, reading(key)) for sheet, key in _MORE_NOTES.items()]
    rows.append(("区分词、词云", org_names_note(c.org_names)))
    return pd.DataFrame(rows, columns=["表格", "怎么读"])
