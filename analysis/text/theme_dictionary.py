"""The editable theme dictionary: its model, parsing with line-numbered Chinese errors, dumping,
and the editing helpers of the UI.

Parsing is linear in the text's size and bounded: the text, the number of themes, the words of a
theme and each word have caps (`LIMITS`), checked while reading, so a hostile file (50,000 themes,
aliases repeating one list thousands of times) is refused quickly with the line that broke a cap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import yaml

from analysis.core.models import AnalysisError

THEME_KEYS = ("description", "words", "all", "not", "note")

MAX_DICTIONARY_CHARS = 400_000  # the whole YAML text (the shipped one has about 3,000)
MAX_THEMES = 500
MAX_THEME_WORDS = 1_000  # words of one theme: words + not + every word of every `all` group
MAX_TOTAL_WORDS = 50_000  # words of the whole dictionary, counted the same way
MAX_WORD_CHARS = 30
MAX_NAME_CHARS = 40
MAX_NOTE_CHARS = 2_000  # a description or a note

# A valid dictionary word: letters, digits, CJK, plus the genre's "·" and "＋"/"+",
# e.g. "三会一课", "兴城·微党课", "1＋N"; "党建，引领" or "党 建" fail.
_WORD_RE = re.compile(r"[\w·＋+]+")
# Anything a theme name may not hold: line breaks, control and invisible format characters,
# e.g. "政治\n建设", "\u202e支部" (the editor also refuses ":", as in "a:b").
_BAD_NAME_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# The YAML loader: libyaml's (about 6x faster) when PyYAML was built with it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Theme:
    """One theme: words (OR), `all` groups (AND), `not` words (drop the sentence's hit)."""

    name: str
    description: str = ""
    words: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    not_: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ThemeDictionary:
    themes: tuple[Theme, ...] = ()

    def __hash__(self) -> int:
        """Hash of the themes, computed once: the dictionary keys the scoring caches."""
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(self.themes)
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict[str, object]:
        """Pickle state without the cached hash (string hashes differ between processes)."""
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.themes)

    def get(self, name: str) -> Theme:
        """The theme called `name`; AnalysisError when there is none."""
        for t in self.themes:
            if t.name == name:
                return t
        raise AnalysisError(f"主题「{name}」不存在。")


# ---------------------------------------------------------------- parsing and dumping


def _err(node: yaml.Node, problem: str) -> AnalysisError:
    """A Chinese error naming the 1-based line of `node`."""
    return AnalysisError(f"主题词典第 {node.start_mark.line + 1} 行：{problem}")


def _shown(text: str) -> str:
    """A user string short enough to quote in a message."""
    return text if len(text) <= MAX_WORD_CHARS else text[:MAX_WORD_CHARS] + "…"


def _scalar(node: yaml.Node, what: str) -> str:
    """The text of a scalar node (null -> "")."""
    if not isinstance(node, yaml.ScalarNode):
        raise _err(node, f"{what}应该是一段文字。")
    return "" if node.tag.endswith(":null") else str(node.value).strip()


def check_word(word: str, node: yaml.Node | None = None) -> str:
    """The word stripped, or AnalysisError (empty, too long, spaces, newlines or punctuation)."""
    w = word.strip()
    problem = ""
    if not w:
        problem = "词不能为空。"
    elif len(w) > MAX_WORD_CHARS:
        problem = f"「{_shown(w)}」太长（{len(w)} 字，每个词最多 {MAX_WORD_CHARS} 字）。"
    elif not _WORD_RE.fullmatch(w):
        problem = f"「{w}」含有空格、换行或标点（只允许汉字、字母、数字和“·”“＋”）。"
    if problem:
        raise _err(node, problem) if node is not None else AnalysisError(problem)
    return w


class _Budget:
    """Words read so far, per theme and in all: a cap is checked at each word, so an alias
    repeating a long list cannot make reading the file slow. Errors name the theme's line (an
    aliased word's own line would point at the list it was copied from)."""

    def __init__(self) -> None:
        self.total = 0
        self.theme = 0
        self.node: yaml.Node | None = None
        self.name = ""

    def start(self, node: yaml.Node, name: str) -> None:
        """Count the words of the theme called `name`, defined at `node`."""
        self.theme, self.node, self.name = 0, node, name

    def take(self) -> None:
        self.theme += 1
        self.total += 1
        assert self.node is not None
        if self.theme > MAX_THEME_WORDS:
            problem = f"主题「{_shown(self.name)}」的词超过 {MAX_THEME_WORDS} 个，请精简。"
            raise _err(self.node, problem)
        if self.total > MAX_TOTAL_WORDS:
            problem = f"到主题「{_shown(self.name)}」为止，整个词典的词超过 {MAX_TOTAL_WORDS} 个，请精简。"
            raise _err(self.node, problem)


def _word_list(node: yaml.Node, key: str, budget: _Budget) -> tuple[str, ...]:
    """A YAML list of words, validated, duplicates removed (order kept)."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise _err(node, f"{key} 应该是列表，例如 {key}: [词1, 词2]。")
    words: dict[str, None] = {}  # insertion-ordered set: linear, unlike `w not in list`
    for item in node.value:
        budget.take()
        words.setdefault(check_word(_scalar(item, "词"), item))
    return tuple(words)


def _all_groups(node: yaml.Node, budget: _Budget) -> tuple[tuple[str, ...], ...]:
    """The `all` rules: a list of word lists, e.g. [[平台, 网络]]."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise _err(node, "all 应该是由词组组成的列表，例如 all: [[词A, 词B]]。")
    groups = []
    for item in node.value:
        group = _word_list(item, "all 里的每一组", budget)
        if group:
            groups.append(group)
    return tuple(groups)


def _theme_name(node: yaml.Node) -> str:
    """A theme's name: not empty, not too long, no line break, colon or invisible character."""
    name = _scalar(node, "主题名")
    if not name:
        raise _err(node, "主题名不能为空。")
    if len(name) > MAX_NAME_CHARS:
        raise _err(node, f"主题名「{_shown(name)}」太长（最多 {MAX_NAME_CHARS} 字）。")
    if _BAD_NAME_RE.search(name):
        raise _err(node, "主题名不能有换行或不可见字符。")
    return name


def _note(node: yaml.Node, key: str) -> str:
    """A description or note: one text of bounded length."""
    text = _scalar(node, key)
    if len(text) > MAX_NOTE_CHARS:
        raise _err(node, f"{key} 太长（{len(text)} 字，最多 {MAX_NOTE_CHARS} 字）。")
    return text


def _theme(name_node: yaml.Node, body: yaml.Node, budget: _Budget) -> Theme:
    """One theme from its name and its mapping node."""
    name = _theme_name(name_node)
    if not isinstance(body, yaml.MappingNode):
        raise _err(
            body, f"主题「{name}」下面应该是 description、words 等键，每个键单独一行并缩进。"
        )
    budget.start(name_node, name)
    fields: dict[str, object] = {}
    for key_node, value in body.value:
        key = _scalar(key_node, "键")
        if key not in THEME_KEYS:
            raise _err(key_node, f"未知的键「{_shown(key)}」，可用的键：{'、'.join(THEME_KEYS)}。")
        if key in fields or (key == "not" and "not_" in fields):
            raise _err(key_node, f"主题「{name}」的键「{key}」重复了。")
        if key in ("description", "note"):
            fields[key] = _note(value, key)
        elif key == "words":
            fields["words"] = _word_list(value, "words", budget)
        elif key == "not":
            fields["not_"] = _word_list(value, "not", budget)
        else:
            fields["all"] = _all_groups(value, budget)
    return Theme(name=name, **fields)  # type: ignore[arg-type]


def _compose(yaml_text: str) -> yaml.Node | None:
    """The YAML node tree (no objects built, aliases not expanded); AnalysisError when broken."""
    if len(yaml_text) > MAX_DICTIONARY_CHARS:
        raise AnalysisError(
            f"主题词典过大（{len(yaml_text)} 字，上限 {MAX_DICTIONARY_CHARS} 字），请精简后再保存。"
        )
    try:
        return yaml.compose(yaml_text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        detail = getattr(e, "problem", None) or str(e)
        raise AnalysisError(
            f"主题词典{where}有 YAML 格式错误（{detail}）：请检查缩进、冒号和方括号。"
        ) from None


@lru_cache(maxsize=16)
def parse_theme_dictionary(yaml_text: str) -> ThemeDictionary:
    """Parse themes.yaml; AnalysisError with a Chinese message and line number when broken.

    Linear in the text's size, with caps on themes and words. Cached per text (the result is
    immutable), so callers may parse on every request.
    """
    root = _compose(yaml_text)
    if root is None:
        return ThemeDictionary()
    if not isinstance(root, yaml.MappingNode):
        raise _err(root, "主题词典应该是“主题名: 内容”的列表，每个主题一个键。")
    if len(root.value) > MAX_THEMES:
        node = root.value[MAX_THEMES][0]
        raise _err(node, f"主题超过 {MAX_THEMES} 个（共 {len(root.value)} 个），请合并或删减。")
    themes: dict[str, Theme] = {}
    budget = _Budget()
    for name_node, body in root.value:
        theme = _theme(name_node, body, budget)
        if theme.name in themes:
            raise _err(name_node, f"主题「{theme.name}」重复了。")
        themes[theme.name] = theme
    return ThemeDictionary(tuple(themes.values()))


_DUMP_HEADER = """\
# 主题词典：用于给每份报告打主题分（每万字命中句数）并找出证据句。
# 每个主题一个键；description 说明，words 任一词命中，all 同句同现（与），not 同句出现则作废（非），
# note 备注。词里不要有空格、换行和标点（“·”“＋”除外）。
"""


# Characters YAML would fold or drop in a plain or block scalar (line separators such as "\x85",
# controls, invisible marks): a text holding one is written double-quoted, where it is escaped.
_QUOTE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\u200b-\u200f\u202a-\u202e]")


class _Dumper(yaml.SafeDumper):
    """safe_dump that writes texts with special characters double-quoted (so they parse back)."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = '"' if _QUOTE_RE.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_theme_dictionary(d: ThemeDictionary) -> str:
    """YAML text of the dictionary (header comment + one key per theme); parses back equal."""
    data: dict[str, dict[str, object]] = {}
    for t in d.themes:
        body: dict[str, object] = {"description": t.description, "words": list(t.words)}
        if t.all:
            body["all"] = [list(g) for g in t.all]
        if t.not_:
            body["not"] = list(t.not_)
        if t.note:
            body["note"] = t.note
        data[t.name] = body
    if not data:
        return _DUMP_HEADER
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    return _DUMP_HEADER + "\n" + text


# ---------------------------------------------------------------- editing helpers for the UI


def _replace_theme(d: ThemeDictionary, theme: Theme) -> ThemeDictionary:
    return ThemeDictionary(tuple(theme if t.name == theme.name else t for t in d.themes))


def add_word(d: ThemeDictionary, theme: str, word: str) -> ThemeDictionary:
    """A copy of `d` with `word` added to the theme's words (validated, no duplicates)."""
    t = d.get(theme)
    w = check_word(word)
    if w in t.words:
        raise AnalysisError(f"「{w}」已经在主题「{theme}」里了。")
    if _word_count(t) >= MAX_THEME_WORDS:
        raise AnalysisError(f"主题「{theme}」的词已达 {MAX_THEME_WORDS} 个上限，请先删减。")
    if sum(_word_count(x) for x in d.themes) >= MAX_TOTAL_WORDS:
        raise AnalysisError(f"整个词典的词已达 {MAX_TOTAL_WORDS} 个上限，请先删减。")
    return _replace_theme(d, replace(t, words=(*t.words, w)))


def _word_count(t: Theme) -> int:
    """Words of a theme as the parser's caps count them (words, not, every `all` group)."""
    return len(t.words) + len(t.not_) + sum(len(g) for g in t.all)


def remove_word(d: ThemeDictionary, theme: str, word: str) -> ThemeDictionary:
    """A copy of `d` without `word` in the theme's words."""
    t = d.get(theme)
    w = word.strip()
    if w not in t.words:
        raise AnalysisError(f"主题「{theme}」里没有「{w}」。")
    return _replace_theme(d, replace(t, words=tuple(x for x in t.words if x != w)))


def add_theme(d: ThemeDictionary, name: str, description: str = "") -> ThemeDictionary:
    """A copy of `d` with a new, empty theme at the end."""
    n = name.strip()
    if not n or ":" in n or _BAD_NAME_RE.search(n) or len(n) > MAX_NAME_CHARS:
        raise AnalysisError(
            f"主题名不能为空，不能超过 {MAX_NAME_CHARS} 字，也不能有换行、冒号或不可见字符。"
        )
    if n in d.names:
        raise AnalysisError(f"主题「{n}」已经存在。")
    if len(d.themes) >= MAX_THEMES:
        raise AnalysisError(f"主题最多 {MAX_THEMES} 个，请先合并或删减。")
    return ThemeDictionary((*d.themes, Theme(n, description.strip())))


def remove_theme(d: ThemeDictionary, name: str) -> ThemeDictionary:
    """A copy of `d` without the theme called `name`."""
    d.get(name)
    return ThemeDictionary(tuple(t for t in d.themes if t.name != name))
