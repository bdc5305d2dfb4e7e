"""The keyword, theme and tagging outputs equal the recorded snapshot (bench/text_snapshot.py).

Speed work on keywords.py, lexicon.py and the theme modules must leave every output unchanged:
term and bigram counts in order, keyword tables, theme scores with evidence, measure themes.
"""

from __future__ import annotations

import gzip
import json

import pytest

from bench.text_snapshot import SNAPSHOT, first_difference, outputs


@pytest.fixture(scope="module")
def snapshot() -> dict:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as f:
        return json.load(f)


def test_outputs_equal_the_snapshot(snapshot):
    assert first_difference(snapshot["outputs"], outputs(snapshot["inputs"])) == ""


def test_snapshot_covers_every_source(snapshot):
    names = [r["name"] for r in snapshot["inputs"]["reports"]]
    assert any(n.startswith("h") for n in names) and any(n.startswith("gen:") for n in names)
    assert sum(len(r["items"]) for r in snapshot["inputs"]["reports"]) > 500


@pytest.mark.parametrize(
    ("expected", "actual", "message"),
    [
        (
            [{"name": "a", "terms": [["党建", 2]]}],
            [{"name": "a", "terms": [["党建", 3]]}],
            "a: terms",
        ),
        ([{"name": "a"}], [], "1 entries recorded, 0 now"),
        ([{"name": "a", "x": 1}], [{"name": "a", "x": 1}], ""),
    ],
)
def test_first_difference_names_it(expected, actual, message):
    assert first_difference(expected, actual) == message
