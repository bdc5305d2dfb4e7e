"""雷同检测's corpus view under the sidebar's filters: the stored rows' queries (cached per store
revision and page of rows), the reports the filters select and how the pickers name them —
read from the report list, never from the corpus."""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st

from analysis.corpus.aggregates import Filters
from views import data, overlap_data, overview_data
from views import filters as sidebar


def filters() -> Filters:
    return overview_data.chosen_filters()


def _ask(kind: str, df: int, low: float, page: slice | None) -> pd.DataFrame | int:
    bounds = (page.start, page.stop) if page is not None else ()
    return overlap_data.query_at(
        kind, overlap_data.where(), data.revision(), df, filters(), low, bounds
    )


def count(kind: str, df: int, low: float) -> int:
    """How many pairs (`pair_count`) or reports (`share_count`) pass the sidebar's filters."""
    return int(cast(int, _ask(kind, df, low, None)))


def table(kind: str, df: int, low: float, page: slice | None = None) -> pd.DataFrame:
    """A corpus-view table (`pairs`, `shares`, `matrix`) under the sidebar's filters (`page`:
    the rows of one table page)."""
    return cast(pd.DataFrame, _ask(kind, df, low, page))


def filtered_ids() -> list[int]:
    """The live reports passing the sidebar filters (from the report list, no corpus)."""
    return [int(i) for i in sidebar.apply_filters(data.live_reports())["id"]]


def empty_state() -> bool:
    """Say so when the store or the filtered selection is empty; True if it was."""
    if len(data.live_reports()) == 0:
        st.info(data.EMPTY_HINT)
        return True
    if not filtered_ids():
        st.info("当前筛选条件下没有报告，请在侧边栏调整筛选。")
        return True
    return False


def report_names(live: pd.DataFrame) -> dict[int, str]:
    """report id -> how the page's pickers name it: branch (else title), then its title."""
    out = {}
    for rid, branch, title in zip(live["id"], live["branch"], live["title"], strict=True):
        label = branch or title or f"报告{rid}"
        out[int(rid)] = f"{label}｜{title or rid}"
    return out
