"""汇报模式 in a real Chromium at projector sizes: every screen of the sample briefing fits the
viewport (nothing below the fold or right of it, no scroll), the navigation sits at the same place
on every screen, inside the viewport; no plotly toolbar; every bar and heatmap row has its label
and no chart label is cut or overlaps another; no screen is empty. A screenshot of every screen
goes to artifacts/e2e/ (tests/e2e/present_walk.py walks the screens).
"""

from __future__ import annotations

import pytest

from tests.e2e.present_walk import walk

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_every_screen_fits_the_projector(browser, base_url, size):
    result = walk(browser, base_url, size, "present")
    print("\n" + result.summary(f"{size[0]}x{size[1]}"))
    assert not result.problems, "\n".join(result.problems)
    assert len(set(result.navs)) == 1, f"the navigation moves between screens: {result.navs}"
