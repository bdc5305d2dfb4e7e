"""Every bad input of issues 9 and 16 through the upload path (prepare_batch -> commit_batch).

Each bad file gets a clear Chinese message; the good file of the same batch is still saved and the
reports stored before are untouched.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from functools import lru_cache

import pytest

from analysis.core.models import Extracted
from analysis.io.limits import MAX_FILE_BYTES
from analysis.store import uploads
from tests.fixtures import (
    SAMPLE_REPORT,
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
    make_traversal_zip,
    make_zip,
    make_zip_bomb,
)

STORED = "楼宇综合党委2022年度工作总结\n一、主要做法\n一是推行“红色管家”服务。\n"
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


def _par(text: str) -> str:
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
    return docx_with(_par("党建工作报告"), **parts)


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
        f'<w:document xmlns:w="{W_NS}"><w:body>{_par(ref)}</w:body></w:document>'
    )
    return docx_with(document=document.encode())


def make_deep_xml_docx(depth: int = 3000) -> bytes:
    """Content controls nested `depth` deep (an XML nesting bomb)."""
    opening = "<w:sdt><w:sdtContent>" * depth
    closing = "</w:sdtContent></w:sdt>" * depth
    return docx_with(opening + _par("党建") + closing)


def make_nested_tables_docx(levels: int = 12) -> bytes:
    """A table inside a cell inside a table … `levels` deep."""
    inner = _par("党建")
    for _ in range(levels):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc><w:tc>{_par('支部')}</w:tc></w:tr></w:tbl>"
    return docx_with(_par("党建工作报告") + inner)


@lru_cache(maxsize=1)
def make_huge_table_docx(rows: int = 6000, cols: int = 10) -> bytes:
    """One table of 60,000 cells (the 20,000 x 10 table of the hostile test, smaller)."""
    row = "<w:tr>" + f"<w:tc>{_par('支部')}</w:tc>" * cols + "</w:tr>"
    return docx_with(_par("党建表格") + f"<w:tbl>{row * rows}</w:tbl>")


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
        lambda: docx_with(_par("党建"), **{f"word__media__p{i}.xml": b"<x/>" for i in range(1100)}),
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


@pytest.fixture
def seeded(store):
    """A store holding one report, and a snapshot of it to prove it stays untouched."""
    uploads.process_batch(store, [("已有.txt", STORED.encode())])
    return store, list(store.records())


def _run_batch(store, bad: tuple[str, bytes]) -> list[uploads.Item]:
    """A batch of a good file, the bad one, and another good file; saved as the page does."""
    files = [("好报告.txt", GOOD.encode()), bad, ("另一份.txt", SAMPLE_REPORT.encode())]
    return uploads.commit_batch(store, uploads.prepare_batch(files, store))


def _assert_rest_untouched(store, before, items, bad_label, expected=("added", "added")):
    others = [i for i in items if not i.label.startswith(bad_label)]
    assert tuple(i.status for i in others) == expected
    after = {r["sha256"]: r for r in store.records()}
    for rec in before:  # the reports stored before are byte-for-byte the same
        assert after[rec["sha256"]] == rec


@pytest.mark.parametrize("name, build, fragment", FAILING, ids=[n for n, _, _ in FAILING])
def test_bad_file_fails_with_chinese_message(seeded, name, build, fragment):
    store, before = seeded
    items = _run_batch(store, (name, build()))
    bad = [i for i in items if i.label.startswith(name)]
    assert bad and all(i.status == "failed" for i in bad)
    assert fragment in bad[0].reason
    assert any("\u4e00" <= c <= "\u9fff" for c in bad[0].reason)
    _assert_rest_untouched(store, before, items, name)
    assert len(store.list_reports()) == len(before) + 2


def test_size_limit_is_stated_and_configurable(store, monkeypatch):
    monkeypatch.setenv("DJ_MAX_FILE_MB", "1")
    items = uploads.prepare_batch([("大.txt", ("党建工作。" * 100_000).encode())], store)
    assert items[0].status == "failed" and "超过上限 1 MB" in items[0].reason


def test_zip_with_traversal_writes_nothing_outside(seeded, tmp_path):
    store, before = seeded
    cwd = os.getcwd()
    work = tmp_path / "cwd"
    work.mkdir()
    os.chdir(work)
    try:
        items = _run_batch(store, ("危险.zip", make_traversal_zip()))
    finally:
        os.chdir(cwd)
    assert list(work.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()
    names = set(store.list_reports()["filename"])
    assert all("/" not in n and "\\" not in n and ".." not in n for n in names)
    inside = {i.filename: i for i in items if i.label.startswith("危险.zip")}
    # The three copies of the report inside: one saved, the others told they repeat it.
    statuses = sorted(i.status for i in inside.values() if i.filename.endswith(".txt"))
    assert statuses == ["added", "duplicate", "duplicate"]
    assert "不支持的文件格式" in inside["说明.xlsx"].reason
    # The last good file holds the same text as the zip's report: told it repeats it.
    _assert_rest_untouched(store, before, items, "危险.zip", ("added", "duplicate"))


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("a/b/报告.txt", "报告.txt"),
        ("..报告..txt", "报告.txt"),
        ("报\x07告\x1b.txt", "报告.txt"),
        ("C:\\Windows\\报告.txt", "报告.txt"),
    ],
)
def test_hostile_file_names_are_cleaned_and_told(store, name, expected):
    items = uploads.commit_batch(store, uploads.prepare_batch([(name, GOOD.encode())], store))
    assert items[0].status == "added"
    assert items[0].filename == expected and store.get(items[0].report_id).filename == expected
    assert f"已改为「{expected}」" in items[0].reason


def test_script_and_markdown_are_stored_verbatim(store):
    text = "<script>alert('x')</script>党支部报告\n# 不是标题 **不是粗体** [链接](javascript:alert(1))\n"
    items = uploads.commit_batch(store, uploads.prepare_batch([("x.txt", text.encode())], store))
    assert items[0].status == "added"
    got = store.get(items[0].report_id)
    assert got.text == text and got.title.startswith("<script>")
    frame = uploads.results_frame(items)
    assert frame.loc[0, "title"] == "<script>alert('x')</script>党支部报告"


def test_same_report_twice_is_one_copy_and_user_told(seeded):
    store, before = seeded
    files = [("a.txt", GOOD.encode()), ("a2.txt", GOOD.encode()), ("again.txt", STORED.encode())]
    items = uploads.commit_batch(store, uploads.prepare_batch(files, store))
    assert [i.status for i in items] == ["added", "duplicate", "duplicate"]
    assert "本批次" in items[1].reason and items[2].reason.startswith("与已保存的报告「")
    assert len(store.list_reports()) == len(before) + 1


def test_whole_batch_of_bad_files_changes_nothing(seeded):
    store, before = seeded
    rev = store.revision()
    files = [(name, build()) for name, build, _ in FAILING if "炸弹" not in name]
    items = uploads.commit_batch(store, uploads.prepare_batch(files, store))
    assert all(i.status == "failed" for i in items)
    assert list(store.records()) == before and store.revision() == rev


def test_docx_with_script_in_text_is_plain(store):
    from tests.fixtures import make_docx

    data = make_docx(blocks=[(1, "<b>标题</b>"), "正文<img src=x onerror=alert(1)>党建"])
    items = uploads.commit_batch(store, uploads.prepare_batch([("x.docx", data)], store))
    doc = store.get(items[0].report_id)
    assert "<img src=x onerror=alert(1)>" in doc.text and doc.hints == ((1, "<b>标题</b>"),)
    assert isinstance(items[0].doc, Extracted)


# ---------------------------------------------------------------- budgets, disk full, controls


def test_time_limit_fails_one_file_and_the_batch_goes_on(seeded, monkeypatch):
    """A clock that jumps 1 s per look: the long .docx passes 30 s, the short texts do not."""
    from types import SimpleNamespace

    from analysis.io import limits

    store, before = seeded
    clock = iter(range(10**9))
    monkeypatch.setattr(limits, "time", SimpleNamespace(monotonic=lambda: float(next(clock))))
    long_docx = docx_with(_par("党建。") * 100)
    items = _run_batch(store, ("长文档.docx", long_docx))
    bad = [i for i in items if i.label == "长文档.docx"]
    assert bad[0].status == "failed" and "读取文件超时（超过 30 秒）" in bad[0].reason
    _assert_rest_untouched(store, before, items, "长文档.docx")


@pytest.mark.parametrize("errno_full", ["ENOSPC", "sqlite"])
def test_disk_full_while_saving_says_so(seeded, monkeypatch, errno_full):
    import errno
    import sqlite3

    store, before = seeded
    real_save = uploads.save_report

    def save(store, filename, doc, meta):
        if filename == "满.txt":
            if errno_full == "ENOSPC":
                raise OSError(errno.ENOSPC, "No space left on device")
            exc = sqlite3.OperationalError("database or disk is full")
            exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise exc
        return real_save(store, filename, doc, meta)

    monkeypatch.setattr(uploads, "save_report", save)
    items = _run_batch(store, ("满.txt", "满仓党支部报告\n支部开展主题党日活动12次。".encode()))
    full = [i for i in items if i.label == "满.txt"][0]
    assert full.status == "failed" and full.reason.startswith("磁盘空间不足")
    _assert_rest_untouched(store, before, items, "满.txt")


def test_control_characters_never_reach_text_title_or_name(store):
    raw = "党建\x1b[2J工作\x07报告\x9b\n支部\x0c开展主题党日活动12次。\n".encode()
    items = uploads.commit_batch(store, uploads.prepare_batch([("报\x1b告.txt", raw)], store))
    assert items[0].status == "added"
    got = store.get(items[0].report_id)
    for value in (got.text, got.title, got.filename, items[0].meta.title):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", value), value
    assert got.title == "党建[2J工作报告" and got.filename == "报告.txt"
