"""`python -m analysis overlap`: files or a stored corpus, JSON, a table or Excel; Chinese messages
for too little input and bad arguments."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.core.models import Extracted
from analysis.output.overlap_export import SHEETS
from analysis.store.database import CorpusStore
from tests.wording import own_text


@pytest.fixture
def files(tmp_path):
    a = own_text(1)
    texts = {
        "甲支部.txt": a,
        "乙支部.txt": own_text(2),
        "丙支部.txt": own_text(3)[:300] + a[100:500],
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / n) for n in texts]


def test_files_as_json(files, capsys):
    assert main(["overlap", *files, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["boilerplate_df"] >= 2 and len(out["reports"]) == 3
    (pair,) = out["pairs"]
    assert {pair["a"], pair["b"]} == {files[0], files[2]}  # named as given
    assert 0 < pair["share"] <= 1 and pair["passages"][0]["chars"] >= 40


def test_files_as_a_table(files, capsys):
    assert main(["overlap", *files]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("文字复制比") and len(lines) == 2


def test_min_share_filters_pairs(files, capsys):
    assert main(["overlap", *files, "--json", "--min-share", "0.99"]) == 0
    assert json.loads(capsys.readouterr().out)["pairs"] == []


def test_one_report_is_an_empty_result_with_a_chinese_note(files, capsys):
    assert main(["overlap", files[0], "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["pairs"] == []
    assert "至少需要两份报告" in captured.err


def test_an_unreadable_file_fails_alone(files, tmp_path, capsys):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a docx")
    assert main(["overlap", *files, str(bad), "--json"]) == 1
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["pairs"]) == 1 and "坏.docx" in captured.err


def test_bad_threshold_is_refused_in_chinese(files, capsys):
    assert main(["overlap", *files, "--boilerplate-df", "1"]) == 2
    assert "至少为 2" in capsys.readouterr().err


def test_stored_corpus_to_excel(files, tmp_path, capsys):
    db = tmp_path / "c.db"
    store = CorpusStore(db)
    for path in files:
        text = Path(path).read_text(encoding="utf-8")
        store.add(path, Extracted(text=text, fmt="txt", encoding="utf-8"), {"title": path[-8:]})
    out = tmp_path / "雷同.xlsx"
    assert main(["overlap", "--db", str(db), "--xlsx", str(out)]) == 0
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == list(SHEETS)
    rows = list(book[SHEETS[2]].values)
    assert rows[0][:3] == ("报告 A", "报告 B", "序号") and len(rows) == 2
