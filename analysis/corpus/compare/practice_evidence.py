"""What two practices have in common, beyond a text similarity: the same practice after cleaning,
and the distinctive terms they share (not officialese, not the genre's everyday words).

The alignment (measure_alignment) pairs identical or near-identical practices first and asks a
pair to share distinctive terms: two practices that agree only on 加强/推进/工作/支部/党员 are
about different things, however alike their wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from analysis.core.models import Measure
from analysis.core.resources import default_texts
from analysis.core.script import to_simplified
from analysis.text.clean import half_width, normalize_redactions
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


def _incidence(rows: Sequence[Iterable[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Binary rows x vocabulary matrix of string sets (the vocabulary grows as needed)."""
    cols = [sorted({vocab.setdefault(x, len(vocab)) for x in row}) for row in rows]
    indptr = np.cumsum([0, *(len(c) for c in cols)])
    data = np.ones(int(indptr[-1]), dtype=np.int32)
    flat = np.fromiter((c for row in cols for c in row), dtype=np.int64, count=int(indptr[-1]))
    return sparse.csr_matrix((data, flat, indptr), shape=(len(rows), max(len(vocab), 1)))


def _dice_matrix(keys_a: Sequence[str], keys_b: Sequence[str]) -> np.ndarray:
    """Trigram Dice coefficient of every pair of keys, 1.0 where the keys are equal."""
    vocab: dict[str, int] = {}
    ga = _incidence([_trigrams(k) for k in keys_a], vocab)
    gb = _incidence([_trigrams(k) for k in keys_b], vocab)
    ga.resize((ga.shape[0], len(vocab) or 1))
    gb.resize((gb.shape[0], len(vocab) or 1))
    inter = (ga @ gb.T).toarray().astype(float)
    size = np.add.outer(np.asarray(ga.sum(axis=1)).ravel(), np.asarray(gb.sum(axis=1)).ravel())
    dice = np.divide(2 * inter, size, out=np.zeros_like(inter), where=size > 0)
    where_b: dict[str, list[int]] = {}
    for j, k in enumerate(keys_b):
        where_b.setdefault(k, []).append(j)
    for i, k in enumerate(keys_a):
        if k:
            dice[i, where_b.get(k, [])] = 1.0
    return dice


def same_matrix(measures_a: Sequence[Measure], measures_b: Sequence[Measure]) -> np.ndarray:
    """How much practice i of A and j of B are the same text after cleaning: the trigram Dice of
    their keys when >= SAME_MIN (1.0 when equal), else 0.

    Compared: whole keys (title + text), and bodies (another heading over the same text) when
    both are at least SAME_MIN_CHARS long. Dice >= SAME_MIN forgives a redacted name, a changed
    word or a marker left in.
    """
    keys_a = [practice_keys(m) for m in measures_a]
    keys_b = [practice_keys(m) for m in measures_b]
    score = _dice_matrix([w for w, _ in keys_a], [w for w, _ in keys_b])
    body = _dice_matrix([b for _, b in keys_a], [b for _, b in keys_b])
    long_a = np.array([len(b) >= SAME_MIN_CHARS for _, b in keys_a], dtype=bool)
    long_b = np.array([len(b) >= SAME_MIN_CHARS for _, b in keys_b], dtype=bool)
    score = np.where(np.outer(long_a, long_b), np.maximum(score, body), score)
    return np.where(score >= SAME_MIN, score, 0.0).reshape(len(keys_a), len(keys_b))


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
    text, or in their bodies only (`body`: what they say they did, not what their titles name)."""
    lex = lex or build_lexicon(default_texts())

    def doc(m: Measure) -> str:
        return body_text(m) if body else f"{m.title}\n{m.text}"

    ta = [distinctive_terms(lex, doc(m)) for m in measures_a]
    tb = [distinctive_terms(lex, doc(m)) for m in measures_b]
    if not ta or not tb:
        return np.zeros((len(ta), len(tb)), dtype=int)
    vocab: dict[str, int] = {}
    qa = [frozenset().union(*(_pieces(lex, t) for t in ts)) for ts in ta]
    qb = [frozenset().union(*(_pieces(lex, t) for t in ts)) for ts in tb]
    terms_a, pieces_a = _incidence(ta, vocab), _incidence(qa, vocab)
    terms_b, pieces_b = _incidence(tb, vocab), _incidence(qb, vocab)
    for m in (terms_a, pieces_a, terms_b, pieces_b):
        m.resize((m.shape[0], len(vocab)))
    a_in_b = (terms_a @ pieces_b.T).toarray()  # A's terms B says (as a term or inside one)
    b_in_a = (pieces_a @ terms_b.T).toarray()
    return np.maximum(a_in_b, b_in_a).astype(int)


@dataclass(frozen=True, eq=False)
class PairEvidence:
    """Everything the alignment weighs for each (A practice, B practice): one computation, reused
    when the user moves the threshold."""

    similarity: np.ndarray  # character n-gram TF-IDF cosine (measure_similarity)
    shared: np.ndarray  # distinctive terms in common in title and text (shared_terms)
    shared_body: np.ndarray  # distinctive terms in common in the bodies (shared_terms, body)
    same: np.ndarray  # how much the same text after cleaning, 0 when not the same (same_matrix)
