"""Scans made for the OCR tests and benchmarks: a sample report typeset onto A4 page images with
the Noto Sans SC font (first-line indents, a running header, a page number, a signature with a red
seal over it), saved as an image-only PDF or a photo-like JPEG; small pictures of a few lines of
large type; a PNG bomb. Also how a read-back is scored (character accuracy) and what the analysis
finds in a text. Shared by tests/analysis/io/test_ocr.py, tests/analysis/store/test_scan_reading.py,
the page tests and bench/ocr*.py, so a scan in a test and in a benchmark is the same picture.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from analysis.core.resources import default_texts
from analysis.output.wordclouds import font_path
from analysis.text.pipeline import analyze_text

SIGNATURE = ("中共某某公司支部委员会", "2023年12月20日")


HEADER = "某某公司党支部工作总结"


A4_MM = (210, 297)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (insertions by a running minimum)."""
    if not a or not b:
        return len(a) or len(b)
    codes_b = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    index = np.arange(len(b) + 1)
    row = index.copy()
    for i, char in enumerate(a, start=1):
        cost = (codes_b != ord(char)).astype(np.int64)
        tmp = np.empty_like(row)
        tmp[0] = i
        tmp[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        row = np.minimum.accumulate(tmp - index) + index
    return int(row[-1])


def accuracy(truth: str, read: str) -> float:
    """Character accuracy: 1 - edit distance / length, whitespace removed from both."""
    t, r = "".join(truth.split()), "".join(read.split())
    return 1 - edit_distance(t, r) / len(t)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    """A paragraph cut into lines no wider than `width` (the first line indented)."""
    lines, line, used = [], "", indent
    for char in text:
        size = font.getlength(char)
        if line and used + size > width:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += size
    if line:
        lines.append(line)
    return lines


def typeset(text: str, dpi: int = 150, size_pt: float = 12) -> list[Image.Image]:
    """A report typeset onto A4 page images: indented paragraphs, header, page numbers, a seal."""
    font = ImageFont.truetype(str(font_path()), round(size_pt * dpi / 72))
    small = ImageFont.truetype(str(font_path()), round(9 * dpi / 72))
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    margin_x, margin_y = round(25 / 25.4 * dpi), round(28 / 25.4 * dpi)
    pitch = round(font.size * 1.6)
    em = font.getlength("中")
    body = width - 2 * margin_x
    lines: list[tuple[str, float]] = []  # (text, x offset)
    for paragraph in text.strip("\n").split("\n"):
        for k, piece in enumerate(_wrap(paragraph, font, body, 2 * em)):
            lines.append((piece, 2 * em if k == 0 else 0.0))
    for item in SIGNATURE:
        lines.append((item, body - font.getlength(item)))
    per_page = (height - 2 * margin_y) // pitch
    pages: list[Image.Image] = []
    for start in range(0, len(lines), per_page):
        page = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(page)
        draw.text((margin_x, margin_y // 2), HEADER, font=small, fill=(60, 60, 60))
        draw.line((margin_x, margin_y * 0.75, width - margin_x, margin_y * 0.75), fill=(90, 90, 90))
        y = margin_y
        for piece, offset in lines[start : start + per_page]:
            draw.text((margin_x + offset, y), piece, font=font, fill="black")
            y += pitch
        number = f"- {len(pages) + 1} -"
        draw.text(
            ((width - small.getlength(number)) / 2, height - margin_y // 2), number, font=small
        )
        pages.append(page)
    _seal(pages[-1], font, dpi, y_last=y - pitch, right=width - margin_x)
    return pages


def _seal(
    page: Image.Image, font: ImageFont.FreeTypeFont, dpi: int, y_last: int, right: int
) -> None:
    """A red seal (ring, star and text) over the signature at the end of the last page."""
    overlay = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    r = round(20 / 25.4 * dpi)
    cx, cy = right - 3 * font.size, y_last - font.size // 2
    red = (220, 30, 30, 200)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, r // 12))
    draw.regular_polygon((cx, cy, r // 3), 5, fill=red)
    seal_font = ImageFont.truetype(str(font_path()), max(10, r // 4))
    draw.text((cx - r * 0.7, cy - r * 0.75), "某某公司党支部", font=seal_font, fill=red)
    page.paste(Image.alpha_composite(page.convert("RGBA"), overlay).convert("RGB"))


def pdf_of(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF (no text layer) of the pages."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def photo_of(page: Image.Image) -> bytes:
    """A phone-photo-like JPEG of a page: rotated 2 degrees, light falling off to one side, blur."""
    rotated = page.rotate(
        2, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(200, 200, 195)
    )
    w, h = rotated.size
    gradient = np.linspace(1.0, 0.62, w, dtype=np.float32)[None, :, None]
    vertical = np.linspace(0.95, 1.0, h, dtype=np.float32)[:, None, None]
    shaded = np.asarray(rotated, dtype=np.float32) * gradient * vertical
    image = Image.fromarray(shaded.clip(0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(0.6)
    )
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def truth_of(text: str) -> str:
    """What the scan should read back as: the report and its signature lines."""
    return text.strip("\n") + "\n" + "\n".join(SIGNATURE)


def results(text: str) -> tuple[list[tuple[str, str, int]], list[tuple[float | None, str, str]]]:
    """The measures (title, kind, level) and indicators (value, unit, category) of a text."""
    analysis = analyze_text(text, default_texts())
    measures = [(m.title, m.kind, m.level) for m in analysis.structure.measures]
    indicators = [(i.value, i.unit, i.category) for i in analysis.indicators]
    return measures, indicators


def bomb_png(side: int = 20_000) -> bytes:
    """A PNG header declaring side x side pixels (a decompression bomb), with a tiny body."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * (side + 1) * 16)  # a few rows; the rest is missing
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------- a few lines of large type

LINES = ("支部坚持三会一课制度", "全年开展主题党日活动十二次", "党员志愿服务四百人次")


def picture(lines: tuple[str, ...], width: int = 900) -> Image.Image:
    """A white page with `lines` in large black type."""
    font = ImageFont.truetype(str(font_path()), 44)
    page = Image.new("RGB", (width, 90 * len(lines) + 60), "white")
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(lines):
        draw.text((40, 40 + 90 * n), line, font=font, fill="black")
    return page


def png_of(lines: tuple[str, ...]) -> bytes:
    buf = io.BytesIO()
    picture(lines).save(buf, "PNG")
    return buf.getvalue()
