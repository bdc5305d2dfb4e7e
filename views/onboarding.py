"""概览's first-visit note: what the app is, that the reports shown are the shipped samples, and
where to go next. Dismissible for the session (session_state keeps only that choice); collapsed
once the store holds reports of the user's own."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from analysis.corpus.sample_data import only_samples

CLOSED_KEY = "welcome_closed"  # the user's choice: the note dismissed for this session
WHAT = (
    "本看板读取党建工作报告（Word、PDF、扫描件或文本），自动提取工作大纲与举措、数字指标、"
    "提法、主题和关键词，可按支部、单位和年份比较，并导出汇报用的幻灯片、Word 和 Excel。"
)
SAMPLES = (
    "现在看到的 {n} 份报告是随附的**示例数据**（已脱敏），只用来演示各项功能。"
    "上传自己的报告后，各页面就会分析你的报告；示例报告可在「数据管理」中删除。"
)
# (page, label, icon, tooltip) of the next steps, in the order a new user takes them; labels short
# enough not to be cut at 1366 px (a page link does not wrap)
NEXT_STEPS = (
    (
        "views/manage.py",
        "数据管理：上传自己的报告",
        ":material/upload_file:",
        "支持 Word、PDF、扫描件、照片和文本，也可整包上传 .zip",
    ),
    (
        "views/themes.py",
        "主题探索：各支部着墨最多的主题",
        ":material/category:",
        "每个主题的得分、证据句和特色做法",
    ),
    (
        "views/compare.py",
        "支部对比：两个支部并排看",
        ":material/compare_arrows:",
        "共同做法、各自特色、区分词和相似度",
    ),
    (
        "views/present.py",
        "汇报模式：全屏演示与导出",
        ":material/slideshow:",
        "全屏幻灯片，导出 PPT、Word 综合分析报告和 Excel",
    ),
)


def _close() -> None:
    st.session_state[CLOSED_KEY] = True


def _body(samples: int) -> None:
    """What the app is, the sample-data note when `samples` > 0, and links to the next steps."""
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(WHAT)
        if samples:
            st.markdown(SAMPLES.format(n=samples))
        st.caption("点击「报告列表」中的一行即可打开该报告。")
    with right:
        st.markdown("**下一步可以：**")
        for page, label, icon, tip in NEXT_STEPS:
            st.page_link(page, label=label, icon=icon, help=tip)
    st.button("知道了，收起说明", key="welcome_close", on_click=_close, icon=":material/check:")


def welcome(stored: Iterable[str]) -> None:
    """The note for the live reports' content hashes `stored`: open while the store holds only
    the samples, a collapsed 使用说明 once the user has reports of their own; none in an empty
    store (its page says how to add reports)."""
    shas = list(stored)
    if st.session_state.get(CLOSED_KEY) or not shas:
        return
    if only_samples(shas):
        with st.container(border=True):
            st.markdown("##### 欢迎使用党建报告分析看板")
            _body(len(shas))
    else:
        with st.expander("使用说明", icon=":material/help:"):
            _body(0)
