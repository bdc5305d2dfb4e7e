"""`python -m bench.ocr_confidence`: OCR's mean confidence against its real accuracy, clean to
badly degraded, to set the report page's low-confidence warning (analysis/io/ocr.py LOW_CONFIDENCE).

Page 1 of each sample report, typeset at 150 dpi (tests/scans.py), is read clean, as a
phone photo, and degraded (scaled down, blurred, noisy, strong JPEG). Prints, per variant, the mean
confidence and the character accuracy (against the report's opening, so a little low: the page's
running header and number count as errors). Not a test.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _degraded(page: Image.Image, scale: float, blur: float, noise: float, quality: int) -> bytes:
    """The page scaled down (a low-resolution scan), blurred, with grain, as a strong JPEG."""
    w, h = page.size
    small = page.resize((int(w * scale), int(h * scale)), Image.Resampling.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(blur))
    rng = np.random.default_rng(0)
    grain = rng.normal(0, noise, (small.size[1], small.size[0], 1))
    noisy = (np.asarray(small, dtype=np.float32) + grain).clip(0, 255).astype(np.uint8)
    return _jpeg(Image.fromarray(noisy), quality)


def main() -> None:
    from analysis.io.errors import IngestError
    from analysis.io.ingest import read_document
    from tests.conftest import SAMPLES
    from tests.scans import accuracy, photo_of, typeset

    variants = {
        "clean": lambda p: _png(p),
        "photo": lambda p: photo_of(p),
        "scan 75 dpi": lambda p: _degraded(p, 0.5, 0.6, 6, 60),
        "scan 68 dpi": lambda p: _degraded(p, 0.45, 0.7, 8, 50),
        "scan 64 dpi, blur": lambda p: _degraded(p, 0.43, 0.8, 9, 45),
        "scan 60 dpi, blur": lambda p: _degraded(p, 0.4, 0.9, 10, 40),
        "scan 50 dpi, blur": lambda p: _degraded(p, 0.33, 1.1, 14, 30),
    }
    for sample in SAMPLES[:1]:
        report = sample.read_text(encoding="utf-8")
        page = typeset(report, dpi=150)[0]
        truth = "".join(report.split())
        for name, make in variants.items():
            try:
                doc = read_document("page.jpg", make(page))
            except IngestError as exc:
                print(f"{sample.name[:14]:14} {name:18} {exc.message[:30]}", flush=True)
                continue
            read = "".join(doc.text.split())
            head = truth[: len(read) + 40]  # page 1 only: compare with the report's beginning
            print(
                f"{sample.name[:14]:14} {name:18} confidence {doc.ocr_confidence:.3f}  "
                f"accuracy {accuracy(head[: len(read)], read):.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
