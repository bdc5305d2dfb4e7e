"""`python -m bench.ocr_cache`: time of uploading the same scanned PDF again, with and without the
store's OCR cache (analysis/store/scan_reading.py), and of a text file next to a scan.

A sample report is typeset onto A4 pages at 150 dpi (tests/scans.py) and saved as an
image-only PDF. Prints seconds for: the first upload (OCR), the second upload without the cache
(what every re-upload cost before), the second upload with it, and how long a text file in the
same batch waits before it is read. Not a test: times depend on the machine's load.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    from analysis.store import uploads
    from analysis.store.database import CorpusStore
    from tests.conftest import SAMPLES
    from tests.scans import pdf_of, typeset

    os.environ["DJ_OCR_DPI"] = "150"
    report = SAMPLES[0].read_text(encoding="utf-8")
    pages = typeset(report, dpi=150)
    scan = pdf_of(pages, 150)
    text = SAMPLES[1].read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        store = CorpusStore(Path(tmp) / "bench.db")
        store.set_meta("samples_loaded", "1")
        started = time.perf_counter()
        seen: dict[str, float] = {}
        uploads.process_batch(store, [("扫描.pdf", scan)])
        first = time.perf_counter() - started

        started = time.perf_counter()
        uploads.prepare_batch([("再传.pdf", scan)], None)  # no store: no cache, as before
        uncached = time.perf_counter() - started

        started = time.perf_counter()
        items = uploads.prepare_batch([("再传.pdf", scan)], store)
        cached = time.perf_counter() - started
        assert items[0].status == "duplicate"

        started = time.perf_counter()

        def note(done: int, total: int, name: str) -> None:
            seen.setdefault(name or "end", time.perf_counter() - started)

        uploads.prepare_batch(
            [("新扫描.pdf", pdf_of(pages[:1], 150)), ("文本.txt", text)], None, progress=note
        )
        batch = time.perf_counter() - started
    print(f"{len(pages)}-page scanned PDF at 150 dpi, load {os.getloadavg()[0]:.1f}")
    print(f"first upload (OCR):              {first:6.1f} s")
    print(f"second upload, no cache (before): {uncached:6.1f} s")
    print(f"second upload, cached (after):    {cached:6.2f} s")
    print(
        f"text file next to a 1-page scan: all files read {seen['end']:.2f} s, batch {batch:.1f} s"
    )


if __name__ == "__main__":
    main()
