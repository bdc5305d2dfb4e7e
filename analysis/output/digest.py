"""The facts of an office's analysis report (综合分析报告), gathered from a briefing's tables.

Everything here is computed from the tables a `Briefing` already holds (the same tables the pages
and the other exports show), so every number in the Word draft equals a number on a page. Each
fact keeps the branches (and report ids) it comes from, so the draft can name them in brackets.
Nothing is invented: a fact with no data is absent, and the draft leaves its sentence out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.core.facts import PRACTICE_KIND
from analysis.core.numbers import format_number
from analysis.corpus.grouping import group_similar
from analysis.corpus.loading import Corpus
from analysis.corpus.tables import ID, ITEM_KIND_LABELS, LABEL
from analysis.output.briefing import Briefing

PRACTICE, EFFECT, PROBLEM, PLAN = (
    ITEM_KIND_LABELS[k] for k in (PRACTICE_KIND, "effect", "problem", "plan")
)
SENTENCE_ENDS = "。！？"  # an excerpt ends at one of these, never mid-sentence
SUMMABLE = (
    "人员",
    "活动",
    "组织",
    "资金",
    "事项",
)  # categories whose figures add up (not 比率, 面积)
MAX_FIGURES = 8  # key figures in the overview
MAX_PER_THEME = 3  # recurring / distinctive practices shown per theme
MAX_GROUPS = 8  # problem and plan groups shown
MAX_CASES = 3
MAX_TABLE_BRANCHES = 30  # rows of the branch × figures table (the Excel export has all)
CASE_CHARS = 360  # longest quotation of a typical case
# An outline marker opening a quoted practice, e.g. （一） 一是 1. (the heading names it already).
_MARKER_RE = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[是、]|\d+[.、．])\s*"
)


@dataclass(frozen=True)
class ItemGroup:
    """Items of several reports that say the same thing, e.g. one problem named by 3 branches."""

    text: str  # the representative (shortest) title
    branches: tuple[str, ...]  # distinct branch labels, in corpus order
    report_ids: tuple[int, ...]
    members: tuple[str, ...]  # every title in the group

    @property
    def n_branches(self) -> int:
        return len(self.branches)


@dataclass(frozen=True)
class KeyFigure:
    """A figure summed over reports that count the same subject in the same unit."""

    subject: str
    unit: str
    total: float
    approx: bool  # some summand was approximate (余, 近, 多)
    reports: int
    branches: tuple[str, ...]
    redacted: int  # same subject and unit, hidden by redaction: counted, never summed


@dataclass(frozen=True)
class ThemePractices:
    """The practices of one theme: recurring across branches, and distinctive to one or two."""

    theme: str
    branches: int  # branches whose reports address the theme
    recurring: tuple[ItemGroup, ...]
    distinctive: tuple[ItemGroup, ...]


@dataclass(frozen=True)
class Case:
    """A typical case: one complete practice quoted from its report."""

    branch: str
    report_id: int
    title: str
    quote: str


@dataclass(frozen=True, eq=False)
class Digest:
    """What the analysis report says, each fact traceable to its reports."""

    scope: str
    n_reports: int
    n_branches: int
    years: tuple[int, ...]
    chars: int
    n_practices: int
    coverage: pd.DataFrame  # 主题, 涉及支部数, 支部总数, 平均得分 (ranked: see theme_coverage)
    figures: tuple[KeyFigure, ...]
    figure_table: pd.DataFrame  # FIGURE_COLUMNS: one row per branch and key figure
    practices: tuple[ThemePractices, ...]
    formulations: pd.DataFrame  # formulation, report_count, branches_using (top rows)
    effects: tuple[ItemGroup, ...]
    problems: tuple[ItemGroup, ...]
    plans: tuple[ItemGroup, ...]
    cases: tuple[Case, ...]
    branches: tuple[str, ...]  # every branch label of the scope


def _ordered(values: Sequence[str]) -> tuple[str, ...]:
    """Distinct values in first-seen order."""
    return tuple(dict.fromkeys(v for v in values if v))


def theme_coverage(b: Briefing) -> pd.DataFrame:
    """Per theme: how many branches mention it (a heatmap cell above 0) and their mean score,
    ranked once for every sentence and table that ranks themes: most branches first, then the
    higher mean score, then dictionary order."""
    m = b.theme_matrix
    total = len(m.index)
    rows = [
        (
            theme,
            int((m[theme] > 0).sum()),
            total,
            round(float(m[theme].mean()), 1) if total else 0.0,
            k,
        )
        for k, theme in enumerate(m.columns)
    ]
    rows.sort(key=lambda r: (-r[1], -r[3], r[4]))
    return pd.DataFrame(
        [r[:4] for r in rows], columns=["theme", "branch_count", "branch_total", "mean_score"]
    )


def _groups(items: pd.DataFrame, limit: int | None, within: Sequence[str] | None = None):
    """Items (rows of a measures table) grouped by meaning, most branches first; with `within`,
    a tuple of (key, groups) per distinct key instead."""
    if items.empty:
        return ()
    titles = [str(t) for t in items["item"]]
    labels, ids = list(items[LABEL]), [int(i) for i in items[ID]]
    out = []
    for members in group_similar(titles, within=within):
        names = [titles[i] for i in members]
        out.append(
            ItemGroup(
                text=min(names, key=len),
                branches=_ordered([labels[i] for i in members]),
                report_ids=tuple(dict.fromkeys(ids[i] for i in members)),
                members=tuple(names),
            )
        )
    out.sort(key=lambda g: (-g.n_branches, -len(g.members), min(g.report_ids)))
    if within is None:
        return tuple(out[:limit])
    key_of = {int(pos): within[pos] for pos in range(len(titles))}
    first = {title: pos for pos, title in reversed(list(enumerate(titles)))}
    keyed: dict[str, list[ItemGroup]] = {}
    for g in out:
        keyed.setdefault(key_of[first[g.members[0]]], []).append(g)
    return tuple(keyed.items())


def _kind(b: Briefing, label: str) -> pd.DataFrame:
    """The outline items of one kind (举措 / 问题 / 打算) with a title."""
    return items_of_kind(b.measures, label)


def items_of_kind(items: pd.DataFrame, label: str) -> pd.DataFrame:
    """The rows of `items` (a measures table) of one kind (item_kind `label`) with a title."""
    return items[(items["item_kind"] == label) & (items["item"].astype(str).str.strip() != "")]


def outline_items(corpus: Corpus, ids: Sequence[int]) -> pd.DataFrame:
    """Every outline item of the reports `ids` as rows id, branch, item (title), item_kind."""
    rows = [
        (int(rid), corpus.labels[int(rid)], m.title, ITEM_KIND_LABELS.get(m.kind, m.kind))
        for rid in ids
        if int(rid) in corpus.analyses
        for m in corpus.analyses[int(rid)].structure.measures
    ]
    return pd.DataFrame(rows, columns=[ID, LABEL, "item", "item_kind"])


def kind_groups(items: pd.DataFrame, label: str) -> tuple[ItemGroup, ...]:
    """The items of one kind grouped by meaning, most branches first (at most MAX_GROUPS)."""
    return _groups(items_of_kind(items, label), MAX_GROUPS)


def theme_practices(b: Briefing, coverage: pd.DataFrame) -> tuple[ThemePractices, ...]:
    """Per theme (most branches first): recurring and distinctive practices."""
    practices = _kind(b, PRACTICE)
    first_theme = list(practices["themes"].astype(str).str.split("、").str[0])
    by_theme = dict(_groups(practices, None, within=first_theme))
    out = []
    for theme, branches in zip(coverage["theme"], coverage["branch_count"], strict=True):
        groups = by_theme.get(str(theme), [])
        recurring = tuple(g for g in groups if g.n_branches >= 2)[:MAX_PER_THEME]
        distinctive = tuple(g for g in groups if g.n_branches == 1)[:MAX_PER_THEME]
        if recurring or distinctive:
            out.append(ThemePractices(str(theme), int(branches), recurring, distinctive))
    return tuple(out)


def key_figures(b: Briefing) -> tuple[KeyFigure, ...]:
    """Figures that add up (same subject and unit, a summable category), most reports first."""
    ind = b.indicators
    ind = ind[ind["category"].isin(SUMMABLE) & (ind["subject"].astype(str).str.len() > 0)]
    out = []
    for (subject, unit), rows in ind.groupby(["subject", "unit"], sort=False):
        shown = rows[~rows["redacted"].astype(bool) & rows["value"].notna()]
        if shown[ID].nunique() < 2:  # a sum over one report is not a finding
            continue
        out.append(
            KeyFigure(
                subject=str(subject),
                unit=str(unit),
                total=float(shown["value"].sum()),
                approx=bool(shown["approx"].astype(bool).any()),
                reports=int(shown[ID].nunique()),
                branches=_ordered(list(shown[LABEL])),
                redacted=int(rows["redacted"].astype(bool).sum()),
            )
        )
    out.sort(key=lambda f: (-f.reports, f.subject))
    return tuple(out[:MAX_FIGURES])


FIGURE_COLUMNS = [LABEL, "subject", "unit", "value"]  # labels table "indicators"


def figure_table(
    b: Briefing, figures: Sequence[KeyFigure], branches: Sequence[str]
) -> pd.DataFrame:
    """One row per branch and key figure it reports (FIGURE_COLUMNS): the branch's sum, or
    "已脱敏" when all its figures of that subject are hidden (never 0)."""
    ind = b.indicators
    hidden = ind["redacted"].astype(bool) | ind["value"].isna()
    keys = list(zip(ind["subject"], ind["unit"], strict=True))
    wanted = {(f.subject, f.unit) for f in figures}
    mask = pd.Series([k in wanted for k in keys], index=ind.index, dtype=bool)
    rows = ind[mask].assign(_shown=~hidden[mask])
    sums = rows[rows["_shown"]].groupby([LABEL, "subject", "unit"])["value"].sum()
    present = set(zip(rows[LABEL], rows["subject"], rows["unit"], strict=True))
    out = []
    for name in branches:
        for f in figures:
            key = (name, f.subject, f.unit)
            if key in sums.index:
                out.append((name, f.subject, f.unit, format_number(float(sums[key]))))
            elif key in present:
                out.append((name, f.subject, f.unit, "已脱敏"))
    return pd.DataFrame(out, columns=FIGURE_COLUMNS)


def _most_reported(b: Briefing, figures: Sequence[KeyFigure], branches: Sequence[str]) -> list[str]:
    """The branches with the most key figures, at most MAX_TABLE_BRANCHES, in corpus order."""
    if len(branches) <= MAX_TABLE_BRANCHES:
        return list(branches)
    counts: dict[str, int] = {}
    for f in figures:
        for name in f.branches:
            counts[name] = counts.get(name, 0) + 1
    top = set(sorted(branches, key=lambda n: -counts.get(n, 0))[:MAX_TABLE_BRANCHES])
    return [n for n in branches if n in top]


def typical_cases(b: Briefing) -> tuple[Case, ...]:
    """The most complete practices (a body with figures, of good length), one per branch."""
    practices = _kind(b, PRACTICE)
    scored = []
    for row in practices.itertuples(index=False):
        text = " ".join(str(row.text).split())
        if len(text) < 60:
            continue
        digits = sum(ch.isdigit() for ch in text)
        score = min(len(text), 400) / 400 + min(digits, 10) / 10
        scored.append((score, row))
    scored.sort(key=lambda sr: -sr[0])
    out: list[Case] = []
    seen: set[str] = set()
    for _, row in scored:
        label = str(getattr(row, LABEL))
        if label in seen:
            continue
        quote = _quote(str(row.text), str(row.item))
        if len(quote) < 60:  # no complete sentence of some length: not a case to quote
            continue
        seen.add(label)
        out.append(Case(label, int(getattr(row, ID)), str(row.item), quote))

        if len(out) == MAX_CASES:
            break
    return tuple(out)


def _quote(text: str, title: str = "") -> str:
    """A practice's text up to its last sentence end (。！？) within CASE_CHARS, without its
    title (the case's heading names it); "" when no sentence ends there (an excerpt never stops
    mid-sentence)."""
    text = _MARKER_RE.sub("", " ".join(text.split()), count=1)
    title = title.strip().rstrip("。.")
    if title and text.startswith(title):
        text = text[len(title) :].lstrip("。．.，,：: ")
    return sentence_prefix(text, CASE_CHARS)


def sentence_prefix(text: str, limit: int) -> str:
    """The longest start of `text` of at most `limit` characters that ends a sentence."""
    cut = max(text.rfind(p, 0, limit) for p in SENTENCE_ENDS)
    return text[: cut + 1] if cut >= 0 else ""


def build_digest(b: Briefing, scope: str = "") -> Digest:
    """The facts of the analysis report of a briefing's corpus."""
    reports = b.reports
    branches = _ordered([str(x) for x in b.theme_matrix.index] or list(reports[LABEL]))
    years = tuple(sorted({int(y) for y in reports["year"].dropna()}))
    coverage = theme_coverage(b)
    figures = key_figures(b)
    forms = (
        b.formulations[["formulation", "report_count", "branches_using"]]
        .head(10)
        .reset_index(drop=True)
    )
    return Digest(
        scope=scope,
        n_reports=len(reports),
        n_branches=len(branches),
        years=years,
        chars=int(reports["chars"].sum()) if len(reports) else 0,
        n_practices=int(reports["practice_count"].sum()) if len(reports) else 0,
        coverage=coverage,
        figures=figures,
        figure_table=figure_table(b, figures, _most_reported(b, figures, branches)),
        practices=theme_practices(b, coverage),
        formulations=forms,
        effects=_groups(_kind(b, EFFECT), MAX_GROUPS),
        problems=_groups(_kind(b, PROBLEM), MAX_GROUPS),
        plans=_groups(_kind(b, PLAN), MAX_GROUPS),
        cases=typical_cases(b),
        branches=branches,
    )
