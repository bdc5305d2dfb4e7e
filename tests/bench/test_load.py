"""The load test's arithmetic: nearest-rank percentiles and the per-page summary."""

from __future__ import annotations

import pytest

from bench.load import PAGES, Session, percentile, summarize


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 0.5, None),
        ([3.0], 0.95, 3.0),
        ([1.0, 2.0], 0.5, 1.0),
        ([1.0, 2.0], 0.95, 2.0),
        ([5.0, 1.0, 4.0, 2.0, 3.0], 0.5, 3.0),
        ([float(i) for i in range(1, 21)], 0.95, 19.0),
        ([float(i) for i in range(1, 21)], 1.0, 20.0),
    ],
)
def test_percentile_is_nearest_rank(values, q, expected):
    assert percentile(values, q) == expected


def test_summary_counts_failed_pages_as_errors_not_times():
    ok = Session(times=dict.fromkeys(PAGES, 2.0), sent=dict.fromkeys(PAGES, 2048))
    failed = Session(times={PAGES[0]: None}, errors=[f"{PAGES[0]}: TimeoutError"])
    r = summarize([Session()], [ok, failed], server_cpu=3.0, own_cpu=1.0)
    assert r["errors"] == 1 and r["error_kinds"] == [f"{PAGES[0]}: TimeoutError"]
    assert r["pages"][PAGES[0]]["loads"] == 1 and r["pages"][PAGES[0]]["p95_s"] == 2.0
    assert r["page_loads"] == 3 and r["server_cpu_per_load_s"] == 1.0
    assert r["pages"][PAGES[1]]["kb_sent"] == 2.0
