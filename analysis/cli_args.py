"""The command line's arguments: the parser of `python -m analysis` (declarations only; the
commands are in analysis/cli.py) and the files its options name (--roster, --meta)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.core.models import AnalysisError
from analysis.output.overlap_cli import add_command as add_overlap_command
from analysis.store.database import DEFAULT_DB
from analysis.store.roster_file import parse_roster
from analysis.text.metadata import Metadata, parse_sidecar
from analysis.text.roster import Roster

if TYPE_CHECKING:
    from analysis.output.gongwen import Signature

DESCRIPTION = """党建报告分析看板 — 命令行工具 (party-building report analysis, command line).

示例 / examples:
  python -m analysis analyze 报告1.docx 报告2.txt > out.json
  python -m analysis analyze 报告/*.docx --roster 组织名录.xlsx --meta metadata.csv
  python -m analysis ingest data/*.txt --db corpus.db --roster 组织名录.csv
  python -m analysis list --json
"""
WORKERS_HELP = "并行进程数：分析 (default: all cores)；扫描件 OCR (default: 1，OCR 本身用满全部核)"
DB_HELP = f"语料库数据库：文件路径或 postgresql:// 连接串 (default: $DJ_DB or {DEFAULT_DB})"
ORG_NAMES_HELP = "关键词、词云和特色词中保留单位和支部的名称（默认不计入）"


def _read_arg(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise AnalysisError(f"无法读取{what}文件 {path}：{exc.strerror or exc}。") from None


def roster_arg(path: str | None) -> Roster | None:
    """The roster file given with --roster (None without one); a bad file raises RosterError."""
    return parse_roster(Path(path).name, _read_arg(path, "名录")) if path else None


def sidecar_arg(path: str | None) -> dict[str, Metadata]:
    """The metadata table given with --meta, keyed by file name."""
    return parse_sidecar(Path(path).name, _read_arg(path, "元数据表")) if path else {}


def ocr_workers(workers: int | None) -> int:
    """OCR processes for --workers N (0: all cores; not given: one, OCR uses every core)."""
    return (os.cpu_count() or 1) if workers == 0 else max(1, workers or 1)


def signature_arg(args: argparse.Namespace) -> Signature:
    """The Word draft's 落款 from --office/--date/--recipient (a bad date: a Chinese error)."""
    from analysis.output.gongwen import Signature, draft_date  # python-docx only when asked

    try:
        draft_date(args.date)
    except ValueError as exc:
        raise AnalysisError(str(exc)) from exc
    return Signature(args.office, args.date, args.recipient)


def _options(p: argparse.ArgumentParser, *names: str) -> None:
    """Add the named shared options (one help text each) to a subcommand."""
    shared: dict[str, tuple[tuple[str, ...], dict]] = {
        "db": (("--db",), {"default": None, "help": DB_HELP}),
        "workers": (("--workers",), {"type": int, "default": None, "help": WORKERS_HELP}),
        "officialese": (("--keep-officialese",), {"action": "store_true", "help": "保留公文套话"}),
        "org": (("--keep-org-names",), {"action": "store_true", "help": ORG_NAMES_HELP}),
        "roster": (("--roster",), {"metavar": "FILE.xlsx|csv", "help": "组织名录，支部按名录匹配"}),
        "meta": (
            ("--meta",),
            {"metavar": "metadata.csv", "help": "元数据表：文件名、支部、单位、年份、类型、标题"},
        ),
        "pptx": (("--pptx",), {"metavar": "OUT.pptx", "help": "导出 PowerPoint"}),
        "xlsx": (("--xlsx",), {"metavar": "OUT.xlsx", "help": "导出 Excel"}),
        "html": (("--html",), {"metavar": "OUT.html", "help": "导出离线 HTML"}),
        "office": (("--office",), {"default": "", "help": "Word 初稿的落款单位"}),
        "date": (
            ("--date",),
            {"default": "", "help": "Word 初稿的成文日期，如 2026年12月7日（默认今天）"},
        ),
        "recipient": (("--recipient",), {"default": "", "help": "Word 初稿的主送机关（可空）"}),
    }
    for name in names:
        flags, kw = shared[name]
        p.add_argument(*flags, **kw)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--log-file", metavar="PATH", help="把全部日志（含调试信息）追加写入此文件")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze", help="分析报告并以 JSON 数组输出到 stdout")
    p.add_argument(
        "files", nargs="+", help=".txt .docx .doc .wps .rtf .odt .pdf .jpg .png .tif / .zip"
    )
    p.add_argument("--pretty", action="store_true", help="缩进输出 JSON")
    _options(p, "officialese", "workers", "roster", "meta")
    p = sub.add_parser("ingest", help="把报告加入语料库，每个文件输出一行结果")
    p.add_argument(
        "files",
        nargs="+",
        help="报告文件、目录（其中全部文件）、.zip（其中的 metadata.csv 按上传页面的规则使用）",
    )
    p.add_argument(
        "--workers",
        type=int,
        help="导入后立即用 N 个进程分析；扫描件用 N 个进程 OCR (0 = all cores)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="导入后在 Dask 集群上分析：tcp://HOST:8786，或 local（本机 LocalCluster，--workers 个进程）",
    )
    _options(p, "db", "roster", "meta")
    p = sub.add_parser("list", help="列出语料库中的报告")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    _options(p, "db")
    p = sub.add_parser(
        "compare", help="对比两组报告：FILE... --vs FILE...；无输出选项时以 JSON 输出",
        description="对比两组报告（--vs 之前为 A 方，之后为 B 方）。"
        "示例：python -m analysis compare a.docx --vs b.docx --pptx 对比.pptx --xlsx 对比.xlsx",
    )  # fmt: skip
    p.add_argument("files", nargs="+", help="A 方的报告文件")
    p.add_argument("--vs", nargs="+", required=True, metavar="FILE", help="B 方的报告文件")
    p.add_argument("--docx", metavar="OUT.docx", help="导出对比分析 Word 初稿（公文格式）")
    p.add_argument("--label-a", help="A 方名称（默认取支部名）")
    p.add_argument("--label-b", help="B 方名称（默认取支部名）")
    p.add_argument("--threshold", type=float, default=None, help="举措相似度阈值 (0-1，默认 0.25)")
    _options(
        p, "pptx", "xlsx", "html", "office", "date", "recipient", "officialese", "org", "workers"
    )
    p = sub.add_parser(
        "brief", help="生成简报：PowerPoint / Excel / 离线 HTML / Word 分析报告（任选）",
        description="对给定报告生成简报。示例：python -m analysis brief data/*.txt --pptx 简报.pptx --html 简报.html",
    )  # fmt: skip
    p.add_argument("files", nargs="+")
    p.add_argument("--docx", metavar="OUT.docx", help="导出综合分析报告 Word 初稿（公文格式）")
    p.add_argument("--docx-title", default="", help="分析报告标题（默认按年份生成）")
    p.add_argument("--title", default="党建工作分析简报", help="简报标题")
    _options(
        p, "pptx", "xlsx", "html", "office", "date", "recipient", "officialese", "org", "workers"
    )
    add_overlap_command(sub, DB_HELP)
    return parser
