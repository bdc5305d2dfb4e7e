"""The 雷同检测 results as tables with Chinese headers: the pairs, one pair's passages, the reports
mostly shared, the branch × branch matrix — what the page shows and the export and CLI write."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import pandas as pd

from analysis.corpus.overlap.check import MOSTLY_SHARED, PairOverlap, ReportCheck

PAIR_COLUMNS = [
    "报告 A",
    "支部 A",
    "年份 A",
    "报告 B",
    "支部 B",
    "年份 B",
    "文字复制比",
    "A 在 B 中",
    "B 在 A 中",
    "共享字数",
    "段落数",
]
PASSAGE_COLUMNS = ["序号", "字数", "A 中位置", "B 中位置", "A 原文", "B 原文"]
SHARE_COLUMNS = ["报告", "支部", "年份", "文字复制比", "共享来源数", "大部分雷同"]
EXCERPT = 300  # characters of a passage's text in a table cell


def _meta(reports: pd.DataFrame, key: Hashable, column: str) -> object:
    """One report's metadata cell ('' when the report, the column or the value is missing)."""
    if key in reports.index and column in reports.columns:
        value: object = reports[column].get(key)
        missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
        return "" if missing else value
    return ""


def shown_name(title: object, filename: object, key: Hashable) -> str:
    """A report as the tables name it: its title, else its file name, else its number."""
    for value in (title, filename):
        if isinstance(value, str) and value:
            return value
    return f"报告 {key}"


def _name(reports: pd.DataFrame, key: Hashable) -> str:
    """A report of `reports` as the tables name it (`shown_name`)."""
    return shown_name(_meta(reports, key, "title"), _meta(reports, key, "filename"), key)


def pairs_frame(pairs: Iterable[PairOverlap], reports: pd.DataFrame) -> pd.DataFrame:
    """One row per pair (most shared first), indexed by nothing; the report ids in `a`, `b`."""
    rows = [
        (
            p.a,
            p.b,
            _name(reports, p.a),
            _meta(reports, p.a, "branch"),
            _meta(reports, p.a, "year"),
            _name(reports, p.b),
            _meta(reports, p.b, "branch"),
            _meta(reports, p.b, "year"),
            round(p.share, 4),
            round(p.share_a, 4),
            round(p.share_b, 4),
            max(p.shared_a, p.shared_b),
            len(p.passages),
        )
        for p in pairs
    ]
    frame = pd.DataFrame(rows, columns=["a", "b", *PAIR_COLUMNS])
    return frame.sort_values(["文字复制比", "共享字数"], ascending=False, kind="stable")


def _excerpt(text: str, start: int, end: int) -> str:
    piece = text[start:end]
    return piece if len(piece) <= EXCERPT else piece[:EXCERPT] + "……"


def passages_frame(pair: PairOverlap, text_a: str, text_b: str) -> pd.DataFrame:
    """One pair's shared passages in A's order: length, place in both texts, both wordings."""
    rows = [
        (
            n,
            q.chars,
            f"第 {q.a_start + 1}–{q.a_end} 字",
            f"第 {q.b_start + 1}–{q.b_end} 字",
            _excerpt(text_a, q.a_start, q.a_end),
            _excerpt(text_b, q.b_start, q.b_end),
        )
        for n, q in enumerate(sorted(pair.passages, key=lambda q: q.a_start), start=1)
    ]
    return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)


def evidence_frame(
    pairs: Sequence[PairOverlap], texts: Mapping[Hashable, str], reports: pd.DataFrame
) -> pd.DataFrame:
    """Every passage of these pairs, one row each, with both reports named (the export's evidence)."""
    frames = []
    for p in pairs:
        if p.a in texts and p.b in texts:
            f = passages_frame(p, texts[p.a], texts[p.b])
            f.insert(0, "报告 B", _name(reports, p.b))
            f.insert(0, "报告 A", _name(reports, p.a))
            frames.append(f)
    if not frames:
        return pd.DataFrame(columns=["报告 A", "报告 B", *PASSAGE_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def shares_frame(checks: Iterable[ReportCheck], reports: pd.DataFrame) -> pd.DataFrame:
    """Each report's 文字复制比 (most shared first), those mostly shared flagged."""
    rows = [
        (
            c.key,
            _name(reports, c.key),
            _meta(reports, c.key, "branch"),
            _meta(reports, c.key, "year"),
            round(c.share, 4),
            len(c.pairs),
            "是" if c.share >= MOSTLY_SHARED else "否",
        )
        for c in checks
    ]
    frame = pd.DataFrame(rows, columns=["id", *SHARE_COLUMNS])
    return frame.sort_values("文字复制比", ascending=False, kind="stable")


def branch_matrix(pairs: pd.DataFrame, limit: int = 30) -> pd.DataFrame:
    """Branch × branch: the largest 文字复制比 of any pair of their reports (symmetric), for the
    `limit` branches with the largest; empty when no pair names two branches."""
    named = pairs[(pairs["支部 A"] != "") & (pairs["支部 B"] != "")]
    if named.empty:
        return pd.DataFrame()
    both = pd.concat(
        [
            named[["支部 A", "支部 B", "文字复制比"]].set_axis(["x", "y", "v"], axis=1),
            named[["支部 B", "支部 A", "文字复制比"]].set_axis(["x", "y", "v"], axis=1),
        ]
    )
    top = both.groupby("x")["v"].max().sort_values(ascending=False, kind="stable").head(limit).index
    both = both[both["x"].isin(top) & both["y"].isin(top)]
    matrix = both.pivot_table(index="y", columns="x", values="v", aggfunc="max")
    order = list(top)
    return matrix.reindex(index=order, columns=order).fillna(0.0)
