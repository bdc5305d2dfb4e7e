"""雷同检测: passages shared between reports, each report's 文字复制比, the pairs and the branch ×
branch matrix (queries over the stored rows, a page of rows at a time), and one report's check with
its year over year (opened from 报告详情). No corpus is loaded here."""

from __future__ import annotations

import streamlit as st

from analysis.core import escape
from analysis.corpus.overlap.check import MOSTLY_SHARED
from analysis.output.charts.overlap import overlap_matrix_figure
from analysis.output.overlap_export import method_note, stored_workbook
from views import (
    compare_export,
    data,
    overlap_data,
    overlap_jobs,
    overlap_queries,
    overlap_view,
    table_pages,
    widgets,
)

PAIR_SHOWN = ["报告 A", "支部 A", "年份 A", "报告 B", "支部 B", "年份 B", "文字复制比", "共享字数"]
PERCENT = st.column_config.NumberColumn(format="percent")
TABS = (overlap_data.CHECK_TAB, "雷同报告对", "各报告文字复制比", "支部矩阵")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def controls(kept: int) -> tuple[int, float]:
    """The 通用表述 threshold (document frequency) and the lowest 文字复制比 shown."""
    left, right = st.columns(2)
    df = left.number_input("通用表述门槛：出现在至少几份报告中的段落", 2, None, kept, key="ov_df")
    low = right.slider("只看文字复制比不低于（%）", 0, 100, 0, step=5, key="ov_low")
    return int(df), low / 100


def pick_report(ids: list[int], names: dict) -> int:
    """The report checked (preset by 报告详情's button)."""
    if st.session_state.get(overlap_data.REPORT_KEY) not in ids:
        st.session_state[overlap_data.REPORT_KEY] = ids[0]
    return st.selectbox(
        "检测哪份报告", ids, format_func=lambda i: names.get(i, i), key=overlap_data.REPORT_KEY
    )


def pairs_tab(df: int, low: float, names: dict) -> None:
    """The pairs, most shared first, a page at a time; a chosen row opens both texts."""
    total = overlap_queries.count("pair_count", df, low)
    if not total:
        st.info("没有发现共享段落的报告对（通用表述除外）。")
        return
    shown, key = table_pages.pick_page(total, "ov_pairs")
    frame = overlap_queries.table("pairs", df, low, shown)
    chosen = st.dataframe(
        frame[PAIR_SHOWN],
        hide_index=True,
        width="stretch",
        column_config={"文字复制比": PERCENT},
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    rows = chosen.selection.rows if chosen else []
    if not rows:
        st.caption("点选表格中的一行，并排查看两份报告，共享段落已标出。")
        return
    row = frame.iloc[rows[0]]
    pair = overlap_data.stored_pair(df, int(row["a"]), int(row["b"]))
    if pair is None:
        st.warning("这一对报告的结果已更新，请刷新页面。")
        return
    overlap_view.side_by_side(overlap_data.get_checker(df), pair, names, "ov_pair")


def shares_tab(df: int, low: float) -> None:
    """Each report sharing passages, most shared first, a page at a time."""
    total = overlap_queries.count("share_count", df, low)
    st.caption(
        f"文字复制比达到 {MOSTLY_SHARED:.0%} 的报告标为「大部分雷同」；"
        f"共 {total} 份报告与其他报告有共享段落。"
    )
    shown, key = table_pages.pick_page(total, "ov_shares")
    frame = overlap_queries.table("shares", df, low, shown)
    st.dataframe(
        frame.drop(columns=["id"]),
        hide_index=True,
        width="stretch",
        column_config={"文字复制比": PERCENT},
        key=key,
    )


def matrix_tab(df: int, low: float) -> None:
    matrix = overlap_queries.table("matrix", df, low)
    if matrix.empty:
        st.info("没有可显示的支部对。")
    else:
        widgets.show_chart(overlap_matrix_figure(matrix), "支部之间的文字复制比")


st.title("雷同检测")
live = data.live_reports()
if overlap_queries.empty_state():
    st.stop()
if len(live) < 2:
    st.info("语料库中只有一份报告：雷同检测至少需要两份报告。")
    st.stop()
overlap_data.ensure_rows()
kept = overlap_data.maintained()
df, low = controls(kept)
if df != kept and not overlap_jobs.ready(df):  # another threshold: its own set, computed once
    overlap_jobs.progress(df)
    st.stop()
names = overlap_queries.report_names(live)
st.caption(escape.markdown(method_note(df)) + "侧栏筛选作用于报告对中的任一份报告。")
overlap_jobs.drift(kept)
tabs = st.tabs(TABS, key=overlap_data.TAB_KEY, on_change="rerun", default=TABS[1])
with tabs[0]:
    if tabs[0].open:
        ids = [int(i) for i in overlap_queries.filtered_ids()] or sorted(names)
        checker = overlap_data.get_checker(df)
        overlap_view.report_check(checker, df, names, pick_report(ids, names))
with tabs[1]:
    if tabs[1].open:
        pairs_tab(df, low, names)
with tabs[2]:
    if tabs[2].open:
        shares_tab(df, low)
with tabs[3]:
    if tabs[3].open:
        matrix_tab(df, low)
compare_export.build_button(
    "雷同检测 Excel",
    lambda progress: stored_workbook(
        overlap_data.get_checker(df), data.get_store(), df, overlap_queries.filters(), low, progress
    ),
    "雷同检测.xlsx",
    XLSX_MIME,
    "ov_xlsx",
)
