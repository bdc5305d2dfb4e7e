"""`python -m bench.ocr`: seconds per scanned A4 page, character accuracy and peak memory of OCR.

    python -m bench.ocr                         # 150 and 200 dpi, the first sample report
    python -m bench.ocr --dpi 150 --sample 2 --threads 2 --det-side 1280

Typesets a sample report onto A4 page images (tests/scans.py: header, page number,
indents, a red seal over the signature), saves them as an image-only PDF, reads it with
`read_document` (the PDF pages are rendered again at the same dpi), and prints seconds per page,
character accuracy, the mean confidence, the peak RSS and the load average. It also times a
phone-photo JPEG of page 1 and the refusal of a 20,000 x 20,000 image. Not a test: times depend on
the machine's load (this one has 2 cores shared with other work).
"""

from __future__ import annotations

import argparse
import os
import resource
import time


def _peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scan(dpi: int, sample: int) -> None:
    """Time reading the typeset sample at `dpi` and print one result line."""
    from analysis.io.ingest import read_document
    from tests.conftest import SAMPLES
    from tests.scans import accuracy, pdf_of, results, truth_of, typeset

    report = SAMPLES[sample].read_text(encoding="utf-8")
    pages = typeset(report, dpi=dpi)
    data = pdf_of(pages, dpi)
    os.environ["DJ_OCR_DPI"] = str(dpi)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    doc = read_document("scan.pdf", data)
    seconds = time.perf_counter() - started
    truth = truth_of(report)
    same = results(doc.text) == results(truth)
    print(
        f"{dpi} dpi: {len(pages)} pages, {seconds / len(pages):.1f} s/page, "
        f"accuracy {accuracy(truth, doc.text):.4f}, confidence {doc.ocr_confidence}, "
        f"measures+indicators equal: {same}, peak RSS {_peak_mb():.0f} MB, "
        f"load {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )


def _photo(sample: int) -> None:
    """Time reading a rotated, unevenly lit JPEG of page 1."""
    from analysis.io.ingest import read_document
    from tests.conftest import SAMPLES
    from tests.scans import edit_distance, photo_of, typeset

    report = SAMPLES[sample].read_text(encoding="utf-8")
    photo = photo_of(typeset(report, dpi=150)[0])
    started = time.perf_counter()
    doc = read_document("photo.jpg", photo)
    seconds = time.perf_counter() - started
    read = "".join(doc.text.split())
    truth = "".join(report.split())[: len(read) + 5]
    acc = 1 - edit_distance(truth, read) / len(truth)
    print(f"photo JPEG: {seconds:.1f} s, accuracy {acc:.4f}, confidence {doc.ocr_confidence}")


def _bomb() -> None:
    """Time and memory of refusing a 20,000 x 20,000 PNG."""
    from analysis.io.errors import IngestError
    from analysis.io.ingest import read_document
    from tests.scans import bomb_png

    data = bomb_png()
    before = _peak_mb()
    started = time.perf_counter()
    try:
        read_document("bomb.png", data)
    except IngestError as exc:
        outcome = exc.message[:30]
    else:
        outcome = "read?!"
    print(
        f"20000x20000 PNG: {time.perf_counter() - started:.3f} s, peak RSS grew "
        f"{_peak_mb() - before:.0f} MB: {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dpi", type=int, nargs="*", default=[150, 200])
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0, help="DJ_OCR_THREADS (0: all CPUs)")
    args = parser.parse_args()
    if args.threads:
        os.environ["DJ_OCR_THREADS"] = str(args.threads)
    from analysis.io.ocr import engine

    started = time.perf_counter()
    engine()
    print(f"engine load {time.perf_counter() - started:.1f} s, CPUs {os.cpu_count()}")
    _bomb()
    for dpi in args.dpi:
        _scan(dpi, args.sample)
    _photo(args.sample)


if __name__ == "__main__":
    main()
