"""The CLI as issue 27 asks: thin (≤ 250 lines), `list` in Chinese, names never printed raw."""

from __future__ import annotations

from pathlib import Path

from analysis.cli import main
from tests.conftest import ROOT, SAMPLES


def test_cli_module_is_thin():
    assert len((ROOT / "analysis" / "cli.py").read_text(encoding="utf-8").splitlines()) <= 250


def test_list_prints_chinese_column_headers(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(SAMPLES[0]), "--db", db]) == 0
    capsys.readouterr()
    assert main(["list", "--db", db]) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    assert {"支部", "单位", "年份", "标题", "字数"} <= set(header), header
    assert not {"branch", "title", "chars", "added_at"} & set(header)


def test_compare_and_brief_share_one_export_helper():
    source = Path(ROOT / "analysis" / "cli.py").read_text(encoding="utf-8")
    assert source.count("write_bytes(") == 1 and source.count("_export(args,") == 2
