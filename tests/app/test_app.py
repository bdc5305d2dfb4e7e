"""Smoke test of the app shell: it opens on the embedded sample corpus."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from analysis.core.models import Extracted
from bench.measure import app_pages
from tests.app.helpers import APP


def test_app_opens_on_sample_corpus(app_test):
    at = app_test
    at.run()
    assert not at.exception
    assert at.title[0].value == "概览"
    frames = [df.value for df in at.dataframe]
    listing = next(f for f in frames if "支部" in f.columns)
    assert len(listing) == 5
    assert {"单位", "年份", "标题", "字数", "加入时间"} <= set(listing.columns)
    assert "兴城投资党支部" in set(listing["支部"])


def test_filters_narrow_the_listing(app_test):
    at = app_test
    at.run()
    at.sidebar.multiselect(key="flt_year").set_value([2023]).run()
    assert not at.exception
    listing = next(df.value for df in at.dataframe if "支部" in df.value.columns)
    assert list(listing["年份"]) == [2023]


def _rendered(node) -> Iterator[str]:
    """The protobuf text of every element AppTest rendered (widgets, tables, alerts …)."""
    if getattr(node, "proto", None) is not None:
        yield str(node.proto)
    for child in getattr(node, "children", {}).values():
        yield from _rendered(child)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_app_on_postgresql_every_page_and_another_instance(db_location, monkeypatch):
    """Two app instances on one PostgreSQL store: every page renders, a report saved by the other
    instance shows up, and the password never appears on a page."""
    from streamlit.testing.v1 import AppTest

    from analysis.store.database import CorpusStore

    monkeypatch.setenv("DJ_DB", db_location)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert len(next(df.value for df in at.dataframe if "支部" in df.value.columns)) == 5
    other = CorpusStore(db_location)  # another instance (on another host) saves a report
    other.add(
        "新.txt", Extracted(text="红旗社区第一党支部2024年度工作总结\n一、主要做法", fmt="txt"), {}
    )
    at.run()
    assert len(next(df.value for df in at.dataframe if "支部" in df.value.columns)) == 6
    password = urlsplit(db_location).password
    for page in app_pages():
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not password or not any(password in t for t in _rendered(at._tree)), page


def test_unreachable_store_shows_a_chinese_error_not_a_traceback(monkeypatch):
    """A PostgreSQL server that is down (or a bad $DJ_DB): one clear message, password hidden."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DJ_DB", "postgresql://dj:s3cret@127.0.0.1:1/corpus")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error][0].startswith("无法打开语料库。数据库连接失败")
    assert "s3cret" not in str(at)
