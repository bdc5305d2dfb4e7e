"""支部对比: who is A and who is B — the grouping radio, one picker per side, and the header that
names both sides in their colours (user text escaped for Markdown)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.escape import markdown as md
from analysis.corpus.compare.comparison import Comparison
from analysis.corpus.compare.sides import GROUP_BY, group_ids, group_options
from analysis.output import sides
from views import filters

BY_LABELS = {"branch": "按支部", "organization": "按单位", "year": "按年份", "kind": "按类型"}
# Markdown colour of each side (Streamlit's named colours closest to SIDE_COLORS).
MD_COLOR = {"A": "red", "B": "blue"}


def side_md(side: str, text: str) -> str:
    """`text` (escaped) in the side's colour, bold."""
    return f":{MD_COLOR[side]}[**{md(text)}**]"


def pick_sides(reports: pd.DataFrame) -> tuple[list[int], list[int], str, str] | None:
    """Grouping radio and one picker per side; (ids_a, ids_b, label_a, label_b) or None."""
    opts = group_options(reports)
    by = st.radio(
        "对比方式",
        list(GROUP_BY),
        format_func=lambda by: f"按{filters.group_noun()}" if by == "branch" else BY_LABELS[by],
        horizontal=True,
        key="cmp_by",
        help="对比两个支部，或按单位、年份、类型把多份报告合成一方",
    )
    values = opts.get(by, [])
    if not values:
        st.info("当前语料中没有可用于这种对比方式的取值，请换一种对比方式。")
        return None
    ia, ib = sides.default_pair(values)
    for key in (f"cmp_a_{by}", f"cmp_b_{by}"):  # a side deleted or filtered out meanwhile
        if key in st.session_state and st.session_state[key] not in values:
            del st.session_state[key]

    def name(value) -> str:
        return sides.side_name(sides.side_key(by, value))

    c1, c2 = st.columns(2)
    va = c1.selectbox("A 方", values, index=ia, format_func=name, key=f"cmp_a_{by}")
    vb = c2.selectbox("B 方", values, index=ib, format_func=name, key=f"cmp_b_{by}")
    return group_ids(reports, by, va), group_ids(reports, by, vb), name(va), name(vb)


def sides_header(c: Comparison) -> None:
    """Who is A and who is B, with their reports, left to right in their colours."""
    c1, c2 = st.columns(2)
    for col, side, label, names, chars in (
        (c1, "A", c.label_a, c.reports_a, c.chars_a),
        (c2, "B", c.label_b, c.reports_b, c.chars_b),
    ):
        col.markdown(f"{side} 方：{side_md(side, label)}")
        col.caption(md(f"{len(names)} 份报告，{chars} 字：{'、'.join(names)}"))
