"""The accuracy harness in CI: figures on the labelled evaluation set stay above their floors.

Floors sit a little under the figures measured when they were set (bench/accuracy/README.md),
so a change that loses accuracy fails here. The structure floors are taken on the reports of the
structure rounds (names not starting with IDENTITY_SET): the identity trap reports t4NN were
written for the branch (their structure labels are kept honest and their misses are printed by
the harness, but they were not part of the structure tuning); they have floors of their own.
"""

from __future__ import annotations

import pytest

from bench.accuracy.__main__ import evaluate, main
from bench.accuracy.dataset import SPLITS, load_split
from bench.accuracy.history import HistoryRow, append_row, recorded_sets, row_of
from bench.accuracy.score import (
    ABSTAINED,
    RIGHT,
    SAME_ORG,
    WRONG,
    branch_outcome,
    calibration,
    outcomes,
    similarity,
    totals,
)

IDENTITY_SET = "t4"  # name prefix of the identity trap reports in tune/

# (split, category, recall floor, precision floor)
FLOORS = [
    ("heldout", "measures", 0.95, 0.95),
    ("heldout", "parents", 0.95, 0.95),
    # a lone closing pledge is a plan, a closing 通过…，…提升 sentence an effect (README): 100 / 100
    ("heldout", "effects", 0.95, 0.95),
    ("heldout", "problems", 0.95, 0.95),
    ("heldout", "plans", 0.95, 0.95),
    ("heldout", "indicators", 0.97, 0.97),
    ("heldout", "ages", 0.95, 0.95),
    ("heldout", "formulations", 0.78, 0.92),
    ("heldout", "title", 0.95, 0.95),
    ("tune", "measures", 0.97, 0.97),
    ("tune", "parents", 0.97, 0.97),
    ("tune", "effects", 0.97, 0.97),
    # unnumbered sentence items of results/problems/plans sections (issue 31, 11): 100 / 100
    ("tune", "problems", 0.97, 0.97),
    ("tune", "plans", 0.97, 0.97),
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
def scored():
    return evaluate(SPLITS)


@pytest.fixture(scope="module")
def figures(scored):
    return {
        split: totals([s for s in scores if not s.report.name.startswith(IDENTITY_SET)])
        for split, scores in scored.items()
    }


@pytest.mark.parametrize("split", SPLITS)
def test_no_wrong_branch_on_the_written_sets(scored, split):
    """A wrong non-empty branch is the worst error: none on any set (seed 003's opening subject,
    **公司党委, is contested by the committee it founded, which the body names more often: it
    waits in 待确认 with both names)."""
    assert outcomes(scored[split])[WRONG] == 0


def test_identity_traps_are_all_right(scored):
    traps = [s for s in scored["tune"] if s.report.name.startswith(IDENTITY_SET)]
    assert len(traps) >= 10 and any(s.report.branch == "" for s in traps)
    assert outcomes(traps)[RIGHT] >= len(traps) - 1 and outcomes(traps)[WRONG] == 0


def test_sure_guesses_are_precise(scored):
    """Calibration: every guess at or above the abstention threshold is right on the labelled
    sets (same organization written more fully counts as right): a wrong name is worse than none."""
    from analysis.text.metadata import BRANCH_SURE

    every = [s for scores in scored.values() for s in scores]
    sure = [(n, ok) for c, (n, ok) in calibration(every).items() if c >= BRANCH_SURE]
    assert sum(ok for _, ok in sure) == sum(n for n, _ in sure)


BLIND_2026_12 = "blind-2026-12"  # issue 31's blind set, scored blind once, now tuned on


def test_identity_on_the_issue_31_blind_set():
    """On blind-2026-12: no wrong branch, at least 85% right (same organization is not right),
    every sure guess right, the kind right on all but one report."""
    from analysis.text.metadata import BRANCH_SURE

    scores = evaluate((BLIND_2026_12,))[BLIND_2026_12]
    counts = outcomes(scores)
    assert counts[WRONG] == 0 and counts[RIGHT] >= 0.85 * len(scores)
    sure = [(n, ok) for c, (n, ok) in calibration(scores).items() if c >= BRANCH_SURE]
    assert sum(ok for _, ok in sure) == sum(n for n, _ in sure)
    assert totals(scores)["kind"].hit >= len(scores) - 1


@pytest.mark.parametrize(
    ("want", "have", "outcome"),
    [
        ("东山村党支部", "东山村党支部", RIGHT),
        ("", "", RIGHT),  # the text names no author: empty is right
        ("", "两期党支部", WRONG),
        ("综采一队党支部", "煤业集团综采一队党支部", SAME_ORG),
        ("东山村党支部", "", ABSTAINED),
        ("东山村党支部", "西山村党支部", WRONG),
        ("中共白沙镇委员会", "白沙镇党委", SAME_ORG),  # the formal spelling
        ("北辰化工集团聚酯事业部党委", "中共北辰化工集团有限公司聚酯事业部委员会", SAME_ORG),
        ("北辰化工集团聚酯事业部党委", "南辰化工集团有限公司聚酯事业部党委", WRONG),
    ],
)
def test_branch_outcome(want, have, outcome):
    assert branch_outcome(want, have) == outcome


def _row(split: str, blind: bool) -> HistoryRow:
    return HistoryRow("2026-12-07", split, 3, "abc1234", "1 / 1", "1", "1 / 1", "1", "3 / 0", blind)


def test_history_records_a_blind_first_score_once(tmp_path):
    path = tmp_path / "HISTORY.md"
    append_row(path, _row("blind9", True))
    append_row(path, _row("blind9", False))  # later scores are recorded, not as blind
    assert recorded_sets(path, blind_only=True) == {"blind9"}
    with pytest.raises(ValueError):
        append_row(path, _row("blind9", True))
    assert path.read_text(encoding="utf-8").count("| blind9 |") == 2


def test_history_row_of_a_split(scored):
    row = row_of("seeds", scored["seeds"])
    assert row.reports == 5 and row.split == "seeds" and " / " in row.measures


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
    assert "留空" in printed and "置信度" in printed and "| date | set |" in printed
    assert '"measures"' in out.read_text(encoding="utf-8")


def test_command_line_refuses_an_unknown_split():
    with pytest.raises(SystemExit):
        main(["--split", "no_such_split"])


def test_floors_hold_on_text_wrapped_like_a_pdf():
    """Every report cut into 30-character lines (markers and numbers split too) keeps its figures."""
    for split, scores in evaluate(SPLITS, width=30).items():
        t = totals(scores)
        assert t["measures"].recall >= 0.95 and t["measures"].precision >= 0.95, split
        assert t["indicators"].recall >= 0.93 and t["indicators"].precision >= 0.95, split
        if split != "seeds":  # seed 002's headline title ends in a colon at the cut: 2 of 3
            assert t["title"].recall >= 0.9, split  # a title wrapped over two lines is read whole
