"""Batch ingest (analysis/store/disk_batch.py, analysis/corpus/store_analysis.py) stores exactly
what the report-by-report path stores: reports, identities, analyses, facts and theme hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.corpus import backfill, loading
from analysis.corpus.loading import SAMPLES_DIR, load_corpus, resource_texts
from analysis.corpus.store_analysis import analyze_missing, batches_of, local_runner
from analysis.store.database import CorpusStore
from analysis.store.disk_batch import expand_paths, ingest_paths
from analysis.store.scan_reading import read_file_bytes
from analysis.store.uploads import commit_batch, finalize, read_upload
from analysis.text.metadata import read_sidecar
from analysis.text.theme_dictionary import parse_theme_dictionary
from bench.generate import generate_corpus, write_files
from bench.store_dump import dump_store


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[str]:
    """The samples and 40 generated reports (with their metadata.csv), one duplicate text."""
    gen = write_files(generate_corpus(40, seed=7), tmp_path_factory.mktemp("gen"))
    dup = gen / "copy_of_first.txt"
    dup.write_bytes((gen / "gen_7_00000.txt").read_bytes())
    return [str(p) for p in sorted(SAMPLES_DIR.glob("*.txt"))] + [str(gen)]


def one_by_one(store: CorpusStore, paths: list[str]) -> None:
    """The path before batching: each file read, identified and saved in its own transaction,
    then the corpus analysed and the app's backfill run (facts, theme hits)."""
    loading._PARSED.clear()  # analyses parsed by an earlier test would not be stored again
    loading._THEMES.clear()
    paths = expand_paths(paths)
    rows = read_sidecar(SAMPLES_DIR / "metadata.csv")
    for table in (p for p in paths if Path(p).name == "metadata.csv"):
        rows.update(read_sidecar(Path(table)))
    for path in (p for p in paths if Path(p).name != "metadata.csv"):
        data = read_file_bytes(Path(path))
        assert isinstance(data, bytes)
        items = read_upload(Path(path).name, data, store, ocr=False)
        commit_batch(store, finalize([items], store, rows))
    texts = resource_texts(store)
    load_corpus(store, texts, workers=1)
    backfill.prepare(store, texts, parse_theme_dictionary(texts.themes))


def batched(store: CorpusStore, paths: list[str], workers: int) -> None:
    sidecar = read_sidecar(SAMPLES_DIR / "metadata.csv")
    list(ingest_paths(store, paths, sidecar, readers=workers))
    analyze_missing(store, local_runner(workers))


@pytest.mark.parametrize("workers", [1, 2])
def test_batched_ingest_stores_what_one_by_one_stores(files, tmp_path, workers):
    one_by_one(CorpusStore(tmp_path / "old.db"), files)
    batched(CorpusStore(tmp_path / "new.db"), files, workers)
    old, new = dump_store(tmp_path / "old.db"), dump_store(tmp_path / "new.db")
    assert len(old["reports"]) == 45  # 5 samples + 40 generated, the copy stored once
    assert len(old["children"]["report_themes"]) == 45
    assert new == old


def test_a_second_run_analyses_nothing(files, tmp_path):
    store = CorpusStore(tmp_path / "s.db")
    batched(store, files, 1)
    before = dump_store(tmp_path / "s.db")
    assert analyze_missing(store, local_runner(1)) == 0
    assert dump_store(tmp_path / "s.db") == before


@pytest.mark.parametrize(
    ("n", "size", "lengths"),
    [(0, 50, []), (3, 50, [3]), (50, 50, [50]), (51, 50, [50, 1]), (7, 3, [3, 3, 1])],
)
def test_batches_keep_every_job_in_order(n, size, lengths):
    jobs = [(f"sha{i}", f"正文{i}", (), "支部", "单位") for i in range(n)]
    cut = batches_of(jobs, size)
    assert [len(b) for b in cut] == lengths
    assert [job for b in cut for job in b] == jobs
