"""概览's report list: a sortable table, a page at a time, whose rows open their report on
报告详情, with downloads of every row."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corpus.tables import ID
from analysis.output.labels import labelled
from views import flows, selection, table_pages, widgets

PICK_KEY = "ov_report_pick"  # the table's row selection
DOWNLOAD_KEY = "overview_reports"  # its download buttons: overview_reports_csv / _xlsx


def report_list(reports: pd.DataFrame) -> None:
    """The reports of the filtered corpus; choosing a row opens that report on 报告详情."""
    st.subheader("报告列表")
    rows_shown, key = table_pages.pick_page(len(reports), PICK_KEY)  # a page at a time
    page = reports.iloc[rows_shown]
    event = st.dataframe(
        labelled(page),  # tables.REPORT_COLUMNS, in Chinese
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    st.caption("点击一行行首的选择框，即可打开该报告的详情。")
    widgets.table_downloads(labelled(reports), "报告列表", DOWNLOAD_KEY)
    rows = event.selection.rows if event is not None else []
    if rows:  # positions in the page shown, whatever the user's sort
        st.session_state[selection.REPORT_KEY] = int(page.iloc[rows[0]][ID])
        st.switch_page(flows.REPORT_PAGE)
