"""The store's caches: analyses by (content hash, fingerprint), and the text OCR read from a file
by the SHA-256 of the file's bytes (so the same scan is never OCR'd twice, even after a restart).

A mixin of `CorpusStore`, which provides the `_read` and `_tx` connections.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import datetime

from analysis.core.codec import encode_analysis
from analysis.core.models import Extracted
from analysis.io.errors import is_disk_full
from analysis.store.backends import Conn
from analysis.store.facts import (
    ReportFacts,
    prune_facts,
    rewrite_org_terms,
    write_facts,
    write_theme_hits,
)

logger = logging.getLogger(__name__)


# (analysis fingerprint, theme-dictionary fingerprint, sha256 -> hits per theme in order)
ThemeHits = tuple[str, str, Mapping[str, Iterable[int]]]


def content_hash(text: str) -> str:
    """SHA-256 of the extracted text with line endings and outer whitespace normalized."""
    norm = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def file_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes: the key of the text OCR read from it."""
    return hashlib.sha256(data).hexdigest()


class CachedResults(ABC):
    """Cached analyses and OCR texts of a store (see the module docstring); a mixin of
    CorpusStore, which gives the connections.

    A cache write that fails for want of disk space is logged and skipped (`cache_full` set, so a
    page can say so once): the results are still returned, only computed again next time."""

    cache_full: bool = False

    @abstractmethod
    def _read(self) -> AbstractContextManager[Conn]:
        """A read-only connection (CorpusStore._read)."""

    @abstractmethod
    def _tx(self) -> AbstractContextManager[Conn]:
        """A write transaction (CorpusStore._tx)."""

    # -- cached analyses --------------------------------------------------------------------------
    def cached_analyses(self, fingerprint: str, shas: list[str]) -> dict[str, dict]:
        """sha256 -> stored analysis dict for those already computed under this fingerprint."""
        return dict(self.iter_cached_analyses(fingerprint, shas))

    def iter_cached_analyses(self, fingerprint: str, shas: list[str]) -> Iterator[tuple[str, dict]]:
        """(sha256, stored analysis dict) one at a time, so a caller converting them never holds
        every decoded dict at once."""
        with self._read() as con:
            for i in range(0, len(shas), 500):
                chunk = shas[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = con.execute(
                    f"SELECT sha256, data FROM analyses WHERE fingerprint = ? AND sha256 IN ({marks})",
                    (fingerprint, *chunk),
                ).fetchall()
                for sha, blob in rows:
                    yield sha, json.loads(zlib.decompress(blob))

    def save_analyses(
        self,
        fingerprint: str,
        items: dict[str, dict | bytes],
        facts: Mapping[str, ReportFacts] | None = None,
        theme_hits: ThemeHits | None = None,
    ) -> None:
        """Cache analyses (sha256 -> dict, or bytes from `encode_analysis`) in one transaction,
        with their facts (analysis/store/facts.py) or, for theme results, their hits per theme:
        a result and the rows pages aggregate are written together or not at all."""
        if not items and not facts and not theme_hits:
            return
        rows = [
            (sha, fingerprint, d if isinstance(d, bytes) else encode_analysis(d))
            for sha, d in items.items()
        ]
        try:
            with self._tx() as con:
                con.executemany(
                    "INSERT INTO analyses(sha256, fingerprint, data) VALUES (?,?,?)"
                    " ON CONFLICT (sha256, fingerprint) DO UPDATE SET data = excluded.data",
                    rows,
                )
                write_facts(con, fingerprint, facts or {})
                if theme_hits is not None:
                    write_theme_hits(con, *theme_hits)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            self.cache_full = True
            logger.warning("disk full: %d analyses not written to the cache (%s)", len(rows), exc)

    def prune_analyses(self, keep: str) -> tuple[int, int]:
        """Drop cached analyses, theme results and facts of every analysis fingerprint but `keep`
        (an upgrade changes the fingerprint; the old rows would only grow the store); returns
        (analysis and theme rows, fact rows) removed."""
        with self._tx() as con:
            cur = con.execute(
                "DELETE FROM analyses WHERE fingerprint <> ? AND fingerprint NOT LIKE ?",
                (keep, f"themes-%-{keep}"),
            )
            return int(cur.rowcount or 0), prune_facts(con, keep)

    def save_org_terms(self, fingerprint: str, facts: Mapping[str, ReportFacts]) -> None:
        """Replace the organization-name terms of these reports' facts (after a metadata edit)."""
        if facts:
            with self._tx() as con:
                rewrite_org_terms(con, fingerprint, facts)

    # -- text read by OCR, by the hash of the file's bytes -----------------------------------------
    def scan_text(self, file_sha: str) -> tuple[str, str, float | None] | None:
        """(fmt, text, confidence) OCR read from the file with this SHA-256, or None."""
        with self._read() as con:
            row = con.execute(
                "SELECT fmt, text, confidence FROM scans WHERE file_sha256 = ?", (file_sha,)
            ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]), row[2])

    def save_scan_text(self, file_sha: str, doc: Extracted) -> None:
        """Keep what OCR read from a file, so the same file is never OCR'd twice."""
        text = doc.text.replace("\x00", "")
        with self._tx() as con:  # failures are logged by the caller (scan_reading.remember_scan)
            con.execute(
                "INSERT INTO scans(file_sha256, text_sha256, fmt, text, confidence, created_at)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (file_sha256) DO NOTHING",
                (
                    file_sha,
                    content_hash(text),
                    doc.fmt,
                    text,
                    doc.ocr_confidence,
                    datetime.now().isoformat(timespec="seconds"),
                ),
            )
