"""党建报告分析看板 — entry point: page routing and the shared sidebar only."""

import streamlit as st

from pages import common

st.set_page_config(page_title="党建报告分析看板", page_icon=":material/flag:", layout="wide")

PAGES = {
    "探索": [
        st.Page("pages/overview.py", title="概览", icon=":material/dashboard:", default=True),
    ],
}

nav = st.navigation(PAGES)
st.sidebar.title("党建报告分析看板")
common.draw_sidebar_filters()
st.sidebar.toggle("过滤公文套话", value=True, key="officialese", help="关键词和词云中去掉“开展、推进、加强”等套话")
nav.run()
