"""Organization names out of keyword lists and word clouds unless the sidebar switch 显示机构名称
keeps them: a branch's own name is its most frequent "keyword" and tells the reader nothing."""

from __future__ import annotations

import pandas as pd

from analysis.corpus.compare.sides import org_terms
from analysis.corpus.loading import Corpus
from views import filters


def corpus_org_terms(corpus: Corpus) -> frozenset[str]:
    """The organization-name terms of every report of `corpus` (compare.sides.org_terms, from
    the names each analysis keeps), once per corpus object: per store revision and filter."""
    return corpus.cached("org_terms", lambda c: org_terms(c, c.ids))


def hidden_names(corpus: Corpus) -> frozenset[str]:
    """The organization-name terms of the reports of `corpus`; none when the switch keeps them."""
    return frozenset() if filters.org_names_on() else corpus_org_terms(corpus)


def report_hidden_names(corpus: Corpus, rid: int) -> frozenset[str]:
    """The organization-name terms of report `rid`; none when the switch keeps them."""
    return frozenset() if filters.org_names_on() else org_terms(corpus, [rid])


def without_org_names(table: pd.DataFrame, column: str, corpus: Corpus) -> pd.DataFrame:
    """The rows of `table` whose `column` is no organization name of the reports of `corpus`."""
    hidden = hidden_names(corpus)
    if not hidden or table.empty:
        return table
    return table[~table[column].isin(hidden)].reset_index(drop=True)
