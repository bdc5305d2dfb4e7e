"""雷同检测 out of the app: the workbook (pairs, each report's 文字复制比, the evidence passages)
written by the one spreadsheet writer, and the JSON of the command line."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pandas as pd

from analysis.corpus.overlap import queries
from analysis.corpus.overlap.check import MIN_PASSAGE, OverlapChecker, PairOverlap
from analysis.corpus.overlap.queries import Filters
from analysis.corpus.overlap.tables import evidence_frame, pairs_frame, shares_frame
from analysis.output.spreadsheet import Progress, workbook_bytes
from analysis.store.database import CorpusStore

SHEETS = ("雷同报告对", "各报告文字复制比", "共享段落证据", "说明")


def method_note(boilerplate_df: int) -> str:
    """The definitions a reader of the export needs, in one sentence each."""
    return (
        f"文字复制比 = 与其他报告共享的段落（每段至少 {MIN_PASSAGE} 字）字数 ÷ 报告字数；"
        "比对时忽略标点、空格、换行、脱敏符号（如×××、**）、繁简差异和数字（改了数字或年份仍算相同），"
        "容许少量增删字。"
        f"出现在 {boilerplate_df} 份及以上报告中的段落视为通用表述，单独计数，不构成雷同。"
    )


def overlap_workbook(
    checker: OverlapChecker,
    pairs: Sequence[PairOverlap],
    reports: pd.DataFrame,
    progress: Progress | None = None,
) -> bytes:
    """The pairs, each report's 文字复制比 and every shared passage as an Excel workbook."""
    keys = list(dict.fromkeys(k for p in pairs for k in (p.a, p.b)))
    texts: Mapping[Hashable, str] = checker.texts(keys) if keys else {}
    sheets = {
        SHEETS[0]: pairs_frame(pairs, reports).drop(columns=["a", "b"]),
        SHEETS[1]: shares_frame(checker.report_checks(pairs), reports).drop(columns=["id"]),
        SHEETS[2]: evidence_frame(pairs, texts, reports),
        SHEETS[3]: pd.DataFrame({"说明": [method_note(checker.index.boilerplate_df)]}),
    }
    return workbook_bytes(sheets, progress)


EVIDENCE_PAIRS = 500  # pairs whose passages the stored workbook quotes (most shared first)


def stored_workbook(
    checker: OverlapChecker,
    store: CorpusStore,
    threshold: int,
    filters: Filters,
    low: float = 0.0,
    progress: Progress | None = None,
) -> bytes:
    """The corpus view's workbook from the stored rows: every pair and report passing the filters,
    and the passages of the EVIDENCE_PAIRS most shared pairs quoted from both texts."""
    pairs = queries.pairs_table(store, threshold, filters, low)
    shares = queries.shares_table(store, threshold, filters, low)
    top = [
        p
        for a, b in zip(pairs["a"][:EVIDENCE_PAIRS], pairs["b"][:EVIDENCE_PAIRS], strict=True)
        if (p := queries.stored_pair(store, threshold, int(a), int(b)))
    ]
    keys = list(dict.fromkeys(k for p in top for k in (p.a, p.b)))
    texts = checker.texts(keys) if keys else {}
    named = pd.DataFrame(
        {"title": list(pairs["报告 A"]) + list(pairs["报告 B"])},
        index=list(pairs["a"]) + list(pairs["b"]),
    )
    named = named[~named.index.duplicated()]
    note = method_note(threshold)
    if len(pairs) > EVIDENCE_PAIRS:
        note += f"共享段落证据只列出文字复制比最高的 {EVIDENCE_PAIRS} 对报告。"
    sheets = {
        SHEETS[0]: pairs.drop(columns=["a", "b"]),
        SHEETS[1]: shares.drop(columns=["id"]),
        SHEETS[2]: evidence_frame(top, texts, named),
        SHEETS[3]: pd.DataFrame({"说明": [note]}),
    }
    return workbook_bytes(sheets, progress)


def overlap_json(checker: OverlapChecker, pairs: Sequence[PairOverlap], names: Mapping) -> dict:
    """The command line's JSON: the threshold, each report's 文字复制比, every pair's passages."""
    checks = checker.report_checks(pairs, every=True)
    return {
        "boilerplate_df": checker.index.boilerplate_df,
        "min_passage": MIN_PASSAGE,
        "reports": [
            {
                "report": names.get(c.key, str(c.key)),
                "compared_chars": c.compared,
                "shared_chars": c.shared,
                "share": round(c.share, 4),
                "boilerplate_chars": c.boilerplate,
            }
            for c in sorted(checks, key=lambda c: -c.share)
        ],
        "pairs": [
            {
                "a": names.get(p.a, str(p.a)),
                "b": names.get(p.b, str(p.b)),
                "share": round(p.share, 4),
                "share_a": round(p.share_a, 4),
                "share_b": round(p.share_b, 4),
                "passages": [
                    {"a_start": q.a_start, "a_end": q.a_end, "b_start": q.b_start,
                     "b_end": q.b_end, "chars": q.chars}
                    for q in p.passages
                ],
            }
            for p in pairs
        ],
    }  # fmt: skip
