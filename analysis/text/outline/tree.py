"""Outline parser, the tree: nest nodes by level, collect the items as measures, freeze the nodes."""

from __future__ import annotations

from analysis.core.models import Measure, OutlineNode
from analysis.text.outline.nodes import Node
from analysis.text.outline.patterns import ITEM_KIND


def build_tree(text: str, nodes: list[Node]) -> list[Node]:
    """Nest nodes by level; a node ends where the next node of its level or higher starts."""
    roots: list[Node] = []
    stack: list[Node] = []
    for node in nodes:
        while stack and stack[-1].level >= node.level:
            _close(text, stack.pop(), node.start)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    while stack:
        _close(text, stack.pop(), len(text))
    return roots


def _close(text: str, node: Node, end: int) -> None:
    """Set a node's end, trimming trailing whitespace."""
    end = max(end, node.head_end)
    while end > node.start and text[end - 1].isspace():
        end -= 1
    node.end = end
    node.head_end = min(node.head_end, end)


def collect_measures(
    text: str, nodes: list[Node], path: tuple[str, ...], out: list[Measure], where: str = ""
) -> None:
    """Measures of every item node, in document order, with their place in the outline tree.

    `path` is the dotted position of the node among its siblings ("2.1.3"), `parent` the path
    of the node above it ("" at the top), `section` the titles of the headings above it.
    """
    for k, n in enumerate(nodes, 1):
        here = f"{where}.{k}" if where else str(k)
        kept = n.item and bool(n.title)  # a bare marker ("1、" alone, "一、" over "（一）") is none
        if kept:
            out.append(
                Measure(
                    title=n.title,
                    level=n.level,
                    kind=ITEM_KIND.get(n.kind, "other"),
                    section=path,
                    text=text[n.start : n.end],
                    start=n.start,
                    end=n.end,
                    path=here,
                    parent=where,
                    has_children=any(c.item for c in n.children),
                )
            )
        collect_measures(text, n.children, path + (n.title,), out, here)


def freeze(n: Node) -> OutlineNode:
    """Frozen OutlineNode tree from a parsing node."""
    return OutlineNode(
        level=n.level,
        marker=n.marker,
        title=n.title,
        kind=n.kind,
        start=n.start,
        end=n.end,
        children=tuple(freeze(c) for c in n.children),
    )
