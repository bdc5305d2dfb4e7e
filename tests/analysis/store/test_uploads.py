"""Batch uploads: preview without saving, edit metadata, save; duplicates; resource validation."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.models import Extracted
from analysis.core.resources import default_texts
from analysis.store import uploads
from analysis.store.archive import export_archive
from analysis.store.validation import validate_resource
from tests.fixtures import SAMPLE_REPORT, make_docx, make_zip

OTHER = "楼宇综合党委2022年度工作总结\n一、主要做法\n一是推行“红色管家”服务。\n"
THIRD = "*公司支部经验材料\n支部坚持“三会一课”制度，全年开展活动8次。\n"


def _txt(text: str) -> bytes:
    return text.encode("utf-8")


def test_prepare_saves_nothing_and_infers_metadata(store):
    items = uploads.prepare_batch([("a.txt", _txt(SAMPLE_REPORT)), ("b.docx", make_docx())], store)
    assert [i.status for i in items] == ["ready", "ready"]
    assert len(store.list_reports(include_deleted=True)) == 0
    assert items[0].meta.branch == "兴城投资党支部" and items[0].meta.year == 2023
    assert items[1].doc is not None and items[1].doc.fmt == "docx"


def test_commit_applies_edited_metadata(store):
    items = uploads.prepare_batch([("a.txt", _txt(SAMPLE_REPORT)), ("b.txt", _txt(OTHER))], store)
    edits = {
        "a.txt": {"branch": " 改过的支部 ", "year": "2021", "kind": "年度总结", "title": "新标题"},
        "b.txt": {"year": None, "organization": "大兴城建"},
    }
    done = uploads.commit_batch(store, items, edits)
    assert [i.status for i in done] == ["added", "added"]
    a, b = (store.get(i.report_id) for i in done)
    assert (a.branch, a.year, a.kind, a.title) == ("改过的支部", 2021, "年度总结", "新标题")
    assert (b.year, b.organization) == (None, "大兴城建")


@pytest.mark.parametrize(
    "files, expected",
    [
        # the same report twice in one batch: one copy, the second told which file it repeats
        ([("a.txt", SAMPLE_REPORT), ("a-copy.txt", SAMPLE_REPORT)], ["ready", "duplicate"]),
        # different line endings are the same report
        (
            [("a.txt", SAMPLE_REPORT), ("w.txt", SAMPLE_REPORT.replace("\n", "\r\n"))],
            ["ready", "duplicate"],
        ),
        ([("a.txt", SAMPLE_REPORT), ("b.txt", OTHER)], ["ready", "ready"]),
    ],
)
def test_duplicates_within_a_batch(store, files, expected):
    items = uploads.prepare_batch([(n, _txt(t)) for n, t in files], store)
    assert [i.status for i in items] == expected
    if "duplicate" in expected:
        assert "与本批次中的「a.txt」内容相同，未重复添加" in items[1].reason
    uploads.commit_batch(store, items)
    assert len(store.list_reports()) == expected.count("ready")


STORED_TITLE = "兴城投资党支部2023年度党建工作报告"


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("", f"「{STORED_TITLE}」（a.txt）"),  # the inferred title and the file name
        ("我的标题", "「我的标题」（a.txt）"),  # the title as edited
        ("a.txt", "「a.txt」"),  # title and file name the same: said once
    ],
)
def test_duplicate_of_stored_report_names_it(store, title, shown):
    rid = uploads.process_batch(store, [("a.txt", _txt(SAMPLE_REPORT))])[0].report_id
    if title:
        store.update_metadata(rid, {"title": title}, 1)
    items = uploads.prepare_batch([("again.txt", _txt(SAMPLE_REPORT))], store)
    assert items[0].status == "duplicate"
    assert items[0].reason == f"与已保存的报告{shown}内容相同，未重复添加。"
    assert uploads.results_frame(items).loc[0, "status"] == "重复"


def test_stored_meanwhile_becomes_duplicate_at_save(store):
    """Another session saved the same report between preview and save: still one copy."""
    items = uploads.prepare_batch([("a.txt", _txt(SAMPLE_REPORT))], store)
    uploads.process_batch(store, [("other-session.txt", _txt(SAMPLE_REPORT))])
    done = uploads.commit_batch(store, items)
    assert done[0].status == "duplicate"
    assert (
        done[0].reason
        == f"与已保存的报告「{STORED_TITLE}」（other-session.txt）内容相同，未重复添加。"
    )
    assert len(store.list_reports()) == 1


def test_trashed_report_is_restored(store):
    rid = uploads.process_batch(store, [("a.txt", _txt(SAMPLE_REPORT))])[0].report_id
    store.delete(rid)
    items = uploads.prepare_batch([("b.txt", _txt(SAMPLE_REPORT))], store)
    named = f"回收站中的报告「{STORED_TITLE}」（a.txt）"
    assert items[0].status == "ready" and named in items[0].reason
    done = uploads.commit_batch(store, items)
    assert done[0].status == "restored" and done[0].report_id == rid
    assert done[0].reason == f"与{named}内容相同，已从回收站恢复。"
    assert len(store.list_reports()) == 1


def test_trash_note_goes_when_the_trashed_copy_was_purged_meanwhile(store):
    rid = uploads.process_batch(store, [("a.txt", _txt(SAMPLE_REPORT))])[0].report_id
    store.delete(rid)
    items = uploads.prepare_batch([("a b?.txt", _txt(SAMPLE_REPORT))], store)
    assert "回收站" in items[0].reason
    store.purge(rid)
    done = uploads.commit_batch(store, items)
    assert done[0].status == "added" and "回收站" not in done[0].reason


def test_zip_members_are_expanded_with_labels(store):
    data = make_zip({"一支部/a.txt": _txt(SAMPLE_REPORT), "b.txt": _txt(OTHER)})
    items = uploads.prepare_batch([("批量.zip", data)], store)
    assert [i.label for i in items] == ["批量.zip › 一支部_a.txt", "批量.zip › b.txt"]
    assert [i.filename for i in items] == ["一支部_a.txt", "b.txt"]
    assert all(i.status == "ready" for i in items)


def test_same_file_name_twice_gets_unique_labels(store):
    items = uploads.prepare_batch([("a.txt", _txt(SAMPLE_REPORT)), ("a.txt", _txt(OTHER))], store)
    assert [i.label for i in items] == ["a.txt", "a.txt (2)"]
    edits = uploads.metas_from_frame(uploads.editable_frame(items))
    edits["a.txt (2)"]["branch"] = "第二个"
    done = uploads.commit_batch(store, items, edits)
    assert store.get(done[1].report_id).branch == "第二个"
    assert store.get(done[0].report_id).branch == "兴城投资党支部"


def test_backup_archive_in_upload_is_redirected(store):
    uploads.process_batch(store, [("a.txt", _txt(SAMPLE_REPORT))])
    items = uploads.prepare_batch([("备份.zip", export_archive(store))], store)
    assert [i.status for i in items] == ["failed"]
    assert "备份与迁移" in items[0].reason


def test_save_failure_of_one_file_keeps_the_rest(store, monkeypatch):
    items = uploads.prepare_batch([("a.txt", _txt(SAMPLE_REPORT)), ("b.txt", _txt(OTHER))], store)
    real_save = uploads.save_report

    def flaky(store, filename, doc, meta):
        if filename == "a.txt":
            raise sqlite3.OperationalError("disk I/O error")
        return real_save(store, filename, doc, meta)

    monkeypatch.setattr(uploads, "save_report", flaky)
    done = uploads.commit_batch(store, items)
    assert [i.status for i in done] == ["failed", "added"]
    assert "保存失败" in done[0].reason
    assert list(store.list_reports()["filename"]) == ["b.txt"]


def test_unexpected_reader_crash_fails_only_that_file(store, monkeypatch):
    from analysis.io.ingest import read_document
    from analysis.store import scan_reading

    real = read_document

    def reader(name, data, **kwargs):
        if name == "boom.txt":
            raise RecursionError("deep")
        return real(name, data, **kwargs)

    monkeypatch.setattr(scan_reading, "read_document", reader)
    items = uploads.prepare_batch([("boom.txt", _txt(OTHER)), ("a.txt", _txt(SAMPLE_REPORT))])
    assert [i.status for i in items] == ["failed", "ready"]
    assert "意外错误（RecursionError）" in items[0].reason


def test_progress_reports_every_file():
    seen = []
    uploads.prepare_batch(
        [("a.txt", _txt(SAMPLE_REPORT)), ("b.txt", _txt(OTHER)), ("c.txt", _txt(THIRD))],
        progress=lambda d, t, n: seen.append((d, t)),
    )
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_tables_for_the_page(store):
    items = uploads.prepare_batch([("a.txt", _txt(SAMPLE_REPORT)), ("e.txt", b"")], store)
    res = uploads.results_frame(items)
    assert tuple(res.columns) == uploads.RESULT_COLUMNS
    assert list(res["status"]) == ["待保存", "失败"]
    edit = uploads.editable_frame(items)
    assert tuple(edit.columns) == uploads.EDIT_COLUMNS and len(edit) == 1
    assert uploads.metas_from_frame(edit)["a.txt"]["year"] == 2023
    assert uploads.summary(items)["failed"] == 1


@pytest.mark.parametrize(
    "year, expected",
    [("2022", 2022), (2022.0, 2022), ("", None), (None, None), ("二〇二二", None), (3000, None)],
)
def test_edited_year_is_lenient(store, year, expected):
    items = uploads.prepare_batch([("a.txt", _txt(SAMPLE_REPORT))], store)
    done = uploads.commit_batch(store, items, {"a.txt": {"year": year}})
    assert store.get(done[0].report_id).year == expected


# ---------------------------------------------------------------- resource validation


@pytest.mark.parametrize(
    "name, text, fragment",
    [
        ("themes", "组织建设:\n  words: [三会一课\n", "第"),
        ("themes", "组织建设:\n  words: [三会一课]\n 错误缩进: x\n", "第 3 行"),
        ("userdict", "三会一课 nz\n党建 引领 2000 l\n", "第 2 行"),
        ("userdict", "兴城·微党课\n", "标点"),
        ("stopwords", "的\n了\x00\n", "第 2 行"),
    ],
)
def test_invalid_resources_are_refused(name, text, fragment):
    problems = validate_resource(name, text)
    assert problems and fragment in problems[0]


@pytest.mark.parametrize("name", ["userdict", "stopwords", "officialese", "themes"])
def test_default_resources_are_valid(name):
    assert validate_resource(name, getattr(default_texts(), name)) == []


def test_huge_resource_is_refused():
    assert "过长" in validate_resource("stopwords", "的\n" * 1_100_000)[0]


# ---------------------------------------------------------------- never raises


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files=st.lists(
        st.tuples(
            st.text(min_size=0, max_size=30),
            st.one_of(st.binary(max_size=300), st.text(max_size=200).map(str.encode)),
        ),
        max_size=4,
    )
)
def test_prepare_never_raises(files):
    items = uploads.prepare_batch(files)
    for i in items:
        assert i.status in uploads.STATUS_LABELS
        assert i.status != "failed" or i.reason
        assert "/" not in i.filename and ".." not in i.filename
        assert isinstance(i.doc, Extracted) or i.status == "failed"


def test_finalize_combines_cached_uploads(store):
    """The page reads each upload once and rebuilds the batch: labels unique, duplicates marked."""
    first = uploads.read_upload("a.txt", _txt(SAMPLE_REPORT))
    second = uploads.read_upload("a.txt", _txt(SAMPLE_REPORT))
    third = uploads.read_upload("b.txt", _txt(OTHER))
    items = uploads.finalize([first, second, third], store)
    assert [(i.label, i.status) for i in items] == [
        ("a.txt", "ready"),
        ("a.txt (2)", "duplicate"),
        ("b.txt", "ready"),
    ]
    assert first[0].status == "ready"  # the cached items are not changed
