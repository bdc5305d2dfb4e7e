"""What the 支部对比 page shows beyond the figures, as frames and lists: the term choices, the
themes that differ most with their first evidence, the indicator table in reading order, each
indicator with its redaction shown, one side's practices without a counterpart."""

from __future__ import annotations

import pandas as pd

from analysis.core.facts import REDACTED
from analysis.core.numbers import format_cell, format_number
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.explain import org_names_note, reading
from analysis.corpus.compare.theme_contrast import top_theme_differences
from analysis.output.briefing import TABLE_NOTES, comparison_tables

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
    a, b = c.label_a, c.label_b
    return pd.DataFrame(
        {
            "主题": top["theme"],
            f"{a}得分": top["score_a"],
            f"{b}得分": top["score_b"],
            "差值(A-B)": top["diff"],
            f"{a}证据": [first_evidence(c, x, "A") for x in top["theme"]],
            f"{b}证据": [first_evidence(c, x, "B") for x in top["theme"]],
        }
    )


def number_table(c: Comparison) -> pd.DataFrame:
    """Indicators side by side, one row per category, subject and unit (what is counted, so no
    total mixes subjects), in reading order: values, counts, totals, redacted counts."""
    table = comparison_tables(c)["数字指标对比"]
    a, b = c.label_a, c.label_b
    order = ["类别", "对象", "单位", a, b, f"{a}项数", f"{b}项数", f"{a}合计", f"{b}合计"]
    order += [f"{a}脱敏项", f"{b}脱敏项"]
    shown = table[[col for col in order if col in table.columns]].copy()
    for col in (f"{a}合计", f"{b}合计"):  # figures, 已脱敏 and — in one column: 22, never 22.0
        if col in shown.columns:
            shown[col] = shown[col].map(format_cell)
    return shown


def number_details(c: Comparison) -> pd.DataFrame:
    """Every indicator; a redacted value reads 已脱敏 and the redaction column 是 or blank."""
    details = comparison_tables(c)["数字指标明细"].copy()
    details["数值"] = [
        REDACTED if r or v == REDACTED else ("" if pd.isna(v) else format_number(float(v)))
        for v, r in zip(details["数值"], details["脱敏"], strict=True)
    ]
    details["脱敏"] = details["脱敏"].map({True: "是", False: ""})
    return details


def only_practices(c: Comparison, side: str) -> pd.DataFrame:
    """`side`'s practices with no counterpart: the practice, its best similarity and the
    other side's closest practice (and the report when the side has several)."""
    df = comparison_tables(c)["仅A举措" if side == "A" else "仅B举措"]
    names = c.reports_a if side == "A" else c.reports_b
    keep = ["举措", "最高相似度", "对方最接近的举措"] + (["报告"] if len(names) > 1 else [])
    return df[keep]


def practice_pairs(c: Comparison, tier: str) -> pd.DataFrame:
    """The practice pairs of one tier (measure_alignment.TIER_*) as the page lists them: the
    judgement, both practices, their similarity, the reports (when a side has several), both texts."""
    table = comparison_tables(c)["相近举措"]
    rows = table[(c.measures.pairs["tier"] == tier).to_numpy()]
    a, b = c.label_a, c.label_b
    keep = ["判断", f"{a}举措", f"{b}举措", "相似度"]
    keep += [f"{a}报告"] if len(c.reports_a) > 1 else []
    keep += [f"{b}报告"] if len(c.reports_b) > 1 else []
    return rows[keep + [f"{a}原文", f"{b}原文"]].reset_index(drop=True)


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
