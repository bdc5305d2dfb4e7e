"""Command line: analyze, ingest and list reports without the UI (for automation).

Every unreadable file gets one line on stderr naming it and why; the others are still processed, and
the exit code is 1 when any file failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator, Sequence

from analysis.ingest import IngestError, expand_upload, read_document
from analysis.metadata import infer_metadata
from analysis.models import AnalysisError, Extracted
from analysis.pipeline import analyze_many, report_record
from analysis.models import analysis_from_dict
from analysis.resources import default_texts
from analysis.store import CorpusStore, default_db_path

DESCRIPTION = """党建报告分析看板 — 命令行工具 (party-building report analysis, command line).

示例 / examples:
  python -m analysis analyze 报告1.docx 报告2.txt > out.json
  python -m analysis ingest data/*.txt --db corpus.db
  python -m analysis list --json
"""


def _read_files(paths: Sequence[str]) -> Iterator[tuple[str, Extracted | AnalysisError]]:
    """(display name, extracted document or the error) for every file; a .zip yields its members."""
    for p in paths:
        path = Path(p)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield p, IngestError(f"无法读取文件：{exc.strerror or exc}。请检查路径和权限。")
            continue
        try:
            members = expand_upload(path.name, data)
        except AnalysisError as exc:
            yield p, exc
            continue
        for name, content in members:
            label = p if len(members) == 1 and name == path.name else f"{p}:{name}"
            if isinstance(content, AnalysisError):
                yield label, content
                continue
            try:
                yield label, read_document(name, content)
            except AnalysisError as exc:
                yield label, exc


def _fail(label: str, exc: AnalysisError) -> None:
    print(f"错误 {label}: {exc.message}", file=sys.stderr)


def cmd_analyze(args: argparse.Namespace) -> int:
    texts = default_texts()
    docs: dict[str, tuple[str, Extracted]] = {}
    failed = 0
    for label, doc in _read_files(args.files):
        if isinstance(doc, AnalysisError):
            _fail(label, doc)
            failed += 1
        else:
            docs[label] = (label, doc)
    items = {label: (doc.text, doc.hints) for label, (_, doc) in docs.items()}
    results = dict(analyze_many(items, texts, args.workers))
    out = []
    for label, (_, doc) in docs.items():
        meta = infer_metadata(doc.text, label).as_dict()
        analysis = analysis_from_dict(results[label])
        out.append(report_record(analysis, meta, label, texts, officialese=not args.keep_officialese))
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    store = CorpusStore(args.db)
    failed = 0
    for label, doc in _read_files(args.files):
        if isinstance(doc, AnalysisError):
            _fail(label, doc)
            print(f"failed\t{label}\t{doc.message}")
            failed += 1
            continue
        meta = infer_metadata(doc.text, label).as_dict()
        result = store.add(Path(label).name, doc, meta)
        status = {"added": "added", "duplicate": "duplicate", "restored": "added"}[result.status]
        print(f"{status}\t{label}\tid={result.report_id}")
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    df = CorpusStore(args.db).list_reports()
    cols = ["id", "branch", "organization", "year", "kind", "title", "chars", "added_at"]
    df = df[cols]
    if args.json:
        records = json.loads(df.to_json(orient="records", force_ascii=False))
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(df.to_string(index=False) if len(df) else "（语料库为空）")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = f"语料库数据库路径 (default: $DJ_DB or {default_db_path()})"

    p = sub.add_parser("analyze", help="分析报告并以 JSON 数组输出到 stdout")
    p.add_argument("files", nargs="+", help=".txt / .docx / .pdf / .zip")
    p.add_argument("--keep-officialese", action="store_true", help="关键词中保留公文套话")
    p.add_argument("--pretty", action="store_true", help="缩进输出 JSON")
    p.add_argument("--workers", type=int, default=None, help="并行进程数 (default: all cores)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("ingest", help="把报告加入语料库，每个文件输出一行结果")
    p.add_argument("files", nargs="+")
    p.add_argument("--db", default=None, help=db_help)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("list", help="列出语料库中的报告")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"错误: {exc.message}", file=sys.stderr)
        return 2
