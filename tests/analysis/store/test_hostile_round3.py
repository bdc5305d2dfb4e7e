"""Holes found by the third hostile run (`python -m bench.hostile`, issue 30's bar), each with the
test that failed before its fix."""

from __future__ import annotations

import olefile
import pytest

from analysis.io.convert import doc_is_encrypted


def test_a_short_doc_is_never_taken_for_a_path_on_the_server(monkeypatch, tmp_path):
    """olefile treats bytes shorter than an OLE header as a file name: the upload's bytes must
    reach it as a stream, never as a path to open on the server."""
    opened: list[object] = []
    monkeypatch.setattr(olefile.olefile, "open", lambda *a, **k: opened.append(a), raising=False)
    target = tmp_path / "服务器上的文件.doc"
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert doc_is_encrypted(str(target).encode()) is False
    assert doc_is_encrypted(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) is False
    assert opened == []


@pytest.mark.parametrize("size", [0, 8, 512, 1535, 1536, 4096])
def test_an_ole_header_of_any_size_is_judged_without_error(size):
    data = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(size))[: max(size, 8)]
    assert doc_is_encrypted(data) is False


def test_fingerprints_on_a_full_disk_are_computed_and_not_kept(tmp_path, monkeypatch, caplog):
    import logging

    from analysis.core.models import Extracted
    from analysis.corpus.overlap.stored import sync_index
    from analysis.store import fingerprints
    from analysis.store.database import CorpusStore
    from analysis.store.saving import save_report
    from analysis.text.metadata import Metadata
    from tests.stores import limit_pages, page_count, report_text

    path = tmp_path / "full.db"
    store = CorpusStore(path)
    for n in range(4):
        save_report(
            store, f"报告{n}.txt", Extracted(report_text(n), "txt"), Metadata(title=f"报告{n}")
        )
    limit_pages(monkeypatch, page_count(path))
    full = CorpusStore(path)
    with caplog.at_level(logging.WARNING):
        index = sync_index(full)
    assert len(index.keys) == 4 and full.cache_full
    assert any("fingerprint cache" in r.getMessage() for r in caplog.records)
    assert fingerprints.stored_count(full, "any") == 0 and fingerprints.drop_stale(full, "v") == 0
