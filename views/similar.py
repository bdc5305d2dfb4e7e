"""相似支部: which branches write alike — a 2-D map, the clustered matrix, a table, nearest branches
(each opening the comparison of the two), and each branch's own keywords."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown
from analysis.corpus import similar_branches as sim
from analysis.corpus.branch_similarity import MEASURE_CELLS_MAX
from analysis.output.charts import exploration as charts
from analysis.output.labels import labelled
from views import data, explore_data, filters, widgets
from views.nearest import open_button


def nearest_tab(m: sim.SimilarityMap) -> None:
    """The branches most like one branch, and a button to compare it with the closest."""
    branches = list(m.matrix.index)
    branch = st.selectbox("支部", branches, key="sim_branch")
    near = sim.nearest(m, branch, n=10)
    widgets.show_table(labelled(near), f"与{branch}最相似的支部", key="sim_near")
    if not near.empty:
        st.selectbox("对比对象", list(near["branch"]), key="sim_other")
        open_button(branch, "sim")


def keywords_tab(ids: tuple[int, ...], branches: list[str]) -> None:
    """One branch's keywords by TF-IDF against the other branches."""
    branch = st.selectbox("支部", branches, key="sim_kw_branch")
    fp = data.snapshot().resources
    table = explore_data.branch_keyword_table(fp, ids, branch, filters.officialese_on())
    st.caption(
        "重要度把每个支部的全部报告合在一起计算：各支部都常用的词得分低，本支部特有的词排在前面。"
    )
    widgets.show_table(labelled(table, "keywords"), f"{branch}关键词", key="sim_kw")


st.title("相似支部")
if not filters.empty_state():
    corpus = filters.filtered_corpus()
    ids = tuple(int(i) for i in corpus.ids)
    n_branches = len(set(corpus.labels.values()))
    if n_branches < 2:
        st.info("当前只有一个支部：至少需要两个支部才能比较相似度。")
    else:
        limit = n_branches
        if n_branches > 5:
            top = min(n_branches, 60)
            limit = st.slider(
                "纳入的支部数（报告最多的在前）", 2, top, min(top, sim.MAX_BRANCHES), key="sim_n"
            )
        fp, rev = data.snapshot().resources, data.revision()
        m = explore_data.similarity_map(fp, rev, ids, filters.officialese_on(), limit)
        st.caption(
            markdown(
                f"{len(m.matrix)} 个支部。相似度与「支部对比」页的总体相似度相同："
                "用词、主题、做法、提法四项相似度的平均；一方没有的项（如短报告里没有做法或提法）"
                "不计入平均，表中留空。"
            )
        )
        if m.unmeasured:
            st.caption(
                f"有 {m.unmeasured} 对支部的做法条目过多（两方条目数之积超过 "
                f"{MEASURE_CELLS_MAX:,}），这些支部对的「做法」项未计算、不计入平均；"
                "可在侧栏按年份筛选后再看。"
            )
        t1, t2, t3, t4, t5 = st.tabs(["地图", "相似度矩阵", "支部对", "最相似的支部", "支部关键词"])
        with t1:
            widgets.show_chart(charts.similarity_map_figure(m.coords), "支部相似度地图")
            st.caption("点之间的距离近似于 1 − 相似度；颜色是聚类得到的类群，点的大小表示报告数。")
        with t2:
            widgets.show_chart(charts.similarity_heatmap(m.matrix), "支部相似度矩阵")
        with t3:
            widgets.show_table(labelled(sim.matrix_table(m)), "支部相似度", key="sim_pairs")
        with t4:
            nearest_tab(m)
        with t5:
            keywords_tab(ids, sorted(set(corpus.labels.values())))
