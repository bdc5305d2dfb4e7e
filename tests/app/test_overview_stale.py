"""概览 after an upgrade: the stored facts belong to older analysis rules. The page shows them at
once (no foreground backfill of every report) while the current facts are computed in the
background, says so with progress, and shows the current facts once they are ready."""

from __future__ import annotations

import sqlite3
import time

import pytest

from analysis.corpus.loading import load_corpus, resource_texts
from analysis.service import CorpusStore
from analysis.store import fact_queries as q  # the test may reach below the pages
from analysis.text.pipeline import cache_key
from bench.generate import fill_store, generate_corpus
from tests.app.helpers import open_app_page, paged_values
from views import overview_stale

OLD = "v0-older-rules"
N = overview_stale.STALE_AT_LEAST + 5


@pytest.fixture
def stale_db(tmp_path, monkeypatch):
    """A store whose every analysis and fact was written under OLD rules (as after an upgrade)."""
    path = tmp_path / "stale.db"
    store = CorpusStore(str(path))
    fill_store(store, generate_corpus(N, seed=11))
    load_corpus(store, workers=1)  # analyses and facts under the current rules
    key = cache_key(resource_texts(store))
    with sqlite3.connect(path) as con:  # the current rules' results become an older version's
        con.execute("UPDATE report_facts SET fingerprint = ? WHERE fingerprint = ?", (OLD, key))
        con.execute("DELETE FROM analyses")
    monkeypatch.setenv("DJ_DB", str(path))
    return path


def _kpi(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _wait_for_recompute(location: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while overview_stale.running(location) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert overview_stale.running(location) is None, "the background recompute did not end"


def test_older_facts_are_shown_at_once_and_replaced_when_ready(stale_db):
    store = CorpusStore(str(stale_db))
    key = cache_key(resource_texts(store))
    assert q.fact_fingerprints(store) == [(OLD, N)]
    at = open_app_page()  # the first start also adds the 5 samples: no facts at all yet
    assert _kpi(at, "报告") == f"{N} 份"  # the older facts, shown without waiting
    assert any("分析规则已更新" in i.value for i in at.info)
    _wait_for_recompute(store.location)
    assert q.without_facts(store, key).empty  # every report has facts under the current rules
    at.run()
    assert not at.exception, at.exception
    assert not any("分析规则已更新" in i.value for i in at.info)
    assert _kpi(at, "报告") == f"{N + 5} 份"  # the current facts: the samples counted too


@pytest.mark.parametrize(
    ("missing", "older", "expected"),
    [
        (0, True, False),  # current: nothing to do
        (overview_stale.STALE_AT_LEAST - 1, True, False),  # an upload or a few: in the page run
        (overview_stale.STALE_AT_LEAST, True, True),  # an upgrade: in the background
        (overview_stale.STALE_AT_LEAST, False, False),  # nothing older to show: in the page run
    ],
)
def test_when_the_background_takes_over(tmp_path, monkeypatch, missing, older, expected):
    store = CorpusStore(str(tmp_path / "x.db"))
    monkeypatch.setattr(q, "without_facts", lambda s, k: list(range(missing)))
    monkeypatch.setattr(q, "fact_fingerprints", lambda s: [(OLD, 9)] if older else [])
    found = overview_stale.older_facts(store, resource_texts(store))
    assert (found is not None) == expected
    if expected:
        assert found == (OLD, missing)


def test_long_lists_go_a_page_at_a_time_and_hold_every_report(stale_db):
    """The report list of 60 reports: 50 rows on the first page, the rest on the second, each
    report once (the downloads hold every row: widgets.show_table's `download`)."""
    at = open_app_page()
    _wait_for_recompute(CorpusStore(str(stale_db)).location)
    at.run()
    first = next(df.value for df in at.dataframe if "加入时间" in df.value.columns)
    assert len(first) == 50
    ids = paged_values(at, "编号", "ov_report_pick_page")
    assert len(ids) == len(set(ids)) == N + 5
