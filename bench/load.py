"""Bounded loopback load test: N browser sessions at once, each opening 概览 → 主题探索 → 支部对比.

    python -m bench.load                          # 20 sessions, 1,000 generated reports
    python -m bench.load --sessions 5 --n 100 --db /tmp/load100.db
    python -m bench.load --client ws              # Streamlit's websocket protocol, no browser

The app is started here (`streamlit run app.py` on 127.0.0.1 only, a free port) on a store of
generated reports (built once at --db and kept). One headless Chromium, one browser context per
session (its own Streamlit session); a session opens the app's default page (概览), then clicks
主题探索 and 支部对比 in the sidebar, as a user would. A page counts as loaded when its heading is
there and the app has been idle for a moment (charts drawn: tests/e2e/helpers.IDLE_JS).

Bounded: every page has a timeout (--page-timeout), the whole run a deadline (--deadline); the
server and the browser are stopped at the end whatever happens. One warm-up session runs first
and is reported on its own (the app's cold start), then the N sessions start together.

Reported: per page p50/p95/max seconds and errors (timeouts, or an exception box on the page);
the server process's CPU seconds per page load; the load generator's own CPU (this process,
the Playwright driver and Chromium); the 1-minute load average before and after. One JSON line,
then a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.helpers import IDLE_JS, QUIET_MS  # the page-is-rendered check of the e2e tests

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (never `playwright install`)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
PAGES = ("概览", "主题探索", "支部对比")  # the first is the app's default page
SERVER_START_S = 120


@dataclass
class Session:
    """One browser session's page times (seconds, None when the page failed) and errors."""

    times: dict[str, float | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)  # bytes the server sent per page (ws only)


def build_store(db: Path, n: int, seed: int = 0, workers: int = 2) -> None:
    """A store of n generated reports with every analysis cached (kept between runs)."""
    if db.exists():
        return
    from analysis.corpus.loading import load_corpus
    from analysis.store.database import CorpusStore
    from bench.generate import fill_store, generate_corpus

    store = CorpusStore(str(db))
    fill_store(store, generate_corpus(n, seed))
    load_corpus(store, workers=workers)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run app.py` on 127.0.0.1 with the store `db`: (base URL, process); stopped after."""
    port = _free_port()
    env = {**os.environ, "DJ_DB": str(db)}
    env.pop("DJ_ADMIN_PASSWORD", None)
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]  # fmt: skip
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({proc.returncode}), see {log}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not answer within {SERVER_START_S} s")
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def cpu_seconds(pids: set[int] | None = None, exclude: int | None = None) -> float:
    """User + system CPU seconds of this process and its descendants (their reaped children
    included), or of `pids` and their descendants; the `exclude` process tree left out."""
    import psutil

    roots = [psutil.Process(p) for p in pids] if pids else [psutil.Process()]
    skip: set[int] = set()
    if exclude is not None:
        ex = psutil.Process(exclude)
        skip = {ex.pid, *(c.pid for c in ex.children(recursive=True))}
    total = 0.0
    seen: set[int] = set()
    for root in roots:
        for p in (root, *root.children(recursive=True)):
            if p.pid in skip or p.pid in seen:
                continue
            seen.add(p.pid)
            try:
                t = p.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += t.user + t.system + t.children_user + t.children_system
    return total


async def _wait_rendered(page, heading: str, timeout_ms: int) -> None:
    """The page's <h1> reads `heading`, then the app stays idle QUIET_MS (IDLE_JS)."""
    h1 = page.locator('[data-testid="stMain"] h1').filter(has_text=heading)
    await h1.first.wait_for(state="visible", timeout=timeout_ms)
    await page.evaluate("window.__djIdleSince = null")
    await page.wait_for_function(IDLE_JS, arg=QUIET_MS, timeout=timeout_ms, polling=100)


async def run_session(browser, url: str, timeout_ms: int) -> Session:
    """Open the three pages in one fresh browser context; time each, note errors."""
    out = Session()
    context = await browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    try:
        page = await context.new_page()
        for i, title in enumerate(PAGES):
            t0 = time.perf_counter()
            try:
                if i == 0:
                    await page.goto(url, timeout=timeout_ms)
                else:
                    link = page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first
                    await link.click(timeout=timeout_ms)
                await _wait_rendered(page, title, timeout_ms)
                out.times[title] = time.perf_counter() - t0
                if await page.locator('[data-testid="stException"]').count():
                    out.errors.append(f"{title}: exception on the page")
            except Exception as exc:  # a timeout or a closed page: counted, the session stops
                out.times[title] = None
                out.errors.append(f"{title}: {type(exc).__name__}")
                break
    finally:
        await context.close()
    return out


async def _ws_run(conn, page_hash: str, timeout_s: float) -> tuple[list, list[str], int]:
    """Ask for one script run of the page and read ForwardMsgs until it finishes successfully:
    (the navigation's app pages seen, errors: exceptions shown, a compile error; bytes read)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = page_hash
    await conn.write_message(msg.SerializeToString(), binary=True)
    pages: list = []
    errors: list[str] = []
    size = 0
    deadline = time.monotonic() + timeout_s
    while True:
        raw = await asyncio.wait_for(conn.read_message(), deadline - time.monotonic())
        if raw is None:
            raise ConnectionError("websocket closed")
        size += len(raw)
        fm = ForwardMsg.FromString(raw)
        kind = fm.WhichOneof("type")
        if kind == "navigation":
            pages = list(fm.navigation.app_pages)
        elif kind == "delta" and fm.delta.new_element.WhichOneof("type") == "exception":
            errors.append("exception on the page")
        elif kind == "script_finished":
            status = fm.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                errors.append("compile error")
            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return pages, errors, size


async def run_ws_session(url: str, timeout_ms: int) -> Session:
    """The three pages over Streamlit's own websocket protocol, no browser: what the server
    takes to run each page and send it (ForwardMsgs until the script finished), nothing drawn."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    out = Session()
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    conn = await websocket_connect(
        HTTPRequest(ws_url, headers={"Origin": url}), subprotocols=["streamlit"]
    )
    try:
        pages: list = []
        for i, title in enumerate(PAGES):
            t0 = time.perf_counter()
            try:
                target = (
                    ""
                    if i == 0
                    else next(p.page_script_hash for p in pages if p.page_name == title)
                )
                seen, errors, out.sent[title] = await _ws_run(conn, target, timeout_ms / 1000)
                pages = seen or pages
                out.times[title] = time.perf_counter() - t0
                out.errors += [f"{title}: {e}" for e in errors]
            except Exception as exc:  # a timeout, a closed socket, a page not listed
                out.times[title] = None
                out.errors.append(f"{title}: {type(exc).__name__}")
                break
    finally:
        conn.close()
    return out


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0..1) by the nearest-rank method; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(q * len(ordered))) - 1)]


async def ws_load_test(url: str, server: int, sessions: int, timeout_ms: int, deadline: float):
    """As load_test, with websocket clients instead of browsers (--client ws)."""
    warm = await run_ws_session(url, timeout_ms)
    server0, own0 = cpu_seconds({server}), cpu_seconds(exclude=server)
    tasks = [run_ws_session(url, timeout_ms) for _ in range(sessions)]
    try:
        done = await asyncio.wait_for(asyncio.gather(*tasks), timeout=deadline)
    except TimeoutError:
        done = [Session(errors=["deadline reached"]) for _ in range(sessions)]
    return warm, list(done), cpu_seconds({server}) - server0, cpu_seconds(exclude=server) - own0


async def load_test(url: str, server: int, sessions: int, timeout_ms: int, deadline: float):
    """The warm-up session, then `sessions` at once; (warm-up, sessions, server CPU s, own CPU s)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            warm = await run_session(browser, url, timeout_ms)
            server0, own0 = cpu_seconds({server}), cpu_seconds(exclude=server)
            tasks = [run_session(browser, url, timeout_ms) for _ in range(sessions)]
            try:
                done = await asyncio.wait_for(asyncio.gather(*tasks), timeout=deadline)
            except TimeoutError:
                done = [Session(errors=["deadline reached"]) for _ in range(sessions)]
            server_cpu = cpu_seconds({server}) - server0
            own_cpu = cpu_seconds(exclude=server) - own0
        finally:
            await browser.close()
    return warm, list(done), server_cpu, own_cpu


def summarize(warm: Session, done: list[Session], server_cpu: float, own_cpu: float) -> dict:
    """Per-page p50/p95/max and error counts, CPU per page load."""
    pages = {}
    for title in PAGES:
        times = [s.times[title] for s in done if s.times.get(title) is not None]
        pages[title] = {
            "loads": len(times),
            "p50_s": percentile(times, 0.5),
            "p95_s": percentile(times, 0.95),
            "max_s": max(times, default=None),
            "kb_sent": round(max((s.sent.get(title, 0) for s in done), default=0) / 1024, 1),
        }
    loads = sum(p["loads"] for p in pages.values())
    return {
        "sessions": len(done),
        "warmup_s": warm.times,
        "warmup_errors": warm.errors,
        "pages": pages,
        "errors": sum(len(s.errors) for s in done),
        "error_kinds": sorted({e for s in done for e in s.errors}),
        "page_loads": loads,
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_per_load_s": round(server_cpu / loads, 3) if loads else None,
        "loadgen_cpu_s": round(own_cpu, 2),
    }


def table(r: dict) -> str:
    """The result as a Markdown table, one row per page."""

    def s(v: float | None) -> str:
        return "—" if v is None else f"{v:.2f}"

    rows = ["| page | loads | p50 s | p95 s | max s | KB sent |", "|---|---|---|---|---|---|"]
    for title, p in r["pages"].items():
        rows.append(
            f"| {title} | {p['loads']} | {s(p['p50_s'])} | {s(p['p95_s'])} | {s(p['max_s'])} | {p['kb_sent']} |"
        )
    rows.append(
        f"\n{r['sessions']} sessions ({r['client']}), {r['n']:,} reports; errors {r['errors']} {r['error_kinds']}; "
        f"server CPU {r['server_cpu_s']} s = {r['server_cpu_per_load_s']} s per page load; "
        f"load generator CPU {r['loadgen_cpu_s']} s; warm-up (one session, fresh app) "
        f"{ {k: s(v) for k, v in r['warmup_s'].items()} }; load average {r['load_before']} → "
        f"{r['load_after']}; wall {r['wall_s']} s"
    )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--n", type=int, default=1000, help="generated reports in the store")
    parser.add_argument("--db", type=Path, default=None, help="store path (built if missing)")
    parser.add_argument("--page-timeout", type=float, default=240, help="seconds per page")
    parser.add_argument("--deadline", type=float, default=900, help="seconds for all sessions")
    parser.add_argument(
        "--client",
        choices=("browser", "ws"),
        default="browser",
        help="browser: Chromium contexts; ws: Streamlit's websocket protocol, nothing drawn",
    )
    parser.add_argument("--log", type=Path, default=Path("/tmp/bench_load_server.log"))
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 100:
        parser.error("--sessions must be 1..100")
    db = args.db or Path(f"/tmp/bench_load_{args.n}.db")
    t0 = time.perf_counter()
    build_store(db, args.n)
    load_before = round(os.getloadavg()[0], 1)
    with serve(db, args.log) as (url, proc):
        run = load_test if args.client == "browser" else ws_load_test
        warm, done, server_cpu, own_cpu = asyncio.run(
            run(url, proc.pid, args.sessions, int(args.page_timeout * 1000), args.deadline)
        )
    result = summarize(warm, done, server_cpu, own_cpu)
    result.update(
        client=args.client,
        n=args.n,
        load_before=load_before,
        load_after=round(os.getloadavg()[0], 1),
    )
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(result, ensure_ascii=False))
    print(table(result))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
