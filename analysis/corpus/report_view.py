"""One report as its page shows it: picker labels, theme-hit marks, indicators with display
values, formulations with corpus use."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping

import pandas as pd

from analysis.core.facts import REDACTED
from analysis.core.models import Analysis
from analysis.core.numbers import format_number
from analysis.corpus.highlight import Mark
from analysis.corpus.loading import Corpus
from analysis.corpus.tables import ID, POS

# Where a table row opens its report: (report id, start, end, what is shown there).
Place = tuple[int, int, int, str]
FORMULATION_COLUMNS = ["formulation", "count", "category", "reports_using", "branches_using"]


def picker_labels(corpus: Corpus) -> dict[int, str]:
    """Report id -> its label in the report picker: branch · year · title (first 40 characters)."""
    r = corpus.reports
    return {
        int(rid): f"{corpus.label(rid)}{'' if pd.isna(y) else f' · {int(y)}'} · {str(t or '')[:40]}"
        for rid, y, t in zip(r.index, r["year"], r["title"], strict=True)
    }


def metadata_line(row: Mapping[Hashable, object]) -> str:
    """The report's organization, year, kind and file name on one line (plain text)."""
    year = row["year"]
    shown = "未填写" if year is None or pd.isna(year) else int(year)  # type: ignore[call-overload]
    return "　|　".join(
        [
            f"单位：{row['organization'] or '未填写'}",
            f"年份：{shown}",
            f"类型：{row['kind'] or '未填写'}",
            f"文件：{row['filename']}",
        ]
    )


def hit_word(text: str, start: int, terms: str) -> str:
    """The word a theme hit marks: of an `A+B` rule hit, the one found at `start` in the text."""
    words = [w for w in str(terms).split("+") if w]
    return next((w for w in words if text.startswith(w, start)), words[0] if words else "")


def hit_marks(text: str, evidence: pd.DataFrame, themes: Collection[str]) -> list[Mark]:
    """(start, end, theme) of each hit of `themes` in the report's text."""
    rows = zip(
        evidence["theme"].tolist(), evidence[POS].tolist(), evidence["term"].tolist(), strict=True
    )
    return [
        (int(at), int(at) + len(hit_word(text, int(at), terms)), str(theme))
        for theme, at, terms in rows
        if str(theme) in themes
    ]


def hit_places(evidence: pd.DataFrame, texts: Mapping[int, str]) -> list[Place]:
    """Where each evidence row (columns 编号, 主题, 命中词, 位置: analysis.corpus.tables) opens its report: the word hit."""
    places = []
    for rid, theme, terms, at in zip(
        evidence[ID].tolist(),
        evidence["theme"].tolist(),
        evidence["term"].tolist(),
        evidence[POS].tolist(),
        strict=True,
    ):
        word = hit_word(texts[int(rid)], int(at), terms)
        places.append((int(rid), int(at), int(at) + len(word), f"{theme}：{word}"))
    return places


def measure_places(measures: pd.DataFrame) -> list[Place]:
    """Where each row of a measures table (analysis.corpus.tables.measures_frame) opens its
    report: the whole measure."""
    rows = zip(measures[ID], measures[POS], measures["end"], measures["item"], strict=True)
    return [(int(rid), int(at), int(end), f"举措：{name}") for rid, at, end, name in rows]


def indicator_places(frame: pd.DataFrame) -> list[Place]:
    """Where each row of an indicators table (analysis.corpus.tables.indicators_frame) opens its
    report: the number as written."""
    rows = zip(frame[ID], frame[POS], frame["raw"], frame["subject"], strict=True)
    return [(int(rid), int(at), int(at) + len(raw), f"指标：{subj}") for rid, at, raw, subj in rows]


def indicator_values(frame: pd.DataFrame) -> list[str]:
    """The 数值 column as shown: "已脱敏" for a redacted number, else the number by the one
    display rule (grouped: 1,234,567; never 22.0)."""
    return [
        REDACTED if red else ("" if pd.isna(v) else format_number(float(v), grouped=True))
        for v, red in zip(frame["value"], frame["redacted"], strict=True)
    ]


def formulation_rows(a: Analysis, corpus_use: pd.DataFrame) -> pd.DataFrame:
    """The report's formulations, most used first, with how many reports of `corpus_use`
    (analysis.corpus.tables.formulations_frame) use each and which branches."""
    wide = corpus_use.set_index("formulation")
    rows = [
        (
            f.term,
            f.count,
            "数字提法" if f.numbered else "品牌名称",
            int(wide.loc[f.term, "report_count"]) if f.term in wide.index else 1,  # type: ignore[arg-type]
            wide.loc[f.term, "branches_using"] if f.term in wide.index else "",
        )
        for f in sorted(a.formulations, key=lambda f: (-f.count, f.term))
    ]
    return pd.DataFrame(rows, columns=FORMULATION_COLUMNS)
