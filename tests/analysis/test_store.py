"""The corpus store: round trip, duplicates, transactions, edits with conflict detection, trash."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3

import pytest

from analysis.models import Extracted
from analysis.store import ConflictError, CorpusStore, content_hash

DOC = Extracted(text="一、主要做法\n支部坚持“三会一课”。", fmt="txt", encoding="utf-8")
META = {"branch": "兴城投资党支部", "organization": "大兴城建", "year": 2022, "kind": "经验材料"}


def test_round_trip(store):
    res = store.add("a.txt", DOC, META)
    assert res.status == "added"
    got = store.get(res.report_id)
    assert (got.text, got.branch, got.year, got.fmt) == (DOC.text, "兴城投资党支部", 2022, "txt")
    df = store.list_reports()
    assert list(df["branch"]) == ["兴城投资党支部"]
    assert df.loc[0, "chars"] == len(DOC.text)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("支部现有党员22名", "支部现有党员22名", True),
        ("支部现有党员22名", "支部现有党员22名\r\n", True),
        ("支部现有党员22名", "支部现有党员23名", False),
    ],
)
def test_content_hash(a, b, same):
    assert (content_hash(a) == content_hash(b)) is same


def test_duplicate_is_stored_once(store):
    first = store.add("a.txt", DOC, META)
    second = store.add("copy.txt", DOC, {})
    assert second.status == "duplicate" and second.report_id == first.report_id
    assert len(store.list_reports()) == 1


def test_hints_round_trip(store):
    doc = Extracted(text="标题\n正文", fmt="docx", hints=((1, "标题"),))
    rid = store.add("x.docx", doc, {}).report_id
    assert store.get(rid).hints == ((1, "标题"),)


def test_update_metadata_with_conflict(store):
    rid = store.add("a.txt", DOC, META).report_id
    v = store.get(rid).version
    v2 = store.update_metadata(rid, {"branch": "新支部", "year": "2023"}, v)
    assert store.get(rid).branch == "新支部" and store.get(rid).year == 2023
    with pytest.raises(ConflictError, match="已被其他人修改"):
        store.update_metadata(rid, {"branch": "旧版本的修改"}, v)
    assert store.get(rid).version == v2


@pytest.mark.parametrize(
    "year, expected", [("2023", 2023), ("", None), ("abc", None), (1800, None)]
)
def test_year_is_lenient(store, year, expected):
    rid = store.add("a.txt", DOC, META).report_id
    store.update_metadata(rid, {"year": year}, store.get(rid).version)
    assert store.get(rid).year == expected


def test_delete_restore_purge(store):
    rid = store.add("a.txt", DOC, META).report_id
    rev = store.revision()
    store.delete(rid)
    assert store.revision() > rev
    assert len(store.list_reports()) == 0 and len(store.trash()) == 1
    store.restore(rid)
    assert len(store.list_reports()) == 1
    store.delete(rid)
    assert store.add("again.txt", DOC, {}).status == "restored"
    store.purge(rid)
    assert len(store.list_reports(include_deleted=True)) == 0


def test_failed_transaction_leaves_nothing(store, monkeypatch):
    """An error inside the insert rolls the whole report back."""
    bad = Extracted(text="正文", fmt="txt", hints=((1, object()),))  # not JSON-serializable
    with pytest.raises(TypeError):
        store.add("bad.txt", bad, {})
    assert len(store.list_reports(include_deleted=True)) == 0


def test_analysis_cache(store):
    store.save_analyses("fp", {"abc": {"x": [1, "党建"]}})
    assert store.cached_analyses("fp", ["abc", "zzz"]) == {"abc": {"x": [1, "党建"]}}
    assert store.cached_analyses("other", ["abc"]) == {}


def test_resources_override_and_reset(store):
    store.set_resource("stopwords", "# 停用词\n的\n")
    assert store.resource_overrides() == {"stopwords": "# 停用词\n的\n"}
    store.reset_resource("stopwords")
    assert store.resource_overrides() == {}


def test_schema_version_recorded(store):
    con = sqlite3.connect(store.path)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"


def _writer(path: str, worker: int) -> None:
    s = CorpusStore(path)
    for i in range(15):
        s.add(f"{worker}-{i}.txt", Extracted(text=f"报告{worker}-{i} 党建工作", fmt="txt"), {})
        # every worker also adds one shared report: it must end up stored once
        s.add("shared.txt", Extracted(text="共同的报告", fmt="txt"), {})


def test_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "c.db")
    CorpusStore(path)
    procs = [mp.Process(target=_writer, args=(path, w)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    df = CorpusStore(path).list_reports()
    assert len(df) == 4 * 15 + 1
