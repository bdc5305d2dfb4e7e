"""Themes of two sides contrasted: pooled scores per 10,000 characters with evidence sentences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.core.facts import per10k, text_chars
from analysis.text.theme_dictionary import ThemeDictionary
from analysis.text.theme_scoring import score_themes

THEME_COLUMNS = ["theme", "score_a", "score_b", "diff", "count_a", "count_b"]
EVIDENCE_COLUMNS = ["theme", "side", "report", "term", "sentence"]


@dataclass(frozen=True, eq=False)
class ThemeProfile:
    """Theme scores of both sides (hits per 10,000 chars) and example sentences per side."""

    table: pd.DataFrame  # THEME_COLUMNS, in dictionary order; diff = score_a - score_b
    evidence: pd.DataFrame  # EVIDENCE_COLUMNS, at most `per_theme` sentences per theme and side


def theme_profiles(
    texts_a: Mapping[str, str],
    texts_b: Mapping[str, str],
    dictionary: ThemeDictionary,
    per_theme: int = 3,
) -> ThemeProfile:
    """Score every theme on each side (pooled hits per 10,000 chars) with evidence sentences.

    `texts_*` map a report name to its cleaned text; `dictionary` is an analysis.text.theme_dictionary
    ThemeDictionary. A side's score pools its reports: total hits * 10,000 / total characters.
    """
    order: list[str] = list(_theme_names(dictionary))
    pooled: dict[str, tuple[Counter, int]] = {}
    evidence: list[tuple] = []
    for side, texts in (("A", texts_a), ("B", texts_b)):
        counts: Counter[str] = Counter()
        chars = 0
        seen: Counter[str] = Counter()
        for name, text in texts.items():
            scores = score_themes(text, dictionary)
            chars += text_chars(text)
            counts.update(scores.counts)
            for theme in scores.counts:
                if theme not in order:
                    order.append(theme)
            for hit in scores.hits:
                if seen[hit.theme] < per_theme:
                    seen[hit.theme] += 1
                    evidence.append((hit.theme, side, name, hit.term, hit.sentence))
        pooled[side] = (counts, chars)
    rows = []
    for theme in order:
        ca, cb = pooled["A"][0].get(theme, 0), pooled["B"][0].get(theme, 0)
        sa, sb = per10k(ca, pooled["A"][1]), per10k(cb, pooled["B"][1])
        rows.append((theme, sa, sb, round(sa - sb, 2), int(ca), int(cb)))
    return ThemeProfile(
        table=pd.DataFrame(rows, columns=THEME_COLUMNS),
        evidence=pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS),
    )


def _theme_names(dictionary: ThemeDictionary) -> list[str]:
    """Theme names of a ThemeDictionary, in its order."""
    return [str(n) for n in getattr(dictionary, "names", ())]


def top_theme_differences(table: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The `n` themes where the sides differ most (largest |diff|), ignoring zero differences."""
    if table.empty:
        return table.copy()
    nz = table[table["diff"].abs() > 0]
    order = nz["diff"].abs().sort_values(ascending=False, kind="stable").index
    return nz.loc[order].head(n).reset_index(drop=True)
