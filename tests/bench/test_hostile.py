"""The hostile run's own logic: the 52 must-refuse files are fixed and reproducible, the verdicts
are judged strictly, the tables add up, and the kill counter sees a report without identity."""

from __future__ import annotations

import sqlite3

import pytest

from bench.hostile.__main__ import table
from bench.hostile.files import CASES, UPLOAD_ONLY, Case, write_files
from bench.hostile.kills import ORPHANS, inspect
from bench.hostile.paths import OK, Outcome, _cli_rows, _of, judge, run_upload

CASE = Case("网页.doc", bytes, "网页文件（HTML）")


def test_fifty_two_distinct_files_each_with_its_reason():
    assert len(CASES) == 52 and len({c.name for c in CASES}) == 52
    assert all(c.reason.strip() for c in CASES)  # the reason itself must be Chinese: judge()


def test_the_files_are_the_same_bytes_on_every_run(tmp_path):
    small = [c for c in CASES if c.name.endswith((".txt", ".doc"))][:6]
    first = [p.read_bytes() for p in write_files(tmp_path / "a", small)]
    second = [p.read_bytes() for p in write_files(tmp_path / "b", small)]
    assert first == second and all(first[1:])


@pytest.mark.parametrize(
    ("results", "trace", "verdict"),
    [
        ([("failed", "这是网页文件（HTML），不是 Word 文档")], False, OK),
        ([("failed", "Word 文件已损坏")], False, "原因不对"),
        ([("failed", "text/html files are not allowed")], False, "英文"),
        ([("added", "")], False, "被接受"),
        ([("failed", "这是网页文件（HTML）"), ("added", "")], False, "被接受"),  # a zip's members
        ([], False, "无结果"),
        ([("failed", "这是网页文件（HTML）")], True, "堆栈"),
    ],
)
def test_verdicts(results, trace, verdict):
    assert judge(CASE, results, trace).verdict == verdict


def test_cli_lines_and_zip_members_are_matched_to_their_file():
    out = "failed\t炸弹.zip\t压缩炸弹\nadded\t批量.zip › a.txt\tid=1\t\tinferred\nfailed\t批.txt\t坏\n"
    rows = _cli_rows(out)
    assert _of("炸弹.zip", rows) == [("failed", "压缩炸弹")]
    assert _of("批量.zip", rows) == [("added", "")]
    assert _of("批", rows) == []  # a prefix of another name is not that file


def test_the_table_counts_what_it_lists():
    outcomes = [Outcome("a", "x", "x", OK), Outcome("b", "y", "z", "原因不对")]
    text = table("cli", outcomes)
    assert "合计 cli：1/2 正确（原因不对 1）" in text and text.count("\n| ") == 3


def test_the_upload_path_runs_end_to_end():
    chosen = [c for c in CASES if c.name in {"空文件.txt", "叉叉.txt"}] + UPLOAD_ONLY
    assert [o.verdict for o in run_upload(chosen)] == [OK, OK, OK]


def test_a_report_without_identity_is_counted(tmp_path):
    from analysis.core.models import Extracted
    from analysis.store.database import CorpusStore
    from analysis.store.saving import save_report
    from analysis.text.metadata import Metadata

    db = tmp_path / "c.db"
    store = CorpusStore(db)
    for n in range(3):
        save_report(store, f"{n}.txt", Extracted(f"第{n}份党建报告。", "txt"), Metadata())
    assert inspect(db) == (3, 0, True)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM identities WHERE rowid = 1")  # what a crash between two writes left
    con.commit()
    assert con.execute(ORPHANS).fetchone()[0] == 1
    con.close()
    assert inspect(db) == (3, 1, True)
