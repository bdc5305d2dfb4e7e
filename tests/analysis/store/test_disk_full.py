"""A full disk is a state the app survives (issue 30, point 5), on a size-limited SQLite store
(`PRAGMA max_page_count` on every connection: SQLite then fails writes with SQLITE_FULL, the
error of a full disk): cache writes are logged and skipped, reads work, save counts are exact."""

from __future__ import annotations

import logging

import pytest

from analysis.core.models import Extracted
from analysis.corpus.loading import load_corpus
from analysis.store.database import CorpusStore
from analysis.store.saving import save_report
from analysis.store.uploads import process_batch, summary
from analysis.text.metadata import Metadata
from tests.stores import limit_pages, page_count, report_text


@pytest.fixture
def stored(tmp_path):
    """A store of 10 reports, none analysed yet, then full: not one more page fits."""
    path = tmp_path / "full.db"
    store = CorpusStore(path)
    for n in range(10):
        save_report(
            store, f"报告{n}.txt", Extracted(report_text(n), "txt"), Metadata(title=f"报告{n}")
        )
    return path


def test_analysis_cache_writes_on_a_full_disk_are_logged_and_skipped(stored, monkeypatch, caplog):
    limit_pages(monkeypatch, page_count(stored))
    store = CorpusStore(stored)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(store, workers=1)
    assert len(corpus.reports) == 10 and len(corpus.analyses) == 10
    assert store.cache_full  # the pages' one notice
    assert any("cache" in r.getMessage() for r in caplog.records)


def test_list_works_on_a_full_disk(stored, monkeypatch, capsys):
    from analysis.cli import main

    limit_pages(monkeypatch, page_count(stored))
    assert main(["list", "--db", str(stored)]) == 0
    out, err = capsys.readouterr()
    assert "报告9" in out and "磁盘空间不足" not in err


def test_save_counts_are_exact_when_the_disk_fills_mid_batch(tmp_path, monkeypatch):
    path = tmp_path / "filling.db"
    CorpusStore(path)
    limit_pages(monkeypatch, page_count(path) + 12)  # room for a few reports, not for twenty
    files = [(f"报告{n}.txt", report_text(n).encode()) for n in range(20)]
    items = process_batch(CorpusStore(path), files)
    counts = summary(items)
    assert counts["failed"] > 0 and counts["added"] > 0
    assert all("磁盘空间不足" in i.reason for i in items if i.status == "failed")
    monkeypatch.undo()
    stored = CorpusStore(path)
    assert counts["added"] == len(stored.list_reports())
    with stored._read() as con:
        assert con.execute("SELECT COUNT(*) FROM identities").fetchone()[0] == counts["added"]


def test_pages_render_on_a_full_disk_with_one_notice(stored, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("DJ_DB", str(stored))
    CorpusStore(stored).set_meta("samples_loaded", "1")
    limit_pages(monkeypatch, page_count(stored))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.run()  # a second run: the notice stays, the page still renders
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning if "磁盘空间不足" in w.value]
    assert len(notices) == 1, [w.value for w in at.warning]
