"""概览: the corpus at a glance."""

import streamlit as st

from pages import common

st.title("概览")
if not common.empty_state():
    corpus = common.filtered_corpus()
    rows = corpus.reports.reset_index()
    table = rows[["id", "branch", "organization", "year", "kind", "title", "chars", "added_at"]]
    table = table.rename(
        columns={
            "id": "编号",
            "branch": "支部",
            "organization": "单位",
            "year": "年份",
            "kind": "类型",
            "title": "标题",
            "chars": "字数",
            "added_at": "加入时间",
        }
    )
    st.subheader("报告列表")
    common.show_table(table, "报告列表", key="overview_reports")
