"""雷同检测's views of one pair and one report: the two texts side by side with the shared passages
marked, the passages table, one report's 文字复制比 with its sources, and its year over year.

Texts are HTML built by analysis.corpus.highlight.marked_html: every character escaped, the only
markup our own paragraphs and marks (st.html renders no Markdown and no script)."""

from __future__ import annotations

import streamlit as st

from analysis.core import escape
from analysis.corpus.highlight import mark_style, marked_html
from analysis.corpus.overlap.check import OverlapChecker, PairOverlap
from analysis.corpus.overlap.tables import passages_frame
from analysis.corpus.overlap.yearly import (
    CONTINUED,
    DROPPED,
    NEW,
    YearOverYear,
    last_year_report,
    year_over_year,
)
from views import data, overlap_data, overview_data, widgets

SHARED, COMMON = "共享", "通用表述"
STYLES = {SHARED: mark_style("#F6B8B8"), COMMON: mark_style("#DADADA")}
MAX_SHOWN = 40_000  # characters of each text shown side by side


def legend() -> None:
    st.html(
        f'<p><mark style="{STYLES[SHARED]}">共享段落</mark>　'
        f'<mark style="{STYLES[COMMON]}">通用表述（不计入文字复制比）</mark></p>'
    )


def side_by_side(checker: OverlapChecker, pair: PairOverlap, names: dict, key: str) -> None:
    """Both texts, shared passages marked, and the passages with their places in both."""
    texts = checker.texts([pair.a, pair.b])
    if pair.a not in texts or pair.b not in texts:
        st.warning("报告已被删除或无法读取，请刷新页面。")
        return
    st.caption(
        f"A 的 {pair.share_a:.1%} 见于 B，B 的 {pair.share_b:.1%} 见于 A；"
        f"共 {len(pair.passages)} 段共享段落。"
    )
    legend()
    left, right = st.columns(2)
    marks_a = [(q.a_start, q.a_end, SHARED) for q in pair.passages]
    marks_b = [(q.b_start, q.b_end, SHARED) for q in pair.passages]
    for col, rid, marks, side in ((left, pair.a, marks_a, "A"), (right, pair.b, marks_b, "B")):
        check = checker.report_check(rid, [])
        common = [(s, e, COMMON) for s, e in check.boilerplate_spans]
        col.markdown(f"**{side}：{escape.markdown(names.get(rid, rid))}**")
        body = marked_html(texts[rid], marks + common, STYLES, limit=MAX_SHOWN)
        with col.container(height=520, border=True):
            st.html(body or "<p>（正文为空）</p>")
        if len(texts[rid]) > MAX_SHOWN:
            col.caption(f"报告较长，只显示前 {MAX_SHOWN:,} 字；下表列出全部共享段落。")
    frame = passages_frame(pair, texts[pair.a], texts[pair.b])
    widgets.show_table(frame, "共享段落", key=f"{key}_passages")


def report_check(checker: OverlapChecker, threshold: int, names: dict, report_id: int) -> None:
    """One report's 文字复制比, its sources (each opening the side-by-side view), its 通用表述:
    from its stored pairs; its text read for the marks."""
    if report_id not in checker.index:
        st.info("这份报告还没有建立索引，请刷新页面。")
        return
    check = overlap_data.stored_check(checker, threshold, report_id)
    c = st.columns(3)
    c[0].metric("文字复制比", f"{check.share:.1%}", border=True)
    c[1].metric("共享来源", len(check.pairs), border=True)
    c[2].metric("通用表述占比", f"{check.boilerplate_share:.1%}", border=True)
    if check.mostly_shared:
        st.warning("这份报告的大部分文字与其他报告相同。", icon=":material/warning:")
    if not check.pairs:
        st.success("没有发现与其他报告共享的段落（通用表述除外）。")
    else:
        labels = {
            p.b: f"{names.get(p.b, p.b)}（本报告 {p.share_a:.1%} 见于该报告）" for p in check.pairs
        }
        other = st.selectbox("共享来源", list(labels), format_func=labels.__getitem__, key="ov_src")
        side_by_side(checker, next(p for p in check.pairs if p.b == other), names, "ov_src")
    year_section(checker, threshold, names, report_id)


def changes(yoy: YearOverYear, key: str) -> None:
    """新增 / 延续 / 不再提及 counts, the aligned practices and the changed indicators."""
    c = st.columns(3)
    for col, status in zip(c, (NEW, CONTINUED, DROPPED), strict=True):
        col.metric(f"{status}的做法", yoy.count(status), border=True)
    widgets.show_table(yoy.practices, "与上一年相比的做法", key=f"{key}_practices")
    if yoy.indicators.empty:
        st.caption("没有两年都写到且数值变化的指标。")
    else:
        widgets.show_table(yoy.indicators, "变化的指标", key=f"{key}_indicators")


def year_section(checker: OverlapChecker, threshold: int, names: dict, report_id: int) -> None:
    """This report against the same branch's report of last year (only those two analyses read)."""
    st.markdown("##### 与去年相比")
    reports = data.live_reports().set_index("id", drop=False)
    last = last_year_report(reports, report_id)
    two = overview_data.reports_corpus([report_id, last]) if last is not None else None
    if two is None or report_id not in two.analyses or last not in two.analyses:
        st.caption("语料库中没有同一支部上一年度的报告。")
        return
    yoy = year_over_year(two.analyses[report_id], two.analyses[last])
    pair = overlap_data.stored_pair(threshold, report_id, last)
    share = pair.share_a if pair else 0.0
    st.caption(
        escape.markdown(f"去年的报告：{names.get(last, last)}。")
        + f"本报告 {share:.1%} 的文字沿用自去年的报告。"
    )
    changes(yoy, "ov_yoy")
    if pair:
        with st.expander("沿用自去年报告的段落", icon=":material/history:"):
            side_by_side(checker, pair, names, "ov_yoy")
