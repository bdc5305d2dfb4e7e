"""One truth per fact: what 概览 reads from SQL over the stored facts (analysis.corpus.aggregates)
equals what the corpus path computes from the decoded analyses, on the samples and on a generated
corpus, unfiltered and filtered, on SQLite and PostgreSQL; facts follow uploads, trash, purges,
metadata edits and dictionary edits."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.core.resources import default_texts
from analysis.corpus import tables
from analysis.corpus.aggregates import Filters, Overview
from analysis.corpus.backfill import ensure_facts, main, prepare
from analysis.corpus.compare.sides import org_terms
from analysis.corpus.kpis import corpus_kpis
from analysis.corpus.loading import Corpus, load_corpus, load_themes
from analysis.corpus.tables import ThemeFrames
from analysis.io.ingest import read_document
from analysis.store import fact_queries as q
from analysis.store.saving import save_report
from analysis.text.lexicon import build_lexicon
from analysis.text.metadata import infer_metadata
from analysis.text.pipeline import cache_key
from analysis.text.theme_dictionary import parse_theme_dictionary
from bench.generate import fill_store, generate_corpus

pytestmark = pytest.mark.backends
TEXTS = default_texts()
THEMES = parse_theme_dictionary(TEXTS.themes)
LEX = build_lexicon(TEXTS)


def _add(store, name: str, text: str) -> int:
    doc = read_document(name, text.encode("utf-8"))
    return save_report(store, name, doc, infer_metadata(doc.text, name)).report_id


def _filtered(corpus: Corpus, f: Filters) -> Corpus:
    r = corpus.reports
    mask = pd.Series(True, index=r.index)
    for col, chosen in (("year", f.years), ("organization", f.organizations), ("kind", f.kinds)):
        if chosen:
            mask &= r[col].isin(list(chosen))
    return corpus.subset(list(r.index[mask]))


def _assert_same(store, corpus: Corpus, f: Filters) -> None:
    """Every 概览 figure and table from SQL equals its corpus-path counterpart."""
    sub = _filtered(corpus, f)
    ov = Overview(store, corpus.key, f)
    assert ov.ids == sub.ids
    assert ov.kpis() == corpus_kpis(sub)
    assert_frame_equal(ov.reports(), tables.reports_frame(sub))
    assert_frame_equal(ov.formulations(), tables.formulations_frame(sub))
    frames = ThemeFrames(sub, THEMES, load_themes(store, sub, THEMES))
    assert_frame_equal(ov.branch_matrix(THEMES), frames.branch_matrix())
    assert ov.org_terms() == org_terms(sub, sub.ids)
    for officialese in (True, False):
        docs = {rid: a.term_counts for rid, a in sub.analyses.items()}
        chars = {rid: a.chars for rid, a in sub.analyses.items()}
        from analysis.text.keywords import keyword_table

        want = keyword_table(docs, chars, LEX, officialese, n=200, exclude=ov.org_terms())
        assert_frame_equal(ov.keywords(LEX, officialese, 200, ov.org_terms()), want)


@pytest.fixture
def sample_store(store, samples):
    for name, text in samples.items():
        _add(store, name, text)
    return store


def test_samples_equal_the_corpus_path(sample_store):
    corpus = load_corpus(sample_store, TEXTS, workers=1)  # writes the facts with the analyses
    prepare(sample_store, TEXTS, THEMES)
    _assert_same(sample_store, corpus, Filters())
    kind = str(corpus.reports["kind"].iloc[0])
    _assert_same(sample_store, corpus, Filters(kinds=(kind,)))


def test_generated_corpus_filtered_and_not(store):
    fill_store(store, generate_corpus(60, seed=3))
    corpus = load_corpus(store, TEXTS, workers=1)
    prepare(store, TEXTS, THEMES)
    years = tuple(sorted({int(y) for y in corpus.reports["year"].dropna()}))[:2]
    orgs = tuple(sorted({o for o in corpus.reports["organization"] if o}))[:1]
    for f in (Filters(), Filters(years=years), Filters(years=years, organizations=orgs)):
        _assert_same(store, corpus, f)


def test_backfill_of_a_store_analysed_before_facts(sample_store):
    """A store whose analyses were cached before facts existed: the backfill writes them from the
    cached analyses (no analysis), and a report never analysed is analysed on the way."""
    corpus = load_corpus(sample_store, TEXTS, workers=1)
    with sample_store._tx() as con:  # as an older version left it: analyses, no facts
        for table in ("report_terms", "report_formulations", "report_org_terms", "report_facts"):
            con.execute(f"DELETE FROM {table}")
    new = _add(sample_store, "新.txt", "新建党支部2024年度工作总结\n一、主要做法\n一是学习。\n")
    seen: list[tuple[int, int]] = []
    assert ensure_facts(sample_store, TEXTS, lambda i, n: seen.append((i, n))) == 6
    assert seen and seen[-1] == (6, 6)
    assert ensure_facts(sample_store, TEXTS) == 0  # nothing left
    prepare(sample_store, TEXTS, THEMES)
    _assert_same(sample_store, load_corpus(sample_store, TEXTS, workers=1), Filters())
    assert new in Overview(sample_store, corpus.key).ids


def test_trash_purge_and_metadata_edits_show_at_once(sample_store):
    corpus = load_corpus(sample_store, TEXTS, workers=1)
    key = prepare(sample_store, TEXTS, THEMES)
    first, second = corpus.ids[:2]
    sample_store.delete(first)
    assert first not in Overview(sample_store, key).ids  # trash: no rewrite needed
    sample_store.restore(first)
    assert first in Overview(sample_store, key).ids
    sha = str(corpus.reports.loc[second, "sha256"])
    sample_store.delete(second)
    sample_store.purge(second)
    with sample_store._read() as con:
        left = con.execute("SELECT COUNT(*) FROM report_facts WHERE sha256 = ?", (sha,)).fetchone()
        orphans = con.execute(
            "SELECT COUNT(*) FROM report_terms t LEFT JOIN report_facts f ON f.id = t.fact_id"
            " WHERE f.id IS NULL"
        ).fetchone()
    assert left[0] == 0 and orphans[0] == 0
    version = int(sample_store.get(first).version)
    sample_store.update_metadata(first, {"branch": "兴城投资党支部", "year": 2019}, version)
    prepare(sample_store, TEXTS, THEMES)  # the edited report's organization names found again
    _assert_same(sample_store, load_corpus(sample_store, TEXTS, workers=1), Filters())
    assert Overview(sample_store, key, Filters(years=(2019,))).ids == [first]


def test_a_dictionary_edit_scores_the_themes_again(sample_store):
    corpus = load_corpus(sample_store, TEXTS, workers=1)
    prepare(sample_store, TEXTS, THEMES)
    edited = parse_theme_dictionary("新主题:\n  words: [学习, 党员]\n")
    assert prepare(sample_store, TEXTS, edited) == corpus.key
    frames = ThemeFrames(corpus, edited, load_themes(sample_store, corpus, edited))
    got = Overview(sample_store, corpus.key).branch_matrix(edited)
    assert_frame_equal(got, frames.branch_matrix())
    assert len(q.without_themes(sample_store, corpus.key, "x" * 16)) == 5  # another dictionary


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_cli_backfills(sample_store, capsys):
    assert main(["--db", str(sample_store.path), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "完成" in out and "5 份报告的汇总数据" in out
    assert q.without_facts(sample_store, cache_key(TEXTS)).empty


def test_subset_loads_only_those_reports(sample_store):
    full = load_corpus(sample_store, TEXTS, workers=1)
    one = load_corpus(sample_store, TEXTS, ids=[full.ids[2]])
    assert one.ids == [full.ids[2]]
    assert one.analyses[full.ids[2]] == full.analyses[full.ids[2]]


def _count(store, sql: str) -> int:
    with store._read() as con:
        return int(con.execute(sql).fetchone()[0])


def test_prune_drops_what_an_older_rule_set_left_and_keeps_the_current(sample_store):
    """After an upgrade the analysis fingerprint changes; `--prune` removes the old cached
    analyses, theme results and facts, and nothing the current code uses."""
    key = cache_key(TEXTS)
    corpus = load_corpus(sample_store, TEXTS, workers=1)
    ensure_facts(sample_store, TEXTS)
    current = f"WHERE fingerprint = '{key}'"
    analyses = _count(sample_store, f"SELECT COUNT(*) FROM analyses {current}")
    facts = _count(sample_store, f"SELECT COUNT(*) FROM report_facts {current}")
    assert facts == len(corpus.ids)
    with sample_store._tx() as con:  # what a previous version left behind
        for old in ("v0-old", "themes-abc-v0-old"):
            con.execute(
                "INSERT INTO analyses(sha256, fingerprint, data)"
                " SELECT sha256, ?, data FROM analyses WHERE fingerprint = ?",
                (old, key),
            )
        con.execute(
            "INSERT INTO report_facts(sha256, fingerprint, title, chars, practices, indicators,"
            " redacted, failed, org_key) SELECT sha256, 'v0-old', title, chars, practices,"
            " indicators, redacted, failed, org_key FROM report_facts WHERE fingerprint = ?",
            (key,),
        )
    if sample_store.path is None:  # PostgreSQL: the test schema is not in a URL the CLI takes
        assert sample_store.prune_analyses(key)[1] == facts
    else:  # the command line, as an administrator runs it after an upgrade
        lines: list[str] = []
        assert main(["--db", str(sample_store.path), "--prune"], echo=lines.append) == 0
        assert f"{facts} 份汇总数据" in lines[-1]
    assert _count(sample_store, f"SELECT COUNT(*) FROM analyses {current}") == analyses
    assert _count(sample_store, f"SELECT COUNT(*) FROM report_facts {current}") == facts
    for table in ("analyses", "report_facts"):
        old = "fingerprint IN ('v0-old', 'themes-abc-v0-old')"
        assert _count(sample_store, f"SELECT COUNT(*) FROM {table} WHERE {old}") == 0
    assert load_corpus(sample_store, TEXTS, workers=1).ids == corpus.ids


def test_older_rules_facts_are_found_after_an_upgrade(sample_store):
    """An upgrade leaves every fact under an older fingerprint: older_facts names it (and how many
    reports lack current facts); once the backfill ran, nothing is stale."""
    from analysis.corpus.aggregates import older_facts

    load_corpus(sample_store, TEXTS, workers=1)
    ensure_facts(sample_store, TEXTS)  # analyses held in memory already wrote no facts here
    key = cache_key(TEXTS)
    assert q.fact_fingerprints(sample_store) == [(key, 5)]
    assert older_facts(sample_store, TEXTS, 1) is None
    with sample_store._tx() as con:  # as the previous version's rules left them
        con.execute("UPDATE report_facts SET fingerprint = ?", ("v0-older",))
    assert q.fact_fingerprints(sample_store) == [("v0-older", 5)]
    assert older_facts(sample_store, TEXTS, 5) == ("v0-older", 5)
    assert older_facts(sample_store, TEXTS, 6) is None  # fewer missing than the threshold
    assert Overview(sample_store, "v0-older").kpis().reports == 5  # shown meanwhile
    ensure_facts(sample_store, TEXTS)
    assert older_facts(sample_store, TEXTS, 1) is None
    assert dict(q.fact_fingerprints(sample_store)) == {key: 5, "v0-older": 5}
    for i in range(3):  # a batch of new reports, not analysed yet: the current facts cover more
        _add(
            sample_store,
            f"新{i}.txt",
            f"新建第{i}党支部2024年度工作总结\n一、主要做法\n一是学习。\n",
        )
    assert older_facts(sample_store, TEXTS, 1) is None


def test_the_kpi_counts_distinct_formulations_in_the_database(sample_store):
    corpus = load_corpus(sample_store, TEXTS, workers=1)
    ensure_facts(sample_store, TEXTS)
    rows = q.formulation_rows(sample_store, corpus.key, Filters())
    assert q.formulation_count(sample_store, corpus.key, Filters()) == rows["term"].nunique() > 0
    year = int(corpus.reports["year"].dropna().iloc[0])
    one = Filters(years=(year,))
    assert q.formulation_count(sample_store, corpus.key, one) == (
        q.formulation_rows(sample_store, corpus.key, one)["term"].nunique()
    )


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_term_totals_summed_in_batches_equal_all_at_once(sample_store, monkeypatch, batch):
    """Term vectors summed a few reports at a time (memory stays flat at 100,000 reports) give
    the same totals and document frequencies as one batch of every report."""
    corpus = load_corpus(sample_store, TEXTS, workers=1)
    prepare(sample_store, TEXTS, THEMES)  # facts of analyses this process had parsed already
    kind = str(corpus.reports["kind"].iloc[0])
    for f in (Filters(), Filters(kinds=(kind,))):
        whole = q.term_totals(sample_store, corpus.key, f)
        monkeypatch.setattr(q, "VECTOR_BATCH", batch)
        assert_frame_equal(q.term_totals(sample_store, corpus.key, f), whole)
        monkeypatch.undo()
        assert len(whole) > 0


def test_query_results_built_in_batches_equal_the_corpus_path(sample_store, monkeypatch):
    """Every 概览 table from rows read a few at a time (memory stays flat at 100,000 reports)."""
    corpus = load_corpus(sample_store, TEXTS, workers=1)
    prepare(sample_store, TEXTS, THEMES)
    monkeypatch.setattr(q, "FRAME_BATCH", 2)
    monkeypatch.setattr(q, "VECTOR_BATCH", 2)
    _assert_same(sample_store, corpus, Filters())
