"""Read uploaded report files (.txt, .docx, .pdf, and .zip bundles of them) into `Extracted` text.

Every failure is an `IngestError` whose Chinese `message` says what went wrong and what to do.
Nothing here writes to disk: zip members are read in memory with size, count and ratio guards.
"""

from __future__ import annotations

import io
import logging
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import Any

from analysis.core.models import AnalysisError, Extracted

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024  # default per-file limit; DJ_MAX_FILE_MB overrides it per call
SUPPORTED = (".txt", ".docx", ".pdf")
SIDECAR_NAMES = ("metadata.csv", "metadata.xlsx")  # a batch's table of file name -> metadata

MAX_ZIP_MEMBERS = 1000  # more members than this is refused outright (many-small-files bomb)
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024  # total uncompressed bytes read from one zip
MAX_ZIP_RATIO = 200  # uncompressed / compressed above this (for members > 1 MB) is a bomb
MAX_DOCX_XML_BYTES = 100 * 1024 * 1024  # declared size of word/document.xml inside a .docx
MAX_PDF_PAGES = 3000

# Files that archivers and Office leave behind: skipped silently inside a zip.
_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}

# CJK ideographs (basic, extension A, compatibility), e.g. "党".
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese punctuation counted as plausible when judging a decoding, e.g. "，" "。".
_CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》【】…—·　")
# Encodings accepted from the last-resort detector: Chinese ones only (others give mojibake).
_DETECTOR_ENCODINGS = frozenset({"big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030", "hz"})
# C0 control bytes that never occur in a text file (tab, LF, VT, FF, CR, ESC, SUB allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27))
# Control characters a decoded text must not contain, e.g. "\x00", "\x07".
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
# Heading style names: "Heading 2", "heading 2", "标题 2", "标题2".
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
# Characters never kept in a file name: path separators, Windows-reserved and control characters.
_BAD_NAME_CHARS_RE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*]')
# Runs of dots, e.g. "..", collapsed to one so no component can be "..".
_DOTS_RE = re.compile(r"\.{2,}")

# A Windows drive component of a path, e.g. "C:".
_DRIVE_RE = re.compile(r"[A-Za-z]:")
# Surrogates and private-use characters: a wrong decoding produces them, e.g. "\ue668".
_PRIVATE_RE = re.compile("[\ud800-\uf8ff]")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class IngestError(AnalysisError):
    """A file that cannot be read; `message` (Chinese) says why and what the user can do."""


# ---------------------------------------------------------------- messages (shown to users)

MSG_EMPTY = "文件是空的（0 字节）。请检查是否选错了文件，或重新导出后再上传。"
MSG_BLANK = "文件里只有空白字符，没有可分析的文字。请检查文件内容后重新上传。"
MSG_NOT_TEXT = (
    "不是文本文件：内容是二进制数据（可能是改了扩展名的其他文件）。"
    "请上传 .txt、.docx 或 .pdf 格式的报告原文。"
)
MSG_IMAGE = (
    "这是一个图片文件（{kind}），不是文档，无法直接提取文字。"
    "请上传报告原文（.txt、.docx、.pdf），或先用 OCR 工具把图片识别成文字。"
)
MSG_DOCX_BROKEN = (
    "Word 文件已损坏或不是有效的 .docx 文件，无法打开。"
    "请在 Word 或 WPS 中打开它，重新“另存为”.docx 后再上传。"
)
MSG_OLE = (
    "这是旧版 Word（.doc/.wps）文件或加了密码的 Office 文件，无法直接读取。"
    "请在 Word 或 WPS 中“另存为”.docx（并取消密码）后再上传。"
)
MSG_OFFICE_OTHER = (
    "这是 Excel 或 PowerPoint 文件，不是 Word 报告。请上传 .txt、.docx 或 .pdf 格式的报告。"
)
MSG_PDF_PASSWORD = (
    "PDF 有密码保护，无法读取内容。请在 PDF 阅读器中移除密码（或导出一份无密码的副本）后再上传。"
)
MSG_PDF_BROKEN = "PDF 文件已损坏或格式不正确，无法读取。请重新导出或重新下载该 PDF 后再上传。"
MSG_PDF_SCANNED = (
    "该 PDF 没有文字层，可能是扫描件，需要先 OCR 识别：请用 WPS 或 Adobe 的“文字识别”功能"
    "转成可复制的文字后再上传。"
)
MSG_ENCODING = (
    "无法识别文件的文字编码，读出来会是乱码。请用记事本或 WPS 打开该文件，"
    "“另存为”UTF-8 编码后再上传。"
)
MSG_TOO_BIG = (
    "文件大小为 {size:.1f} MB，超过上限 {limit:g} MB。请拆分文件或删除其中的图片后再上传"
    "（管理员可用环境变量 DJ_MAX_FILE_MB 调整上限）。"
)
MSG_UNSUPPORTED = (
    "不支持的文件格式“{ext}”。目前支持 .txt、.docx、.pdf，以及把这些文件打包的 .zip。"
    "请转换格式后再上传。"
)
MSG_NO_CHINESE = (
    "未检测到中文内容：本工具用于分析中文党建报告。请确认是否选错了文件，或文件内容是否为乱码。"
)
MSG_ZIP_IN_READ = "这是一个压缩包，请通过批量上传导入（会自动解压其中的 .txt、.docx、.pdf）。"
MSG_ZIP_BROKEN = "压缩包已损坏或不是有效的 .zip 文件，无法解压。请重新压缩后再上传。"
MSG_ZIP_BOMB = (
    "压缩包解压后过大或压缩比异常（疑似“压缩炸弹”），已拒绝处理。请解压后分批上传其中的报告文件。"
)
MSG_ZIP_TOO_MANY = "压缩包里的文件过多（超过 {limit} 个），已拒绝处理。请分成几个较小的压缩包上传。"
MSG_ZIP_EMPTY = "压缩包里没有可用的报告文件（支持 .txt、.docx、.pdf）。请检查压缩包内容后再上传。"
MSG_ZIP_ENCRYPTED = "压缩包里的这个文件有密码保护，无法解压。请去掉密码后重新压缩再上传。"
MSG_ZIP_NESTED = "压缩包里的压缩包不会自动展开。请先把它解压，再上传其中的报告文件。"


# ---------------------------------------------------------------- size limit and names


def max_file_bytes() -> int:
    """The per-file size limit: DJ_MAX_FILE_MB (megabytes) when set and valid, else MAX_FILE_BYTES."""
    raw = os.environ.get("DJ_MAX_FILE_MB", "").strip()
    try:
        mb = float(raw)
    except ValueError:
        return MAX_FILE_BYTES
    return int(mb * 1024 * 1024) if mb > 0 else MAX_FILE_BYTES


def _check_size(size: int) -> None:
    """Refuse files over the configured limit, stating the limit in megabytes."""
    limit = max_file_bytes()
    if size > limit:
        mb = 1024 * 1024
        raise IngestError(MSG_TOO_BIG.format(size=size / mb, limit=round(limit / mb, 1)))


def _ext(name: str) -> str:
    """Lower-case extension with the dot ('.txt'), or '' when there is none."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    return "." + ext.lower() if dot and ext and stem.strip(".") else ""


def safe_filename(name: str) -> str:
    """A display-safe file name: no directories, '..', control or reserved characters; never empty."""
    name = unicodedata.normalize("NFC", str(name))
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    base = _DOTS_RE.sub(".", _BAD_NAME_CHARS_RE.sub("", base))
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem.strip(" .\u3000")[:120] or "未命名"
    ext = ext.strip()[:16]
    return f"{stem}.{ext}" if ext else stem


# ---------------------------------------------------------------- text decoding


def _looks_binary(data: bytes) -> bool:
    """True when the bytes hold NULs or many control bytes, which no text file has."""
    if b"\x00" in data:
        return True
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(sample) // 100)


def _plausible_text(text: str) -> bool:
    """A decoded string with no control characters, surrogates or private-use characters."""
    if _CONTROL_CHARS_RE.search(text):
        return False
    return not _PRIVATE_RE.search(text)


def _decode_utf16_nobom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM (some Windows tools): accept only a clean decode with Chinese in it."""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_text(text) and _CJK_RE.search(text):
            return text, enc
    return None


def _chinese_score(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese (GB2312 or Traditional) or punctuation.

    Big5 bytes decode as GB18030 without error but into rare characters, kana and symbols; this
    score tells the two apart.
    """
    from analysis.core.script import traditional_chars

    trad = traditional_chars()
    total = good = 0
    for c in text[:5000]:
        if c.isascii() or c.isspace():
            continue
        total += 1
        if c in _CJK_PUNCT or c in trad:
            good += 1
        elif _CJK_RE.match(c):
            try:
                c.encode("gb2312")
                good += 1
            except UnicodeEncodeError:
                pass
    return good / total if total else 1.0


def _best_guess(data: bytes) -> tuple[str, str] | None:
    """GB18030 unless Big5 or BOM-less UTF-16 reads as more plausible Chinese; None if none decodes.

    Big5 bytes (Traditional files from Taiwan/HK) decode as GB18030 without error but into rare
    characters, kana and symbols; `_chinese_score` tells them apart.
    """
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5hkscs", "utf-16-le", "utf-16-be"):
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _plausible_text(text):
            continue
        score = _chinese_score(text)
        if enc.startswith("utf-16") and score < 0.9:
            continue  # BOM-less UTF-16 without NULs: only a clean all-Chinese text
        if best is None or score > best[0]:
            best = (score, text, enc)
        if enc == "gb18030" and score >= 0.9:
            break  # ordinary GBK text: no need to try the others
    return (best[1], best[2]) if best else None


def _detect_encoding(data: bytes) -> tuple[str, str] | None:
    """Last resort: charset_normalizer's best guess, if installed and the result is clean text."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional dependency (pulled in by requests)
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding not in _DETECTOR_ENCODINGS:
        return None
    text = str(best)
    return (text, best.encoding) if _plausible_text(text) and _CJK_RE.search(text) else None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: BOM, strict UTF-8, strict GB18030, then a detector; (text, encoding)."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise IngestError(MSG_ENCODING) from exc
            if len(_CONTROL_CHARS_RE.findall(text[:65536])) > max(2, len(text[:65536]) // 100):
                raise IngestError(MSG_NOT_TEXT)
            return text, enc
    if b"\x00" in data:  # BOM-less UTF-16 has NULs in it; any other file with NULs is binary
        found = _decode_utf16_nobom(data)
        if found:
            return found
        raise IngestError(MSG_NOT_TEXT)
    if _looks_binary(data):
        raise IngestError(MSG_NOT_TEXT)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = _best_guess(data)
    if found:
        return found
    found = _detect_encoding(data)
    if found:
        return found
    raise IngestError(MSG_ENCODING)


# ---------------------------------------------------------------- content sniffing

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def _sniff(data: bytes) -> str:
    """What the bytes really are: 'pdf', 'zip', 'ole', 'rtf', 'image:PNG' …, or '' (maybe text)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image:WEBP"
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return "image:" + kind
    return ""


def _zip_names(data: bytes) -> set[str]:
    """Member names of a zip, or an empty set when it cannot be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return set()


# ---------------------------------------------------------------- docx


def _heading_level(par: Any) -> int:
    """Outline level 1-4 of a python-docx paragraph from its style name or outline level, else 0."""
    try:
        style = par.style
        name = style.name if style is not None else ""
    except (KeyError, ValueError, AttributeError):
        name = ""
    m = _HEADING_STYLE_RE.match((name or "").strip())
    if m:
        level = int(m.group(1))
        return level if level <= 4 else 0
    lvl = par._p.find(f"{_W}pPr/{_W}outlineLvl")
    if lvl is not None:
        try:
            level = int(lvl.get(f"{_W}val", "9")) + 1
        except ValueError:
            return 0
        return level if 1 <= level <= 4 else 0
    return 0


def _cell_text(cell: Any) -> str:
    """All text of a table cell on one line (paragraphs and nested tables joined by spaces)."""
    parts = [line for line, _ in _block_lines(cell._tc, cell) if line.strip()]
    return " ".join(p.replace("\t", " ").strip() for p in parts)


def _table_lines(tbl: Any, parent: Any) -> Iterator[tuple[str, int]]:
    """Rows of a table, one line each with cells joined by tabs; a one-cell row keeps its lines."""
    from docx.table import Table

    table = Table(tbl, parent)
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # merged cells repeat: keep each once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell)
        if len(cells) == 1:  # layout table: the cell holds ordinary paragraphs
            yield from _block_lines(cells[0]._tc, cells[0])
            continue
        texts = [_cell_text(c) for c in cells]
        if any(texts):
            yield "\t".join(texts), 0


def _block_lines(element: Any, parent: Any) -> Iterator[tuple[str, int]]:
    """(text, heading level) of each paragraph and table row under a body/cell, in document order."""
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            par = Paragraph(child, parent)
            yield par.text, _heading_level(par)
        elif tag == f"{_W}tbl":
            yield from _table_lines(child, parent)
        elif tag == f"{_W}sdt":  # content control wrapping paragraphs
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _block_lines(content, parent)


def _read_docx(data: bytes) -> Extracted:
    """Paragraphs and table rows of a .docx in order; Heading 1-4 paragraphs also become hints."""
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            total = sum(i.file_size for i in zf.infolist())
        if info.file_size > MAX_DOCX_XML_BYTES or total > MAX_ZIP_TOTAL_BYTES:
            raise IngestError(MSG_ZIP_BOMB)
        doc = docx.Document(io.BytesIO(data))
        lines, hints = [], []
        for text, level in _block_lines(doc.element.body, doc._body):
            lines.append(text)
            if level and text.strip():
                hints.append((level, text.strip()))
    except IngestError:
        raise
    except Exception as exc:  # python-docx/lxml/zipfile raise many types on broken files
        logger.exception("Word 文件无法解析")
        raise IngestError(MSG_DOCX_BROKEN) from exc
    return Extracted(text="\n".join(lines), fmt="docx", hints=tuple(hints))


# ---------------------------------------------------------------- pdf


def _read_pdf(data: bytes) -> Extracted:
    """Text layer of a PDF, pages joined by newlines; encrypted, broken and scanned PDFs refused."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")  # owner-password-only PDFs open with an empty password
            except (DependencyError, NotImplementedError) as exc:
                raise IngestError(MSG_PDF_PASSWORD) from exc
            if not ok:
                raise IngestError(MSG_PDF_PASSWORD)
        pages = list(reader.pages)[:MAX_PDF_PAGES]
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError(MSG_PDF_PASSWORD) from exc
    except Exception as exc:  # pypdf raises many types on broken files
        logger.exception("PDF 文件无法解析")
        raise IngestError(MSG_PDF_BROKEN) from exc
    if not pages:
        raise IngestError(MSG_PDF_BROKEN)
    texts = []
    for page in pages:
        try:
            texts.append((page.extract_text() or "").strip("\n"))
        except FileNotDecryptedError as exc:
            raise IngestError(MSG_PDF_PASSWORD) from exc
        except Exception:  # one unreadable page must not lose the others
            logger.exception("PDF 第 %d 页无法读取，按空页处理", len(texts) + 1)
            texts.append("")
    text = "\n".join(texts).replace("\x00", "")
    if not text.strip():
        raise IngestError(MSG_PDF_SCANNED)
    return Extracted(text=text, fmt="pdf")


# ---------------------------------------------------------------- dispatch


def _finish(doc: Extracted) -> Extracted:
    """Final checks shared by all formats: some non-blank text, and some Chinese in it."""
    text = _CONTROL_CHARS_RE.sub("", doc.text)
    if not text.replace("\u200b", "").replace("\ufeff", "").strip():
        raise IngestError(MSG_BLANK)
    if not _CJK_RE.search(text):
        raise IngestError(MSG_NO_CHINESE)
    return doc if text == doc.text else Extracted(text, doc.fmt, doc.encoding, doc.hints)


def read_document(filename: str, data: bytes) -> Extracted:
    """Read one .txt/.docx/.pdf file, trusting its content over its extension; raises IngestError."""
    if not data:
        raise IngestError(MSG_EMPTY)
    _check_size(len(data))
    ext = _ext(filename)
    kind = _sniff(data)
    if kind == "pdf":
        return _finish(_read_pdf(data))
    if kind == "zip":
        names = _zip_names(data)
        if "word/document.xml" in names:
            return _finish(_read_docx(data))
        if any(n.startswith(("xl/", "ppt/")) for n in names):
            raise IngestError(MSG_OFFICE_OTHER)
        if ext == ".docx":
            raise IngestError(MSG_DOCX_BROKEN)
        raise IngestError(MSG_ZIP_IN_READ if ext == ".zip" else MSG_NOT_TEXT)
    if kind == "ole":
        raise IngestError(MSG_OLE)
    if kind.startswith("image:"):
        raise IngestError(MSG_IMAGE.format(kind=kind.split(":", 1)[1]))
    if ext not in SUPPORTED:
        raise IngestError(MSG_UNSUPPORTED.format(ext=ext or "无扩展名"))
    if ext == ".docx":
        raise IngestError(MSG_DOCX_BROKEN)
    if ext == ".pdf":
        raise IngestError(MSG_PDF_BROKEN)
    if kind == "rtf":
        raise IngestError(MSG_NOT_TEXT)
    text, encoding = decode_text(data)
    return _finish(Extracted(text=text, fmt="txt", encoding=encoding))


# ---------------------------------------------------------------- zip uploads


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's path as its author wrote it: undo zipfile's cp437 guess for GBK/UTF-8 names."""
    name = info.filename
    if info.flag_bits & 0x800:  # UTF-8 flag set: already right
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return name


def _flat_name(path: str) -> str:
    """A nested member path flattened to one safe name: '2023/一支部/报告.txt' -> '2023_一支部_报告.txt'."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    parts = [p for p in parts if not _DRIVE_RE.fullmatch(p)]
    return safe_filename("_".join(parts))


def _is_junk(path: str) -> bool:
    """Archiver debris that is not a user file: __MACOSX, ._*, .DS_Store, Office lock files."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if not parts or "__MACOSX" in parts:
        return True
    base = parts[-1]
    return base.lower() in _JUNK_NAMES or base.startswith(("._", "~$"))


def _unique(name: str, used: set[str]) -> str:
    """`name`, or 'stem (2).ext' … when an earlier member already took it."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
    used.add(candidate)
    return candidate


def _expand_zip(zipname: str, data: bytes) -> list[tuple[str, bytes | IngestError]]:
    """Members of a zip upload, guarded against bombs; bad members become per-file errors."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return [(zipname, IngestError(MSG_ZIP_BROKEN))]
    if len(infos) > MAX_ZIP_MEMBERS:
        return [(zipname, IngestError(MSG_ZIP_TOO_MANY.format(limit=MAX_ZIP_MEMBERS)))]
    if sum(i.file_size for i in infos) > MAX_ZIP_TOTAL_BYTES:
        return [(zipname, IngestError(MSG_ZIP_BOMB))]
    out: list[tuple[str, bytes | IngestError]] = []
    used: set[str] = set()
    skipped: list[str] = []  # members with an unsupported extension
    total = 0
    limit = max_file_bytes()
    with zf:
        for info in infos:
            path = _member_name(info)
            if info.is_dir() or _is_junk(path):
                continue
            name = _unique(_flat_name(path), used)
            ext = _ext(name)
            if ext == ".zip":
                out.append((name, IngestError(MSG_ZIP_NESTED)))
                continue
            if ext not in SUPPORTED and name.lower() not in SIDECAR_NAMES:
                skipped.append(name)
                out.append((name, IngestError(MSG_UNSUPPORTED.format(ext=ext or "无扩展名"))))
                continue
            if info.flag_bits & 0x1:
                out.append((name, IngestError(MSG_ZIP_ENCRYPTED)))
                continue
            if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(
                info.compress_size, 1
            ):
                return [(zipname, IngestError(MSG_ZIP_BOMB))]
            try:
                _check_size(info.file_size)
                with zf.open(info) as fh:
                    content = fh.read(limit + 1)  # never trust the declared size
                _check_size(len(content))
            except IngestError as exc:
                out.append((name, exc))
                continue
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
                out.append((name, IngestError(MSG_ZIP_BROKEN)))
                continue
            total += len(content)
            if total > MAX_ZIP_TOTAL_BYTES:
                return [(zipname, IngestError(MSG_ZIP_BOMB))]
            out.append((name, content))
    if len(skipped) == len(out):  # no member is a report file
        listed = "、".join(skipped[:5]) + ("等" if len(skipped) > 5 else "")
        extra = f"（压缩包里的文件：{listed}）" if skipped else ""
        return [(zipname, IngestError(MSG_ZIP_EMPTY + extra))]
    return out


def expand_upload(filename: str, data: bytes) -> list[tuple[str, bytes | IngestError]]:
    """One upload as (safe name, bytes or error) items: a .zip gives its members, any other file itself."""
    name = safe_filename(filename)
    if _ext(name) == ".zip":
        return _expand_zip(name, data)
    return [(name, data)]
