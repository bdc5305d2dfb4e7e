"""Every DJ_* variable the code reads is defined in analysis/core/settings.py and documented in
the README, and settings are read by one parser."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from analysis.core.settings import VARIABLES, Settings, from_environment, parse

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"\bDJ_[A-Z_]+[A-Z]\b")
# Variables of the test suite only (browser path, PostgreSQL server, a large-presentation size).
TEST_ONLY = {"DJ_CHROMIUM", "DJ_TEST_PG", "DJ_PRESENT_N"}


def _names(*roots: str) -> set[str]:
    found: set[str] = set()
    for root in roots:
        base = ROOT / root
        paths = [base] if base.is_file() else base.rglob("*.py")
        for path in paths:
            found |= set(NAME.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_variable_of_the_program_is_a_setting() -> None:
    defined = {name for name, _, _ in VARIABLES}
    assert _names("analysis", "views", "app.py", "bench") - defined == set()
    assert _names("tests") - defined - TEST_ONLY == set()


def test_every_variable_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    every = _names("analysis", "views", "app.py", "bench", "tests") | {n for n, _, _ in VARIABLES}
    assert {n for n in every if f"`{n}`" not in readme} == set()


def test_settings_fields_follow_the_table() -> None:
    assert [f.name for f in dataclasses.fields(Settings)] == [f for _, f, _ in VARIABLES]


def test_os_environ_is_read_only_in_settings() -> None:
    """The program reads the environment through settings(); it may still pass one to a child."""
    reads = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[[^]]+\](?!\s*=)")
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "views").rglob("*.py")]
        if p.name != "settings.py" and reads.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        (None, str, None),
        ("", str, None),
        ("  ", str, None),
        (" /数据/看板.db ", str, "/数据/看板.db"),
        ("25", float, 25.0),
        ("2.5", float, 2.5),
        ("0", float, None),
        ("-3", float, None),
        ("abc", float, None),
        ("4", int, 4),
        ("2.5", int, None),
        ("0", int, None),
        ("四", int, None),
    ],
)
def test_one_parser(raw, kind, expected) -> None:
    assert parse(raw, kind) == expected


def test_the_admin_password_is_kept_as_written() -> None:
    """Set but blank is a misconfiguration the password gate must see, not "unset"."""
    assert from_environment({"DJ_ADMIN_PASSWORD": "  "}).admin_password == "  "
    assert from_environment({}).admin_password is None
    assert from_environment({"DJ_OCR_THREADS": "2", "DJ_DB": ""}) == Settings(ocr_threads=2)


def test_an_ocr_worker_gets_its_threads_as_an_argument(monkeypatch) -> None:
    """A worker's share of the cores comes from its initializer's argument, not the environment
    (which still sets the main process's engine)."""
    from analysis.io import ocr

    monkeypatch.setenv("DJ_OCR_THREADS", "5")
    monkeypatch.setattr(ocr, "_worker_threads", [])
    assert ocr.engine_threads() == 5
    ocr.use_threads(2)
    assert ocr.engine_threads() == 2
    assert os.environ["DJ_OCR_THREADS"] == "5"  # the worker's setting did not go through it
