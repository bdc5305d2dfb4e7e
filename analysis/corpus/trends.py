"""Trends over years: themes per year, rising and falling terms, indicator series, new formulations.

Every rate is hits per 10,000 characters over all reports of a year, shown with the number of
reports of that year so that a year of two reports does not read as a trend. Rising and falling
terms use the comparison's statistic (`log_odds_dirichlet`, the whole corpus as prior), so a term
called distinctive here is distinctive by the same rule as on the comparison page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.core.facts import REDACTED, per10k_frame
from analysis.corpus.compare.sides import side_term_counts
from analysis.corpus.compare.word_contrast import Z_DISTINCTIVE, log_odds_dirichlet
from analysis.corpus.loading import Corpus
from analysis.corpus.tables import ID
from analysis.text.lexicon import Lexicon

YEAR = "year"
THEME_YEAR_COLUMNS = [YEAR, "theme", "score", "hits", "chars", "report_count"]
TERM_TREND_COLUMNS = ["word", "earlier_count", "later_count", "change", "z"]
# (labels table "indicators": `unit` is the figure's unit, `redacted` how many are hidden)
INDICATOR_SERIES_COLUMNS = [YEAR, "group", "value", "unit", "report_count", "redacted", "note"]
NEW_FORMULATION_COLUMNS = [
    "formulation", "first_year", "year_count", "year_report_count", "branches_using",
]  # fmt: skip
GROUPS = ("branch", "organization", "all")  # groupings of an indicator series (names: labels)
ALL = "全部"  # the one group of the grouping "all"


def report_years(corpus: Corpus) -> dict[int, int]:
    """Report id -> year, for the reports with a year."""
    years = pd.to_numeric(corpus.reports["year"], errors="coerce")
    return {int(rid): int(y) for rid, y in years.items() if pd.notna(y) and rid in corpus.analyses}


def themes_by_year(scores: pd.DataFrame) -> pd.DataFrame:
    """Themes x years from the long scores table (tables.theme_scores_frame): pooled hits per
    10,000 characters of the year, raw hits, characters and number of reports of the year."""
    rows = scores.dropna(subset=[YEAR])
    if rows.empty:
        return pd.DataFrame(columns=THEME_YEAR_COLUMNS)
    grouped = rows.groupby([YEAR, "theme"], sort=True).agg(
        hits=("hits", "sum"), chars=("chars", "sum"), report_count=(ID, "nunique")
    )
    out = grouped.reset_index()
    out["score"] = per10k_frame(out["hits"], out["chars"])
    out[YEAR] = out[YEAR].astype(int)
    return out[THEME_YEAR_COLUMNS].reset_index(drop=True)


def theme_slopes(by_year: pd.DataFrame) -> pd.Series:
    """Per theme, the least-squares slope of its yearly score (per 10k chars per year), weighted
    by the number of reports of each year; positive = rising. Sorted from rising to falling."""
    out: dict[str, float] = {}
    for theme, part in by_year.groupby("theme", sort=False):
        x = part[YEAR].to_numpy(float)
        if len(x) < 2 or np.ptp(x) == 0:
            out[str(theme)] = 0.0
            continue
        w = part["report_count"].to_numpy(float)
        out[str(theme)] = float(np.polyfit(x, part["score"].to_numpy(float), 1, w=np.sqrt(w))[0])
    return pd.Series(out, dtype=float).sort_values(ascending=False)


def term_trends(
    corpus: Corpus,
    before: Iterable[int],
    after: Iterable[int],
    lex: Lexicon | None = None,
    officialese: bool = True,
    n: int = 20,
    z: float = Z_DISTINCTIVE,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rising, falling) terms from the years `before` to the years `after`: log-odds with the
    whole corpus as Dirichlet prior, |z| above `z`, strongest first, at most `n` each."""
    years = report_years(corpus)
    early, late = set(before), set(after)
    ids_a = [rid for rid, y in years.items() if y in late]
    ids_b = [rid for rid, y in years.items() if y in early]
    counts_a = side_term_counts(corpus, ids_a, lex, officialese)
    counts_b = side_term_counts(corpus, ids_b, lex, officialese)
    prior = side_term_counts(corpus, corpus.analyses.keys(), lex, officialese)
    odds = log_odds_dirichlet(counts_a, counts_b, prior)
    table = pd.DataFrame(
        {
            "word": odds["term"],
            "earlier_count": odds["count_b"],
            "later_count": odds["count_a"],
            "change": odds["delta"].round(3),
            "z": odds["z"].round(2),
        },
        columns=TERM_TREND_COLUMNS,
    )
    rising = table[table["z"] > z].head(n).reset_index(drop=True)
    falling = table[table["z"] < -z].sort_values("z", kind="stable").head(n)
    return rising, falling.reset_index(drop=True)


def _group_of(corpus: Corpus, by: str) -> dict[int, str]:
    """Report id -> its group name (branch label, organization, or one group for all)."""
    if by == "all":
        return dict.fromkeys(map(int, corpus.analyses), ALL)

    if by == "branch":
        return {int(rid): corpus.labels[int(rid)] for rid in corpus.analyses}
    if by != "organization":
        raise ValueError(f"unknown grouping {by!r}")
    orgs = corpus.reports["organization"]
    return {int(rid): str(orgs.loc[rid] or "（未填单位）") for rid in corpus.analyses}


def indicator_subjects(corpus: Corpus, n: int = 50) -> list[tuple[str, str]]:
    """The `n` most frequent (subject, unit) pairs of indicators, for a picker."""
    seen: Counter[tuple[str, str]] = Counter(
        (i.subject, i.unit) for a in corpus.analyses.values() for i in a.indicators if i.subject
    )
    return [key for key, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _series_note(known: int, redacted: int) -> str:
    """What a yearly cell leaves out: every figure hidden, or some of them."""
    if redacted and not known:
        return f"{redacted} 项数字全部{REDACTED}，不计为 0，图中不画这一点"
    return f"另有 {redacted} 项{REDACTED}，未计入合计" if redacted else ""


def indicator_series(corpus: Corpus, subject: str, unit: str, by: str = "branch") -> pd.DataFrame:
    """Yearly sum of the indicators whose subject contains `subject` and whose unit is `unit`,
    per group (GROUPS). A redacted figure is counted in `redacted` and never summed; a cell whose
    figures are all redacted reads 已脱敏 in `value` (never 0) and is no point of the series;
    `note` says what a cell leaves out."""

    years = report_years(corpus)
    groups = _group_of(corpus, by)
    acc: dict[tuple[int, str], tuple[list[float], set[int], list[int]]] = {}
    for rid, year in years.items():
        for i in corpus.analyses[rid].indicators:
            if subject in i.subject and i.unit == unit:
                values, ids, hidden = acc.setdefault((year, groups[rid]), ([], set(), [0]))
                if i.redacted or i.value is None:
                    hidden[0] += 1
                else:
                    values.append(i.value)
                ids.add(rid)
    rows = [
        (
            y,
            g,
            round(sum(values), 2) if values else REDACTED,
            unit,
            len(ids),
            hidden[0],
            _series_note(len(values), hidden[0]),
        )
        for (y, g), (values, ids, hidden) in acc.items()
    ]
    rows.sort(key=lambda r: (r[0], r[1]))
    return pd.DataFrame(rows, columns=INDICATOR_SERIES_COLUMNS)


def series_values(series: pd.DataFrame) -> pd.Series:
    """The values of an indicator series as numbers: a redacted cell is NaN (no point), never 0."""
    return pd.to_numeric(series["value"].where(series["value"] != REDACTED), errors="coerce")


def new_formulations(corpus: Corpus, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Formulations by the year they are first seen in the corpus (only `years` when given):
    count and reports in that year, and the branches that used them then."""
    by_year = report_years(corpus)
    labels = corpus.labels
    first: dict[str, int] = {}
    for rid, year in by_year.items():
        for f in corpus.analyses[rid].formulations:
            first[f.term] = min(first.get(f.term, year), year)
    counts: Counter[str] = Counter()
    reports: Counter[str] = Counter()
    users: dict[str, dict[str, None]] = {}
    for rid, year in sorted(by_year.items()):
        for f in corpus.analyses[rid].formulations:
            if first[f.term] == year:
                counts[f.term] += f.count
                reports[f.term] += 1
                users.setdefault(f.term, {})[labels[rid]] = None
    wanted = set(years) if years is not None else None
    rows = [
        (term, year, counts[term], reports[term], "、".join(users[term]))
        for term, year in first.items()
        if wanted is None or year in wanted
    ]
    rows.sort(key=lambda r: (-r[1], -r[3], -r[2], r[0]))
    return pd.DataFrame(rows, columns=NEW_FORMULATION_COLUMNS)


__all__ = [
    "GROUPS",
    "indicator_series",
    "indicator_subjects",
    "new_formulations",
    "report_years",
    "series_values",
    "term_trends",
    "theme_slopes",
    "themes_by_year",
]
