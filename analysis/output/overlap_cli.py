"""`python -m analysis overlap`: 雷同检测 of files or of a stored corpus, as JSON, a text table or
an Excel workbook (the same definitions as the page: analysis.corpus.overlap)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import pandas as pd

from analysis.core.models import AnalysisError
from analysis.corpus.overlap import maintain
from analysis.corpus.overlap.check import OverlapChecker, PairOverlap
from analysis.corpus.overlap.index import build_index
from analysis.corpus.overlap.stored import store_checker, text_prints
from analysis.output.overlap_export import overlap_json, overlap_workbook
from analysis.store.database import CorpusStore
from analysis.store.scan_reading import read_paths

logger = logging.getLogger(__name__)

MSG_ROWS = "雷同检测：已比对新增的 {added} 份报告，移除 {removed} 份，写入 {pairs} 个报告对。"
MSG_ROWS_FAILED = "雷同检测结果未能更新（{kind}），将在打开雷同检测页面时补算。"
MSG_TOO_FEW = "只有 {n} 份可读报告：雷同检测至少需要两份报告，结果为空。"


def rows_after_ingest(store: CorpusStore) -> None:
    """After `ingest`: the stored 雷同检测 rows brought up to the reports just saved (the reports
    stay saved if this fails; the page computes what is missing on its next visit)."""
    try:
        _, done = maintain.update(store)
    except Exception as exc:
        logger.exception("雷同检测 rows not updated after ingest")
        print(MSG_ROWS_FAILED.format(kind=type(exc).__name__), file=sys.stderr)
        return
    for u in done:  # logged, not printed: stderr carries only the failed files' reasons
        logger.info(MSG_ROWS.format(added=u.added, removed=u.removed, pairs=u.pairs))


def add_command(sub: argparse._SubParsersAction, db_help: str) -> None:
    """The `overlap` subcommand of `python -m analysis`."""
    p = sub.add_parser(
        "overlap",
        help="雷同检测：报告之间共享的段落和文字复制比（文件或 --db 语料库）",
        description="找出报告之间共享的段落。示例：python -m analysis overlap 报告/*.docx --json；"
        "python -m analysis overlap --db data/corpus.db --xlsx 雷同检测.xlsx",
    )
    p.add_argument("files", nargs="*", help="报告文件；不给文件时检测 --db 语料库")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="导出 Excel（报告对、文字复制比、证据段落）")
    p.add_argument(
        "--boilerplate-df", type=int, default=None, help="通用表述门槛：出现在至少几份报告中"
    )
    p.add_argument(
        "--min-share", type=float, default=0.0, help="只列出文字复制比不低于此值的报告对 (0-1)"
    )
    p.set_defaults(func=cmd_overlap)


def _from_files(paths: list[str], df: int | None) -> tuple[OverlapChecker, pd.DataFrame, int]:
    """A checker over readable files (label -> text), their listing, and how many failed."""
    texts: dict[int, str] = {}
    names: list[str] = []
    failed = 0
    for label, doc in read_paths(paths, None, None, 1, True):
        if isinstance(doc, AnalysisError):
            print(f"{label}: {doc.message}", file=sys.stderr)
            failed += 1
            continue
        texts[len(names)] = doc.text
        names.append(label)
    index = build_index({k: text_prints(t) for k, t in texts.items()}, df)
    checker = OverlapChecker(index, lambda keys: {k: texts[int(k)] for k in keys})  # type: ignore[call-overload]
    return checker, pd.DataFrame({"title": names}), failed


def _from_store(location: str | None, df: int | None) -> tuple[OverlapChecker, pd.DataFrame]:
    store = CorpusStore(location)
    reports = store.list_reports().set_index("id")
    return store_checker(store, df), reports


def _names(reports: pd.DataFrame) -> dict:
    """Report key -> the name printed: its title, else its file name."""
    title = reports["title"].fillna("").astype(str) if "title" in reports else None
    fallback = reports["filename"].fillna("").astype(str) if "filename" in reports else None
    out = {}
    for key in reports.index:
        name = title[key] if title is not None else ""
        out[key] = name or (fallback[key] if fallback is not None else "") or f"报告 {key}"
    return out


def _text_table(pairs: list[PairOverlap], names: dict) -> str:
    lines = ["文字复制比\t报告 A\t报告 B\t共享段落数"]
    lines += [
        f"{p.share:.1%}\t{names.get(p.a)}\t{names.get(p.b)}\t{len(p.passages)}" for p in pairs
    ]
    return "\n".join(lines)


def cmd_overlap(args: argparse.Namespace) -> int:
    """Run 雷同检测 and print (or write) the result; 1 when a file could not be read."""
    if args.boilerplate_df is not None and args.boilerplate_df < 2:
        raise AnalysisError("--boilerplate-df 至少为 2（出现在一份报告中的段落不算通用表述）。")
    failed = 0
    if args.files:
        checker, reports, failed = _from_files(args.files, args.boilerplate_df)
    else:
        checker, reports = _from_store(args.db, args.boilerplate_df)
    if len(checker.index) < 2:
        print(MSG_TOO_FEW.format(n=len(checker.index)), file=sys.stderr)
    pairs = [p for p in checker.all_pairs() if p.share >= args.min_share]
    names = _names(reports)
    if args.xlsx:
        Path(args.xlsx).write_bytes(overlap_workbook(checker, pairs, reports))
        print(f"已写入 {args.xlsx}（{len(pairs)} 对报告）", file=sys.stderr)
    if args.json or not args.xlsx:
        out = overlap_json(checker, pairs, names)
        print(
            json.dumps(out, ensure_ascii=False, indent=1)
            if args.json
            else _text_table(pairs, names)
        )
    return 1 if failed else 0
