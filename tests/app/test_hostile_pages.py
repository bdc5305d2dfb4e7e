"""Page holes found by the third hostile run (issue 30's bar), each with the test that failed
before its fix."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.test_manage import _damaged, _damaged_page_shown

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_a_damaged_store_with_a_blank_password_shows_the_chinese_page(isolated_db, monkeypatch):
    """DJ_ADMIN_PASSWORD set but blank: the damaged page says so in Chinese and offers no
    restore (it used to raise PasswordMisconfigured: Streamlit's error box instead of the page)."""
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "   ")
    _damaged(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert _damaged_page_shown(at), (at.exception, [e.value for e in at.error])
    assert any("管理密码设置有误" in e.value for e in at.error)
    assert not at.file_uploader and "salvage_run" not in [b.key for b in at.button]
