"""The tests mirror the package: every test file under tests/analysis/ lives in the folder of the
layer it tests, so a maintainer of analysis/<layer>/ finds its tests in tests/analysis/<layer>/.

The rule, stated once: a test file's layer is the analysis layer it imports the most names from
(`from analysis.<layer>... import a, b` counts two; the top-level cli, cli_args, __main__ and
service modules count as `cli`); `core` counts only when nothing else is imported (every layer
uses its types), and a tie goes to the higher layer (text before io, which share a level). A test that imports nothing from analysis/
is not a layer's test (a rule over the source belongs in tests/architecture/).
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests" / "analysis"
# Height of each layer (pyproject.toml's import-linter contract); text and io share one level.
HEIGHT = {"core": 0, "io": 1, "text": 1, "store": 2, "corpus": 3, "output": 4, "cli": 5}
TOP_MODULES = {"cli", "cli_args", "__main__", "service"}


def _layer_of_module(module: str, name: str) -> str | None:
    """The layer of `from module import name` (None outside analysis/)."""
    parts = module.split(".")
    if parts[0] != "analysis":
        return None
    first = parts[1] if len(parts) > 1 else name
    if first in TOP_MODULES:
        return "cli"
    return first if first in HEIGHT else None


def imported_layers(source: str) -> Counter[str]:
    """How many names the source imports from each analysis layer (module-level or local)."""
    counts: Counter[str] = Counter()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            pairs = [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            pairs = [(alias.name, "") for alias in node.names]
        else:
            continue
        for module, name in pairs:
            layer = _layer_of_module(module, name)
            if layer:
                counts[layer] += 1
    return counts


def home_layer(source: str) -> str | None:
    """The folder a test file belongs in under tests/analysis/ (None: not a layer's test)."""
    counts = imported_layers(source)
    if len(counts) > 1:
        del counts["core"]
    if not counts:
        return None
    return max(counts, key=lambda layer: (counts[layer], HEIGHT[layer], layer))


TEST_FILES = sorted(TESTS.rglob("test_*.py"))


def test_no_flat_test_files_and_only_layer_folders() -> None:
    """tests/analysis/ holds one folder per layer and no test file of its own."""
    assert [p.name for p in TESTS.glob("test_*.py")] == []
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders <= set(HEIGHT), folders - set(HEIGHT)


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: str(p.relative_to(TESTS)))
def test_each_test_file_lives_in_its_layer(path: Path) -> None:
    layer = home_layer(path.read_text(encoding="utf-8"))
    assert layer is not None, f"{path.name} imports nothing from analysis/: not a layer's test"
    assert path.parent == TESTS / layer, f"move {path.relative_to(ROOT)} to tests/analysis/{layer}/"


def _imported_modules(path: Path) -> list[str]:
    """Every module `path` imports (module-level or local)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_no_module_imports_a_test_module() -> None:
    """Shared builders live in helper modules (tests/*.py, tests/<folder>/helpers.py, ...), never
    in a test module: a test module is pytest's to collect, and moving it must break nothing."""
    sources = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sources
        for name in _imported_modules(path)
        if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from analysis.core.models import A, B\nfrom analysis.text.clean import c", "text"),
        ("from analysis.core.models import A", "core"),
        ("from analysis.store import x\nfrom analysis.io.ocr import y", "store"),
        ("from analysis import cli\nfrom analysis.output.heat import h", "cli"),
        ("from analysis.service import door", "cli"),
        ("import analysis.corpus.loading\nfrom analysis.text import a, b", "text"),
        ("from analysis.text import a\nfrom analysis.io import b", "text"),
        ("import os\nfrom bench.generate import g", None),
        ("def f():\n    from analysis.output.slides import s\n", "output"),
    ],
)
def test_the_rule_on_small_sources(source: str, expected: str | None) -> None:
    assert home_layer(source) == expected
