"""File names: extensions, names safe to store and show, and names made visible in a terminal."""

from __future__ import annotations

import re
import unicodedata

# Characters never kept in a file name: path separators, Windows-reserved and control characters.
_BAD_NAME_CHARS_RE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*]')
# Runs of dots, e.g. "..", collapsed to one so no component can be "..".
_DOTS_RE = re.compile(r"\.{2,}")
# A Windows drive component of a path, e.g. "C:".
DRIVE_RE = re.compile(r"[A-Za-z]:")
# Characters a terminal may act on: C0/C1 controls, DEL, bidi and other format characters.
_INVISIBLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def ext(name: str) -> str:
    """Lower-case extension with the dot ('.txt'), or '' when there is none."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    return "." + suffix.lower() if dot and suffix and stem.strip(".") else ""


def safe_filename(name: str) -> str:
    """A display-safe file name: no directories, '..', control or reserved characters; never empty."""
    name = unicodedata.normalize("NFC", str(name))
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    base = _DOTS_RE.sub(".", _BAD_NAME_CHARS_RE.sub("", base))
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem.strip(" .\u3000")[:120] or "未命名"
    suffix = suffix.strip()[:16]
    return f"{stem}.{suffix}" if suffix else stem


def _escape_char(match: re.Match[str]) -> str:
    """One invisible character as a visible escape: '\\x1b', '\\u202e'."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_name(name: str) -> str:
    """A name (a path given on the command line) with control and bidi characters escaped, so
    printing it cannot move the cursor, recolour or reorder a terminal: '报\\x1b[2J告.txt'."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _INVISIBLE_RE.sub(_escape_char, text)
