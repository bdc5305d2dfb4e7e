"""概览's tables from the database: KPIs, report list, branch × theme matrix, keywords,
formulations and organization names, each from SQL over the per-report facts with the sidebar
filters in the WHERE clause (analysis/store/fact_queries.py), never from decoding every analysis.

Each builder gives what its corpus counterpart gives for the same reports (kpis.corpus_kpis,
tables.reports_frame, ThemeFrames.branch_matrix, keywords.keyword_table,
tables.formulations_frame, compare.sides.org_terms); tests/analysis/corpus/test_aggregates.py holds
them equal on the samples and on a generated corpus.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from analysis.core.facts import normalize_year
from analysis.core.resources import ResourceTexts
from analysis.corpus.compare.sides import pooled_org_terms
from analysis.corpus.kpis import Kpis
from analysis.corpus.loading import Corpus
from analysis.corpus.regroup import by_parent
from analysis.corpus.tables import (
    FORMULATION_COLUMNS,
    ID,
    LABEL,
    REPORT_COLUMNS,
    SCORE_COLUMNS,
    branch_theme_matrix,
)
from analysis.store import fact_queries as q
from analysis.store.database import CorpusStore
from analysis.store.fact_queries import Filters
from analysis.text.keywords import ranked_terms
from analysis.text.lexicon import Lexicon
from analysis.text.pipeline import cache_key
from analysis.text.roster import Roster
from analysis.text.theme_dictionary import ThemeDictionary
from analysis.text.theme_results import themes_fingerprint

__all__ = ["Filters", "Overview", "older_facts"]


def older_facts(store: CorpusStore, texts: ResourceTexts, at_least: int) -> tuple[str, int] | None:
    """(the older fingerprint whose facts cover most live reports, how many live reports lack
    facts under the current rules) when at least `at_least` do and the older facts cover more
    reports than the current ones (an upgrade, not a large batch of new reports); else None."""
    key = cache_key(texts)
    missing = len(q.without_facts(store, key))
    if missing < at_least:
        return None
    counts = q.fact_fingerprints(store)
    current = dict(counts).get(key, 0)
    older = [fp for fp, n in counts if fp != key and n > current]
    return (older[0], missing) if older else None


class Overview:
    """The facts of the filtered reports (one query) and what 概览 builds from them; the
    larger aggregates (terms, formulations, theme hits) are queried on first use."""

    def __init__(
        self,
        store: CorpusStore,
        key: str,
        filters: Filters = Filters(),
        roster: Roster | None = None,
    ) -> None:
        """`key`: the analysis fingerprint (pipeline.cache_key); `roster`: group by parent."""
        self.store, self.key, self.filters = store, key, filters
        facts = q.report_facts(store, key, filters)
        corpus = Corpus(facts, {}, key)
        self.facts = by_parent(corpus, roster).reports if roster is not None else facts
        self.labels: dict[int, str] = Corpus(self.facts, {}, key).labels

    @property
    def ids(self) -> list[int]:
        return [int(i) for i in self.facts.index]

    def kpis(self) -> Kpis:
        """kpis.corpus_kpis of the same reports."""
        f = self.facts
        years = {normalize_year(y) for y in f["year"]}
        return Kpis(
            reports=len(f),
            branches=len(set(self.labels.values())),
            chars=int(f["chars"].sum()),
            practices=int(f["practices"].sum()),
            indicators=int(f["indicators"].sum()),
            redacted=int(f["redacted"].sum()),
            formulations=self.formulation_count(),
            years=tuple(sorted(y for y in years if y is not None)),
            failed=int(f["failed"].astype(bool).sum()),
        )

    def reports(self) -> pd.DataFrame:
        """tables.reports_frame of the same reports."""
        f = self.facts
        titles = [t or a for t, a in zip(f["title"], f["analysis_title"], strict=True)]
        return pd.DataFrame(
            {
                ID: [int(i) for i in f.index],
                LABEL: list(f["branch"]),
                "org": list(f["organization"]),
                "year": pd.array([normalize_year(y) for y in f["year"]], dtype="Int64"),
                "report_kind": list(f["kind"]),
                "title": titles,
                "chars": [int(n) for n in f["chars"]],
                "practice_count": [int(n) for n in f["practices"]],
                "indicator_count": [int(n) for n in f["indicators"]],
                "added_at": list(f["added_at"]),
            },
            columns=REPORT_COLUMNS,
        )

    def formulation_count(self) -> int:
        """Distinct formulations of the reports: from the rows when queried already, else
        counted by the database (the KPI alone needs no row)."""
        if "_formulations" in self.__dict__:
            return int(self.formulation_rows()["term"].nunique())
        return q.formulation_count(self.store, self.key, self.filters)

    def formulation_rows(self) -> pd.DataFrame:
        """Each formulation of each report (id, term, count, numbered), queried once."""
        if "_formulations" not in self.__dict__:
            self.__dict__["_formulations"] = q.formulation_rows(self.store, self.key, self.filters)
        rows: pd.DataFrame = self.__dict__["_formulations"]
        return rows

    def formulations(self) -> pd.DataFrame:
        """tables.formulations_frame of the same reports (rows in report order, so each term's
        branches are listed in the order they first use it)."""
        rows = self.formulation_rows()
        if rows.empty:
            return pd.DataFrame([], columns=FORMULATION_COLUMNS)
        rows = rows.assign(label=rows["id"].map(self.labels))
        by_term = rows.groupby("term")
        counts = by_term["count"].sum()
        users = rows.drop_duplicates(["term", "label"]).groupby("term")["label"].agg("、".join)
        out = pd.DataFrame(
            {
                "formulation": counts.index.to_numpy(object),
                "count": counts.to_numpy(np.int64),
                "numbered": by_term["numbered"].any().reindex(counts.index).to_numpy(bool),
                "report_count": by_term.size().reindex(counts.index).to_numpy(np.int64),
                "branches_using": users.reindex(counts.index).to_numpy(object),
            },
            columns=FORMULATION_COLUMNS,
        )
        out = out.sort_values(
            ["report_count", "count", "formulation"], ascending=[False, False, True]
        )
        return out.reset_index(drop=True)

    def term_totals(self) -> pd.DataFrame:
        """Every term's total count and document frequency over the reports, queried once."""
        if "_terms" not in self.__dict__:
            self.__dict__["_terms"] = q.term_totals(self.store, self.key, self.filters)
        totals: pd.DataFrame = self.__dict__["_terms"]
        return totals

    def keywords(
        self, lex: Lexicon, officialese: bool, n: int = 200, exclude: Collection[str] = ()
    ) -> pd.DataFrame:
        """keywords.keyword_table of the same reports (term, count, per10k, tfidf, docs)."""
        t = self.term_totals()
        totals = dict(zip(t["term"], map(int, t["count"]), strict=True))
        docs = dict(zip(t["term"], map(int, t["docs"]), strict=True))
        return ranked_terms(
            totals,
            docs,
            int(self.facts["chars"].sum()),
            lex,
            officialese,
            (len(self.facts), docs),
            n=n,
            exclude=frozenset(exclude),
        )

    def org_terms(self) -> frozenset[str]:
        """compare.sides.org_terms of the same reports (grouped by branch: a report's names are
        its own metadata branch and organization)."""
        flagged = q.org_term_totals(self.store, self.key, self.filters)
        named = dict(zip(flagged["term"], map(int, flagged["count"]), strict=True))
        if len(self.facts) <= 1:
            return frozenset(named)
        t = self.term_totals()
        total = dict(zip(t["term"], map(int, t["count"]), strict=True))
        return pooled_org_terms(named, {term: total.get(term, 0) for term in named})

    def theme_scores(self, d: ThemeDictionary) -> pd.DataFrame:
        """The long table of tables.theme_scores_frame without its 得分 column needed for the
        matrix: one row per report and theme (ID, LABEL, 主题, 命中次数, 字数)."""
        hits = q.theme_hits(self.store, self.key, themes_fingerprint(d), self.filters)
        hits = hits[hits["id"].isin(self.facts.index)]
        names = np.array(d.names, dtype=object)
        chars = self.facts["chars"]
        return pd.DataFrame(
            {
                ID: hits["id"].to_numpy(np.int64),
                LABEL: [self.labels[int(i)] for i in hits["id"]],
                "theme": names[hits["theme"].to_numpy(np.int64)] if len(hits) else [],
                "hits": hits["hits"].to_numpy(np.int64),
                "chars": chars.loc[hits["id"]].to_numpy(np.int64),
            },
            columns=[c for c in SCORE_COLUMNS if c not in ("year", "score")],
        )

    def branch_matrix(self, d: ThemeDictionary) -> pd.DataFrame:
        """ThemeFrames.branch_matrix of the same reports: hits per 10,000 characters."""
        return branch_theme_matrix(self.theme_scores(d), d.names)
