"""Latin letters a user may see: one tokenizer and one allow list for the page walk and the exports.

Everything a user reads is Chinese (issue 22). What may stay Latin is what a Chinese office user
reads that way anyway, and nothing else:
- file names and extensions (`报告.docx`, `.zip`): they are the user's own files;
- file formats and the tools that open them, as printed on their own icons and menus (PPT, Excel,
  Word, WPS, LibreOffice, CSV, PNG, HTML, ZIP, PDF, TXT, DOCX, PPTX, XLSX);
- OCR (the scan-to-text step is called that in Chinese software too), MB/KB (sizes), the text
  encodings a Notepad save dialog names (UTF, GBK), the two databases an administrator picks
  (PostgreSQL, SQLite);
- `z` in `z 值`, the one statistic named by its letter in the sentences the pages use to explain it;
  `A`/`B` for the two sides of a comparison (`A 方`, `B 方`); `Esc`, printed on the key it names;
- inside the 方法说明 expander and the slides' speaker notes only (issue 22 moves method names
  there, out of the charts and captions): the method names and the authors they cite
  (METHOD_NAMES); the collectors mark such text with NOTE_MARK;
- the Latin words of the reports themselves (`1＋N`): report text is data shown as evidence, not UI.
Material-icon ligatures (`dashboard`) are not text a user sees and are skipped by the collectors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ALLOWED = frozenset(
    {
        "ppt", "pptx", "excel", "word", "wps", "libreoffice", "csv", "png", "html", "zip", "pdf",
        "txt", "docx", "xlsx", "doc", "rtf", "odt", "jpg", "jpeg", "tif", "tiff",
        "ocr", "mb", "kb", "utf", "gbk", "postgresql", "sqlite", "z", "a", "b", "esc",
    }
)  # fmt: skip
# Allowed in method notes only (text that starts with NOTE_MARK).
METHOD_NAMES = frozenset(
    {
        "tf",
        "idf",
        "dice",
        "jaccard",
        "textrank",
        "pagerank",
        "nmf",
        "mds",
        "gram",
        "monroe",
        "colaresi",
        "quinn",
    }
)
NOTE_MARK = "\u2063方法说明\u2063"  # invisible separators around the expander's title

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

# A file name or bare extension: "报告.docx", "a_b.txt", ".zip" — removed before tokenizing.
_FILE = re.compile(
    r"[^\s/\\:*?\"<>|，。；、（）()]*\.(?:docx?|txt|pdf|wps|rtf|odt|jpe?g|png|tiff?|zip|csv|xlsx?"
    r"|pptx?|html?|db|json|yaml|yml)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")


def latin_tokens(text: str) -> list[str]:
    """The runs of Latin letters in `text`, file names and extensions left out."""
    return _WORD.findall(_FILE.sub(" ", text))


@cache
def report_tokens() -> frozenset[str]:
    """The Latin words inside the sample reports (data, not UI), lower-cased."""
    words = (latin_tokens(p.read_text(encoding="utf-8")) for p in SAMPLES.glob("*.txt"))
    return frozenset(w.lower() for ws in words for w in ws)


def offending(texts: Iterable[str], extra: Iterable[str] = ()) -> dict[str, str]:
    """Each Latin token not allowed (case-insensitive), with the first text it was seen in."""
    allowed = ALLOWED | report_tokens() | {t.lower() for t in extra}
    in_notes = allowed | METHOD_NAMES
    found: dict[str, str] = {}
    for text in texts:
        ok = in_notes if text.startswith(NOTE_MARK) else allowed
        for token in latin_tokens(text):
            if token.lower() not in ok and token not in found:
                found[token] = text.strip()[:120]
    return found
