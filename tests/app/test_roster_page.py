"""组织名录 on 数据管理: import, review queue answers (accept / assign), escaping."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.core.models import Extracted
from analysis.store.database import CorpusStore
from analysis.store.roster import load_roster, record_identity, review_queue, save_roster
from analysis.text.metadata import infer_metadata
from analysis.text.roster import Roster, RosterEntry

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ROSTER = Roster((RosterEntry("机关第一党支部", "", "党支部", ("机关一支部",)),))


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/manage.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _add(store: CorpusStore, filename: str) -> int:
    text = "支部坚持党建引领。" + filename
    meta = infer_metadata(text, filename, roster=load_roster(store))
    res = store.add(filename, Extracted(text=text, fmt="txt"), meta.as_dict())
    record_identity(store, res.sha256, meta)
    return res.report_id


def test_roster_import_from_the_page(isolated_db):
    at = _page()
    data = "名称,上级党组织,类型,别名\n机关第一党支部,,党支部,机关一支部\n".encode("gbk")
    at.file_uploader(key="roster_upload_0").set_value([("名录.csv", data, "text/csv")]).run()
    at.button(key="roster_import").click().run()
    assert not at.exception, at.exception
    assert load_roster(CorpusStore(isolated_db)) == ROSTER
    assert any("已导入" in s.value for s in at.success)


def test_bad_roster_file_shows_the_row(isolated_db):
    at = _page()
    data = "名称,上级党组织\n甲党委,乙党委\n".encode()
    at.file_uploader(key="roster_upload_0").set_value([("名录.csv", data, "text/csv")]).run()
    at.button(key="roster_import").click().run()
    assert any("第 2 行" in e.value for e in at.error)
    assert len(load_roster(CorpusStore(isolated_db))) == 0


def test_review_queue_accept_and_assign(isolated_db):
    store = CorpusStore(isolated_db)
    at = _page()  # samples loaded
    save_roster(store, ROSTER)
    a = _add(store, "<b>兴河置业公司党支部</b>2023年度总结.txt")
    b = _add(store, "机关综合党支部2022年度总结.txt")
    assert set(review_queue(store)["id"]) >= {a, b}
    at = _page()
    assert "<b>" not in "".join(m.value for m in at.markdown)
    at.button(key=f"rv_ok_{a}").click().run()
    assert not at.exception, at.exception
    assert a not in set(review_queue(store)["id"])
    at.selectbox(key=f"rv_pick_{b}").set_value("机关第一党支部").run()
    at.button(key=f"rv_assign_{b}").click().run()
    assert not at.exception, at.exception
    assert store.get(b).branch == "机关第一党支部"
    assert "机关综合党支部" in load_roster(store).get("机关第一党支部").aliases
