"""The command-line contract: analyze / ingest / list, errors on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
    from tests.analysis.test_store import _damage, _filled

    db = tmp_path / "corpus.db"
    _filled(db, 40)
    _damage(db, 0.5)
    before = db.read_bytes()
    for args in (("list", "--db", str(db)), ("ingest", str(SAMPLE[0]), "--db", str(db))):
        out = run(*args)
        assert out.returncode == 1, out.stderr
        # the last line is the message (lines before it are log records, routed by logging config)
        assert out.stderr.splitlines()[-1].startswith("错误: 语料库数据库已损坏")
        assert "备份" in out.stderr
        assert "Traceback" not in out.stderr and out.stdout == ""
    assert db.read_bytes() == before
