"""数据管理 › 报告元数据: every delete, undo, restore and purge says which reports it touched."""

from __future__ import annotations

from analysis.store.database import CorpusStore
from tests.app.helpers import open_app_page

PAGE = "views/manage.py"


def _store(path) -> CorpusStore:
    return CorpusStore(str(path))


def _successes(at) -> list[str]:
    return [s.value for s in at.success]


def _pick_key(at, prefix: str) -> str:
    """The current key of a report picker (it gets a fresh key after each action)."""
    return next(m.key for m in at.multiselect if m.key.startswith(prefix))


def _sample(store: CorpusStore, branch: str) -> tuple[int, str]:
    """The id and title of the sample report of `branch`."""
    df = store.list_reports()
    row = df[df["branch"] == branch].iloc[0]
    return int(row["id"]), str(row["title"])


def test_delete_and_undo_name_the_report(isolated_db):
    at = open_app_page(PAGE)
    store = _store(isolated_db)
    rid, title = _sample(store, "兴城投资党支部")
    at.multiselect(key=_pick_key(at, "delete_choice")).set_value([rid]).run()
    at.button(key="delete_ask").click().run()
    assert any("兴城投资党支部" in w.value for w in at.warning)  # the question names it
    at.button(key="delete_confirm").click().run()
    assert not at.exception
    done = [s for s in _successes(at) if "已删除 1 份报告" in s]
    assert done and "兴城投资党支部" in done[0] and title[:10] in done[0]
    at.button(key="delete_undo").click().run()
    assert not at.exception
    assert any("已恢复 1 份报告" in s and "兴城投资党支部" in s for s in _successes(at))
    assert rid in set(store.list_reports()["id"])


def test_restore_from_the_trash_confirms_what_came_back(isolated_db):
    store = _store(isolated_db)
    at = open_app_page(PAGE)
    rid, _ = _sample(store, "会堂礼宾服务党支部")
    store.delete(rid)
    at.run()
    assert any(e.label == "回收站（1 份）" for e in at.expander)
    at.multiselect(key=_pick_key(at, "trash_choice")).set_value([rid]).run()
    at.button(key="trash_restore").click().run()
    assert not at.exception
    restored = [s for s in _successes(at) if s.startswith("已恢复 1 份报告")]
    assert restored and "会堂礼宾服务党支部" in restored[0]
    assert "各页面" in restored[0]
    assert rid in set(store.list_reports()["id"]) and store.trash().empty
    at.run()  # the message is shown once
    assert not [s for s in _successes(at) if s.startswith("已恢复")]


def test_restoring_many_names_the_first_and_counts_the_rest(isolated_db):
    store = _store(isolated_db)
    at = open_app_page(PAGE)
    ids = [int(i) for i in store.list_reports()["id"]]
    for rid in ids:
        store.delete(rid)
    at.run()
    at.multiselect(key=_pick_key(at, "trash_choice")).set_value(ids).run()
    at.button(key="trash_restore").click().run()
    restored = next(s for s in _successes(at) if s.startswith("已恢复 5 份报告"))
    assert "等 5 份报告" in restored and restored.count("《") == 3


def test_purge_names_what_is_gone(isolated_db):
    store = _store(isolated_db)
    at = open_app_page(PAGE)
    rid, _ = _sample(store, "×××××公司党委")
    store.delete(rid)
    at.run()
    at.multiselect(key=_pick_key(at, "trash_choice")).set_value([rid]).run()
    at.button(key="trash_purge_ask").click().run()
    assert any("无法恢复" in w.value and "公司党委" in w.value for w in at.warning)
    at.button(key="trash_purge_confirm").click().run()
    assert not at.exception
    assert any("已彻底删除 1 份报告" in s and "公司党委" in s for s in _successes(at))
    assert rid not in set(store.list_reports(include_deleted=True)["id"])
