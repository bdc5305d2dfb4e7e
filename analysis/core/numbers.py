"""Numeral helpers shared by indicators and formulations: folding and parsing Chinese/Arabic numbers.

`fold` maps full-width and Traditional number/unit characters to their plain forms one character for
one character, so offsets in the folded text are offsets in the original text.
"""

from __future__ import annotations

import math
import re

# Full-width digits, Latin letters and number symbols -> half-width ("２０２３" -> "2023", "＋" -> "+").
_HALF_WIDTH = {
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
    **{c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)},
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
    **{ord(c): ord(c) - 0xFEE0 for c in "＊％＋－．／"},
}
# Traditional (and variant) characters used around numbers -> Simplified, one char for one char.
_TRAD_PAIRS = (
    "萬万億亿餘余馀余兩两場场個个項项條条戶户約约幾几過过達达計计總总來来貳贰參参陸陆"
    "點点張张處处間间類类輛辆冊册噸吨週周歲岁臺台與与舉举辦办織织黨党員员會会議议動动開开組组"
    "務务業业區区為为對对從从於于將将讓让體体數数現现實实設设評评獲获"
)
_TRAD = {ord(_TRAD_PAIRS[i]): ord(_TRAD_PAIRS[i + 1]) for i in range(0, len(_TRAD_PAIRS), 2)}
_FOLD = {**_HALF_WIDTH, **_TRAD, 0xA0: 0x20, 0x3000: 0x20}
# Any character `fold` changes. Most texts have none or few, and a regex search skips the rest in
# C: ~15x faster than str.translate, which looks every character up in the table.
_FOLD_RE = re.compile("[" + "".join(map(chr, sorted(_FOLD))) + "]")
_FOLD_CHARS = {chr(k): chr(v) for k, v in _FOLD.items()}

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_WAN = {"万"}

# Characters of a Chinese numeral (after folding), for regex classes.
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(_CN_SMALL_UNITS) + "万亿"
# Characters a Chinese numeral may start with (not 百/千/万/亿: "千家万户" is no count).
CN_NUMERAL_START = "".join(CN_DIGITS) + "十拾"

# An Arabic number with optional thousands separators and decimals, e.g. "1,200", "96.5".
_ARABIC_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")

MULTIPLIERS = {"十": 10.0, "百": 100.0, "千": 1000.0, "万": 1e4, "亿": 1e8}


def fold(text: str) -> str:
    """Half-width digits/letters and Simplified number words, keeping every offset unchanged."""
    return _FOLD_RE.sub(lambda m: _FOLD_CHARS[m.group()], text)


def parse_arabic(s: str) -> float | None:
    """The value of an Arabic number such as "1,200" or "96.5"; None if `s` is not one."""
    s = fold(s).strip()
    if not _ARABIC_RE.fullmatch(s):
        return None
    return float(s.replace(",", ""))


def _digit_by_digit(s: str) -> int | None:
    """ "二〇二三" -> 2023; a run of bare digits without a zero ("三四") is a range, not a number."""
    if len(s) == 1:
        return CN_DIGITS[s]
    if not any(c in "零〇" for c in s):
        return None
    return int("".join(str(CN_DIGITS[c]) for c in s))


def parse_chinese_numeral(s: str) -> int | None:
    """The value of a Chinese numeral such as "十六", "两千", "三亿五千万"; None if malformed."""
    s = fold(s).strip()
    if not s or any(c not in CN_NUMERAL_CHARS for c in s):
        return None
    if all(c in CN_DIGITS for c in s):
        return _digit_by_digit(s)
    yi_part = wan_part = section = 0
    pending: int | None = None
    for c in s:
        if c in CN_DIGITS:
            d = CN_DIGITS[c]
            if d == 0:
                pending = None
                continue
            if pending is not None:
                return None  # two digits in a row, e.g. "三四十"
            pending = d
        elif c in _CN_SMALL_UNITS:
            section += (1 if pending is None else pending) * _CN_SMALL_UNITS[c]
            pending = None
        elif c in _CN_WAN:
            section += pending or 0
            if section == 0:
                return None
            wan_part += section * 10_000
            section, pending = 0, None
        else:  # 亿
            part = wan_part + section + (pending or 0)
            if part == 0:
                return None
            yi_part += part * 100_000_000
            wan_part = section = 0
            pending = None
    return yi_part + wan_part + section + (pending or 0)


def parse_number(s: str) -> float | None:
    """An Arabic or Chinese number, with an optional trailing 万/亿 ("6万" -> 60000.0)."""
    s = fold(s).strip()
    if not s:
        return None
    value = parse_arabic(s)
    if value is not None:
        return value
    if s[-1] in "万亿" and len(s) > 1:
        head = parse_arabic(s[:-1])
        if head is not None:
            return head * MULTIPLIERS[s[-1]]
    cn = parse_chinese_numeral(s)
    return None if cn is None else float(cn)


def format_number(value: float | int | None, grouped: bool = False) -> str:
    """A figure as a reader writes it, the one display rule of every page and export: whole
    numbers without decimals (22, never 22.0), others with at most two; "" for no value;
    `grouped`: thousands separated (1,234,567) for a table column of figures."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    number = float(value)
    if not math.isfinite(number):
        return ""
    rounded = round(number, 2)
    sep = "," if grouped else ""
    if rounded.is_integer():
        return f"{int(rounded):{sep}d}"
    return f"{rounded:{sep}.2f}".rstrip("0").rstrip(".")


def format_cell(value: object) -> str:
    """A table cell as a reader sees it in any export: blank for no value, 是/否 for a flag, a
    figure by `format_number` (numpy scalars too), other values as text."""
    if value is None:
        return ""
    item = value.item() if hasattr(value, "item") and hasattr(value, "dtype") else value
    if isinstance(item, bool):
        return "是" if item else "否"
    if isinstance(item, int | float):
        return format_number(item)
    text = str(item)
    return "" if text in ("<NA>", "NaT") else text  # pandas' missing values
