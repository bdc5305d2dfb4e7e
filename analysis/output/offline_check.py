"""Whether an HTML page opens offline: the references a browser would fetch from the network."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_FETCH_ATTRS = {"src", "href", "data", "poster", "srcset", "background", "action", "formaction"}
# A CSS reference that the browser would fetch, e.g. "@import url(http://x)" or "url('https://x')".
_CSS_FETCH = re.compile(
    r"""(?:@import\s+(?:url\(\s*)?["']?|url\(\s*["']?)\s*(?:https?:)?//""", re.I
)
# An attribute value pointing at the network: "http://…", "https://…" or protocol-relative "//…".
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)


class _RefFinder(HTMLParser):
    """Collects fetchable external references: element src/href/… attributes (not <a> links),
    inline style attributes and <style> blocks (script bodies are code, not references)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if tag != "a" and name in _FETCH_ATTRS and _REMOTE.match(value):
                self.refs.append(f"<{tag} {name}={value}>")
            if name == "style" and _CSS_FETCH.search(value):
                self.refs.append(f"<{tag} style={value}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += [m.group(0) for m in _CSS_FETCH.finditer(data)]


def external_references(markup: str) -> list[str]:
    """Fetchable external references in an HTML page; an empty list means it opens offline."""
    finder = _RefFinder()
    finder.feed(markup)
    finder.close()
    return finder.refs
