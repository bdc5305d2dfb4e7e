"""Read uploaded report files (.txt, .docx, .pdf, and .zip bundles of them) into `Extracted` text.

Every failure is an `IngestError` whose Chinese `message` says what went wrong and what to do.
Nothing here writes to disk. The content decides the reader, not the extension; each reader has a
budget (analysis/io/limits.py: size, paragraphs, cells, pages, nesting and a wall-clock limit per
file). The pieces live in analysis/io: errors (messages), limits, names, decoding, word, pdf, zipped;
their public names are re-exported here so `from analysis.io.ingest import …` keeps working.
"""

from __future__ import annotations

import re
from dataclasses import replace

from analysis.core.escape import drop_controls
from analysis.core.models import Extracted
from analysis.io.convert import convert_to_docx, is_odt
from analysis.io.decoding import CJK_RE, decode_text
from analysis.io.errors import (
    MSG_ALL_REDACTED,
    MSG_BLANK,
    MSG_DOCX_BROKEN,
    MSG_EMPTY,
    MSG_HTML,
    MSG_IMAGE,
    MSG_NO_CHINESE,
    MSG_NOT_TEXT,
    MSG_ODF,
    MSG_OFFICE_ENCRYPTED,
    MSG_OFFICE_OTHER,
    MSG_OLE,
    MSG_PDF_BROKEN,
    MSG_RTF,
    MSG_UNSUPPORTED,
    MSG_ZIP_IN_READ,
    IngestError,
)
from analysis.io.limits import (
    Deadline,
    check_size,
)
from analysis.io.names import ext, shown_name
from analysis.io.ocr import Progress
from analysis.io.pdf import read_pdf
from analysis.io.scans import read_image
from analysis.io.word import read_docx
from analysis.io.zipped import SUPPORTED, zip_names

__all__ = [
    "read_document",
]

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names (UTF-16LE in the OLE directory) that tell what an OLE compound file holds.
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # a password-protected .docx/.xlsx
_OLE_OTHER_OFFICE = tuple(n.encode("utf-16-le") for n in ("Workbook", "PowerPoint Document"))
# A character that is neither whitespace nor zero-width (which makes a text look non-blank).
_VISIBLE_RE = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff]")
# Page and line separators turned into newlines before control characters are dropped.
_SEPARATORS = ("\x0b", "\x0c", "\x85")


# A web page, whatever its extension (Word's "save as web page" names it .doc): its start, after a
# BOM, blanks, an XML declaration or comments, e.g. "<!DOCTYPE html>", "<html xmlns:o=…>".
_HTML_RE = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,500}?-->\s*)*(?:<!doctype\s+html|<html)",
    re.IGNORECASE | re.DOTALL,
)
# Text made only of redaction marks (××××, ***, XX) and the punctuation between them.
_REDACTED_ONLY_RE = re.compile(
    r"[\s×xX*＊✕✖╳·.,，。、:：;；-]*[×xX*＊✕✖╳][\s×xX*＊✕✖╳·.,，。、:：;；-]*"
)


def _sniff(data: bytes) -> str:
    """What the bytes really are: 'pdf', 'zip', 'ole', 'rtf', 'image:PNG' …, or '' (maybe text)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if _HTML_RE.match(data[:1024]):
        return "html"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image:WEBP"
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return "image:" + kind
    return ""


def _ole_reason(data: bytes) -> str:
    """Why an OLE compound file is refused: an encrypted OOXML file, Excel/PowerPoint, or old Word."""
    if _OLE_ENCRYPTED in data:
        return MSG_OFFICE_ENCRYPTED
    if any(name in data for name in _OLE_OTHER_OFFICE):
        return MSG_OFFICE_OTHER
    return MSG_OLE


def _read_zip_document(name: str, data: bytes, deadline: Deadline) -> Extracted:
    """A zip container: a .docx is read; Excel, PowerPoint, OpenDocument and plain zips refused."""
    names = zip_names(data)
    suffix = ext(name)
    if "word/document.xml" in names:
        return read_docx(data, deadline)
    if any(n.startswith(("xl/", "ppt/")) for n in names):
        raise IngestError(MSG_OFFICE_OTHER)
    if "mimetype" in names and any(n in names for n in ("content.xml", "META-INF/manifest.xml")):
        raise IngestError(MSG_ODF)
    if suffix in (".docx", ".docm"):
        raise IngestError(MSG_DOCX_BROKEN)
    raise IngestError(MSG_ZIP_IN_READ if suffix == ".zip" else MSG_NOT_TEXT)


def _refuse_by_kind(kind: str, data: bytes, suffix: str) -> None:
    """Raise the reason for a file that is neither PDF, zip nor text."""
    if kind == "ole":
        raise IngestError(_ole_reason(data))
    if kind.startswith("image:"):
        raise IngestError(MSG_IMAGE.format(kind=kind.split(":", 1)[1]))
    if kind == "rtf":
        raise IngestError(MSG_RTF)
    if kind == "html":
        raise IngestError(MSG_HTML)
    if suffix not in SUPPORTED:
        raise IngestError(MSG_UNSUPPORTED.format(ext=shown_name(suffix) or "无扩展名"))
    if suffix == ".docx":
        raise IngestError(MSG_DOCX_BROKEN)
    if suffix == ".pdf":
        raise IngestError(MSG_PDF_BROKEN)


def _clean(text: str) -> str:
    """Text without control characters: page/line separators become newlines, the rest dropped."""
    for separator in _SEPARATORS:
        if separator in text:
            text = text.replace(separator, "\n")
    return drop_controls(text)


def _finish(doc: Extracted) -> Extracted:
    """Final checks shared by all formats: control characters dropped, some Chinese, not blank."""
    text = _clean(doc.text)
    if not _VISIBLE_RE.search(text):
        raise IngestError(MSG_BLANK)
    if not CJK_RE.search(text):
        raise IngestError(MSG_ALL_REDACTED if _REDACTED_ONLY_RE.fullmatch(text) else MSG_NO_CHINESE)
    hints = tuple((level, _clean(h)) for level, h in doc.hints)
    if text == doc.text and hints == doc.hints:
        return doc
    return replace(doc, text=text, hints=hints)


def _read_converted(kind: str, data: bytes, seconds: float | None) -> Extracted:
    """A .doc/.wps/.rtf/.odt converted to .docx by LibreOffice, then read as a .docx."""
    docx = convert_to_docx(data, kind)
    return replace(read_docx(docx, Deadline.start(seconds)), fmt=kind)


def _conversion_kind(kind: str, data: bytes, suffix: str) -> str:
    """'doc', 'wps', 'rtf' or 'odt' when LibreOffice should convert the file first, else ''."""
    if kind == "ole" and _ole_reason(data) == MSG_OLE:
        return "wps" if suffix == ".wps" else "doc"
    if kind == "rtf":
        return "rtf"
    if kind == "zip" and is_odt(data):
        return "odt"
    return ""


def read_document(
    filename: str,
    data: bytes,
    *,
    seconds: float | None = None,
    progress: Progress | None = None,
    ocr: bool = True,
) -> Extracted:
    """Read one report file, trusting its content over its extension; raises IngestError.

    Text, Word (.docx; .doc/.wps/.rtf/.odt through LibreOffice), PDF and images; scanned PDF
    pages and images are read by OCR, calling `progress(done, total)` after each OCR'd page.
    `seconds` is the wall-clock limit for this file (default DJ_READ_TIMEOUT_S, else 30 s); OCR
    has its own budget per page (DJ_OCR_PAGE_SECONDS). With `ocr` False a file that needs OCR
    raises NeedsOcr instead (after its cheap checks), to be read again with OCR later.
    """
    if not data:
        raise IngestError(MSG_EMPTY)
    check_size(len(data))
    deadline = Deadline.start(seconds)
    suffix = ext(filename)
    kind = _sniff(data)
    convert = _conversion_kind(kind, data, suffix)
    if convert:
        return _finish(_read_converted(convert, data, seconds))
    if kind == "pdf":
        return _finish(read_pdf(data, deadline, progress, ocr))
    if kind.startswith("image:"):
        return _finish(read_image(data, kind.split(":", 1)[1], progress, ocr))
    if kind == "zip":
        return _finish(_read_zip_document(filename, data, deadline))
    _refuse_by_kind(kind, data, suffix)
    text, encoding = decode_text(data)
    deadline.check()
    return _finish(Extracted(text=text, fmt="txt", encoding=encoding))
