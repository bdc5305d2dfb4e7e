"""Segmentation lexicon: the tokenizer with the domain dictionary, plus the stopword lists.

One `Lexicon` is built per set of resource texts and cached, so the (slow) dictionary load happens
once per process. The fast `rjieba` backend is used when available; `tests/analysis/text/test_lexicon.py`
proves it yields the same tokens as a `jieba.Tokenizer` with the same user dictionary.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.core.resources import ResourceTexts

BACKENDS = ("rjieba", "jieba")

# jieba drops a user word when its frequency is too low to beat the split into known words; every
# entry gets at least this frequency (or more, when jieba's suggested frequency is higher).
MIN_USER_FREQ = 2000

# Caps on a user dictionary: jieba scans every prefix of every word at each position, so one long
# word (e.g. one character repeated 1,000 times) makes segmenting a run of it 1,000x slower.
MAX_USER_WORD_CHARS = 20
MAX_USER_WORDS = 50_000
MIN_REPEAT_CHARS = 3  # a word this long or longer made of one repeated character is refused

logger = logging.getLogger(__name__)

# A user-dictionary frequency field: digits only, e.g. "2000" in "党建引领 2000 l".
_FREQ_RE = re.compile(r"[0-9]+")
# A part-of-speech tag: ASCII letters, e.g. "nz" in "三会一课 nz".
_TAG_RE = re.compile(r"[A-Za-z]+")
# Characters jieba treats as one block; a user word with anything else never matches,
# e.g. "党建引领" or "345党建" pass, "兴城·微党课" does not.
_JIEBA_BLOCK_RE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


@dataclass(frozen=True)
class UserWord:
    """One user-dictionary entry `词 [freq] [pos]`; `line` is its 1-based line number."""

    word: str
    freq: int | None = None
    tag: str | None = None
    line: int = 0


def _content_lines(text: str) -> list[tuple[int, str]]:
    """(line number, stripped line) of every non-blank, non-comment line."""
    out = []
    for no, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append((no, line))
    return out


def word_problem(word: str) -> str:
    """Why a user-dictionary word would slow or break segmentation (Chinese), or ''."""
    if len(word) > MAX_USER_WORD_CHARS:
        return f"「{word[:MAX_USER_WORD_CHARS]}…」太长（{len(word)} 字，每个词最多 {MAX_USER_WORD_CHARS} 字）。"
    if len(word) >= MIN_REPEAT_CHARS and len(set(word)) == 1:
        return f"「{word}」由同一个字重复组成，会严重拖慢分词。"
    if not word.isprintable():
        return "词里有不可见的控制字符。"
    return ""


def parse_userdict(text: str) -> tuple[UserWord, ...]:
    """Entries of a jieba-format user dictionary; lenient (malformed fields are ignored), but a word
    that would slow segmentation (see `word_problem`) and entries past MAX_USER_WORDS are dropped,
    whatever way the text got into the store."""
    entries: dict[str, UserWord] = {}
    dropped = 0
    for no, line in _content_lines(text):
        parts = line.split()
        if word_problem(parts[0]) or len(entries) >= MAX_USER_WORDS:
            dropped += 1
            continue
        freq = tag = None
        for extra in parts[1:3]:
            if _FREQ_RE.fullmatch(extra) and freq is None and tag is None:
                freq = int(extra)
            elif _TAG_RE.fullmatch(extra) and tag is None:
                tag = extra
        entries.setdefault(parts[0], UserWord(parts[0], freq, tag, no))
    if dropped:
        logger.warning(
            "user dictionary: %d entries dropped (too long, repeated or too many)", dropped
        )
    return tuple(entries.values())


def userdict_problems(text: str) -> list[str]:
    """Chinese messages for entries that cannot work as written, for the resource editor and the
    backup import (one message per line at most, each naming its line)."""
    problems = []
    lines = _content_lines(text)
    if len(lines) > MAX_USER_WORDS:
        problems.append(f"用户词典有 {len(lines)} 个词，超过上限 {MAX_USER_WORDS} 个，请精简。")
    for no, line in lines:
        parts = line.split()
        word = parts[0]
        slow = word_problem(word)
        if slow:
            problems.append(f"第 {no} 行：{slow}")
        elif len(parts) > 3:
            problems.append(f"第 {no} 行：词中不能有空格（格式为「词 [词频] [词性]」）。")
        elif not _JIEBA_BLOCK_RE.fullmatch(word):
            problems.append(f"第 {no} 行：「{word}」含有标点或符号，分词时不会整体切出。")
        for extra in parts[1:3]:
            if not (_FREQ_RE.fullmatch(extra) or _TAG_RE.fullmatch(extra)):
                problems.append(
                    f"第 {no} 行：「{extra[:MAX_USER_WORD_CHARS]}」既不是词频（数字）也不是词性（字母）。"
                )
    return problems


def parse_wordlist(text: str) -> frozenset[str]:
    """One word per line (first field), comments and blank lines skipped."""
    return frozenset(line.split()[0] for _, line in _content_lines(text))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Tokenizer backend plus word lists; picklable (rebuilt from its source texts)."""

    backend: str
    stopwords: frozenset[str]
    officialese: frozenset[str]
    whitelist: frozenset[str]  # single characters allowed as keywords
    user_words: frozenset[str]  # multi-character user-dictionary words
    fingerprint: str
    cut: Callable[[str], list[str]] = field(repr=False)
    source: tuple[str, str, str] = field(repr=False)  # (userdict, stopwords, officialese)
    # token -> passes the keyword filter; a memo filled by analysis.text.keywords (pure function of
    # the token and this lexicon's lists, so caching it here cannot change a result).
    term_memo: dict[str, bool] = field(default_factory=dict, repr=False)

    def __reduce__(self):
        return (_build, (*self.source, self.backend))


def _hold_freq(given: int | None, suggested: int) -> int:
    """A frequency high enough for jieba to keep the word whole."""
    return max(given or 0, suggested, MIN_USER_FREQ)


def _rjieba_cut(words: tuple[UserWord, ...]) -> Callable[[str], list[str]]:
    """rjieba (Rust port of jieba) with the user words added."""
    import rjieba

    seg = rjieba.Jieba()
    for w in words:
        seg.add_word(w.word, _hold_freq(w.freq, seg.suggest_freq(w.word)), w.tag)
    return seg.cut


def _jieba_cut(words: tuple[UserWord, ...]) -> Callable[[str], list[str]]:
    """A private jieba.Tokenizer instance (never the module-level one) with the user words."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for w in words:
        tk.add_word(w.word, _hold_freq(w.freq, tk.suggest_freq(w.word, False)), w.tag)

    def cut(text: str) -> list[str]:
        return list(tk.cut(text))

    return cut


def default_backend() -> str:
    """'rjieba' when it is installed, else 'jieba'."""
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return "jieba"
    return "rjieba"


@lru_cache(maxsize=8)
def _build(userdict: str, stopwords: str, officialese: str, backend: str) -> Lexicon:
    """Build a lexicon from raw resource texts (cached: the dictionary load is slow)."""
    entries = parse_userdict(userdict)
    multi = tuple(w for w in entries if len(w.word) > 1)
    cut = _rjieba_cut(multi) if backend == "rjieba" else _jieba_cut(multi)
    digest = hashlib.sha256("\x00".join((userdict, stopwords, officialese, backend)).encode())
    return Lexicon(
        backend=backend,
        stopwords=parse_wordlist(stopwords),
        officialese=parse_wordlist(officialese),
        whitelist=frozenset(w.word for w in entries if len(w.word) == 1),
        user_words=frozenset(w.word for w in multi),
        fingerprint=digest.hexdigest()[:16],
        cut=cut,
        source=(userdict, stopwords, officialese),
    )


def build_lexicon(texts: ResourceTexts, backend: str = "auto") -> Lexicon:
    """The lexicon of these resources ('auto' = rjieba if installed); cached per content."""
    chosen = default_backend() if backend == "auto" else backend
    if chosen not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    return _build(texts.userdict, texts.stopwords, texts.officialese, chosen)


def tokenize(lex: Lexicon, text: str) -> list[str]:
    """Tokens of `text` in order, whitespace and punctuation included (precise mode, HMM on)."""
    return lex.cut(text) if text else []
