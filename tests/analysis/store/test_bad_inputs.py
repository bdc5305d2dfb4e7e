"""Every bad input of issues 9 and 16 through the upload path (prepare_batch -> commit_batch).

Each bad file gets a clear Chinese message; the good file of the same batch is still saved and the
reports stored before are untouched.
"""

from __future__ import annotations

import os
import re

import pytest

from analysis.core.models import Extracted
from analysis.store import uploads
from tests.bad_files import FAILING, GOOD, docx_with, par
from tests.fixtures import (
    SAMPLE_REPORT,
    make_docx,
    make_traversal_zip,
)

STORED = "楼宇综合党委2022年度工作总结\n一、主要做法\n一是推行“红色管家”服务。\n"


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
    long_docx = docx_with(par("党建。") * 100)
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
