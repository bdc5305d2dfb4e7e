"""OCR of scanned PDFs and images (analysis/io/ocr.py, layout.py, scans.py).

The scans are made here: a sample report's text is typeset onto A4 page images with the Noto Sans
SC font (first-line indents, a running header, a page number, a signature with a red seal over
it), saved as an image-only PDF or a photo-like JPEG (rotated, unevenly lit), read back through
`read_document`, and compared with the original text: character accuracy (1 - edit distance /
length, whitespace removed) and the measures and indicators of the analysis. The tests that run
the OCR engine are marked `ocr` (run them alone with `-m ocr`).
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from analysis.core.resources import default_texts
from analysis.io.errors import IngestError
from analysis.io.ingest import read_document
from analysis.io.layout import PageText, TextBox, join_pages, page_text, repeated_edges
from analysis.io.ocr import available
from analysis.output.wordclouds import font_path
from analysis.text.pipeline import analyze_text
from tests.conftest import ROOT, SAMPLES

needs_ocr = pytest.mark.skipif(not available(), reason="rapidocr-onnxruntime not installed")
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


# ---------------------------------------------------------------- layout (no engine)


def box(text: str, x: float, y: float, w: float, h: float = 30, score: float = 0.95) -> TextBox:
    """An upright box at (x, y) of size w x h."""
    return TextBox(text, score, ((x, y), (x + w, y), (x + w, y + h), (x, y + h)))


def test_rows_join_into_paragraphs_and_furniture_goes() -> None:
    boxes = [
        box("某某公司党支部工作总结", 100, 20, 300, 20),  # running header in small print
        box("一、主要做法", 100, 200, 180),
        box("支部坚持党建引领，把党的领导作为指导一切工作", 160, 250, 740),  # indented, reaches
        box("的政治保障。", 100, 300, 180),  # flush left: continues
        box("二是强化理论学习。", 160, 350, 300),  # indented: a new paragraph
        box("（一）坚持一个引领", 100, 400, 300),
        box("- 3 -", 480, 1650, 60, 20),  # page number
    ]
    page = page_text(boxes, 1754)
    assert page.paragraphs == (
        "一、主要做法",
        "支部坚持党建引领，把党的领导作为指导一切工作的政治保障。",
        "二是强化理论学习。",
        "（一）坚持一个引领",
    )


def test_running_header_repeated_on_pages_is_dropped() -> None:
    """A header as tall as the body (a rule drawn under it) is known by recurring on each page."""
    pages = [
        [
            box("某某公司党支部工作总结", 100, 60, 300),
            box(f"第{i}页的正文内容写在这里。", 160, 250, 500),
            box("另一段正文。", 160, 300, 200),
            box("顶格的一行。", 100, 350, 200),
        ]
        for i in range(3)
    ]
    headers = repeated_edges([(p, 1754) for p in pages])
    assert headers == frozenset({"某某公司党支部工作总结"})
    assert page_text(pages[1], 1754, headers).paragraphs == (
        "第1页的正文内容写在这里。",
        "另一段正文。",
        "顶格的一行。",
    )


def test_two_columns_read_one_after_the_other() -> None:
    title = box("关于党建工作的总结报告", 100, 50, 800, 40)  # at the very top, large print: kept
    left = [box(f"左栏第{i}行内容", 100, 150 + 50 * i, 350) for i in range(4)]
    right = [box(f"右栏第{i}行内容", 550, 150 + 50 * i, 350) for i in range(4)]
    page = page_text([title, *right, *left], 1754)
    text = "\n".join(page.paragraphs)
    assert (
        text.index("关于") < text.index("左栏第0") < text.index("左栏第3") < text.index("右栏第0")
    )


def test_rotated_boxes_are_straightened_into_rows() -> None:
    """A 3-degree photo: boxes of one line, left and right halves, stay one row."""
    import math

    angle = math.radians(3)

    def turned(text: str, x: float, y: float, w: float) -> TextBox:
        pts = [(x, y), (x + w, y), (x + w, y + 30), (x, y + 30)]
        return TextBox(
            text,
            0.9,
            tuple(
                (
                    px * math.cos(angle) - py * math.sin(angle),
                    px * math.sin(angle) + py * math.cos(angle),
                )
                for px, py in pts
            ),
        )

    boxes = []
    for i in range(6):
        boxes += [
            turned(f"第{i}行左半", 100, 200 + 45 * i, 300),
            turned(f"右半{i}", 420, 200 + 45 * i, 300),
        ]
    rows = page_text(boxes, 1754).paragraphs
    assert any("第0行左半右半0" in r for r in rows) and any("第5行左半右半5" in r for r in rows)


def test_paragraph_cut_by_a_page_break_is_joined() -> None:
    first = PageText(("一、主要做法", "支部坚持党建引领，把党的"), open_end=True)
    second = PageText(("领导作为保障。", "二、成效"), open_start=True)
    assert (
        join_pages([first, second])
        == "一、主要做法\n支部坚持党建引领，把党的领导作为保障。\n二、成效"
    )


def test_edit_distance() -> None:
    assert edit_distance("党建工作", "党建工作") == 0
    assert edit_distance("党建工作", "党建 作") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3


# ---------------------------------------------------------------- bad images (no engine needed)


def _png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, "PNG")
    return buf.getvalue()


def _bomb_png(side: int = 20_000) -> bytes:
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


def _corrupt_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buf, "JPEG")
    data = buf.getvalue()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "build", "words"),
    [
        ("炸弹.png", _bomb_png, ["图片尺寸过大", "20,000×20,000", "请"]),
        ("坏.jpg", _corrupt_jpeg, ["已损坏", "JPEG", "请"]),
        ("小.png", lambda: _png(16, 16), ["没有", "文字", "请"]),
    ],
)
def test_bad_images_have_clear_messages(name: str, build, words: list[str]) -> None:
    if not available():
        pytest.skip("rapidocr-onnxruntime not installed")
    with pytest.raises(IngestError) as err:
        read_document(name, build())
    assert all(w in err.value.message for w in words), err.value.message


def test_bomb_is_refused_without_decoding(tmp_path: Path) -> None:
    """The 20,000 x 20,000 image is refused from its header: the peak memory stays small."""
    path = tmp_path / "bomb.png"
    path.write_bytes(_bomb_png())
    code = (
        "import resource, sys\n"
        "from analysis.io.ingest import read_document, IngestError\n"
        f"data = open({str(path)!r}, 'rb').read()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n    read_document('bomb.png', data)\nexcept IngestError as e:\n    print(e.message)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    message, grown_kb = out.stdout.strip().rsplit("\n", 1)
    assert "图片尺寸过大" in message
    assert int(grown_kb) < 200 * 1024  # far below the 400 MB (grey) the pixels would take


def test_page_cap_refuses_a_long_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    if not available():
        pytest.skip("rapidocr-onnxruntime not installed")
    monkeypatch.setenv("DJ_OCR_MAX_PAGES", "3")
    blank = [Image.new("RGB", (300, 400), "white") for _ in range(5)]
    with pytest.raises(IngestError) as err:
        read_document("扫描.pdf", pdf_of(blank, 36))
    assert "5 页" in err.value.message and "上限 3 页" in err.value.message


# ---------------------------------------------------------------- OCR end to end (slow)


@pytest.fixture(scope="module")
def report() -> str:
    return SAMPLES[0].read_text(encoding="utf-8")


@needs_ocr
@pytest.mark.ocr
def test_scanned_pdf_reads_back(report: str) -> None:
    pages = typeset(report, dpi=150)
    seen: list[tuple[int, int]] = []
    doc = read_document("扫描件.pdf", pdf_of(pages, 150), progress=lambda d, t: seen.append((d, t)))
    truth = truth_of(report)
    assert doc.ocr and doc.fmt == "pdf" and doc.ocr_confidence and doc.ocr_confidence > 0.9
    assert seen == [(i, len(pages)) for i in range(1, len(pages) + 1)]
    assert HEADER not in doc.text and "- 1 -" not in doc.text
    assert accuracy(truth, doc.text) >= 0.97, accuracy(truth, doc.text)
    assert results(doc.text) == results(truth)


@needs_ocr
@pytest.mark.ocr
def test_mixed_pdf_reads_each_page_its_way(report: str) -> None:
    """Page 1 has a text layer, page 2 is a scan: both are read, in order."""
    from pypdf import PdfReader, PdfWriter

    layer = _text_pdf("一、主要做法\n支部坚持每季度召开一次党建专题会议。")
    scan = pdf_of(typeset("二、取得成效\n全年发展党员5名，开展主题党日12次。")[:1], 150)
    writer = PdfWriter()
    for data in (layer, scan):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    doc = read_document("混合.pdf", buf.getvalue())
    assert doc.ocr
    assert doc.text.index("主要做法") < doc.text.index("取得成效")
    assert "全年发展党员5名" in doc.text


def _text_pdf(text: str) -> bytes:
    """A one-page PDF with a real text layer."""
    from tests import fixtures as fx

    return fx.make_pdf(pages=[text.split("\n")])


@needs_ocr
@pytest.mark.ocr
def test_phone_photo_of_a_page_reads_back(report: str) -> None:
    pages = typeset(report, dpi=150)
    first = pages[0]
    doc = read_document("照片.jpg", photo_of(first))
    assert doc.ocr and doc.fmt == "image"
    # The truth is the text of the first page: the report's beginning up to what the page holds.
    truth = "".join(report.split())
    read = "".join(doc.text.split())
    part = truth[: len(read) + 5]
    assert 1 - edit_distance(part, read) / len(part) >= 0.97
    assert doc.ocr_confidence is not None


@needs_ocr
@pytest.mark.ocr
def test_image_without_text_says_so() -> None:
    image = Image.new("RGB", (1200, 1600), (250, 250, 245))
    ImageDraw.Draw(image).ellipse((300, 300, 900, 900), outline=(220, 30, 30), width=12)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    with pytest.raises(IngestError) as err:
        read_document("印章.png", buf.getvalue())
    assert "没有" in err.value.message and "文字" in err.value.message


def test_rss_helper_is_sane() -> None:
    """ru_maxrss is in kilobytes on Linux (the bomb test relies on it)."""
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 10_000 or os.name != "posix"


def test_five_hundred_scanned_pages_are_refused_quickly() -> None:
    """A 500-page scan is refused at the page cap (60) before any page is rendered or OCR'd."""
    if not available():
        pytest.skip("rapidocr-onnxruntime not installed")
    pages = [Image.new("RGB", (60, 80), "white") for _ in range(500)]
    with pytest.raises(IngestError) as err:
        read_document("五百页.pdf", pdf_of(pages, 10))
    assert "500 页" in err.value.message and "上限 60 页" in err.value.message


@needs_ocr
@pytest.mark.ocr
def test_cli_shows_ocr_progress_per_page(tmp_path: Path) -> None:
    scan = tmp_path / "扫描.pdf"
    pages = typeset("一、主要做法\n支部全年开展主题党日12次。\n" * 3)
    scan.write_bytes(pdf_of(pages + pages[:1], 150))
    out = subprocess.run(
        [sys.executable, "-m", "analysis", "analyze", str(scan)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "第 1/2 页" in out.stderr and "第 2/2 页" in out.stderr
    assert "主题党日" in out.stdout


@pytest.mark.parametrize(
    ("confidence", "badge", "warned"),
    [
        (0.9312, "OCR 识别 · 平均置信度 93%", True),  # under LOW_CONFIDENCE (0.95): numbers checked
        (0.97, "OCR 识别 · 平均置信度 97%", False),
        (0.95, "OCR 识别 · 平均置信度 95%", False),
        (None, "OCR 识别", False),  # nothing recognised confidently enough to average
    ],
)
def test_badge_and_low_confidence_warning(confidence, badge, warned) -> None:
    from analysis.io.ocr import confidence_badge, low_confidence_warning

    assert confidence_badge(confidence) == badge
    warning = low_confidence_warning(confidence)
    assert bool(warning) is warned
    if warned:
        assert "93%" in warning and "核对" in warning
