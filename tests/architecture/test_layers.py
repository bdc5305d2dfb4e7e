"""The architecture is enforced, not only written down: layer contracts and page/module sizes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_VIEW_LINES = 150
MAX_ANALYSIS_LINES = 500


def test_layer_contracts_hold() -> None:
    """import-linter's contracts (pyproject.toml): each layer imports only those below it, and
    nothing in analysis/ imports streamlit."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (requirements-dev.txt)")
    run = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("path", sorted((ROOT / "analysis").rglob("*.py")), ids=str)
def test_analysis_modules_stay_small(path: Path) -> None:
    assert _lines(path) <= MAX_ANALYSIS_LINES, f"{path.relative_to(ROOT)}: split it by concern"


@pytest.mark.parametrize("path", sorted((ROOT / "views").rglob("*.py")), ids=str)
def test_pages_stay_thin(path: Path) -> None:
    assert _lines(path) <= MAX_VIEW_LINES, f"{path.relative_to(ROOT)}: move logic to analysis/"


def test_the_browser_walks_know_every_routed_page():
    """tests/e2e/helpers.ROUTED_PAGES (walked by the Latin and hostile walks) lists app.py's pages."""
    from tests.e2e.helpers import ROUTED_PAGES

    app = (ROOT / "app.py").read_text(encoding="utf-8")
    titles = re.findall(r'st\.Page\("views/\w+\.py", title="([^"]+)"', app)
    assert [heading for _, heading in ROUTED_PAGES] == titles
