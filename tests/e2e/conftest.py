"""Real-browser fixtures: one `streamlit run` server and one headless Debian Chromium per session.

The whole e2e suite is skipped, with the reason printed at the end of the run (by tests/conftest.py),
when Chromium or Playwright is missing. Never `playwright install`: it downloads a browser build and fails here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import ARTIFACTS, CHROMIUM, ROOT, unavailable_reason

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # the network is closed: no refused-connection floods
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}
SERVER_START_S = 60  # until /_stcore/health answers
SERVER_STOP_S = 10  # after SIGINT, before SIGKILL


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every e2e test with one clear reason when Chromium or Playwright is missing."""
    reason = unavailable_reason()
    if reason is None:
        return
    mark = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(mark)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path: Path, n: int = 40) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(lines[-n:])


def _wait_healthy(proc: subprocess.Popen, url: str, log: Path) -> None:
    """Poll the health endpoint until it answers; fail with the server log if it never does."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{_log_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit did not answer within {SERVER_START_S} s:\n{_log_tail(log)}")


def _stop(proc: subprocess.Popen) -> None:
    """SIGINT (streamlit's clean shutdown), then SIGKILL if it hangs."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=SERVER_STOP_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=SERVER_STOP_S)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The git-ignored folder for screenshots, downloads and the server log."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@contextlib.contextmanager
def serve(db: Path, log: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free localhost port with the store `db`; its base URL."""
    port = _free_port()
    env = dict(os.environ)
    env["DJ_DB"] = str(db)
    env.pop("DJ_ADMIN_PASSWORD", None)  # uploads must be open to the test user
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(proc, url, log)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory, artifacts: Path) -> Iterator[str]:
    """The app on a fresh database, for the whole session."""
    with serve(tmp_path_factory.mktemp("e2e") / "corpus.db", artifacts / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def context(browser, artifacts: Path):
    """One browser context (1440x900, zh-CN) shared by every scenario; downloads allowed."""
    from tests.e2e.helpers import install_run_counter

    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    ctx.set_default_timeout(30_000)
    install_run_counter(ctx)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def app(context, base_url: str):
    """One tab on the app, reused by the scenarios; the first load (sample analysis) is waited for."""
    from tests.e2e.helpers import FIRST_LOAD_MS, open_page

    page = context.new_page()
    open_page(page, base_url, "/", "概览", timeout=FIRST_LOAD_MS)
    try:
        yield page
    finally:
        page.close()
