"""OCR of scanned PDFs and images (analysis/io/ocr.py, layout.py, scans.py).

The scans come from tests/scans.py: a sample report's text is typeset onto A4 page images with the
Noto Sans SC font (first-line indents, a running header, a page number, a signature with a red seal over
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

import pytest
from PIL import Image, ImageDraw

from analysis.io.errors import IngestError
from analysis.io.ingest import read_document
from analysis.io.layout import PageText, TextBox, join_pages, page_text, repeated_edges
from analysis.io.ocr import available
from tests.conftest import ROOT, SAMPLES
from tests.scans import (
    HEADER,
    accuracy,
    bomb_png,
    edit_distance,
    pdf_of,
    photo_of,
    results,
    truth_of,
    typeset,
)

needs_ocr = pytest.mark.skipif(not available(), reason="rapidocr-onnxruntime not installed")


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


def _corrupt_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buf, "JPEG")
    data = buf.getvalue()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "build", "words"),
    [
        ("炸弹.png", bomb_png, ["图片尺寸过大", "20,000×20,000", "请"]),
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
    path.write_bytes(bomb_png())
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
