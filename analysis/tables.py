"""Corpus tables with Chinese column names, shared by the exploration pages and the exports.

Pure builders: a Corpus (and the theme dictionary where themes matter) in, a DataFrame out. Every
table carries the report id (`编号`) and, where it points into the text, the offset (`位置`), so a
page can jump from a row to its report and its place in the text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis.corpus import Corpus
from analysis.models import CATEGORY_LABELS, Measure, OutlineNode, ThemeScores
from analysis.themes import ThemeDictionary, score_themes, tag_measures

# Column names used across tables (pages look rows up by these).
ID, LABEL, POS = "编号", "支部", "位置"

# Chinese names of the kinds of outline items (analysis.models.ITEM_KINDS).
ITEM_KIND_LABELS = {
    "measure": "举措",
    "effect": "成效",
    "problem": "问题",
    "plan": "打算",
    "background": "背景",
    "other": "其他",
}
# Chinese names of section kinds (analysis.models.SECTION_KINDS).
SECTION_KIND_LABELS = {
    "background": "背景情况",
    "practice": "主要做法",
    "result": "工作成效",
    "problem": "存在问题",
    "plan": "下一步打算",
    "other": "其他",
}

REPORT_COLUMNS = [ID, LABEL, "单位", "年份", "类型", "标题", "字数", "举措数", "指标数", "加入时间"]
MEASURE_COLUMNS = [ID, LABEL, "举措", "类型", "层级", "所在章节", "主题", "全文", POS, "结束"]
INDICATOR_COLUMNS = [ID, LABEL, "对象", "数值", "单位", "约数", "脱敏", "类别", "原文", "句子", POS]
FORMULATION_COLUMNS = ["提法", "次数", "编号式", "报告数", "使用支部"]
SCORE_COLUMNS = [ID, LABEL, "年份", "主题", "得分", "命中次数", "字数"]
EVIDENCE_COLUMNS = [ID, LABEL, "主题", "命中词", "证据句", POS]
OUTLINE_COLUMNS = ["大纲", "层级", "序号", "标题", "类型", POS, "结束"]


def _year(value: object) -> int | None:
    """A year cell as int, or None when missing."""
    return None if value is None or pd.isna(value) else int(value)


def _labels(corpus: Corpus) -> dict[int, str]:
    """Report id -> chart label, computed once per table (Corpus.label does a row lookup)."""
    return {int(rid): corpus.label(rid) for rid in corpus.reports.index}


def reports_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per report: id, branch, organization, year, kind, title, length, counts, date added."""
    rows = []
    for rid, r in corpus.reports.iterrows():
        a = corpus.analyses.get(rid)
        measures = sum(m.kind == "measure" for m in a.structure.measures) if a else 0
        rows.append(
            (
                int(rid),
                r["branch"],
                r["organization"],
                _year(r["year"]),
                r["kind"],
                r["title"] or (a.title if a else ""),
                int(r["chars"]),
                measures,
                len(a.indicators) if a else 0,
                r["added_at"],
            )
        )
    df = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    df["年份"] = df["年份"].astype("Int64")
    return df


@dataclass
class ThemeMemo:
    """Theme results per report content hash, for one theme dictionary.

    Kept by the caller across store revisions, so an upload or a metadata edit recomputes the
    themes of the new report only, not of the whole corpus.
    """

    scores: dict[str, ThemeScores] = field(default_factory=dict)
    tagged: dict[str, tuple[Measure, ...]] = field(default_factory=dict)


def _sha(corpus: Corpus, rid: int) -> str | None:
    """The content hash of a report, when the corpus carries it (the memo key)."""
    if "sha256" not in corpus.reports.columns:
        return None
    return str(corpus.reports.at[rid, "sha256"])


def _tagged(corpus: Corpus, rid: int, d: ThemeDictionary, memo: ThemeMemo | None):
    """Every outline item of a report, tagged with its themes (memoized by content hash)."""
    sha = _sha(corpus, rid) if memo is not None else None
    if sha is not None and sha in memo.tagged:
        return memo.tagged[sha]
    items = tag_measures(corpus.analyses[rid].structure.measures, d)
    if sha is not None:
        memo.tagged[sha] = items
    return items


def measures_frame(
    corpus: Corpus,
    theme_dict: ThemeDictionary,
    kinds: Iterable[str] | None = ("measure",),
    memo: ThemeMemo | None = None,
) -> pd.DataFrame:
    """Measures of every report with their primary themes; `kinds=None` keeps every item kind."""
    wanted = None if kinds is None else set(kinds)
    labels = _labels(corpus)
    rows = []
    for rid in corpus.analyses:
        tagged = _tagged(corpus, rid, theme_dict, memo)
        for m in (m for m in tagged if wanted is None or m.kind in wanted):
            rows.append(
                (
                    int(rid),
                    labels[int(rid)],
                    m.title,
                    ITEM_KIND_LABELS.get(m.kind, m.kind),
                    m.level,
                    " › ".join(m.section),
                    "、".join(m.themes),
                    m.text,
                    m.start,
                    m.end,
                )
            )
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def indicators_frame(corpus: Corpus) -> pd.DataFrame:
    """Every indicator of every report: subject, value (empty when redacted), unit, category."""
    labels = _labels(corpus)
    rows = []
    for rid, a in corpus.analyses.items():
        for i in a.indicators:
            rows.append(
                (
                    int(rid),
                    labels[int(rid)],
                    i.subject,
                    i.value,
                    i.unit,
                    i.approx,
                    i.redacted,
                    CATEGORY_LABELS.get(i.category, i.category),
                    i.raw,
                    i.sentence,
                    i.start,
                )
            )
    df = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    df["数值"] = df["数值"].astype("Float64")
    return df


def formulations_frame(corpus: Corpus) -> pd.DataFrame:
    """Formulations over the corpus: total count, numbered or not, how many reports, which branches."""
    counts: Counter[str] = Counter()
    numbered: dict[str, bool] = {}
    users: dict[str, list[str]] = defaultdict(list)
    reports: Counter[str] = Counter()
    labels = _labels(corpus)
    for rid, a in corpus.analyses.items():
        label = labels[int(rid)]
        for f in a.formulations:
            counts[f.term] += f.count
            numbered[f.term] = numbered.get(f.term, False) or f.numbered
            reports[f.term] += 1
            if label not in users[f.term]:
                users[f.term].append(label)
    rows = [
        (term, n, numbered[term], reports[term], "、".join(users[term]))
        for term, n in counts.items()
    ]
    rows.sort(key=lambda r: (-r[3], -r[1], r[0]))
    return pd.DataFrame(rows, columns=FORMULATION_COLUMNS)


def theme_results(
    corpus: Corpus, theme_dict: ThemeDictionary, memo: ThemeMemo | None = None
) -> dict[int, ThemeScores]:
    """Theme scores with evidence of every report (the input of the two theme frames)."""
    out: dict[int, ThemeScores] = {}
    for rid, a in corpus.analyses.items():
        sha = _sha(corpus, rid) if memo is not None else None
        res = memo.scores.get(sha) if sha is not None else None
        if res is None:
            res = score_themes(a.cleaned.text, theme_dict, a.chars)
            if sha is not None:
                memo.scores[sha] = res
        out[int(rid)] = res
    return out


def theme_scores_frame(
    corpus: Corpus,
    theme_dict: ThemeDictionary,
    results: Mapping[int, ThemeScores] | None = None,
) -> pd.DataFrame:
    """Long table: one row per report and theme with its score (hits per 10k chars) and hits."""
    results = theme_results(corpus, theme_dict) if results is None else results
    labels = _labels(corpus)
    rows = []
    for rid, res in results.items():
        if rid not in corpus.analyses:
            continue
        year = _year(corpus.reports.loc[rid, "year"])
        chars = corpus.analyses[rid].chars
        for theme in theme_dict.names:
            rows.append(
                (
                    rid,
                    labels[int(rid)],
                    year,
                    theme,
                    res.scores.get(theme, 0.0),
                    res.counts.get(theme, 0),
                    chars,
                )
            )
    df = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    df["年份"] = df["年份"].astype("Int64")
    return df


def evidence_frame(
    corpus: Corpus,
    theme_dict: ThemeDictionary,
    results: Mapping[int, ThemeScores] | None = None,
) -> pd.DataFrame:
    """Every theme hit: report, theme, matched term, evidence sentence, offset in the text."""
    results = theme_results(corpus, theme_dict) if results is None else results
    labels = _labels(corpus)
    rows = [
        (rid, labels[rid], h.theme, h.term, h.sentence, h.start)
        for rid, res in results.items()
        if rid in corpus.analyses
        for h in res.hits
    ]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def branch_theme_matrix(scores: pd.DataFrame, themes: Iterable[str] | None = None) -> pd.DataFrame:
    """Branches x themes: hits per 10k characters over all of a branch's reports (for a heatmap)."""
    if scores.empty:
        return pd.DataFrame(columns=list(themes or []), dtype=float)
    # Characters count once per report, not once per (report, theme) row.
    chars = scores.drop_duplicates(ID).groupby(LABEL)["字数"].sum()
    hits = scores.pivot_table(index=LABEL, columns="主题", values="命中次数", aggfunc="sum")
    matrix = (hits.mul(10000).div(chars.where(chars > 0), axis=0)).fillna(0.0).round(2)
    if themes is not None:
        matrix = matrix.reindex(columns=list(themes), fill_value=0.0)
    matrix.columns.name = None
    return matrix


def _walk(nodes: Iterable[OutlineNode], depth: int) -> Iterable[tuple[int, OutlineNode]]:
    """(depth, node) in reading order."""
    for n in nodes:
        yield depth, n
        yield from _walk(n.children, depth + 1)


def outline_rows(outline: Iterable[OutlineNode]) -> pd.DataFrame:
    """The outline flattened in reading order; `大纲` is the title indented by depth (a text tree)."""
    rows = [
        (
            "\u3000\u3000" * depth + (n.marker + " " if n.marker else "") + n.title,
            n.level,
            n.marker,
            n.title,
            SECTION_KIND_LABELS.get(n.kind, n.kind),
            n.start,
            n.end,
        )
        for depth, n in _walk(outline, 0)
    ]
    return pd.DataFrame(rows, columns=OUTLINE_COLUMNS)
