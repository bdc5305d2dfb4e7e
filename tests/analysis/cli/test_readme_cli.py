"""Every command of `python -m analysis` is documented in README.md (its command-line section)."""

from __future__ import annotations

import argparse
import re

import pytest

from analysis.cli_args import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    """The subcommands `python -m analysis --help` lists."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_the_cli_has_the_known_commands():
    assert {"analyze", "ingest", "list", "compare", "brief"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_an_example_in_the_readme(command):
    assert re.search(rf"python -m analysis {command}\b", README), f"README 缺少 {command} 的示例"


def test_the_log_destination_is_documented():
    assert "DJ_LOG_FILE" in README and "stderr" in README
