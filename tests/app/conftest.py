"""Fixtures of the page tests: one sample-corpus database per test module."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, request):
    """One sample-corpus database shared by the read-only tests of a module (via DJ_DB)."""
    path = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]) / "app.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJ_DB", str(path))
        yield path


@pytest.fixture
def open_page():
    """Open a routed page of the whole app under AppTest: `open_page("views/x.py", key=value)`
    (session state preset; one script run; fails on an exception)."""
    from tests.app.helpers import open_app_page

    return open_app_page
