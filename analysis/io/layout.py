"""Reading order of OCR'd text boxes: rows, columns, paragraphs, and page furniture dropped.

Pure geometry over `TextBox`es (page pixel coordinates). A slightly rotated photo is straightened
first (the boxes' median slope), boxes side by side become one row, a page with a clear vertical
gutter is read column by column (full-width rows such as a title stay where they are), a running
header or a page number alone in the top or bottom margin is dropped, and rows wrapped at the right
margin join the next row unless it is indented (a new paragraph) or starts an outline marker.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# A page number or page header line: '- 3 -', '第 3 页', '3/10', '3'.
_PAGE_NUMBER_RE = re.compile(
    r"[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d{1,4}\s*页.{0,8}|共\s*\d{1,4}\s*页.{0,8}|\d{1,4}\s*/\s*\d{1,4}"
)
# A line that opens a new item even when the previous one reached the margin.
_OUTLINE_START_RE = re.compile(
    r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)"
)
_MARGIN_SHARE = 0.09  # top and bottom share of the page where headers and page numbers live
_HEADER_MAX_CHARS = 30


@dataclass(frozen=True)
class TextBox:
    """One recognised line piece: its text, confidence and corner points (x, y) in page pixels."""

    text: str
    score: float
    points: tuple[tuple[float, float], ...]

    @property
    def left(self) -> float:
        return min(x for x, _ in self.points)

    @property
    def right(self) -> float:
        return max(x for x, _ in self.points)

    @property
    def top(self) -> float:
        return min(y for _, y in self.points)

    @property
    def bottom(self) -> float:
        return max(y for _, y in self.points)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Row:
    """Boxes on one visual line, left to right, and the row's extent."""

    boxes: tuple[TextBox, ...]

    @property
    def text(self) -> str:
        return _join_pieces([b.text for b in self.boxes])

    @property
    def left(self) -> float:
        return self.boxes[0].left

    @property
    def right(self) -> float:
        return max(b.right for b in self.boxes)

    @property
    def top(self) -> float:
        return min(b.top for b in self.boxes)

    @property
    def bottom(self) -> float:
        return max(b.bottom for b in self.boxes)


def _join_pieces(pieces: Sequence[str]) -> str:
    """Pieces of one row joined: no space between Chinese, one space between Latin words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if out and piece and out[-1].isascii() and out[-1].isalnum() and piece[0].isascii():
            out += " "
        out += piece
    return out


def skew_angle(boxes: Sequence[TextBox]) -> float:
    """The page's rotation in radians: the median slope of the top edges of wide boxes."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = box.points[0], box.points[1]
        if x1 - x0 > 4 * max(box.height, 1):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if len(slopes) >= 3 else 0.0


def straighten(boxes: Sequence[TextBox], angle: float) -> list[TextBox]:
    """The boxes rotated by -angle about their common centre, so the lines run horizontally."""
    if abs(angle) < 0.002 or not boxes:
        return list(boxes)
    cx = statistics.fmean(x for b in boxes for x, _ in b.points)
    cy = statistics.fmean(y for b in boxes for _, y in b.points)
    cos, sin = math.cos(-angle), math.sin(-angle)

    def turn(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - cx, y - cy
        return cx + dx * cos - dy * sin, cy + dx * sin + dy * cos

    return [TextBox(b.text, b.score, tuple(turn(x, y) for x, y in b.points)) for b in boxes]


def rows_of(boxes: Sequence[TextBox]) -> list[Row]:
    """Boxes grouped into rows (vertical centres within half a line height), top to bottom."""
    rows: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: b.middle):
        if rows:
            row = rows[-1]
            height = statistics.median(b.height for b in row)
            centre = statistics.fmean(b.middle for b in row)
            overlaps = any(min(b.right, box.right) - max(b.left, box.left) > 0 for b in row)
            if abs(box.middle - centre) < 0.5 * max(height, box.height) and not overlaps:
                row.append(box)
                continue
        rows.append([box])
    return [Row(tuple(sorted(r, key=lambda b: b.left))) for r in rows]


def _gutter(boxes: Sequence[TextBox], left: float, right: float) -> tuple[float, float] | None:
    """An empty vertical strip in the middle third of the text width that splits two columns."""
    width = right - left
    if width <= 0:
        return None
    narrow = [b for b in boxes if b.right - b.left < 0.6 * width]
    if len(narrow) < 6:
        return None
    cells = 60
    covered = [0] * cells
    for box in narrow:
        first = int((box.left - left) / width * cells)
        last = int((box.right - left) / width * cells)
        for i in range(max(first, 0), min(last, cells - 1) + 1):
            covered[i] += 1
    middle = range(cells // 3, 2 * cells // 3)
    empty = [i for i in middle if covered[i] == 0]
    if not empty:
        return None
    start, end = empty[0], empty[-1]
    gap = (left + start / cells * width, left + (end + 1) / cells * width)
    sides = (
        sum(1 for b in narrow if b.right <= gap[0]),
        sum(1 for b in narrow if b.left >= gap[1]),
    )
    return gap if min(sides) >= 3 else None


def reading_rows(boxes: Sequence[TextBox]) -> list[Row]:
    """Rows in reading order: two columns read one after the other between full-width rows."""
    if not boxes:
        return []
    left, right = min(b.left for b in boxes), max(b.right for b in boxes)
    gap = _gutter(boxes, left, right)
    if gap is None:
        return rows_of(boxes)
    ordered: list[Row] = []
    band: list[TextBox] = []
    spanning = sorted(
        (b for b in boxes if b.left < gap[0] and b.right > gap[1]), key=lambda b: b.middle
    )
    cuts = [b.middle for b in spanning] + [math.inf]
    rest = [b for b in boxes if not (b.left < gap[0] and b.right > gap[1])]
    start = -math.inf
    for cut, full in zip(cuts, [*spanning, None], strict=True):
        band = [b for b in rest if start <= b.middle < cut]
        ordered += rows_of([b for b in band if b.right <= gap[1]])
        ordered += rows_of([b for b in band if b.right > gap[1]])
        if full is not None:
            ordered += rows_of([full])
        start = cut
    return ordered


def drop_furniture(rows: list[Row], page_height: float) -> list[Row]:
    """Rows without page furniture: a running header (small print, alone in the top margin), a
    footer in the bottom margin, and page numbers ('- 3 -', '第 3 页')."""
    if len(rows) < 3:
        return [r for r in rows if not _PAGE_NUMBER_RE.fullmatch(r.text)]
    pitch = statistics.median(b.top - a.top for a, b in zip(rows, rows[1:], strict=False))
    body = statistics.median(r.bottom - r.top for r in rows)
    top_zone, bottom_zone = _MARGIN_SHARE * page_height, (1 - _MARGIN_SHARE) * page_height
    kept = list(rows)
    if (
        _is_furniture(kept[0], body)
        and kept[0].bottom < top_zone
        and _apart(kept[0], kept[1], pitch)
    ):
        kept = kept[1:]
    while len(kept) > 1 and kept[-1].top > bottom_zone and _is_furniture(kept[-1], body):
        if not _apart(kept[-2], kept[-1], pitch):
            break
        kept = kept[:-1]
    return [r for r in kept if not _PAGE_NUMBER_RE.fullmatch(r.text)]


def _is_furniture(row: Row, body: float) -> bool:
    """A short row in smaller print than the body (a header or footer), or a page number."""
    if _PAGE_NUMBER_RE.fullmatch(row.text):
        return True
    return len(row.text) <= _HEADER_MAX_CHARS and row.bottom - row.top < 0.9 * body


def _apart(upper: Row, lower: Row, pitch: float) -> bool:
    """The two rows are further apart than body lines are (a header or footer's gap)."""
    return lower.top - upper.top > 1.4 * pitch


def paragraphs(rows: Sequence[Row]) -> list[str]:
    """Rows joined into paragraphs: a row reaching the right margin continues on the next row,
    unless that row is indented (a new paragraph) or starts an outline marker."""
    if not rows:
        return []
    left = min(r.left for r in rows)
    right = max(r.right for r in rows)
    char = statistics.median(r.bottom - r.top for r in rows)
    out: list[str] = []
    previous: Row | None = None
    for row in rows:
        text = row.text
        if previous is not None and out and _continues(previous, row, left, right, char):
            out[-1] += text
        else:
            out.append(text)
        previous = row
    return out


def _continues(previous: Row, row: Row, left: float, right: float, char: float) -> bool:
    """`row` continues `previous`: it reached the right margin, and `row` is flush left."""
    reaches = previous.right >= right - 1.5 * char
    flush = row.left <= left + 0.8 * char
    close = row.top - previous.bottom < 1.5 * char
    return reaches and flush and close and not _OUTLINE_START_RE.match(row.text)


@dataclass(frozen=True)
class PageText:
    """One page's paragraphs, and whether its first row continues the previous page's last one."""

    paragraphs: tuple[str, ...]
    open_start: bool = False  # the first row is flush left (no indent, no outline marker)
    open_end: bool = False  # the last row reaches the right margin


def _rows(boxes: Sequence[TextBox]) -> list[Row]:
    """The page's rows in reading order, straightened."""
    return reading_rows(straighten(boxes, skew_angle(boxes)))


def repeated_edges(pages: Sequence[tuple[Sequence[TextBox], float]]) -> frozenset[str]:
    """Short rows at the very top or bottom of (boxes, page height) pages that recur on two or
    more pages: running headers and footers."""
    counts: dict[str, int] = {}
    for boxes, height in pages:
        rows = _rows(boxes)
        edges = {
            r.text
            for r in (rows[:1] + rows[-1:])
            if len(r.text) <= _HEADER_MAX_CHARS
            and (r.bottom < 2 * _MARGIN_SHARE * height or r.top > (1 - 2 * _MARGIN_SHARE) * height)
        }
        for text in edges:
            counts[text] = counts.get(text, 0) + 1
    return frozenset(text for text, n in counts.items() if n >= 2)


def page_text(
    boxes: Sequence[TextBox], page_height: float, furniture: frozenset[str] = frozenset()
) -> PageText:
    """The paragraphs of one OCR'd page in reading order, page furniture dropped (and the
    first or last row when it is one of `furniture`, the running headers of the document)."""
    rows = _rows(boxes)
    while rows and rows[0].text in furniture:
        rows = rows[1:]
    while rows and rows[-1].text in furniture:
        rows = rows[:-1]
    rows = drop_furniture(rows, page_height)
    if not rows:
        return PageText(())
    left, right = min(r.left for r in rows), max(r.right for r in rows)
    char = statistics.median(r.bottom - r.top for r in rows)
    first, last = rows[0], rows[-1]
    return PageText(
        tuple(paragraphs(rows)),
        open_start=first.left <= left + 0.8 * char and not _OUTLINE_START_RE.match(first.text),
        open_end=last.right >= right - 1.5 * char,
    )


def join_pages(pages: Sequence[PageText]) -> str:
    """The pages' paragraphs one per line; a paragraph cut by a page break is made whole again."""
    out: list[str] = []
    previous: PageText | None = None
    for page in pages:
        items = list(page.paragraphs)
        if items and out and previous is not None and previous.open_end and page.open_start:
            out[-1] += items.pop(0)
        out.extend(items)
        if page.paragraphs:
            previous = page
    return "\n".join(out)
