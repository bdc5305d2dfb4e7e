"""Cold start, memory and warm pages of the real app on a large store, in a real browser.

    python -m bench.coldstart --db /work/bench_data/s10k.db              # this tree's app
    python -m bench.coldstart --db /work/bench_data/s10k.db --src DIR    # another tree's app.py

Starts `streamlit run app.py` (127.0.0.1, a free port, DJ_DB=--db) and measures, in headless
Chromium (Debian's /usr/bin/chromium):
- `first_paint_s`: from starting the process to 概览's heading, KPIs, heatmap and report list
  shown (what is computed after them — evidence, formulations, keywords, the word cloud — may
  still be on its way);
- `ready_s`: from starting the process to 概览 rendered (its heading, 报告列表, every chart drawn
  and the app idle: tests/e2e/helpers.IDLE_JS), the first visitor after a restart;
- `warm_s`: 概览 reloaded (median of --repeat), and `filtered_s`: a year picked in the sidebar;
- `add_one_s`: a new report saved through the one save path (as an upload does), then 概览
  reloaded and rendered (idle), its 报告 KPI counting it; `add_one_visible_s` until that KPI
  counts it (the rest of the page may still be coming); the report is purged afterwards;
- `overlap_first_s` / `overlap_warm_s`: the 雷同检测 page (issue 29) first and warm;
- `server_cpu_*_s`: the CPU seconds the app spent on each of these (per page for warm ones):
  on a loaded machine the wall times are mostly waiting for a core, the CPU is what it costs;
- `rss_peak_mb`: the app process tree's peak resident memory over the whole run (sampled every
  0.1 s), `rss_after_ready_mb` right after the first page; the 1-minute load average.

One JSON line on stdout. The store is built once elsewhere (`python -m bench --write DIR --n N`,
then `python -m analysis ingest DIR/*.txt --meta DIR/metadata.csv --db DB --workers 2`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import load
from bench.load import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.helpers import IDLE_JS, QUIET_MS

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 600_000


class PeakRss:
    """The peak resident memory of a process and its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self._proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def now(self) -> int:
        import psutil

        total = 0
        for p in (self._proc, *self._proc.children(recursive=True)):
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.now())
            except Exception:  # the process ended: the peak so far stands
                return
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join(timeout=2)
        return self.peak


def _idle(page) -> None:
    page.evaluate("window.__djIdleSince = null")
    page.wait_for_function(IDLE_JS, arg=QUIET_MS, timeout=TIMEOUT_MS, polling=100)


def _rendered(page, heading: str, text: str | None) -> None:
    """Wait for the page's heading, `text` and the app idle; the quiet period is not counted."""
    page.locator('[data-testid="stMain"] h1').filter(has_text=heading).first.wait_for(
        timeout=TIMEOUT_MS
    )
    if text:
        page.get_by_text(text, exact=True).first.wait_for(timeout=TIMEOUT_MS)
    _idle(page)


def _painted(page) -> None:
    """概览's first paint: its heading, the 报告 KPI, the heatmap drawn and 报告列表 shown (the
    keywords, formulations and word cloud may still be on their way)."""
    main = page.get_by_test_id("stMain")
    main.locator("h1").filter(has_text="概览").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("stMetric").filter(has_text="报告").first.wait_for(timeout=TIMEOUT_MS)
    main.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("报告列表", exact=True).first.wait_for(timeout=TIMEOUT_MS)


def _timed(action: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    action()
    return time.perf_counter() - t0 - QUIET_MS / 1000


class ServerCpu:
    """CPU seconds the app process tree spent since the last call: what a page costs the
    server, readable on a loaded machine where wall times are mostly waiting for a core."""

    def __init__(self, pid: int) -> None:
        self.pid, self.last = pid, 0.0

    def step(self) -> float:
        now = load.cpu_seconds({self.pid})
        spent, self.last = now - self.last, now
        return spent


def _reports_kpi(page) -> int:
    """The 报告 KPI of 概览 as shown."""
    metric = page.get_by_test_id("stMetric").filter(has_text="报告").first
    found = re.search(r"(\d+)\s*份", metric.inner_text())
    return int(found.group(1)) if found else -1


def _counted(page, reports: int) -> None:
    """Wait until 概览's 报告 KPI reads `reports` (the rest of the page may still be coming)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        try:
            if _reports_kpi(page) == reports:
                return
        except Exception:  # the page is being replaced: ask again
            pass
        time.sleep(0.05)
    raise TimeoutError(f"概览 did not count {reports} reports")


def _add_one(db: str) -> tuple[int, Callable[[], None]]:
    """Save one new generated report as an upload does; returns its id and how to purge it."""
    from analysis.core.models import Extracted
    from analysis.store.database import CorpusStore
    from analysis.store.saving import save_report
    from analysis.text.metadata import infer_metadata
    from bench.generate import generate_report

    store = CorpusStore(db)
    r = generate_report(int(time.time()) % 100_000 + 500_000, seed=7)
    doc = Extracted(text=r.text + f"\n（{time.time()}）\n", fmt="txt", encoding="utf-8")
    rid = save_report(store, r.filename, doc, infer_metadata(doc.text, r.filename)).report_id

    def purge() -> None:
        store.delete(rid)
        store.purge(rid)

    return rid, purge


def _pick_year(page) -> None:
    """Choose the first year in the sidebar's 年份 filter."""
    box = page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("年份", exact=True))
    box.first.click()
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")


class Results(dict):
    """The figures so far; each is echoed to stderr as it comes (a run cut short keeps them)."""

    def __setitem__(self, key: str, value: object) -> None:
        super().__setitem__(key, value)
        print(json.dumps({key: value}, ensure_ascii=False), file=sys.stderr, flush=True)


def measure(db: str, src: Path, repeat: int, overlap: bool) -> dict:
    from playwright.sync_api import sync_playwright

    out = Results(db=db, src=str(src), loadavg_start=os.getloadavg()[0])
    logs = Path(f"/tmp/coldstart-{os.getpid()}")
    t0 = time.perf_counter()
    import deploy.start

    deploy.start.ROOT = (
        src  # bench.load.serve starts deploy.start's app.py of ROOT: the tree measured
    )
    # `db` as given: Path() would fold a postgresql:// URL's "//" into "/" and the app would
    # refuse the location (no 概览 ever drawn)
    with load.serve(db, logs) as target, sync_playwright() as pw:
        (app_pid,) = target.pids  # one app process (no proxy)
        url = target.url
        rss, cpu = PeakRss(app_pid), ServerCpu(app_pid)
        out["server_up_s"] = time.perf_counter() - t0
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(url, timeout=TIMEOUT_MS)
        _painted(page)
        out["first_paint_s"] = time.perf_counter() - t0
        _rendered(page, "概览", "报告列表")
        out["ready_s"] = time.perf_counter() - t0 - QUIET_MS / 1000
        out["server_cpu_ready_s"] = cpu.step()
        out["rss_after_ready_mb"] = rss.now() / 2**20
        shown = _reports_kpi(page)
        out["reports_shown"] = shown
        warm = [
            _timed(lambda: (page.reload(), _rendered(page, "概览", "报告列表")))
            for _ in range(repeat)
        ]
        out["warm_s"] = statistics.median(warm)
        out["server_cpu_warm_s"] = cpu.step() / repeat
        out["filtered_s"] = _timed(lambda: (_pick_year(page), _idle(page)))
        out["server_cpu_filtered_s"] = cpu.step()
        page.reload()
        _rendered(page, "概览", "报告列表")
        _, purge = _add_one(db)
        try:
            t_add = time.perf_counter()
            page.reload()
            _counted(page, shown + 1)
            out["add_one_visible_s"] = time.perf_counter() - t_add
            _rendered(page, "概览", "报告列表")
            out["add_one_s"] = time.perf_counter() - t_add - QUIET_MS / 1000
            out["add_one_counted"] = _reports_kpi(page) == shown + 1
            out["server_cpu_add_one_s"] = cpu.step()
        finally:
            purge()
        if overlap:
            page.goto(f"{url}/overlap", timeout=TIMEOUT_MS)
            cpu.step()
            out["overlap_first_s"] = _timed(lambda: _rendered(page, "雷同检测", None))
            out["server_cpu_overlap_first_s"] = cpu.step()
            times = [
                _timed(lambda: (page.reload(), _rendered(page, "雷同检测", None)))
                for _ in range(repeat)
            ]
            out["overlap_warm_s"] = statistics.median(times)
            out["server_cpu_overlap_warm_s"] = cpu.step() / repeat
        browser.close()
        out["rss_peak_mb"] = rss.stop() / 2**20  # a page timing out ends the run before this
    out["loadavg_end"] = os.getloadavg()[0]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coldstart")
    parser.add_argument("--db", required=True, help="the store (built once, kept)")
    parser.add_argument("--src", type=Path, default=ROOT, help="the tree whose app.py runs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-overlap", action="store_true", help="skip the 雷同检测 page")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per page at most")
    args = parser.parse_args(argv)
    global TIMEOUT_MS
    TIMEOUT_MS = int(args.timeout * 1000)
    result = measure(args.db, args.src.resolve(), args.repeat, not args.no_overlap)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
