"""数据管理 page: upload with preview, metadata edits with conflict detection, delete/undo/trash,
dictionary editing with validation, backup import, the admin password gate."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.models import Extracted
from analysis.store import archive
from analysis.store.database import CorpusStore

APP = str(Path(__file__).resolve().parents[2] / "app.py")
NEW = "红旗社区第一党支部2024年度工作总结\n一、主要做法\n一是开展“红色管家”志愿服务30次。\n"
SCRIPT = "<script>alert('x')</script>**粗体**党支部\n[链接](javascript:alert(1))\n"


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/manage.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    """Everything the page rendered as Markdown or alerts, for checking escaping."""
    parts = [m.value for m in at.markdown] + [e.value for e in (*at.error, *at.success, *at.info)]
    return "\n".join(str(p) for p in parts)


def _store(path) -> CorpusStore:
    return CorpusStore(path)


def test_page_opens_on_sample_corpus(isolated_db):
    at = _page()
    assert at.title[0].value == "数据管理"
    assert [t.label for t in at.tabs] == ["上传报告", "报告元数据", "词典与资源", "备份与迁移"]
    editor = next(d for d in at.dataframe if d.editing_mode != "read_only")
    assert len(editor.value) == 5
    assert {"编号", "支部", "单位", "年份", "类型", "标题"} <= set(editor.value.columns)
    assert at.file_uploader(key="uploader_0").accept_multiple_files


def test_upload_preview_then_save(isolated_db):
    at = _page()
    at.file_uploader(key="uploader_0").set_value(
        [
            ("新报告.txt", NEW.encode(), "text/plain"),
            ("空.txt", b"", "text/plain"),
            ("脚本.txt", SCRIPT.encode(), "text/plain"),
        ]
    ).run()
    assert not at.exception
    assert _store(isolated_db).list_reports().shape[0] == 5  # nothing saved before 保存
    frames = [d.value for d in at.dataframe]
    ready = next(
        f for f in frames if "年份" in f.columns and "状态" not in f.columns and len(f) == 2
    )
    assert list(ready["文件"]) == ["新报告.txt", "脚本.txt"]
    failed = next(f for f in frames if "原因" in f.columns)
    assert "文件是空的" in failed.loc[0, "原因"]
    at.button(key="upload_save").click().run()
    assert not at.exception
    reports = _store(isolated_db).list_reports()
    assert len(reports) == 7 and "红旗社区第一党支部" in set(reports["branch"])
    assert any("已保存 2 份报告" in s.value for s in at.success)
    result = next(d.value for d in at.dataframe if "状态" in d.value.columns)
    assert list(result["状态"]) == ["已添加", "失败", "已添加"]
    assert "<script>alert('x')</script>**粗体**党支部" in set(result["标题"])  # plain, in a table
    assert "<script>" not in _texts(at)


def test_edited_metadata_is_saved_before_upload(isolated_db):
    at = _page()
    at.file_uploader(key="uploader_0").set_value(("新报告.txt", NEW.encode(), "text/plain")).run()
    editor = next(d for d in at.dataframe if d.editing_mode != "read_only")
    assert editor.key.startswith("upload_editor_0_")
    at.session_state[editor.key] = {
        "edited_rows": {0: {"支部": "改名党支部", "年份": 2020}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="upload_save").click().run()
    assert not at.exception
    got = _store(isolated_db).list_reports().set_index("filename").loc["新报告.txt"]
    assert (got["branch"], got["year"]) == ("改名党支部", 2020)


def test_duplicate_upload_is_reported(isolated_db):
    at = _page()
    store = _store(isolated_db)
    text = store.get(int(store.list_reports()["id"].iloc[0])).text
    at.file_uploader(key="uploader_0").set_value(("again.txt", text.encode(), "text/plain")).run()
    failed = next(d.value for d in at.dataframe if "原因" in d.value.columns)
    assert failed.loc[0, "原因"] == "已存在，未重复添加。"
    assert any("没有可保存的新报告" in i.value for i in at.info)


def test_metadata_edit_saved(isolated_db):
    at = _page()
    at.session_state["meta_editor_0"] = {
        "edited_rows": {0: {"支部": "新名字党支部", "年份": 2019}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="meta_save").click().run()
    assert not at.exception
    first = _store(isolated_db).get(int(_store(isolated_db).list_reports()["id"].iloc[0]))
    assert (first.branch, first.year) == ("新名字党支部", 2019)
    assert any("已保存 1 份报告的修改" in s.value for s in at.success)


def test_concurrent_metadata_edit_is_refused_not_overwritten(isolated_db):
    at = _page()  # this session loaded version 1 of every report
    store = _store(isolated_db)
    rid = int(store.list_reports()["id"].iloc[0])
    store.update_metadata(rid, {"branch": "另一位用户的修改"}, store.get(rid).version)
    at.session_state["meta_editor_0"] = {
        "edited_rows": {0: {"支部": "我的修改"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="meta_save").click().run()
    assert not at.exception
    assert any("已被其他人修改" in e.value for e in at.error)
    assert store.get(rid).branch == "另一位用户的修改"


def test_delete_confirm_undo_and_trash(isolated_db):
    at = _page()
    store = _store(isolated_db)
    rid = int(store.list_reports()["id"].iloc[0])
    at.multiselect(key="delete_choice_0").set_value([rid]).run()
    at.button(key="delete_ask").click().run()
    assert any("确定删除 1 份报告" in w.value for w in at.warning)
    assert len(store.list_reports()) == 5  # not before the confirmation
    at.button(key="delete_confirm").click().run()
    assert len(store.list_reports()) == 4 and len(store.trash()) == 1
    at.button(key="delete_undo").click().run()
    assert len(store.list_reports()) == 5
    store.delete(rid)
    at.run()
    at.multiselect(key="trash_choice_1").set_value([rid]).run()
    at.button(key="trash_restore").click().run()
    assert len(store.list_reports()) == 5
    store.delete(rid)
    at.run()
    at.multiselect(key="trash_choice_2").set_value([rid]).run()
    at.button(key="trash_purge_ask").click().run()
    at.button(key="trash_purge_confirm").click().run()
    assert not at.exception
    assert len(store.list_reports(include_deleted=True)) == 4


def test_broken_theme_yaml_is_refused_and_old_kept(isolated_db):
    at = _page()
    store = _store(isolated_db)
    at.selectbox(key="res_choice").set_value("themes").run()
    before_rev = store.revision()
    at.text_area(key="res_text_themes_0").set_value("组织建设:\n  words: [三会一课\n").run()
    at.button(key="res_save").click().run()
    assert not at.exception
    assert any("未保存，原有内容保持不变" in e.value for e in at.error)
    assert "第" in at.code[0].value and "行" in at.code[0].value
    assert store.resource_overrides() == {} and store.revision() == before_rev
    good = "组织建设:\n  description: 组织建设\n  words: [三会一课, 主题党日]\n"
    at.text_area(key="res_text_themes_0").set_value(good).run()
    at.button(key="res_save").click().run()
    assert store.resource_overrides() == {"themes": good} and store.revision() > before_rev
    at.button(key="res_reset_ask").click().run()
    at.button(key="res_reset_confirm").click().run()
    assert not at.exception and store.resource_overrides() == {}


def test_bad_userdict_line_is_refused(isolated_db):
    at = _page()
    at.selectbox(key="res_choice").set_value("userdict").run()
    at.text_area(key="res_text_userdict_0").set_value("三会一课 nz\n党建 引领 2000 l\n").run()
    at.button(key="res_save").click().run()
    assert "第 2 行" in at.code[0].value
    assert _store(isolated_db).resource_overrides() == {}


def test_backup_import(isolated_db, tmp_path):
    other = CorpusStore(tmp_path / "other.db")
    other.add("x.txt", Extracted(text=NEW, fmt="txt"), {"branch": "红旗党支部"})
    other.set_resource("stopwords", "的\n")
    data = archive.export_archive(other)
    at = _page()
    at.file_uploader(key="backup_upload_0").set_value(("备份.zip", data, "application/zip")).run()
    at.button(key="backup_import").click().run()
    assert not at.exception
    assert any("新增 1 份" in s.value for s in at.success)
    store = _store(isolated_db)
    assert len(store.list_reports()) == 6 and store.resource_overrides() == {"stopwords": "的\n"}


def test_broken_backup_is_refused(isolated_db):
    at = _page()
    at.file_uploader(key="backup_upload_0").set_value(
        ("坏.zip", b"PK\x03\x04xx", "application/zip")
    ).run()
    at.button(key="backup_import").click().run()
    assert any("不是有效的备份文件" in e.value for e in at.error)
    assert len(_store(isolated_db).list_reports()) == 5


def test_admin_password_guards_writes(isolated_db, monkeypatch):
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    at = _page()
    assert not at.file_uploader  # no upload without the password
    assert all(d.editing_mode == "read_only" for d in at.dataframe)  # metadata visible, read-only
    assert any(len(d.value) == 5 for d in at.dataframe)
    at.text_input(key="admin_password_input").set_value("错误")
    _submit(at)
    assert any("密码不正确" in e.value for e in at.error)
    assert not at.file_uploader
    at.text_input(key="admin_password_input").set_value("正确的密码")
    _submit(at)
    assert not at.exception
    assert at.file_uploader(key="uploader_0") is not None


def _submit(at: AppTest) -> None:
    button = next(b for b in at.button if b.label == "登录")
    button.click().run()


@pytest.mark.parametrize("name", ["../../evil.txt", "a\x07b.txt"])
def test_hostile_upload_name(isolated_db, name):
    at = _page()
    at.file_uploader(key="uploader_0").set_value((name, NEW.encode(), "text/plain")).run()
    at.button(key="upload_save").click().run()
    assert not at.exception
    names = set(_store(isolated_db).list_reports()["filename"])
    assert not any("/" in n or "\x07" in n for n in names)
