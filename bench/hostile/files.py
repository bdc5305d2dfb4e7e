"""The must-refuse files of the hostile run: 52 bad files, each with the Chinese reason it must get.

Built from the builders the unit tests use (tests/fixtures.py, tests/bad_files.py), so a file here
and its unit test are the same bytes. The set is fixed and deterministic: `write_files` lays the
same 52 files out on disk on every run.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.bad_files import FAILING, long_comment_entity_docx


@dataclass(frozen=True)
class Case:
    """One must-refuse file: its name, how to build it, and a fragment of its right reason."""

    name: str
    build: Callable[[], bytes]
    reason: str


# Dropped from the unit tests' list to keep the bar's 52: near-copies of a kept case.
NEAR_COPIES = {
    "AES128加密.pdf",  # AES-256 and RC4 are kept
    "UTF16控制符.txt",  # 控制符.txt is kept
    "演示改名.docx",  # 表格改名.docx is kept
    "一行五万格.docx",  # 巨型表格.docx is kept
    "幻灯片.ppt",  # 表格.xls is kept
    "新图.txt",  # the other three image kinds are kept
    "零宽字符.txt",  # 空白.txt is kept
    "截断.pdf",  # 损坏.pdf is kept
    "旧版.doc.txt",  # 旧版.doc is kept
    "坏XML.docx",  # 损坏.docx is kept
}


def _symlink_zip() -> bytes:
    """A zip whose only member is a symbolic link to /etc/passwd."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        link = zipfile.ZipInfo("链接.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    return buf.getvalue()


def _html(prefix: bytes = b"") -> bytes:
    return (
        prefix
        + "<html><head><title>党建</title></head><body><p>支部工作报告</p></body></html>".encode()
    )


# The holes of issue 30 point 7 (and one neighbour: a web page renamed to .pdf).
ROUND_TWO: list[Case] = [
    Case("长注释实体.docx", long_comment_entity_docx, "XML 实体声明"),
    Case("叉叉.txt", lambda: ("××××　×××\n" * 30).encode(), "全是脱敏符号"),
    Case("星号.txt", lambda: b"*** ** ***\n" * 20, "全是脱敏符号"),
    Case("网页.doc", _html, "网页文件（HTML）"),
    Case(
        "Word网页.doc",
        lambda: (
            b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- saved -->\n<HTML xmlns:o="x">'
            + "党建</HTML>".encode()
        ),
        "网页文件（HTML）",
    ),
    Case("网页.txt", lambda: "<!DOCTYPE html><title>党建</title>".encode(), "网页文件（HTML）"),
    Case("网页改名.pdf", _html, "网页文件（HTML）"),
    Case("符号链接.zip", _symlink_zip, "符号链接"),
]

CASES: list[Case] = [
    Case(name, build, reason) for name, build, reason in FAILING if name not in NEAR_COPIES
] + ROUND_TWO

# Upload-only probes: names no file system can hold, so the CLI cannot be handed them.
UPLOAD_ONLY: list[Case] = [
    Case("..", lambda: "党建工作报告\n支部开展主题党日活动12次。\n".encode(), "不支持的文件格式"),
]


def write_files(folder: Path, cases: list[Case] = CASES) -> list[Path]:
    """Write every case into `folder` (created); the paths in case order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in cases:
        path = folder / case.name
        path.write_bytes(case.build())
        paths.append(path)
    return paths
