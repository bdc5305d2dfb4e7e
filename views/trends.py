"""趋势: themes over years, rising and falling words, indicator series, formulations new in a year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.escape import markdown
from analysis.core.numbers import format_cell
from analysis.corpus import trends
from analysis.output.charts import exploration as charts
from analysis.output.labels import GROUPING_KEYS, label, labelled
from views import data, explore_data, filters, org_filter, theme_data, widgets


def themes_tab(by_year: pd.DataFrame) -> None:
    """Lines of the chosen themes, rising and falling themes first by default."""
    slopes = trends.theme_slopes(by_year)
    default = [*slopes.index[:2], *slopes.index[-2:]] if len(slopes) > 3 else list(slopes.index)
    chosen = st.multiselect("主题", list(slopes.index), default=default, key="tr_themes")
    if chosen:
        widgets.show_chart(charts.theme_trend_figure(by_year, chosen), "主题逐年变化")
    st.caption("横轴下方是每年的报告数：报告很少的年份，得分波动大，不宜据此判断趋势。")
    table = slopes.rename("年均变化（次/万字）").round(2).rename_axis("主题").reset_index()
    c1, c2 = st.columns(2)
    with c1:
        widgets.show_table(table, "主题升降", key="tr_slopes")
    with c2:
        widgets.show_table(labelled(by_year), "主题逐年得分", key="tr_by_year")


def words_tab(corpus, years: list[int]) -> None:
    """Rising and falling words between two periods the user picks."""
    mid = years[len(years) // 2]
    c1, c2 = st.columns(2)
    first = (years[0], years[max(0, len(years) // 2 - 1)])
    early = c1.select_slider("前期", years, value=first, key="tr_early")
    late = c2.select_slider("后期", years, value=(mid, years[-1]), key="tr_late")
    before = tuple(y for y in years if early[0] <= y <= early[1])
    after = tuple(y for y in years if late[0] <= y <= late[1])
    if set(before) & set(after):
        st.warning("前期和后期有重叠的年份，请调整，让两个时期分开。")
        return
    fp = data.snapshot().resources
    ids = tuple(int(i) for i in corpus.ids)
    rising, falling = explore_data.term_trends_of(fp, ids, before, after, filters.officialese_on())
    rising = org_filter.without_org_names(rising, "word", corpus)  # unless the sidebar keeps them
    falling = org_filter.without_org_names(falling, "word", corpus)
    if rising.empty and falling.empty:
        st.info("两个时期的用词没有显著差异（|z| ≤ 1.96）。")
        return
    widgets.show_chart(charts.term_trend_figure(rising, falling), "上升词与下降词")
    st.caption(
        "z 值与「支部对比」页的区分词相同：对数优势比，以全部语料为先验，|z| > 1.96 为显著。"
    )
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**上升词**")
        widgets.show_table(labelled(rising), "上升词", key="tr_rising")
    with c2:
        st.markdown("**下降词**")
        widgets.show_table(labelled(falling), "下降词", key="tr_falling")


def group_name(by: str) -> str:
    """The name of a grouping of trends.GROUPS (全部 for all reports)."""
    return trends.ALL if by == "all" else label(GROUPING_KEYS[by])


def indicators_tab(corpus) -> None:
    """Yearly sums of one indicator (e.g. 主题党日 · 次), per branch, organization or all."""
    subjects = trends.indicator_subjects(corpus)
    if not subjects:
        st.info("当前报告中没有提取到数字指标。")
        return
    c1, c2 = st.columns([2, 1])
    subject, unit = c1.selectbox(
        "指标", subjects, format_func=lambda su: f"{su[0]}（{su[1]}）", key="tr_subject"
    )
    by = c2.radio("分组", list(trends.GROUPS), format_func=group_name, horizontal=True, key="tr_by")
    series = trends.indicator_series(corpus, subject, unit, by)
    if series.empty:
        st.info("有年份的报告中没有这个指标。")
        return
    widgets.show_chart(charts.indicator_series_figure(series, subject, unit), "指标逐年变化")
    st.caption(
        "脱敏的数值（如「*人」）只计入「脱敏」列，不参与合计；某年的数字全部脱敏时，"
        "「数值」显示「已脱敏」，不计为 0，图中的线在这一年断开。"
    )
    shown = series.assign(value=series["value"].map(format_cell))  # 已脱敏 or 22, never 22.0
    widgets.show_table(labelled(shown, "indicators"), "指标逐年变化", key="tr_series")


def formulations_tab(corpus, years: list[int]) -> None:
    """Formulations first seen in a chosen year."""
    year = st.selectbox("年份", years[::-1], key="tr_new_year")
    table = trends.new_formulations(corpus, [year])
    if year == years[0]:
        st.caption("这是语料中最早的年份：此前没有报告，所有提法都算作首次出现。")
    if table.empty:
        st.info(markdown(f"{year} 年没有首次出现的提法。"))
        return
    widgets.show_table(labelled(table), f"{year}年新提法", key="tr_new")


st.title("趋势")
if not filters.empty_state():
    corpus = filters.filtered_corpus()
    years = sorted(set(trends.report_years(corpus).values()))
    if len(years) < 2:
        st.info(
            "当前报告只有一个年份（或缺少年份）：至少需要两个年份才能看趋势。请在「数据管理」中补填年份。"
        )
    else:
        st.caption(
            f"{len(corpus.ids)} 份报告，{years[0]}–{years[-1]} 年；得分 = 每万字命中句数，按年合并计算。"
        )
        frames = theme_data.theme_tables(corpus.ids, theme_data.get_theme_dictionary())
        by_year = trends.themes_by_year(frames["scores"])
        t1, t2, t3, t4 = st.tabs(["主题趋势", "上升与下降的词", "指标变化", "新出现的提法"])
        with t1:
            themes_tab(by_year)
        with t2:
            words_tab(corpus, years)
        with t3:
            indicators_tab(corpus)
        with t4:
            formulations_tab(corpus, years)
