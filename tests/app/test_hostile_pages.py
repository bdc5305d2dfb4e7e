"""Page holes found by the third hostile run (issue 30's bar), each with the test that failed
before its fix."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.helpers import damaged_page_shown
from tests.stores import damaged_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_a_damaged_store_with_a_blank_password_shows_the_chinese_page(isolated_db, monkeypatch):
    """DJ_ADMIN_PASSWORD set but blank: the damaged page says so in Chinese and offers no
    restore (it used to raise PasswordMisconfigured: Streamlit's error box instead of the page)."""
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "   ")
    damaged_store(isolated_db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert damaged_page_shown(at), (at.exception, [e.value for e in at.error])
    assert any("管理密码设置有误" in e.value for e in at.error)
    assert not at.file_uploader and "salvage_run" not in [b.key for b in at.button]


def test_a_store_filled_by_the_cli_opens_in_the_app_on_a_full_disk(tmp_path, monkeypatch):
    """The CLI filled the disk before the app ever opened the store: the app's first start
    (which loads the sample corpus into a new store) must not take every page down."""
    from analysis.core.models import Extracted
    from analysis.store.database import CorpusStore
    from analysis.store.saving import save_report
    from analysis.text.metadata import Metadata
    from tests.stores import limit_pages, page_count, report_text

    path = tmp_path / "full.db"
    store = CorpusStore(path)
    for n in range(3):  # as `ingest` leaves it: no sample corpus loaded yet
        save_report(
            store, f"报告{n}.txt", Extracted(report_text(n), "txt"), Metadata(title=f"报告{n}")
        )
    monkeypatch.setenv("DJ_DB", str(path))
    limit_pages(monkeypatch, page_count(path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning if "磁盘空间不足" in w.value]
    monkeypatch.undo()
    assert len(CorpusStore(path).list_reports()) == 3  # nothing half-written; samples next time


def test_every_page_renders_on_a_full_disk(tmp_path, monkeypatch):
    """雷同检测 created its fingerprint table and saved fingerprints on first use: on a full disk
    that took the page down. Like the analysis cache, those writes are skipped now."""
    from analysis.core.models import Extracted
    from analysis.store.database import CorpusStore
    from analysis.store.saving import save_report
    from analysis.text.metadata import Metadata
    from tests.stores import limit_pages, page_count, report_text

    path = tmp_path / "full.db"
    store = CorpusStore(path)
    for n in range(6):
        save_report(
            store, f"报告{n}.txt", Extracted(report_text(n), "txt"), Metadata(title=f"报告{n}")
        )
    store.set_meta("samples_loaded", "1")
    monkeypatch.setenv("DJ_DB", str(path))
    limit_pages(monkeypatch, page_count(path))
    for view in ("views/overlap.py", "views/similar.py", "views/trends.py", "views/report.py"):
        at = AppTest.from_file(APP, default_timeout=180)
        at.switch_page(view)
        at.run()
        assert not at.exception, (view, at.exception)
        at.run()  # the notice is drawn first: from the run after the failed write
        assert not at.exception, (view, at.exception)
        assert [w.value for w in at.warning if "磁盘空间不足" in w.value], view
