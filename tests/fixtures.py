"""Builders of test input files, made at test time (nothing binary is committed).

Each `make_*` function returns the file's bytes and, when `path` is given, also writes them there.
Import as `from tests.fixtures import make_docx, make_pdf, ...`.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

# A short report in the genre, used as default content.
SAMPLE_REPORT = (
    "兴城投资党支部2023年度党建工作报告\n"
    "一、主要做法\n"
    "（一）坚持一个引领，确保党建主体地位\n"
    "一是加强组织领导，支委坚持每季度召开一次党建专题会议。二是落实“三会一课”制度。\n"
    "二、工作成效\n"
    "支部现有党员22名，全年开展主题党日活动12次。\n"
)

# Blocks of make_docx: str = paragraph, (level, text) = heading, list of rows = table.
Block = str | tuple[int, str] | list[list[str]]

DEFAULT_DOCX_BLOCKS: tuple[Block, ...] = (
    (1, "兴城投资党支部2023年度工作总结"),
    "支部坚持党建引领，推动党建与业务深度融合。",
    (2, "一、主要做法"),
    "一是加强组织领导，支委坚持每季度召开一次党建专题会议。",
    [["指标", "数值"], ["党员人数", "22名"], ["主题党日", "12次"]],
    (2, "二、工作成效"),
    "全年开展志愿服务200余场次。",
)


def _out(data: bytes, path: str | Path | None) -> bytes:
    """Write `data` to `path` when given; return it either way."""
    if path is not None:
        Path(path).write_bytes(data)
    return data


# ---------------------------------------------------------------- text


def make_txt(
    text: str = SAMPLE_REPORT, encoding: str = "utf-8", path: str | Path | None = None
) -> bytes:
    """A text file in `encoding`: 'utf-8', 'utf-8-sig' (BOM), 'utf-16' (BOM), 'gbk', 'gb18030' …"""
    return _out(text.encode(encoding), path)


# ---------------------------------------------------------------- docx


def make_docx(
    path: str | Path | None = None,
    blocks: Sequence[Block] = DEFAULT_DOCX_BLOCKS,
    *,
    chinese_styles: bool = False,
) -> bytes:
    """A .docx built with python-docx: paragraphs, headings (Heading N or '标题 N'), tables."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    doc = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
        elif isinstance(block, tuple):
            level, text = block
            if chinese_styles:
                name = f"标题 {level}"
                if name not in [s.name for s in doc.styles]:
                    doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                doc.add_paragraph(text, style=name)
            else:
                doc.add_heading(text, level=level)
        else:
            rows = block
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buf = io.BytesIO()
    doc.save(buf)
    return _out(buf.getvalue(), path)


def make_corrupted_docx(path: str | Path | None = None) -> bytes:
    """A real .docx cut in half: the zip's central directory is missing."""
    data = make_docx()
    return _out(data[: len(data) // 2], path)


def make_docx_bad_xml(path: str | Path | None = None) -> bytes:
    """A zip that looks like a .docx but whose word/document.xml is not XML."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "这不是 XML <w:document")
    return _out(buf.getvalue(), path)


# ---------------------------------------------------------------- pdf


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register a CJK font with reportlab and return its name.

    The Noto Sans SC .otf of pylopdf_fonts_zh_cn has CFF outlines, which reportlab's TTFont cannot
    embed; the built-in CID font STSong-Light is used then (pypdf extracts its text correctly).
    """
    import os

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        import pylopdf_fonts_zh_cn

        font = os.path.join(os.path.dirname(pylopdf_fonts_zh_cn.__file__), "NotoSansSC-Regular.otf")
        pdfmetrics.registerFont(TTFont("NotoSansSC", font))
        return "NotoSansSC"
    except (ImportError, TTFError, OSError):
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"


def wrap(text: str, width: int) -> list[str]:
    """Cut each paragraph of `text` into lines of `width` characters, as a PDF layout does."""
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(para[i : i + width] for i in range(0, max(len(para), 1), width))
    return lines


def make_pdf(
    path: str | Path | None = None,
    pages: Sequence[Sequence[str]] = (SAMPLE_REPORT.splitlines(),),
    *,
    footer: str | None = None,
    font_size: int = 12,
) -> bytes:
    """A PDF with a text layer: one list of lines per page; `footer` may use {n} and {total}."""
    from reportlab.pdfgen import canvas

    font = cjk_font()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842))
    for n, lines in enumerate(pages, 1):
        pdf.setFont(font, font_size)
        y = 800
        for line in lines:
            pdf.drawString(50, y, line)
            y -= font_size * 1.6
        if footer:
            pdf.drawString(260, 30, footer.format(n=n, total=len(pages)))
        pdf.showPage()
    pdf.save()
    return _out(buf.getvalue(), path)


def make_scanned_pdf(path: str | Path | None = None) -> bytes:
    """A PDF with shapes only and no text layer, like a scanned page."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842))
    for page in range(2):
        pdf.setFillGray(0.3 + page * 0.2)
        pdf.rect(50, 500, 400, 200, fill=1)
        pdf.circle(300, 300, 80, fill=1)
        pdf.showPage()
    pdf.save()
    return _out(buf.getvalue(), path)


def make_encrypted_pdf(
    path: str | Path | None = None, password: str = "secret", owner_only: bool = False
) -> bytes:
    """A text PDF encrypted with RC4-128 (no extra crypto package needed).

    With `owner_only` the user password is empty: any reader opens it without asking.
    """
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf())))
    user = "" if owner_only else password
    writer.encrypt(user_password=user, owner_password=password + "-owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return _out(buf.getvalue(), path)


def make_corrupted_pdf(path: str | Path | None = None) -> bytes:
    """A PDF header followed by garbage: no objects, no xref, no trailer."""
    return _out(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Cat" + bytes(range(256)) * 4, path)


# ---------------------------------------------------------------- images and binaries


def make_png(path: str | Path | None = None, width: int = 8, height: int = 8) -> bytes:
    """A small valid grey PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\x00" + bytes([(x * 32) % 256 for x in range(width)]) for _ in range(height))
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return _out(data, path)


def make_binary(path: str | Path | None = None, size: int = 4096) -> bytes:
    """Arbitrary binary bytes (with NULs and control bytes), e.g. an executable renamed .txt."""
    data = bytes((i * 7919 + 13) % 256 for i in range(size))
    return _out(data, path)


# ---------------------------------------------------------------- zip


def make_zip(members: Mapping[str, bytes], path: str | Path | None = None) -> bytes:
    """A deflated zip of `members` (name -> bytes); names may contain directories."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return _out(buf.getvalue(), path)


class _LegacyNameInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is stored GBK-encoded without the UTF-8 flag (Windows archivers)."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's private hook)
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def make_gbk_names_zip(members: Mapping[str, bytes], path: str | Path | None = None) -> bytes:
    """A zip whose member names are GBK bytes, as Chinese Windows 'send to compressed folder' does."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = _LegacyNameInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return _out(buf.getvalue(), path)


def make_zip_bomb(path: str | Path | None = None, size_mb: int = 30) -> bytes:
    """A zip holding `size_mb` MB of zeros in one .txt member (compression ratio about 1000:1)."""
    buf = io.BytesIO()
    block = b"\x00" * (1024 * 1024)
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("bomb.txt", "w", force_zip64=True) as fh,
    ):
        for _ in range(size_mb):
            fh.write(block)
    return _out(buf.getvalue(), path)


def make_many_members_zip(path: str | Path | None = None, count: int = 1200) -> bytes:
    """A zip of `count` tiny .txt members (the many-files variant of a zip bomb)."""
    return make_zip({f"r{i}.txt": "党建".encode() for i in range(count)}, path)


def make_traversal_zip(path: str | Path | None = None) -> bytes:
    """A zip with hostile and junk member paths next to one good report in a nested folder."""
    good = SAMPLE_REPORT.encode("utf-8")
    return make_zip(
        {
            "../../evil.txt": good,
            "/etc/abs.txt": good,
            "2023/一支部/报告.txt": good,
            "__MACOSX/2023/._报告.txt": b"\x00\x05\x16\x07",
            "2023/": b"",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
            "说明.xlsx": b"PK\x03\x04",
        },
        path,
    )


def make_encrypted_member_zip(path: str | Path | None = None) -> bytes:
    """A zip whose only member is flagged as password-encrypted (general purpose bit 0)."""
    data = bytearray(make_zip({"报告.txt": SAMPLE_REPORT.encode("utf-8")}))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 6] |= 0x01  # local file header: flags at offset 6
    data[central + 8] |= 0x01  # central directory header: flags at offset 8
    return _out(bytes(data), path)


def normalize_raw(text: str) -> str:
    """Minimal stand-in for the cleaner: scraping markers out, ×/＊/XX redaction marks to '*'."""
    text = re.sub(r"##paid(?:begin|end)##", "", text)
    text = text.replace("×", "*").replace("＊", "*")
    return re.sub(r"(?<![A-Za-z])X{2,}(?![A-Za-z])", lambda m: "*" * len(m.group()), text)


def sample(prefix: str) -> str:
    """The normalized text of the sample whose file name starts with `prefix`."""
    (path,) = (Path(__file__).resolve().parents[1] / "data" / "samples").glob(f"{prefix}_*.txt")
    return normalize_raw(path.read_text(encoding="utf-8"))
