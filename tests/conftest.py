"""Shared fixtures: an isolated store per test (SQLite, or PostgreSQL for modules marked
`backends`), the sample texts, and the project root."""

from __future__ import annotations

import functools
import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))
BACKENDS = ["sqlite", "postgresql"]
PG_ENV = "DJ_TEST_PG"  # postgresql://user:pass@host/db where the user may CREATE SCHEMA
# Folders in the order parallel workers are handed their modules (`make test` runs pytest-xdist):
# the long browser and page modules first, so none of them starts last and runs alone.
# (Grouping is by file: xdist's `loadgroup` marks are lost on pytest 9, whose node ids it
# cannot suffix.)
PARALLEL_ORDER = ("e2e", "app", "bench", "analysis", "architecture")


def _parallel_rank(item: pytest.Item) -> int:
    """Position of the item's folder in PARALLEL_ORDER (unknown folders last)."""
    parts = Path(str(item.path)).relative_to(ROOT / "tests").parts
    folder = parts[0] if len(parts) > 1 else ""
    return PARALLEL_ORDER.index(folder) if folder in PARALLEL_ORDER else len(PARALLEL_ORDER)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test`: `--dist loadfile --no-loadscope-reorder`, each module
    one unit of work on one worker, handed out in collection order) the slowest folders come
    first. A run without workers keeps pytest's own order."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=_parallel_rank)  # stable: modules stay whole and in order


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Say why the browser tests were skipped, even under `pytest -q` (no -rs needed). Here, not in
    tests/e2e/conftest.py (which skips them): xdist's controller never loads that one."""
    from tests.e2e.helpers import unavailable_reason

    reason = unavailable_reason()
    if reason is None:
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if reason in str(r.longrepr)]
    if skipped:
        terminalreporter.write_sep("-", "e2e", yellow=True)
        terminalreporter.write_line(f"{len(skipped)} {reason}", yellow=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Store tests of modules marked `backends` run once per backend (unless a test picks one)."""
    own = any("backend" in m.args[0] for m in metafunc.definition.iter_markers("parametrize"))
    marked = metafunc.definition.get_closest_marker("backends")
    if "backend" in metafunc.fixturenames and marked and not own:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once() -> Iterator[None]:
    """Streamlit scans every installed package for custom components on each new AppTest (about a
    second each, hundreds of times a run); a real server scans once when it starts, and so does a
    test process here: the installed packages do not change during a run."""
    from streamlit.components.v2 import manifest_scanner

    scan = functools.cache(manifest_scanner.scan_component_manifests)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(manifest_scanner, "scan_component_manifests", lambda *a, **k: list(scan()))
        yield


@pytest.fixture(scope="session")
def pg_server() -> Iterator:
    """An autocommit connection to the $DJ_TEST_PG server; the tests needing it skip without it."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL store tests need ${PG_ENV} (a server URL; see .ci/run)")
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        yield url, con


@pytest.fixture
def backend(request) -> str:
    """The store backend of this test: "sqlite" unless parametrized."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def new_db(backend, tmp_path, request) -> Callable[[], str]:
    """A factory of fresh, empty store locations on this test's backend: SQLite files, or
    connection strings to new PostgreSQL schemas (dropped after the test)."""
    if backend == "sqlite":
        numbers = itertools.count()
        return lambda: str(tmp_path / f"db{next(numbers)}.db")
    url, admin = request.getfixturevalue("pg_server")
    sep = "&" if "?" in url else "?"

    def make() -> str:
        schema = f"test_{uuid.uuid4().hex[:16]}"
        admin.execute(f"CREATE SCHEMA {schema}")
        request.addfinalizer(lambda: admin.execute(f"DROP SCHEMA {schema} CASCADE"))
        return f"{url}{sep}options=-csearch_path%3D{schema}"

    return make


@pytest.fixture
def db_location(new_db) -> str:
    """A fresh store location on this test's backend."""
    return new_db()


@pytest.fixture
def samples() -> dict[str, str]:
    """file name -> text of the five sample reports."""
    return {p.name: p.read_text(encoding="utf-8") for p in SAMPLES}


@pytest.fixture
def store(db_location):
    from analysis.store.database import CorpusStore

    return CorpusStore(db_location)


@pytest.fixture
def isolated_db(tmp_path, monkeypatch) -> Path:
    """Point the app and the CLI at a fresh database file."""
    path = tmp_path / "app.db"
    monkeypatch.setenv("DJ_DB", str(path))
    return path


@pytest.fixture
def app_test(isolated_db):
    """The whole app under AppTest, on a fresh store (the sample corpus loads on first run)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


@pytest.fixture(scope="session")
def corpus_texts():
    """The five samples analyzed into an in-memory Corpus (ids 1-5 in file order), and resources."""
    from analysis.core.models import Extracted
    from analysis.core.resources import default_texts
    from analysis.corpus.from_files import corpus_from_documents
    from analysis.text.metadata import read_sidecar

    texts = default_texts()
    side = read_sidecar(ROOT / "data" / "samples" / "metadata.csv")
    docs = [(p.name, Extracted(p.read_text(encoding="utf-8"), "txt")) for p in SAMPLES]
    corpus, _ = corpus_from_documents(docs, texts, workers=1, metas=side)  # as the CLI builds it
    return corpus, texts


@pytest.fixture(scope="session")
def sample_comparison(corpus_texts):
    """The samples' branch 1 against branch 3, compared once for the whole run (read-only)."""
    from analysis.corpus.compare.comparison import compare_sides

    corpus, texts = corpus_texts
    return compare_sides(corpus, [1], [3], texts)


@pytest.fixture(scope="session")
def sample_briefing(corpus_texts, sample_comparison):
    """The briefing of the samples (reports 1 and 3, their comparison), built once (read-only)."""
    from analysis.output.briefing import build_briefing

    corpus, texts = corpus_texts
    return build_briefing(corpus, texts, [1, 3], [sample_comparison])


@pytest.fixture
def blank_wordclouds(monkeypatch) -> None:
    """Word clouds drawn as a tiny blank PNG: they are pictures of report words (drawn for real
    in test_wordclouds.py), and drawing them would only slow the export and chart tests."""
    import io

    from PIL import Image

    from analysis.output import wordclouds

    buf = io.BytesIO()
    Image.new("RGB", (32, 18), "white").save(buf, format="PNG")
    png = buf.getvalue()
    monkeypatch.setattr(wordclouds, "render_wordcloud", lambda *a, **k: png)
