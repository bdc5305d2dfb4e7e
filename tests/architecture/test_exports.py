"""Few doors and no back doors: names are imported from the module that defines them (re-exports
are the pages' one door, analysis/service.py, at most MAX_REEXPORTS names in all) and no private
name (`_x`) is imported from another module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_REEXPORTS = 30


def _imports(source: str) -> list[tuple[str, str, str]]:
    """(module, name, bound as) of every `from analysis… import` anywhere in `source`."""
    return [
        (node.module, a.name, a.asname or a.name)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis")
        for a in node.names
    ]


def reexports(source: str) -> list[str]:
    """The names a module lists in `__all__` that it imports from another analysis module."""
    imported = {bound for _, _, bound in _imports(source)}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [e.value for e in node.value.elts if getattr(e, "value", None) in imported]
    return []


def private_imports(name: str, source: str) -> list[str]:
    """'module.name' of each private name this file imports from another module."""
    found = []
    for module, imported, _ in _imports(source):
        if imported.startswith("_") and not imported.startswith("__"):
            found.append(f"{module}.{imported}")
    return found


def _sources() -> dict[str, str]:
    paths = [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def test_reexported_names_are_few() -> None:
    counts = {name: len(reexports(src)) for name, src in _sources().items()}
    assert sum(counts.values()) <= MAX_REEXPORTS, {n: c for n, c in counts.items() if c}


def test_no_private_name_is_imported_across_modules() -> None:
    found = {name: private_imports(name, src) for name, src in _sources().items()}
    assert {n: f for n, f in found.items() if f} == {}


@pytest.mark.parametrize(
    "snippet",
    [
        "from analysis.text.theme_scoring import _tagger\n",
        "def f():\n    from analysis.corpus.loading import _PARSED as cache\n",
        "from analysis.text.outline.patterns import _BODY_MIN\n",  # inside a subpackage too
    ],
)
def test_a_planted_private_import_is_found(snippet: str) -> None:
    assert private_imports("views/planted.py", snippet) != []


def test_a_planted_reexport_is_counted() -> None:
    source = 'from analysis.core.facts import per10k, wan\n\n__all__ = ["per10k", "wan", "own"]\n'
    assert reexports(source) == ["per10k", "wan"]
    assert reexports("from analysis.core.facts import per10k\n") == []
