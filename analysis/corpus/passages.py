"""The units the corpus-wide text models read: passages for topics, tokenized sentences for the
co-occurrence network."""

from __future__ import annotations

from analysis.core.facts import is_practice
from analysis.corpus.loading import Corpus
from analysis.text.keywords import sentence_tokens
from analysis.text.lexicon import Lexicon

MEASURES = "举措"  # topic unit: one passage per practice
PARAGRAPHS = "段落"  # topic unit: one passage per non-empty paragraph


def topic_passages(corpus: Corpus, unit: str) -> list[str]:
    """The passages topics are found in: each practice (`unit` 举措) or each paragraph (段落)."""
    if unit not in (MEASURES, PARAGRAPHS):
        raise ValueError(f"unknown topic unit: {unit!r}")
    passages: list[str] = []
    for a in corpus.analyses.values():
        if unit == MEASURES:
            passages += [m.text for m in a.structure.measures if is_practice(m.kind)]
        else:
            passages += [p for p in a.cleaned.text.split("\n") if p.strip()]
    return passages


def corpus_sentences(corpus: Corpus, lex: Lexicon, officialese: bool) -> list[list[str]]:
    """The content words of every sentence of the corpus, sentence by sentence."""
    sentences: list[list[str]] = []
    for a in corpus.analyses.values():
        sentences += sentence_tokens(lex, a.cleaned.text, officialese)
    return sentences
