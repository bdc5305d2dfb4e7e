"""The shipped sample corpus as the store sees it: which stored reports are the samples, so a page
can say that what it shows is sample data until the user adds reports of their own."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from analysis.corpus.loading import SAMPLES_DIR
from analysis.io.ingest import read_document
from analysis.store.caches import content_hash


@lru_cache(maxsize=2)
def sample_hashes(samples_dir: Path = SAMPLES_DIR) -> frozenset[str]:
    """Content hashes of the sample reports, as `ensure_samples` stores them (read once)."""
    return frozenset(
        content_hash(read_document(path.name, path.read_bytes()).text)
        for path in sorted(samples_dir.glob("*.txt"))
    )


def only_samples(stored: Iterable[str], samples_dir: Path = SAMPLES_DIR) -> bool:
    """True when the stored reports (their content hashes) are all samples and there is one."""
    shas = set(stored)
    return bool(shas) and shas <= sample_hashes(samples_dir)
