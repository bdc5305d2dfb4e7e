"""New-word discovery: frequent, cohesive character sequences the segmenter splits.

A sequence of 2-6 Chinese characters is a word candidate when (1) it recurs, (2) its characters
stick together — the lowest pointwise mutual information over its split points is high — and
(3) it is free at both ends — the characters seen on its left and on its right vary (boundary
entropy). `兴城投资` recurs, its halves rarely appear apart, and both ends vary (大兴城建/成立 on the
left); `城投资` always has `兴` on its left, so it is only a piece. The start of an organization
suffix (`党支部`, `集团`, data/org_suffixes.txt) counts as a free end: a proper name stands before it.
Candidates the segmenter already keeps whole, and user-dictionary words, are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick
import pandas as pd

from analysis.core.models import AnalysisError
from analysis.core.resources import default_texts
from analysis.store.database import CorpusStore
from analysis.store.validation import validate_resource
from analysis.text.lexicon import Lexicon, tokenize
from analysis.text.orgnames import suffixes

MIN_LEN, MAX_LEN = 2, 6
MAX_CHARS = 300_000  # characters read (a budget: counting n-grams is quadratic-ish in memory)
MAX_CANDIDATES = 2_000  # cohesive candidates whose ends are examined
EXAMPLES = 3
# In plain words for a clerk; the technical names (凝固度 = lowest PMI, 左熵/右熵 = boundary
# entropy) are only in the method note, METHOD_NOTE.
COHESION, LEFT_FREEDOM, RIGHT_FREEDOM = "内部结合紧密程度", "左侧搭配丰富程度", "右侧搭配丰富程度"
NEW_WORD_COLUMNS = [
    "词语",
    "频次",
    COHESION,
    LEFT_FREEDOM,
    RIGHT_FREEDOM,
    "综合得分",
    "切分",
    "例句",
]
READING_NOTE = (
    f"{COHESION}越高，这几个字越常连在一起出现、很少单独出现；{LEFT_FREEDOM}和{RIGHT_FREEDOM}越高，"
    "它前后接的字越多样，说明它在不同句子里独立成词。综合得分把出现次数和这三项合在一起，越高越像一个新词。"
)
METHOD_NOTE = (
    f"{COHESION}即“凝固度”，取字串各拆分处点互信息的最小值；"
    f"{LEFT_FREEDOM}、{RIGHT_FREEDOM}即“左熵”“右熵”，是字串左、右相邻字的信息熵；"
    "综合得分 =（1 + 频次）的自然对数 × 凝固度（最多计 8）× 左熵与右熵中较小的一个。"
)
_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
# Characters that rarely start or end a content word (function words, measure words, verbs of
# the genre's prose); a candidate beginning or ending with one is a phrase, not a word.
_EDGE_STOP = frozenset("的了和与及在是为对把被将从等也并或而其之于以由向到这那有个各每该就都还又")
_NUMERAL = "0"  # every digit and numeral is one neighbor: "3名党员", "三步走" are not free ends
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十两百千万零〇")


@dataclass(frozen=True)
class Candidate:
    """A candidate word with its evidence."""

    word: str
    count: int
    cohesion: float  # lowest PMI over the split points (natural log)
    left_entropy: float
    right_entropy: float
    score: float
    pieces: tuple[str, ...]  # how the segmenter cuts it
    examples: tuple[str, ...]


def _runs(texts: Iterable[str], budget: int) -> list[str]:
    """Runs of Chinese characters of the texts, up to `budget` characters in all."""
    runs: list[str] = []
    used = 0
    for text in texts:
        for run in _RUN_RE.findall(text):
            runs.append(run)
            used += len(run)
            if used >= budget:
                return runs
    return runs


def _within(docs: list[str], budget: int) -> list[str]:
    """The first documents holding `budget` characters in all (the last one may pass it)."""
    out, used = [], 0
    for d in docs:
        if used >= budget:
            break
        out.append(d)
        used += len(d)
    return out


def _ngram_counts(runs: list[str]) -> list[Counter[str]]:
    """counts[n][g]: occurrences of every n-gram (n = 1 … MAX_LEN) within the runs."""
    counts: list[Counter[str]] = [Counter() for _ in range(MAX_LEN + 1)]
    for n in range(1, MAX_LEN + 1):
        counts[n].update(run[i : i + n] for run in runs for i in range(len(run) - n + 1))
    return counts


def _cohesion(word: str, counts: list[Counter[str]], total: int) -> float:
    """Lowest pointwise mutual information of `word` over its binary splits."""
    c = counts[len(word)][word]
    return min(
        math.log(c * total / (counts[i][word[:i]] * counts[len(word) - i][word[i:]]))
        for i in range(1, len(word))
    )


def _entropy(neighbors: Counter[str], free: int) -> float:
    """Entropy of the neighbor characters; each free end counts as a neighbor of its own."""
    total = sum(neighbors.values()) + free
    if total == 0:
        return 0.0
    ps = [c / total for c in neighbors.values()] + [1 / total] * free
    return -sum(p * math.log(p) for p in ps)


def _suffix_starts(text: str) -> set[int]:
    """Offsets where an organization suffix (党支部, 集团 …) starts in `text`."""
    auto = _suffix_automaton()
    return {end - len(word) + 1 for end, word in auto.iter(text)}


_SUFFIX_AUTO: list[ahocorasick.Automaton] = []


def _suffix_automaton() -> ahocorasick.Automaton:
    """One automaton of the organization suffixes, built on first use."""
    if not _SUFFIX_AUTO:
        auto = ahocorasick.Automaton()
        for s in suffixes():
            auto.add_word(s, s)
        auto.make_automaton()
        _SUFFIX_AUTO.append(auto)
    return _SUFFIX_AUTO[0]


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], at most 40 characters either side."""
    lo = start
    while lo > max(0, start - 40) and not _SENTENCE_END_RE.match(text[lo - 1]):
        lo -= 1
    m = _SENTENCE_END_RE.search(text, end, min(len(text), end + 40))
    hi = m.end() if m else min(len(text), end + 40)
    return text[lo:hi].strip()


@dataclass
class _Ends:
    """What is seen around a candidate's occurrences."""

    left: Counter[str]
    right: Counter[str]
    free_left: int = 0
    free_right: int = 0
    count: int = 0


def _ends(texts: Iterable[str], words: list[str]) -> tuple[dict[str, _Ends], dict[str, list[str]]]:
    """Neighbors, free ends and up to EXAMPLES example sentences of every word, in one pass."""
    if not words:  # an empty automaton cannot be searched (a tiny corpus has no candidates)
        return {}, {}
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    auto.make_automaton()
    ends = {w: _Ends(Counter(), Counter()) for w in words}
    examples: dict[str, list[str]] = {w: [] for w in words}
    tries: Counter[str] = Counter()  # repeated sentences: stop looking after a few
    for text in texts:
        starts = _suffix_starts(text)
        for last, w in auto.iter(text):
            start, end = last - len(w) + 1, last + 1
            e = ends[w]
            e.count += 1
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if before in _NUMERALS or _RUN_RE.fullmatch(before):
                e.left[_NUMERAL if before in _NUMERALS else before] += 1
            else:
                e.free_left += 1
            if end in starts or not (after in _NUMERALS or _RUN_RE.fullmatch(after)):
                e.free_right += 1
            else:
                e.right[_NUMERAL if after in _NUMERALS else after] += 1
            if len(examples[w]) < EXAMPLES and tries[w] < 4 * EXAMPLES:
                tries[w] += 1
                sentence = _sentence(text, start, end)
                if sentence not in examples[w]:
                    examples[w].append(sentence)
    return ends, examples


def _plausible(word: str, lex: Lexicon) -> bool:
    """Not edged by a function character, not a known word, and cut by the segmenter."""
    if word[0] in _EDGE_STOP or word[-1] in _EDGE_STOP or word in lex.user_words:
        return False
    if any(word.endswith(s) for s in suffixes()):
        return False  # an organization name: the name recognizer handles those
    pieces = tokenize(lex, word)
    filler = lex.officialese | lex.stopwords
    return len(pieces) > 1 and not any(p in filler for p in pieces)


def discover(
    texts: Mapping[str, str] | Iterable[str],
    lex: Lexicon,
    n: int = 50,
    min_count: int = 3,
    min_entropy: float = 0.5,
    max_chars: int = MAX_CHARS,
) -> tuple[Candidate, ...]:
    """The `n` best new-word candidates of the texts, best first.

    score = ln(1 + count) x min(cohesion, 8) x min(left entropy, right entropy); candidates seen
    fewer than `min_count` times or with an end entropy below `min_entropy` are dropped.
    """
    docs = _within(list(texts.values()) if isinstance(texts, Mapping) else list(texts), max_chars)
    runs = _runs(docs, max_chars)
    counts = _ngram_counts(runs)
    total = sum(counts[1].values())
    pool = [
        (w, c)
        for size in range(MIN_LEN, MAX_LEN + 1)
        for w, c in counts[size].items()
        if c >= min_count
    ]
    scored = sorted(
        ((_cohesion(w, counts, total) * math.log1p(c), w) for w, c in pool), reverse=True
    )
    words = [w for _, w in scored[: MAX_CANDIDATES * 2] if _plausible(w, lex)][:MAX_CANDIDATES]
    ends, examples = _ends(docs, words)
    out = []
    for w in words:
        e = ends[w]
        hl, hr = _entropy(e.left, e.free_left), _entropy(e.right, e.free_right)
        if e.count < min_count or min(hl, hr) < min_entropy:
            continue
        coh = _cohesion(w, counts, total)
        score = math.log1p(e.count) * min(coh, 8.0) * min(hl, hr)
        cut = tuple(tokenize(lex, w))
        out.append(
            Candidate(
                w,
                e.count,
                round(coh, 3),
                round(hl, 3),
                round(hr, 3),
                round(score, 3),
                cut,
                tuple(examples[w]),
            )
        )
    out.sort(key=lambda c: (-c.score, -c.count, c.word))
    return tuple(out[:n])


def candidates_frame(found: Iterable[Candidate]) -> pd.DataFrame:
    """The candidates as a table with Chinese columns (NEW_WORD_COLUMNS)."""
    rows = [
        (
            c.word,
            c.count,
            round(c.cohesion, 2),
            round(c.left_entropy, 2),
            round(c.right_entropy, 2),
            round(c.score, 2),
            " / ".join(c.pieces),
            "\n".join(c.examples),
        )
        for c in found
    ]
    return pd.DataFrame(rows, columns=NEW_WORD_COLUMNS)


WORDLISTS = {"userdict": "用户词典", "stopwords": "停用词"}


def with_word(current: str, word: str, name: str) -> str:
    """The resource text `current` with `word` appended as one line (user words tagged `nz`);
    unchanged when the word is already listed."""
    line = f"{word} nz" if name == "userdict" else word
    listed = {ln.split()[0] for ln in current.splitlines() if ln.strip() and not ln.startswith("#")}
    if word in listed:
        return current
    return current + ("" if not current or current.endswith("\n") else "\n") + line + "\n"


def add_word(store: CorpusStore, name: str, word: str) -> bool:
    """Add `word` to the store's user dictionary or stoplist (`name` in WORDLISTS); False when it
    was listed already. AnalysisError with a Chinese message when the word is not acceptable.

    The analyses are cached by the resources' fingerprint, so every page re-segments with it."""
    if name not in WORDLISTS:
        raise ValueError(f"unknown word list {name!r}")
    word = word.strip()
    if not word or any(ch.isspace() for ch in word):
        raise AnalysisError("词语不能为空，也不能含有空格。")
    overrides = store.resource_overrides()
    base = overrides.get(name)
    current = base if base is not None else getattr(default_texts(), name)
    updated = with_word(current, word, name)
    if updated == current:
        return False
    problems = validate_resource(name, updated)
    if problems:
        raise AnalysisError("；".join(problems[:3]))
    store.set_resource_checked(name, updated, base)
    return True
