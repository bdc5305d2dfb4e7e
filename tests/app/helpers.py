"""Helpers of the page tests: open a page of the whole app under AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_app_page(page: str | None = None, **state) -> AppTest:
    """Run app.py (router + sidebar) on `page` (the default page when None) with `state` preset;
    one script run, no exception."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def routed_pages() -> list[str]:
    """The page scripts app.py routes to (its st.Page list), in menu order."""
    import re

    return re.findall(r'st\.Page\(\s*"([^"]+\.py)"', Path(APP).read_text("utf-8"))


def paged_values(at: AppTest, column: str, page_key: str) -> list:
    """Every value of `column` in the table holding it, walking its pages (views/table_pages:
    50 rows a page, the picker on `page_key`); leaves the table on its last page."""
    values: list = []
    for page in range(1, 1000):
        values += list(next(df.value for df in at.dataframe if column in df.value.columns)[column])
        picker = [n for n in at.number_input if n.key == page_key]
        if not picker or page >= (picker[0].max or 1):
            return values
        picker[0].set_value(page + 1).run()
        assert not at.exception, at.exception
    raise AssertionError(f"{page_key}: more pages than expected")


def damaged_page_shown(at: AppTest) -> bool:
    """The page a damaged store shows instead of any page: one Chinese title and error, no trace."""
    return (
        not at.exception
        and "语料库数据库已损坏" in [t.value for t in at.title]
        and any("已损坏" in e.value and "从备份恢复" in e.value for e in at.error)
    )


def refuse_corpus_load(monkeypatch) -> list:
    """Clear the app's caches (a restart) and make loading the whole corpus fail the test; the
    returned list collects every attempt."""
    import streamlit as st

    import views.snapshot

    calls: list[object] = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the whole corpus was loaded")

    st.cache_resource.clear()
    st.cache_data.clear()
    monkeypatch.setattr(views.snapshot, "load_corpus", refuse)
    return calls
