"""Checks of a page's downloads as a user gets them: every table's CSV and Excel bytes (Streamlit's
deferred download run as the browser's click would) parse and hold the table, text never a
formula; every chart's toolbar offers the PNG download. Patch AppTest's media file manager with
KeptMediaFiles (monkeypatch `app_test.MediaFileManager`) before the run to read a download."""

from __future__ import annotations

import io
import json
from pathlib import PurePosixPath

import openpyxl
import pandas as pd
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

FORMULA_START = ("=", "+", "-", "@")


class KeptMediaFiles(MediaFileManager):
    """AppTest's media file manager, kept after the run (AppTest drops it) to serve downloads."""

    last: MediaFileManager | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        KeptMediaFiles.last = self


def download(at: AppTest, key: str) -> bytes:
    """The bytes the browser gets when the download button `key` is clicked: Streamlit runs the
    button's deferred callable and serves the file it stored."""
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(f"-{key}"))
    mgr = KeptMediaFiles.last
    assert mgr is not None
    url = mgr.execute_deferred(button.proto.deferred_file_id)
    return mgr._storage.get_file(PurePosixPath(url).name).content  # type: ignore[attr-defined]


def table_keys(at) -> list[str]:
    """The download keys (`key` of widgets.table_downloads) on the page, in page order."""
    ids = [b.proto.id for b in at.get("download_button")]
    return [i.rsplit("-", 1)[-1].removesuffix("_csv") for i in ids if i.endswith("_csv")]


def check_table_download(at, key: str, table: pd.DataFrame) -> None:
    """The CSV and Excel of `key` hold `table` (same header and rows); no cell is a formula."""
    book = openpyxl.load_workbook(io.BytesIO(download(at, f"{key}_xlsx")))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == [str(c) for c in table.columns]
    assert len(rows) == len(table) + 1
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
    data = download(at, f"{key}_csv")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: opens right in Excel/WPS
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns) == [str(c) for c in table.columns] and len(frame) == len(table)
    text = [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
    assert not [v for v in text if v.startswith(FORMULA_START)]


def check_chart_png(at) -> int:
    """Every chart's toolbar keeps its PNG download, named; returns how many charts there are."""
    charts = at.get("plotly_chart")
    for chart in charts:
        config = json.loads(chart.proto.config)
        assert config["toImageButtonOptions"]["format"] == "png"
        assert config["toImageButtonOptions"]["filename"]
        assert "toImage" not in config["modeBarButtonsToRemove"]
    return len(charts)
