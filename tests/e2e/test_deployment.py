"""The multi-process deployment (deploy/start.py): two app processes behind nginx on one store,
sessions kept on one process by the route cookie, a small load through the proxy with 0 errors.

Skipped with its reason when nginx is not installed (Debian: apt-get install -y nginx)."""

from __future__ import annotations

import asyncio
import re
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

from bench.load import PAGES, Target, build_store, load_test, serve, summarize, wait_rendered
from deploy.start import nginx_path
from tests.e2e.helpers import IMAGES_JS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        nginx_path() is None,
        reason="deployment test skipped: nginx is not installed (Debian: apt-get install -y nginx)",
    ),
]
REPORTS = 40  # generated reports in the shared store
SESSIONS = 3
PAGE_MS = 180_000
LOG_LINE = re.compile(r"route=(\S*) upstream=(\S+)")


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> tuple[Target, Path]:
    base = tmp_path_factory.mktemp("deploy")
    build_store(base / "store.db", REPORTS)
    with serve(base / "store.db", base / "logs", proxy=2) as target:
        yield target, base / "logs"


def upstreams_by_route(logs: Path) -> dict[str, set[str]]:
    """The app processes nginx sent each route cookie's requests to (from its access log)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for line in (logs / "access.log").read_text(encoding="utf-8").splitlines():
        m = LOG_LINE.search(line)
        if m and m.group(1) not in ("", "-"):
            seen[m.group(1)].add(m.group(2))
    return seen


def _health(url: str, route: str) -> None:
    req = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"dj_route={route}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200


def test_one_route_cookie_is_one_process_and_routes_spread(deployed):
    target, logs = deployed
    assert len(target.app_urls) == 2
    for route in [f"route-{i}" for i in range(16)] + ["route-0"] * 5:
        _health(target.url, route)
    served = upstreams_by_route(logs)
    assert all(len(served[f"route-{i}"]) == 1 for i in range(16))  # sticky
    assert len(set().union(*(served[f"route-{i}"] for i in range(16)))) == 2  # both used


def test_a_small_load_through_the_proxy_has_no_error(deployed):
    """Three browser sessions at once through nginx (after one warm-up per app process): every
    page renders, no error, and each session's requests (websocket, images) stay on one process."""
    target, logs = deployed
    warm, done, server_cpu, _ = asyncio.run(load_test(target, SESSIONS, PAGE_MS, deadline=600))
    r = summarize(warm, done, server_cpu, 0.0)
    assert r["warmup_errors"] == [] and r["errors"] == 0, r["error_kinds"]
    assert all(r["pages"][p]["loads"] == SESSIONS for p in PAGES)
    routes = upstreams_by_route(logs)
    assert len(routes) >= SESSIONS and all(len(u) == 1 for u in routes.values())


def test_a_session_gets_its_images_from_its_own_process(deployed):
    """概览's word cloud is held in memory by the process that drew it: through the proxy it
    loads, and fetched again and again with the session's cookie it is there every time."""
    target, _ = deployed
    images, statuses = asyncio.run(_overview_images(target.url))
    assert images and all(i["width"] > 0 for i in images), images
    assert statuses and set(statuses) == {200}, statuses


async def _overview_images(url: str) -> tuple[list[dict], list[int]]:
    """概览's images as decoded in a browser session, and the status of six more fetches of
    each with that session's cookies (a process without the image answers 404)."""
    from playwright.async_api import async_playwright

    from bench.load import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(locale="zh-CN")
            page = await context.new_page()
            await page.goto(url, timeout=PAGE_MS)
            await wait_rendered(page, PAGES[0], PAGE_MS)
            images = await page.evaluate(IMAGES_JS)
            sources = await page.eval_on_selector_all(
                '[data-testid="stImage"] img', "(imgs) => imgs.map((i) => i.src)"
            )
            statuses = [
                (await context.request.get(src)).status for src in sources for _ in range(6)
            ]
            return images, statuses
        finally:
            await browser.close()
