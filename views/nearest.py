"""「最相似的支部」: a small section for the report page (and any page showing one branch), each row
opening the comparison of the two branches; the scores are the comparison page's own."""

from __future__ import annotations

import streamlit as st

from analysis.output.labels import labelled
from views import data, explore_data, filters, widgets


def preset_comparison(a: str, other_key: str) -> None:
    """Button callback: the comparison page's sides set to branch `a` and the branch chosen in
    the widget `other_key` (a callback, so it may set the comparison page's own widgets)."""
    b = st.session_state[other_key]
    st.session_state.update({"cmp_by": "branch", "cmp_a_branch": a, "cmp_b_branch": b})


def open_button(branch: str, key: str) -> None:
    """The button opening the comparison of `branch` with the one chosen in `{key}_other`."""
    if st.button(
        "打开这两个支部的对比",
        key=f"{key}_open",
        icon=":material/compare_arrows:",
        on_click=preset_comparison,
        args=(branch, f"{key}_other"),
    ):
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
        table = explore_data.nearest_branches(
            data.snapshot().resources,
            data.revision(),
            branch,
            filters.officialese_on(),
        )
        if table.empty:
            st.caption("语料中没有其他支部可比较。")
            return
        widgets.show_table(labelled(table), "最相似的支部", key=f"{key}_table")
        st.selectbox("对比对象", list(table["branch"]), key=f"{key}_other")

        open_button(branch, key)
