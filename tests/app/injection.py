"""Hostile user text planted in a store, and the checks that a page rendered it inert.

A branch, a title and a theme hold Markdown images and links, KaTeX math and HTML links; every
Markdown-rendered string of a page (titles, captions, markdown, alerts, expander and metric
labels) must show them escaped, and every plotly figure must carry them HTML-escaped.
"""

from __future__ import annotations

import json
import re

import yaml
from streamlit.testing.v1 import AppTest

EVIL = (
    '![x](http://example.invalid/x.png) $$x$$ <a href="http://example.invalid">a</a> '
    "[a](javascript:alert(1))"
)
BRANCH_A, BRANCH_B = f"甲{EVIL}", f"乙{EVIL}"
# Theme names are short (at most 40 characters) and hold no colon: a shorter payload of each kind.
THEME = "题![x](//e.in/x.png)$$x$$<a href=//e>"
# Markup that renders when not escaped: an image or link opener, display math, an HTML link.
_LIVE_MARKDOWN = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)\$(?<!\\)\$|(?<!\\)<a\b")
_LIVE_HTML = re.compile(r"<a\b|<img\b", re.I)
# How the planted text reads once escaped (proof that it reached the page at all).
ESCAPED_MD = r"\!\[x\]\(http"
ESCAPED_HTML = "&lt;a href="


def plant(db_path) -> None:
    """The sample corpus with reports 1 and 3 renamed to hostile branches and titles, and a
    theme dictionary whose first theme has a hostile name."""
    from analysis.corpus.loading import ensure_samples
    from analysis.store.database import CorpusStore

    store = CorpusStore(str(db_path))
    ensure_samples(store)
    for rid, branch in ((1, BRANCH_A), (3, BRANCH_B)):
        fields = {"branch": branch, "title": f"标题{EVIL}"}
        store.update_metadata(rid, fields, store.get(rid).version)
    themes = {THEME: {"words": ["党建", "党员", "服务"]}, "组织生活": {"words": ["三会一课"]}}
    store.set_resource("themes", yaml.safe_dump(themes, allow_unicode=True))


def markdown_strings(at: AppTest) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [str(e.label) for e in at.expander]
    out += [str(e.label) for e in at.metric]
    return out


def live_markdown(at: AppTest) -> list[str]:
    """Markdown strings in which the planted markup would render."""
    return [s for s in markdown_strings(at) if _LIVE_MARKDOWN.search(s)]


def _strings(node: object) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):  # customdata is never drawn (the click returns it as data)
        return [s for k, v in node.items() if k != "customdata" for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def figure_strings(at: AppTest) -> list[str]:
    """Every string of every plotly figure on the page (labels, hover texts, titles)."""
    specs = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    return [
        s
        for spec in specs
        for s in _strings(spec.get("data", [])) + _strings(spec.get("layout", {}))
    ]


def live_figure_text(at: AppTest) -> list[str]:
    """Figure strings holding live HTML (a link or an image plotly would draw)."""
    return [s for s in figure_strings(at) if _LIVE_HTML.search(s)]
