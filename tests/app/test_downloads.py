"""Table downloads as a user gets them: the bytes behind a page's 下载 Excel / 下载 CSV buttons
(Streamlit's deferred download, run as the browser's click would) open as text, never formulas."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest, app_test

from analysis.core.models import Extracted
from analysis.corpus.loading import ensure_samples
from analysis.store.database import CorpusStore
from tests.app.downloads_check import KeptMediaFiles, download
from tests.app.helpers import APP

FORMULA = '=HYPERLINK("http://example.invalid","点我")'
BRANCH = "@SUM(1)"


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory):
    """The samples and a report whose title is a formula and whose branch starts with `@`."""
    path = tmp_path_factory.mktemp("formula") / "app.db"
    store = CorpusStore(str(path))
    ensure_samples(store)
    text = f"{FORMULA}\n一、主要做法\n一是开展志愿服务活动\x1b。\n"
    meta = {"branch": BRANCH, "title": FORMULA + "\x1b"}  # ESC: breaks a naive Excel writer
    store.add("公式.txt", Extracted(text=text, fmt="txt"), meta)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJ_DB", str(path))
        yield path


def open_overview(monkeypatch) -> AppTest:
    monkeypatch.setattr(app_test, "MediaFileManager", KeptMediaFiles)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def test_report_list_excel_keeps_formulas_as_text(formula_db, monkeypatch):
    at = open_overview(monkeypatch)
    book = openpyxl.load_workbook(io.BytesIO(download(at, "overview_reports_xlsx")))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    titles = [row[header.index("标题")] for row in sheet.iter_rows(min_row=2)]
    planted = next(c for c in titles if FORMULA in str(c.value))
    assert planted.data_type == "s"  # a string cell, not a formula
    branches = [row[header.index("支部")] for row in sheet.iter_rows(min_row=2)]
    assert any(c.value == BRANCH and c.data_type == "s" for c in branches)
    assert len(titles) == 6


def test_report_list_csv_quotes_formulas(formula_db, monkeypatch):
    at = open_overview(monkeypatch)
    data = download(at, "overview_reports_csv")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: opens right in Excel/WPS
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert "'" + FORMULA in set(frame["标题"])
    assert "'" + BRANCH in set(frame["支部"])
    assert not any(str(v).startswith(("=", "@", "+", "-")) for v in frame.to_numpy().ravel())
