"""The headline figures of a corpus (报告, 支部, 总字数, 举措 …), computed once for every place.

概览, 汇报模式, the briefing's PowerPoint/Excel/HTML and the CLI all show `corpus_kpis(corpus)`, so
the same figure reads the same everywhere (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.core.facts import REDACTED, count_practices, normalize_year, wan
from analysis.corpus.loading import Corpus


@dataclass(frozen=True)
class Kpi:
    """One headline figure as shown: label, value, unit and an optional detail (报告 / 5 / 份)."""

    label: str
    value: str
    unit: str = ""
    detail: str = ""

    @property
    def note(self) -> str:
        """Unit and detail in one phrase, as the exports print it under the value."""
        return f"{self.unit}，{self.detail}" if self.detail else self.unit


@dataclass(frozen=True)
class Kpis:
    """The corpus's headline figures as numbers; `items()` formats them in Chinese."""

    reports: int
    branches: int
    chars: int  # cleaned characters (Analysis.chars), summed
    practices: int  # outline items of kind "measure"
    indicators: int
    redacted: int  # indicators whose value is hidden
    formulations: int  # distinct formulation terms
    years: tuple[int, ...]  # distinct report years, ascending
    failed: int = 0  # reports whose analysis had a crashed step (Analysis.failed)

    @property
    def year_text(self) -> str:
        """ "2023", "2022–2023", or "—" when no report has a year."""
        if not self.years:
            return "—"
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}–{last}"

    def items(self) -> tuple[Kpi, ...]:
        """The figures with their Chinese labels and units, in display order."""
        hidden = f"含{self.redacted}项{REDACTED}" if self.redacted else ""
        broken = f"其中{self.failed}份分析出错" if self.failed else ""
        return (
            Kpi("报告", str(self.reports), "份", broken),
            Kpi("支部/单位", str(self.branches), "个"),
            Kpi("总字数", wan(self.chars), "万字"),
            Kpi("举措", str(self.practices), "项"),
            Kpi("数字指标", str(self.indicators), "项", hidden),
            Kpi("提法", str(self.formulations), "个"),
            Kpi("年份", self.year_text, ""),
        )

    def by_label(self) -> dict[str, Kpi]:
        """The formatted figures keyed by label (for tests and callers that pick a few)."""
        return {k.label: k for k in self.items()}


def corpus_kpis(corpus: Corpus) -> Kpis:
    """Headline figures of the reports of `corpus` that have an analysis."""
    ids = [int(rid) for rid in corpus.reports.index if int(rid) in corpus.analyses]
    analyses = [corpus.analyses[rid] for rid in ids]
    years = map(normalize_year, corpus.reports.loc[ids, "year"]) if ids else ()
    return Kpis(
        reports=len(ids),
        branches=len({corpus.label(rid) for rid in ids}),
        chars=sum(a.chars for a in analyses),
        practices=sum(count_practices(a.structure.measures) for a in analyses),
        indicators=sum(len(a.indicators) for a in analyses),
        redacted=sum(i.redacted for a in analyses for i in a.indicators),
        formulations=len({f.term for a in analyses for f in a.formulations}),
        years=tuple(sorted({y for y in years if y is not None})),
        failed=sum(1 for a in analyses if a.failed),
    )
