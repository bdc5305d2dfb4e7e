"""Organization names out of keyword lists and word clouds unless the sidebar switch 显示机构名称
keeps them: a branch's own name is its most frequent "keyword" and tells the reader nothing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corpus.compare.sides import org_terms
from analysis.corpus.loading import Corpus
from views import explore_data, filters


def _hidden(corpus: Corpus) -> frozenset[str]:
    """The organization-name terms of every report of `corpus` (analysis.corpus.compare.sides
    .org_terms), each report scanned once per content, analysis and metadata."""
    found, out = explore_data.org_names_found(), set[str]()
    r = corpus.reports
    for rid, sha, branch, org in zip(
        r.index, r["sha256"], r["branch"], r["organization"], strict=True
    ):
        key = (corpus.key, str(sha), str(branch), str(org))
        if key not in found:
            found[key] = org_terms(corpus, [int(rid)])
        out |= found[key]
    return frozenset(out)


def hidden_names(corpus: Corpus) -> frozenset[str]:
    """The organization-name terms of the reports of `corpus`; none when the switch keeps them."""
    if filters.org_names_on():
        return frozenset()
    with st.spinner("正在识别单位和支部的名称…"):  # first visit only: about 10 ms per report
        return corpus.cached("org_names_hidden", _hidden)


def without_org_names(table: pd.DataFrame, column: str, corpus: Corpus) -> pd.DataFrame:
    """The rows of `table` whose `column` is no organization name of the reports of `corpus`."""
    hidden = hidden_names(corpus)
    if not hidden or table.empty:
        return table
    return table[~table[column].isin(hidden)].reset_index(drop=True)
