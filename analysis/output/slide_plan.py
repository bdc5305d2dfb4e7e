"""The slide sequence of 汇报模式: which slides the user's choices make (cheap to plan, built only
when shown), and where the slides get their data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from analysis.core.facts import count_practices
from analysis.core.resources import ResourceTexts
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.loading import Corpus
from analysis.output.charts.tables import TABLE_ROWS
from analysis.output.charts.tables import pages as table_pages
from analysis.output.heat import HEAT_MAX_ROWS
from analysis.output.sides import side_ids, side_name, side_options

VIEWS = {
    "kpis": "语料概览",
    "heatmap": "主题热力图",
    "wordcloud": "关键词词云",
    "keywords": "高频关键词",
    "formulations": "常用提法",
    "measures": "某报告的举措",
    "comparison": "某对比",
}
DEFAULT_VIEWS = ("kpis", "heatmap", "wordcloud", "measures", "comparison")
COMPARISON_PARTS = {
    "summary": "总体相似度",
    "words": "区分词",
    "clouds": "词云对照",
    "themes": "主题侧重",
    "pairs": "相近做法",
    "only": "各自独有的做法",
    "numbers": "数字指标",
}
MEASURES_PER_SLIDE = TABLE_ROWS  # table rows that fit one projector screen
MAX_MEASURE_PAGES = 3
MAX_TABLE_PAGES = 3  # screens of one comparison table at most
HEAT_ROWS = 10  # branches on one heatmap screen
# Heatmap screens at most: the rows of `heat.heat_data` (the same branches as the page).
MAX_HEAT_PAGES = table_pages(HEAT_MAX_ROWS, HEAT_ROWS)


@dataclass(frozen=True)
class SlideSpec:
    """What one slide shows (cheap to plan; the content is built only when shown)."""

    view: str  # a key of VIEWS
    title: str
    report_id: int | None = None  # "measures"
    page: int = 0  # "measures" and comparison tables: which screen of the table
    pages: int = 1
    pair: tuple[str, str] | None = None  # "comparison": side keys
    part: str = ""  # "comparison": a key of COMPARISON_PARTS


@dataclass(frozen=True, eq=False)
class Slide:
    """A built slide: title, one figure or word-cloud images, a few plain-text lines."""

    title: str
    subtitle: str = ""
    figure: go.Figure | None = None
    images: tuple[tuple[str, Callable[[], bytes]], ...] = ()  # (caption, PNG builder)
    lines: tuple[str, ...] = ()  # plain text: escape before rendering as Markdown
    name: str = ""  # file-name stem of downloads


def _practice_count(corpus: Corpus, rid: int) -> int:
    """Number of practices (facts.is_practice) found in a report."""
    a = corpus.analyses.get(rid)
    return count_practices(a.structure.measures) if a else 0


def _measure_specs(corpus: Corpus, rid: int) -> list[SlideSpec]:
    """The pages of one report's practices (at most MAX_MEASURE_PAGES)."""
    n = _practice_count(corpus, rid)
    pages = max(1, min(MAX_MEASURE_PAGES, -(-n // MEASURES_PER_SLIDE)))
    specs = []
    for p in range(pages):
        suffix = f"（{p + 1}/{pages}）" if pages > 1 else ""
        title = f"{corpus.label(rid)}：主要举措{suffix}"
        specs.append(SlideSpec("measures", title, report_id=int(rid), page=p, pages=pages))
    return specs


def _heatmap_specs(corpus: Corpus) -> list[SlideSpec]:
    """The heatmap over as many screens as its branches need (HEAT_ROWS each), at most
    MAX_HEAT_PAGES."""
    branches = len({corpus.label(i) for i in corpus.analyses})
    pages = max(1, min(MAX_HEAT_PAGES, table_pages(branches, HEAT_ROWS)))
    return [
        SlideSpec(
            "heatmap",
            VIEWS["heatmap"] + (f"（{p + 1}/{pages}）" if pages > 1 else ""),
            page=p,
            pages=pages,
        )
        for p in range(pages)
    ]


def _table_screens(c: Comparison | None, part: str) -> int:
    """How many screens a comparison part takes: 0 for nothing to show (no similar pairs),
    several for a table longer than one screen."""
    if c is None or part not in ("pairs", "only", "numbers"):
        return 1
    if part == "pairs":
        n = len(c.measures.pairs)
        return min(MAX_TABLE_PAGES, table_pages(n)) if n else 0
    if part == "only":
        n = max(len(c.measures.only_a), len(c.measures.only_b))
    else:
        n = len(c.numbers)
    return min(MAX_TABLE_PAGES, table_pages(n))


def _comparison_specs(
    a: str, b: str, compare: Callable[[str, str], Comparison | None] | None
) -> list[SlideSpec]:
    """The screens of one comparison; with `compare`, tables split over screens and an empty
    part (no similar pairs) left out."""
    c = compare(a, b) if compare else None
    specs = []
    for part, name in COMPARISON_PARTS.items():
        n = _table_screens(c, part)
        for p in range(n):
            suffix = f"（{p + 1}/{n}）" if n > 1 else ""
            title = f"{side_name(a)} 与 {side_name(b)}：{name}{suffix}"
            specs.append(SlideSpec("comparison", title, pair=(a, b), part=part, page=p, pages=n))
    return specs


def plan_slides(
    views: Sequence[str],
    corpus: Corpus,
    report_ids: Sequence[int] = (),
    pairs: Sequence[tuple[str, str]] = (),
    compare: Callable[[str, str], Comparison | None] | None = None,
) -> list[SlideSpec]:
    """The slides of the chosen views, in their order; a report's practices or a comparison
    expand to several slides (with `compare`, long tables to several screens and empty parts
    left out). Unknown views and reports no longer in the corpus are skipped."""
    specs: list[SlideSpec] = []
    for view in dict.fromkeys(views):
        if view == "measures":
            for rid in report_ids:
                if rid in corpus.analyses:
                    specs += _measure_specs(corpus, rid)
        elif view == "comparison":
            for a, b in pairs:
                specs += _comparison_specs(a, b, compare)
        elif view == "heatmap":
            specs += _heatmap_specs(corpus)
        elif view in VIEWS:
            specs.append(SlideSpec(view, VIEWS[view]))
    return specs


def clamp_index(index: object, n: int) -> int:
    """A valid slide index for a sequence of `n` slides (0 when empty or unreadable)."""
    try:
        i = int(index)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return max(0, min(i, n - 1)) if n > 0 else 0


@dataclass(frozen=True, eq=False)
class Sources:
    """Where slides get their data; the page passes cached versions of these callables."""

    corpus: Corpus
    theme_names: tuple[str, ...]
    theme_scores: Callable[[], pd.DataFrame]  # analysis.corpus.tables.SCORE_COLUMNS
    keywords: Callable[[], pd.DataFrame]  # analysis.text.keywords.KEYWORD_COLUMNS (term, count, …)
    formulations: Callable[[], pd.DataFrame]  # analysis.corpus.tables.FORMULATION_COLUMNS
    measures: Callable[[int], pd.DataFrame]  # a report's practices (MEASURE_COLUMNS)
    compare: Callable[[str, str], Comparison | None]  # side keys -> comparison (None: empty side)
    officialese: bool = True
    org_names: bool = False  # organization names kept in `keywords` (and so in the word cloud)


def default_sources(
    corpus: Corpus, texts: ResourceTexts, officialese: bool = True, org_names: bool = False
) -> Sources:
    """Sources computed directly (CLI, tests); each callable computes once. Organization names
    are left out of the keywords and the comparisons unless `org_names`."""
    from analysis.corpus import tables
    from analysis.corpus.compare.comparison import compare_sides
    from analysis.corpus.compare.sides import org_terms
    from analysis.text.keywords import keyword_table
    from analysis.text.lexicon import build_lexicon
    from analysis.text.theme_dictionary import parse_theme_dictionary

    d = parse_theme_dictionary(texts.themes)

    @lru_cache(maxsize=1)
    def scores() -> pd.DataFrame:
        return tables.theme_scores_frame(corpus, d)

    @lru_cache(maxsize=1)
    def keywords() -> pd.DataFrame:
        lex = build_lexicon(texts)
        an = corpus.analyses
        docs = {str(i): a.term_counts for i, a in an.items()}
        chars = {str(i): a.chars for i, a in an.items()}
        hidden = frozenset() if org_names else org_terms(corpus, list(an))
        return keyword_table(docs, chars, lex, officialese=officialese, n=200, exclude=hidden)

    def measures(rid: int) -> pd.DataFrame:
        return tables.measures_frame(corpus.subset([rid]), d)

    def compare(a: str, b: str) -> Comparison | None:
        ia, ib = side_ids(corpus.reports, a), side_ids(corpus.reports, b)
        if not ia or not ib:
            return None
        return compare_sides(
            corpus, ia, ib, texts, side_name(a), side_name(b), officialese, org_names=org_names
        )

    return Sources(
        corpus=corpus,
        theme_names=tuple(d.names),
        theme_scores=scores,
        keywords=keywords,
        formulations=lambda: tables.formulations_frame(corpus),
        measures=measures,
        compare=compare,
        officialese=officialese,
        org_names=org_names,
    )


def chosen(
    views: Sequence[object],
    reports: Sequence[object],
    side_a: object,
    sides_b: Sequence[object],
    corpus: Corpus,
) -> tuple[list[str], list[int], list[tuple[str, str]]]:
    """The user's choices still valid in `corpus`: known views, reports still there, and one
    (A, B) pair per chosen B side when both sides exist."""
    keep_views = [str(v) for v in views if v in VIEWS]
    keep_reports = [int(r) for r in reports if r in corpus.analyses]
    sides = side_options(corpus.reports)
    pairs = [(str(side_a), str(b)) for b in sides_b if side_a in sides and b in sides]
    return keep_views, keep_reports, pairs
