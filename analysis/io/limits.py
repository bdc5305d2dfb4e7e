"""The readers' budgets: file size, counts (paragraphs, cells, pages, nesting) and wall-clock time.

A file over a cap is refused with a message naming the cap; a file that takes longer than the time
limit (DJ_READ_TIMEOUT_S, default 30 s) is refused at the next checkpoint and the batch goes on. The
readers call `Deadline.check` per paragraph, table row, PDF page and PDF content operator, so the
limit holds inside any loop whose length the file controls.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from analysis.core.settings import settings
from analysis.io.errors import MSG_TIMEOUT, MSG_TOO_BIG, IngestError

MAX_FILE_BYTES = 20 * 1024 * 1024  # default per-file limit; DJ_MAX_FILE_MB overrides it per call
DEFAULT_READ_SECONDS = 30.0  # default wall-clock limit per file; DJ_READ_TIMEOUT_S overrides it
DEFAULT_CONVERT_SECONDS = 60.0  # LibreOffice conversion of one file; DJ_CONVERT_TIMEOUT_S overrides

DEFAULT_OCR_PAGES = 60  # pages OCR'd per file; DJ_OCR_MAX_PAGES overrides it
DEFAULT_OCR_PAGE_SECONDS = 120.0  # per OCR'd page (a loaded 2-core machine); DJ_OCR_PAGE_SECONDS
MAX_IMAGE_PIXELS = 60_000_000  # declared width x height of an image (a 600 dpi A4 is 35 M)
MAX_RENDER_PIXELS = 6_000_000  # a PDF page rendered for OCR (A4 at 200 dpi is 3.9 M)
MAX_ZIP_MEMBERS = 1000  # more members than this is refused outright (many-small-files bomb)
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024  # total uncompressed bytes read from one zip
MAX_ZIP_RATIO = 200  # uncompressed / compressed above this (for members > 1 MB) is a bomb
MAX_DOCX_XML_BYTES = 100 * 1024 * 1024  # declared size of word/document.xml inside a .docx
MAX_PARAGRAPHS = (
    50_000  # paragraphs in a .docx (body and table cells); a 300-page report has ~10,000
)
MAX_TABLE_CELLS = 50_000  # table cells in a .docx, all tables together
MAX_TABLE_DEPTH = 8  # tables nested inside table cells
MAX_PDF_PAGES = 2_000
MAX_PAGE_CONTENT_BYTES = 8 * 1024 * 1024  # decoded content stream of one PDF page (parsing ~1 s/MB)


def max_file_bytes() -> int:
    """The per-file size limit: DJ_MAX_FILE_MB (megabytes) when set and valid, else MAX_FILE_BYTES."""
    mb = settings().max_file_mb or 0.0
    return int(mb * 1024 * 1024) if mb > 0 else MAX_FILE_BYTES


def read_seconds() -> float:
    """The wall-clock limit for reading one file: DJ_READ_TIMEOUT_S when set and valid, else 30 s."""
    return settings().read_timeout_s or DEFAULT_READ_SECONDS


def convert_seconds() -> float:
    """The time limit for converting one .doc/.wps/.rtf/.odt: DJ_CONVERT_TIMEOUT_S, else 60 s."""
    return settings().convert_timeout_s or DEFAULT_CONVERT_SECONDS


def ocr_max_pages() -> int:
    """Most pages one file may need OCR for: DJ_OCR_MAX_PAGES, else 60."""
    return settings().ocr_max_pages or DEFAULT_OCR_PAGES


def ocr_page_seconds() -> float:
    """Time allowed per OCR'd page (the file's OCR limit is this times its pages): else 120 s."""
    return settings().ocr_page_seconds or DEFAULT_OCR_PAGE_SECONDS


def check_size(size: int) -> None:
    """Refuse files over the configured limit, stating the limit in megabytes."""
    limit = max_file_bytes()
    if size > limit:
        mb = 1024 * 1024
        raise IngestError(MSG_TOO_BIG.format(size=size / mb, limit=round(limit / mb, 1)))


@dataclass(frozen=True)
class Deadline:
    """The moment (time.monotonic) reading one file must be done by, and the limit it came from."""

    seconds: float
    end: float

    @classmethod
    def start(cls, seconds: float | None = None) -> Deadline:
        """A deadline `seconds` from now (default: `read_seconds()`)."""
        limit = read_seconds() if seconds is None else seconds
        return cls(limit, time.monotonic() + limit)

    def check(self) -> None:
        """Raise the time-out IngestError once the deadline has passed."""
        if time.monotonic() > self.end:
            raise IngestError(MSG_TIMEOUT.format(limit=round(self.seconds, 3)))
