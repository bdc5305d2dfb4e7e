"""Scans read last, in the worker pool, and cached by file hash (analysis/store/scan_reading.py);
multi-page TIFFs read every page within the page cap.

The pictures are small (a few lines of large type), so each engine call takes a second or two;
the engine is wrapped to count its calls: a second read of the same file must not call it.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from analysis.io import ocr
from analysis.io.errors import IngestError
from analysis.io.ingest import read_document
from analysis.store import scan_reading, uploads
from analysis.store.caches import file_hash
from tests.fixtures import SAMPLE_REPORT
from tests.scans import LINES, picture, png_of

pytestmark = pytest.mark.skipif(not ocr.available(), reason="rapidocr-onnxruntime not installed")


def tiff_of(pages: list[Image.Image]) -> bytes:
    """A multi-page TIFF, one frame per page."""
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_lzw")
    return buf.getvalue()


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pages given to the OCR engine (the real engine still reads them)."""
    calls: list[int] = []
    real = ocr.recognise

    def counted(image):
        calls.append(1)
        return real(image)

    monkeypatch.setattr(ocr, "recognise", counted)
    return calls


def test_a_scan_uploaded_again_is_not_ocrd_again(store, engine_calls):
    scan = png_of(LINES)
    (first,) = uploads.process_batch(store, [("扫描.png", scan)])
    assert first.status == "added" and len(engine_calls) == 1
    assert store.get(first.report_id).ocr
    (again,) = uploads.prepare_batch([("再传一次.png", scan)], store)
    assert len(engine_calls) == 1  # read from the store's cache: no engine call
    assert again.status == "duplicate" and again.doc is not None and again.doc.ocr
    assert again.doc.ocr_confidence == store.get(first.report_id).ocr_confidence


def test_cli_ingest_twice_ocrs_once(store, engine_calls, tmp_path, capsys):
    from analysis import cli

    path = tmp_path / "扫描.png"
    path.write_bytes(png_of(LINES))
    db = str(tmp_path / "cli.db")
    assert cli.main(["ingest", str(path), "--db", db]) == 0
    assert len(engine_calls) == 1 and "OCR 识别" in capsys.readouterr().err
    assert cli.main(["ingest", str(path), "--db", db]) == 0
    out = capsys.readouterr()
    assert len(engine_calls) == 1 and "OCR 识别" not in out.err
    assert out.out.startswith("duplicate")


def test_the_same_scan_twice_in_one_batch_is_ocrd_once(engine_calls):
    scan = png_of(LINES[:1])
    items = uploads.prepare_batch([("一.png", scan), ("二.png", scan)])  # no store: no cache
    assert len(engine_calls) == 1
    assert [i.status for i in items] == ["ready", "duplicate"]


def test_scans_are_read_after_every_other_file(store):
    """The text files are read (and the batch's file progress finished) before any OCR."""
    events: list[str] = []
    files = [("扫描.png", png_of(LINES[:1])), ("a.txt", SAMPLE_REPORT.encode())]
    items = uploads.prepare_batch(
        files,
        store,
        progress=lambda done, total, name: events.append(f"file {done}/{total}"),
        scan_progress=lambda name, k, n: events.append(f"正在识别《{name}》第 {k}/{n} 页"),
    )
    assert events[-2:] == ["file 2/2", "正在识别《扫描.png》第 1/1 页"]
    assert [i.label for i in items] == ["扫描.png", "a.txt"]  # the batch keeps its order
    assert [i.status for i in items] == ["ready", "ready"]


def test_cli_analyze_keeps_the_order_given(tmp_path, capsys):
    import json

    from analysis import cli

    scan, text = tmp_path / "扫描.png", tmp_path / "a.txt"
    scan.write_bytes(png_of(LINES))
    text.write_text(SAMPLE_REPORT, encoding="utf-8")
    assert cli.main(["analyze", str(scan), str(text), "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["ocr"] for r in out] == [True, False]
    assert 0.5 < out[0]["ocr_confidence"] <= 1 and out[1]["ocr_confidence"] is None


def test_scans_in_a_pool_of_two_workers(store):
    scans = [scan_reading.Scan(str(n), f"{n}.png", png_of(LINES[n : n + 1]), n) for n in range(2)]
    got = list(scan_reading.read_scans(store, scans, workers=2))
    assert [s.key for s, _ in got] == ["0", "1"]
    texts = ["".join(doc.text.split()) for _, doc in got]  # type: ignore[union-attr]
    assert texts == list(LINES[:2])
    assert all(store.scan_text(file_hash(s.data)) for s in scans)  # cached


def test_multi_page_tiff_reads_every_page(engine_calls):
    pages = [picture((line,)) for line in LINES]
    seen: list[tuple[int, int]] = []
    doc = read_document("三页.tif", tiff_of(pages), progress=lambda k, n: seen.append((k, n)))
    assert doc.ocr and doc.fmt == "image"
    assert [line in "".join(doc.text.split()) for line in LINES] == [True, True, True]
    assert seen == [(1, 3), (2, 3), (3, 3)] and len(engine_calls) == 3


def test_multi_page_tiff_over_the_page_cap_is_refused_before_ocr(monkeypatch, engine_calls):
    monkeypatch.setenv("DJ_OCR_MAX_PAGES", "2")
    pages = [picture((line,)) for line in LINES]
    with pytest.raises(IngestError) as err:
        read_document("三页.tif", tiff_of(pages))
    assert "3 页" in err.value.message and "上限 2 页" in err.value.message
    assert engine_calls == []
