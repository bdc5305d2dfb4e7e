"""汇报模式 on a large generated corpus (bench's generator, 1,000 reports by default; set
DJ_PRESENT_N for another size): many branches, long tables and long names. Every screen at
1366×768 and 1920×1080 fits the viewport, the navigation stays put, every bar and heatmap row is
labelled, long tables are split over screens (none scrolls), no screen is empty. The step times
(click to the new screen's title) are printed; speed is asserted in bench/, not here.

The store is built once per session: generated reports ingested and analysed (~15 s for 1,000).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import serve
from tests.e2e.helpers import outcome
from tests.e2e.present_walk import Plan, walks

pytestmark = pytest.mark.e2e

N_REPORTS = int(os.environ.get("DJ_PRESENT_N", "1000"))
SIZES = [(1366, 768), (1920, 1080)]
KINDS = ("类型：经验材料", "类型：年度总结")  # two big sides: ~300 against ~240 reports


def build_store(db: Path, n: int) -> Path:
    """A SQLite store of `n` generated reports, analysed (the app then only reads the cache)."""
    from analysis.corpus.loading import load_corpus
    from analysis.store.database import CorpusStore
    from bench.generate import fill_store, generate_corpus

    store = CorpusStore(str(db))
    fill_store(store, generate_corpus(n))
    load_corpus(store, workers=min(2, os.cpu_count() or 1))
    return db


@pytest.fixture(scope="session")
def large_url(tmp_path_factory, artifacts: Path) -> Iterator[str]:
    """The app on a store of N_REPORTS generated reports, for the whole session."""
    db = build_store(tmp_path_factory.mktemp("large") / "corpus.db", N_REPORTS)
    with serve(db, artifacts / "server_large.log") as url:
        yield url


@pytest.fixture(scope="module")
def walked_large(browser, large_url):
    """The three walks of this module side by side on the one large store (present_walk.walks):
    1366x768 first, the two kinds compared one step behind it, 1920x1080 two steps behind (each
    on screens already built by the walks ahead)."""
    small, large = SIZES
    plans = {
        small: Plan(small, f"present_{N_REPORTS}"),
        "kinds": Plan(small, f"present_{N_REPORTS}_kinds", KINDS, lag=1),
        large: Plan(large, f"present_{N_REPORTS}", lag=2),
    }
    return walks(browser, large_url, plans)


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_every_screen_fits_at_scale(walked_large, size):
    result = outcome(walked_large[size])
    print("\n" + result.summary(f"{N_REPORTS} reports, {size[0]}x{size[1]}"))
    assert not result.problems, "\n".join(result.problems)
    assert len(set(result.navs)) == 1, f"the navigation moves between screens: {result.navs}"


def test_a_comparison_of_hundreds_of_reports_fits(walked_large):
    """Two big sides (~300 against ~240 reports: thousands of similar pairs, hundreds of
    practices only one side has): the tables split over screens, each screen fits."""
    result = outcome(walked_large["kinds"])
    print("\n" + result.summary(f"{N_REPORTS} reports, 经验材料 vs 年度总结, 1366x768"))
    assert any("经验材料 与 年度总结" in t for t in result.titles), result.titles
    assert not result.problems, "\n".join(result.problems)
    assert len(set(result.navs)) == 1, f"the navigation moves between screens: {result.navs}"
