"""The content of a briefing (corpus overview, chosen reports, chosen comparisons) for every exporter.

`build_briefing` gathers once what the PowerPoint, Excel and HTML exporters show, as plain tables
with English keys; `briefing_tables` and `comparison_tables` give them Chinese headers
(analysis.output.labels) for the exporters. The exporters only lay the content out, so the three
files always agree.

"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.core.facts import REDACTED, normalize_year
from analysis.core.resources import ResourceTexts
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.explain import reading
from analysis.corpus.compare.formulation_contrast import (
    STATUS_A,
    STATUS_B,
    STATUS_BOTH,
    status_text,
)
from analysis.corpus.compare.measure_alignment import TIER_TEXT
from analysis.corpus.compare.sides import org_terms
from analysis.corpus.compare.summary import SIMILARITY_PARTS
from analysis.corpus.compare.word_contrast import Z_DISTINCTIVE
from analysis.corpus.kpis import Kpi, corpus_kpis
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import indicator_values
from analysis.corpus.tables import LABEL
from analysis.output.labels import label, labelled
from analysis.text.lexicon import Lexicon

Progress = Callable[[int, int], None]

DEFAULT_TITLE = "党建工作分析简报"
NO_VALUE = "—"  # a total with no known figure behind it
MAX_SECTIONS = 30  # chosen reports shown one by one at most (the Excel sheets hold every report)


@dataclass(frozen=True, eq=False)
class ReportSection:
    """What the briefing shows of one chosen report."""

    report_id: int
    name: str  # chart label (branch, else title)
    title: str
    meta: str  # one line: organization · year · kind · chars
    measures: pd.DataFrame  # tables.MEASURE_COLUMNS, practices only
    indicators: pd.DataFrame  # tables.INDICATOR_COLUMNS
    formulations: pd.DataFrame  # formulation, count, numbered
    themes: pd.DataFrame  # theme, score, hits (dictionary order)
    keywords: pd.DataFrame  # keywords.KEYWORD_COLUMNS, top terms


@dataclass(frozen=True, eq=False)
class Briefing:
    """Everything a briefing export shows; tables carry English keys (labels at the edge)."""

    title: str
    subtitle: str
    kpis: tuple[Kpi, ...]
    reports: pd.DataFrame  # tables.REPORT_COLUMNS
    theme_scores: pd.DataFrame  # tables.SCORE_COLUMNS (long)
    theme_matrix: pd.DataFrame  # branch x theme, hits per 10k chars
    evidence: pd.DataFrame  # tables.EVIDENCE_COLUMNS
    keywords: pd.DataFrame  # keywords.KEYWORD_COLUMNS
    keyword_freqs: dict[str, int]  # for the word cloud
    formulations: pd.DataFrame  # tables.FORMULATION_COLUMNS
    measures: pd.DataFrame  # tables.MEASURE_COLUMNS, every item kind
    indicators: pd.DataFrame  # tables.INDICATOR_COLUMNS
    sections: tuple[ReportSection, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    officialese: bool = True
    notes: tuple[str, ...] = field(default=())
    org_names: bool = False  # organization names kept in keyword lists and the word cloud
    unnamed: dict[str, str] = field(default_factory=dict)  # label -> name (see unnamed_names)


def unnamed_names(corpus: Corpus) -> dict[str, str]:
    """Label -> 「未署名报告（文件名）」 for each report with no branch name (its label is a title or
    `报告N`): how a document names it, once, instead of a bare title or file name."""
    r = corpus.reports
    files = r["filename"] if "filename" in r.columns else pd.Series("", index=r.index)
    out: dict[str, str] = {}
    for rid, branch, file in zip(r.index, r["branch"], files, strict=True):
        if pd.isna(branch) or not str(branch).strip():
            label = corpus.labels[int(rid)]
            stem = str(file).rsplit(".", 1)[0] if isinstance(file, str) and file.strip() else ""
            out.setdefault(label, f"未署名报告（{stem or label}）")
    return out


def _tick(progress: Progress | None, done: int, total: int) -> None:
    """Report progress if a callback was given."""
    if progress is not None:
        progress(done, total)


def _keyword_frame(
    corpus: Corpus,
    lex: Lexicon,
    officialese: bool,
    ids: Sequence[int],
    n: int,
    exclude: Collection[str] = frozenset(),
) -> pd.DataFrame:
    """Top keywords of some reports (idf from the whole corpus); the terms of `exclude`
    (organization names) left out."""
    from analysis.text.keywords import keyword_table

    an = corpus.analyses
    docs = {i: an[i].term_counts for i in ids if i in an}
    chars = {i: an[i].chars for i in ids if i in an}
    idf = {i: a.term_counts for i, a in an.items()}
    return keyword_table(
        docs, chars, lex, officialese=officialese, idf_docs=idf, n=n, exclude=exclude
    )


def _section(
    corpus: Corpus,
    rid: int,
    b_measures: pd.DataFrame,
    b_indicators: pd.DataFrame,
    scores: pd.DataFrame,
    lex: Lexicon,
    officialese: bool,
    org_names: bool = False,
) -> ReportSection:
    """The briefing part of one report, cut from the corpus tables."""
    from analysis.corpus.tables import ID, practice_rows

    row = corpus.reports.loc[rid]
    a = corpus.analyses[rid]
    year = normalize_year(row.get("year"))
    bits = [
        str(row.get("organization") or ""),
        f"{year}年" if year else "",
        str(row.get("kind") or ""),
        f"{a.chars}字",
    ]
    forms = pd.DataFrame(
        [(f.term, f.count, f.numbered) for f in a.formulations],
        columns=["formulation", "count", "numbered"],
    )
    mine = scores[scores[ID] == rid][["theme", "score", "hits"]].reset_index(drop=True)
    measures = practice_rows(b_measures[b_measures[ID] == rid])
    return ReportSection(
        report_id=int(rid),
        name=corpus.label(rid),
        title=str(row.get("title") or a.title or ""),
        meta=" · ".join(b for b in bits if b),
        measures=measures.reset_index(drop=True),
        indicators=b_indicators[b_indicators[ID] == rid].reset_index(drop=True),
        formulations=forms,
        themes=mine,
        keywords=_keyword_frame(
            corpus, lex, officialese, [rid], 15, () if org_names else org_terms(corpus, [rid])
        ),
    )


def build_briefing(
    corpus: Corpus,
    texts: ResourceTexts,
    report_ids: Sequence[int] = (),
    comparisons: Sequence[Comparison] = (),
    officialese: bool = True,
    title: str = DEFAULT_TITLE,
    n_keywords: int = 40,
    progress: Progress | None = None,
    org_names: bool = False,
) -> Briefing:
    """Assemble a briefing of `corpus` (a Corpus) with resources `texts` (a ResourceTexts).

    `report_ids` are the reports shown one by one (at most MAX_SECTIONS); `comparisons` are
    computed `Comparison`s to include. `progress(done, total)` is called after each step.
    Organization names are left out of keyword lists and the word cloud unless `org_names`.
    """
    from analysis.corpus.tables import (
        branch_theme_matrix,
        evidence_frame,
        formulations_frame,
        indicators_frame,
        measures_frame,
        reports_frame,
        theme_results,
        theme_scores_frame,
    )
    from analysis.text.lexicon import build_lexicon
    from analysis.text.theme_dictionary import parse_theme_dictionary

    chosen = [int(i) for i in report_ids if i in corpus.analyses]
    notes = []
    if len(chosen) > MAX_SECTIONS:
        notes.append(
            f"逐份展示前 {MAX_SECTIONS} 份报告（共选择 {len(chosen)} 份），完整数据见 Excel。"
        )
        chosen = chosen[:MAX_SECTIONS]
    total = 6 + len(chosen)
    d = parse_theme_dictionary(texts.themes)
    lex = build_lexicon(texts)
    results = theme_results(corpus, d)
    _tick(progress, 1, total)
    scores = theme_scores_frame(corpus, d, results)
    matrix = branch_theme_matrix(scores, d.names)
    evidence = evidence_frame(corpus, d, results)
    _tick(progress, 2, total)
    measures = measures_frame(corpus, d, kinds=None)
    indicators = indicators_frame(corpus)
    forms = formulations_frame(corpus)
    _tick(progress, 3, total)
    every = list(corpus.analyses)
    hidden = frozenset() if org_names else org_terms(corpus, every)
    keywords = _keyword_frame(corpus, lex, officialese, every, n_keywords, hidden)
    cloud = _keyword_frame(corpus, lex, officialese, every, 150, hidden)
    freqs = dict(zip(cloud["term"], cloud["count"], strict=True))
    _tick(progress, 4, total)
    reports = reports_frame(corpus)
    kpis = corpus_kpis(corpus).items()
    _tick(progress, 5, total)
    sections = []
    for k, rid in enumerate(chosen):
        sections.append(
            _section(corpus, rid, measures, indicators, scores, lex, officialese, org_names)
        )
        _tick(progress, 6 + k, total)
    today = _dt.date.today().isoformat()
    _tick(progress, total, total)
    return Briefing(
        title=title or DEFAULT_TITLE,
        subtitle=f"共 {len(corpus.reports)} 份报告 · 生成于 {today}",
        kpis=kpis,
        reports=reports,
        theme_scores=scores,
        theme_matrix=matrix,
        evidence=evidence,
        keywords=keywords,
        keyword_freqs=freqs,
        formulations=forms,
        measures=measures,
        indicators=indicators,
        sections=tuple(sections),
        comparisons=tuple(comparisons),
        officialese=officialese,
        notes=tuple(notes),
        org_names=org_names,
        unnamed=unnamed_names(corpus),
    )


# ---------------------------------------------------------------------------------------------
# One comparison as tables with Chinese headers
# ---------------------------------------------------------------------------------------------


def similarity_table(c: Comparison) -> pd.DataFrame:
    """总体 plus each part of the similarity, as rows 指标 / 相似度."""
    rows = [("总体相似度", c.similarity)]
    rows += [(f"{SIMILARITY_PARTS[k]}相似度", v) for k, v in c.similarity_parts.items()]
    return pd.DataFrame(rows, columns=["指标", "相似度"])


def number_rows(c: Comparison) -> pd.DataFrame:
    """The comparison's numbers (English keys, no category code); a total reads 已脱敏 when every
    figure is redacted, — when there is none, never 0."""
    numbers = c.numbers.drop(columns=["category"]).astype({"sum_a": object, "sum_b": object})
    for side in ("a", "b"):
        numbers[f"sum_{side}"] = [
            v if not pd.isna(v) else (REDACTED if hidden else NO_VALUE)
            for v, hidden in zip(numbers[f"sum_{side}"], numbers[f"redacted_{side}"], strict=True)
        ]
    return numbers


def indicator_rows(c: Comparison) -> pd.DataFrame:
    """Every indicator of the comparison (English keys, no category code), its side named and a
    redacted value reading 已脱敏, never a blank a reader could take for 0."""
    return c.indicators.drop(columns=["category"]).assign(
        side=c.indicators["side"].map({"A": c.label_a, "B": c.label_b}),
        value=[
            REDACTED if red else v
            for v, red in zip(c.indicators["value"], c.indicators["redacted"], strict=True)
        ],
    )


def comparison_tables(c: Comparison) -> dict[str, pd.DataFrame]:
    """Every table of a comparison with Chinese headers (labels.COMPARISON_LABELS, the sides'
    names filled in), keyed by a short Chinese name."""
    a, b = c.label_a, c.label_b
    sides = {"A": a, "B": b}
    words = c.words.round({"delta": 3, "z": 3}).assign(
        leaning=[
            a if z > Z_DISTINCTIVE else (b if z < -Z_DISTINCTIVE else "") for z in c.words["z"]
        ]
    )
    evidence = c.themes.evidence.assign(side=c.themes.evidence["side"].map(sides))
    m = c.measures
    numbers, details = number_rows(c), indicator_rows(c)
    forms = c.formulations.assign(status=[status_text(s, a, b) for s in c.formulations["status"]])
    summary = pd.DataFrame(
        {
            "要点": [
                f"A：{a}（{len(c.reports_a)} 份报告：{'、'.join(c.reports_a)}）",
                f"B：{b}（{len(c.reports_b)} 份报告：{'、'.join(c.reports_b)}）",
                *c.summary,
            ]
        }
    )
    shown = {
        "区分词": (words, "words"),
        "词频对照": (c.scatter.drop(columns=["z", "side"]), "scatter"),
        "主题得分": (c.themes.table, "themes"),
        "主题证据": (evidence, "theme_evidence"),
        "相近举措": (m.pairs.assign(tier=m.pairs["tier"].map(TIER_TEXT)), "pairs"),
        "仅A举措": (m.only_a, "only"),
        "仅B举措": (m.only_b, "only"),
        "数字指标对比": (numbers, "numbers"),
        "数字指标明细": (details, "indicator_details"),
        "提法": (forms, "formulations"),
    }
    return {
        "总结": summary,
        "相似度": similarity_table(c),
        **{name: labelled(frame, table, a, b) for name, (frame, table) in shown.items()},
    }


# What each comparison table's numbers mean, one plain sentence per table (explain.READING).
TABLE_NOTES = {
    "相似度": reading("similarity"),
    "区分词": reading("z"),
    "词频对照": reading("per10k"),
    "主题得分": reading("theme_score"),
    "相近举措": reading("pairs"),
    "数字指标对比": reading("numbers"),
}


def formulation_columns(c: Comparison) -> dict[str, list[str]]:
    """Formulations grouped by who uses them: {双方共有: […], 仅A: […], 仅B: […]} (display order)."""
    f = c.formulations
    return {
        status_text(code, c.label_a, c.label_b): f.loc[f["status"] == code, "term"].tolist()
        for code in (STATUS_BOTH, STATUS_A, STATUS_B)
    }


def briefing_tables(b: Briefing) -> dict[str, pd.DataFrame]:
    """Every table of a briefing, keyed by sheet name (Chinese), comparisons included."""
    kpis = pd.DataFrame(
        [(k.label, k.value, k.note) for k in b.kpis], columns=["kpi", "value", "note"]
    )
    matrix = b.theme_matrix.reset_index()  # the branches, then one column per theme (data)
    matrix = matrix.rename(columns={matrix.columns[0]: label(LABEL)})
    indicators = b.indicators.assign(value=indicator_values(b.indicators))
    out = {
        "概览": labelled(kpis),
        "报告列表": labelled(b.reports),
        "举措": labelled(b.measures, "items"),
        "指标": labelled(indicators, "indicators"),
        "提法": labelled(b.formulations),
        "关键词": labelled(b.keywords, "keywords"),
        "主题得分": labelled(b.theme_scores),
        "主题矩阵": matrix,
        "主题证据": labelled(b.evidence),
    }
    for k, c in enumerate(b.comparisons, start=1):
        for name, df in comparison_tables(c).items():
            out[f"对比{k}-{name}"] = df
    return out
