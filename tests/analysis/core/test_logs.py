"""Tests of analysis.core.logs: stderr by default, DJ_LOG_FILE for a file, configured once."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from analysis.core import logs
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def unconfigured(monkeypatch):
    monkeypatch.delenv(logs.LOG_FILE_ENV, raising=False)
    monkeypatch.delenv(logs.LOG_LEVEL_ENV, raising=False)
    logs.reset()
    yield
    logs.reset()


def test_log_file_receives_the_analysis_logs_once(monkeypatch, tmp_path):
    path = tmp_path / "dj.log"
    monkeypatch.setenv(logs.LOG_FILE_ENV, str(path))
    first = logs.configure()
    assert logs.configure() is first  # a second call (a page rerun) adds no second handler
    logging.getLogger("analysis.corpus.loading").warning("报告分析出错：%s", "甲")
    first.flush()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert "WARNING analysis.corpus.loading: 报告分析出错：甲" in lines[0]


def test_stderr_by_default_and_level_from_env(monkeypatch):
    monkeypatch.setenv(logs.LOG_LEVEL_ENV, "error")
    handler = logs.configure()
    assert isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr
    assert logging.getLogger("analysis").level == logging.ERROR
    assert logging.getLogger("views").handlers == [handler]


def test_the_cli_logs_a_crashed_step_to_the_log_file(tmp_path):
    """The CLI configures logging in main(): a crash inside analysis lands in DJ_LOG_FILE."""
    report = tmp_path / "r.txt"
    report.write_text("兴城投资党支部2023年度党建工作报告\n一、主要做法\n一是加强组织领导。\n")
    log = tmp_path / "cli.log"
    script = (
        "import sys; from analysis.text import pipeline\n"
        "def boom(*a, **k): raise RuntimeError('parser bug')\n"
        "pipeline.parse_structure = boom\n"
        "from analysis.cli import main\n"
        f"sys.exit(main(['analyze', '--workers', '1', {str(report)!r}]))\n"
    )
    env = {"PATH": "/usr/bin:/bin", logs.LOG_FILE_ENV: str(log), "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    (record,) = json.loads(out.stdout)
    assert record["failed"] == ["structure"] and record["measures"] == []
    text = log.read_text(encoding="utf-8")
    assert "ERROR analysis.text.pipeline" in text and "RuntimeError: parser bug" in text


def _cli(tmp_path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """The CLI analysing one report whose structure step crashes (an error-level log record)."""
    report = tmp_path / "r.txt"
    report.write_text("兴城投资党支部2023年度党建工作报告\n一、主要做法\n一是加强组织领导。\n")
    script = (
        "import sys; from analysis.text import pipeline\n"
        "def boom(*a, **k): raise RuntimeError('parser bug')\n"
        "pipeline.parse_structure = boom\n"
        "from analysis.cli import main\n"
        f"sys.exit(main([*sys.argv[1:], 'analyze', '--workers', '1', {str(report)!r}]))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_cli_shows_error_log_lines_on_stderr_without_a_log_file(tmp_path):
    """Issue 27: without DJ_LOG_FILE the CLI dropped every log record."""
    out = _cli(tmp_path)
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stderr.splitlines() if "analysis.text.pipeline" in line]
    assert len(lines) == 1 and "错误" in lines[0]  # one line, no traceback on the terminal
    assert "Traceback" not in out.stderr


def test_the_cli_log_file_option_writes_everything(tmp_path):
    log = tmp_path / "all.log"
    out = _cli(tmp_path, "--log-file", str(log))
    assert out.returncode == 0, out.stderr
    text = log.read_text(encoding="utf-8")
    assert "ERROR analysis.text.pipeline" in text and "RuntimeError: parser bug" in text
    assert " INFO " in text or " DEBUG " in text  # every level, not only warnings
