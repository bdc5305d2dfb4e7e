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


def damaged_page_shown(at: AppTest) -> bool:
    """The page a damaged store shows instead of any page: one Chinese title and error, no trace."""
    return (
        not at.exception
        and "语料库数据库已损坏" in [t.value for t in at.title]
        and any("已损坏" in e.value and "从备份恢复" in e.value for e in at.error)
    )
