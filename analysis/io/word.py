"""Read a .docx: paragraphs and table rows in document order; Heading 1-4 paragraphs become hints.

The XML is parsed with lxml directly (no entities, DTDs or network; python-docx's element classes
cost ~100 µs per paragraph). Time is linear in the document's size: heading levels come from a
style-id map built once, table cells are walked straight from the XML (merged cells resolved with
a per-row map of grid columns), and the counts of paragraphs, cells and nested tables are capped
before any text is gathered. The package is inspected first, so a macro-enabled document, an XML
entity declaration or an XML bomb is refused with its own reason rather than called damaged.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from analysis.core.models import Extracted
from analysis.io.errors import (
    MSG_DOCM,
    MSG_DOCX_BROKEN,
    MSG_DOCX_TOO_MANY_PARTS,
    MSG_TABLE_DEEP,
    MSG_TABLE_TOO_BIG,
    MSG_TOO_MANY_PARAGRAPHS,
    MSG_XML_DEEP,
    MSG_XML_ENTITY,
    MSG_ZIP_BOMB,
    IngestError,
)
from analysis.io.limits import (
    MAX_DOCX_XML_BYTES,
    MAX_PARAGRAPHS,
    MAX_TABLE_CELLS,
    MAX_TABLE_DEPTH,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL_BYTES,
    Deadline,
)
from analysis.io.numbering import ListCounter, Numbering, numbered, parse_numbering

if TYPE_CHECKING:
    from lxml.etree import _Element

logger = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt"
_VAL = f"{_W}val"
_R, _T, _HYPERLINK, _PPR = f"{_W}r", f"{_W}t", f"{_W}hyperlink", f"{_W}pPr"
_PSTYLE, _OUTLINE = f"{_W}pStyle", f"{_W}outlineLvl"
_NUMPR, _ILVL, _NUMID = f"{_W}numPr", f"{_W}ilvl", f"{_W}numId"
_NUMBERING = "word/numbering.xml"
_TABS = frozenset({f"{_W}tab", f"{_W}ptab"})
_BR, _CR, _NO_BREAK_HYPHEN = f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"
# Word allows at most 63 columns; a larger w:gridSpan is hostile and clamped.
_MAX_GRID_SPAN = 64
# Heading style names: "Heading 2", "heading 2", "标题 2", "标题2".
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
# Each XML part's prolog (declaration, comments, processing instructions: all before the root, where
# a DOCTYPE/ENTITY must be) is read in chunks of this size up to the root, however long it is.
_PROLOG_CHUNK = 64 * 1024
# Declarations Word never writes; their presence marks an entity bomb or an XXE attempt.
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def _inspect_package(zf: zipfile.ZipFile, deadline: Deadline) -> None:
    """Refuse a .docx by its zip directory and prologs: bombs, macros, XML entity declarations."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise IngestError(MSG_DOCX_TOO_MANY_PARTS.format(count=len(infos), limit=MAX_ZIP_MEMBERS))
    main = zf.getinfo("word/document.xml")
    if main.file_size > MAX_DOCX_XML_BYTES or sum(i.file_size for i in infos) > MAX_ZIP_TOTAL_BYTES:
        raise IngestError(MSG_ZIP_BOMB)
    names = {i.filename.lower() for i in infos}
    types = zf.read("[Content_Types].xml") if "[content_types].xml" in names else b""
    if "word/vbaproject.bin" in names or b"macroEnabled" in types:
        raise IngestError(MSG_DOCM)
    for info in infos:
        deadline.check()
        if info.filename.lower().endswith((".xml", ".rels")):
            with zf.open(info) as fh:
                if _prolog_declares(fh.read, deadline):
                    raise IngestError(MSG_XML_ENTITY)


_PROLOG_SKIPS = ((b"<?", b"?>"), (b"<!--", b"-->"))


def _prolog_declares(read: Callable[[int], bytes], deadline: Deadline) -> bool:
    """Whether an XML part declares a DOCTYPE/ENTITY before its root element: the whole prolog
    is read (comments and processing instructions of any length skipped), never the body; the
    part's size is already bounded by the zip checks."""
    buf, pos = b"", 0
    while True:
        deadline.check()
        rest = buf[pos:].lstrip(b" \t\r\n\xef\xbb\xbf")  # whitespace and a UTF-8 BOM
        pos = len(buf) - len(rest)
        if rest.startswith(_DECLARATIONS):
            return True
        end = _skip_end(rest)
        if end > 0:
            pos += end
            continue
        if (rest and not rest.startswith(b"<")) or (len(rest) > 9 and end == 0):
            return False  # the root element, or not XML at all (the parser says so)
        chunk = read(_PROLOG_CHUNK)
        if not chunk:
            return False
        buf = buf[pos:] + chunk
        pos = 0


def _skip_end(rest: bytes) -> int:
    """Where the comment or processing instruction `rest` starts with ends (0: none begins
    there; -1: it does not end within `rest`)."""
    for start, stop in _PROLOG_SKIPS:
        if rest.startswith(start):
            end = rest.find(stop, len(start))
            return -1 if end < 0 else end + len(stop)
    if len(rest) < 9 and (b"<!DOCTYPE".startswith(rest) or b"<!--".startswith(rest)):
        return -1  # too short to tell yet
    return 0


def _parse(xml: bytes) -> _Element:
    """An XML part parsed without entities, DTDs or network, within libxml2's depth limit."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True
    )
    return etree.fromstring(xml, parser)


def _load(data: bytes, deadline: Deadline) -> tuple[_Element, _Element | None, Numbering]:
    """The body of word/document.xml, the root of word/styles.xml (or None) and the list numbering."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _inspect_package(zf, deadline)
            body = _parse(zf.read("word/document.xml")).find(f"{_W}body")
            names = set(zf.namelist())
            styles = _parse(zf.read("word/styles.xml")) if "word/styles.xml" in names else None
            lists = _parse(zf.read(_NUMBERING)) if _NUMBERING in names else None
            numbering = parse_numbering(lists, styles)
    except IngestError:
        raise
    except Exception as exc:  # zipfile/lxml raise many types on broken files
        logger.warning("unreadable .docx: %r", exc)
        raise _parse_failure(exc) from exc
    if body is None:
        raise IngestError(MSG_DOCX_BROKEN)
    return body, styles, numbering


def _parse_failure(exc: Exception) -> IngestError:
    """The reason a .docx failed to parse: nesting too deep, an entity, or simply damaged."""
    text = str(exc).lower()
    if "depth" in text or "recursion" in text or isinstance(exc, RecursionError):
        return IngestError(MSG_XML_DEEP)
    if "entity" in text or "entities" in text:
        return IngestError(MSG_XML_ENTITY)
    return IngestError(MSG_DOCX_BROKEN)


def _level_of_name(name: str) -> int:
    """Outline level 1-4 of a heading style name ('Heading 2', '标题 3'), else 0."""
    m = _HEADING_STYLE_RE.match(name.strip())
    level = int(m.group(1)) if m else 0
    return level if level <= 4 else 0


def _style_levels(styles: _Element | None) -> tuple[dict[str, int], int]:
    """Heading level of every paragraph style id, and of the default paragraph style: read once."""
    levels: dict[str, int] = {}
    default = 0
    if styles is None:
        return levels, default
    for style in styles.iterchildren(f"{_W}style"):
        if style.get(f"{_W}type") != "paragraph":
            continue
        name = style.find(f"{_W}name")
        level = _level_of_name(name.get(_VAL, "") if name is not None else "")
        levels[style.get(f"{_W}styleId") or ""] = level
        if style.get(f"{_W}default") in ("1", "true", "on"):
            default = level
    return levels, default


def _int_attr(element: _Element | None, default: int) -> int:
    """The integer w:val of `element`, or `default` when it is absent or not a number."""
    if element is None:
        return default
    try:
        return int(element.get(_VAL, default))
    except ValueError:
        return default


def _run_text(run: _Element, parts: list[str]) -> None:
    """Append a run's text: w:t as is, tabs as '\\t', line breaks as '\\n', soft hyphens as '-'."""
    for child in run.iterchildren():
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _TABS:
            parts.append("\t")
        elif tag == _CR or (
            tag == _BR and child.get(f"{_W}type", "textWrapping") == "textWrapping"
        ):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")


class _BodyReader:
    """Walks a body (or cell) once, yielding (text, heading level) per paragraph and table row."""

    def __init__(
        self, levels: dict[str, int], default: int, deadline: Deadline, lists: ListCounter
    ) -> None:
        self.levels, self.default, self.deadline, self.lists = levels, default, deadline, lists

    def list_marker(self, ppr: _Element | None) -> str:
        """The automatic list number Word draws before the paragraph ('一、', '（1）'), or ''."""
        if ppr is None:
            return ""
        numpr = ppr.find(_NUMPR)
        style = ppr.find(_PSTYLE)
        style_id = style.get(_VAL, "") if style is not None else ""
        if numpr is None:
            return self.lists.marker(None, None, style_id) if style_id else ""
        num_id, ilvl = numpr.find(_NUMID), numpr.find(_ILVL)
        return self.lists.marker(
            num_id.get(_VAL) if num_id is not None else None,
            _int_attr(ilvl, 0) if ilvl is not None else None,
            style_id,
        )

    def heading_level(self, ppr: _Element | None) -> int:
        """Level 1-4 from the paragraph's style (map lookup) or its own outline level, else 0."""
        style: _Element | None = None
        outline: _Element | None = None
        for child in ppr.iterchildren() if ppr is not None else ():
            if child.tag == _PSTYLE:
                style = child
            elif child.tag == _OUTLINE:
                outline = child
        level = (
            self.default if style is None else self.levels.get(style.get(_VAL, ""), self.default)
        )
        if level or outline is None:
            return level
        level = _int_attr(outline, 9) + 1
        return level if 1 <= level <= 4 else 0

    def paragraph(self, p: _Element) -> tuple[str, int]:
        """A paragraph's text (runs and hyperlinked runs, as python-docx reads it) and its level."""
        ppr: _Element | None = None
        parts: list[str] = []
        for child in p.iterchildren():
            tag = child.tag
            if tag == _R:
                _run_text(child, parts)
            elif tag == _HYPERLINK:
                for run in child.iterchildren(_R):
                    _run_text(run, parts)
            elif tag == _PPR:
                ppr = child
        return numbered(self.list_marker(ppr), "".join(parts)), self.heading_level(ppr)

    def blocks(self, element: _Element, depth: int = 0) -> Iterator[tuple[str, int]]:
        """(text, heading level) of each paragraph and table row under `element`, in order."""
        for child in element.iterchildren():
            tag = child.tag
            if tag == _P:
                self.deadline.check()
                yield self.paragraph(child)
            elif tag == _TBL:
                yield from self.table(child, depth + 1)
            elif tag == _SDT:  # content control wrapping paragraphs
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from self.blocks(content, depth)

    def cell_text(self, tc: _Element, depth: int) -> str:
        """All text of a table cell on one line (paragraphs and nested tables joined by spaces)."""
        parts = [line for line, _ in self.blocks(tc, depth) if line.strip()]
        return " ".join(p.replace("\t", " ").strip() for p in parts)

    def row_cells(self, tr: _Element, above: dict[int, _Element]) -> list[_Element]:
        """The distinct cells of a row; a vertically merged cell is the one it continues."""
        col = _int_attr(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        cells: list[_Element] = []
        seen: set[int] = set()
        for tc in tr.iterchildren(_TC):
            props = tc.find(f"{_W}tcPr")
            span = _int_attr(props.find(f"{_W}gridSpan") if props is not None else None, 1)
            span = min(max(1, span), _MAX_GRID_SPAN)
            vmerge = props.find(f"{_W}vMerge") if props is not None else None
            root = tc
            if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
                root = above.get(col, tc)
            for offset in range(span):
                above[col + offset] = root
            col += span
            if id(root) not in seen:  # the elements stay alive in `above`: ids are stable
                seen.add(id(root))
                cells.append(root)
        return cells

    def table(self, tbl: _Element, depth: int) -> Iterator[tuple[str, int]]:
        """Rows of a table, one line each with cells joined by tabs; a one-cell row keeps its lines."""
        if depth > MAX_TABLE_DEPTH:
            raise IngestError(MSG_TABLE_DEEP.format(limit=MAX_TABLE_DEPTH))
        above: dict[int, _Element] = {}
        for tr in tbl.iterchildren(_TR):
            self.deadline.check()
            cells = self.row_cells(tr, above)
            if len(cells) == 1:  # layout table: the cell holds ordinary paragraphs
                yield from self.blocks(cells[0], depth)
                continue
            texts = [self.cell_text(c, depth) for c in cells]
            if any(texts):
                yield "\t".join(texts), 0


def _check_counts(body: _Element) -> None:
    """Refuse a body with more paragraphs or table cells than the caps (counted in C by lxml)."""
    cells = sum(1 for _ in body.iter(_TC))
    if cells > MAX_TABLE_CELLS:
        raise IngestError(MSG_TABLE_TOO_BIG.format(count=cells, limit=MAX_TABLE_CELLS))
    paragraphs = sum(1 for _ in body.iter(_P))
    if paragraphs > MAX_PARAGRAPHS:
        raise IngestError(MSG_TOO_MANY_PARAGRAPHS.format(count=paragraphs, limit=MAX_PARAGRAPHS))


def read_docx(data: bytes, deadline: Deadline) -> Extracted:
    """Paragraphs and table rows of a .docx in order; Heading 1-4 paragraphs also become hints."""
    body, styles, numbering = _load(data, deadline)
    deadline.check()
    _check_counts(body)
    reader = _BodyReader(*_style_levels(styles), deadline, ListCounter(numbering))
    lines, hints = [], []
    try:
        for text, level in reader.blocks(body):
            lines.append(text)
            if level and text.strip():
                hints.append((level, text.strip()))
    except RecursionError as exc:
        raise IngestError(MSG_XML_DEEP) from exc
    return Extracted(text="\n".join(lines), fmt="docx", hints=tuple(hints))
