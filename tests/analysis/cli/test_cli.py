"""The command-line contract: analyze / ingest / list, errors on stderr, exit codes."""

from __future__ import annotations

import errno
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = sorted((ROOT / "data" / "samples").glob("*.txt"))
FIELDS = {
    "source",
    "title",
    "branch",
    "year",
    "chars",
    "measures",
    "indicators",
    "formulations",
    "themes",
    "keywords",
    "redactions",
}


def run(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess:
    env = None
    if env_db is not None:
        import os

        env = {**os.environ, "DJ_DB": str(env_db)}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.fixture(scope="module")
def analyzed() -> list[dict]:
    out = run("analyze", *map(str, SAMPLE[:2]))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_help_documents_commands():
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("analyze", "ingest", "list"):
        assert cmd in out.stdout


def test_analyze_prints_one_object_per_report(analyzed):
    assert len(analyzed) == 2
    for rec in analyzed:
        assert set(rec) >= FIELDS
        assert rec["chars"] > 1000
        assert isinstance(rec["themes"], dict)


def test_analyze_fields_have_their_shapes(analyzed):
    rec = analyzed[0]
    assert rec["measures"] and {"title", "level", "kind", "section", "text"} <= set(
        rec["measures"][0]
    )
    assert rec["indicators"] is not None
    for ind in rec["indicators"]:
        assert {"value", "unit", "subject", "approx", "redacted", "category", "sentence"} <= set(
            ind
        )
        assert not (ind["redacted"] and ind["value"] is not None)
    assert {"term", "count", "numbered"} <= set(rec["formulations"][0])
    assert {"term", "count", "weight"} <= set(rec["keywords"][0])
    assert rec["redactions"] > 0  # sample 000 is heavily redacted


def test_bad_file_reported_others_processed(tmp_path):
    bad = tmp_path / "空文件.txt"
    bad.write_bytes(b"")
    out = run("analyze", str(bad), str(SAMPLE[2]))
    assert out.returncode == 1
    assert len(json.loads(out.stdout)) == 1
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "空文件.txt" in lines[0]


def test_missing_file_is_an_error(tmp_path):
    out = run("analyze", str(tmp_path / "nope.txt"))
    assert out.returncode == 1 and "nope.txt" in out.stderr


@pytest.mark.backends
def test_ingest_and_list(db_location):
    db = db_location
    out = run("ingest", str(SAMPLE[0]), str(SAMPLE[1]), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert [ln.split("\t")[0] for ln in out.stdout.splitlines()] == ["added", "added"]
    again = run("ingest", str(SAMPLE[0]), "--db", str(db))
    assert again.stdout.startswith("duplicate")
    listed = json.loads(run("list", "--db", str(db), "--json").stdout)
    assert len(listed) == 2 and {"branch", "year", "title", "chars", "added_at"} <= set(listed[0])
    assert "001_" in run("list", "--db", str(db)).stdout or listed[1]["title"]


TRADITIONAL = (
    "社區黨委“紅色網格”工作總結\n一、主要做法\n一是堅持“三會一課”，全年開展主題黨日12次。\n"
)
READING = {"ocr", "ocr_confidence", "original_title", "original_branch", "original_organization"}


def test_analyze_and_list_say_how_each_report_was_read(tmp_path):
    """`ocr`, `ocr_confidence` and a Traditional report's `original_*` in the JSON of both."""
    path = tmp_path / "繁體.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")
    (rec,) = json.loads(run("analyze", str(path)).stdout)
    assert set(rec) >= READING
    assert (rec["ocr"], rec["ocr_confidence"]) == (False, None)
    assert (rec["title"], rec["original_title"]) == (
        "社区党委“红色网格”工作总结",
        "社區黨委“紅色網格”工作總結",
    )
    db = str(tmp_path / "c.db")
    assert run("ingest", str(path), "--db", db).returncode == 0
    (listed,) = json.loads(run("list", "--db", db, "--json").stdout)
    assert set(listed) >= READING
    assert listed["original_title"] == "社區黨委“紅色網格”工作總結" and listed["ocr"] is False
    assert listed["ocr_confidence"] is None


def test_unreachable_database_is_a_clear_error_without_the_password():
    out = run("list", "--db", "postgresql://dj:s3cret@127.0.0.1:1/corpus")
    assert out.returncode == 2, out.stderr
    assert "数据库连接失败：postgresql://dj@127.0.0.1:1/corpus" in out.stderr
    assert "s3cret" not in out.stderr + out.stdout


def test_ingest_failure_line_and_exit_code(tmp_path):
    bad = tmp_path / "image.docx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    out = run("ingest", str(bad), str(SAMPLE[0]), "--db", str(tmp_path / "c.db"))
    assert out.returncode == 1
    assert out.stdout.splitlines()[0].startswith("failed")
    assert out.stdout.splitlines()[1].startswith("added")
    assert "image.docx" in out.stderr


def test_db_from_environment(tmp_path):
    db = tmp_path / "env.db"
    run("ingest", str(SAMPLE[3]), env_db=db)
    assert db.exists()


def test_damaged_database_gives_the_chinese_message_and_stops_writes(tmp_path):
    """Issue 16 hole 9: `list` and `ingest` on a damaged SQLite file: one Chinese message on
    stderr, exit code 1, no traceback, and the file is not written."""
    from tests.stores import damage, filled

    db = tmp_path / "corpus.db"
    filled(db, 40)
    damage(db, 0.5)
    before = db.read_bytes()
    for args in (("list", "--db", str(db)), ("ingest", str(SAMPLE[0]), "--db", str(db))):
        out = run(*args)
        assert out.returncode == 1, out.stderr
        # the last line is the message (lines before it are log records, routed by logging config)
        assert out.stderr.splitlines()[-1].startswith("错误: 语料库数据库已损坏")
        assert "备份" in out.stderr
        assert "Traceback" not in out.stderr and out.stdout == ""
    assert db.read_bytes() == before


# ---------------------------------------------------------------- bad files, names, disk full


def _no_english_trace(text: str) -> None:
    """No traceback, no pypdf/python warning and no raw control character in CLI output."""
    for marker in ("Traceback", "Error:", "Warning", "warning:", "pypdf"):
        assert marker not in text, text[-2000:]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)


def test_every_bad_file_gets_its_reason_in_the_cli(tmp_path):
    from tests.bad_files import FAILING

    paths = []
    for name, build, _ in FAILING:
        path = tmp_path / name
        path.write_bytes(build())
        paths.append(str(path))
    good = tmp_path / "好报告.txt"
    good.write_bytes(SAMPLE[0].read_bytes())
    out = run("ingest", *paths, str(good), "--db", str(tmp_path / "c.db"))
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    for path, (name, _, fragment) in zip(paths, FAILING, strict=True):
        mine = [ln for ln in lines if ln.startswith(f"错误 {path}")]
        assert mine and fragment in mine[0], (name, mine)
    assert all(ln.startswith(("错误 ", "OCR 识别 ")) for ln in lines)  # reasons and OCR progress
    done = out.stdout.splitlines()
    assert [ln.split("\t")[0] for ln in done if "好报告" in ln] == ["added"]
    _no_english_trace(out.stderr + out.stdout)


def test_control_characters_in_file_names_are_escaped_and_not_stored(tmp_path):
    path = tmp_path / "报\x1b[31m告\x07.txt"
    path.write_bytes(SAMPLE[1].read_bytes())
    db = str(tmp_path / "c.db")
    out = run("ingest", str(path), "--db", db)
    assert out.returncode == 0, out.stderr
    assert "报\\x1b[31m告\\x07.txt" in out.stdout
    _no_english_trace(out.stdout + out.stderr)
    listed = run("list", "--db", db, "--json")
    assert "\\u001b" not in listed.stdout and "\x1b" not in listed.stdout
    bad = tmp_path / "坏\x1b]0;标题\x07.txt"
    bad.write_bytes(b"")
    out = run("ingest", str(bad), "--db", db)
    assert "坏\\x1b]0;标题\\x07.txt" in out.stderr and "文件是空的" in out.stderr
    _no_english_trace(out.stdout + out.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_disk_full_when_writing_an_export_is_chinese():
    out = run("brief", str(SAMPLE[0]), "--html", "/dev/full")
    assert out.returncode == 2
    assert "磁盘空间不足" in out.stderr
    _no_english_trace(out.stderr)


@pytest.mark.parametrize(
    "error",
    [
        lambda: OSError(errno.ENOSPC, "No space left on device"),
        lambda: _sqlite_full(),
    ],
)
def test_disk_full_while_storing_is_chinese(tmp_path, monkeypatch, capsys, error):
    from analysis import cli
    from analysis.store.database import CorpusStore

    def full(*args, **kwargs):
        raise error()

    monkeypatch.setattr(CorpusStore, "insert_in", full)
    code = cli.main(["ingest", str(SAMPLE[0]), "--db", str(tmp_path / "c.db")])
    err = capsys.readouterr().err
    assert code == 1 and "磁盘空间不足" in err  # that file failed, as on the upload page
    _no_english_trace(err)


def _sqlite_full() -> Exception:
    import sqlite3

    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
    return exc


def test_reader_bug_fails_one_file_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    from analysis import cli
    from analysis.io.ingest import read_document
    from analysis.store import scan_reading

    real = read_document

    def flaky(name, data, **kwargs):
        if name.startswith("坏"):
            raise RuntimeError("boom")
        return real(name, data, **kwargs)

    monkeypatch.setattr(scan_reading, "read_document", flaky)
    bad = tmp_path / "坏.txt"
    bad.write_bytes(SAMPLE[2].read_bytes())
    code = cli.main(["ingest", str(bad), str(SAMPLE[0]), "--db", str(tmp_path / "c.db")])
    out = capsys.readouterr()
    assert code == 1
    assert "意外错误（RuntimeError）" in out.err and "boom" not in out.err
    assert out.out.splitlines()[-1].startswith("added")


def test_time_limit_refuses_one_file_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    """A clock that jumps 1 s per look: the long .docx passes 30 s, the short text does not."""
    from analysis import cli
    from analysis.io import limits
    from tests.bad_files import docx_with

    clock = iter(range(10**9))
    monkeypatch.setattr(limits, "time", SimpleNamespace(monotonic=lambda: float(next(clock))))
    long_docx = tmp_path / "长.docx"
    long_docx.write_bytes(docx_with("<w:p><w:r><w:t>党建。</w:t></w:r></w:p>" * 100))
    code = cli.main(["ingest", str(long_docx), str(SAMPLE[0]), "--db", str(tmp_path / "c.db")])
    out = capsys.readouterr()
    assert code == 1
    assert "读取文件超时（超过 30 秒）" in out.err and "长.docx" in out.err
    assert out.out.splitlines()[-1].startswith("added")
