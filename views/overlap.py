"""雷同检测: passages shared between reports, each report's 文字复制比, the pairs and the branch ×
branch matrix, and one report's check with its year over year (opened from 报告详情)."""

from __future__ import annotations

import streamlit as st

from analysis.core import escape
from analysis.corpus.overlap.check import MOSTLY_SHARED
from analysis.corpus.overlap.tables import branch_matrix, pairs_frame, shares_frame
from analysis.output.charts.overlap import overlap_matrix_figure
from analysis.output.overlap_export import method_note, overlap_workbook
from views import compare_export, data, filters, overlap_data, overlap_view, widgets

PAIR_SHOWN = ["报告 A", "支部 A", "年份 A", "报告 B", "支部 B", "年份 B", "文字复制比", "共享字数"]
PERCENT = st.column_config.NumberColumn(format="percent")
TABS = (overlap_data.CHECK_TAB, "雷同报告对", "各报告文字复制比", "支部矩阵")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def controls(n: int) -> tuple[int, float]:
    """The 通用表述 threshold (document frequency) and the lowest 文字复制比 of a pair shown."""
    left, right = st.columns(2)
    default = overlap_data.default_threshold()
    top = max(default, n, 2)
    df = left.number_input(
        "通用表述门槛：出现在至少几份报告中的段落", 2, top, min(default, top), key="ov_df"
    )
    low = right.slider("只看文字复制比不低于（%）", 0, 100, 0, step=5, key="ov_low")
    return int(df), low / 100


def pick_report(ids: list[int], names: dict) -> int:
    """The report checked (preset by 报告详情's button)."""
    if st.session_state.get(overlap_data.REPORT_KEY) not in ids:
        st.session_state[overlap_data.REPORT_KEY] = ids[0]
    return st.selectbox(
        "检测哪份报告", ids, format_func=lambda i: names.get(i, i), key=overlap_data.REPORT_KEY
    )


def pairs_tab(checker, pairs, names: dict, reports) -> None:
    """The pairs, most shared first; a chosen row opens both texts side by side."""
    if not pairs:
        st.info("没有发现共享段落的报告对（通用表述除外）。")
        return
    frame = pairs_frame(pairs, reports).reset_index(drop=True)
    config = {"文字复制比": PERCENT}
    chosen = st.dataframe(
        frame[PAIR_SHOWN],
        hide_index=True,
        width="stretch",
        column_config=config,
        on_select="rerun",
        selection_mode="single-row",
        key="ov_pairs",
    )
    widgets.table_downloads(frame.drop(columns=["a", "b"]), "雷同报告对", key="ov_pairs_dl")
    rows = chosen.selection.rows if chosen else []
    if not rows:
        st.caption("点选表格中的一行，并排查看两份报告，共享段落已标出。")
        return
    row = frame.iloc[rows[0]]
    pair = next(p for p in pairs if (p.a, p.b) == (row["a"], row["b"]))
    overlap_view.side_by_side(checker, pair, names, "ov_pair")


st.title("雷同检测")
if not filters.empty_state():
    corpus = data.get_corpus()
    reports = corpus.reports
    shown = set(filters.filtered_corpus().ids)
    names = {int(i): f"{corpus.label(i)}｜{str(reports.at[i, 'title'] or i)}" for i in corpus.ids}
    if len(corpus.ids) < 2:
        st.info("语料库中只有一份报告：雷同检测至少需要两份报告。")
        st.stop()
    df, low = controls(len(corpus.ids))
    checker = overlap_data.get_checker(df)
    st.caption(escape.markdown(method_note(df)) + "侧栏筛选作用于报告对中的任一份报告。")
    pairs = [
        p for p in overlap_data.get_pairs(df) if (p.a in shown or p.b in shown) and p.share >= low
    ]
    tabs = st.tabs(TABS, key=overlap_data.TAB_KEY, on_change="rerun", default=TABS[1])
    with tabs[0]:
        if tabs[0].open:
            ids = [i for i in corpus.ids if i in shown] or corpus.ids
            overlap_view.report_check(corpus, checker, names, pick_report(ids, names))
    with tabs[1]:
        if tabs[1].open:
            pairs_tab(checker, pairs, names, reports)
    with tabs[2]:
        if tabs[2].open:
            checks = overlap_data.get_checks(df)
            wanted = {k for p in pairs for k in (p.a, p.b)}
            shares = shares_frame([c for k, c in checks.items() if k in wanted], reports)
            shares = shares.drop(columns=["id"])
            st.caption(
                f"文字复制比达到 {MOSTLY_SHARED:.0%} 的报告标为「大部分雷同」；"
                f"共 {len(shares)} 份报告与其他报告有共享段落。"
            )
            widgets.show_table(
                shares, "各报告文字复制比", key="ov_shares", column_config={"文字复制比": PERCENT}
            )
    with tabs[3]:
        if tabs[3].open:
            matrix = branch_matrix(pairs_frame(pairs, reports))
            if matrix.empty:
                st.info("没有可显示的支部对。")
            else:
                widgets.show_chart(overlap_matrix_figure(matrix), "支部之间的文字复制比")
    compare_export.build_button(
        "雷同检测 Excel",
        lambda progress: overlap_workbook(checker, pairs, reports, progress),
        "雷同检测.xlsx",
        XLSX_MIME,
        "ov_xlsx",
    )
