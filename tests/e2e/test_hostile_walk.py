"""Issue 16, hole 6, in a real browser: hostile text in a branch, a title, a theme and a report is
shown as text on every page — no request leaves the machine, and no link, image or formula is made.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest

from tests.app.injection import plant
from tests.e2e.conftest import serve
from tests.e2e.helpers import (
    LIVE,
    ROUTED_PAGES,
    RUN_MS,
    install_run_counter,
    opening,
    outcome,
    side_by_side,
    wait_idle,
)

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


@dataclass(frozen=True)
class Seen:
    """What one page showed: the live elements made of the planted markup (count and the first
    three), the requests that left the machine, and the main area's visible text."""

    live: int
    live_html: list[str]
    outside: list[str]
    text: str


def _visit(browser, url: str, path: str, heading: str) -> Generator[None, None, Seen]:
    """One page in its own context, as steps for side_by_side."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    install_run_counter(ctx)
    outside: list[str] = []
    ctx.on("request", lambda r: outside.append(r.url) if _leaves(r.url) else None)
    page = ctx.new_page()
    try:
        yield from opening(page, url, path, heading, timeout=RUN_MS * 4)
        page.mouse.wheel(0, 4000)  # lazy parts below the fold render too
        yield
        wait_idle(page)  # every chart drawn and every image decoded, then quiet
        live = page.locator(LIVE)
        html = [live.nth(i).evaluate("e => e.outerHTML") for i in range(min(live.count(), 3))]
        text = page.locator('[data-testid="stMain"]').inner_text()
        return Seen(live.count(), html, list(outside), text)
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def seen(browser, hostile_url) -> dict:
    """Every routed page opened on the hostile store: the first alone (its first run loads the
    store), then the others side by side (helpers.side_by_side)."""
    (first, heading), *rest = PAGES
    shown = side_by_side({first: _visit(browser, hostile_url, first, heading)})
    return shown | side_by_side({path: _visit(browser, hostile_url, path, h) for path, h in rest})


@pytest.mark.parametrize("path,heading", PAGES, ids=[p for p, _ in PAGES])
def test_hostile_text_stays_text_in_the_browser(seen, path, heading):
    shown = outcome(seen[path])
    assert shown.live == 0, shown.live_html
    assert shown.outside == []
    assert (
        "example" in shown.text
        or "e.in" in shown.text
        or path in ("/report", "/search", "/trends", "/similar", "/overlap", "/manage")
    ), "the planted text should reach the page as visible text"


def _leaves(url: str) -> bool:
    """A request to any host but this machine (data: and blob: URLs stay local)."""
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS
