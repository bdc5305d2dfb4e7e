"""Corpus tables with English column keys, shared by the exploration pages and the exports.

Pure builders: a Corpus (and the theme dictionary where themes matter) in, a DataFrame out. Every
table carries the report id (`id`) and, where it points into the text, the offset (`pos`), so a
page can jump from a row to its report and its place in the text. The Chinese headers a user sees
come from analysis.output.labels at the edge.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter

import numpy as np
import pandas as pd

from analysis.core.facts import (
    PRACTICE_KIND,
    count_practices,
    normalize_year,
    per10k,
    per10k_frame,
)
from analysis.core.models import CATEGORY_LABELS, Measure, OutlineNode, ThemeScores
from analysis.corpus.loading import Corpus
from analysis.text.theme_dictionary import ThemeDictionary
from analysis.text.theme_results import ReportThemes
from analysis.text.theme_scoring import evidence_sentence, score_themes, tag_measures

# Column names used across tables (pages look rows up by these).
ID, LABEL, POS = "id", "branch", "pos"

# Chinese names of the kinds of outline items (analysis.core.models.ITEM_KINDS).
ITEM_KIND_LABELS = {
    "measure": "举措",
    "effect": "成效",
    "problem": "问题",
    "plan": "打算",
    "background": "背景",
    "other": "其他",
}
PRACTICE_LABEL = ITEM_KIND_LABELS[PRACTICE_KIND]  # 举措: the item_kind of a practice row


# Chinese names of section kinds (analysis.core.models.SECTION_KINDS).
SECTION_KIND_LABELS = {
    "background": "背景情况",
    "practice": "主要做法",
    "result": "工作成效",
    "problem": "存在问题",
    "plan": "下一步打算",
    "other": "其他",
}

# (labels table: reports -> None, measures -> "items", indicators -> "indicators", outline ->
# "outline"; the others use the shared vocabulary.)
REPORT_COLUMNS = [
    ID, LABEL, "org", "year", "report_kind", "title", "chars", "practice_count",
    "indicator_count", "added_at",
]  # fmt: skip
MEASURE_COLUMNS = [ID, LABEL, "item", "item_kind", "level", "section", "themes", "text", POS, "end"]
INDICATOR_COLUMNS = [
    ID, LABEL, "subject", "value", "unit", "approx", "redacted", "category", "raw", "sentence", POS,
]  # fmt: skip
FORMULATION_COLUMNS = ["formulation", "count", "numbered", "report_count", "branches_using"]
SCORE_COLUMNS = [ID, LABEL, "year", "theme", "score", "hits", "chars"]
EVIDENCE_COLUMNS = [ID, LABEL, "theme", "term", "evidence", POS]
# Where an evidence sentence starts and ends in the text (the sentence is cut only when shown).
SENTENCE_START, SENTENCE_END = "sentence_start", "sentence_end"
EVIDENCE_SPAN_COLUMNS = [ID, LABEL, "theme", "term", POS, SENTENCE_START, SENTENCE_END]
OUTLINE_COLUMNS = ["outline", "level", "marker", "title", "section_kind", POS, "end"]


def practice_rows(measures: pd.DataFrame) -> pd.DataFrame:
    """The practices (item_kind 举措) among the rows of a `measures_frame`."""
    return measures[measures["item_kind"] == PRACTICE_LABEL]


def reports_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per report: id, branch, organization, year, kind, title, length, counts, date added."""
    r = corpus.reports
    found = [corpus.analyses.get(rid) for rid in r.index]
    return pd.DataFrame(
        {
            ID: [int(rid) for rid in r.index],
            LABEL: list(r["branch"]),
            "org": list(r["organization"]),
            "year": pd.array([normalize_year(y) for y in r["year"]], dtype="Int64"),
            "report_kind": list(r["kind"]),
            "title": [t or (a.title if a else "") for t, a in zip(r["title"], found, strict=True)],
            "chars": [a.chars if a else 0 for a in found],
            "practice_count": [count_practices(a.structure.measures) if a else 0 for a in found],
            "indicator_count": [len(a.indicators) if a else 0 for a in found],
            "added_at": list(r["added_at"]),
        },
        columns=REPORT_COLUMNS,
    )


def _shared_text(values: Sequence[str] | np.ndarray) -> pd.Series:
    """A text column holding the corpus's own string objects (object dtype): pandas' Arrow
    strings would copy every measure text (hundreds of MB at 10,000 reports)."""
    return pd.Series(values, dtype=object)


def _joined(parts: list[tuple[str, ...]], sep: str) -> list[str]:
    """`sep.join(p)` of each tuple, one string per distinct tuple (sections and themes repeat)."""
    joined = {p: sep.join(p) for p in set(parts)}
    return list(map(joined.__getitem__, parts))


def measures_frame(
    corpus: Corpus,
    theme_dict: ThemeDictionary,
    kinds: Iterable[str] | None = (PRACTICE_KIND,),
    results: Mapping[int, ReportThemes] | None = None,
) -> pd.DataFrame:
    """Measures of every report with their primary themes; `kinds=None` keeps every item kind.

    Themes come from `results` (see `corpus.load_themes`) when given, else are tagged here.
    Columns are gathered with C-level `map`s (150,000 items at 10,000 reports).
    """
    wanted = None if kinds is None else set(kinds)
    labels = corpus.labels
    ids: list[int] = []
    names: list[str] = []
    items: list[Measure] = []
    tagged: list[tuple[str, ...]] = []
    for rid, a in corpus.analyses.items():
        found = a.structure.measures
        res = results.get(int(rid)) if results is not None else None
        themes = res.item_themes if res is not None else _item_themes(found, theme_dict)
        if wanted is not None:
            kept = [(m, t) for m, t in zip(found, themes, strict=True) if m.kind in wanted]
            found, themes = tuple(m for m, _ in kept), tuple(t for _, t in kept)
        ids += [int(rid)] * len(found)
        names += [labels[int(rid)]] * len(found)
        items += found
        tagged += themes
    kinds_ = list(map(attrgetter("kind"), items))
    columns = (
        ids,
        _shared_text(names),
        _shared_text(list(map(attrgetter("title"), items))),
        _shared_text(list(map(ITEM_KIND_LABELS.get, kinds_, kinds_))),
        list(map(attrgetter("level"), items)),
        _shared_text(_joined(list(map(attrgetter("section"), items)), " › ")),
        _shared_text(_joined(tagged, "、")),
        _shared_text(list(map(attrgetter("text"), items))),
        list(map(attrgetter("start"), items)),
        list(map(attrgetter("end"), items)),
    )
    return pd.DataFrame(dict(zip(MEASURE_COLUMNS, columns, strict=True)), columns=MEASURE_COLUMNS)


def _item_themes(items: tuple[Measure, ...], d: ThemeDictionary) -> list[tuple[str, ...]]:
    """Primary themes of each outline item (tagged now: no precomputed results)."""
    return [m.themes for m in tag_measures(items, d)]


def indicators_frame(corpus: Corpus) -> pd.DataFrame:
    """Every indicator of every report: subject, value (empty when redacted), unit, category."""
    labels = corpus.labels
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
    df["value"] = df["value"].astype("Float64")
    return df


def formulations_frame(corpus: Corpus) -> pd.DataFrame:
    """Formulations over the corpus: total count, numbered or not, how many reports, which branches."""
    counts: Counter[str] = Counter()
    numbered: dict[str, bool] = {}
    users: dict[str, dict[str, None]] = defaultdict(dict)  # an ordered set of branch labels
    reports: Counter[str] = Counter()
    labels = corpus.labels
    for rid, a in corpus.analyses.items():
        label = labels[int(rid)]
        for f in a.formulations:
            counts[f.term] += f.count
            numbered[f.term] = numbered.get(f.term, False) or f.numbered
            reports[f.term] += 1
            users[f.term][label] = None
    rows = [
        (term, n, numbered[term], reports[term], "、".join(users[term]))
        for term, n in counts.items()
    ]
    rows.sort(key=lambda r: (-r[3], -r[1], r[0]))
    return pd.DataFrame(rows, columns=FORMULATION_COLUMNS)


def theme_results(corpus: Corpus, theme_dict: ThemeDictionary) -> dict[int, ThemeScores]:
    """Theme scores with evidence sentences of every report (for exports and briefings)."""
    return {
        int(rid): score_themes(a.cleaned.text, theme_dict, a.chars)
        for rid, a in corpus.analyses.items()
    }


def _counts(res: ThemeScores | ReportThemes, names: tuple[str, ...]) -> Iterable[int]:
    """Hits per theme in dictionary order, from either kind of result."""
    if isinstance(res, ReportThemes):
        return res.counts
    return [res.counts.get(n, 0) for n in names]


def theme_scores_frame(
    corpus: Corpus,
    theme_dict: ThemeDictionary,
    results: Mapping[int, ThemeScores | ReportThemes] | None = None,
) -> pd.DataFrame:
    """Long table: one row per report and theme with its score (hits per 10k chars) and hits."""
    results = theme_results(corpus, theme_dict) if results is None else results
    labels = corpus.labels
    years = dict(zip(corpus.reports.index, corpus.reports["year"], strict=True))
    names = theme_dict.names
    kept = [(int(rid), res) for rid, res in results.items() if rid in corpus.analyses]
    chars = [corpus.analyses[rid].chars for rid, _ in kept]
    hits = [n for _, res in kept for n in _counts(res, names)]
    size = len(names)
    df = pd.DataFrame(
        {
            ID: np.repeat(np.array([rid for rid, _ in kept], dtype=np.int64), size),
            LABEL: np.repeat(np.array([labels[rid] for rid, _ in kept], dtype=object), size),
            "year": np.repeat(
                pd.array([normalize_year(years[rid]) for rid, _ in kept], "Int64"), size
            ),
            "theme": np.tile(np.array(names, dtype=object), len(kept)),
            "score": list(map(per10k, hits, np.repeat(chars, size).tolist())),
            "hits": np.array(hits, dtype=np.int64),
            "chars": np.repeat(np.array(chars, dtype=np.int64), size),
        },
        columns=SCORE_COLUMNS,
    )
    df["year"] = df["year"].astype("Int64")
    return df


def evidence_frame(
    corpus: Corpus,
    theme_dict: ThemeDictionary,
    results: Mapping[int, ThemeScores] | None = None,
) -> pd.DataFrame:
    """Every theme hit: report, theme, matched term, evidence sentence, offset in the text."""
    results = theme_results(corpus, theme_dict) if results is None else results
    labels = corpus.labels
    rows = [
        (rid, labels[rid], h.theme, h.term, h.sentence, h.start)
        for rid, res in results.items()
        if rid in corpus.analyses
        for h in res.hits
    ]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def evidence_spans_frame(
    corpus: Corpus, theme_dict: ThemeDictionary, results: Mapping[int, ReportThemes]
) -> pd.DataFrame:
    """Every theme hit as offsets, without its sentence (`with_sentences` adds it to shown rows).

    Columns EVIDENCE_SPAN_COLUMNS: a fraction of the memory of `evidence_frame` on a large corpus.
    """
    labels = corpus.labels
    kept = [(rid, res) for rid, res in results.items() if rid in corpus.analyses]
    sizes = [len(res.terms) for _, res in kept]
    flat = [np.frombuffer(res.spans, dtype=np.int32) for _, res in kept]
    spans = (np.concatenate(flat) if flat else np.zeros(0, np.int32)).reshape(-1, 4)
    names = np.array([*theme_dict.names, ""], dtype=object)
    return pd.DataFrame(
        {
            ID: np.repeat(np.array([rid for rid, _ in kept], dtype=np.int64), sizes),
            LABEL: _shared_text(np.repeat(np.array([labels[r] for r, _ in kept], object), sizes)),
            "theme": _shared_text(names[spans[:, 0]]),
            "term": _shared_text([t for _, res in kept for t in res.terms]),
            POS: spans[:, 1].astype(np.int64),
            SENTENCE_START: spans[:, 2],
            SENTENCE_END: spans[:, 3],
        },
        columns=EVIDENCE_SPAN_COLUMNS,
    )


def with_sentences(spans: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Rows of `evidence_spans_frame` with their evidence sentences cut from the report texts.

    The table of `evidence_frame` (same columns and types); meant for the rows shown.
    """
    analyses = corpus.analyses
    sentences = [
        evidence_sentence(analyses[rid].cleaned.text, lo, hi, at)
        for rid, at, lo, hi in zip(
            spans[ID], spans[POS], spans[SENTENCE_START], spans[SENTENCE_END], strict=True
        )
    ]
    columns = {c: spans[c].tolist() for c in EVIDENCE_COLUMNS if c != "evidence"}
    return pd.DataFrame({**columns, "evidence": sentences}, columns=EVIDENCE_COLUMNS)


class ThemeFrames(Mapping[str, pd.DataFrame]):
    """The theme tables of a corpus ("scores", "evidence" as offsets, "measures" of every kind),
    each built on first use from per-report results; `select` narrows them to some reports."""

    NAMES = ("scores", "evidence", "measures")

    def __init__(
        self,
        corpus: Corpus,
        theme_dict: ThemeDictionary,
        results: Mapping[int, ReportThemes],
        parent: ThemeFrames | None = None,
    ) -> None:
        self.corpus, self.theme_dict, self.results = corpus, theme_dict, results
        self._parent = parent
        self._built: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.NAMES:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.NAMES)

    def __len__(self) -> int:
        return len(self.NAMES)

    def _build(self, name: str) -> pd.DataFrame:
        parent = self._parent
        if parent is not None and name in parent._built:  # filtering beats building again
            df = parent[name]
            return df[df[ID].isin(self.corpus.analyses.keys())]
        c, d, results = self.corpus, self.theme_dict, self.results
        if name == "scores":
            return theme_scores_frame(c, d, results)
        if name == "evidence":
            return evidence_spans_frame(c, d, results)
        return measures_frame(c, d, kinds=None, results=results)

    def branch_matrix(self) -> pd.DataFrame:
        """`branch_theme_matrix` over every theme, summed from the per-report hit counts (equal
        to the one of the "scores" table, without building it)."""
        if "matrix" not in self._built:
            c, names = self.corpus, self.theme_dict.names
            rids = [rid for rid in c.analyses if rid in self.results]
            labels = pd.Index([c.labels[rid] for rid in rids], name=LABEL)
            hits = pd.DataFrame(
                np.array([self.results[rid].counts for rid in rids], dtype=np.int64).reshape(
                    len(rids), len(names)
                ),
                index=labels,
                columns=list(names),
            )
            chars = pd.Series([c.analyses[rid].chars for rid in rids], index=labels)
            self._built["matrix"] = (
                by_total(_rates(hits.groupby(level=0).sum(), chars.groupby(level=0).sum(), names))
                if rids
                else branch_theme_matrix(pd.DataFrame(), names)
            )
        return self._built["matrix"]

    def short_branches(self) -> list[str]:
        """Branches whose reports hold fewer than SHORT_CHARS characters in all (see color_max)."""
        c = self.corpus
        chars: Counter[str] = Counter()
        for rid, a in c.analyses.items():
            chars[c.labels[rid]] += a.chars
        return sorted(b for b, n in chars.items() if n < SHORT_CHARS)

    def select(self, ids: Iterable[int]) -> ThemeFrames:
        """The tables of the reports `ids` (in corpus order): these when `ids` are all of them,
        else built for those reports on first use (filtered from these when already built)."""
        wanted = {int(i) for i in ids}
        keep = [rid for rid in self.corpus.analyses if rid in wanted]
        if len(keep) == len(self.corpus.analyses):
            return self
        return ThemeFrames(self.corpus.subset(keep), self.theme_dict, self.results, self)


def _rates(hits: pd.DataFrame, chars: pd.Series, themes: Iterable[str] | None) -> pd.DataFrame:
    """Hits per 10,000 characters, per branch (rows of `hits` and `chars`) and theme: the
    vectorized form of `facts.per10k` (same base, same rounding)."""
    matrix = per10k_frame(hits, chars)
    assert isinstance(matrix, pd.DataFrame)
    if themes is not None:
        matrix = matrix.reindex(columns=list(themes), fill_value=0.0)
    matrix.columns.name = None
    return matrix


def branch_theme_matrix(scores: pd.DataFrame, themes: Iterable[str] | None = None) -> pd.DataFrame:
    """Branches x themes: hits per 10k characters over all of a branch's reports (for a heatmap),
    the branch with the highest total score first."""
    if scores.empty:
        return pd.DataFrame(columns=list(themes or []), dtype=float)
    # Characters count once per report, not once per (report, theme) row.
    chars = scores.drop_duplicates(ID).groupby(LABEL)["chars"].sum()
    hits = scores.pivot_table(index=LABEL, columns="theme", values="hits", aggfunc="sum")
    return by_total(_rates(hits, chars, themes))


def by_total(matrix: pd.DataFrame) -> pd.DataFrame:
    """Rows by their total score, highest first (ties by name): the heatmap's default order."""
    if matrix.empty:
        return matrix
    totals = matrix.to_numpy(float).sum(axis=1)
    order = sorted(range(len(matrix)), key=lambda k: (-totals[k], str(matrix.index[k])))
    return matrix.iloc[order]


# A report (or a branch's reports together) shorter than this is flagged: a few hits in a short
# text make a huge rate (291 characters, 6 hits -> 206 per 10,000), so it must not set the scale.
SHORT_CHARS = 500


def is_short(chars: int) -> bool:
    """Whether a text of `chars` characters is too short for its rates to rank."""
    return chars < SHORT_CHARS


def color_max(matrix: pd.DataFrame, short: Iterable[str] = ()) -> float:
    """The top of the heatmap's colour scale: the highest cell of the rows that are not short
    (a short row keeps its numbers but saturates); the highest cell when every row is short."""
    if matrix.empty:
        return 0.0
    skip = set(short)
    rows = matrix.loc[[b for b in matrix.index if b not in skip]]
    top = rows if not rows.empty else matrix
    return float(np.nanmax(top.to_numpy(float))) if top.size else 0.0


def _walk(nodes: Iterable[OutlineNode], depth: int) -> Iterable[tuple[int, OutlineNode]]:
    """(depth, node) in reading order."""
    for n in nodes:
        yield depth, n
        yield from _walk(n.children, depth + 1)


def outline_rows(outline: Iterable[OutlineNode]) -> pd.DataFrame:
    """The outline flattened in reading order; `outline` is the title indented by depth (a text
    tree)."""
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
