"""Every bad input of issue 9 through the upload path (prepare_batch -> commit_batch).

Each bad file gets a clear Chinese message; the good file of the same batch is still saved and the
reports stored before are untouched.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from analysis.core.models import Extracted
from analysis.io.ingest import MAX_FILE_BYTES
from analysis.store import uploads
from tests.fixtures import (
    SAMPLE_REPORT,
    make_binary,
    make_corrupted_docx,
    make_corrupted_pdf,
    make_docx_bad_xml,
    make_encrypted_pdf,
    make_png,
    make_scanned_pdf,
    make_traversal_zip,
    make_zip_bomb,
)

STORED = "楼宇综合党委2022年度工作总结\n一、主要做法\n一是推行“红色管家”服务。\n"
GOOD = "*公司支部经验材料\n支部坚持“三会一课”制度，全年开展主题党日活动8次。\n"
LIMIT_MB = f"{MAX_FILE_BYTES // (1024 * 1024)} MB"

# (upload name, bytes builder, Chinese message fragment)
FAILING: list[tuple[str, Callable[[], bytes], str]] = [
    ("空文件.txt", lambda: b"", "文件是空的"),
    ("空白.txt", lambda: " \n\t\u3000\r\n  ".encode(), "只有空白字符"),
    ("程序.txt", make_binary, "不是文本文件"),
    ("照片.docx", make_png, "图片文件（PNG）"),
    ("损坏.docx", make_corrupted_docx, "Word 文件已损坏"),
    ("坏XML.docx", make_docx_bad_xml, "Word 文件已损坏"),
    ("加密.pdf", make_encrypted_pdf, "PDF 有密码保护"),
    ("损坏.pdf", make_corrupted_pdf, "PDF 文件已损坏"),
    ("扫描件.pdf", make_scanned_pdf, "没有文字层"),
    (
        "乱码.txt",
        lambda: "党建工作".encode() + b"\xfe\xfe\xfe" + "报告".encode(),
        "无法识别文件的文字编码",
    ),
    ("超大.txt", lambda: ("党建工作报告。" * 2_500_000).encode(), f"超过上限 {LIMIT_MB[:-3]} MB"),
    ("炸弹.zip", lambda: make_zip_bomb(size_mb=30), "压缩炸弹"),
    (
        "english.txt",
        lambda: b"Annual report of the branch. Nothing in Chinese here.",
        "未检测到中文",
    ),
    ("旧版.doc.txt", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Word"),
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
    assert frame.loc[0, "标题"] == "<script>alert('x')</script>党支部报告"


def test_same_report_twice_is_one_copy_and_user_told(seeded):
    store, before = seeded
    files = [("a.txt", GOOD.encode()), ("a2.txt", GOOD.encode()), ("again.txt", STORED.encode())]
    items = uploads.commit_batch(store, uploads.prepare_batch(files, store))
    assert [i.status for i in items] == ["added", "duplicate", "duplicate"]
    assert "本批次" in items[1].reason and items[2].reason == "已存在，未重复添加。"
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
