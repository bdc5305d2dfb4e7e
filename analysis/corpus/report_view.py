"""One report as its page shows it: picker labels, the text around a place with that place
highlighted, theme-hit spans, indicators with display values, formulations with corpus use."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import pandas as pd

from analysis.core.models import Analysis
from analysis.corpus.loading import Corpus
from analysis.corpus.search import highlight_markdown

CONTEXT_CHARS = 200  # shown before and after a measure or a search hit
FORMULATION_COLUMNS = ["提法", "次数", "类别", "使用报告数", "使用支部"]
Span = tuple[int, int, str]


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


def context_markdown(text: str, start: int, end: int, color: str) -> str:
    """Escaped Markdown of the text around [start, end) with that span highlighted in bold."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(text), end + CONTEXT_CHARS)
    md = highlight_markdown(text[lo:hi], [(start - lo, end - lo, color)], bold=True)
    return ("…" if lo > 0 else "") + md + ("…" if hi < len(text) else "")


def hit_spans(text: str, evidence: pd.DataFrame, colors: dict[str, str]) -> list[Span]:
    """(start, end, colour) of each theme hit; an `A+B` rule hit marks the word found at start."""
    spans = []
    rows = zip(
        evidence["主题"].tolist(),
        evidence["位置"].tolist(),
        evidence["命中词"].tolist(),
        strict=True,
    )
    for theme, position, terms in rows:
        color = colors.get(str(theme))
        if color is None:
            continue
        start = int(position)
        words = [w for w in str(terms).split("+") if w]
        word = next((w for w in words if text.startswith(w, start)), words[0] if words else "")
        spans.append((start, start + len(word), color))
    return spans


def indicator_values(frame: pd.DataFrame) -> list[str]:
    """The 数值 column as shown: "已脱敏" for a redacted number, else the number without noise."""
    return [
        "已脱敏" if red else ("" if pd.isna(v) else f"{v:,.10g}")
        for v, red in zip(frame["数值"], frame["脱敏"], strict=True)
    ]


def formulation_rows(a: Analysis, corpus_use: pd.DataFrame) -> pd.DataFrame:
    """The report's formulations, most used first, with how many reports of `corpus_use`
    (analysis.corpus.tables.formulations_frame) use each and which branches."""
    wide = corpus_use.set_index("提法")
    rows = [
        (
            f.term,
            f.count,
            "数字提法" if f.numbered else "品牌名称",
            int(wide.loc[f.term, "报告数"]) if f.term in wide.index else 1,  # type: ignore[arg-type]
            wide.loc[f.term, "使用支部"] if f.term in wide.index else "",
        )
        for f in sorted(a.formulations, key=lambda f: (-f.count, f.term))
    ]
    return pd.DataFrame(rows, columns=FORMULATION_COLUMNS)
