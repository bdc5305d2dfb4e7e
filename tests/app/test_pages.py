"""Every page app.py routes to renders on a SQLite store with the sample corpus and on an empty
store (one test for all pages; the page modules' own tests cover their features)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus.loading import ensure_samples
from analysis.store.database import CorpusStore
from tests.app.helpers import APP, routed_pages

TITLES = dict(
    re.findall(r'st\.Page\(\s*"([^"]+\.py)",\s*title="([^"]+)"', Path(APP).read_text("utf-8"))
)
EMPTY = "语料库中还没有报告"


@pytest.fixture(scope="module", params=["samples", "empty"])
def store_kind(request, tmp_path_factory):
    """A SQLite store with the five samples, or one whose reports were all purged (via DJ_DB)."""
    path = tmp_path_factory.mktemp(request.param) / "app.db"
    store = CorpusStore(str(path))
    ensure_samples(store)
    if request.param == "empty":
        for rid in store.list_reports()["id"]:
            store.purge(int(rid))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJ_DB", str(path))
        yield request.param


def test_every_page_is_routed_and_titled():
    assert len(routed_pages()) == len(TITLES) >= 7
    assert set(routed_pages()) == set(TITLES)


@pytest.mark.parametrize("page", routed_pages())
def test_page_renders(store_kind, page):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.title[0].value == TITLES[page]
    assert not at.error, [e.value for e in at.error]
    hints = [i.value for i in at.info if EMPTY in i.value]
    if store_kind == "empty":
        assert hints and "数据管理" in hints[0]  # says how to add reports
        assert not at.get("plotly_chart") and not at.metric
        if page != "views/manage.py":  # nothing to pick, search or step through
            assert not at.main.selectbox and not at.main.text_input and not at.main.button
    else:
        assert not hints
