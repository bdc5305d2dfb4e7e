"""No broad `except` in analysis/ swallows an error silently: it logs it or raises again."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

MODULES = sorted((ROOT / "analysis").rglob("*.py"))
LOG_CALLS = {"exception", "error", "warning", "critical"}


def _broad(handler: ast.ExceptHandler) -> bool:
    """`except:`, `except Exception` or `except BaseException` (alone or in a tuple)."""
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(t is None or (isinstance(t, ast.Name) and t.id.endswith("Exception")) for t in kinds)


def _handled(handler: ast.ExceptHandler) -> bool:
    """The handler logs through a `logger` or raises."""
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOG_CALLS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "logger"
        ):
            return True
    return False


def _silent(path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        h.lineno
        for h in ast.walk(tree)
        if isinstance(h, ast.ExceptHandler) and _broad(h) and not _handled(h)
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_broad_excepts_log_or_raise(path):
    assert _silent(path) == [], f"{path.name}: 宽泛的 except 没有记录日志也没有重新抛出"


def test_the_rule_catches_a_silent_handler(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("try:\n    x = 1\nexcept Exception:\n    pass\n", encoding="utf-8")
    good = tmp_path / "good.py"
    good.write_text(
        "try:\n    x = 1\nexcept Exception:\n    logger.exception('x')\n", encoding="utf-8"
    )
    assert _silent(bad) == [3] and _silent(good) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_that_logs_has_its_own_logger(path):
    text = path.read_text(encoding="utf-8")
    if "logger." in text:
        assert "logger = logging.getLogger(__name__)" in text
