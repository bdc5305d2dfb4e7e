"""The editable theme dictionary and theme scoring with evidence sentences.

Scoring makes one pass over the text with an Aho–Corasick automaton (built once per dictionary and
cached); per sentence, KH Coder-style rules decide the hits: any word, all words of an `all` group,
and no word of `not`. Score = hit sentences per 10,000 characters.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick
import pandas as pd
import yaml

from analysis.core.models import AnalysisError, Measure, ThemeHit, ThemeScores
from analysis.text.name_spans import NameSpans

THEME_KEYS = ("description", "words", "all", "not", "note")

# A sentence end: Chinese or Western full stop marks, semicolons or a line break, e.g. "。" "；" "\n".
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
# A valid dictionary word: letters, digits, CJK, plus the genre's "·" and "＋"/"+",
# e.g. "三会一课", "兴城·微党课", "1＋N"; "党建，引领" or "党 建" fail.
_WORD_RE = re.compile(r"[\w·＋+]+")
# Longest evidence sentence kept whole; longer ones are cut to a window around the term.
MAX_EVIDENCE = 240
# Title hits count this many times over body hits when tagging a measure.
TITLE_WEIGHT = 2


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


def _scalar(node: yaml.Node, what: str) -> str:
    """The text of a scalar node (null -> "")."""
    if not isinstance(node, yaml.ScalarNode):
        raise _err(node, f"{what}应该是一段文字。")
    return "" if node.tag.endswith(":null") else str(node.value).strip()


def check_word(word: str, node: yaml.Node | None = None) -> str:
    """The word stripped, or AnalysisError (empty, spaces, newlines or punctuation)."""
    w = word.strip()
    problem = ""
    if not w:
        problem = "词不能为空。"
    elif not _WORD_RE.fullmatch(w):
        problem = f"「{w}」含有空格、换行或标点（只允许汉字、字母、数字和“·”“＋”）。"
    if problem:
        raise _err(node, problem) if node is not None else AnalysisError(problem)
    return w


def _word_list(node: yaml.Node, key: str) -> tuple[str, ...]:
    """A YAML list of words, validated, duplicates removed (order kept)."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise _err(node, f"{key} 应该是列表，例如 {key}: [词1, 词2]。")
    words = []
    for item in node.value:
        w = check_word(_scalar(item, "词"), item)
        if w not in words:
            words.append(w)
    return tuple(words)


def _all_groups(node: yaml.Node) -> tuple[tuple[str, ...], ...]:
    """The `all` rules: a list of word lists, e.g. [[平台, 网络]]."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise _err(node, "all 应该是由词组组成的列表，例如 all: [[词A, 词B]]。")
    groups = []
    for item in node.value:
        group = _word_list(item, "all 里的每一组")
        if group:
            groups.append(group)
    return tuple(groups)


def _theme(name_node: yaml.Node, body: yaml.Node) -> Theme:
    """One theme from its name and its mapping node."""
    name = _scalar(name_node, "主题名")
    if not name:
        raise _err(name_node, "主题名不能为空。")
    if not isinstance(body, yaml.MappingNode):
        raise _err(
            body, f"主题「{name}」下面应该是 description、words 等键，每个键单独一行并缩进。"
        )
    fields: dict[str, object] = {}
    for key_node, value in body.value:
        key = _scalar(key_node, "键")
        if key not in THEME_KEYS:
            raise _err(key_node, f"未知的键「{key}」，可用的键：{'、'.join(THEME_KEYS)}。")
        if key in fields:
            raise _err(key_node, f"主题「{name}」的键「{key}」重复了。")
        if key in ("description", "note"):
            fields[key] = _scalar(value, key)
        elif key == "words":
            fields["words"] = _word_list(value, "words")
        elif key == "not":
            fields["not_"] = _word_list(value, "not")
        else:
            fields["all"] = _all_groups(value)
    return Theme(name=name, **fields)  # type: ignore[arg-type]


@lru_cache(maxsize=16)
def parse_theme_dictionary(yaml_text: str) -> ThemeDictionary:
    """Parse themes.yaml; AnalysisError with a Chinese message and line number when broken.

    Cached per text (the result is immutable), so callers may parse on every request.
    """
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        detail = getattr(e, "problem", None) or str(e)
        raise AnalysisError(
            f"主题词典{where}有 YAML 格式错误（{detail}）：请检查缩进、冒号和方括号。"
        ) from None
    if root is None:
        return ThemeDictionary()
    if not isinstance(root, yaml.MappingNode):
        raise _err(root, "主题词典应该是“主题名: 内容”的列表，每个主题一个键。")
    themes: list[Theme] = []
    for name_node, body in root.value:
        theme = _theme(name_node, body)
        if any(t.name == theme.name for t in themes):
            raise _err(name_node, f"主题「{theme.name}」重复了。")
        themes.append(theme)
    return ThemeDictionary(tuple(themes))


_DUMP_HEADER = """\
# 主题词典：用于给每份报告打主题分（每万字命中句数）并找出证据句。
# 每个主题一个键；description 说明，words 任一词命中，all 同句同现（与），not 同句出现则作废（非），
# note 备注。词里不要有空格、换行和标点（“·”“＋”除外）。
"""


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
    text = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
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
    return _replace_theme(d, replace(t, words=(*t.words, w)))


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
    if not n or "\n" in n or ":" in n:
        raise AnalysisError("主题名不能为空，也不能有换行或冒号。")
    if n in d.names:
        raise AnalysisError(f"主题「{n}」已经存在。")
    return ThemeDictionary((*d.themes, Theme(n, description.strip())))


def remove_theme(d: ThemeDictionary, name: str) -> ThemeDictionary:
    """A copy of `d` without the theme called `name`."""
    d.get(name)
    return ThemeDictionary(tuple(t for t in d.themes if t.name != name))


# ---------------------------------------------------------------- scoring

# Roles of an automaton word for a theme: counts as a hit, part of an `all` group, or a veto.
_WORD, _GROUP, _VETO = 0, 1, 2


def _roles(d: ThemeDictionary) -> dict[str, list[tuple[int, int]]]:
    """word -> [(theme index, role), ...] for every word of the dictionary."""
    roles: dict[str, list[tuple[int, int]]] = {}
    for i, t in enumerate(d.themes):
        for w in t.words:
            roles.setdefault(w, []).append((i, _WORD))
        for w in {w for g in t.all for w in g}:
            roles.setdefault(w, []).append((i, _GROUP))
        for w in t.not_:
            roles.setdefault(w, []).append((i, _VETO))
    return roles


@lru_cache(maxsize=16)
def _automaton(d: ThemeDictionary) -> ahocorasick.Automaton | None:
    """Aho–Corasick automaton: word -> (word, ((theme index, role), ...)); None if no words."""
    roles = _roles(d)
    if not roles:
        return None
    auto = ahocorasick.Automaton()
    for w, r in roles.items():
        auto.add_word(w, (w, tuple(r)))
    auto.make_automaton()
    return auto


def _sentence_ends(text: str) -> list[int]:
    """End offsets (exclusive) of every sentence; the last one is len(text)."""
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def _found_by_sentence(text: str, auto: ahocorasick.Automaton, ends: list[int]):
    """sentence index -> {word: first start offset} for every dictionary word in the text,
    leaving out words inside an organization's name."""
    found: dict[int, dict[str, int]] = {}
    in_name = NameSpans(text)
    for end, (word, _) in auto.iter(text):
        start = end - len(word) + 1
        if in_name.covers(start, end + 1):
            continue
        idx = bisect.bisect_right(ends, start)
        found.setdefault(idx, {}).setdefault(word, start)
    return found


def _sentence_hit(theme: Theme, words: Mapping[str, int]) -> tuple[str, int] | None:
    """(term, start) of the theme's hit in one sentence, or None (no match, or vetoed)."""
    if any(w in words for w in theme.not_):
        return None
    matched = [(words[w], w) for w in theme.words if w in words]
    for group in theme.all:
        if all(w in words for w in group):
            ordered = sorted(group, key=lambda w: words[w])  # term reads in text order
            matched.append((words[ordered[0]], "+".join(ordered)))
    if not matched:
        return None
    start, term = min(matched)
    return term, start


def evidence_sentence(text: str, s_start: int, s_end: int, at: int) -> str:
    """The sentence `text[s_start:s_end]`, or a window of it around offset `at` when very long."""
    sentence = text[s_start:s_end]
    if len(sentence) <= MAX_EVIDENCE:
        return sentence.strip()
    lo = max(s_start, at - MAX_EVIDENCE // 2)
    hi = min(s_end, lo + MAX_EVIDENCE)
    return ("…" if lo > s_start else "") + text[lo:hi].strip() + ("…" if hi < s_end else "")


def _scan(text: str, d: ThemeDictionary) -> Iterator[tuple[int, str, int, int, int]]:
    """(theme index, term, start, sentence start, sentence end) of every hit, in text order."""
    auto = _automaton(d)
    if auto is None or not text:
        return
    ends = _sentence_ends(text)
    found = _found_by_sentence(text, auto, ends)
    for idx in sorted(found):
        words = found[idx]
        s_start = ends[idx - 1] if idx else 0
        for i in sorted({i for w in words for i, _ in auto.get(w)[1]}):
            hit = _sentence_hit(d.themes[i], words)
            if hit is not None:
                yield i, hit[0], hit[1], s_start, ends[idx]


def score_themes(text: str, d: ThemeDictionary, chars: int | None = None) -> ThemeScores:
    """Per theme: hit sentences per 10,000 characters, raw hits, and the evidence sentences."""
    n_chars = len(text) if chars is None else chars
    names = d.names
    counts = dict.fromkeys(names, 0)
    hits: list[ThemeHit] = []
    for i, term, start, s_start, s_end in _scan(text, d):
        sentence = evidence_sentence(text, s_start, s_end, start)
        hits.append(ThemeHit(names[i], term, sentence, start))
        counts[names[i]] += 1
    scores = {name: per10k(c, n_chars) for name, c in counts.items()}
    return ThemeScores(scores=scores, counts=counts, hits=tuple(hits))


def per10k(count: int, chars: int) -> float:
    """Hits per 10,000 characters, rounded to 2 decimals (0 for an empty text)."""
    return round(count * 10000 / chars, 2) if chars > 0 else 0.0


def top_themes(scores: ThemeScores, n: int = 2) -> tuple[str, ...]:
    """The `n` highest-scoring themes with at least one hit (ties broken by dictionary order)."""
    ranked = sorted(
        (name for name, c in scores.counts.items() if c > 0),
        key=lambda name: -scores.counts[name],
    )
    return tuple(ranked[:n])


@dataclass(frozen=True)
class _Tagger:
    """Counting-only matcher for tag_measures: same words and rules as score_themes, no evidence.

    The automaton maps word -> (length, word, bitmasks of theme indices: themes it hits alone,
    themes with an `all` group using it, themes it vetoes); `groups[i]` are theme i's groups.
    """

    auto: ahocorasick.Automaton
    groups: tuple[tuple[frozenset[str], ...], ...]
    names: tuple[str, ...]


@lru_cache(maxsize=16)
def _tagger(d: ThemeDictionary) -> _Tagger | None:
    """The dictionary's counting matcher (cached like `_automaton`); None if it has no words."""
    roles = _roles(d)
    if not roles:
        return None
    auto = ahocorasick.Automaton()
    for w, r in roles.items():
        masks = [0, 0, 0]
        for i, role in r:
            masks[role] |= 1 << i
        auto.add_word(w, (len(w), w, *masks))
    auto.make_automaton()
    groups = tuple(tuple(frozenset(g) for g in t.all) for t in d.themes)
    return _Tagger(auto, groups, d.names)


def _sentence_mask(values: list[tuple], groups: tuple[tuple[frozenset[str], ...], ...]) -> int:
    """Bitmask of the themes hit by one sentence's matched words (`not` vetoes, `all` groups)."""
    alone = vetoed = grouped = 0
    for _, _, hits, in_group, vetoes in values:
        alone |= hits
        grouped |= in_group
        vetoed |= vetoes
    grouped &= ~alone
    if grouped:
        words = {v[1] for v in values}
        while grouped:
            low = grouped & -grouped
            if any(g <= words for g in groups[low.bit_length() - 1]):
                alone |= low
            grouped ^= low
    return alone & ~vetoed


def _add_hits(text: str, tagger: _Tagger, weight: dict[str, int], points: int) -> None:
    """Add `points` to a theme's weight for each sentence of `text` it hits (score_themes' rules)."""
    if not text:
        return
    matches = list(tagger.auto.iter(text))
    if not matches:
        return
    ends = _sentence_ends(text)
    found: dict[int, list[tuple]] = {}
    in_name = NameSpans(text)
    for end, value in matches:
        if in_name.covers(end - value[0] + 1, end + 1):
            continue
        found.setdefault(bisect.bisect_right(ends, end - value[0] + 1), []).append(value)
    names = tagger.names
    for values in found.values():
        mask = _sentence_mask(values, tagger.groups)
        while mask:
            low = mask & -mask
            name = names[low.bit_length() - 1]
            weight[name] = weight.get(name, 0) + points
            mask ^= low


def _primary(weight: Mapping[str, int], names: tuple[str, ...], max_themes: int):
    """Themes within 2/3 of the best weight, heaviest first (ties in dictionary order)."""
    best = max(weight.values(), default=0)
    if best == 0:
        return ()
    ranked = sorted(
        (n for n in names if weight.get(n, 0) * 3 >= best * 2), key=lambda n: -weight[n]
    )
    return tuple(ranked[:max_themes])


def _measure_themes(title: str, text: str, tagger: _Tagger | None, max_themes: int):
    """measure_themes with the dictionary's matcher already fetched."""
    if tagger is None:
        return ()
    weight: dict[str, int] = {}
    _add_hits(title, tagger, weight, TITLE_WEIGHT)
    _add_hits(text[len(title) :] if text.startswith(title) else text, tagger, weight, 1)
    return _primary(weight, tagger.names, max_themes)


def measure_themes(
    title: str, text: str, d: ThemeDictionary, max_themes: int = 2
) -> tuple[str, ...]:
    """Primary theme(s) of one measure: title hits weigh double; themes within 2/3 of the best.

    A hit is a sentence where the theme hits, by the same rules as score_themes.
    """
    return _measure_themes(title, text, _tagger(d), max_themes)


def tag_measures(measures: Iterable[Measure], d: ThemeDictionary) -> tuple[Measure, ...]:
    """The measures with `.themes` set to their primary theme(s) by hits in title + text."""
    tagger = _tagger(d)  # fetched once: no per-measure cache lookup
    return tuple(replace(m, themes=_measure_themes(m.title, m.text, tagger, 2)) for m in measures)


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
    for i, term, start, s_start, s_end in _scan(text, d):
        counts[i] += 1
        spans.extend((i, start, s_start, s_end))
        terms.append(sys.intern(term))
    tagger = _tagger(d)
    tagged = tuple(_shared(_measure_themes(m.title, m.text, tagger, 2)) for m in items)
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


def theme_matrix(texts: Mapping[str, str], d: ThemeDictionary) -> pd.DataFrame:
    """Rows = document ids, columns = themes, values = per-10k scores."""
    rows = {doc: score_themes(text, d).scores for doc, text in texts.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(d.names), dtype=float)
    frame.index.name = "doc"
    return frame.fillna(0.0)


def hits_by_theme(scores: ThemeScores) -> dict[str, list[ThemeHit]]:
    """Evidence grouped by theme, in text order (for the evidence panel)."""
    out: dict[str, list[ThemeHit]] = {name: [] for name in scores.counts}
    for h in scores.hits:
        out.setdefault(h.theme, []).append(h)
    return out


def term_hits(scores: ThemeScores) -> dict[str, dict[str, int]]:
    """theme -> {matched term: hit count}, to see which words drive a theme."""
    out: dict[str, dict[str, int]] = {}
    for h in scores.hits:
        terms = out.setdefault(h.theme, {})
        terms[h.term] = terms.get(h.term, 0) + 1
    return out
