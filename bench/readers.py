"""`python -m bench.readers`: how long the readers take on hostile files (issue 16, hole 3).

    python -m bench.readers                      # the default sizes (the 100,000-paragraph .docx)
    python -m bench.readers --paragraphs 5000 --rows 1000 --pages 2000

Builds each file in memory (a .docx of N short paragraphs, a .docx with one R x 10 table, a PDF of
P pages sharing one content stream, a long text file), reads it with `read_document` and prints
seconds, the rate and the outcome (read, or the Chinese reason it was refused). Not a test: times
depend on the machine's load.
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from collections.abc import Callable

from analysis.core.models import AnalysisError
from analysis.io.ingest import read_document

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_with_body(body: str) -> bytes:
    """A python-docx default document (its full styles part) whose body is replaced by `body`."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
                ).encode()
            dst.writestr(info.filename, data)
    return out.getvalue()


def paragraphs_docx(n: int) -> bytes:
    """`n` short paragraphs, each with a style reference (what made the old reader quadratic)."""
    par = '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>党建第{i}段。</w:t></w:r></w:p>'
    return _docx_with_body("".join(par.format(i=i) for i in range(n)))


def table_docx(rows: int, cols: int = 10) -> bytes:
    """One table of `rows` x `cols` cells holding a short Chinese text each."""
    cell = "<w:tc><w:p><w:r><w:t>支部{r}</w:t></w:r></w:p></w:tc>"
    row = "<w:tr>{cells}</w:tr>"
    body = "".join(row.format(cells=cell.format(r=r) * cols) for r in range(rows))
    return _docx_with_body(f"<w:p><w:r><w:t>党建表格</w:t></w:r></w:p><w:tbl>{body}</w:tbl>")


def pages_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages, all drawing the same one-line content stream (a page bomb)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 50 800 Td (page) Tj ET")
    ref = writer._add_object(stream)
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Contents")] = ref
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def long_text(chars: int) -> bytes:
    """A UTF-8 text file of about `chars` characters in short lines."""
    line = "支部坚持“三会一课”制度，全年开展主题党日活动12次。\n"
    return (line * (chars // len(line) + 1)).encode()


def measure(label: str, name: str, build: Callable[[], bytes]) -> dict[str, object]:
    """Build one file, read it once, and report size, seconds and the outcome."""
    data = build()
    start = time.perf_counter()
    try:
        doc = read_document(name, data)
        outcome = f"read, {len(doc.text):,} chars"
    except AnalysisError as exc:
        outcome = "refused: " + exc.message[:40]
    seconds = time.perf_counter() - start
    return {"file": label, "kb": len(data) / 1024, "s": seconds, "outcome": outcome}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.readers")
    parser.add_argument("--paragraphs", type=int, nargs="*", default=[5_000, 100_000])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000, 20_000])
    parser.add_argument("--pages", type=int, nargs="*", default=[500, 100_000])
    parser.add_argument("--chars", type=int, nargs="*", default=[1_000_000])
    args = parser.parse_args(argv)
    cases: list[tuple[str, str, Callable[[], bytes]]] = []
    for n in args.paragraphs:
        cases.append((f".docx, {n:,} paragraphs", "p.docx", lambda n=n: paragraphs_docx(n)))
    for r in args.rows:
        cases.append((f".docx, {r:,} x 10 table", "t.docx", lambda r=r: table_docx(r)))
    for p in args.pages:
        cases.append((f".pdf, {p:,} pages", "p.pdf", lambda p=p: pages_pdf(p)))
    for c in args.chars:
        cases.append((f".txt, {c:,} chars", "t.txt", lambda c=c: long_text(c)))
    print("| file | size KB | seconds | outcome |\n|---|---:|---:|---|")
    for label, name, build in cases:
        row = measure(label, name, build)
        print(
            f"| {row['file']} | {row['kb']:,.0f} | {row['s']:.2f} | {row['outcome']} |", flush=True
        )


if __name__ == "__main__":
    main()
