"""Keywords of a branch (all its reports together), weighted by TF-IDF against the other branches.

Each branch's reports are pooled into one document; the idf is taken over the branches, so a term
every branch uses weighs little and a term only this branch uses ranks first. Counts and rates
come from `keywords.keyword_table`, the one keyword table of the app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import pandas as pd

from analysis.corpus.loading import Corpus
from analysis.text.keywords import keyword_table
from analysis.text.lexicon import Lexicon

BRANCH = "branch"
# (labels table "keywords": `docs` is shown 报告数)
BRANCH_KEYWORD_COLUMNS = [BRANCH, "word", "count", "per10k", "tfidf", "docs"]


def branch_documents(corpus: Corpus) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """(branch -> pooled term counts, branch -> characters) over the corpus' reports."""
    docs: dict[str, Counter[str]] = {}
    chars: Counter[str] = Counter()
    for rid, a in corpus.analyses.items():
        label = corpus.labels[int(rid)]
        docs.setdefault(label, Counter()).update(a.term_counts)
        chars[label] += a.chars
    return {b: dict(c) for b, c in docs.items()}, dict(chars)


def branch_keywords(
    corpus: Corpus,
    branch: str,
    lex: Lexicon,
    officialese: bool = True,
    n: int = 30,
    exclude: Collection[str] = frozenset(),
) -> pd.DataFrame:
    """The `n` terms of `branch` with the highest TF-IDF against the other branches; the terms
    of `exclude` (organization names) left out."""
    docs, chars = branch_documents(corpus)
    if branch not in docs:
        return pd.DataFrame(columns=BRANCH_KEYWORD_COLUMNS)
    ids = [rid for rid in corpus.analyses if corpus.labels[int(rid)] == branch]
    per_report = {str(rid): corpus.analyses[rid].term_counts for rid in ids}
    report_chars = {str(rid): corpus.analyses[rid].chars for rid in ids}
    table = keyword_table(
        per_report, report_chars, lex, officialese, idf_docs=docs, exclude=exclude
    )
    table = table.sort_values(["tfidf", "count", "term"], ascending=[False, False, True])
    out = pd.DataFrame(
        {
            BRANCH: branch,
            "word": table["term"],
            "count": table["count"],
            "per10k": table["per10k"],
            "tfidf": table["tfidf"],
            "docs": table["docs"],
        },
        columns=BRANCH_KEYWORD_COLUMNS,
    )
    return out.head(n).reset_index(drop=True)


def all_branch_keywords(
    corpus: Corpus, lex: Lexicon, officialese: bool = True, n: int = 10
) -> pd.DataFrame:
    """`branch_keywords` of every branch, one long table (for a download)."""
    frames = [
        branch_keywords(corpus, b, lex, officialese, n) for b in sorted(set(corpus.labels.values()))
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=BRANCH_KEYWORD_COLUMNS)
    return pd.concat(frames, ignore_index=True)
