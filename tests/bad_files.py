"""Bad input files of issues 9, 16 and 30, built at test time: each with the Chinese reason the
upload path and the CLI must give. FAILING is the table the upload tests, the CLI test and the
hostile benchmark (bench/hostile/files.py) all use, so a bad file is the same bytes in each.
Builders of ordinary files are in tests/fixtures.py."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import lru_cache

from analysis.io.limits import MAX_FILE_BYTES
from tests.fixtures import (
    make_binary,
    make_corrupted_docx,
    make_corrupted_pdf,
    make_docx,
    make_docx_bad_xml,
    make_encrypted_member_zip,
    make_encrypted_pdf,
    make_many_members_zip,
    make_pdf,
    make_png,
    make_scanned_pdf,
    make_zip,
    make_zip_bomb,
)

GOOD = "*公司支部经验材料\n支部坚持“三会一课”制度，全年开展主题党日活动8次。\n"


LIMIT_MB = f"{MAX_FILE_BYTES // (1024 * 1024)} MB"


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


DOCM_TYPE = b"application/vnd.ms-word.document.macroEnabled.main+xml"


@lru_cache(maxsize=1)
def _base_docx() -> bytes:
    """python-docx's default document: real styles, content types and relationships."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def docx_with(body: str = "", *, document: bytes | None = None, **parts: bytes) -> bytes:
    """The default .docx with word/document.xml replaced (by `body` inside w:body, or `document`
    verbatim) and other parts added or replaced (keyword: zip path with '/' written as '__')."""
    xml = (
        document
        or (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
        ).encode()
    )
    extra = {
        k.replace("__", "/").replace("_CT_", "[Content_Types].xml"): v for k, v in parts.items()
    }
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_base_docx())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, extra.pop(info.filename, data))
        for name, data in extra.items():
            dst.writestr(name, data)
    return out.getvalue()


def par(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def make_docm(*, renamed: bool = False) -> bytes:
    """A macro-enabled document: the docm content type and a vbaProject.bin part."""
    with zipfile.ZipFile(io.BytesIO(_base_docx())) as zf:
        types = zf.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        DOCM_TYPE,
    )
    parts = {"_CT_": types}
    if not renamed:
        parts["word__vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + bytes(60)
    return docx_with(par("党建工作报告"), **parts)


def make_entity_bomb_docx(*, external: bool = False) -> bytes:
    """A billion-laughs document.xml (or an external entity reading /etc/passwd)."""
    if external:
        dtd = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        ref = "&x;"
    else:
        ents = ['<!ENTITY a0 "党建党建党建党建">'] + [
            f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
        ]
        dtd = f"<!DOCTYPE d [{''.join(ents)}]>"
        ref = "&a9;"
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>{dtd}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{par(ref)}</w:body></w:document>'
    )
    return docx_with(document=document.encode())


def make_deep_xml_docx(depth: int = 3000) -> bytes:
    """Content controls nested `depth` deep (an XML nesting bomb)."""
    opening = "<w:sdt><w:sdtContent>" * depth
    closing = "</w:sdtContent></w:sdt>" * depth
    return docx_with(opening + par("党建") + closing)


def make_nested_tables_docx(levels: int = 12) -> bytes:
    """A table inside a cell inside a table … `levels` deep."""
    inner = par("党建")
    for _ in range(levels):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc><w:tc>{par('支部')}</w:tc></w:tr></w:tbl>"
    return docx_with(par("党建工作报告") + inner)


@lru_cache(maxsize=1)
def make_huge_table_docx(rows: int = 6000, cols: int = 10) -> bytes:
    """One table of 60,000 cells (the 20,000 x 10 table of the hostile test, smaller)."""
    row = "<w:tr>" + f"<w:tc>{par('支部')}</w:tc>" * cols + "</w:tr>"
    return docx_with(par("党建表格") + f"<w:tbl>{row * rows}</w:tbl>")


@lru_cache(maxsize=1)
def make_many_paragraphs_docx(n: int = 100_000) -> bytes:
    """100,000 short styled paragraphs (386 KB in the hostile test; over 14 minutes before)."""
    par = '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>党建第{}段。</w:t></w:r></w:p>'
    return docx_with("".join(par.format(i) for i in range(n)))


@lru_cache(maxsize=1)
def make_docx_xml_bomb() -> bytes:
    """A .docx whose document.xml inflates to 110 MB of blanks."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/document.xml", "w", force_zip64=True) as fh,
    ):
        block = b" " * (1024 * 1024)
        for _ in range(110):
            fh.write(block)
    return out.getvalue()


def make_ole(stream: str) -> bytes:
    """An OLE compound file header followed by a directory entry naming `stream` (UTF-16LE)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le") + bytes(64)


def make_rtf() -> bytes:
    return rb"{\rtf1\ansi\ansicpg936 {\fonttbl\f0 SimSun;}\f0 \'b5\'b3\'bd\'a8\'b9\'a4\'d7\'f7\par}"


def make_odt() -> bytes:
    return make_zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": "<office:document-content>党建</office:document-content>".encode(),
            "META-INF/manifest.xml": b"<manifest/>",
        }
    )


def make_pdf_encrypted(algorithm: str, *, owner_only: bool = False) -> bytes:
    """A text PDF encrypted with `algorithm` (RC4-128, AES-128, AES-256)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(
        user_password="" if owner_only else "用户密码1",
        owner_password="owner-2",
        algorithm=algorithm,
    )
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def make_page_bomb_pdf(pages: int = 2500) -> bytes:
    """`pages` pages sharing one empty content stream: tiny file, over the page cap."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# (upload name, bytes builder, Chinese message fragment): each bad file and its right reason.
FAILING: list[tuple[str, Callable[[], bytes], str]] = [
    ("空文件.txt", lambda: b"", "文件是空的"),
    ("空白.txt", lambda: " \n\t\u3000\r\n  ".encode(), "只有空白字符"),
    ("零宽字符.txt", lambda: "\u200b\u200b\n\ufeff\u200d".encode(), "只有空白字符"),
    ("控制符.txt", lambda: b"\x01\x02\x03\x04\x05\x06" * 20, "不是文本文件"),
    ("程序.txt", make_binary, "不是文本文件"),
    (
        "UTF16控制符.txt",
        lambda: b"\xff\xfe" + ("\x01\x02\x03" * 50).encode("utf-16-le"),
        "不是文本文件",
    ),
    ("照片.docx", make_png, "图片文件（PNG）"),
    ("照片.txt", lambda: b"\xff\xd8\xff\xe0" + bytes(200), "图片文件（JPEG）"),
    ("动图.pdf", lambda: b"GIF89a" + bytes(200), "图片文件（GIF）"),
    ("新图.txt", lambda: b"RIFF\x00\x01\x00\x00WEBPVP8 " + bytes(200), "图片文件（WEBP）"),
    ("炸弹.zip", lambda: make_zip_bomb(size_mb=30), "压缩炸弹"),
    ("加密成员.zip", make_encrypted_member_zip, "有密码保护，无法解压"),
    (
        "套娃.zip",
        lambda: make_zip({"内层.zip": make_zip({"a.txt": GOOD.encode()})}),
        "压缩包里的压缩包",
    ),
    ("很多文件.zip", lambda: make_many_members_zip(count=1200), "文件过多"),
    (
        "无报告.zip",
        lambda: make_zip({"音乐.mp3": b"ID3", "表.xlsx": b"PK"}),
        "没有可用的报告文件",
    ),
    ("坏压缩包.zip", lambda: b"PK\x03\x04" + bytes(range(256)) * 4, "压缩包已损坏"),
    ("旧版.doc", lambda: make_ole("WordDocument"), "旧版 Word"),
    ("旧版.wps", lambda: make_ole("WordDocument"), "文件无法转换"),
    ("旧版.doc.txt", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Word"),
    ("表格.xls", lambda: make_ole("Workbook"), "Excel 或 PowerPoint"),
    ("幻灯片.ppt", lambda: make_ole("PowerPoint Document"), "Excel 或 PowerPoint"),
    ("有密码.docx", lambda: make_ole("EncryptedPackage"), "设置了打开密码"),
    ("表格改名.docx", lambda: make_zip({"xl/workbook.xml": b"<x/>"}), "Excel 或 PowerPoint"),
    ("演示改名.docx", lambda: make_zip({"ppt/presentation.xml": b"<x/>"}), "Excel 或 PowerPoint"),
    ("开放文档.odt", make_odt, "OpenDocument"),
    ("含宏.docm", make_docm, "含宏的 Word 文档"),
    ("含宏改名.docx", lambda: make_docm(renamed=True), "含宏的 Word 文档"),
    ("实体炸弹.docx", make_entity_bomb_docx, "XML 实体"),
    ("外部实体.docx", lambda: make_entity_bomb_docx(external=True), "XML 实体"),
    ("深层嵌套.docx", make_deep_xml_docx, "XML 嵌套过深"),
    ("嵌套表格.docx", make_nested_tables_docx, "表格嵌套过深"),
    ("巨型表格.docx", make_huge_table_docx, "表格过大"),
    ("一行五万格.docx", lambda: make_huge_table_docx(rows=1, cols=50_001), "表格过大"),
    ("十万段落.docx", make_many_paragraphs_docx, "段落过多"),
    ("Word炸弹.docx", make_docx_xml_bomb, "压缩炸弹"),
    (
        "部件过多.docx",
        lambda: docx_with(par("党建"), **{f"word__media__p{i}.xml": b"<x/>" for i in range(1100)}),
        "部件过多",
    ),
    ("损坏.docx", make_corrupted_docx, "Word 文件已损坏"),
    ("坏XML.docx", make_docx_bad_xml, "Word 文件已损坏"),
    ("缺正文.docx", lambda: make_zip({"word/styles.xml": b"<x/>"}), "Word 文件已损坏"),
    ("文本冒充.docx", lambda: GOOD.encode(), "Word 文件已损坏"),
    ("空文档.docx", lambda: make_docx(blocks=[]), "只有空白字符"),
    ("英文文档.docx", lambda: make_docx(blocks=["Annual report."]), "未检测到中文"),
    ("加密.pdf", make_encrypted_pdf, "PDF 有密码保护"),
    ("AES加密.pdf", lambda: make_pdf_encrypted("AES-256"), "PDF 有密码保护"),
    ("AES128加密.pdf", lambda: make_pdf_encrypted("AES-128"), "PDF 有密码保护"),
    ("损坏.pdf", make_corrupted_pdf, "PDF 文件已损坏"),
    ("截断.pdf", lambda: b"%PDF-1.4\n", "PDF 文件已损坏"),
    ("页数炸弹.pdf", make_page_bomb_pdf, "PDF 页数过多"),
    ("扫描件.pdf", make_scanned_pdf, "没有文字层"),
    ("英文.pdf", lambda: make_pdf(pages=[["Annual report of the branch."]]), "未检测到中文"),
    (
        "乱码.txt",
        lambda: "党建工作".encode() + b"\xfe\xfe\xfe" + "报告".encode(),
        "无法识别文件的文字编码",
    ),
    ("超大.txt", lambda: ("党建工作报告。" * 2_500_000).encode(), f"超过上限 {LIMIT_MB[:-3]} MB"),
    (
        "english.txt",
        lambda: b"Annual report of the branch. Nothing in Chinese here.",
        "未检测到中文",
    ),
    ("程序.exe", lambda: b"MZ\x90\x00" + bytes(300), "不支持的文件格式"),
]


def long_comment_entity_docx(comment_kb: int = 70) -> bytes:
    """A DOCTYPE with an entity after a comment longer than the old 64 KB look-ahead."""
    comment = b"<!--" + b"x" * (comment_kb * 1024) + b"-->"
    dtd = '<!DOCTYPE d [<!ENTITY a "党建">]>'.encode()
    body = f'<w:document xmlns:w="{W_NS}"><w:body>{par("&a;报告")}</w:body></w:document>'
    return docx_with(
        document=b'<?xml version="1.0" encoding="UTF-8"?>' + comment + dtd + body.encode()
    )
