"""Decode a text file's bytes: BOMs, UTF-8, GB18030/GBK, Big5, BOM-less UTF-16, then a detector."""

from __future__ import annotations

import re

from analysis.io.errors import MSG_ENCODING, MSG_NOT_TEXT, IngestError

# CJK ideographs (basic, extension A, compatibility), e.g. "党".
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese punctuation counted as plausible when judging a decoding, e.g. "，" "。".
_CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》【】…—·　")
# Encodings accepted from the last-resort detector: Chinese ones only (others give mojibake).
_DETECTOR_ENCODINGS = frozenset({"big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030", "hz"})
# C0 control bytes that never occur in a text file (tab, LF, VT, FF, CR, ESC, SUB allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27))
# Control characters a decoded text must not contain, e.g. "\x00", "\x07".
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
# Surrogates and private-use characters: a wrong decoding produces them, e.g. "\ue668".
_PRIVATE_RE = re.compile("[\ud800-\uf8ff]")
# Byte-order marks and the encoding each one announces.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


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
        if _plausible_text(text) and CJK_RE.search(text):
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
        elif CJK_RE.match(c):
            try:
                c.encode("gb2312")
                good += 1
            except UnicodeEncodeError:
                pass
    return good / total if total else 1.0


def _best_guess(data: bytes) -> tuple[str, str] | None:
    """GB18030 unless Big5 or BOM-less UTF-16 reads as more plausible Chinese; None if none decodes."""
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
    return (text, best.encoding) if _plausible_text(text) and CJK_RE.search(text) else None


def _decode_with_bom(data: bytes) -> tuple[str, str] | None:
    """The text of a file starting with a byte-order mark, or None when it has none."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise IngestError(MSG_ENCODING) from exc
            head = text[:65536]
            if len(_CONTROL_CHARS_RE.findall(head)) > max(2, len(head) // 100):
                raise IngestError(MSG_NOT_TEXT)
            return text, enc
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: BOM, strict UTF-8, strict GB18030, then a detector; (text, encoding)."""
    found = _decode_with_bom(data)
    if found:
        return found
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
    found = _best_guess(data) or _detect_encoding(data)
    if found:
        return found
    raise IngestError(MSG_ENCODING)
