"""党建报告分析看板 — entry point: page routing and the shared sidebar only."""

from pathlib import Path

import streamlit as st

from analysis.core import logs
from analysis.service import StoreDamagedError
from views import admin, chrome, filters, snapshot, store_health

FAVICON = (
    Path(__file__).parent / "data" / "favicon.png"
)  # shipped: a :material/ icon is fetched from the web

st.set_page_config(page_title="党建报告分析看板", page_icon=str(FAVICON), layout="wide")
chrome.inject()  # Streamlit's own English texts, in Chinese
logs.configure()  # stderr, or the file named by DJ_LOG_FILE
admin.guard_shared_caches()  # a viewer's "clear cache" must not empty everyone's caches

PAGES = {
    "探索": [
        st.Page("views/overview.py", title="概览", icon=":material/dashboard:", default=True),
        st.Page("views/report.py", title="报告详情", icon=":material/description:"),
        st.Page("views/themes.py", title="主题探索", icon=":material/category:"),
        st.Page("views/search.py", title="关键词检索", icon=":material/search:"),
        st.Page("views/trends.py", title="趋势", icon=":material/trending_up:"),
        st.Page("views/similar.py", title="相似支部", icon=":material/hub:"),
        st.Page("views/overlap.py", title="雷同检测", icon=":material/content_copy:"),
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
snapshot.require_store()
snapshot.begin_run()  # the one store-revision query of this run
try:
    filters.draw_sidebar()
    nav.run()
except StoreDamagedError as exc:  # damage found mid-page: the same page as at open
    store_health.damaged_page(exc)
