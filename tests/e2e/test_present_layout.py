"""汇报模式 in a real Chromium at projector sizes: every screen of the sample briefing fits the
viewport (nothing below the fold or right of it, no scroll), the navigation sits at the same place
on every screen, inside the viewport; no plotly toolbar; every bar and heatmap row has its label
and no chart label is cut or overlaps another; no screen is empty. A screenshot of every screen
goes to artifacts/e2e/ (tests/e2e/present_walk.py walks the screens).
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import outcome
from tests.e2e.present_walk import Plan, walks

pytestmark = pytest.mark.e2e

SIZES = [(1366, 768), (1920, 1080)]


@pytest.fixture(scope="module")
def walked_sizes(browser, base_url):
    """Both projector sizes walked side by side (present_walk.walks), the second two steps
    behind the first (on screens already built)."""
    plans = {size: Plan(size, "present", lag=2 * k) for k, size in enumerate(SIZES)}
    return walks(browser, base_url, plans)


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_every_screen_fits_the_projector(walked_sizes, size):
    result = outcome(walked_sizes[size])
    print("\n" + result.summary(f"{size[0]}x{size[1]}"))
    assert not result.problems, "\n".join(result.problems)
    assert len(set(result.navs)) == 1, f"the navigation moves between screens: {result.navs}"
