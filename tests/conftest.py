"""Shared fixtures: an isolated store per test, the sample texts, and the project root."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))


@pytest.fixture
def samples() -> dict[str, str]:
    """file name -> text of the five sample reports."""
    return {p.name: p.read_text(encoding="utf-8") for p in SAMPLES}


@pytest.fixture
def store(tmp_path):
    from analysis.store import CorpusStore

    return CorpusStore(tmp_path / "corpus.db")


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
    import pandas as pd

    from analysis.corpus import Corpus
    from analysis.metadata import read_sidecar
    from analysis.pipeline import analyze_text
    from analysis.resources import default_texts

    texts = default_texts()
    side = read_sidecar(ROOT / "data" / "samples" / "metadata.csv")
    rows, analyses = [], {}
    for i, path in enumerate(SAMPLES, start=1):
        analyses[i] = analyze_text(path.read_text(encoding="utf-8"), texts)
        meta = side[path.name].as_dict()
        rows.append({"id": i, **meta, "chars": analyses[i].chars, "added_at": ""})
    reports = pd.DataFrame(rows).set_index("id")
    reports["year"] = reports["year"].astype("Int64")
    return Corpus(reports, analyses), texts
