"""The accuracy harness in CI: figures on the labelled evaluation set stay above their floors.

Floors sit a little under the figures measured when they were set (bench/accuracy/README.md),
so a change that loses accuracy fails here.
"""

from __future__ import annotations

import pytest

from bench.accuracy.__main__ import evaluate, main
from bench.accuracy.dataset import SPLITS, load_split
from bench.accuracy.score import similarity, totals

# (split, category, recall floor, precision floor)
FLOORS = [
    ("heldout", "measures", 0.95, 0.95),
    ("heldout", "parents", 0.95, 0.95),
    ("heldout", "problems", 0.95, 0.95),
    ("heldout", "plans", 0.95, 0.95),
    ("heldout", "indicators", 0.97, 0.97),
    ("heldout", "ages", 0.95, 0.95),
    ("heldout", "formulations", 0.78, 0.92),
    ("heldout", "title", 0.95, 0.95),
    ("tune", "measures", 0.97, 0.97),
    ("tune", "parents", 0.97, 0.97),
    ("tune", "effects", 0.95, 0.95),
    ("tune", "problems", 0.95, 0.95),
    ("tune", "plans", 0.95, 0.95),
    ("tune", "indicators", 0.97, 0.97),
    ("tune", "ages", 0.95, 0.95),
    # 0.92 on the 21 older tune reports (unchanged: 93.8); the nine t3NN reports of issue 31
    # carry formulation shapes (quoted terms without digits, “一对一”, “X+3”) that the
    # formulations work of that issue covers, so the floor over all 30 sits under them for now.
    ("tune", "formulations", 0.86, 0.95),
    ("tune", "title", 0.95, 0.95),
    ("seeds", "measures", 0.98, 0.98),
    ("seeds", "effects", 0.95, 0.95),
    ("seeds", "indicators", 0.98, 0.95),
    ("seeds", "formulations", 0.94, 0.90),
]


@pytest.fixture(scope="module")
def figures():
    return {split: totals(scores) for split, scores in evaluate(SPLITS).items()}


@pytest.mark.parametrize(("split", "category", "recall", "precision"), FLOORS)
def test_accuracy_floor(figures, split, category, recall, precision):
    t = figures[split][category]
    assert t.recall is not None and t.recall >= recall, (t.recall, t.misses[:10])
    assert t.precision is not None and t.precision >= precision, (t.precision, t.misses[:10])


def test_evaluation_set_size_and_coverage():
    reports = [r for split in SPLITS for r in load_split(split)]
    written = [r for r in reports if r.split != "seeds"]
    assert len(written) >= 30 and len([r for r in reports if r.split == "seeds"]) == 5
    sectors = {r.sector for r in written}
    assert {"village", "school", "hospital", "agency", "firm", "wechat", "shuzhi", "diaoyan"} <= (
        sectors | {t for r in written for t in r.layouts}
    )
    layouts = {t for r in written for t in r.layouts}
    for pattern in (
        "unnumbered-lead", "standalone-heading", "flattened", "ordinal-heading", "kind-by-items",
        "lone-yishi", "quoted-comma", "toc", "tree", "spaced-units", "ages", "traditional",
        "ordinal-formulation", "unquoted-phrase",
    ):  # fmt: skip
        assert pattern in layouts, pattern


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ("加强组织领导", "加强组织领导。", True),  # punctuation ignored
        ("抓学习教育", "抓学习教育，强理想信念", True),  # first clause or whole heading sentence
        ("建立“聚人成‘林’", "建立“聚人成‘林’，护‘庄’战疫”行动支部", False),  # cut inside quotes
        ("推行“网格党建”", "推行“網格黨建”", True),  # Traditional folded
        ("开展志愿服务", "加强组织领导", False),
    ],
)
def test_title_matching(a, b, match):
    assert (similarity(a, b) >= 0.75) is match


def test_command_line_prints_tables_and_writes_json(tmp_path, capsys):
    out = tmp_path / "acc.json"
    assert main(["--split", "seeds", "--json", str(out), "--misses", "3"]) == 0
    printed = capsys.readouterr().out
    assert "| measures |" in printed and "版式" in printed
    assert '"measures"' in out.read_text(encoding="utf-8")


def test_floors_hold_on_text_wrapped_like_a_pdf():
    """Every report cut into 30-character lines (markers and numbers split too) keeps its figures."""
    for split, scores in evaluate(SPLITS, width=30).items():
        t = totals(scores)
        assert t["measures"].recall >= 0.95 and t["measures"].precision >= 0.95, split
        assert t["indicators"].recall >= 0.93 and t["indicators"].precision >= 0.95, split
