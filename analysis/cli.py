"""Command line: analyze, ingest and list reports without the UI (for automation).

Every unreadable file gets one line on stderr naming it and why; the others are still processed, and
the exit code is 1 when any file failed. Error-level log records show on stderr (one line each);
--log-file PATH writes every record.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from analysis.cli_args import build_parser, ocr_workers, roster_arg, sidecar_arg, signature_arg
from analysis.core import logs
from analysis.core.models import AnalysisError
from analysis.core.resources import default_texts
from analysis.corpus.from_files import FileReports, corpus_from_files, file_record
from analysis.corpus.kpis import Kpis, corpus_kpis
from analysis.io.errors import disk_full_message, is_disk_full
from analysis.io.names import shown_name
from analysis.output.overlap_cli import cmd_overlap, rows_after_ingest
from analysis.store.database import CorpusStore
from analysis.store.integrity import StoreDamagedError
from analysis.store.report_columns import OCR_FIELDS, ORIGINAL_FIELDS
from analysis.store.scan_reading import Scan

logger = logging.getLogger(__name__)

MSG_INTERRUPTED = "已中断。"
MSG_CLI_UNEXPECTED = "出现意外错误（{kind}），已停止。请检查输入文件和参数后重试{log}。"
MSG_LOG_HINT = "；详细信息已写入日志 {path}"
Exports = dict[str, tuple[str | None, Callable[[], str | bytes]]]


def _print_ocr_page(label: str, done: int, total: int) -> None:
    print(f"OCR 识别 {shown_name(label)}：第 {done}/{total} 页", file=sys.stderr, flush=True)


def _ocr_progress(scan: Scan) -> Callable[[int, int], None]:
    """A progress line per OCR'd page of a scan (a partial of a module function: picklable)."""
    return partial(_print_ocr_page, scan.key)


def _fail(label: str, message: str) -> None:
    """One line on stderr naming the file (control characters escaped) and the reason."""
    print(f"错误 {shown_name(label)}: {message}", file=sys.stderr)


def _files(args: argparse.Namespace, groups: Sequence[Sequence[str]], **kw) -> FileReports:
    """The files of the command read and analysed into a corpus; failures said on stderr."""
    ocr = (ocr_workers(args.workers), _ocr_progress)
    files = corpus_from_files(groups, default_texts(), args.workers, ocr, **kw)
    for label, exc in files.failures:
        _fail(label, exc.message)
    return files


def cmd_analyze(args: argparse.Namespace) -> int:
    roster, sidecar = roster_arg(args.roster), sidecar_arg(args.meta)
    files = _files(args, [args.files], metas=sidecar, roster=roster)
    texts, officialese = default_texts(), not args.keep_officialese
    out = [file_record(files, rid, texts, officialese) for rid in files.corpus.ids]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 1 if files.failures else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from analysis.store.disk_batch import ingest_paths
    from analysis.store.roster import save_roster

    roster, sidecar = roster_arg(args.roster), sidecar_arg(args.meta)
    store = CorpusStore(args.db)
    if roster is not None:
        changed = save_roster(store, roster)
        print(
            f"已导入组织名录 {len(roster)} 个组织，{changed} 份已有报告的支部已重新标注。",
            file=sys.stderr,
        )
    failed = 0
    readers = ocr_workers(args.workers) if args.workers is not None else 1
    for item in ingest_paths(
        store, args.files, sidecar, _print_ocr_page, ocr_workers(args.workers), readers
    ):
        shown, meta = shown_name(item.label), item.meta
        if item.status == "sidecar":
            print(f"{shown}: {item.reason}", file=sys.stderr)
        elif item.status == "failed":
            _fail(item.label, item.reason)
            print(f"failed\t{shown}\t{shown_name(item.reason)}")
            failed += 1
        else:
            if item.reason and item.status != "duplicate":  # a warning (a very short report)
                print(f"提示 {shown}: {item.reason}", file=sys.stderr)
            status = "duplicate" if item.status == "duplicate" else "added"
            print(
                f"{status}\t{shown}\tid={item.report_id}\t{shown_name(meta.branch)}\t{meta.branch_status}"
            )
    rows_after_ingest(store)  # 雷同检测's stored pairs and shares for the reports just saved
    if args.workers is not None or args.dask:  # analyze now, so the app opens without analysis
        from analysis.corpus.distributed import dask_runner
        from analysis.corpus.store_analysis import analyze_missing, local_runner

        run = dask_runner(args.dask, args.workers) if args.dask else local_runner(args.workers)
        n = analyze_missing(store, run)
        print(f"已分析并缓存 {n} 份报告。", file=sys.stderr)
    return 1 if failed else 0


def kpi_line(kpis: Kpis) -> str:
    """The corpus's headline figures on one line, as 概览 shows them (e.g. "报告 5 份 · …")."""
    shown = [f"{k.label} {k.value}{(' ' + k.note) if k.note else ''}" for k in kpis.items()]
    return "合计：" + " · ".join(shown)


def cmd_list(args: argparse.Namespace) -> int:
    from analysis.corpus.loading import load_corpus
    from analysis.corpus.tables import reports_frame
    from analysis.output.labels import labelled  # 概览's Chinese headers

    corpus = load_corpus(CorpusStore(args.db))  # chars = cleaned length, as every page shows
    if args.json:
        cols = ["branch", "organization", "year", "kind", "title", "chars", "added_at"]
        df = corpus.reports[[*cols, *OCR_FIELDS, *ORIGINAL_FIELDS]].reset_index()
        records = json.loads(df.to_json(orient="records", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=2))  # the same bytes as json.dump
    elif len(corpus.reports):  # the report list of 概览, its Chinese columns, names made safe
        table = reports_frame(corpus).map(lambda v: shown_name(v) if isinstance(v, str) else v)
        print(labelled(table).to_string(index=False))
        print(kpi_line(corpus_kpis(corpus)))
    else:
        print("（语料库为空）")
    return 0


def _export(args: argparse.Namespace, exports: Exports, data: Callable[[], dict]) -> None:
    """Write each export asked for (--pptx/--xlsx/--html/--docx) and say where; none asked:
    the JSON of `data()` on stdout. Shared by compare and brief."""
    asked = {fmt: (path, build) for fmt, (path, build) in exports.items() if path}
    if not asked:
        json.dump(data(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    for fmt, (path, build) in asked.items():
        content, target = build(), Path(str(path))
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
        print(f"已写入 {fmt}: {shown_name(str(target))}")


def cmd_compare(args: argparse.Namespace) -> int:
    from analysis.corpus.compare.as_json import comparison_to_dict
    from analysis.corpus.compare.comparison import compare_sides
    from analysis.corpus.compare.measure_alignment import DEFAULT_THRESHOLD
    from analysis.output import comparison_slides, export_html, export_xlsx, word_report

    sig = signature_arg(args)  # a bad --date fails before any work
    files = _files(args, [args.files, args.vs])
    ids_a, ids_b = files.groups
    if not ids_a or not ids_b:
        side = "A（--vs 之前）" if not ids_a else "B（--vs 之后）"
        raise AnalysisError(f"{side}没有可读取的报告，无法对比。")
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    comp = compare_sides(
        files.corpus, ids_a, ids_b, default_texts(), label_a=args.label_a or "",
        label_b=args.label_b or "", officialese=not args.keep_officialese, threshold=threshold,
        org_names=args.keep_org_names,
    )  # fmt: skip
    exports: Exports = {
        "PowerPoint": (args.pptx, lambda: comparison_slides.comparison_deck(comp)),
        "Excel": (args.xlsx, lambda: export_xlsx.comparison_workbook(comp)),
        "HTML": (args.html, lambda: export_html.comparison_html(comp)),
        "Word": (args.docx, lambda: word_report.corpus_comparison_docx(comp, files.corpus, sig)),
    }
    _export(args, exports, lambda: comparison_to_dict(comp))
    return 1 if files.failures else 0


def cmd_brief(args: argparse.Namespace) -> int:
    from analysis.output import briefing_slides, export_html, export_xlsx, word_report
    from analysis.output.briefing import build_briefing

    sig = signature_arg(args)  # a bad --date fails before any work
    files = _files(args, [args.files])
    if not files.groups[0]:
        raise AnalysisError("没有可读取的报告，无法生成简报。")
    brief = build_briefing(
        files.corpus, default_texts(), report_ids=files.groups[0], title=args.title,
        officialese=not args.keep_officialese, org_names=args.keep_org_names,
    )  # fmt: skip
    exports: Exports = {
        "PowerPoint": (args.pptx, lambda: briefing_slides.briefing_deck(brief)),
        "Excel": (args.xlsx, lambda: export_xlsx.briefing_workbook(brief)),
        "HTML": (args.html, lambda: export_html.briefing_html(brief)),
        "Word": (
            args.docx,
            lambda: word_report.analysis_report_docx(brief, title=args.docx_title, signature=sig),
        ),
    }
    kpis = [
        {"label": k.label, "value": k.value, "unit": k.unit, "note": k.note} for k in brief.kpis
    ]
    _export(args, exports, lambda: {"title": brief.title, "kpis": kpis})
    return 1 if files.failures else 0


COMMANDS = {
    "analyze": cmd_analyze,
    "ingest": cmd_ingest,
    "list": cmd_list,
    "compare": cmd_compare,
    "brief": cmd_brief,
    "overlap": cmd_overlap,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = COMMANDS[args.command]
    handler = logs.configure_cli(args.log_file)  # errors on stderr; everything in --log-file
    log_path = str(getattr(handler, "baseFilename", ""))
    logger.info("command %s started", args.command)
    try:
        return command(args)
    except AnalysisError as exc:  # a damaged store (nothing written: 1) or a bad argument (2)
        print(f"错误: {exc.message}", file=sys.stderr)
        return 1 if isinstance(exc, StoreDamagedError) else 2
    except KeyboardInterrupt:
        print(MSG_INTERRUPTED, file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
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
