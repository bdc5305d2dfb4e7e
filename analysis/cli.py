"""Command line: analyze, ingest and list reports without the UI (for automation).

Every unreadable file gets one line on stderr naming it and why; the others are still processed, and
the exit code is 1 when any file failed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from analysis.core import logs
from analysis.core.models import AnalysisError, Extracted, analysis_from_dict
from analysis.core.resources import default_texts
from analysis.corpus.kpis import Kpis, corpus_kpis
from analysis.io.ingest import (
    disk_full_message,
    is_disk_full,
    safe_filename,
    shown_name,
)
from analysis.store.database import DEFAULT_DB, CorpusStore
from analysis.store.integrity import StoreDamagedError
from analysis.store.report_columns import OCR_FIELDS, ORIGINAL_FIELDS, stored_meta
from analysis.store.roster_file import parse_roster
from analysis.store.scan_reading import Scan, read_paths
from analysis.text.metadata import Metadata, infer_metadata, parse_sidecar
from analysis.text.pipeline import analyze_many, report_record
from analysis.text.roster import Roster

DESCRIPTION = """党建报告分析看板 — 命令行工具 (party-building report analysis, command line).

示例 / examples:
  python -m analysis analyze 报告1.docx 报告2.txt > out.json
  python -m analysis analyze 报告/*.docx --roster 组织名录.xlsx --meta metadata.csv
  python -m analysis ingest data/*.txt --db corpus.db --roster 组织名录.csv
  python -m analysis list --json
"""


logger = logging.getLogger(__name__)

MSG_INTERRUPTED = "已中断。"
WORKERS_HELP = "并行进程数：分析 (default: all cores)；扫描件 OCR (default: 1，OCR 本身用满全部核)"
MSG_CLI_UNEXPECTED = "出现意外错误（{kind}），已停止。请检查输入文件和参数后重试{log}。"
MSG_LOG_HINT = "；详细信息已写入日志 {path}"


def _read_files(
    paths: Sequence[str], store: CorpusStore | None = None, workers: int = 1, ordered: bool = False
) -> Iterator[tuple[str, Extracted | AnalysisError]]:
    """(display name, document or the error) for every file (scans last, unless `ordered`)."""
    return read_paths(paths, store, _ocr_progress, workers, ordered)


def _stored_name(label: str) -> str:
    """The name kept with a report (and its fallback title): the file's own name, made safe."""
    return safe_filename(Path(label).name)


def _ocr_progress(scan: Scan) -> Callable[[int, int], None]:
    """A progress line on stderr per OCR'd page of a scan ('OCR 识别 扫描.pdf：第 2/5 页'); a
    partial of a module function, so an OCR worker process can run it."""
    return partial(_print_ocr_page, scan.key)


def _print_ocr_page(label: str, done: int, total: int) -> None:
    print(f"OCR 识别 {shown_name(label)}：第 {done}/{total} 页", file=sys.stderr, flush=True)


def _ocr_workers(workers: int | None) -> int:
    """OCR processes for --workers N (0: all cores; not given: one, OCR uses every core)."""
    return (os.cpu_count() or 1) if workers == 0 else max(1, workers or 1)


def _fail(label: str, exc: AnalysisError) -> None:
    """One line on stderr naming the file (control characters escaped) and the reason."""
    print(f"错误 {shown_name(label)}: {exc.message}", file=sys.stderr)


def _roster_arg(path: str | None) -> Roster | None:
    """The roster file given with --roster (None without one); a bad file raises RosterError."""
    if not path:
        return None
    return parse_roster(Path(path).name, _read_arg(path, "名录"))


def _sidecar_arg(path: str | None) -> dict[str, Metadata]:
    """The metadata table given with --meta, keyed by file name."""
    if not path:
        return {}
    return parse_sidecar(Path(path).name, _read_arg(path, "元数据表"))


def _read_arg(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise AnalysisError(f"无法读取{what}文件 {path}：{exc.strerror or exc}。") from None


def _identity(doc: Extracted, label: str, roster: Roster | None, sidecar: dict) -> Metadata:
    """A report's metadata: sidecar first, then inference, the branch matched to the roster."""
    return infer_metadata(doc.text, _stored_name(label), roster, sidecar, doc.hints)


def _identity_json(meta: Metadata) -> dict:
    """The identity fields of the CLI JSON (branch, organization, parent, year, kind; each with
    its source and confidence; branch_status)."""
    keys = ("parent", "branch_status", "branch_guess")
    out: dict = {k: getattr(meta, k) for k in (*keys, *ORIGINAL_FIELDS)}
    out["branch_candidates"] = list(meta.branch_candidates)
    for field in ("branch", "organization", "year", "kind"):
        out[f"{field}_source"] = getattr(meta, f"{field}_source")
        out[f"{field}_confidence"] = round(getattr(meta, f"{field}_confidence"), 2)
    return out


def _reading_json(doc: Extracted) -> dict:
    """How the file was read: by OCR or not, and OCR's mean confidence (0-1, else null)."""
    return {"ocr": doc.ocr, "ocr_confidence": doc.ocr_confidence}


def cmd_analyze(args: argparse.Namespace) -> int:
    roster, sidecar = _roster_arg(args.roster), _sidecar_arg(args.meta)
    texts = default_texts()
    docs: dict[str, tuple[str, Extracted]] = {}
    failed = 0
    for label, doc in _read_files(args.files, None, _ocr_workers(args.workers), True):
        if isinstance(doc, AnalysisError):
            _fail(label, doc)
            failed += 1
        else:
            docs[label] = (label, doc)
    items = {label: (doc.text, doc.hints) for label, (_, doc) in docs.items()}
    results = dict(analyze_many(items, texts, args.workers))
    out = []
    for label, (_, doc) in docs.items():
        meta = _identity(doc, label, roster, sidecar)
        analysis = analysis_from_dict(results[label])
        record = report_record(
            analysis, meta.as_dict(), label, texts, officialese=not args.keep_officialese
        )
        out.append({**record, **_identity_json(meta), **_reading_json(doc)})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from analysis.store.roster import load_roster, record_identity, save_roster

    roster, sidecar = _roster_arg(args.roster), _sidecar_arg(args.meta)
    store = CorpusStore(args.db)
    if roster is not None:
        changed = save_roster(store, roster)
        print(
            f"已导入组织名录 {len(roster)} 个组织，{changed} 份已有报告的支部已重新标注。",
            file=sys.stderr,
        )
    roster = load_roster(store)
    failed = 0
    for label, doc in _read_files(args.files, store, _ocr_workers(args.workers)):
        if isinstance(doc, AnalysisError):
            _fail(label, doc)
            print(f"failed\t{shown_name(label)}\t{doc.message}")
            failed += 1
            continue
        meta = _identity(doc, label, roster, sidecar)
        result = store.add(_stored_name(label), doc, stored_meta(meta))
        if result.status == "added":
            record_identity(store, result.sha256, meta)
        status = {"added": "added", "duplicate": "duplicate", "restored": "added"}[result.status]
        print(
            f"{status}\t{shown_name(label)}\tid={result.report_id}\t{meta.branch}\t{meta.branch_status}"
        )
    if args.workers is not None or args.dask:  # analyze now, so the app opens without analysis
        from analysis.corpus.distributed import dask_analyzer
        from analysis.corpus.loading import load_corpus
        from analysis.text.pipeline import analyze_for_store

        run = dask_analyzer(args.dask, args.workers) if args.dask else analyze_for_store
        corpus = load_corpus(store, workers=args.workers or None, analyze=run)
        print(f"已分析并缓存 {len(corpus.reports)} 份报告。", file=sys.stderr)
    return 1 if failed else 0


def kpi_line(kpis: Kpis) -> str:
    """The corpus's headline figures on one line, as 概览 shows them (e.g. "报告 5 份 · …")."""
    shown = [f"{k.label} {k.value}{(' ' + k.note) if k.note else ''}" for k in kpis.items()]
    return "合计：" + " · ".join(shown)


def cmd_list(args: argparse.Namespace) -> int:
    from analysis.corpus.loading import load_corpus

    corpus = load_corpus(CorpusStore(args.db))  # chars = cleaned length, as every page shows
    cols = ["branch", "organization", "year", "kind", "title", "chars", "added_at"]
    df = corpus.reports[cols].reset_index()
    if args.json:
        df = corpus.reports[[*cols, *OCR_FIELDS, *ORIGINAL_FIELDS]].reset_index()
        records = json.loads(df.to_json(orient="records", force_ascii=False))
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif len(df):
        print(df.to_string(index=False))
        print(kpi_line(corpus_kpis(corpus)))
    else:
        print("（语料库为空）")
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
        for label, doc in _read_files(paths, None, _ocr_workers(workers), True):
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
        meta = infer_metadata(doc.text, _stored_name(label)).as_dict()
        analyses[rid] = analysis_from_dict(results[str(rid)])
        row = {"id": rid, **meta, "chars": analyses[rid].chars, "added_at": "", "filename": label}
        rows.append(row)
    columns = ["id", "title", "branch", "organization", "year", "kind", "chars", "added_at"]
    columns.append("filename")
    reports = pd.DataFrame(rows, columns=columns).set_index("id")
    reports["year"] = reports["year"].astype("Int64")
    return Corpus(reports, analyses), ids, failed


def _write_outputs(outputs: dict[str, tuple[str | None, Callable[[], str | bytes]]]) -> None:
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
        print(f"已写入 {fmt}: {shown_name(str(target))}")


ORG_NAMES_HELP = "关键词、词云和特色词中保留单位和支部的名称（默认不计入）"


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
        org_names=args.keep_org_names,
    )
    if not (args.pptx or args.xlsx or args.html or args.docx):
        json.dump(comparison_to_dict(comp), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if failed else 0
    from analysis.output.export_html import comparison_html
    from analysis.output.export_pptx import comparison_deck
    from analysis.output.export_xlsx import comparison_workbook
    from analysis.output.word_report import comparison_docx

    _write_outputs(
        {
            "PowerPoint": (args.pptx, lambda: comparison_deck(comp)),
            "Excel": (args.xlsx, lambda: comparison_workbook(comp)),
            "HTML": (args.html, lambda: comparison_html(comp)),
            "Word": (args.docx, lambda: comparison_docx(comp)),
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
        org_names=args.keep_org_names,
    )
    if not (args.pptx or args.xlsx or args.html or args.docx):
        kpis = [
            {"label": k.label, "value": k.value, "unit": k.unit, "note": k.note} for k in brief.kpis
        ]
        json.dump({"title": brief.title, "kpis": kpis}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if failed else 0
    from analysis.output.export_html import briefing_html
    from analysis.output.export_pptx import briefing_deck
    from analysis.output.export_xlsx import briefing_workbook
    from analysis.output.word_report import analysis_report_docx

    _write_outputs(
        {
            "PowerPoint": (args.pptx, lambda: briefing_deck(brief)),
            "Excel": (args.xlsx, lambda: briefing_workbook(brief)),
            "HTML": (args.html, lambda: briefing_html(brief)),
            "Word": (args.docx, lambda: analysis_report_docx(brief, title=args.docx_title)),
        }
    )
    return 1 if failed else 0


def _identity_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--roster",
        metavar="FILE.xlsx|csv",
        help="组织名录（名称、上级党组织、类型、别名），支部按名录匹配",
    )
    p.add_argument(
        "--meta", metavar="metadata.csv", help="元数据表：文件名、支部、单位、年份、类型、标题"
    )


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
    p.add_argument("--workers", type=int, default=None, help=WORKERS_HELP)
    _identity_args(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("ingest", help="把报告加入语料库，每个文件输出一行结果")
    p.add_argument("files", nargs="+")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="导入后立即用 N 个进程分析；扫描件用 N 个进程 OCR (0 = all cores)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="导入后在 Dask 集群上分析：tcp://HOST:8786，或 local（本机 LocalCluster，--workers 个进程）",
    )
    _identity_args(p)
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
    p.add_argument("--docx", metavar="OUT.docx", help="导出对比分析 Word 初稿（公文格式）")
    p.add_argument("--label-a", help="A 方名称（默认取支部名）")
    p.add_argument("--label-b", help="B 方名称（默认取支部名）")
    p.add_argument("--threshold", type=float, default=None, help="举措相似度阈值 (0-1，默认 0.25)")
    p.add_argument("--keep-officialese", action="store_true", help="词语对比中保留公文套话")
    p.add_argument("--keep-org-names", action="store_true", help=ORG_NAMES_HELP)
    p.add_argument("--workers", type=int, default=None, help=WORKERS_HELP)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "brief",
        help="生成简报：PowerPoint / Excel / 离线 HTML / Word 分析报告（任选）",
        description="对给定报告生成简报。示例：python -m analysis brief data/*.txt --pptx 简报.pptx --html 简报.html",
    )
    p.add_argument("files", nargs="+")
    p.add_argument("--pptx", metavar="OUT.pptx", help="导出 PowerPoint")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="导出 Excel")
    p.add_argument("--html", metavar="OUT.html", help="导出离线 HTML")
    p.add_argument("--docx", metavar="OUT.docx", help="导出综合分析报告 Word 初稿（公文格式）")
    p.add_argument("--docx-title", default="", help="分析报告标题（默认按年份生成）")
    p.add_argument("--title", default="党建工作分析简报", help="简报标题")
    p.add_argument("--keep-officialese", action="store_true", help="关键词中保留公文套话")
    p.add_argument("--keep-org-names", action="store_true", help=ORG_NAMES_HELP)
    p.add_argument("--workers", type=int, default=None, help=WORKERS_HELP)
    p.set_defaults(func=cmd_brief)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    handler = logs.configure(terminal=False)  # DJ_LOG_FILE only: no English on the terminal
    log_path = str(getattr(handler, "baseFilename", ""))
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except StoreDamagedError as exc:  # nothing was written; the message says how to restore
        print(f"错误: {exc.message}", file=sys.stderr)
        return 1
    except AnalysisError as exc:
        print(f"错误: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(MSG_INTERRUPTED, file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # disk full, a database error, a bug: Chinese, never a traceback
        logger.exception("command %s failed", args.command)
        if is_disk_full(exc):
            print(f"错误: {disk_full_message('数据')}", file=sys.stderr)
            return 2
        hint = MSG_LOG_HINT.format(path=log_path) if log_path else ""
        print(
            f"错误: {MSG_CLI_UNEXPECTED.format(kind=type(exc).__name__, log=hint)}", file=sys.stderr
        )
        return 2
