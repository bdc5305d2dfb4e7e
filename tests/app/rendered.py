"""What an AppTest run shows through Markdown (and KaTeX), and the strings of its plotly charts:
the text a hostile report, branch or theme name could turn into markup."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser

from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

# Fields Streamlit renders as Markdown: element bodies, labels (widgets, expanders, tabs,
# metrics), help tooltips, image captions, progress texts.
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "text"}
# Option lists rendered as Markdown (radio buttons, pills, segmented controls); a selectbox's or
# multiselect's options are plain text.
MARKDOWN_OPTIONS = {"Radio": "options", "ButtonGroup": "options"}
# Element types whose text is plain (or not shown as Markdown): tables, code, plain text, inputs.
# Html bodies are HTML, not Markdown (st.html renders no Markdown): see `html_texts`.
PLAIN = {
    "Arrow",
    "ArrowNamedDataFrame",
    "Code",
    "Text",
    "TextArea",
    "TextInput",
    "PlotlyChart",
    "Html",
}
# The only markup the pages' own HTML (analysis.corpus.highlight, the jump box) holds.
OWN_TAGS = {"p", "mark", "strong"}
OWN_ATTRIBUTES = {"class", "style", "data-key"}


def _strings(msg: Message) -> Iterator[str]:
    """The Markdown-rendered strings of one element proto (recursing into sub-messages)."""
    kind = msg.DESCRIPTOR.name
    if kind in PLAIN:
        return
    for field, value in msg.ListFields():
        if field.name == MARKDOWN_OPTIONS.get(kind):
            for option in value:
                yield option if isinstance(option, str) else getattr(option, "content", "")
        elif field.type == field.TYPE_MESSAGE:
            for item in [value] if isinstance(value, Message) else value:
                yield from _strings(item)
        elif field.type == field.TYPE_STRING and field.name in MARKDOWN_FIELDS:
            yield from [value] if isinstance(value, str) else value


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markdown_texts(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown."""
    out: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            out += [s for s in _strings(proto) if s]
    return out


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def chart_texts(at: AppTest) -> list[str]:
    """Every string in the page's plotly figures (labels, hover texts, titles)."""
    return [
        s for chart in at.get("plotly_chart") for s in _json_strings(json.loads(chart.proto.spec))
    ]


def html_texts(at: AppTest) -> list[str]:
    """The bodies of the page's st.html elements, but the app's own style block (views/chrome.py:
    constant CSS, no user text) that every page carries."""
    from views.chrome import style_block

    own = style_block()
    return [body for body in (str(h.value) for h in at.get("html")) if body != own]


class _Markup(HTMLParser):
    """The tags and attribute names of an HTML string."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


def foreign_markup(body: str) -> set[str]:
    """Tags and attributes of an HTML body that are not the pages' own (planted markup that
    would render: a link, an image, a script, an event handler)."""
    markup = _Markup()
    markup.feed(body)
    return (markup.tags - OWN_TAGS) | (markup.attributes - OWN_ATTRIBUTES)
