"""雷同检测's stored rows (pairs and each report's 文字复制比): written as reports are saved, removed
and refreshed on delete, and always equal to what the checker computes from scratch over the live
reports — the one definition of "shared" (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.models import Extracted
from analysis.corpus.overlap import maintain
from analysis.corpus.overlap.stored import store_checker
from analysis.store import overlap_rows as rows
from analysis.store.fact_queries import Filters
from tests.wording import own_text

pytestmark = pytest.mark.backends


def _add(store, name: str, text: str, **meta) -> int:
    return store.add(name, Extracted(text=text, fmt="txt", encoding="utf-8"), meta).report_id


def _expected(store, threshold: int) -> tuple[dict, dict]:
    """Pairs and shares computed from scratch over the live reports (no stored rows read)."""
    checker = store_checker(store, threshold)
    pairs = checker.all_pairs()
    checks = checker.report_checks(pairs, every=True)
    return (
        {(r.a, r.b): r for r in map(maintain.to_row, pairs)},
        {c.key: maintain.share_of(c) for c in checks},
    )


def _stored(store, threshold: int) -> tuple[dict, dict]:
    live = sorted(int(i) for i in store.list_reports()["id"])
    found = {(r.a, r.b): r for r in rows.pairs_of(store, threshold, live)}
    shares = {i: rows.share_row(store, threshold, i) for i in rows.checked_ids(store, threshold)}
    return found, shares


@pytest.fixture
def corpus(store):
    """Four reports: 丙 copies a passage of 甲, 丁 copies 乙 and 甲."""
    a, b = own_text(1), own_text(2)
    ids = [
        _add(store, "甲.txt", a, branch="甲支部", year=2024, organization="一公司"),
        _add(store, "乙.txt", b, branch="乙支部", year=2024, organization="二公司"),
        _add(store, "丙.txt", own_text(3)[:400] + a[200:600], branch="丙支部", year=2025),
        _add(store, "丁.txt", b[100:500] + own_text(4)[:300] + a[700:1000], branch="丁支部"),
    ]
    return store, ids


def test_a_first_update_stores_what_the_checker_computes(corpus):
    store, ids = corpus
    _, done = maintain.update(store)
    threshold = maintain.maintained_threshold(store)
    assert threshold == 5 and done[0].added == 4
    assert _stored(store, threshold) == _expected(store, threshold)
    assert set(_stored(store, threshold)[0]) == {
        (ids[0], ids[2]),
        (ids[0], ids[3]),
        (ids[1], ids[3]),
    }


def test_nothing_to_do_returns_the_index_untouched(corpus):
    store, _ = corpus
    index, _ = maintain.update(store)
    again, done = maintain.update(store, index)
    assert again is index and done == []


def test_an_added_report_is_aligned_against_the_stored_ones(corpus):
    store, ids = corpus
    index, _ = maintain.update(store)
    new = _add(store, "戊.txt", own_text(5)[:300] + own_text(3)[:400])
    _, done = maintain.update(store, index)
    assert [(u.added, u.removed) for u in done] == [(1, 0)]
    t = maintain.maintained_threshold(store)
    assert _stored(store, t) == _expected(store, t)
    assert (ids[2], new) in _stored(store, t)[0]


@pytest.mark.parametrize("how", ["delete", "purge"])
def test_a_deleted_report_leaves_and_its_partners_are_recomputed(corpus, how):
    store, ids = corpus
    index, _ = maintain.update(store)
    t = maintain.maintained_threshold(store)
    before = rows.share_row(store, t, ids[3])
    store.delete(ids[0])
    if how == "purge":
        store.purge(ids[0])
    _, done = maintain.update(store, index)
    assert [(u.added, u.removed) for u in done] == [(0, 1)]
    assert _stored(store, t) == _expected(store, t)
    assert rows.share_row(store, t, ids[3]).share < before.share  # 甲's passage no longer counts


def test_a_restored_report_comes_back(corpus):
    store, ids = corpus
    index, _ = maintain.update(store)
    store.delete(ids[1])
    index, _ = maintain.update(store, index)
    store.restore(ids[1])
    maintain.update(store, index)
    t = maintain.maintained_threshold(store)
    assert _stored(store, t) == _expected(store, t)


def test_another_threshold_is_a_set_of_its_own_kept_up_to_date(corpus):
    store, _ = corpus
    index, _ = maintain.update(store)
    index, done = maintain.update(store, index, threshold=2)
    assert [u.threshold for u in done] == [2]
    assert rows.sets(store) == {5: True, 2: False}
    _add(store, "己.txt", own_text(6)[:500] + own_text(1)[100:400])
    maintain.update(store, index)
    for t in (5, 2):
        assert _stored(store, t) == _expected(store, t)


def test_recompute_replaces_a_set(corpus):
    store, ids = corpus
    maintain.update(store)
    with store._tx() as con:  # a stale row no computation would write
        con.execute("UPDATE overlap_shares SET share = 0.99 WHERE report_id = ?", (ids[1],))
    maintain.recompute(store, 5)
    assert _stored(store, 5) == _expected(store, 5)
    assert maintain.maintained_threshold(store) == 5


def test_spans_round_trip(corpus):
    store, _ = corpus
    pairs = store_checker(store).all_pairs()
    for p in pairs:
        back = maintain.from_row(maintain.to_row(p))
        assert back.passages == (p if p.a < p.b else p.flipped()).passages


def test_queries_filter_sort_and_page(corpus):
    store, ids = corpus
    maintain.update(store)
    every = rows.pair_page(store, 5, Filters())
    assert len(every) == rows.count_pairs(store, 5, Filters()) == 3
    assert every["share"].is_monotonic_decreasing
    assert rows.pair_page(store, 5, Filters(), rows=slice(1, 2)).iloc[0].tolist() == (
        every.iloc[1].tolist()
    )
    by_year = rows.pair_page(store, 5, Filters(years=(2025,)))  # either report of the pair
    assert {(a, b) for a, b in zip(by_year["a"], by_year["b"], strict=True)} == {(ids[0], ids[2])}
    assert rows.count_pairs(store, 5, Filters(organizations=("二公司",))) == 1
    high = float(every["share"].iloc[0])
    assert rows.count_pairs(store, 5, Filters(), low=high) == 1
    shares = rows.share_page(store, 5, Filters())
    assert len(shares) == rows.count_shares(store, 5, Filters()) == 4
    assert rows.count_shares(store, 5, Filters(years=(2024,))) == 2
    matrix = rows.branch_pairs(store, 5, Filters())
    assert len(matrix) == 3 and set(matrix["branch_a"]) == {"甲支部", "乙支部"}
    with pytest.raises(ValueError, match="needs an end"):  # SQLite: no OFFSET without LIMIT
        rows.share_page(store, 5, Filters(), rows=slice(1, None))


def test_a_lone_report_has_a_zero_share_row(store):
    only = _add(store, "甲.txt", own_text(1))
    maintain.update(store)
    row = rows.share_row(store, 5, only)
    assert row is not None and row.share == 0 and row.sources == 0
    assert rows.count_pairs(store, 5, Filters()) == 0


def test_cli_ingest_writes_the_rows(tmp_path):
    """The save path of the command line: after `ingest`, the pairs are stored (no page visit)."""
    from analysis.cli import main
    from analysis.store.database import CorpusStore

    a = own_text(11)
    texts = {"甲.txt": a, "乙.txt": own_text(12), "丙.txt": own_text(13)[:500] + a[300:800]}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["ingest", *(str(tmp_path / n) for n in texts), "--db", db]) == 0
    store = CorpusStore(db)
    assert maintain.maintained_threshold(store) == 5
    assert rows.count_pairs(store, 5, Filters()) == 1
    assert len(rows.checked_ids(store, 5)) == 3
    assert maintain.update(store)[1] == []  # nothing left for the page to do


def _pool() -> list[str]:
    """Six texts: three of their own, three copying passages of them (each passage in at most
    three texts, so no fingerprint reaches the threshold of 5 reports)."""
    b = [own_text(20 + i) for i in range(3)]
    return [
        b[0],
        b[1],
        own_text(30)[:400] + b[0][100:500],
        b[1][200:600] + own_text(31)[:400],
        own_text(32)[:300] + b[2][:400],
        b[2][500:900] + b[0][600:1000],
    ]


POOL = _pool()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["add", "delete"]), st.integers(0, len(POOL) - 1)),
        min_size=2,
        max_size=7,
    )
)
def test_any_sequence_of_saves_and_deletes_leaves_the_rows_exact(new_db, steps):
    """Whatever is saved and deleted in whatever order, with an update after each step, the
    stored rows equal what the checker computes from scratch over the live reports."""
    from analysis.store.database import CorpusStore

    store = CorpusStore(new_db())
    for n in (0, 1, 2, 3):  # pairs to start from
        _add(store, f"起{n}.txt", POOL[n])
    index, _ = maintain.update(store)
    for op, n in steps:
        live = sorted(int(i) for i in store.list_reports()["id"])
        if op == "add":
            store.add(f"{n}.txt", Extracted(text=POOL[n], fmt="txt", encoding="utf-8"), {})
        elif len(live) > 1:
            store.delete(live[n % len(live)])
        index, _ = maintain.update(store, index)
    assert _stored(store, 5) == _expected(store, 5)


def test_the_workbook_is_written_from_the_stored_rows(corpus):
    import io

    import openpyxl

    from analysis.output.overlap_export import SHEETS, stored_workbook

    store, _ = corpus
    maintain.update(store)
    book = openpyxl.load_workbook(
        io.BytesIO(stored_workbook(store_checker(store, 5), store, 5, Filters()))
    )
    assert book.sheetnames == list(SHEETS)
    passages = sum(r.passages for r in rows.pairs_of(store, 5, [1, 2, 3, 4]))
    assert book[SHEETS[0]].max_row == 1 + 3  # a header and the three pairs
    assert book[SHEETS[1]].max_row == 1 + 4  # every report sharing a passage
    assert book[SHEETS[2]].max_row == 1 + passages
