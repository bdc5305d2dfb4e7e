"""Adding one report: how long until 概览, 主题探索 and 报告详情 show it, in the app's own process.

    python -m bench.add_one --db /work/bench_data/pages/final.db    # a COPY: one report is added

Opens the three pages once (AppTest, the whole app: sidebar and routing; caches warm, as in a
running app), then 概览 in three fresh sessions (what one more viewer costs), saves one new generated report through the one save path (as an upload does),
then opens each page in a fresh session and times it (wall and this process's CPU seconds):
概览 must count it in its 报告 KPI, 主题探索 runs on the corpus of the new revision, 报告详情 must
open it. Each page's first visit after the upload pays for the new revision (facts of the new report,
the aggregates again); the report is purged at the end (the store is reusable). One JSON line;
the 1-minute load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"概览": "views/overview.py", "主题探索": "views/themes.py", "报告详情": "views/report.py"}


def _open(page: str, **state: object):
    """One fresh session of the app on `page` (session state preset), run once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    for k, v in state.items():
        at.session_state[k] = v
    at.switch_page(page).run() if page != PAGES["概览"] else at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    return at


def _timed(page: str, **state: object):
    t0, c0 = time.perf_counter(), time.process_time()
    at = _open(page, **state)
    return at, round(time.perf_counter() - t0, 2), round(time.process_time() - c0, 2)


def _reports_kpi(at) -> int:
    value = next(m.value for m in at.metric if m.label == "报告")
    return int(value.split()[0])


def measure(db: str) -> dict:
    os.environ["DJ_DB"] = db
    from bench.coldstart import _add_one
    from views.selection import REPORT_KEY

    out: dict = {"db": db, "loadavg_start": round(os.getloadavg()[0], 1)}
    for title, page in PAGES.items():  # warm: what a running app holds already
        _, wall, cpu = _timed(page)
        out[f"{title}_first_s"], out[f"{title}_first_cpu_s"] = wall, cpu
    warm = [_timed(PAGES["概览"]) for _ in range(3)]  # what another viewer costs, caches warm
    out["概览_new_session_s"] = [w for _, w, _ in warm]
    out["概览_new_session_cpu_s"] = [c for _, _, c in warm]
    before = _reports_kpi(_open(PAGES["概览"]))
    rid, purge = _add_one(db)
    out["added_id"] = rid
    try:
        at, wall, cpu = _timed(PAGES["概览"])
        out["概览_add_one_s"], out["概览_add_one_cpu_s"] = wall, cpu
        out["概览_counts_it"] = _reports_kpi(at) == before + 1
        at, wall, cpu = _timed(PAGES["主题探索"])
        out["主题探索_add_one_s"], out["主题探索_add_one_cpu_s"] = wall, cpu
        at, wall, cpu = _timed(PAGES["报告详情"], **{REPORT_KEY: rid})
        out["报告详情_add_one_s"], out["报告详情_add_one_cpu_s"] = wall, cpu
        out["报告详情_opens_it"] = at.selectbox(key=REPORT_KEY).value == rid
    finally:
        purge()
    out["loadavg_end"] = round(os.getloadavg()[0], 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.add_one")
    parser.add_argument("--db", required=True, help="a copy of a store (one report is added)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
