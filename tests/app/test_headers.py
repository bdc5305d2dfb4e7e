"""The headers a user sees do not move: every table of every page and export on the samples
matches the recorded snapshot (tests/app/headers.json, written by tests.app.header_snapshot)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.header_snapshot import exports_snapshot, pages_snapshot

RECORDED = json.loads((Path(__file__).parent / "headers.json").read_text("utf-8"))


def test_export_headers_are_the_recorded_ones():
    assert exports_snapshot() == RECORDED["exports"]


def test_page_headers_are_the_recorded_ones(isolated_db):
    shown = pages_snapshot()
    assert shown.keys() == RECORDED["pages"].keys()
    for page, tables in RECORDED["pages"].items():
        assert shown[page] == tables, page
