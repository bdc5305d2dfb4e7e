"""概览's report list: a sortable table whose rows open their report on 报告详情, with downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corpus.tables import ID
from analysis.output.labels import labelled
from views import flows, selection, widgets

PICK_KEY = "ov_report_pick"  # the table's row selection
DOWNLOAD_KEY = "overview_reports"  # its download buttons: overview_reports_csv / _xlsx


def report_list(reports: pd.DataFrame) -> None:
    """The reports of the filtered corpus; choosing a row opens that report on 报告详情."""
    st.subheader("报告列表")
    shown = labelled(reports)  # tables.REPORT_COLUMNS, in Chinese
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=PICK_KEY,
    )
    st.caption("点击一行行首的选择框，即可打开该报告的详情。")
    widgets.table_downloads(shown, "报告列表", DOWNLOAD_KEY)
    rows = event.selection.rows if event is not None else []
    if rows:  # positions in `reports` as given, whatever the user's sort
        st.session_state[selection.REPORT_KEY] = int(reports.iloc[rows[0]][ID])
        st.switch_page(flows.REPORT_PAGE)
