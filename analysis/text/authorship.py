"""Whether a found organization name can be a report's author, by its own words.

A name found by the recognizer (analysis.text.orgnames) is `proper part + suffix`; the proper
part may hold words that show it is no author's name (data/org_authorship.txt): a verb (the name
is a clause fragment: `共选举产生支部委员会`, `压紧压实党委`), a leading count or period number
(`两期党支部`, `12个社区党支部`), or only honour and class words (`“五好”党支部`, `两新组织党支部`,
`城市社区党委`; but `红旗村` is a village: an honour word before a unit type is a place name).
Pure functions; the word table is read once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.core.resources import DATA_DIR
from analysis.text.orgnames import prepare, suffixes

AUTHORSHIP_FILE = DATA_DIR / "org_authorship.txt"

# A count or period number leading the proper part: "两期党支部", "12个社区党支部", "3家".
_COUNT_START = re.compile(
    r"^(?:共|合计|累计|新增|现有|另有)?(?:[0-9一二三四五六七八九十百千两几多数]+"
    r"[个期名家批届次所座条项类种支级户位处]|个(?![体旧人]))"
)  # a lone 个 is what a spaced count leaves ("下设 5 个网格党支部" → "个网格"); 个体, 个旧 are words
# What is left of a proper part made only of honour and class words: nothing, or a number and
# one more character ("六有", "双优"); "中" of 中医院 is a name, "一" of 机关一支部 an ordinal.
_HONOUR_LEFT = re.compile(r"(?:[0-9一二三四五六七八九十两双多]+[\u4e00-\u9fff])?")
_REDACTED = re.compile(r"[*＊×]|(?<![A-Za-z])X+(?![A-Za-z])")
QUOTES = re.compile(r"[“”\"'‘’「」『』《》\s]")


# A journalist's byline or a paper's dateline: the text is news written about its subject, so the
# opening's subject is what the news is about, not who wrote it ("（记者 黄某 通讯员 程某）").
_PRESS_BYLINE = re.compile(r"[（(【\s]记者[\s：:]|本报讯|本报记者|^记者[\s：:]", re.M)


def news_about(text: str) -> bool:
    """Whether the text is a news item by a journalist (its subject is no author)."""
    return bool(_PRESS_BYLINE.search(text[:3000]) or _PRESS_BYLINE.search(text[-3000:]))


def _read_table(path: object) -> list[tuple[str, str]]:
    """(word, class) rows of a tab-separated resource file (# comments, blank lines skipped)."""
    text = open(str(path), encoding="utf-8").read()  # noqa: SIM115 - tiny file, read at once
    rows = [ln.partition("\t") for ln in text.splitlines() if ln.strip() and ln[0] != "#"]
    return [(w.strip(), c.strip()) for w, _, c in rows]


@lru_cache(maxsize=1)
def authorship_words() -> dict[str, tuple[str, ...]]:
    """class (动词/前置动词/荣誉/类别/单位类/职务) -> its words, longest first (data/org_authorship.txt)."""
    table: dict[str, list[str]] = {}
    for word, cls in _read_table(AUTHORSHIP_FILE):
        table.setdefault(cls, []).append(word)
    return {c: tuple(sorted(ws, key=len, reverse=True)) for c, ws in table.items()}


def proper_part(name: str) -> str:
    """A name without its suffix and without 中共 (`中共东山村党支部` → `东山村`)."""
    plain = prepare(name)
    suffix = next((x for x in suffixes() if plain.endswith(x)), "")
    proper = plain[: len(plain) - len(suffix)] if suffix else plain
    return re.sub(r"^(中共|中国共产党)", "", proper)


def authorship_flaw(name: str) -> str:
    """Why a found name cannot name the report's author ('' when it can): a verb inside its proper
    part (`共选举产生支部委员会`), a leading count (`两期党支部`), or a proper part made only of honour
    and class words (`“五好”党支部`, `两新组织党支部`)."""
    proper = QUOTES.sub("", proper_part(name))
    words = authorship_words()
    if _COUNT_START.match(proper):
        return "数量"
    for verb in words.get("动词", ()):
        k = proper.find(verb)
        if k >= 0 and not proper.startswith("部", k + len(verb)):
            return "动词"
    for verb in words.get("前置动词", ()):
        if proper.startswith(verb) and not proper.startswith("部", len(verb)):
            return "动词"
    if _REDACTED.search(proper):  # "××公司": the distinctive part is hidden, not absent
        return ""
    unhonoured = _strip(proper, words.get("荣誉", ()))
    left = _strip(unhonoured, words.get("类别", ()))
    if _HONOUR_LEFT.fullmatch(left):
        return "荣誉或类别"
    if unhonoured == proper and not _strip(left, words.get("单位类", ())):
        return "荣誉或类别"  # "城市社区": a class of communities ("红旗村" is a village)
    return ""


def _strip(text: str, words: tuple[str, ...]) -> str:
    """`text` with every occurrence of `words` (longest first) taken out."""
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text
