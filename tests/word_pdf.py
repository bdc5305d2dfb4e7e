"""Checks of a Word draft as the office sees it: converted to PDF by LibreOffice, read per page.

Shared by the unit tests (tests/analysis/output/test_word_pdf.py) and the user-file browser scenario
(tests/e2e/test_user_files.py). Text per page comes from pypdf, images per page from pdfium (pypdf
lists the images of a resource dictionary LibreOffice shares between pages).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from docx import Document

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SKIP_REASON = "LibreOffice (soffice) is not installed: `apt-get install libreoffice-writer`"
SECTIONS = ("一、总体情况", "二、主要做法和成效", "三、存在的问题", "四、下一步工作建议")
SENTENCE_ENDS = ("。", "！", "？")
FOOTER = re.compile(r"—\d+—$")
CN_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
MIN_TEXT_BESIDE_CHART = 40  # characters (besides captions) a page with one chart must hold


@dataclass(frozen=True)
class PdfPage:
    text: str  # whitespace removed (pypdf breaks lines and table cells at will)
    images: int


def to_pdf(docx_files: list[Path], out_dir: Path) -> list[Path]:
    """Convert Word files to PDF with one LibreOffice run; the PDFs' paths, in order."""
    assert SOFFICE, SKIP_REASON
    profile = out_dir / "lo-profile"  # a private profile: no clash with another soffice
    cmd = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        *map(str, docx_files),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    pdfs = [out_dir / (p.stem + ".pdf") for p in docx_files]
    missing = [p.name for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


def read_pages(pdf: Path) -> list[PdfPage]:
    """Text (whitespace removed) and image count of every page."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    texts = [re.sub(r"\s+", "", p.extract_text() or "") for p in PdfReader(str(pdf)).pages]
    doc = pdfium.PdfDocument(str(pdf))
    try:
        images = [
            sum(1 for o in doc[i].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
            for i in range(len(doc))
        ]
    finally:
        doc.close()
    return [PdfPage(FOOTER.sub("", t), n) for t, n in zip(texts, images, strict=True)]


def table_headers(docx: bytes) -> list[list[str]]:
    """The header row of every table of a Word file."""
    doc = Document(io.BytesIO(docx))
    return [[c.text for c in t.rows[0].cells] for t in doc.tables if t.rows]


def number_tables(docx: bytes) -> list[list[str]]:
    """Headers of the tables of figures (a 单位 column): each must say what is counted (对象)."""
    return [h for h in table_headers(docx) if "单位" in h]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def problems(docx: bytes, pages: list[PdfPage], office: str, date: str) -> list[str]:
    """Everything wrong with a draft as a document; [] when it reads as an office would send it."""
    found = []
    whole = "".join(p.text for p in pages)
    at = [whole.find(s) for s in SECTIONS]
    if -1 in at or at != sorted(at):
        found.append(f"sections missing or out of order: {dict(zip(SECTIONS, at, strict=True))}")
    if _squash(office) not in whole:
        found.append(f"落款 office {office!r} missing")
    if _squash(date) not in whole:
        found.append(f"date {date!r} missing")
    for header in table_headers(docx):
        key = _squash("".join(header))
        for k, page in enumerate(pages, start=1):
            pos = page.text.find(key)
            if pos >= 0 and not page.text[pos + len(key) :].strip():
                found.append(f"page {k}: table header {header} alone at the page bottom")
    for header in number_tables(docx):
        if "对象" not in header:
            found.append(f"number table without 对象: {header}")
    for k, page in enumerate(pages, start=1):
        if page.images == 1:
            text = re.sub(
                r"图\d*[^。]{0,30}?(（每万字命中句数）|高频关键词|关键词词云)", "", page.text
            )
            if len(text) < MIN_TEXT_BESIDE_CHART:
                found.append(f"page {k} holds only one chart ({page.text[:40]!r})")
    for quote in excerpts(docx):
        if not quote.endswith(SENTENCE_ENDS):
            found.append(f"excerpt ends mid-sentence: …{quote[-20:]}")
    return found


def excerpts(docx: bytes) -> list[str]:
    """The quoted passages of a draft: the paragraphs under the 典型案例 attachment's cases."""
    doc = Document(io.BytesIO(docx))
    paras = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    if "典型案例" not in paras:
        return []
    start = len(paras) - 1 - paras[::-1].index("典型案例")
    case_head = re.compile(r"^（[一二三四五六七八九十]+）")
    return [t for t in paras[start + 1 :] if not case_head.match(t)]
