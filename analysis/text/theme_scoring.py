"""Theme scoring with evidence sentences, and the primary themes of a measure.

Scoring makes one pass over the text with an Aho–Corasick automaton (built once per dictionary and
cached); per sentence, KH Coder-style rules decide the hits: any word, all words of an `all` group,
and no word of `not`. Score = hit sentences per 10,000 characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import ahocorasick
import pandas as pd

from analysis.core.facts import per10k, text_chars
from analysis.core.models import Measure, ThemeHit, ThemeScores
from analysis.core.script import has_traditional
from analysis.text.name_spans import NameSpans
from analysis.text.orgnames import MAX_PROPER
from analysis.text.theme_dictionary import Theme, ThemeDictionary

# A sentence end: Chinese or Western full stop marks, semicolons or a line break, e.g. "。" "；" "\n".
_SENTENCE_ENDS = frozenset("。！？!?；;\n")
_SENTENCE_END_RE = re.compile(f"[{''.join(sorted(_SENTENCE_ENDS))}]")
# Longest evidence sentence kept whole; longer ones are cut to a window around the term.
MAX_EVIDENCE = 240
# Title hits count this many times over body hits when tagging a measure.
TITLE_WEIGHT = 2


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
    """Aho–Corasick automaton over every dictionary word, None if there is none: word -> (length,
    word, bitmasks of theme indices: themes it hits alone, themes with an `all` group using it,
    themes it vetoes). One automaton serves scoring and tagging."""
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
    return auto


def _sentence_ends(text: str) -> list[int]:
    """End offsets (exclusive) of every sentence; the last one is len(text)."""
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def _by_sentence(text: str, auto: ahocorasick.Automaton) -> tuple[list[int], dict[int, list]]:
    """(sentence ends, sentence index -> [(start, automaton value), ...]) of the dictionary words
    found in the text, in text order; words inside an organization's name are left out (no
    evidence). A text without any dictionary word is not split into sentences at all.

    Only a word that an organization suffix starting within MAX_PROPER characters of its end
    reaches without a break can lie inside a name: NameSpans.covers (the recognizer) runs for
    those only (~3 % of the words of generated reports), the others pass after one C-level
    bisect and two comparisons.
    """
    matches = list(auto.iter(text))
    if not matches:
        return [], {}
    ends = _sentence_ends(text)
    in_name = NameSpans(text)
    starts, runs = in_name.suffix_starts(), in_name.run_starts()
    last = starts[-1] if starts else -1
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
    found: dict[int, list] = {}
    lo = hi = 0  # the sentence of the last word: [lo, hi); matches mostly stay in it
    bucket: list = []
    for end, value in matches:
        start = end - value[0] + 1
        if start <= last:
            k = bisect_left(starts, start)  # the first suffix at or after the word
            if (
                starts[k] <= end + 1 + MAX_PROPER
                and end + 1 >= runs[k]  # no break between the word and that suffix
                and in_name.covers(start, end + 1)
            ):
                continue
        if not lo <= start < hi:
            idx = bisect_right(ends, start)
            lo, hi = ends[idx - 1] if idx else 0, ends[idx]
            bucket = found.setdefault(idx, [])
        bucket.append((start, value))
    return ends, found


@lru_cache(maxsize=16)
def _word_sets(d: ThemeDictionary) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(words, not-words) of each theme as sets, for membership tests per sentence."""
    return tuple((frozenset(t.words), frozenset(t.not_)) for t in d.themes)


def _sentence_hit(
    theme: Theme, sets: tuple[frozenset[str], frozenset[str]], words: Mapping[str, int]
) -> tuple[str, int] | None:
    """(term, start) of the theme's hit in one sentence, or None (no match, or vetoed).

    Loops over the sentence's few found words, not over the theme's word list."""
    hits, vetoes = sets
    if not vetoes.isdisjoint(words):
        return None
    matched = [(at, w) for w, at in words.items() if w in hits]
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


def scan_sentences(text: str, d: ThemeDictionary) -> Iterator[tuple[int, str, int, int, int]]:
    """(theme index, term, start, sentence start, sentence end) of every hit, in text order."""
    auto = _automaton(d)
    if auto is None or not text:
        return
    ends, found = _by_sentence(text, auto)
    tagger = theme_tagger(d)
    if tagger is not None:
        _remember(tagger, text, ends, found)
    themes, sets = d.themes, _word_sets(d)
    for idx in sorted(found):
        words: dict[str, int] = {}  # word -> its first start in the sentence
        involved = 0  # themes any of the words takes part in (as a word, in a group, as a veto)
        for start, (_, word, hits, in_group, vetoes) in found[idx]:
            words.setdefault(word, start)
            involved |= hits | in_group | vetoes
        s_start = ends[idx - 1] if idx else 0
        while involved:  # lowest theme index first
            low = involved & -involved
            i = low.bit_length() - 1
            hit = _sentence_hit(themes[i], sets[i], words)
            if hit is not None:
                yield i, hit[0], hit[1], s_start, ends[idx]
            involved ^= low


def score_themes(text: str, d: ThemeDictionary, chars: int | None = None) -> ThemeScores:
    """Per theme: hit sentences per 10,000 characters, raw hits, and the evidence sentences."""
    n_chars = text_chars(text) if chars is None else chars
    names = d.names
    counts = dict.fromkeys(names, 0)
    hits: list[ThemeHit] = []
    for i, term, start, s_start, s_end in scan_sentences(text, d):
        sentence = evidence_sentence(text, s_start, s_end, start)
        hits.append(ThemeHit(names[i], term, sentence, start))
        counts[names[i]] += 1
    scores = {name: per10k(c, n_chars) for name, c in counts.items()}
    return ThemeScores(scores=scores, counts=counts, hits=tuple(hits))


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
    `memo` maps a sentence (without its end mark) to its words found outside organization names
    (`_remember`), `masks` to the themes it hits (`_sentence_mask`); both are only used when
    `local` (no dictionary word holds a sentence end).
    """

    auto: ahocorasick.Automaton
    groups: tuple[tuple[frozenset[str], ...], ...]
    names: tuple[str, ...]
    local: bool
    memo: dict[str, Sequence] = field(default_factory=dict, compare=False, repr=False)
    masks: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@lru_cache(maxsize=16)
def theme_tagger(d: ThemeDictionary) -> _Tagger | None:
    """The dictionary's counting matcher (cached like `_automaton`); None if it has no words."""
    auto = _automaton(d)
    if auto is None:
        return None
    groups = tuple(tuple(frozenset(g) for g in t.all) for t in d.themes)
    local = not any(_SENTENCE_END_RE.search(w) for w in _roles(d))
    return _Tagger(auto, groups, d.names, local)


# Sentences remembered per dictionary before the memo is emptied (a report has ~100).
MAX_SENTENCES = 20_000


def _remember(tagger: _Tagger, text: str, ends: list[int], found: dict[int, list]) -> None:
    """Keep the words found in each sentence of a scanned text, keyed by the sentence without its
    end mark, for tagging the outline items cut from the same text (`tag_items`).

    Exact, not a guess: when no dictionary word holds a sentence end (`local`) and the text has
    no Traditional character (so the name recognizer reads it unconverted), the words kept in a
    sentence depend on its characters only: matches, names and name runs all stop at its end
    marks. Texts with Traditional characters are not remembered.
    """
    if not tagger.local or has_traditional(text):
        return
    memo = tagger.memo
    if len(memo) + len(found) > MAX_SENTENCES:
        memo.clear()
    for idx, values in found.items():
        s_start, s_end = ends[idx - 1] if idx else 0, ends[idx]
        if text[s_end - 1] in _SENTENCE_ENDS:  # a sentence with words is never empty
            s_end -= 1
        memo[text[s_start:s_end]] = values  # read only from here on


def _sentence_words(tagger: _Tagger, sentence: str) -> Sequence:
    """The (start, automaton value) words found outside names in one sentence (no end marks in
    it), from the memo or scanned and remembered."""
    values = tagger.memo.get(sentence)
    if values is None:
        values = tuple(_by_sentence(sentence, tagger.auto)[1].get(0, ()))
        if len(tagger.memo) >= MAX_SENTENCES:
            tagger.memo.clear()
        tagger.memo[sentence] = values
    return values


def _sentence_mask(values: Sequence, groups: tuple[tuple[frozenset[str], ...], ...]) -> int:
    """Bitmask of the themes hit by one sentence's (start, value) matches (`not` vetoes, `all` groups)."""
    alone = vetoed = grouped = 0
    for _, (_, _, hits, in_group, vetoes) in values:
        alone |= hits
        grouped |= in_group
        vetoed |= vetoes
    grouped &= ~alone
    if grouped:
        words = {v[1] for _, v in values}
        while grouped:
            low = grouped & -grouped
            if any(g <= words for g in groups[low.bit_length() - 1]):
                alone |= low
            grouped ^= low
    return alone & ~vetoed


def _primary(weight: Mapping[str, int], names: tuple[str, ...], max_themes: int):
    """Themes within 2/3 of the best weight, heaviest first (ties in dictionary order)."""
    best = max(weight.values(), default=0)
    if best == 0:
        return ()
    kept = [n for n, w in weight.items() if w * 3 >= best * 2]
    if len(kept) > 1:
        kept.sort(key=lambda n: (-weight[n], names.index(n)))
    return tuple(kept[:max_themes])


def measure_themes(
    title: str, text: str, d: ThemeDictionary, max_themes: int = 2
) -> tuple[str, ...]:
    """Primary theme(s) of one measure: title hits weigh double; themes within 2/3 of the best.

    A hit is a sentence where the theme hits, by the same rules as score_themes.
    """
    return tag_items([(title, text)], theme_tagger(d), max_themes)[0]


# Between two concatenated texts when tagging many at once: a line break ends the sentence, and
# it and the spaces are no organization-name characters and keep a word's name check (a window
# of MAX_PROPER characters either side of it) inside its own text: each text reads as if alone.
_GAP = "\n" + " " * (MAX_PROPER + 1)


def tag_items(
    items: Iterable[tuple[str, str]], tagger: _Tagger | None, max_themes: int = 2
) -> list[tuple[str, ...]]:
    """Primary themes of each (title, text) (`measure_themes`): title hits weigh TITLE_WEIGHT.

    The items' sentences are mostly sentences of the report just scored: their words come from
    the tagger's memo (`_remember`), and only unseen sentences are scanned. Where the memo cannot
    be used, titles and bodies are joined by `_GAP` and scanned once (`_tag_joined`).
    """
    pairs = list(items)
    if tagger is None:
        return [()] * len(pairs)
    parts: list[str] = []
    for title, text in pairs:
        parts.append(title)
        parts.append(text[len(title) :] if text.startswith(title) else text)
    weights: list[dict[str, int]] = [{} for _ in pairs]
    joined = _GAP.join(parts)
    if tagger.local and not has_traditional(joined):
        for at, part in enumerate(parts):
            _add_sentences(tagger, part, weights[at // 2], 1 if at % 2 else TITLE_WEIGHT)
    else:
        _tag_joined(tagger, joined, parts, weights)
    return [_primary(w, tagger.names, max_themes) for w in weights]


def _add_sentences(tagger: _Tagger, text: str, weight: dict[str, int], points: int) -> None:
    """Add `points` to a theme's weight for each sentence of `text` it hits."""
    begin = 0
    for end_mark in _SENTENCE_END_RE.finditer(text):
        if end_mark.start() > begin:
            _add_theme_mask(
                tagger.names, _hit_mask(tagger, text[begin : end_mark.start()]), weight, points
            )
        begin = end_mark.end()
    if begin < len(text):
        _add_theme_mask(tagger.names, _hit_mask(tagger, text[begin:]), weight, points)


def _hit_mask(tagger: _Tagger, sentence: str) -> int:
    """The themes one sentence (no end marks in it) hits, remembered per sentence."""
    mask = tagger.masks.get(sentence)
    if mask is None:
        values = _sentence_words(tagger, sentence)
        mask = _sentence_mask(values, tagger.groups) if values else 0
        if len(tagger.masks) >= MAX_SENTENCES:
            tagger.masks.clear()
        tagger.masks[sentence] = mask
    return mask


def _add_theme_mask(names: tuple[str, ...], mask: int, weight: dict[str, int], points: int) -> None:
    """Add `points` to the weight of each theme in `mask`."""
    while mask:
        low = mask & -mask
        name = names[low.bit_length() - 1]
        weight[name] = weight.get(name, 0) + points
        mask ^= low


def _tag_joined(
    tagger: _Tagger, joined: str, parts: list[str], weights: list[dict[str, int]]
) -> None:
    """Add each hit sentence of the joined parts to the weight of the item it lies in."""
    offsets = list(accumulate((len(p) + len(_GAP) for p in parts[:-1]), initial=0))
    for values in _by_sentence(joined, tagger.auto)[1].values():
        part = bisect.bisect_right(offsets, values[0][0]) - 1
        mask = _sentence_mask(values, tagger.groups)
        _add_theme_mask(tagger.names, mask, weights[part // 2], 1 if part % 2 else TITLE_WEIGHT)


def tag_measures(measures: Iterable[Measure], d: ThemeDictionary) -> tuple[Measure, ...]:
    """The measures with `.themes` set to their primary theme(s) by hits in title + text."""
    items = tuple(measures)
    tagged = tag_items(((m.title, m.text) for m in items), theme_tagger(d))
    return tuple(
        m if m.themes == themes else _with_themes(m, themes)
        for m, themes in zip(items, tagged, strict=True)
    )


def _with_themes(measure: Measure, themes: tuple[str, ...]) -> Measure:
    """`dataclasses.replace(measure, themes=themes)` without running the frozen dataclass's
    __init__ field by field (5x cheaper, a report has dozens of items): Measure computes
    nothing on init, so copying its fields is the same object (tests/analysis/test_theme_tagging.py)."""
    copy = object.__new__(type(measure))
    copy.__dict__.update(measure.__dict__, themes=themes)
    return copy


def theme_matrix(texts: Mapping[str, str], d: ThemeDictionary) -> pd.DataFrame:
    """Rows = document ids, columns = themes, values = per-10k scores."""
    rows = {doc: score_themes(text, d).scores for doc, text in texts.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(d.names), dtype=float)
    frame.index.name = "doc"
    return frame.fillna(0.0)


def term_hits(scores: ThemeScores) -> dict[str, dict[str, int]]:
    """theme -> {matched term: hit count}, to see which words drive a theme."""
    out: dict[str, dict[str, int]] = {}
    for h in scores.hits:
        terms = out.setdefault(h.theme, {})
        terms[h.term] = terms.get(h.term, 0) + 1
    return out
