"""Compact per-report theme results: counts, hit spans and outline-item themes without copies of
the report text, and their stored (JSON) form.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from analysis.core.models import AnalysisError, Measure
from analysis.text.theme_dictionary import ThemeDictionary
from analysis.text.theme_scoring import scan_sentences, tag_items, theme_tagger

# ---------------------------------------------------------------- compact per-report results

# Bump when scoring or tagging changes: persisted ReportThemes carry it in their cache key.
THEMES_VERSION = 2  # 2: words inside organization names are no hits


@dataclass(frozen=True)
class ReportThemes:
    """One report's theme results without copies of its text, for corpus-wide tables.

    `spans` holds 4 ints per hit (theme index, start, sentence start, sentence end): the evidence
    sentence is cut from the report text only when shown (`evidence_sentence`).
    """

    counts: tuple[int, ...]  # hits per theme, in dictionary order
    spans: array  # array("i"), flat
    terms: tuple[str, ...]  # the matched term of each hit
    item_themes: tuple[tuple[str, ...], ...]  # primary themes of each outline item, in order


@lru_cache(maxsize=4096)
def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple object per distinct theme combination (outline items repeat a few of them)."""
    return names


def report_themes(text: str, items: Iterable[Measure], d: ThemeDictionary) -> ReportThemes:
    """Theme hits of a report text and the primary themes of its outline items (one pass each)."""
    counts = [0] * len(d.themes)
    spans = array("i")
    terms: list[str] = []
    for i, term, start, s_start, s_end in scan_sentences(text, d):
        counts[i] += 1
        spans.extend((i, start, s_start, s_end))
        terms.append(sys.intern(term))
    tagged = tuple(map(_shared, tag_items(((m.title, m.text) for m in items), theme_tagger(d))))
    return ReportThemes(tuple(counts), spans, tuple(terms), tagged)


def themes_fingerprint(d: ThemeDictionary) -> str:
    """A stable hash of what scoring reads (each theme's words and rules, in order, and the
    scoring version): persisted results survive edits of names, descriptions and notes."""
    rules = [(t.words, t.all, t.not_) for t in d.themes]
    return hashlib.sha256(f"v{THEMES_VERSION}{rules!r}".encode()).hexdigest()[:16]


def report_themes_to_dict(r: ReportThemes, d: ThemeDictionary) -> dict:
    """JSON-able form of `r`; each outline item's themes as one int (dictionary indices + 1,
    one byte each: "政治建设" then "组织生活" -> 1 + 3 * 256)."""
    index = {name: i + 1 for i, name in enumerate(d.names)}
    return {
        "c": list(r.counts),
        "s": r.spans.tolist(),
        "t": list(r.terms),
        "m": [sum(index[n] << (8 * k) for k, n in enumerate(names)) for names in r.item_themes],
    }


def _themes_of(code: int, names: tuple[str, ...]) -> tuple[str, ...]:
    """The theme names an item code of `report_themes_to_dict` stands for."""
    out = []
    while code:
        i = code & 0xFF
        if code < 0 or not 0 < i <= len(names):
            raise IndexError(f"主题编号 {code}")
        out.append(names[i - 1])
        code >>= 8
    return _shared(tuple(out))


def report_themes_from_dict(data: dict, d: ThemeDictionary) -> ReportThemes:
    """Inverse of `report_themes_to_dict` for the same dictionary; AnalysisError if it does not fit."""
    names = d.names
    try:
        counts = tuple(int(c) for c in data["c"])
        spans = array("i", data["s"])
        terms = tuple(map(sys.intern, data["t"]))
        combos: dict[int, tuple[str, ...]] = {}  # few distinct codes per report
        items = tuple(
            combos[c] if c in combos else combos.setdefault(c, _themes_of(c, names))
            for c in data["m"]
        )
    except (KeyError, TypeError, ValueError, IndexError, OverflowError) as exc:
        raise AnalysisError(f"缓存的主题结果已损坏：{exc}") from None
    if len(counts) != len(names) or len(spans) != 4 * len(terms):
        raise AnalysisError("缓存的主题结果与主题词典不一致。")
    return ReportThemes(counts, spans, terms, items)
