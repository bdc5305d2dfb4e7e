"""Control characters (C0/C1 but tab and newline, bidi overrides like U+202E) never reach a stored
title, branch, organization or file name, whatever the path, and the CLI never prints them raw
(issue 30, point 6)."""

from __future__ import annotations

import re

import pytest

from analysis.core.escape import stored_name
from analysis.store.database import CorpusStore
from analysis.store.uploads import process_batch

BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BODY = "党建工作报告\n第一党支部坚持“三会一课”制度，开展主题党日活动12次。\n"
HOSTILE = "红\x1b[2J旗\x07党\u202e支部\x9b\x1b]0;标题\x07"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("红旗党支部", "红旗党支部"),
        ("红\x1b[2J旗", "红[2J旗"),
        ("报告\u202etxt.exe", "报告txt.exe"),
        ("甲\x07乙\x9b丙", "甲乙丙"),
        ("第一行\n第二行\t尾", "第一行 第二行 尾"),
        ("\u2066隔离\u2069", "隔离"),
    ],
)
def test_stored_name_table(raw, clean):
    assert stored_name(raw) == clean


def _stored(store: CorpusStore) -> list[str]:
    df = store.list_reports()
    values = [str(v) for col in ("title", "branch", "organization", "filename") for v in df[col]]
    from analysis.store.roster import identity_frame

    ids = identity_frame(store)
    return values + [str(v) for col in ("guess", "parent") for v in ids[col]]


def _clean(values: list[str]) -> None:
    assert values and not [v for v in values if BAD.search(v)], values


def _csv(**cells: str) -> bytes:
    head = ",".join(cells)
    return f"文件名,{head}\n报告.txt,{','.join(cells.values())}\n".encode()


def test_metadata_csv_of_an_upload(tmp_path):
    store = CorpusStore(tmp_path / "c.db")
    sidecar = _csv(支部=HOSTILE, 单位=HOSTILE, 标题=HOSTILE)
    items = process_batch(store, [("报告.txt", BODY.encode()), ("metadata.csv", sidecar)])
    assert "added" in [i.status for i in items]
    _clean(_stored(store))


def test_file_name_of_an_upload(tmp_path):
    store = CorpusStore(tmp_path / "c.db")
    process_batch(store, [("报告\u202etxt.exe\x1b.txt", BODY.encode())])
    _clean(_stored(store))


def test_metadata_edit(tmp_path):
    store = CorpusStore(tmp_path / "c.db")
    (item,) = process_batch(store, [("报告.txt", BODY.encode())])
    store.update_metadata(item.report_id, {"title": HOSTILE, "branch": HOSTILE}, 1)
    _clean(_stored(store))


def test_backup_record(tmp_path):
    from analysis.store.archive import export_archive, import_archive

    source = CorpusStore(tmp_path / "a.db")
    process_batch(source, [("报告.txt", BODY.encode())])
    with source._tx() as con:  # a backup made by a version that kept them
        con.execute("UPDATE reports SET title = ?, branch = ?", (HOSTILE, HOSTILE))
    target = CorpusStore(tmp_path / "b.db")
    import_archive(target, export_archive(source))
    _clean(_stored(target))


def test_cli_ingest_meta_and_list(tmp_path, capsys):
    from analysis.cli import main

    report, meta = tmp_path / "报告.txt", tmp_path / "metadata.csv"
    report.write_text(BODY, encoding="utf-8")
    meta.write_bytes(_csv(支部=HOSTILE, 标题=HOSTILE))
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(report), "--db", db, "--meta", str(meta)]) == 0
    _clean(_stored(CorpusStore(db)))
    assert main(["list", "--db", db]) == 0
    assert main(["list", "--db", db, "--json"]) == 0
    out, err = capsys.readouterr()
    assert not BAD.search(out.replace("\n", "")) and not BAD.search(err.replace("\n", ""))


def test_cli_analyze_prints_no_raw_control_characters(tmp_path, capsys):
    from analysis.cli import main

    report, meta = tmp_path / "报告.txt", tmp_path / "metadata.csv"
    report.write_text(BODY, encoding="utf-8")
    meta.write_bytes(_csv(支部=HOSTILE, 标题=HOSTILE))
    assert main(["analyze", "--workers", "1", str(report), "--meta", str(meta)]) == 0
    out = capsys.readouterr().out
    assert not BAD.search(out.replace("\n", "")) and "\\u001b" not in out
