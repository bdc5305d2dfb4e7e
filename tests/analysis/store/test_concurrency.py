"""Several writers on one store (two browser sessions, two processes): nothing lost, no silent overwrite.
On SQLite and on PostgreSQL."""

from __future__ import annotations

import multiprocessing as mp
import threading

import pytest

from analysis.store import uploads
from analysis.store.database import ConflictError, CorpusStore

pytestmark = pytest.mark.backends


def _report(i: int) -> tuple[str, bytes]:
    text = f"第{i}党支部2023年度工作总结\n一、主要做法\n一是开展主题党日活动{i}次。\n"
    return f"r{i}.txt", text.encode()


def _session(path: str, ids: list[int], out: list) -> None:
    """One user's upload: a batch previewed and then saved, as the page does."""
    store = CorpusStore(path)
    items = uploads.prepare_batch([_report(i) for i in ids], store)
    out.extend(uploads.commit_batch(store, items))


def test_threads_uploading_overlapping_batches_store_each_report_once(db_location):
    path = db_location
    CorpusStore(path)
    results: list[list] = [[] for _ in range(6)]
    # Every session uploads 12 reports overlapping with its neighbours, plus report 999.
    threads = [
        threading.Thread(target=_session, args=(path, [*range(s * 6, s * 6 + 12), 999], results[s]))
        for s in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    items = [i for r in results for i in r]
    distinct = {i.sha256 for i in items}
    assert all(i.status in ("added", "duplicate") for i in items)
    assert sum(i.status == "added" for i in items) == len(distinct) == 6 * 6 + 6 + 1
    df = CorpusStore(path).list_reports()
    assert len(df) == len(distinct) and df["sha256"].is_unique


def _process_session(path: str, start: int) -> None:
    _session(path, [*range(start, start + 15), 999], [])


def test_processes_uploading_lose_nothing(db_location):
    path = db_location
    CorpusStore(path)
    procs = [mp.Process(target=_process_session, args=(path, s * 10)) for s in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    df = CorpusStore(path).list_reports()
    assert len(df) == 35 + 1 and df["sha256"].is_unique  # reports 0..34 and 999


@pytest.mark.parametrize("editors", [2, 8])
def test_concurrent_metadata_edits_one_wins_the_others_are_told(store, editors):
    rid = uploads.process_batch(store, [_report(1)])[0].report_id
    version = store.get(rid).version  # every editor loaded the same version
    barrier = threading.Barrier(editors)
    outcome: dict[int, str] = {}

    def edit(n: int) -> None:
        barrier.wait()
        try:
            store.update_metadata(rid, {"branch": f"编辑者{n}"}, version)
            outcome[n] = "saved"
        except ConflictError as exc:
            outcome[n] = exc.message

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(editors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [n for n, o in outcome.items() if o == "saved"]
    assert len(winners) == 1 and len(outcome) == editors
    assert all("已被其他人修改" in o for n, o in outcome.items() if n not in winners)
    assert store.get(rid).branch == f"编辑者{winners[0]}"
    assert store.get(rid).version == version + 1


def test_concurrent_resource_edits_one_wins(store):
    barrier = threading.Barrier(4)
    outcome: dict[int, bool] = {}

    def edit(n: int) -> None:
        barrier.wait()
        try:
            store.set_resource_checked("stopwords", f"停用词{n}\n", None)
            outcome[n] = True
        except ConflictError:
            outcome[n] = False

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [n for n, ok in outcome.items() if ok]
    assert len(winners) == 1
    assert store.resource_overrides()["stopwords"] == f"停用词{winners[0]}\n"


def test_edit_while_another_session_uploads(store):
    """An upload in one session bumps the revision but does not conflict with an edit elsewhere."""
    rid = uploads.process_batch(store, [_report(1)])[0].report_id
    version = store.get(rid).version
    uploads.process_batch(store, [_report(2), _report(3)])
    store.update_metadata(rid, {"year": 2021}, version)
    assert store.get(rid).year == 2021 and len(store.list_reports()) == 3
