"""按上级党组织: with a roster that gives parents, every page that groups by branch groups by
parent (heatmap rows, topic and similarity pickers, trend groups, comparison sides, 汇报模式), and
switching back or editing the roster shows the new rows at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus.loading import ensure_samples
from analysis.corpus.regroup import UNASSIGNED
from analysis.store.database import CorpusStore
from analysis.store.roster import save_roster
from analysis.text.roster import Roster, RosterEntry

APP = str(Path(__file__).resolve().parents[2] / "app.py")
BUREAU, GROUP = "省机关事务管理局党委", "大兴城建开发集团党委"
ROSTER = Roster(
    (
        RosterEntry(BUREAU, "", "党委"),
        RosterEntry("后勤集团*公司支部", BUREAU, "党支部"),
        RosterEntry("会堂礼宾服务党支部", BUREAU, "党支部"),
        RosterEntry(GROUP, "", "党委"),
        RosterEntry("兴城投资党支部", GROUP, "党支部", ("兴城投资支部",)),
    )
)
# The samples 003 and 004 are not in the roster: 待确认, grouped as one row.
PARENTS = {BUREAU, GROUP, UNASSIGNED}
BRANCHES = {
    "后勤集团*公司支部",
    "会堂礼宾服务党支部",
    "兴城投资党支部",
    "**楼宇综合党委",
    "×××××公司党委",
}


@pytest.fixture(scope="module")
def roster_db(tmp_path_factory):
    """The sample corpus with a roster that gives parents (shared by this module's tests)."""
    path = tmp_path_factory.mktemp("grouping") / "app.db"
    store = CorpusStore(str(path))
    ensure_samples(store)
    save_roster(store, ROSTER)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJ_DB", str(path))
        yield path


def _open(page: str | None = None, grouping: str = "按上级党组织") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, at.exception
    at.sidebar.radio(key="grouping").set_value(grouping).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_no_grouping_choice_without_parents(isolated_db):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    assert not [r for r in at.sidebar.radio if r.key == "grouping"]


def test_overview_heatmap_rows_are_parents_and_switching_back_is_fresh(roster_db):
    at = _open()
    assert set(at.selectbox(key="ov_branch").options) == PARENTS
    assert "各上级党组织主题分布" in [h.value for h in at.subheader]
    at.sidebar.radio(key="grouping").set_value("按支部").run()
    assert not at.exception, at.exception
    assert set(at.selectbox(key="ov_branch").options) == BRANCHES
    assert "各支部主题分布" in [h.value for h in at.subheader]


def test_theme_ranking_and_evidence_are_by_parent(roster_db):
    at = _open("views/themes.py")
    bars = [json.loads(c.proto.spec)["data"][0] for c in at.get("plotly_chart")]
    assert set(next(b["y"] for b in bars if b.get("type") == "bar")) == PARENTS
    for df in at.dataframe:
        if "支部" in df.value.columns:
            assert set(df.value["支部"]) <= PARENTS


def test_compare_sides_are_parents(roster_db):
    at = _open("views/compare.py")
    assert "按上级党组织" in at.radio(key="cmp_by").options
    assert set(at.selectbox(key="cmp_a_branch").options) == PARENTS
    assert set(at.selectbox(key="cmp_b_branch").options) == PARENTS


def test_similar_branches_are_parents(roster_db):
    at = _open("views/similar.py")
    names = {o for s in at.selectbox if s.key in ("sim_branch", "sim_kw_branch") for o in s.options}
    assert names == PARENTS


def test_trend_groups_are_parents(roster_db):
    at = _open("views/trends.py")
    at.selectbox(key="tr_new_year").select(2023).run()
    tables = {c: df.value for df in at.dataframe for c in df.value.columns}
    assert set(tables["分组"]["分组"]) <= PARENTS  # indicator series per group
    assert set(tables["使用支部"]["使用支部"]) == {UNASSIGNED}  # 2023: sample 004 only


def test_briefing_sides_are_parents(roster_db):
    at = _open("views/present.py")
    sides = at.selectbox(key="pm_cmp_a").options
    assert {s.split("：", 1)[1] for s in sides if s.startswith("支部：")} == PARENTS
    labels = " ".join(at.multiselect(key="pm_reports").options)
    assert BUREAU in labels and "会堂礼宾服务党支部" not in labels


def test_a_roster_edit_regroups_at_once(roster_db, monkeypatch):
    at = _open()

    def no_analysis(missing, *args, **kwargs):
        assert not missing, "a roster edit must not analyse any report again"
        return iter(())

    monkeypatch.setattr("analysis.corpus.loading.analyze_for_store", no_analysis)
    moved = Roster(
        tuple(
            RosterEntry(e.name, GROUP, e.type, e.aliases) if e.name == "会堂礼宾服务党支部" else e
            for e in ROSTER.entries
        )
    )
    store = CorpusStore(str(roster_db))
    save_roster(store, Roster(tuple(e for e in moved.entries if e.name != "后勤集团*公司支部")))
    at.run()
    assert not at.exception, at.exception
    assert set(at.selectbox(key="ov_branch").options) == {GROUP, UNASSIGNED}
    save_roster(store, ROSTER)
