"""数据管理 page: upload with preview, metadata edits with conflict detection, delete/undo/trash,
dictionary editing with validation, backup import, the admin password gate."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.core.models import Extracted
from analysis.store import archive
from analysis.store.database import CorpusStore
from tests.app.helpers import damaged_page_shown
from tests.stores import damaged_store

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
    stored = store.get(int(store.list_reports()["id"].iloc[0]))
    at.file_uploader(key="uploader_0").set_value(("again.txt", stored.text.encode(), "text/plain"))
    at.run()
    failed = next(d.value for d in at.dataframe if "原因" in d.value.columns)
    named = f"「{stored.title}」（{stored.filename}）"
    assert failed.loc[0, "原因"] == f"与已保存的报告{named}内容相同，未重复添加。"
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


def test_backup_with_many_bad_entries_shows_one_summary(isolated_db, tmp_path):
    """Issue 16: thousands of bad entries give one warning box (count + first reasons)."""
    import io
    import json
    import zipfile

    other = CorpusStore(tmp_path / "other.db")
    other.add("x.txt", Extracted(text=NEW, fmt="txt"), {"branch": "红旗党支部"})
    members = {}
    with zipfile.ZipFile(io.BytesIO(archive.export_archive(other))) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["reports"] += [
        {"file": f"reports/{i:06d}.txt", "sha256": "0" * 64} for i in range(3000)
    ]
    members["manifest.json"] = json.dumps(manifest).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    at = _page()
    at.file_uploader(key="backup_upload_0").set_value(
        ("备份.zip", buf.getvalue(), "application/zip")
    )
    at.run()
    at.button(key="backup_import").click().run()
    assert not at.exception
    assert any("失败 3000 份" in s.value for s in at.success)
    assert len(at.warning) == 1 and "另有 2980 条问题" in at.warning[0].value


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


def _login(at: AppTest, password: str) -> None:
    at.text_input(key="admin_password_input").set_value(password)
    _submit(at)


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    """Every AppTest session has the same id: each test gets its own login throttle."""
    from analysis.store.auth import LoginThrottle
    from views import admin

    monkeypatch.setattr(admin, "THROTTLE", LoginThrottle())


def test_backup_download_needs_the_password_when_set(isolated_db, monkeypatch):
    """Issue 16, hole 2: the backup holds every report's text (trash included)."""
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    at = _page()
    assert not [d for d in at.download_button if d.key == "backup_download"]
    assert any("下载备份需要管理密码" in i.value for i in at.info)
    _login(at, "错误")
    assert not [d for d in at.download_button if d.key == "backup_download"]
    _login(at, "正确的密码")
    assert not at.exception
    assert at.download_button(key="backup_download").label == "下载备份（.zip）"


def test_backup_download_is_open_without_a_password(isolated_db, monkeypatch):
    monkeypatch.delenv("DJ_ADMIN_PASSWORD", raising=False)
    at = _page()
    assert at.download_button(key="backup_download") is not None


@pytest.mark.parametrize("blank", ["   ", "\t\n", "\u3000", ""])
def test_blank_admin_password_closes_every_write(isolated_db, monkeypatch, blank):
    """Issue 16, hole 10: a whitespace-only password used to open the gate silently."""
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", blank)
    at = _page()
    assert any("管理密码设置有误" in e.value for e in at.error)
    assert not at.file_uploader
    assert not [d for d in at.download_button if d.key == "backup_download"]
    assert all(d.editing_mode == "read_only" for d in at.dataframe)
    assert not [b for b in at.button if b.label == "登录"]  # no password can open it


def test_password_guessing_is_throttled_and_logged(isolated_db, monkeypatch, caplog):
    """Issue 16, hole 10: after a few wrong passwords even the right one must wait."""
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    caplog.set_level(logging.WARNING, logger="analysis.store.auth")
    at = _page()
    for i in range(4):
        _login(at, f"猜测{i}")
    assert any("秒后再试" in e.value for e in at.error)
    _login(at, "正确的密码")
    assert not at.file_uploader  # refused: still waiting
    assert any("秒后再试" in e.value for e in at.error)
    rejected = [r for r in caplog.records if "rejected" in r.getMessage()]
    assert len(rejected) == 4
    assert "猜测" not in caplog.text and "正确的密码" not in caplog.text


@pytest.mark.parametrize(
    "ip, per_address",
    [
        ("203.0.113.5", True),
        ("2001:db8::1", True),
        ("127.0.0.1", False),
        ("::1", False),
        (None, False),
    ],
)
def test_guesses_are_counted_per_address_unless_behind_a_local_proxy(monkeypatch, ip, per_address):
    """Behind a reverse proxy on this host every visitor is 127.0.0.1: count per session then."""
    from types import SimpleNamespace

    from views import admin

    monkeypatch.setattr(admin, "st", SimpleNamespace(context=SimpleNamespace(ip_address=ip)))
    assert (admin._client() == ip) is per_address


def test_clear_cache_from_a_viewer_keeps_the_shared_caches(monkeypatch):
    """Issue 16, hole 10: any client can send Streamlit's clear-cache message."""
    from streamlit.runtime import caching
    from streamlit.runtime.app_session import AppSession

    from views import admin

    cleared: list[str] = []
    monkeypatch.setattr(AppSession, "_handle_clear_cache_request", _original_clear(AppSession))
    monkeypatch.setattr(caching.cache_data, "clear", lambda: cleared.append("data"))
    monkeypatch.setattr(caching.cache_resource, "clear", lambda: cleared.append("resource"))
    admin.guard_shared_caches()

    class Session:
        def __init__(self, state: dict) -> None:
            self._session_state = state

    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    viewer = Session({"flt_year": [2023]})
    AppSession._handle_clear_cache_request(viewer)
    assert cleared == [] and viewer._session_state == {}  # only its own state
    AppSession._handle_clear_cache_request(Session({"admin_ok": True}))
    assert cleared == ["data", "resource"]
    monkeypatch.delenv("DJ_ADMIN_PASSWORD")  # no password: everyone may write, and clear
    AppSession._handle_clear_cache_request(Session({}))
    assert cleared == ["data", "resource"] * 2


def _original_clear(app_session):
    """Streamlit's own handler (un-guarded, so the guard is installed afresh by the test)."""
    handler = app_session._handle_clear_cache_request
    return getattr(handler, "__wrapped__", handler)


@pytest.mark.parametrize(
    "url, secret",
    [
        ("postgresql://dj:pa/ssWORD@127.0.0.1:1/dj", "ssWORD"),
        ("postgresql://dj:Kx9@Qz7Vb2@127.0.0.1:1/dj", "Qz7Vb2"),
        ("PostgreSQL://dj:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),
    ],
)
def test_store_error_page_never_shows_the_password(monkeypatch, tmp_path, url, secret):
    """Issue 16, hole 1: the error page every visitor sees when the store cannot be opened."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DJ_DB", url)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    shown = _texts(at) + "".join(str(e.value) for e in at.error)
    assert "无法打开语料库" in shown
    assert secret not in shown


@pytest.mark.parametrize("name", ["../../evil.txt", "a\x07b.txt"])
def test_hostile_upload_name(isolated_db, name):
    at = _page()
    at.file_uploader(key="uploader_0").set_value((name, NEW.encode(), "text/plain")).run()
    at.button(key="upload_save").click().run()
    assert not at.exception
    names = set(_store(isolated_db).list_reports()["filename"])
    assert not any("/" in n or "\x07" in n for n in names)


# ---------------------------------------------------------------- damaged database (issue 16 hole 9)

ALL_PAGES = [
    "views/overview.py",
    "views/report.py",
    "views/themes.py",
    "views/search.py",
    "views/compare.py",
    "views/present.py",
    "views/manage.py",
]


@pytest.mark.parametrize("page", ALL_PAGES)
def test_damaged_database_shows_one_chinese_page_everywhere(isolated_db, page):
    before = damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page(page)
    at.run()
    assert damaged_page_shown(at), (at.exception, [e.value for e in at.error])
    assert at.button(key="integrity_check") is not None
    assert isolated_db.read_bytes() == before  # no write reached the file


def test_damage_found_after_opening_shows_the_same_page(isolated_db):
    at = _page()  # healthy: the store is opened and cached
    from tests.stores import damage

    damage(isolated_db, 0.5)
    at.button(key="integrity_check").click().run()
    assert any("已损坏" in e.value for e in at.error)
    at.run()
    assert damaged_page_shown(at)


def test_damage_hit_mid_page_shows_the_same_page(isolated_db):
    """The store was opened healthy (and is cached); a page's query then meets the damage:
    the damaged page replaces the traceback, and writes stop."""
    import sqlite3

    from tests.stores import damage, filled

    filled(isolated_db, 40)
    _page()  # opens and caches the healthy store in this process
    sqlite3.connect(isolated_db).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    damage(isolated_db, 0.5)
    before = isolated_db.read_bytes()
    st.cache_data.clear()  # the report lists are cached per revision: make the page read again
    at = AppTest.from_file(APP, default_timeout=90)  # a new session: reads the report list
    at.switch_page("views/manage.py")
    at.run()
    assert damaged_page_shown(at), (at.exception, [e.value for e in at.error])
    at.run()  # and on every run after it
    assert damaged_page_shown(at)
    assert isolated_db.read_bytes() == before


def test_integrity_check_on_a_damaged_store_shows_the_problems(isolated_db):
    damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/manage.py")
    at.run()
    at.button(key="integrity_check").click().run()
    assert any("完整性检查" in e.value and "处问题" in e.value for e in at.error)
    assert at.code and at.code[0].value.strip()  # what SQLite reported


def test_integrity_check_on_a_healthy_store(isolated_db):
    at = _page()
    at.button(key="integrity_check").click().run()
    assert any("通过" in s.value for s in at.success)


def test_restore_from_backup_replaces_the_damaged_file(isolated_db, tmp_path):
    other = CorpusStore(tmp_path / "other.db")
    other.add("x.txt", Extracted(text=NEW, fmt="txt"), {"branch": "红旗党支部"})
    backup = archive.export_archive(other)
    damaged = damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/manage.py")
    at.run()
    at.file_uploader(key="restore_upload").set_value(("备份.zip", backup, "application/zip")).run()
    at.button(key="restore_run").click().run()
    assert any("已恢复" in s.value and "新增 1 份" in s.value for s in at.success), at.error
    kept = [p for p in isolated_db.parent.iterdir() if p.name.startswith("app.db.damaged-")]
    kept = [p for p in kept if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # the damaged file is kept as is
    at.run()
    assert not at.exception and at.title[0].value == "数据管理"
    assert len(CorpusStore(isolated_db).list_reports()) == 1


def test_restore_needs_the_admin_password(isolated_db, monkeypatch):
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert damaged_page_shown(at)
    assert not at.file_uploader  # no restore without the password
    at.text_input(key="restore_password_input").set_value("正确的密码")
    _submit(at)
    assert at.file_uploader(key="restore_upload") is not None


def test_damaged_page_password_box_is_throttled_and_logged(isolated_db, monkeypatch, caplog):
    """Issue 30: 45 wrong guesses in 46 s on the damaged page's box, no throttle and no log."""
    import logging

    from analysis.store.auth import LoginThrottle
    from views import admin

    monkeypatch.setattr(admin, "THROTTLE", LoginThrottle(clock=lambda: 0.0))  # time stands still
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    caplog.set_level(logging.WARNING, logger="analysis.store.auth")
    for n in range(5):
        at.text_input(key="restore_password_input").set_value(f"猜测{n}")
        _submit(at)
    assert any("秒后再试" in e.value for e in at.error), [e.value for e in at.error]
    assert len([r for r in caplog.records if "rejected" in r.getMessage()]) == 4
    at.text_input(key="restore_password_input").set_value("正确的密码")
    _submit(at)  # still waiting: refused without being checked
    assert not at.file_uploader


def test_salvage_from_a_damaged_store_without_a_backup(isolated_db):
    before = damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.button(key="salvage_run").click().run()
    assert not at.exception
    assert any("抢救出" in i.value and "无法读取" in i.value for i in at.info)
    assert isolated_db.read_bytes() == before


def test_scan_upload_shows_page_progress_and_is_not_ocrd_twice(isolated_db, monkeypatch):
    from analysis.io import ocr
    from tests.scans import LINES, png_of
    from views import manage_upload

    if not ocr.available():
        pytest.skip("rapidocr-onnxruntime not installed")
    drawn: list[str] = []
    real_page, real_recognise = manage_upload.scan_page, ocr.recognise
    engine: list[int] = []

    def page(bar, name, k, n):
        drawn.append(f"{name} {k}/{n}")
        real_page(bar, name, k, n)

    def recognise(image):
        engine.append(1)
        return real_recognise(image)

    monkeypatch.setattr(manage_upload, "scan_page", page)
    monkeypatch.setattr(ocr, "recognise", recognise)
    scan = png_of(LINES)
    at = _page()
    files = [("扫描.png", scan, "image/png"), ("新报告.txt", NEW.encode(), "text/plain")]
    at.file_uploader(key="uploader_0").set_value(files).run()
    assert not at.exception
    assert drawn == ["扫描.png 0/0", "扫描.png 1/1"] and engine == [1]
    ready = next(d.value for d in at.dataframe if "年份" in d.value.columns)
    assert list(ready["文件"]) == ["扫描.png", "新报告.txt"]
    at.button(key="upload_save").click().run()
    assert _store(isolated_db).list_reports()["ocr"].sum() == 1
    at.file_uploader(key="uploader_1").set_value([("又一次.png", scan, "image/png")]).run()
    assert engine == [1]  # the same scan again: its text comes from the store, no OCR
    failed = [d.value for d in at.dataframe if "原因" in d.value.columns][-1]
    assert failed.loc[0, "原因"].startswith("与已保存的报告「")


def test_server_paths_are_hidden_from_visitors_until_login(isolated_db, monkeypatch):
    """Issue 30: the damaged page showed the server's file path to anonymous visitors."""
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert damaged_page_shown(at)
    shown = " ".join(e.value for e in at.error)
    assert str(isolated_db.parent) not in shown.replace("\\", "")
    at.text_input(key="restore_password_input").set_value("正确的密码")
    _submit(at)
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert isolated_db.name in shown  # the admin sees where the file is


def test_a_masked_password_is_not_markdown(monkeypatch, tmp_path):
    """Issue 30: `postgresql://***@…` rendered as Markdown (the stars vanished)."""
    monkeypatch.setenv("DJ_DB", "postgresql://dj:p@ss@127.0.0.1:1/corpus")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    (error,) = [e.value for e in at.error if "无法打开语料库" in e.value]
    assert "\\*\\*\\*" in error and "p@ss" not in error and "ss@" not in error


def test_the_uploader_leaves_refusals_to_the_readers(isolated_db):
    """Issue 30: a file named `..` got Streamlit's English `text/plain files are not allowed`;
    with no type filter every file reaches the readers, which say why in Chinese."""
    at = _page()
    (uploader,) = [u for u in at.get("file_uploader") if u.proto.label == "选择报告文件（可多选）"]
    assert list(uploader.proto.type) == []
