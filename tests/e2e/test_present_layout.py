"""汇报模式 in a real Chromium at projector sizes: every screen of the sample briefing fits the
viewport (nothing below the fold or right of it, no scroll), the navigation sits at the same place
on every screen, inside the viewport; no plotly toolbar; every bar and heatmap row has its label
and no chart label is cut or overlaps another; no screen is empty. A screenshot of every screen
goes to artifacts/e2e/ (tests/e2e/present_walk.py walks the screens).
"""

from __future__ import annotations

import pytest

from tests.e2e.present_walk import Plan, walked, walks

pytestmark = pytest.mark.e2e

SIZES = [(1366, 768), (1920, 1080)]


@pytest.fixture(scope="module")
def walked_sizes(browser, base_url):
    """Both projector sizes walked once, side by side (present_walk.walks)."""
    return walks(browser, base_url, {size: Plan(size, "present") for size in SIZES})


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_every_screen_fits_the_projector(walked_sizes, size):
    result = walked(walked_sizes[size])
    print("\n" + result.summary(f"{size[0]}x{size[1]}"))
    assert not result.problems, "\n".join(result.problems)
    assert len(set(result.navs)) == 1, f"the navigation moves between screens: {result.navs}"
