"""Keyword statistics: term and two-word-phrase counts per report, corpus tables, TextRank.

Per report only `count_terms` runs (fast: one segmentation, C-level counting). Officialese words
are kept in the counts and removed at view time, so the on/off switch needs no re-analysis.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from itertools import chain, compress
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.facts import per10k
from analysis.core.models import Keyword
from analysis.text.lexicon import Lexicon, tokenize

# Any CJK ideograph (basic block, extension A, compatibility), e.g. "党" in "党建".
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A Latin word worth keeping as a term: three or more letters/digits starting with a letter,
# e.g. "APP"; "Ta", "A" or "2023" do not match.
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}")
# Redaction marks anywhere in a token: *, ＊, ×, ✕ or a run of two X, e.g. "***", "×××", "XX公司".
_REDACTED_RE = re.compile(r"[*＊×✕]|[Xx]{2}")
# A number, optionally with a (repeated) measure word, e.g. "2023", "十九", "两个", "四年",
# "十九届", "6万", "一幅幅".
_NUMBER_RE = re.compile(
    r"[0-9０-９.．%％零〇一二三四五六七八九十百千万亿两几余多第]+"
    r"[个年次名人项条家天月日周岁届期批种类场位户篇幅份处座台张轮季]{0,2}"
)
# Sentence ends and clause-level breaks for co-occurrence units, e.g. "。" "；" "！" or a newline.
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")


def is_term(lex: Lexicon, token: str) -> bool:
    """Whether a token may be a keyword: has content, not a number, stopword or redaction."""
    if len(token) == 1:
        return token in lex.whitelist
    if token in lex.stopwords or _REDACTED_RE.search(token):
        return False
    if _CJK_RE.search(token):
        return not _NUMBER_RE.fullmatch(token)
    return bool(_LATIN_RE.fullmatch(token)) and token.lower() not in lex.stopwords


# The per-lexicon memo of `is_term` is cleared past this many tokens to bound its memory.
MAX_MEMO = 500_000
_MEMO_LOCK = threading.Lock()


def _flags(lex: Lexicon, distinct: list[str]) -> list[bool]:
    """`is_term` of each of the `distinct` tokens, in order.

    Known tokens come from the lexicon's memo, shared by every session and cleared when it grows
    past MAX_MEMO; the lock is held from filling it to reading it, so another thread cannot clear
    it in between. Finding the new tokens and reading the flags run in C (set difference, map).
    """
    memo = lex.term_memo
    with _MEMO_LOCK:
        new = set(distinct).difference(memo)
        if new and len(memo) + len(new) > MAX_MEMO:
            memo.clear()
            new = set(distinct)
        for t in new:
            memo[t] = is_term(lex, t)
        return list(map(memo.__getitem__, distinct))


def _term_filter(lex: Lexicon, tokens: Iterable[str]) -> set[str]:
    """The distinct tokens that pass `is_term`."""
    distinct = list(set(tokens))
    return set(compress(distinct, _flags(lex, distinct)))


def count_terms(lex: Lexicon, text: str) -> tuple[dict[str, int], dict[str, int]]:
    """(term counts, bigram counts "w1 w2" of adjacent terms seen at least twice).

    Both in first-occurrence order (sorting is left to the views, which rank anyway).
    """
    tokens = tokenize(lex, text)
    counts = Counter(tokens)  # in first-occurrence order; filtering runs once per distinct token
    distinct = list(counts)
    flags = _flags(lex, distinct)
    terms = dict(compress(counts.items(), flags))
    return terms, _bigrams(tokens, terms)


def _bigrams(tokens: list[str], terms: Mapping[str, int]) -> dict[str, int]:
    """Counts of adjacent pairs of terms seen at least twice, "w1 w2", in first-occurrence order.

    One pass that counts only pairs of two terms: a report's tokens are mostly punctuation,
    stopwords and numbers, so this is ~2x cheaper than counting every adjacent pair in C and
    filtering them afterwards.
    """
    pairs: dict[tuple[str, str], int] = {}
    seen = pairs.get
    prev = None
    for token in tokens:
        if token in terms:
            if prev is not None:
                pair = prev, token
                pairs[pair] = seen(pair, 0) + 1
            prev = token
        else:
            prev = None
    return {f"{a} {b}": c for (a, b), c in pairs.items() if c >= 2}


def _visible(lex: Lexicon, term: str, officialese: bool) -> bool:
    """Whether a stored term is shown: a valid term, and not officialese when the switch is on."""
    if officialese and term in lex.officialese:
        return False
    known = lex.term_memo.get(term)
    return is_term(lex, term) if known is None else known


def top_keywords(
    term_counts: Mapping[str, int],
    chars: int,
    lex: Lexicon,
    n: int = 20,
    officialese: bool = True,
    exclude: Collection[str] = frozenset(),
) -> tuple[Keyword, ...]:
    """The `n` most frequent terms; weight = occurrences per 10,000 characters. Terms of
    `exclude` (organization names: analysis.text.org_terms.org_name_terms) are left out."""
    shown = [
        (t, c)
        for t, c in term_counts.items()
        if c > 0 and t not in exclude and _visible(lex, t, officialese)
    ]
    shown.sort(key=lambda kv: (-kv[1], kv[0]))
    return tuple(Keyword(t, c, per10k(c, chars)) for t, c in shown[:n])


def _idf(n_docs: int, doc_freq: int) -> float:
    """Smoothed inverse document frequency, as scikit-learn: ln((1+N)/(1+df)) + 1."""
    return math.log((1 + n_docs) / (1 + doc_freq)) + 1


KEYWORD_COLUMNS = ["term", "count", "per10k", "tfidf", "docs"]


def _sum_counts(docs: Mapping[Any, Mapping[str, int]]) -> tuple[dict[str, int], dict[str, int]]:
    """Total count and document frequency of every term over the documents.

    One hash pass over all (term, count) pairs in C (pandas.factorize + bincount): summing the
    dicts with Counter.update is a Python loop per pair, 0.2 s at 1,000 reports.
    """
    keys = list(chain.from_iterable(docs.values()))
    if not keys:
        return {}, {}
    counts = np.fromiter(
        chain.from_iterable(d.values() for d in docs.values()), np.int64, len(keys)
    )
    codes, uniques = pd.factorize(np.array(keys, dtype=object))
    totals = np.bincount(codes, weights=counts).astype(np.int64).tolist()
    freq = np.bincount(codes).tolist()  # a term is a key of a document's dict at most once
    terms: list[str] = uniques.tolist()
    return dict(zip(terms, totals, strict=True)), dict(zip(terms, freq, strict=True))


def keyword_table(
    docs: Mapping[Any, Mapping[str, int]],
    chars: Mapping[Any, int],
    lex: Lexicon,
    officialese: bool = True,
    idf_docs: Mapping[Any, Mapping[str, int]] | None = None,
    n: int | None = None,
    exclude: Collection[str] = frozenset(),
) -> pd.DataFrame:
    """Terms over many reports: count, per10k, tfidf (per10k x idf), docs (document frequency).

    `docs` are the selected reports (one, a branch, the corpus); the idf comes from `idf_docs`
    (the whole corpus) when given, so one report's distinctive terms rank high. Terms of
    `exclude` (organization names: analysis.text.org_terms.org_name_terms) are left out.
    """
    totals, doc_freq = _sum_counts(docs)
    if idf_docs is None:
        n_ref, ref_df = len(docs), doc_freq
    else:
        n_ref, ref_df = len(idf_docs), _sum_counts(idf_docs)[1]
    n_chars = sum(chars.get(d, 0) for d in docs)
    return ranked_terms(
        totals, doc_freq, n_chars, lex, officialese, (n_ref, ref_df), n=n, exclude=exclude
    )


def ranked_terms(
    totals: Mapping[str, int],
    doc_freq: Mapping[str, int],
    n_chars: int,
    lex: Lexicon,
    officialese: bool,
    reference: tuple[int, Mapping[str, int]],
    n: int | None = None,
    exclude: Collection[str] = frozenset(),
) -> pd.DataFrame:
    """`keyword_table` from term totals already summed (e.g. by the database): `totals` and
    `doc_freq` over the selected reports, `reference` the (report count, document frequencies)
    the idf is taken from."""
    n_ref, ref_df = reference
    rows = []
    for term, count in totals.items():
        if count > 0 and term not in exclude and _visible(lex, term, officialese):
            rate = per10k(count, n_chars)
            tfidf = round(rate * _idf(n_ref, ref_df.get(term, 0)), 2)
            rows.append((term, count, rate, tfidf, doc_freq[term]))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return pd.DataFrame(rows[:n] if n else rows, columns=KEYWORD_COLUMNS)


def content_tokens(lex: Lexicon, text: str, officialese: bool = True) -> list[str]:
    """The text's terms in order (stopwords, and officialese when on, removed)."""
    tokens = [t for t in tokenize(lex, text) if not t.isspace()]
    keep = {t for t in _term_filter(lex, tokens) if not (officialese and t in lex.officialese)}
    return [t for t in tokens if t in keep]


def sentence_tokens(lex: Lexicon, text: str, officialese: bool = True) -> list[list[str]]:
    """Terms of each sentence (units for co-occurrence); empty sentences dropped."""
    out = []
    for sentence in _SENTENCE_END_RE.split(text):
        terms = content_tokens(lex, sentence, officialese)
        if terms:
            out.append(terms)
    return out


def frequent_phrases(
    bigram_counts: Mapping[str, int],
    n: int = 20,
    lex: Lexicon | None = None,
    officialese: bool = True,
) -> tuple[Keyword, ...]:
    """The `n` most frequent two-word phrases "w1 w2" (weight = count); with `lex`, phrases
    holding an officialese word are hidden when the switch is on."""
    items = []
    for phrase, count in bigram_counts.items():
        words = phrase.split(" ")
        if lex is not None and not all(_visible(lex, w, officialese) for w in words):
            continue
        items.append((phrase, count))
    items.sort(key=lambda kv: (-kv[1], kv[0]))
    return tuple(Keyword(p, c, float(c)) for p, c in items[:n])


def textrank_keywords(
    lex: Lexicon, text: str, n: int = 20, officialese: bool = True, window: int = 5
) -> tuple[Keyword, ...]:
    """TextRank keywords (weight = score scaled to the best = 1); cached, call it lazily."""
    return _textrank(lex, text, n, officialese, window)


@lru_cache(maxsize=256)
def _textrank(
    lex: Lexicon, text: str, n: int, officialese: bool, window: int
) -> tuple[Keyword, ...]:
    """Weighted PageRank over a co-occurrence graph of terms within `window` tokens."""
    tokens = [t for t in tokenize(lex, text) if not t.isspace()]
    keep = {t for t in _term_filter(lex, tokens) if not (officialese and t in lex.officialese)}
    graph: dict[str, Counter[str]] = {t: Counter() for t in keep}
    for i, a in enumerate(tokens):
        if a not in keep:
            continue
        for b in tokens[i + 1 : i + window]:
            if b in keep and b != a:
                graph[a][b] += 1
                graph[b][a] += 1
    ranks = _pagerank(graph)
    if not ranks:
        return ()
    top = max(ranks.values())
    counts = Counter(t for t in tokens if t in keep)
    best = sorted(ranks.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return tuple(Keyword(t, counts[t], round(r / top, 4)) for t, r in best)


def _pagerank(graph: Mapping[str, Counter[str]], d: float = 0.85, iters: int = 30):
    """Weighted PageRank by power iteration (as jieba's TextRank, without POS filtering)."""
    nodes = [t for t, nbrs in graph.items() if nbrs]
    if not nodes:
        return {}
    out_weight = {t: sum(graph[t].values()) for t in nodes}
    rank = dict.fromkeys(nodes, 1.0 / len(nodes))
    for _ in range(iters):
        rank = {
            t: (1 - d) + d * sum(w / out_weight[u] * rank[u] for u, w in graph[t].items())
            for t in nodes
        }
    return rank
