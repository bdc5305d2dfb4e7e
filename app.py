"""党建报告分析看板 — entry point: page routing and the shared sidebar only."""

import streamlit as st

from views import admin, common

st.set_page_config(page_title="党建报告分析看板", page_icon=":material/flag:", layout="wide")
admin.guard_shared_caches()  # a viewer's "clear cache" must not empty everyone's caches

PAGES = {
    "探索": [
        st.Page("views/overview.py", title="概览", icon=":material/dashboard:", default=True),
        st.Page("views/report.py", title="报告详情", icon=":material/description:"),
        st.Page("views/themes.py", title="主题探索", icon=":material/category:"),
        st.Page("views/search.py", title="关键词检索", icon=":material/search:"),
        st.Page("views/trends.py", title="趋势", icon=":material/trending_up:"),
        st.Page("views/similar.py", title="相似支部", icon=":material/hub:"),
    ],
    "对比与汇报": [
        st.Page("views/compare.py", title="支部对比", icon=":material/compare_arrows:"),
        st.Page("views/present.py", title="汇报模式", icon=":material/slideshow:"),
    ],
    "管理": [
        st.Page("views/manage.py", title="数据管理", icon=":material/database:"),
    ],
}

nav = st.navigation(PAGES)
st.sidebar.title("党建报告分析看板")
common.require_store()
common.draw_sidebar_filters()
st.sidebar.toggle(
    "过滤公文套话", value=True, key="officialese", help="关键词和词云中去掉“开展、推进、加强”等套话"
)
nav.run()
