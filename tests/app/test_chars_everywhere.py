"""字数 of every sample reads the same everywhere: 概览's report list, 数据管理's metadata table,
报告详情, the briefing's Excel sheet and the CLI all show the cleaned length (Analysis.chars),
never the raw length the store keeps (`raw_length`)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus.loading import load_corpus
from analysis.store.database import CorpusStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cleaned(sample_db) -> dict[str, int]:
    """Title -> cleaned length of every sample, from the analysis (the one definition)."""
    from tests.app.helpers import open_app_page

    open_app_page()  # the first run loads the samples into the store
    corpus = load_corpus(CorpusStore(str(sample_db)))
    chars = {str(corpus.reports.loc[rid, "title"]): a.chars for rid, a in corpus.analyses.items()}
    raw = CorpusStore(str(sample_db)).list_reports().set_index("title")["raw_length"]
    assert len(chars) == 5 and any(raw[t] != n for t, n in chars.items())  # the two differ
    return chars


def _by_title(df: pd.DataFrame) -> dict[str, int]:
    return {str(t): int(n) for t, n in zip(df["标题"], df["字数"], strict=True)}


def test_overview_list(cleaned, open_page):
    at = open_page("views/overview.py")
    listing = next(df.value for df in at.dataframe if "字数" in df.value.columns)
    assert _by_title(listing) == cleaned


def test_metadata_table(cleaned, open_page):
    """数据管理 → 报告元数据 (all tabs render in one run)."""
    at = open_page("views/manage.py")
    table = next(df.value for df in at.dataframe if {"字数", "文件"} <= set(df.value.columns))
    assert _by_title(table) == cleaned


def test_report_detail(cleaned, sample_db, open_page):
    store = CorpusStore(str(sample_db))
    for rid, title in store.list_reports().set_index("id")["title"].items():
        at = open_page("views/report.py", report_id=int(rid))
        metrics = {m.label: m.value for m in at.metric}
        assert int(str(metrics["字数"]).replace(",", "")) == cleaned[title], title


def test_briefing_workbook(cleaned, sample_db):
    from analysis.core.resources import default_texts
    from analysis.output.briefing import build_briefing
    from analysis.output.export_xlsx import briefing_workbook

    corpus = load_corpus(CorpusStore(str(sample_db)))
    book = briefing_workbook(build_briefing(corpus, default_texts()))
    sheet = pd.read_excel(io.BytesIO(book), sheet_name="报告列表")
    assert _by_title(sheet) == cleaned


def test_cli_list(cleaned, sample_db):
    run = subprocess.run(
        [sys.executable, "-m", "analysis", "list", "--db", str(sample_db), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert {r["title"]: r["chars"] for r in json.loads(run.stdout)} == cleaned
