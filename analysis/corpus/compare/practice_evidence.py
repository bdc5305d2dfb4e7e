"""What two practices have in common, beyond a text similarity: the same practice after cleaning,
and the distinctive terms they share (not officialese, not the genre's everyday words).

The alignment (measure_alignment) pairs identical or near-identical practices first and asks a
pair to share distinctive terms: two practices that agree only on 加强/推进/工作/支部/党员 are
about different things, however alike their wording.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from analysis.core.models import Measure
from analysis.core.resources import default_texts
from analysis.core.script import to_simplified
from analysis.text.characters import half_width, normalize_redactions
from analysis.text.keywords import content_tokens
from analysis.text.lexicon import Lexicon, build_lexicon

# Words every party-building practice uses, whatever it is about: sharing them says nothing about
# the practice (the officialese and stopword lists of the lexicon are left out as well).
GENRE_WORDS = frozenset(
    [
        "党员",
        "支部",
        "党支部",
        "党组织",
        "党总支",
        "党委",
        "党建",
        "党的",
        "党内",
        "干部",
        "群众",
        "职工",
        "员工",
        "同志",
        "人员",
        "单位",
        "公司",
        "部门",
        "上级",
        "基层",
        "全年",
        "今年",
        "每年",
        "年度",
        "我们",
        "累计",
        "同比",
        "工作",
        "全体",
        "广大",
        "学习",
        "制度",
        "责任",
        "岗位",
        "结果",
        "党建引领",
        "引领",
        "成立",
        "组建",
        "设立",
        "推行",
        "召开",
        "制定",
        "解决",
        "帮助",
        "接受",
        "负责",
        "书记",
        "委员",
        "教育",
        "业务",
    ]
)
# A leading outline marker: "（二）", "(3)", "2.", "二、", "一是", "第一，", "首先，".
_MARKER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,3}[、.．)）]|[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[，,、]?|首先|其次|最后)"
)
# What a cleaned key keeps: CJK ideographs and Latin letters (digits and redaction marks go, so a
# redacted figure matches the written one; punctuation and spaces go).
_NOT_KEPT = re.compile(r"[^A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")
# Two CJK ideographs: a piece of a longer term worth matching (not "X1" or "*党").
_CJK_PAIR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2}")
SAME_MIN = 0.85  # Dice coefficient of character trigrams from which two keys are the same text
SAME_MIN_CHARS = 12  # a body shorter than this is not enough to call two practices the same


def clean_key(text: str) -> str:
    """A text reduced to what its wording is: Simplified, no markers, punctuation, digits or marks.

    e.g. "（二）黨員帶頭,*名" and "2.党员带头，12名" -> "党员带头名"
    """
    simple = normalize_redactions(half_width(to_simplified(text)[0]))
    lines = (_MARKER.sub("", line) for line in simple.split("\n"))
    return _NOT_KEPT.sub("", "".join(lines))


def practice_keys(m: Measure) -> tuple[str, str]:
    """(whole key, body key) of a practice: title and text, and the text without its title."""
    title, text = clean_key(m.title), clean_key(m.text)
    body = text[len(title) :] if title and text.startswith(title) else text
    whole = text if title and title in text else title + text
    return whole, body


def _trigrams(key: str) -> list[str]:
    """Character trigrams of a key (the key itself when shorter)."""
    return [key[i : i + 3] for i in range(max(len(key) - 2, 1))] if key else []


# One vocabulary for every side in this process, so a side's matrices are built once and
# multiplied with any other side's; cleared (with the cached sides) past _VOCABULARY_MAX entries.
_VOCABULARY: dict[str, int] = {}
_VOCABULARY_MAX = 5_000_000
_VOCABULARY_LOCK = threading.Lock()


def _incidence(rows: Sequence[Iterable[str]]) -> sparse.csr_matrix:
    """Binary rows x vocabulary matrix of string sets (the shared vocabulary grows as needed)."""
    with _VOCABULARY_LOCK:
        vocab = _VOCABULARY
        cols = [sorted({vocab.setdefault(x, len(vocab)) for x in row}) for row in rows]
        width = len(vocab)
    indptr = np.cumsum([0, *(len(c) for c in cols)])
    data = np.ones(int(indptr[-1]), dtype=np.int32)
    flat = np.fromiter((c for row in cols for c in row), dtype=np.int64, count=int(indptr[-1]))
    return sparse.csr_matrix((data, flat, indptr), shape=(len(rows), max(width, 1)))


def _cross(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """a @ b.T as a dense array (both widened to the vocabulary's width first)."""
    width = max(a.shape[1], b.shape[1])

    def wide(m: sparse.csr_matrix) -> sparse.csr_matrix:
        return sparse.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], width))

    return (wide(a) @ wide(b).T).toarray()


@dataclass(frozen=True, eq=False)
class _Keys:
    """One side's cleaned keys (as ids: equal keys, equal ids; -1 for an empty key) and their
    trigram matrix (built once per side)."""

    ids: np.ndarray
    grams: sparse.csr_matrix
    sizes: np.ndarray


def _keys(keys: Sequence[str]) -> _Keys:
    """Keys with their ids, trigram incidence and trigram counts."""
    grams = _incidence([_trigrams(k) for k in keys])
    with _VOCABULARY_LOCK:
        ids = [_VOCABULARY.setdefault("\x00" + k, len(_VOCABULARY)) if k else -1 for k in keys]
    return _Keys(np.array(ids, dtype=np.int64), grams, np.asarray(grams.sum(axis=1)).ravel())


def _dice_matrix(a: _Keys, b: _Keys) -> np.ndarray:
    """Trigram Dice coefficient of every pair of keys, 1.0 where the keys are equal."""
    inter = _cross(a.grams, b.grams).astype(float)
    size = np.add.outer(a.sizes, b.sizes)
    dice = np.divide(2 * inter, size, out=np.zeros_like(inter), where=size > 0)
    equal = (a.ids[:, None] == b.ids[None, :]) & (a.ids[:, None] >= 0)
    return np.where(equal, 1.0, dice)


@dataclass(frozen=True, eq=False)
class SideFeatures:
    """What the evidence reads of one side's practices, built once per side (and cached): cleaned
    keys of whole texts and bodies, and distinctive terms (as terms and as pieces)."""

    whole: _Keys
    body: _Keys
    long_body: np.ndarray  # body long enough to call two practices the same
    terms: sparse.csr_matrix  # title + text: distinctive terms
    pieces: sparse.csr_matrix  # title + text: terms and their pieces
    body_terms: sparse.csr_matrix
    body_pieces: sparse.csr_matrix


def _term_matrices(
    lex: Lexicon, docs: Sequence[str]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Distinctive terms of each document, and the same with their pieces, as incidences."""
    terms = [distinctive_terms(lex, d) for d in docs]
    pieces = [frozenset().union(*(_pieces(lex, t) for t in ts)) for ts in terms]
    return _incidence(terms), _incidence(pieces)


@lru_cache(maxsize=256)
def side_features(lex: Lexicon, measures: tuple[Measure, ...]) -> SideFeatures:
    """The features of one side's practices (cached per lexicon and practices)."""
    keys = [practice_keys(m) for m in measures]
    terms, pieces = _term_matrices(lex, [f"{m.title}\n{m.text}" for m in measures])
    body_terms, body_pieces = _term_matrices(lex, [body_text(m) for m in measures])
    return SideFeatures(
        whole=_keys([w for w, _ in keys]),
        body=_keys([b for _, b in keys]),
        long_body=np.array([len(b) >= SAME_MIN_CHARS for _, b in keys], dtype=bool),
        terms=terms,
        pieces=pieces,
        body_terms=body_terms,
        body_pieces=body_pieces,
    )


def _features(lex: Lexicon | None, measures: Sequence[Measure]) -> SideFeatures:
    """`side_features` with the shipped lexicon when none is given; the vocabulary (and with it
    every cached side) starts again when it has grown past _VOCABULARY_MAX."""
    if len(_VOCABULARY) > _VOCABULARY_MAX:
        with _VOCABULARY_LOCK:
            _VOCABULARY.clear()
            side_features.cache_clear()
    return side_features(lex or build_lexicon(default_texts()), tuple(measures))


def same_matrix(
    measures_a: Sequence[Measure], measures_b: Sequence[Measure], lex: Lexicon | None = None
) -> np.ndarray:
    """How much practice i of A and j of B are the same text after cleaning: the trigram Dice of
    their keys when >= SAME_MIN (1.0 when equal), else 0.

    Compared: whole keys (title + text), and bodies (another heading over the same text) when
    both are at least SAME_MIN_CHARS long. Dice >= SAME_MIN forgives a redacted name, a changed
    word or a marker left in.
    """
    return _same(_features(lex, measures_a), _features(lex, measures_b))


def _same(fa: SideFeatures, fb: SideFeatures) -> np.ndarray:
    """`same_matrix` of two sides' features."""
    score = _dice_matrix(fa.whole, fb.whole)
    body = _dice_matrix(fa.body, fb.body)
    score = np.where(np.outer(fa.long_body, fb.long_body), np.maximum(score, body), score)
    return np.where(score >= SAME_MIN, score, 0.0).reshape(len(fa.long_body), len(fb.long_body))


@lru_cache(maxsize=262144)
def _generic(lex: Lexicon, token: str) -> bool:
    """A word of the lists, or one made only of such words (党建工作 = 党建 + 工作)."""
    common = lex.officialese | lex.stopwords | GENRE_WORDS
    if token in common:
        return True
    ends = {0}
    for end in range(1, len(token) + 1):
        if any(start in ends and token[start:end] in common for start in range(end)):
            ends.add(end)
    return len(token) in ends


@lru_cache(maxsize=65536)
def distinctive_terms(lex: Lexicon, text: str) -> frozenset[str]:
    """The words of a practice that say what it is: content terms of two or more characters,
    not officialese, stopwords or the genre's everyday words (GENRE_WORDS)."""
    tokens = content_tokens(lex, normalize_redactions(half_width(to_simplified(text)[0])))
    return frozenset(t for t in tokens if len(t) >= 2 and not _generic(lex, t))


@lru_cache(maxsize=65536)
def _pieces(lex: Lexicon, term: str) -> frozenset[str]:
    """A term and its two-character pieces that are not common words (业务工作 -> 业务, 务工)."""
    pieces = (term[i : i + 2] for i in range(len(term) - 1)) if len(term) > 2 else ()
    return frozenset(
        {term} | {p for p in pieces if _CJK_PAIR.fullmatch(p) and not _generic(lex, p)}
    )


def body_text(m: Measure) -> str:
    """What a practice says below its title: its text after the title (the whole text when the
    title is not in it)."""
    at = m.text.find(m.title) if m.title else -1
    return m.text[at + len(m.title) :] if at >= 0 else m.text


def shared_terms(
    measures_a: Sequence[Measure],
    measures_b: Sequence[Measure],
    lex: Lexicon | None = None,
    body: bool = False,
) -> np.ndarray:
    """How many distinctive terms each practice of A shares with each practice of B: in title and
    text, or in their bodies only (`body`: what they say they did, not what their titles name).

    A term is shared when the other practice says it as a term or inside a longer one (业务 and
    业务工作); the count is the larger of the two directions.
    """
    return _shared(_features(lex, measures_a), _features(lex, measures_b), body)


def _shared(fa: SideFeatures, fb: SideFeatures, body: bool) -> np.ndarray:
    """`shared_terms` of two sides' features."""
    if not len(fa.long_body) or not len(fb.long_body):
        return np.zeros((len(fa.long_body), len(fb.long_body)), dtype=int)
    ta, qa = (fa.body_terms, fa.body_pieces) if body else (fa.terms, fa.pieces)
    tb, qb = (fb.body_terms, fb.body_pieces) if body else (fb.terms, fb.pieces)
    a_in_b = _cross(ta, qb)  # A's terms B says (as a term or inside one)
    b_in_a = _cross(qa, tb)
    return np.maximum(a_in_b, b_in_a).astype(int)


def evidence_parts(
    measures_a: Sequence[Measure], measures_b: Sequence[Measure], lex: Lexicon | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(shared_terms, shared_terms of the bodies, same_matrix), each side's features read once."""
    fa, fb = _features(lex, measures_a), _features(lex, measures_b)
    return _shared(fa, fb, False), _shared(fa, fb, True), _same(fa, fb)


@dataclass(frozen=True, eq=False)
class PairEvidence:
    """Everything the alignment weighs for each (A practice, B practice): one computation, reused
    when the user moves the threshold."""

    similarity: np.ndarray  # character n-gram TF-IDF cosine (measure_similarity)
    shared: np.ndarray  # distinctive terms in common in title and text (shared_terms)
    shared_body: np.ndarray  # distinctive terms in common in the bodies (shared_terms, body)
    same: np.ndarray  # how much the same text after cleaning, 0 when not the same (same_matrix)
