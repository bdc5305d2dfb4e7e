"""Issue 16, hole 6, in a real browser: hostile text in a branch, a title, a theme and a report is
shown as text on every page — no request leaves the machine, and no link, image or formula is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from tests.app.injection import plant
from tests.e2e.conftest import serve
from tests.e2e.helpers import LIVE, ROUTED_PAGES, RUN_MS, install_run_counter, open_page, wait_idle

pytestmark = pytest.mark.e2e

PAGES = ROUTED_PAGES
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, artifacts) -> Iterator[str]:
    """The app on a store whose branches, titles and a theme hold Markdown, KaTeX and HTML."""
    db = tmp_path_factory.mktemp("hostile") / "corpus.db"
    plant(db)
    with serve(db, artifacts / "hostile-server.log") as url:
        yield url


@pytest.mark.parametrize("path,heading", PAGES, ids=[p for p, _ in PAGES])
def test_hostile_text_stays_text_in_the_browser(browser, hostile_url, path, heading):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    install_run_counter(ctx)
    outside: list[str] = []
    ctx.on("request", lambda r: outside.append(r.url) if _leaves(r.url) else None)
    page = ctx.new_page()
    try:
        open_page(page, hostile_url, path, heading, timeout=RUN_MS * 4)
        page.mouse.wheel(0, 4000)  # lazy parts below the fold render too
        wait_idle(page)  # every chart drawn and every image decoded, then quiet
        live = page.locator(LIVE)
        assert live.count() == 0, [live.nth(i).evaluate("e => e.outerHTML") for i in range(3)]
        assert outside == []
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert (
            "example" in text
            or "e.in" in text
            or path in ("/report", "/search", "/trends", "/similar", "/overlap", "/manage")
        ), "the planted text should reach the page as visible text"
    finally:
        ctx.close()


def _leaves(url: str) -> bool:
    """A request to any host but this machine (data: and blob: URLs stay local)."""
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS
