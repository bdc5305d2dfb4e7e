"""「最相似的支部」: a small section for the report page (and any page showing one branch), each row
opening the comparison of the two branches; the scores are the comparison page's own."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corpus.similar_branches import nearest_to
from views import common


@st.cache_data(show_spinner="正在寻找最相似的支部…", max_entries=32)
def _nearest(resources: str, revision: int, branch: str, off: bool) -> pd.DataFrame:
    """The branches most like `branch` in the whole corpus (cached by resources and revision)."""
    corpus = common.get_corpus()
    scored = common.theme_tables(corpus.ids, common.get_theme_dictionary()).results
    counts = {rid: r.counts for rid, r in scored.items()}
    return nearest_to(corpus, common.get_texts(), branch, 5, off, scored=counts)


def open_comparison(a: str, b: str) -> None:
    """Preset the comparison page on branches `a` and `b`, then go there."""
    st.session_state.update({"cmp_by": "branch", "cmp_a_branch": a, "cmp_b_branch": b})
    st.switch_page("views/compare.py")


def section(branch: str, key: str = "near") -> None:
    """The five branches most like `branch`, and a button to compare with the chosen one."""
    if not branch:
        return
    with st.expander("最相似的支部", icon=":material/hub:"):
        if not st.session_state.get(f"{key}_show"):  # computed only on request: n - 1 comparisons
            st.button(
                "计算相似度",
                key=f"{key}_show_btn",
                on_click=st.session_state.update,
                kwargs={f"{key}_show": True},
            )
            return
        table = _nearest(
            common.get_texts().fingerprint(),
            common.get_store().revision(),
            branch,
            common.officialese_on(),
        )
        if table.empty:
            st.caption("语料中没有其他支部可比较。")
            return
        common.show_table(table, "最相似的支部", key=f"{key}_table")
        other = st.selectbox("对比对象", list(table["支部"]), key=f"{key}_other")
        if st.button("打开这两个支部的对比", key=f"{key}_open", icon=":material/compare_arrows:"):
            open_comparison(branch, other)
