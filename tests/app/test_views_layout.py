"""The page layer's own rules: caches live in the data modules only, and pages import their
helpers from the named modules rather than the old catch-all `views.common`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

VIEWS = Path(__file__).resolve().parents[2] / "views"
# present_state.py keeps the built slides of 汇报模式 (its data module); overview_data.py the
# stored aggregates of 概览, overview_parts.py its figures and tables shared by every session;
# widgets.py the figures shared by every session (show_shared_chart).
DATA_MODULES = {
    "overview_data.py",
    "overview_parts.py",
    "widgets.py",
    "data.py",
    "snapshot.py",
    "theme_data.py",
    "overlap_data.py",
    "search_data.py",
    "explore_data.py",
    "present_state.py",
}


@pytest.mark.parametrize("path", sorted(VIEWS.glob("*.py")), ids=lambda p: p.name)
def test_caches_only_in_data_modules(path: Path):
    uses_cache = re.search(r"\bst\.cache_(data|resource)\b", path.read_text("utf-8"))
    assert not uses_cache or path.name in DATA_MODULES, f"{path.name}: cache in views/data*.py"


@pytest.mark.parametrize("path", sorted(VIEWS.glob("*.py")), ids=lambda p: p.name)
def test_pages_do_not_use_the_old_common_module(path: Path):
    uses_common = re.search(
        r"from views import .*\bcommon\b|views\.common", path.read_text("utf-8")
    )
    assert not uses_common, f"{path.name}: import the named helper modules"
