"""User text made inert for each medium it is shown in: Markdown, HTML, chart labels, spreadsheets.

Every string a user controls (a report's text, title, branch name, a theme or dictionary word) is
data. One function per medium, used by every page and every export, so nothing renders as markup,
math, a link, an image or a formula.
"""

from __future__ import annotations

import html
import re
from typing import Any

# ASCII punctuation Markdown (and Streamlit's KaTeX "$") may read as markup, e.g.
# "1. *注意* [链接](x)" -> "1\. \*注意\* \[链接\]\(x\)".
_MD_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# What GitHub-flavoured Markdown links even when escaped (it scans the text after unescaping):
# "http://x", "www.x", "a@b.c". An invisible word joiner inside each keeps it plain text.
_AUTOLINK = re.compile(r"://|(?i:www)\.|@")
_JOINER = "\u2060"
# Line breaks of every flavour: a label is one line.
_BREAKS = re.compile(r"\r\n?|[\n\t\u2028\u2029\x85\x0b\x0c]")
# C0/C1 control characters other than tab and newline (an ESC from a title breaks Excel and terminals).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters a spreadsheet reads as the start of a formula (OWASP's list; tab and CR too).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown(text: Any) -> str:
    """Text made inert for Markdown (and LaTeX): ASCII punctuation escaped, breaks as spaces, and
    bare URLs and e-mail addresses kept from becoming links."""
    plain = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + _JOINER + m.group(0)[-1], str(text))
    return _MD_SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", plain))


def html_text(text: Any) -> str:
    """Text made inert for HTML: <, >, & and quotes as entities."""
    return html.escape(str(text), quote=True)


def chart_label(text: Any) -> str:
    """Text made inert for a plotly label or hover text (plotly reads a subset of HTML: <a>, <b>…)."""
    return html.escape(_BREAKS.sub(" ", str(text)), quote=False)


def drop_controls(text: str) -> str:
    """Text without control characters other than tab and newline."""
    return CONTROL_RE.sub("", text)


# Bidirectional formatting characters: U+202E makes "exe.txt" read "txt.exe"; never in a name.
BIDI_RE = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")


def stored_name(text: str) -> str:
    """A title, branch, organization or file name as stored: one line, without control or
    bidirectional formatting characters (terminal escapes, BEL, U+202E), whatever its source."""
    return _LINE_BREAKS.sub(" ", BIDI_RE.sub("", drop_controls(text)))


def spreadsheet_text(text: str) -> str:
    """A text cell that a spreadsheet shows as text: no control characters, and a leading
    formula character (= + - @) quoted with an apostrophe, e.g. '=HYPERLINK(…)'."""
    text = drop_controls(text)
    return "'" + text if text.startswith(_FORMULA_START) else text
