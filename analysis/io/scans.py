"""Scans read by OCR: image files (.jpg, .png, .tif …) and the PDF pages that have no text layer.

Images are opened lazily: the declared size is checked before any pixel is decoded (a 20,000 x
20,000 decompression bomb is refused from its header), JPEGs are decoded at a reduced scale when
large, EXIF rotation is applied, and every page is scaled to at most OCR_MAX_SIDE pixels. PDF pages
are rendered with pypdfium2 at DJ_OCR_DPI (default 200) within a pixel cap. The number of pages
OCR'd per file is capped (DJ_OCR_MAX_PAGES, default 60) and OCR has its own time budget per page.
"""

from __future__ import annotations

import io
import logging
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from analysis.core.models import Extracted
from analysis.core.settings import settings
from analysis.io.errors import (
    MSG_IMAGE,
    MSG_IMAGE_BROKEN,
    MSG_IMAGE_TOO_BIG,
    MSG_OCR_NO_TEXT,
    MSG_OCR_TOO_MANY_PAGES,
    MSG_PDF_BROKEN,
    MSG_PDF_SCANNED,
    IngestError,
    NeedsOcr,
)
from analysis.io.layout import PageText, join_pages
from analysis.io.limits import (
    MAX_IMAGE_PIXELS,
    MAX_RENDER_PIXELS,
    Deadline,
    ocr_max_pages,
    ocr_page_seconds,
)
from analysis.io.ocr import Progress, available, read_images, read_pages

if TYPE_CHECKING:
    from PIL.Image import Image

logger = logging.getLogger(__name__)

OCR_MAX_SIDE = 2400  # longest side of a page image given to OCR (A4 at 200 dpi is 2339)
_MIN_SIDE = 32  # an image smaller than this cannot hold a readable line of text
_DEFAULT_DPI = 200
# A page whose text layer has fewer visible characters than this is treated as scanned.
_MIN_LAYER_CHARS = 5
_VISIBLE_RE = re.compile(r"\S")


def ocr_dpi() -> int:
    """Resolution PDF pages are rendered at for OCR: DJ_OCR_DPI (72-400), else 200."""
    return min(400, max(72, settings().ocr_dpi or _DEFAULT_DPI))


def _ocr_deadline(pages: int) -> Deadline:
    """The OCR time budget for `pages` pages."""
    return Deadline.start(max(1, pages) * ocr_page_seconds())


def _check_pages(count: int) -> None:
    """Refuse a file needing OCR for more pages than the cap."""
    limit = ocr_max_pages()
    if count > limit:
        raise IngestError(MSG_OCR_TOO_MANY_PAGES.format(count=count, limit=limit))


# ---------------------------------------------------------------- image files


def _open(data: bytes, kind: str) -> Image:
    """The image, opened but not decoded; bombs, unknown and broken headers refused."""
    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError as exc:
        raise IngestError(_too_big(*_declared_size(str(exc)))) from exc
    except Exception as exc:  # PIL raises many types on damaged headers
        logger.info("unreadable image: %r", exc)
        raise IngestError(MSG_IMAGE_BROKEN.format(kind=kind)) from exc
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise IngestError(_too_big(width, height))
    return image


def _declared_size(message: str) -> tuple[int, int]:
    """Width and height from PIL's bomb message ('Image size (400000000 pixels) …'), or 0s."""
    m = re.search(r"\((\d+) pixels\)", message)
    side = int(math.sqrt(int(m.group(1)))) if m else 0
    return side, side


def _too_big(width: int, height: int) -> str:
    """The message for an image over the pixel cap."""
    return MSG_IMAGE_TOO_BIG.format(width=width, height=height, limit=MAX_IMAGE_PIXELS // 10_000)


def _frame(image: Image, kind: str) -> Image:
    """The current frame decoded (at a reduced scale when large), upright, at most OCR_MAX_SIDE."""
    from PIL import ImageOps

    width, height = image.size
    scale = OCR_MAX_SIDE / max(width, height)
    try:
        if scale < 1 and image.format == "JPEG":
            image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
        image.load()
        page = ImageOps.exif_transpose(image) or image
        page = page.convert("RGB")
    except Exception as exc:  # truncated or corrupt data
        logger.info("image data unreadable: %r", exc)
        raise IngestError(MSG_IMAGE_BROKEN.format(kind=kind)) from exc
    if max(page.size) > OCR_MAX_SIDE:
        page.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
    return page


def _frames(image: Image, kind: str, count: int) -> Iterator[Image]:
    """Each frame (page) of a multi-page TIFF, or the one image."""
    for index in range(count):
        if index:
            image.seek(index)
        yield _frame(image, kind)


def read_image(
    data: bytes, kind: str, progress: Progress | None = None, ocr: bool = True
) -> Extracted:
    """OCR'd text of an image file (every page of a multi-page TIFF); IngestError on bad input.

    With `ocr` False a readable image raises NeedsOcr once its header passed the checks."""
    if not available():
        raise IngestError(MSG_IMAGE.format(kind=kind))
    image = _open(data, kind)
    if min(image.size) < _MIN_SIDE:
        raise IngestError(MSG_OCR_NO_TEXT.format(what=f"图片文件（{kind}）"))
    count = int(getattr(image, "n_frames", 1) or 1)
    _check_pages(count)
    if not ocr:
        image.close()
        raise NeedsOcr()
    with image:
        try:
            return read_images(
                _frames(image, kind, count), count, _ocr_deadline(count), "image", progress
            )
        except IngestError as exc:
            if exc.message == MSG_OCR_NO_TEXT:
                raise IngestError(MSG_OCR_NO_TEXT.format(what=f"图片文件（{kind}）")) from exc
            raise


# ---------------------------------------------------------------- scanned PDF pages


def needs_ocr(text: str) -> bool:
    """A PDF page whose text layer is empty or a few stray characters (a scanned page)."""
    return len(_VISIBLE_RE.findall(text[:200])) < _MIN_LAYER_CHARS


def render_pages(data: bytes, numbers: Sequence[int], dpi: int) -> Iterator[Image]:
    """PDF pages (1-based numbers) rendered to RGB images within the pixel cap."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium.PdfiumError and friends
        logger.info("pdfium cannot open the PDF: %r", exc)
        raise IngestError(MSG_PDF_BROKEN) from exc
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                width, height = page.get_size()  # points
                scale = dpi / 72
                pixels = width * height * scale * scale
                if pixels > MAX_RENDER_PIXELS:
                    scale *= math.sqrt(MAX_RENDER_PIXELS / pixels)
                bitmap = page.render(scale=scale, grayscale=False)
                yield bitmap.to_pil().convert("RGB")
            finally:
                page.close()
    finally:
        pdf.close()


def read_scanned_pdf(
    data: bytes,
    pages: Sequence[tuple[int, str]],
    progress: Progress | None = None,
    ocr: bool = True,
) -> Extracted:
    """A PDF's text with its scanned pages OCR'd: text-layer pages kept, others read by OCR.

    `pages` is (page number, text-layer text) for every page read. Without an OCR engine the
    text-layer pages alone are returned, or MSG_PDF_SCANNED when there are none. With `ocr`
    False, NeedsOcr is raised once the page cap is checked.
    """
    scanned = [number for number, text in pages if needs_ocr(text)]
    layer = "\n".join(text for _, text in pages if not needs_ocr(text))
    if not available():
        if not layer.strip():
            raise IngestError(MSG_PDF_SCANNED)
        return Extracted(text=layer, fmt="pdf")
    _check_pages(len(scanned))
    if not ocr:
        raise NeedsOcr()
    texts, confidence = read_pages(
        render_pages(data, scanned, ocr_dpi()), len(scanned), _ocr_deadline(len(scanned)), progress
    )
    by_number = dict(zip(scanned, texts, strict=True))
    text = _merge(pages, by_number)
    if not text.strip():
        raise IngestError(MSG_OCR_NO_TEXT.format(what="扫描版 PDF（没有文字层，是扫描件）"))
    return Extracted(text=text, fmt="pdf", ocr=True, ocr_confidence=confidence)


def _merge(pages: Sequence[tuple[int, str]], ocr: dict[int, PageText]) -> str:
    """Pages in order: text-layer pages as read, runs of OCR'd pages joined across page breaks."""
    parts: list[str] = []
    run: list[PageText] = []
    for number, text in pages:
        if number in ocr:
            run.append(ocr[number])
            continue
        if run:
            parts.append(join_pages(run))
            run = []
        parts.append(text)
    if run:
        parts.append(join_pages(run))
    return "\n".join(p for p in parts if p)
