"""Bounded loopback load test: N browser sessions at once, each opening 概览 → 主题探索 → 支部对比.

    python -m bench.load                          # 20 sessions, 1,000 generated reports
    python -m bench.load --sessions 5 --n 100 --db /tmp/load100.db
    python -m bench.load --client ws              # Streamlit's websocket protocol, no browser
    python -m bench.load --client ws --proxy 2    # 2 app processes behind nginx (deploy/start.py)

The app is started here (`streamlit run app.py` on 127.0.0.1 only, a free port) on a store of
generated reports (built once at --db and kept). One headless Chromium, one browser context per
session (its own Streamlit session); a session opens the app's default page (概览), then clicks
主题探索 and 支部对比 in the sidebar, as a user would. A page counts as loaded when its heading is
there and the app has been idle for a moment (charts drawn: tests/e2e/helpers.IDLE_JS).

With --proxy N the sessions go through nginx to N app processes on the one store (the
deployment of deploy/start.py: sticky sessions by a cookie, websocket upgrade).

Bounded: every page has a timeout (--page-timeout), the whole run a deadline (--deadline); the
server and the browser are stopped at the end whatever happens. One warm-up session per app
process runs first (straight to that process) and is reported on its own (the app's cold start),
then the N sessions start together.

Reported: per page p50/p95/max seconds and errors (timeouts, or an exception box on the page);
the server processes' CPU seconds per page load (every app process and nginx); the load generator's own CPU (this process,
the Playwright driver and Chromium); the 1-minute load average before and after. One JSON line,
then a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import socket
import sys
import time
from collections.abc import Awaitable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.helpers import IDLE_JS, QUIET_MS  # the page-is-rendered check of the e2e tests

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (never `playwright install`)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
PAGES = ("概览", "主题探索", "支部对比")  # the first is the app's default page


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


def _free_ports(n: int) -> list[int]:
    """`n` distinct free ports on 127.0.0.1 (held open together, so none is given twice)."""
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]


@dataclass(frozen=True)
class Target:
    """Where the sessions go (one app, or nginx in front of the apps), each app process's own
    URL (the warm-up goes straight to each) and every server process (their CPU is measured)."""

    url: str
    app_urls: tuple[str, ...]
    pids: frozenset[int]


@contextmanager
def serve(db: Path | str, logs: Path, proxy: int = 0) -> Iterator[Target]:
    """The app on the store `db`: one `streamlit run app.py` on 127.0.0.1 (proxy 0), or `proxy`
    app processes behind nginx (deploy/start.py); all stopped after. Logs in the folder `logs`.
    `db` is a SQLite path or a postgresql:// URL (a str: a Path would fold its "//")."""
    from deploy.start import app_env, app_processes, deployment

    env = app_env(str(db), secrets.token_hex(32))
    env.pop("DJ_ADMIN_PASSWORD", None)
    logs.mkdir(parents=True, exist_ok=True)
    if proxy == 0:
        port = _free_ports(1)[0]
        with app_processes([port], env, logs) as (app,):
            url = f"http://127.0.0.1:{port}"
            yield Target(url, (url,), frozenset({app.pid}))
        return
    *ports, front = _free_ports(proxy + 1)
    with deployment(ports, f"127.0.0.1:{front}", logs, env) as d:
        apps = tuple(f"http://127.0.0.1:{p}" for p in ports)
        yield Target(d.url, apps, frozenset(d.pids()))


def cpu_seconds(pids: Iterable[int] = (), exclude: Iterable[int] = ()) -> float:
    """User + system CPU seconds of this process and its descendants (their reaped children
    included), or of `pids` and their descendants; the `exclude` process trees left out."""
    import psutil

    roots = [psutil.Process(p) for p in pids] or [psutil.Process()]
    skip: set[int] = set()
    for pid in exclude:
        ex = psutil.Process(pid)
        skip |= {ex.pid, *(c.pid for c in ex.children(recursive=True))}
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


async def wait_rendered(page, heading: str, timeout_ms: int) -> None:
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
                await wait_rendered(page, title, timeout_ms)
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


async def _timed(target: Target, sessions: Sequence[Awaitable[Session]], deadline: float):
    """Run `sessions` at once: (sessions, server CPU s, this side's CPU s) over the run."""
    server0, own0 = cpu_seconds(target.pids), cpu_seconds(exclude=target.pids)
    try:
        done = list(await asyncio.wait_for(asyncio.gather(*sessions), timeout=deadline))
    except TimeoutError:
        done = [Session(errors=["deadline reached"]) for _ in sessions]
    server = cpu_seconds(target.pids) - server0
    return done, server, cpu_seconds(exclude=target.pids) - own0


async def ws_load_test(target: Target, sessions: int, timeout_ms: int, deadline: float):
    """As load_test, with websocket clients instead of browsers (--client ws)."""
    warm = [await run_ws_session(url, timeout_ms) for url in target.app_urls]
    runs = [run_ws_session(target.url, timeout_ms) for _ in range(sessions)]
    return (warm, *await _timed(target, runs, deadline))


async def load_test(target: Target, sessions: int, timeout_ms: int, deadline: float):
    """One warm-up session per app process, then `sessions` at once through `target.url`:
    (warm-ups, sessions, server CPU s, load generator CPU s)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            warm = [await run_session(browser, url, timeout_ms) for url in target.app_urls]
            runs = [run_session(browser, target.url, timeout_ms) for _ in range(sessions)]
            return (warm, *await _timed(target, runs, deadline))
        finally:
            await browser.close()


def summarize(
    warm: Sequence[Session], done: list[Session], server_cpu: float, own_cpu: float
) -> dict:
    """Per-page p50/p95/max and error counts, CPU per page load; the warm-ups (one per app
    process) on their own."""
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
        "warmup_s": [w.times for w in warm],
        "warmup_errors": [e for w in warm for e in w.errors],
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
        f"\n{r['sessions']} sessions ({r['client']}, {r['server']}), {r['n']:,} reports; "
        f"errors {r['errors']} {r['error_kinds']}; "
        f"server CPU {r['server_cpu_s']} s = {r['server_cpu_per_load_s']} s per page load; "
        f"load generator CPU {r['loadgen_cpu_s']} s; warm-up (one session per fresh app process) "
        f"{[{k: s(v) for k, v in w.items()} for w in r['warmup_s']]}; load average {r['load_before']} → "
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
    parser.add_argument(
        "--proxy",
        type=int,
        default=0,
        help="N app processes behind nginx (deploy/start.py); 0: one app process, no proxy",
    )
    parser.add_argument("--logs", type=Path, default=Path("/tmp/bench_load_logs"))
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 100:
        parser.error("--sessions must be 1..100")
    if not 0 <= args.proxy <= 8:
        parser.error("--proxy must be 0..8")
    db = args.db or Path(f"/tmp/bench_load_{args.n}.db")
    t0 = time.perf_counter()
    build_store(db, args.n)
    load_before = round(os.getloadavg()[0], 1)
    run = load_test if args.client == "browser" else ws_load_test
    with serve(db, args.logs, args.proxy) as target:
        warm, done, server_cpu, own_cpu = asyncio.run(
            run(target, args.sessions, int(args.page_timeout * 1000), args.deadline)
        )
    result = summarize(warm, done, server_cpu, own_cpu)
    result.update(
        client=args.client,
        server=f"{args.proxy} app processes behind nginx" if args.proxy else "one app process",
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
