"""Ingestion: every format and encoding, every bad input with its Chinese message, zip uploads."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core import escape as ingest_escape
from analysis.core.models import AnalysisError, Extracted
from analysis.io import word
from analysis.io.decoding import decode_text
from analysis.io.errors import MSG_PDF_PASSWORD, IngestError
from analysis.io.ingest import read_document
from analysis.io.limits import MAX_FILE_BYTES, max_file_bytes, read_seconds
from analysis.io.names import safe_filename, shown_name
from analysis.io.zipped import SUPPORTED, expand_upload
from tests import fixtures as fx

REPORT = fx.SAMPLE_REPORT


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "text, raw_encoding, expected_encoding",
    [
        (REPORT, "utf-8", "utf-8"),
        (REPORT, "utf-8-sig", "utf-8-sig"),
        (REPORT, "utf-16", "utf-16"),  # BOM + little endian
        (REPORT, "utf-32", "utf-32"),
        (REPORT, "gbk", "gb18030"),
        (REPORT, "gb18030", "gb18030"),
        ("党建", "gbk", "gb18030"),  # 4 bytes: detectors guess cp949/cp1252 on such snippets
        ("支部", "gbk", "gb18030"),
        ("两学一做", "gbk", "gb18030"),
        ("三会一课，党员22名。", "gbk", "gb18030"),
        ("党建工作𠀀报告", "gb18030", "gb18030"),  # a 4-byte GB18030 character
        ("黨建工作報告：本支部發展黨員三名，開展學習教育活動十二次。", "big5", "big5hkscs"),
        ("党建工作报告。", "utf-16-le", "utf-16-le"),  # no BOM: recognised by its NULs
    ],
)
def test_decode_text_encodings(text, raw_encoding, expected_encoding):
    decoded, encoding = decode_text(text.encode(raw_encoding))
    assert decoded == text
    assert encoding == expected_encoding


def test_decode_utf16_big_endian_with_bom():
    text, encoding = decode_text(b"\xfe\xff" + REPORT.encode("utf-16-be"))
    assert (text, encoding) == (REPORT, "utf-16")


@pytest.mark.parametrize(
    "data, words",
    [
        (fx.make_binary(), ["不是文本文件"]),
        (b"\x81\x30\x81abc", ["编码", "UTF-8"]),  # invalid GB18030 and UTF-8
        (b"\xff\xfe\xfd\xfc\x80", ["编码"]),
    ],
)
def test_decode_text_refuses(data, words):
    with pytest.raises(IngestError) as err:
        decode_text(data)
    assert all(w in err.value.message for w in words)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_decode_text_only_raises_ingest_error(data):
    try:
        text, encoding = decode_text(data)
    except IngestError as exc:
        assert exc.message
    else:
        assert isinstance(text, str) and encoding


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030"])
def test_read_txt_every_encoding(encoding):
    doc = read_document("报告.txt", fx.make_txt(REPORT, encoding))
    assert doc.fmt == "txt"
    assert doc.text == REPORT
    assert doc.hints == ()


def test_read_docx_paragraphs_headings_and_table_in_order():
    doc = read_document("报告.docx", fx.make_docx())
    assert doc.fmt == "docx"
    lines = doc.text.split("\n")
    assert lines == [
        "兴城投资党支部2023年度工作总结",
        "支部坚持党建引领，推动党建与业务深度融合。",
        "一、主要做法",
        "一是加强组织领导，支委坚持每季度召开一次党建专题会议。",
        "指标\t数值",
        "党员人数\t22名",
        "主题党日\t12次",
        "二、工作成效",
        "全年开展志愿服务200余场次。",
    ]
    assert doc.hints == (
        (1, "兴城投资党支部2023年度工作总结"),
        (2, "一、主要做法"),
        (2, "二、工作成效"),
    )


def test_read_docx_chinese_heading_style_names():
    blocks = [(1, "楼宇党建工作报告"), "正文第一段。", (3, "（一）坚持平台共建"), "正文第二段。"]
    doc = read_document("a.docx", fx.make_docx(blocks=blocks, chinese_styles=True))
    assert doc.hints == ((1, "楼宇党建工作报告"), (3, "（一）坚持平台共建"))


def test_read_docx_heading_levels_above_four_are_not_hints():
    blocks = [(5, "第五级标题"), "正文。", (4, "第四级标题")]
    doc = read_document("a.docx", fx.make_docx(blocks=blocks))
    assert doc.hints == ((4, "第四级标题"),)


def test_read_docx_merged_cells_once_and_layout_table_as_paragraphs():
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("标题段落")
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "合并单元格"
    t.cell(0, 2).text = "右侧"
    t.cell(1, 0).text = "甲"
    t.cell(1, 1).text = "乙"
    layout = d.add_table(rows=1, cols=1)
    layout.cell(0, 0).text = "版式表格第一段。"
    layout.cell(0, 0).add_paragraph("版式表格第二段。")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document("a.docx", buf.getvalue())
    assert doc.text.split("\n") == [
        "标题段落",
        "合并单元格\t右侧",
        "甲\t乙\t",
        "版式表格第一段。",
        "版式表格第二段。",
    ]


def test_read_pdf_with_text_layer():
    doc = read_document("报告.pdf", fx.make_pdf())
    assert doc.fmt == "pdf"
    assert doc.text.split("\n") == REPORT.strip("\n").split("\n")


def test_read_pdf_pages_joined_in_order():
    data = fx.make_pdf(
        pages=[["第一页的内容。"], ["第二页的内容。"]], footer="第 {n} 页 共 {total} 页"
    )
    text = read_document("a.pdf", data).text
    assert text.index("第一页的内容。") < text.index("第二页的内容。")
    assert "第 2 页 共 2 页" in text  # page furniture is the cleaner's job


def test_read_pdf_owner_password_only_opens():
    doc = read_document("a.pdf", fx.make_encrypted_pdf(owner_only=True))
    assert "三会一课" in doc.text


@pytest.mark.parametrize(
    "name, build, fmt",
    [
        ("报告.txt", fx.make_pdf, "pdf"),  # content wins over the extension
        ("报告.txt", fx.make_docx, "docx"),
        ("报告.pdf", fx.make_docx, "docx"),
        ("报告", fx.make_pdf, "pdf"),
        ("报告.PDF", fx.make_pdf, "pdf"),
    ],
)
def test_content_sniffing_beats_extension(name, build, fmt):
    assert read_document(name, build()).fmt == fmt


def test_user_markup_is_plain_text():
    raw = "<script>alert('x')</script>\n# 标题\n**党建** <b>工作</b>"
    assert read_document("a.txt", raw.encode("utf-8")).text == raw


def test_ingest_error_is_an_analysis_error():
    with pytest.raises(AnalysisError):
        read_document("a.txt", b"")


# ---------------------------------------------------------------- bad inputs


@lru_cache(maxsize=1)
def _too_big() -> bytes:
    """2.1 MB of Chinese that does not compress much (so a zip of it is no bomb)."""
    import random

    rng = random.Random(0)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(700_000)).encode("utf-8")


BAD_INPUTS = [
    ("empty", "a.txt", lambda: b"", ["空的"]),
    ("whitespace", "a.txt", lambda: " \n\t\u3000\r\n".encode(), ["空白"]),
    ("binary as txt", "a.txt", fx.make_binary, ["不是文本文件"]),
    ("image as docx", "a.docx", fx.make_png, ["图片", "OCR"]),
    ("image as txt", "a.txt", fx.make_png, ["图片"]),
    ("corrupted docx", "a.docx", fx.make_corrupted_docx, ["损坏", "另存为"]),
    ("docx with broken xml", "a.docx", fx.make_docx_bad_xml, ["损坏"]),
    ("text as docx", "a.docx", lambda: REPORT.encode(), ["损坏"]),
    (
        "old word",
        "a.doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        ["旧版", ".docx"],
    ),
    ("password pdf", "a.pdf", fx.make_encrypted_pdf, ["密码"]),
    ("corrupted pdf", "a.pdf", fx.make_corrupted_pdf, ["损坏"]),
    ("text as pdf", "a.pdf", lambda: REPORT.encode(), ["损坏"]),
    ("scanned pdf", "a.pdf", fx.make_scanned_pdf, ["没有文字层", "扫描件", "OCR"]),
    ("undecodable", "a.txt", lambda: b"\x81\x30\x81abc\xff", ["编码"]),
    ("unsupported", "a.xlsx", lambda: b"some data", ["不支持", ".xlsx"]),
    ("no extension", "README", lambda: REPORT.encode(), ["不支持"]),
    ("excel as docx", "a.docx", lambda: fx.make_zip({"xl/workbook.xml": b"<x/>"}), ["Excel"]),
    ("zip given to read", "a.zip", lambda: fx.make_zip({"a.txt": b"x"}), ["压缩包"]),
    ("no chinese", "a.txt", lambda: b"Annual report: 22 members, 12 events.", ["未检测到中文"]),
    ("no chinese docx", "a.docx", lambda: fx.make_docx(blocks=["English only."]), ["未检测到中文"]),
    ("empty docx", "a.docx", lambda: fx.make_docx(blocks=[]), ["空白"]),
]


@pytest.mark.parametrize("case, name, build, words", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_inputs_have_clear_messages(case, name, build, words):
    with pytest.raises(IngestError) as err:
        read_document(name, build())
    message = err.value.message
    assert all(w in message for w in words), message
    assert "请" in message  # every message says what to do


def test_size_limit_from_environment(monkeypatch):
    monkeypatch.setenv("DJ_MAX_FILE_MB", "1")
    assert max_file_bytes() == 1024 * 1024
    with pytest.raises(IngestError) as err:
        read_document("big.txt", _too_big())
    assert "超过上限 1 MB" in err.value.message
    monkeypatch.delenv("DJ_MAX_FILE_MB")
    assert read_document("big.txt", _too_big()).fmt == "txt"


def test_fifty_megabyte_file_refused_at_default_limit():
    data = b"a" * (50 * 1024 * 1024)
    with pytest.raises(IngestError) as err:
        read_document("huge.txt", data)
    assert "超过上限 20 MB" in err.value.message


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("abc", MAX_FILE_BYTES),
        ("0", MAX_FILE_BYTES),
        ("", MAX_FILE_BYTES),
        ("2.5", int(2.5 * 1024 * 1024)),
    ],
)
def test_max_file_bytes_parsing(monkeypatch, raw, expected):
    monkeypatch.setenv("DJ_MAX_FILE_MB", raw)
    assert max_file_bytes() == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from([*SUPPORTED, ".zip", ".doc", ""]))
def test_read_document_never_raises_anything_else(data, ext):
    try:
        doc = read_document("f" + ext, data)
    except IngestError as exc:
        assert exc.message
    else:
        assert isinstance(doc, Extracted) and doc.text.strip()


# ---------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "name, expected",
    [
        ("报告.txt", "报告.txt"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\报告.docx", "报告.docx"),
        ("/abs/path/党建.pdf", "党建.pdf"),
        ("..", "未命名"),
        ("", "未命名"),
        ("   ", "未命名"),
        (".txt", "未命名.txt"),
        ("a\x00b\x07c\n.txt", "abc.txt"),
        ("报\u202e告.txt", "报告.txt"),  # right-to-left override
        ("x..y...txt", "x.y.txt"),
        ('a<b>c:d"e|f?g*h.txt', "abcdefgh.txt"),
        ("党支部 2023 年度报告 (定稿).docx", "党支部 2023 年度报告 (定稿).docx"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_safe_filename_properties(name):
    safe = safe_filename(name)
    assert safe
    assert "/" not in safe and "\\" not in safe and ".." not in safe
    assert not any(ord(c) < 32 for c in safe)
    assert safe == safe_filename(safe)


# ---------------------------------------------------------------- zip uploads


def _names(items):
    return [name for name, _ in items]


def test_plain_upload_is_one_item_with_a_safe_name():
    data = fx.make_txt()
    assert expand_upload("../../报告.txt", data) == [("报告.txt", data)]


def test_zip_flattens_folders_and_never_uses_hostile_paths():
    items = expand_upload("上传.zip", fx.make_traversal_zip())
    names = _names(items)
    assert names == ["evil.txt", "etc_abs.txt", "2023_一支部_报告.txt", "说明.xlsx"]
    assert all("/" not in n and ".." not in n for n in names)
    good = [v for _, v in items if isinstance(v, bytes)]
    assert len(good) == 3 and all(v == REPORT.encode() for v in good)
    assert isinstance(dict(items)["说明.xlsx"], IngestError)


def test_zip_member_contents_read_like_files():
    data = fx.make_zip(
        {"甲.docx": fx.make_docx(), "乙.pdf": fx.make_pdf(), "丙.txt": fx.make_txt(encoding="gbk")}
    )
    items = expand_upload("batch.zip", data)
    docs = {name: read_document(name, blob) for name, blob in items}
    assert {d.fmt for d in docs.values()} == {"docx", "pdf", "txt"}


def test_zip_gbk_member_names_decoded():
    items = expand_upload("a.zip", fx.make_gbk_names_zip({"一支部/报告.txt": b"x"}))
    assert _names(items) == ["一支部_报告.txt"]


def test_zip_duplicate_names_made_unique():
    data = fx.make_zip({"a/报告.txt": b"1", "a_报告.txt": b"2"})
    assert _names(expand_upload("a.zip", data)) == ["a_报告.txt", "a_报告 (2).txt"]


@pytest.mark.parametrize(
    "build, words",
    [
        (fx.make_zip_bomb, ["压缩炸弹"]),
        (fx.make_many_members_zip, ["过多"]),
        (lambda: fx.make_zip({"a.ppt": b"x", "b.xls": b"y"}), ["没有可用", "a.ppt"]),
        (lambda: fx.make_zip({"__MACOSX/._a.txt": b"x", "sub/": b""}), ["没有可用"]),
        (lambda: b"PK\x03\x04 not really a zip", ["损坏"]),
        (lambda: b"", ["损坏"]),
    ],
)
def test_bad_zips_are_one_error(build, words):
    items = expand_upload("上传.zip", build())
    assert len(items) == 1
    name, err = items[0]
    assert name == "上传.zip"
    assert isinstance(err, IngestError)
    assert all(w in err.message for w in words), err.message


def test_zip_member_errors_do_not_stop_the_others(monkeypatch):
    monkeypatch.setenv("DJ_MAX_FILE_MB", "1")
    data = fx.make_zip({"nested.zip": b"PK", "big.txt": _too_big(), "ok.txt": fx.make_txt()})
    items = dict(expand_upload("a.zip", data))
    assert "压缩包里的压缩包" in items["nested.zip"].message
    assert "超过上限 1 MB" in items["big.txt"].message
    assert items["ok.txt"] == fx.make_txt()


def test_zip_encrypted_member():
    [(name, err)] = expand_upload("a.zip", fx.make_encrypted_member_zip())
    assert name == "报告.txt"
    assert "密码" in err.message


# ---------------------------------------------------------------- encryption, quiet pypdf


def _encrypted_pdf(algorithm: str, user: str) -> bytes:
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(fx.make_pdf())))
    writer.encrypt(user_password=user, owner_password="owner-密码", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_owner_password_only_pdf_opens(algorithm):
    doc = read_document("a.pdf", _encrypted_pdf(algorithm, user=""))
    assert "三会一课" in doc.text


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_user_password_pdf_gets_the_password_message(algorithm):
    with pytest.raises(IngestError) as err:
        read_document("a.pdf", _encrypted_pdf(algorithm, user="用户"))
    assert err.value.message == MSG_PDF_PASSWORD


def _damaged_xref_pdf() -> bytes:
    """A good PDF whose startxref points nowhere: pypdf recovers, logging English warnings."""
    data = fx.make_pdf()
    return data[: data.rfind(b"startxref")] + b"startxref\n999999\n%%EOF\n"


@pytest.mark.parametrize(
    "build", [_damaged_xref_pdf, fx.make_corrupted_pdf, lambda: b"%PDF-1.7\n1 0 obj <<"]
)
def test_no_pypdf_warning_reaches_the_user(build, caplog, capsys, recwarn):
    import logging

    with caplog.at_level(logging.WARNING):
        try:
            read_document("a.pdf", build())
        except IngestError as exc:
            assert exc.message.startswith("PDF")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert capsys.readouterr().err == ""
    assert not [w for w in recwarn.list if "pypdf" in str(w.filename)]


# ---------------------------------------------------------------- budgets


@pytest.mark.parametrize(
    "name, build",
    [("a.docx", fx.make_docx), ("a.pdf", fx.make_pdf), ("a.txt", fx.make_txt)],
)
def test_time_limit_refuses_with_a_clear_message(name, build):
    with pytest.raises(IngestError) as err:
        read_document(name, build(), seconds=1e-9)
    assert "读取文件超时" in err.value.message and "DJ_READ_TIMEOUT_S" in err.value.message


@pytest.mark.parametrize(
    "raw, expected", [("", 30.0), ("abc", 30.0), ("0", 30.0), ("-5", 30.0), ("2.5", 2.5)]
)
def test_time_limit_from_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("DJ_READ_TIMEOUT_S", raw)
    assert read_seconds() == expected


def test_paragraph_cap_counts_paragraphs_in_cells_too(monkeypatch):
    monkeypatch.setattr(word, "MAX_PARAGRAPHS", 5)
    blocks = ["党建第一段。", [["甲", "乙"], ["丙", "丁"]]]
    assert read_document("a.docx", fx.make_docx(blocks=blocks)).fmt == "docx"
    with pytest.raises(IngestError) as err:
        read_document("a.docx", fx.make_docx(blocks=[*blocks, "再一段。", "又一段。"]))
    assert "段落过多" in err.value.message and "上限 5 段" in err.value.message


def test_vertically_merged_cells_read_as_python_docx_reads_them():
    import io

    import docx

    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "纵向合并"
    t.cell(1, 1).merge(t.cell(1, 2)).text = "横向合并"
    for r, c in [(0, 1), (0, 2), (2, 1), (2, 2)]:
        t.cell(r, c).text = f"格{r}{c}"
    buf = io.BytesIO()
    d.save(buf)
    expected = []
    for row in t.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        expected.append("\t".join(cells))
    assert read_document("a.docx", buf.getvalue()).text.split("\n") == expected


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("党建\x1b[31m报告\x07", "党建[31m报告"),
        ("第一页\x0c第二页", "第一页\n第二页"),
        ("党建\x0b工作\x85报告", "党建\n工作\n报告"),
        ("支部\x9b2J工作\x7f", "支部2J工作"),
        ("\ufeff党建\t工作\r\n报告", "党建\t工作\r\n报告"),  # the BOM is the encoding's
    ],
)
def test_control_characters_dropped_from_text(raw, expected):
    doc = read_document("a.txt", raw.encode("utf-8"))
    assert doc.text == expected
    assert not ingest_escape.CONTROL_RE.search(doc.text)


@pytest.mark.parametrize(
    "name, shown",
    [
        ("报\x1b[2J告.txt", "报\\x1b[2J告.txt"),
        ("a\x07b\u202ec.txt", "a\\x07b\\u202ec.txt"),
        ("正常 名字.docx", "正常 名字.docx"),
    ],
)
def test_shown_name_escapes_terminal_controls(name, shown):
    assert shown_name(name) == shown


def test_paragraph_text_read_as_python_docx_reads_it():
    import io

    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    p = d.add_paragraph("党建")
    p.add_run("\t工作").add_break()
    p.add_run("换行后").add_break(WD_BREAK.PAGE)
    p.add_run("分页后")
    d.add_paragraph("第二段", style="Heading 2")
    link = d.add_paragraph("见")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    from lxml import etree

    link._p.append(
        etree.fromstring(
            f'<w:hyperlink xmlns:w="{w}"><w:r><w:t>链接文字</w:t></w:r>'
            f"<w:r><w:noBreakHyphen/><w:cr/><w:ptab/><w:t>尾</w:t></w:r></w:hyperlink>"
        )
    )
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    expected = [par.text for par in docx.Document(io.BytesIO(data)).paragraphs]
    doc = read_document("a.docx", data)
    assert doc.text == "\n".join(expected)
    assert doc.hints == ((2, "第二段"),)


def _pdf_with_operators(count: int) -> bytes:
    """One page whose content stream shows text `count` times (5 operators each)."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 50 800 Td (abc) Tj ET\n" * count)
    page = writer.add_blank_page(595, 842)
    page[NameObject("/Contents")] = writer._add_object(stream)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_time_limit_holds_inside_one_pdf_page(monkeypatch):
    """A clock that jumps 1 s per look: a page of 25,000 operators passes 30 s mid-page."""
    from types import SimpleNamespace

    from analysis.io import limits

    data = _pdf_with_operators(5000)
    clock = iter(range(10**9))
    monkeypatch.setattr(limits, "time", SimpleNamespace(monotonic=lambda: float(next(clock))))
    with pytest.raises(IngestError) as err:
        read_document("a.pdf", data)
    assert "读取文件超时" in err.value.message


def test_page_content_cap(monkeypatch):
    from analysis.io import pdf

    monkeypatch.setattr(pdf, "MAX_PAGE_CONTENT_BYTES", 1024)
    with pytest.raises(IngestError) as err:
        read_document("a.pdf", _pdf_with_operators(100))
    assert "PDF 第 1 页的内容过大" in err.value.message


_PARAGRAPH = st.text(alphabet="党建支部工作报告一二三，。、（）abc 123", min_size=0, max_size=30)
_BLOCK = st.one_of(
    _PARAGRAPH, st.tuples(st.integers(min_value=1, max_value=4), _PARAGRAPH.filter(str.strip))
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCK, min_size=1, max_size=8))
def test_docx_paragraphs_and_headings_round_trip(blocks):
    texts = [b if isinstance(b, str) else b[1] for b in blocks]
    if not any("\u4e00" <= c <= "\u9fff" for t in texts for c in t):
        blocks = [*blocks, "党建"]
        texts.append("党建")
    doc = read_document("a.docx", fx.make_docx(blocks=blocks))
    assert doc.text.split("\n") == texts
    assert doc.hints == tuple((b[0], b[1].strip()) for b in blocks if isinstance(b, tuple))


def test_hostile_grid_span_and_one_wide_row_are_read_quickly():
    """A gridSpan of a billion columns and a 40,000-cell row: read (linear), not hung."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    span = '<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>党建</w:t></w:r></w:p></w:tc>'
    wide = "<w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>" * 40_000
    body = f"<w:tbl><w:tr>{span}{span}</w:tr><w:tr>{wide}</w:tr></w:tbl>"
    xml = f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'.encode()
    data = fx.make_zip({"word/document.xml": xml})
    lines = read_document("a.docx", data).text.split("\n")
    assert lines[0] == "党建\t党建" and lines[1].count("格") == 40_000
