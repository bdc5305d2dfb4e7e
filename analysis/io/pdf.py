"""Read a PDF's text layer, page by page, within the page cap and the reader's deadline.

Encrypted PDFs are opened with the empty user password (owner-password-only files, RC4 or AES via
the `cryptography` package); a real user password gets MSG_PDF_PASSWORD. pypdf's own English log
lines and warnings are kept away from the user (re-logged at DEBUG under this module's logger).
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from analysis.core.models import Extracted
from analysis.io.errors import (
    MSG_PDF_BROKEN,
    MSG_PDF_PAGE_TOO_BIG,
    MSG_PDF_PASSWORD,
    MSG_PDF_TOO_MANY_PAGES,
    IngestError,
)
from analysis.io.limits import MAX_PAGE_CONTENT_BYTES, MAX_PDF_PAGES, Deadline
from analysis.io.ocr import Progress
from analysis.io.scans import needs_ocr, read_scanned_pdf

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

logger = logging.getLogger(__name__)

_PYPDF_LOGGER = logging.getLogger("pypdf")
_quiet_lock = threading.Lock()
_quiet_depth = [0]  # readers currently inside `_quiet_pypdf` (several threads may read at once)
_TICK_EVERY = 512  # content operators between two deadline checks


class _ToDebug(logging.Handler):
    """Re-logs pypdf's records at DEBUG under this module's logger, where no user sees them."""

    def emit(self, record: logging.LogRecord) -> None:
        logger.debug("pypdf: %s", record.getMessage())


_HANDLER = _ToDebug()


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """While reading: pypdf's log records go to DEBUG only, and its Python warnings are dropped."""
    with _quiet_lock:
        _quiet_depth[0] += 1
        if _quiet_depth[0] == 1:
            _PYPDF_LOGGER.addHandler(_HANDLER)
            _PYPDF_LOGGER.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        with _quiet_lock:
            _quiet_depth[0] -= 1
            if _quiet_depth[0] == 0:
                _PYPDF_LOGGER.removeHandler(_HANDLER)
                _PYPDF_LOGGER.propagate = True


def _open(data: bytes) -> PdfReader:
    """A PdfReader, decrypted with the empty password when encrypted; password/broken refused."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(MSG_PDF_PASSWORD)
    except IngestError:
        raise
    except (FileNotDecryptedError, DependencyError, NotImplementedError) as exc:
        raise IngestError(MSG_PDF_PASSWORD) from exc
    except Exception as exc:  # pypdf raises many types on broken files
        logger.warning("unreadable PDF: %r", exc)
        raise IngestError(MSG_PDF_BROKEN) from exc
    return reader


def _page_count(reader: PdfReader) -> int:
    """The number of pages, refusing more than MAX_PDF_PAGES (the declared count is checked first)."""
    try:
        from pypdf.generic import DictionaryObject

        tree = reader.root_object.get("/Pages")
        tree = tree.get_object() if tree is not None else None
        declared = int(tree.get("/Count", 0)) if isinstance(tree, DictionaryObject) else 0
    except Exception:  # a missing or odd /Count: the flattened page list decides
        logger.warning("PDF without a usable /Count", exc_info=True)
        declared = 0
    if declared > MAX_PDF_PAGES:
        raise IngestError(MSG_PDF_TOO_MANY_PAGES.format(count=declared, limit=MAX_PDF_PAGES))
    try:
        count = len(reader.pages)
    except Exception as exc:
        logger.warning("PDF page tree unreadable: %r", exc)
        raise IngestError(MSG_PDF_BROKEN) from exc
    if count > MAX_PDF_PAGES:
        raise IngestError(MSG_PDF_TOO_MANY_PAGES.format(count=count, limit=MAX_PDF_PAGES))
    return count


def _content_bytes(page: PageObject) -> int:
    """Decoded size of a page's content stream(s), 0 when it has none."""
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


def _page_text(page: PageObject, number: int, deadline: Deadline) -> str:
    """One page's text; the deadline is checked every few hundred content operators."""
    from pypdf.errors import FileNotDecryptedError

    seen = [0]

    def tick(*_: object) -> None:
        seen[0] += 1
        if seen[0] % _TICK_EVERY == 0:
            deadline.check()

    try:
        size = _content_bytes(page)
        if size > MAX_PAGE_CONTENT_BYTES:
            mb, limit = size / 2**20, MAX_PAGE_CONTENT_BYTES / 2**20
            raise IngestError(MSG_PDF_PAGE_TOO_BIG.format(page=number, mb=mb, limit=limit))
        return (page.extract_text(visitor_operand_before=tick) or "").strip("\n")
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError(MSG_PDF_PASSWORD) from exc
    except Exception:  # one unreadable page must not lose the others
        logger.warning("PDF page %d unreadable", number, exc_info=True)
        return ""


def read_pdf(
    data: bytes, deadline: Deadline, progress: Progress | None = None, ocr: bool = True
) -> Extracted:
    """Text layer of a PDF, pages joined by newlines; scanned pages read by OCR (progress per
    OCR'd page; NeedsOcr instead when `ocr` is False); encrypted, broken and huge files refused."""
    with _quiet_pypdf():
        reader = _open(data)
        count = _page_count(reader)
        if not count:
            raise IngestError(MSG_PDF_BROKEN)
        texts, numbers = [], []
        for number in range(1, count + 1):
            deadline.check()
            try:
                page = reader.pages[number - 1]
            except Exception:  # a page object that cannot be resolved: keep the others
                logger.warning("PDF page %d missing", number, exc_info=True)
                continue
            texts.append(_page_text(page, number, deadline).replace("\x00", ""))
            numbers.append(number)
    if any(needs_ocr(t) for t in texts):  # scanned pages: OCR them (or say they need it)
        return read_scanned_pdf(data, list(zip(numbers, texts, strict=True)), progress, ocr)
    return Extracted(text="\n".join(texts), fmt="pdf")
