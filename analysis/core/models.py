"""Frozen data types shared by every analysis module: the contract between analysis/ and the UI.

All offsets (`start`, `end`) index into `Cleaned.text` (the normalized analysis text), so a page
can jump from a measure or an indicator to its place in the displayed text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Section kinds, from the heading words of a top-level section.
SECTION_KINDS = ("background", "practice", "result", "problem", "plan", "other")
# Item kinds: a measure sits under a practice section, an effect under a result section, ...
ITEM_KINDS = ("measure", "effect", "problem", "plan", "background", "other")
# Indicator categories, so pages compare like with like.
INDICATOR_CATEGORIES = (
    "people",
    "events",
    "organizations",
    "money",
    "rate",
    "area",
    "items",
    "other",
    "age",
)
# Ages ("平均年龄44岁", "60岁以上党员19人") describe people, they are no achievement: their own
# category, averaged like rates and never added into a total.
AGE = "age"
AVERAGED_CATEGORIES = frozenset({"rate", AGE})
# Chinese names of the indicator categories, for tables and charts.
CATEGORY_LABELS = {
    "people": "人员",
    "events": "活动",
    "organizations": "组织",
    "money": "资金",
    "rate": "比率",
    "area": "面积",
    "items": "事项",
    "other": "其他",
    "age": "年龄",
}


class AnalysisError(ValueError):
    """Bad input to an analysis function; `message` is a Chinese sentence fit for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Extracted:
    """Text read from one file, before cleaning. `hints` are Word heading-style paragraphs."""

    text: str
    fmt: str  # "txt" | "docx" | "pdf" | "doc" | "wps" | "rtf" | "odt" | "image"
    encoding: str = ""  # for txt: the encoding that decoded it
    hints: tuple[tuple[int, str], ...] = ()  # (heading level 1-4, paragraph text)
    ocr: bool = False  # read by OCR (a scanned PDF or an image)
    ocr_confidence: float | None = None  # mean recognition confidence (0-1) when read by OCR


@dataclass(frozen=True)
class Cleaned:
    """Normalized analysis text (lines kept) plus what cleaning removed or counted."""

    text: str
    captions: tuple[str, ...] = ()  # photo captions, 来源 lines, editor's notes kept out
    redactions: int = 0  # redaction marks found (each run of * / × / X counts once)
    traditional: bool = False  # Traditional characters were converted to Simplified


@dataclass(frozen=True)
class OutlineNode:
    """One heading or item of the report outline (level 1 = 一、 … 5 = inline 一是)."""

    level: int
    marker: str  # "一、", "（一）", "1.", "（1）", "一是", "首先", "" (short-line heading)
    title: str
    kind: str  # section kind (SECTION_KINDS), inherited from the top-level section
    start: int
    end: int
    children: tuple[OutlineNode, ...] = ()


@dataclass(frozen=True)
class Measure:
    """An item of the outline seen as a practice (or an effect, problem, plan …)."""

    title: str
    level: int
    kind: str  # ITEM_KINDS
    section: tuple[str, ...]  # titles of the headings above it, outermost first
    text: str
    start: int
    end: int
    themes: tuple[str, ...] = ()
    path: str = ""  # place in the outline tree: "2.1.3" (1-based positions among siblings)
    parent: str = ""  # path of the outline node above it ("" at the top)
    has_children: bool = False  # items sit below it: leaves only = not has_children


@dataclass(frozen=True)
class Structure:
    outline: tuple[OutlineNode, ...] = ()
    measures: tuple[Measure, ...] = ()  # every item; `facts.is_practice(kind)` picks the practices


@dataclass(frozen=True)
class Indicator:
    value: float | None  # None when redacted
    unit: str
    subject: str
    approx: bool
    redacted: bool
    category: str  # INDICATOR_CATEGORIES
    raw: str  # the matched text, e.g. "6万余人"
    sentence: str
    start: int


@dataclass(frozen=True)
class Formulation:
    term: str
    count: int
    numbered: bool  # 三会一课 (True) vs a named initiative such as 红色管家 (False)


@dataclass(frozen=True)
class Keyword:
    term: str
    count: int
    weight: float


@dataclass(frozen=True)
class ThemeHit:
    theme: str
    term: str
    sentence: str
    start: int


@dataclass(frozen=True)
class ThemeScores:
    scores: dict[str, float] = field(default_factory=dict)  # theme -> hits per 10,000 chars
    counts: dict[str, int] = field(default_factory=dict)  # theme -> raw hits
    hits: tuple[ThemeHit, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Everything computed from one report's text that does not depend on the theme dictionary."""

    title: str
    chars: int
    cleaned: Cleaned
    structure: Structure
    indicators: tuple[Indicator, ...]
    formulations: tuple[Formulation, ...]
    term_counts: dict[str, int]  # after punctuation/number/general-stopword filtering
    bigram_counts: dict[str, int]  # adjacent content-word pairs "词1 词2", count >= 2
    failed: tuple[str, ...] = ()  # pipeline steps that crashed (never cached; see pipeline.STEPS)
    # Organization names written in the text at least twice (analysis.text.org_terms.found_names);
    # None when not computed (an Analysis built by hand): analysis.text.org_terms scans the text.
    org_names: tuple[str, ...] | None = None


def to_dict(obj: Any) -> Any:
    """Plain JSON-able dict of a dataclass (tuples become lists)."""
    return asdict(obj)


def _node(d: dict) -> OutlineNode:
    return OutlineNode(**{**d, "children": tuple(_node(c) for c in d.get("children", ()))})


def _measure(d: dict) -> Measure:
    return Measure(**{**d, "section": tuple(d["section"]), "themes": tuple(d.get("themes", ()))})


def analysis_from_dict(d: dict) -> Analysis:
    """Inverse of `to_dict` for Analysis (used by the store's cache)."""
    c = d["cleaned"]
    s = d["structure"]
    return Analysis(
        title=d["title"],
        chars=d["chars"],
        cleaned=Cleaned(**{**c, "captions": tuple(c["captions"])}),
        structure=Structure(
            outline=tuple(_node(n) for n in s["outline"]),
            measures=tuple(_measure(m) for m in s["measures"]),
        ),
        indicators=tuple(Indicator(**i) for i in d["indicators"]),
        formulations=tuple(Formulation(**f) for f in d["formulations"]),
        term_counts=dict(d["term_counts"]),
        bigram_counts=dict(d["bigram_counts"]),
        failed=tuple(d.get("failed", ())),
        org_names=None if d.get("org_names") is None else tuple(d["org_names"]),
    )
