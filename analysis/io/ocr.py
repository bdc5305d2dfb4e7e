"""Offline OCR of page images (scanned PDF pages, photos, scans) with RapidOCR's PP-OCRv4 models.

The Chinese detection and recognition models ship inside the `rapidocr-onnxruntime` wheel
(Apache-2.0); nothing is downloaded. Before recognition a page is cleaned: red ink (a seal, a red
circle over a signature) is turned white, and uneven light (a phone photo) is flattened by dividing
by the blurred background. Recognised boxes are ordered by analysis/io/layout.py; low-confidence
scraps of one or two characters (a signature, seal remains) are dropped. One engine per process,
built on first use; recognition is serialised with a lock so pages do not fight for the 2 cores.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from analysis.core.models import Extracted
from analysis.core.settings import settings
from analysis.io.errors import MSG_OCR_NO_TEXT, IngestError
from analysis.io.layout import PageText, TextBox, join_pages, page_text, repeated_edges
from analysis.io.limits import Deadline

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (pages done, pages in all)

# Below this mean confidence the report page warns that numbers may be misread. Set from
# bench/ocr_confidence.py (page 1 of a sample): clean 0.997, photo 0.994, 75 dpi 0.973-0.982 all
# read at >= 97 % characters; 68 dpi 0.939 reads 95.7 %, 64 dpi 0.855 reads 88.6 %.
LOW_CONFIDENCE = 0.95
MSG_LOW_CONFIDENCE = (
    "这份报告是扫描件，OCR 识别的平均置信度偏低（{percent}），数字和专有名词可能识别有误，"
    "引用前请与原件核对。"
)

_LOCK = threading.Lock()
_SCRAP_CHARS = 2  # boxes this short are kept only when recognised confidently
_SCRAP_SCORE = 0.8
_DET_SIDE = 960  # longest side the detector sees (the recogniser crops from the full image)
_REC_BATCH = 1  # one line per run: least CPU here (no padding to the widest line of a batch)


class _Engine(Protocol):
    def __call__(self, img: np.ndarray, **kwargs: object) -> tuple[object, object]: ...


def available() -> bool:
    """True when the OCR engine (rapidocr-onnxruntime with its models) can be imported."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:  # ImportError, or OpenCV missing libGL on a bare system
        logger.warning("OCR engine unavailable", exc_info=True)
        return False
    return True


_worker_threads: list[
    int
] = []  # set by a worker's initializer (`use_threads`), not the environment


def use_threads(threads: int) -> None:
    """Make this process's engine use `threads` threads (an OCR worker's share of the cores)."""
    _worker_threads[:] = [max(1, int(threads))]
    engine.cache_clear()


def engine_threads() -> int:
    """Threads for the ONNX sessions: a worker's share, DJ_OCR_THREADS, else the usable CPUs."""
    if _worker_threads:
        return _worker_threads[0]
    if configured := settings().ocr_threads:
        return configured
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


@cache
def engine() -> _Engine:
    """The process's RapidOCR engine, tuned for printed A4 pages (no angle classifier)."""
    from rapidocr_onnxruntime import RapidOCR

    threads = engine_threads()
    ocr: _Engine = RapidOCR(
        use_cls=False,  # printed pages are upright; a rotated photo is straightened by layout
        max_side_len=2400,
        det_limit_type="max",
        det_limit_side_len=_DET_SIDE,
        rec_batch_num=_REC_BATCH,
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
    )
    return ocr


def clean_page(image: Image) -> np.ndarray:
    """The page as a BGR array ready for OCR: red ink whitened, uneven light flattened."""
    import cv2
    import numpy as np

    rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    red = (r - np.maximum(g, b) > 50) & (r > 120)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    gray[red] = 255
    side = max(15, (min(gray.shape) // 40) | 1)  # a little larger than a character stroke
    background = cv2.medianBlur(cv2.dilate(gray, np.ones((7, 7), np.uint8)), side)
    flat = cv2.divide(gray, background, scale=255)
    return cv2.cvtColor(flat, cv2.COLOR_GRAY2BGR)


@dataclass(frozen=True)
class PageResult:
    """The boxes recognised on one page and the page's height in pixels."""

    boxes: tuple[TextBox, ...]
    height: float


def recognise(image: Image) -> PageResult:
    """Text boxes of one page image (scraps from seals and signatures dropped)."""
    array = clean_page(image)
    with _LOCK:
        result, _ = engine()(array)
    boxes = []
    for item in result or ():  # type: ignore[attr-defined]
        points, text, score = item
        text, score = str(text).strip(), float(score)
        if not text or (len(text) <= _SCRAP_CHARS and score < _SCRAP_SCORE):
            continue
        boxes.append(TextBox(text, score, tuple((float(x), float(y)) for x, y in points)))
    return PageResult(tuple(boxes), float(array.shape[0]))


def mean_confidence(pages: Iterable[PageResult]) -> float | None:
    """Recognition confidence averaged over characters, or None when nothing was read."""
    weight = total = 0.0
    for page in pages:
        for box in page.boxes:
            weight += len(box.text)
            total += box.score * len(box.text)
    return round(total / weight, 4) if weight else None


def read_pages(
    images: Iterable[Image],
    count: int,
    deadline: Deadline,
    progress: Progress | None = None,
) -> tuple[list[PageText], float | None]:
    """OCR each page image in order; the page texts and the mean confidence."""
    results: list[PageResult] = []
    for number, image in enumerate(images, start=1):
        deadline.check()
        results.append(recognise(image))
        if progress is not None:
            progress(number, count)
    headers = (
        repeated_edges([(r.boxes, r.height) for r in results]) if len(results) > 1 else frozenset()
    )
    texts = [page_text(r.boxes, r.height, headers) for r in results]
    return texts, mean_confidence(results)


def read_images(
    images: Iterable[Image],
    count: int,
    deadline: Deadline,
    fmt: str,
    progress: Progress | None = None,
) -> Extracted:
    """OCR'd text of page images as one Extracted (ocr=True); no text found is an IngestError."""
    texts, confidence = read_pages(images, count, deadline, progress)
    text = join_pages(texts)
    if not text.strip():
        raise IngestError(MSG_OCR_NO_TEXT)
    return Extracted(text=text, fmt=fmt, ocr=True, ocr_confidence=confidence)


def confidence_badge(confidence: float | None) -> str:
    """The report page's badge for a report read by OCR: "OCR 识别 · 平均置信度 93%"."""
    if confidence is None:
        return "OCR 识别"
    return f"OCR 识别 · 平均置信度 {confidence:.0%}"


def low_confidence_warning(confidence: float | None) -> str:
    """The warning for an OCR'd report read with a low mean confidence, else ''."""
    if confidence is None or confidence >= LOW_CONFIDENCE:
        return ""
    return MSG_LOW_CONFIDENCE.format(percent=f"{confidence:.0%}")
