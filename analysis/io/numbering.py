"""Word's automatic list numbering turned back into typed markers: 一、 （一） 1. （1） 1.2 …

A .docx paragraph whose outline number comes from numbering.xml (w:numPr on the paragraph or on
its style) has no marker in its text. `parse_numbering` reads the definitions once (abstract lists,
their levels' number format, level text such as '%1、' or '（%1）', start values, per-list restarts,
levels linked to heading styles); a `ListCounter` then gives each numbered paragraph, in document
order, the marker Word would draw: counters are kept per list, a level advancing resets the levels
below it (or as w:lvlRestart says), and '%1.%2' shows every level's current value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_LEVELS = 9  # Word lists have levels 0-8
_DIGITS = "〇一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
# Counting formats written the way a Chinese writer types them: 一 … 十 十一 二十 一百零一.
_COUNTING = frozenset(
    {
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "chineseLegalSimplified",
    }
)
# Markers that already end in punctuation take the paragraph text right after them, as typed.
_CLOSING = tuple("、）)．.，,：:")


@dataclass(frozen=True)
class Level:
    """One level of a list: number format, level text ('%1、'), start value and restart rule."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this 1-based level (0 = never)
    style: str = ""  # a paragraph style linked to this level (numbered headings)
    legal: bool = False  # w:isLgl: every level shown as a decimal number
    suffix: str = "tab"  # w:suff: tab, space or nothing after the marker


@dataclass(frozen=True)
class ListDef:
    """A w:num: the abstract list it uses and its per-level overrides (a restarted list)."""

    abstract: str
    starts: Mapping[int, int] = field(default_factory=dict)  # w:startOverride per level
    levels: Mapping[int, Level] = field(default_factory=dict)  # a w:lvl inside w:lvlOverride


@dataclass(frozen=True)
class Numbering:
    """Every list definition of a document, and the numbering each paragraph style carries."""

    abstracts: Mapping[str, Mapping[int, Level]] = field(default_factory=dict)
    lists: Mapping[str, ListDef] = field(default_factory=dict)
    style_lists: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """The definition of level `ilvl` of list `num_id` (its override first), or None."""
        num = self.lists.get(num_id)
        if num is None:
            return None
        if ilvl in num.levels:
            return num.levels[ilvl]
        return self.abstracts.get(num.abstract, {}).get(ilvl)

    def style_level(self, num_id: str, style: str) -> int:
        """The level of list `num_id` linked to paragraph style `style` (numbered headings), else 0."""
        num = self.lists.get(num_id)
        levels = self.abstracts.get(num.abstract, {}) if num is not None else {}
        return next((i for i, lvl in levels.items() if lvl.style == style), 0)


def _chinese(value: int) -> str:
    """A positive integer in Chinese counting: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五."""
    if value <= 0:
        return _DIGITS[0]
    if value >= 10000:
        return "".join(_DIGITS[int(d)] for d in str(value))
    parts: list[str] = []
    rest, zero = value, False
    for unit, name in _UNITS:
        digit, rest = divmod(rest, unit)
        if digit:
            if zero:
                parts.append("零")
            parts.append(("" if unit == 10 and digit == 1 and not parts else _DIGITS[digit]) + name)
            zero = False
        elif parts:
            zero = True
    if rest:
        if zero:
            parts.append("零")
        parts.append(_DIGITS[rest])
    return "".join(parts)


def _roman(value: int) -> str:
    """A positive integer in lower-case Roman numerals."""
    parts = []
    for unit, letters in _ROMAN:
        count, value = divmod(value, unit)
        parts.append(letters * count)
    return "".join(parts)


def _letters(value: int) -> str:
    """Word's letter numbering: a … z, then aa … zz, aaa …"""
    index = max(value, 1) - 1
    return chr(ord("a") + index % 26) * (index // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    """`value` in Word number format `fmt` ('decimal', 'chineseCounting', 'ideographDigital' …)."""
    if fmt in _COUNTING:
        return _chinese(value)
    if fmt == "ideographDigital":
        return "".join(_DIGITS[int(d)] for d in str(max(value, 0)))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[value - 1] if 1 <= value <= len(_CIRCLED) else str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(value)


def _val(parent: _Element, tag: str) -> str | None:
    """The w:val of `parent`'s child `tag`, or None when there is no such child."""
    child = parent.find(f"{_W}{tag}")
    return None if child is None else child.get(_VAL)


def _int(raw: str | None, default: int | None) -> int | None:
    """An integer attribute value, or `default` when absent or not a number."""
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def _level(lvl: _Element) -> Level:
    """A w:lvl element as a Level."""
    ppr = lvl.find(f"{_W}pPr")
    legal = lvl.find(f"{_W}isLgl")
    return Level(
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        start=_int(_val(lvl, "start"), 1) or 0,
        restart=_int(_val(lvl, "lvlRestart"), None),
        style=_val(lvl, "pStyle") or (_val(ppr, "pStyle") or "" if ppr is not None else ""),
        legal=legal is not None and legal.get(_VAL, "1") not in ("0", "false", "off"),
        suffix=_val(lvl, "suff") or "tab",
    )


def _levels(parent: _Element) -> dict[int, Level]:
    """The w:lvl children of an abstract list (or of overrides) by level index."""
    out: dict[int, Level] = {}
    for lvl in parent.iterchildren(f"{_W}lvl"):
        ilvl = _int(lvl.get(f"{_W}ilvl"), None)
        if ilvl is not None and 0 <= ilvl < _LEVELS:
            out[ilvl] = _level(lvl)
    return out


def _list_def(num: _Element) -> ListDef:
    """A w:num element: its abstract list id, start overrides and level overrides."""
    starts: dict[int, int] = {}
    levels: dict[int, Level] = {}
    for override in num.iterchildren(f"{_W}lvlOverride"):
        ilvl = _int(override.get(f"{_W}ilvl"), None)
        if ilvl is None or not 0 <= ilvl < _LEVELS:
            continue
        start = _int(_val(override, "startOverride"), None)
        if start is not None:
            starts[ilvl] = start
        levels.update({i: lvl for i, lvl in _levels(override).items() if i == ilvl})
    return ListDef(abstract=_val(num, "abstractNumId") or "", starts=starts, levels=levels)


def _style_lists(styles: _Element | None) -> dict[str, tuple[str, int | None]]:
    """(numId, ilvl or None) each paragraph or numbering style carries, following w:basedOn."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    if styles is None:
        return {}
    for style in styles.iterchildren(f"{_W}style"):
        style_id = style.get(f"{_W}styleId") or ""
        base = _val(style, "basedOn")
        if base:
            based[style_id] = base
        numpr = style.find(f"{_W}pPr/{_W}numPr")
        if numpr is not None:
            own[style_id] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl"), None))
    out: dict[str, tuple[str, int | None]] = {}
    for style_id in set(own) | set(based):
        current, seen = style_id, set()
        while current and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current, "")
        num_id, ilvl = own.get(current, (None, None))
        if num_id:
            out[style_id] = (num_id, ilvl)
    return out


def parse_numbering(numbering: _Element | None, styles: _Element | None = None) -> Numbering:
    """Read word/numbering.xml (and the numbering of styles.xml's styles) once per document."""
    style_lists = _style_lists(styles)
    if numbering is None:
        return Numbering(style_lists=style_lists)
    abstracts: dict[str, dict[int, Level]] = {}
    links: dict[str, str] = {}  # abstract list -> numbering style it takes its levels from
    for abstract in numbering.iterchildren(f"{_W}abstractNum"):
        key = abstract.get(f"{_W}abstractNumId") or ""
        abstracts[key] = _levels(abstract)
        link = _val(abstract, "numStyleLink")
        if link:
            links[key] = link
    lists = {
        num.get(f"{_W}numId") or "": _list_def(num) for num in numbering.iterchildren(f"{_W}num")
    }
    for key, style in links.items():  # a list defined by a numbering style uses that style's list
        target = lists.get(style_lists.get(style, ("", None))[0])
        if target is not None and target.abstract in abstracts and target.abstract != key:
            abstracts[key] = abstracts[target.abstract]
    return Numbering(abstracts=abstracts, lists=lists, style_lists=style_lists)


class ListCounter:
    """The running counters of a document's lists, advanced paragraph by paragraph in order."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.values: dict[str, list[int | None]] = {}

    def _key(self, num_id: str) -> str:
        """Whose counters a list uses: its own when it restarts (overrides), else its abstract's."""
        num = self.numbering.lists[num_id]
        return "num:" + num_id if num.starts or num.levels else "abstract:" + num.abstract

    def _start(self, num_id: str, ilvl: int) -> int:
        """The first value of level `ilvl` of list `num_id` (its start override first)."""
        num = self.numbering.lists[num_id]
        if ilvl in num.starts:
            return num.starts[ilvl]
        level = self.numbering.level(num_id, ilvl)
        return level.start if level is not None else 1

    def advance(self, num_id: str, ilvl: int) -> list[int]:
        """Count one paragraph at level `ilvl` of `num_id`; the current value of every level."""
        values = self.values.setdefault(self._key(num_id), [None] * _LEVELS)
        current = values[ilvl]
        values[ilvl] = self._start(num_id, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            level = self.numbering.level(num_id, deeper)
            restart = level.restart if level is not None and level.restart is not None else deeper
            if ilvl < restart:
                values[deeper] = None
        return [v if v is not None else self._start(num_id, i) for i, v in enumerate(values)]

    def marker(self, num_id: str | None, ilvl: int | None, style: str = "") -> str:
        """The marker a numbered paragraph shows, with its separator ('一、', '1. '), or ''."""
        if num_id is None and style:
            num_id, style_ilvl = self.numbering.style_lists.get(style, (None, None))
            if ilvl is None:
                ilvl = style_ilvl
        if not num_id or num_id == "0" or num_id not in self.numbering.lists:
            return ""
        if ilvl is None:
            ilvl = self.numbering.style_level(num_id, style) if style else 0
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        level = self.numbering.level(num_id, ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        values = self.advance(num_id, ilvl)
        return _with_suffix(self._render(num_id, level, values), level.suffix)

    def _render(self, num_id: str, level: Level, values: list[int]) -> str:
        """A level text with each '%n' replaced by level n's value in that level's format."""
        out: list[str] = []
        text, i = level.text, 0
        while i < len(text):
            char = text[i]
            if char == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
                index = int(text[i + 1]) - 1
                shown = self.numbering.level(num_id, index)
                fmt = shown.fmt if shown is not None else "decimal"
                if level.legal and fmt not in ("none", "bullet"):
                    fmt = "decimal"
                out.append(format_number(values[index], fmt))
                i += 2
                continue
            out.append(char)
            i += 1
        return "".join(out).strip()


def _with_suffix(marker: str, suffix: str) -> str:
    """The marker as it reads before the paragraph text: '一、' as is, '1' and '1.1' with a space."""
    if not marker or marker.endswith(_CLOSING) or suffix == "nothing":
        return marker
    return marker + " "


def markers(
    numbering: Numbering, paragraphs: Iterable[tuple[str | None, int | None, str]]
) -> list[str]:
    """The marker of each (numId, ilvl, style) paragraph in order: the counters of one document."""
    counter = ListCounter(numbering)
    return [counter.marker(num_id, ilvl, style) for num_id, ilvl, style in paragraphs]


def numbered(marker: str, text: str) -> str:
    """A paragraph's text with its list marker restored; '1.' before a digit keeps a space."""
    if not marker:
        return text
    if marker.endswith((".", "．")) and text[:1].isdigit():
        return marker + " " + text
    return marker + text
