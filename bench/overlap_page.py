"""The 雷同检测 page at 10,000 reports, run by Streamlit's AppTest in this process (the router,
sidebar and page as in the app; no browser): the first visit after a start, warm reruns, a year
picked, one pair's side-by-side and one report's check. Wall and CPU seconds of this process per
step, and the load average (bench/README.md, section 雷同检测).

    python -m bench.overlap_page --db /work/bench_data/overlap/own10k.db
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/overlap.py"


def _timed(step: Callable[[], AppTest]) -> tuple[AppTest, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    at = step()
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception}")
    return at, round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3)


def _open(**state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=3600)
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(PAGE)
    return at.run()


def measure(db: str, repeat: int) -> dict:
    """Every step's wall and CPU seconds (medians for the warm ones)."""
    os.environ["DJ_DB"] = db
    out: dict = {"load_before": [round(x, 1) for x in os.getloadavg()]}
    at, out["first_visit_wall_s"], out["first_visit_cpu_s"] = _timed(_open)
    out["pairs_shown"] = len(at.dataframe[0].value) if at.dataframe else 0
    walls, cpus = [], []
    for _ in range(repeat):
        at, wall, cpu = _timed(at.run)
        walls.append(wall)
        cpus.append(cpu)
    out["warm_wall_s"], out["warm_cpu_s"] = statistics.median(walls), statistics.median(cpus)
    years = at.multiselect(key="flt_year").options
    year = years[len(years) // 2]
    at, out["year_first_wall_s"], out["year_first_cpu_s"] = _timed(
        lambda: at.multiselect(key="flt_year").select(year).run()
    )
    at, out["year_warm_wall_s"], out["year_warm_cpu_s"] = _timed(at.run)
    at.multiselect(key="flt_year").unselect(year)
    at.session_state["ov_pairs"] = {"selection": {"rows": [0], "columns": []}}
    at, out["pair_view_first_wall_s"], out["pair_view_first_cpu_s"] = _timed(at.run)
    at, out["pair_view_warm_wall_s"], out["pair_view_warm_cpu_s"] = _timed(at.run)
    for tab in ("各报告文字复制比", "支部矩阵", "单份报告检测"):
        at.session_state["ov_tab"] = tab
        at, wall, cpu = _timed(at.run)
        out[f"tab_{tab}_wall_s"], out[f"tab_{tab}_cpu_s"] = wall, cpu
    out["load_after"] = [round(x, 1) for x in os.getloadavg()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(measure(args.db, args.repeat), ensure_ascii=False))


if __name__ == "__main__":
    main()
