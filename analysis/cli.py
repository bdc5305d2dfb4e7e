"""Command line: analyze, ingest and list reports without the UI (for automation).

Every unreadable file gets one line on stderr naming it and why; the others are still processed, and
the exit code is 1 when any file failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from analysis.core.models import AnalysisError, Extracted, analysis_from_dict
from analysis.core.resources import default_texts
from analysis.io.ingest import IngestError, expand_upload, read_document, shown_name
from analysis.store.database import DEFAULT_DB, CorpusStore
from analysis.text.metadata import infer_metadata
from analysis.text.pipeline import analyze_many, report_record

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
                yield label, read_document(name, content, progress=_ocr_progress(label))
            except AnalysisError as exc:
                yield label, exc


def _ocr_progress(label: str) -> Callable[[int, int], None]:
    """A progress line on stderr per OCR'd page of a scan ('OCR 识别 扫描.pdf：第 2/5 页')."""

    def report(done: int, total: int) -> None:
        print(f"OCR 识别 {shown_name(label)}：第 {done}/{total} 页", file=sys.stderr, flush=True)

    return report


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
        out.append(
            report_record(analysis, meta, label, texts, officialese=not args.keep_officialese)
        )
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
    if args.workers is not None:  # analyze now, so the app opens without analysis
        from analysis.corpus.loading import load_corpus

        corpus = load_corpus(store, workers=args.workers or None)
        print(f"已分析并缓存 {len(corpus.reports)} 份报告。", file=sys.stderr)
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


def _corpus_from_files(groups: Sequence[Sequence[str]], workers: int | None):
    """Read and analyze files into an in-memory Corpus; returns (corpus, ids per group, failures)."""
    import pandas as pd

    from analysis.corpus.loading import Corpus

    texts = default_texts()
    docs: dict[int, tuple[str, Extracted]] = {}
    ids: list[list[int]] = []
    failed = 0
    for paths in groups:
        ids.append([])
        for label, doc in _read_files(paths):
            if isinstance(doc, AnalysisError):
                _fail(label, doc)
                failed += 1
                continue
            rid = len(docs) + 1
            docs[rid] = (label, doc)
            ids[-1].append(rid)
    items = {str(rid): (doc.text, doc.hints) for rid, (_, doc) in docs.items()}
    results = dict(analyze_many(items, texts, workers))
    rows, analyses = [], {}
    for rid, (label, doc) in docs.items():
        meta = infer_metadata(doc.text, label).as_dict()
        analyses[rid] = analysis_from_dict(results[str(rid)])
        row = {"id": rid, **meta, "chars": analyses[rid].chars, "added_at": "", "filename": label}
        rows.append(row)
    columns = ["id", "title", "branch", "organization", "year", "kind", "chars", "added_at"]
    columns.append("filename")
    reports = pd.DataFrame(rows, columns=columns).set_index("id")
    reports["year"] = reports["year"].astype("Int64")
    return Corpus(reports, analyses), ids, failed


def _write_outputs(outputs: dict[str, tuple[str | None, object]]) -> None:
    """Write each requested export (format -> (path, builder)) and say where on stdout."""
    for fmt, (path, build) in outputs.items():
        if not path:
            continue
        data = build()
        target = Path(path)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)
        print(f"已写入 {fmt}: {target}")


def cmd_compare(args: argparse.Namespace) -> int:
    from analysis.corpus.compare import DEFAULT_THRESHOLD, compare_sides, comparison_to_dict

    corpus, (ids_a, ids_b), failed = _corpus_from_files([args.files, args.vs], args.workers)
    if not ids_a or not ids_b:
        side = "A（--vs 之前）" if not ids_a else "B（--vs 之后）"
        raise AnalysisError(f"{side}没有可读取的报告，无法对比。")
    comp = compare_sides(
        corpus,
        ids_a,
        ids_b,
        default_texts(),
        label_a=args.label_a or "",
        label_b=args.label_b or "",
        officialese=not args.keep_officialese,
        threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold,
    )
    if not (args.pptx or args.xlsx or args.html):
        json.dump(comparison_to_dict(comp), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if failed else 0
    from analysis.output.export_html import comparison_html
    from analysis.output.export_pptx import comparison_deck
    from analysis.output.export_xlsx import comparison_workbook

    _write_outputs(
        {
            "PowerPoint": (args.pptx, lambda: comparison_deck(comp)),
            "Excel": (args.xlsx, lambda: comparison_workbook(comp)),
            "HTML": (args.html, lambda: comparison_html(comp)),
        }
    )
    return 1 if failed else 0


def cmd_brief(args: argparse.Namespace) -> int:
    from analysis.output.briefing import build_briefing

    corpus, (ids,), failed = _corpus_from_files([args.files], args.workers)
    if not ids:
        raise AnalysisError("没有可读取的报告，无法生成简报。")
    brief = build_briefing(
        corpus,
        default_texts(),
        report_ids=ids,
        officialese=not args.keep_officialese,
        title=args.title,
    )
    if not (args.pptx or args.xlsx or args.html):
        kpis = [{"label": k.label, "value": k.value, "note": k.note} for k in brief.kpis]
        json.dump({"title": brief.title, "kpis": kpis}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if failed else 0
    from analysis.output.export_html import briefing_html
    from analysis.output.export_pptx import briefing_deck
    from analysis.output.export_xlsx import briefing_workbook

    _write_outputs(
        {
            "PowerPoint": (args.pptx, lambda: briefing_deck(brief)),
            "Excel": (args.xlsx, lambda: briefing_workbook(brief)),
            "HTML": (args.html, lambda: briefing_html(brief)),
        }
    )
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = f"语料库数据库：文件路径或 postgresql:// 连接串 (default: $DJ_DB or {DEFAULT_DB})"

    p = sub.add_parser("analyze", help="分析报告并以 JSON 数组输出到 stdout")
    p.add_argument(
        "files", nargs="+", help=".txt .docx .doc .wps .rtf .odt .pdf .jpg .png .tif / .zip"
    )
    p.add_argument("--keep-officialese", action="store_true", help="关键词中保留公文套话")
    p.add_argument("--pretty", action="store_true", help="缩进输出 JSON")
    p.add_argument("--workers", type=int, default=None, help="并行进程数 (default: all cores)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("ingest", help="把报告加入语料库，每个文件输出一行结果")
    p.add_argument("files", nargs="+")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument(
        "--workers", type=int, default=None, help="导入后立即用 N 个进程分析 (0 = all cores)"
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("list", help="列出语料库中的报告")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "compare",
        help="对比两组报告：FILE... --vs FILE...；无输出选项时以 JSON 输出",
        description="对比两组报告（--vs 之前为 A 方，之后为 B 方）。"
        "示例：python -m analysis compare a.docx --vs b.docx --pptx 对比.pptx --xlsx 对比.xlsx",
    )
    p.add_argument("files", nargs="+", help="A 方的报告文件")
    p.add_argument("--vs", nargs="+", required=True, metavar="FILE", help="B 方的报告文件")
    p.add_argument("--pptx", metavar="OUT.pptx", help="导出 PowerPoint")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="导出 Excel")
    p.add_argument("--html", metavar="OUT.html", help="导出离线 HTML")
    p.add_argument("--label-a", help="A 方名称（默认取支部名）")
    p.add_argument("--label-b", help="B 方名称（默认取支部名）")
    p.add_argument("--threshold", type=float, default=None, help="举措相似度阈值 (0-1，默认 0.25)")
    p.add_argument("--keep-officialese", action="store_true", help="词语对比中保留公文套话")
    p.add_argument("--workers", type=int, default=None, help="并行进程数 (default: all cores)")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "brief",
        help="生成简报：PowerPoint / Excel / 离线 HTML（任选）",
        description="对给定报告生成简报。示例：python -m analysis brief data/*.txt --pptx 简报.pptx --html 简报.html",
    )
    p.add_argument("files", nargs="+")
    p.add_argument("--pptx", metavar="OUT.pptx", help="导出 PowerPoint")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="导出 Excel")
    p.add_argument("--html", metavar="OUT.html", help="导出离线 HTML")
    p.add_argument("--title", default="党建工作分析简报", help="简报标题")
    p.add_argument("--keep-officialese", action="store_true", help="关键词中保留公文套话")
    p.add_argument("--workers", type=int, default=None, help="并行进程数 (default: all cores)")
    p.set_defaults(func=cmd_brief)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"错误: {exc.message}", file=sys.stderr)
        return 2
