"""支部对比: two sides (a branch, or a group by organization/year/kind) side by side — overall
similarity and summary, words, themes, measures, numbers, formulations — and the exports.

A is always on the left in SIDE_COLORS["A"], B on the right in SIDE_COLORS["B"]. User text is shown
as plain text (tables) or escaped Markdown; plotly labels are escaped by the figure builders.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.core.models import AnalysisError
from analysis.corpus.compare import (
    DEFAULT_THRESHOLD,
    GROUP_BY,
    REDACTED,
    Comparison,
    group_ids,
    group_options,
    realign,
    similarity_label,
    term_contexts,
    top_theme_differences,
)
from analysis.corpus.search import escape_markdown
from analysis.output import presentation as pres
from analysis.output.briefing import comparison_tables, formulation_columns
from analysis.output.export_html import fig_diverging, fig_numbers, fig_radar
from analysis.output.wordclouds import SCREEN, SLIDE
from views import common

TABS = ("总体", "词语", "主题", "举措", "数字", "提法", "导出")
BY_LABELS = {"branch": "按支部", "organization": "按单位", "year": "按年份", "kind": "按类型"}
THRESHOLD_KEY = "cmp_threshold"
SCATTER_KEY = "cmp_scatter"
TERM_KEY = "cmp_term"
# Markdown colour of each side (Streamlit's named colours closest to SIDE_COLORS).
MD_COLOR = {"A": "red", "B": "blue"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# A widget's value is dropped on a run that does not draw it (lazy tabs); re-assigning it here
# keeps the threshold when the user leaves the 举措 tab.
if THRESHOLD_KEY in st.session_state:
    st.session_state[THRESHOLD_KEY] = st.session_state[THRESHOLD_KEY]


def side_md(side: str, text: str) -> str:
    """`text` (escaped) in the side's colour, bold."""
    return f":{MD_COLOR[side]}[**{escape_markdown(text)}**]"


def pick_sides(reports: pd.DataFrame) -> tuple[list[int], list[int], str, str] | None:
    """Grouping radio and one picker per side; (ids_a, ids_b, label_a, label_b) or None."""
    opts = group_options(reports)
    by = st.radio(
        "对比方式",
        list(GROUP_BY),
        format_func=BY_LABELS.get,
        horizontal=True,
        key="cmp_by",
        help="对比两个支部，或按单位、年份、类型把多份报告合成一方",
    )
    values = opts.get(by, [])
    if not values:
        st.info("当前语料中没有可用于这种对比方式的取值，请换一种对比方式。")
        return None
    ia, ib = pres.default_pair(values)
    for key in (f"cmp_a_{by}", f"cmp_b_{by}"):  # a side deleted or filtered out meanwhile
        if key in st.session_state and st.session_state[key] not in values:
            del st.session_state[key]

    def name(value) -> str:
        return pres.side_name(pres.side_key(by, value))

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
        col.caption(escape_markdown(f"{len(names)} 份报告，{chars} 字：{'、'.join(names)}"))


def overall_tab(c: Comparison, same: bool) -> None:
    """Similarity score, what it means, its parts, and the generated summary."""
    if same:
        st.info(
            "A、B 两方是同一组报告：相似度为 1，没有区分词。请选择不同的支部或分组进行对比。",
            icon=":material/info:",
        )
    m1, m2 = st.columns([1, 3])
    m1.metric(
        "总体相似度",
        f"{c.similarity:.2f}",
        similarity_label(c.similarity),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    m2.markdown(
        "相似度在 0 到 1 之间：**1 表示两方完全相同，0 表示毫无共同之处**。它是四项的平均："
        "**用词**（两方词频的余弦相似度）、**主题**（主题得分的余弦相似度）、"
        f"**做法**（找得到对方相近做法的举措占比，文本相似度阈值 {c.measures.threshold:.2f}，"
        "可在「举措」页调整）、**提法**（共用提法占双方全部提法的比例）。"
    )
    common.show_chart(pres.similarity_figure(c), f"{c.label_a}_{c.label_b}_相似度")
    st.subheader("对比小结")
    st.caption("由上面的数字自动生成，只复述统计结果。")
    st.markdown("\n".join(f"- {escape_markdown(s)}" for s in c.summary))


def _cloud(c: Comparison, side: str, key: str) -> None:
    """One side's word cloud on the common scale in its colour, with its PNG at slide size."""
    label = c.label_a if side == "A" else c.label_b
    st.markdown(f"{side_md(side, label)} 词云")
    if not (c.freqs_a if side == "A" else c.freqs_b):
        st.caption("没有可显示的词语。")
        return
    st.image(pres.side_cloud(c, side, SCREEN), width="stretch", output_format="PNG")
    st.download_button(
        "下载词云 PNG（幻灯片尺寸）",
        lambda: pres.side_cloud(c, side, SLIDE),
        file_name=f"{common.safe_name(label)}_词云.png",
        mime="image/png",
        key=key,
        icon=":material/image:",
        on_click="ignore",
    )


def _pick_term_from_chart() -> None:
    """A clicked point of the scatter -> the term picker (runs before the rerun)."""
    state = st.session_state.get(SCATTER_KEY)
    points = state.selection.points if state is not None else []
    if points and points[0].get("customdata"):
        st.session_state[TERM_KEY] = points[0]["customdata"]


def scatter_chart(c: Comparison) -> None:
    """The term scatter (WebGL); clicking a point shows its contexts below."""
    fig = pres.scatter_figure(c)
    fig.update_layout(
        font=dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"),
        margin=dict(l=10, r=10, t=50, b=10),
    )
    name = common.safe_name(f"{c.label_a}_{c.label_b}_词频对照")
    st.plotly_chart(
        fig,
        width="stretch",
        key=SCATTER_KEY,
        on_select=_pick_term_from_chart,
        selection_mode="points",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {
                "format": "png",
                "filename": name,
                "width": 1600,
                "height": 900,
            },
        },
    )


def contexts(c: Comparison, corpus) -> None:
    """A term picker (search or click) and the term's contexts in A and in B."""
    order = c.words.reindex(c.words["z"].abs().sort_values(ascending=False).index)
    terms = list(order["term"].head(400))
    if st.session_state.get(TERM_KEY) not in (None, *terms):
        terms.insert(0, st.session_state[TERM_KEY])  # a clicked or typed term outside the list
    term = st.selectbox(
        "查看词语在两方的上下文（可输入任意词，或点击上图中的点）",
        terms,
        index=0 if terms else None,
        key=TERM_KEY,
        accept_new_options=True,
        placeholder="输入或选择一个词",
    )
    if not term:
        return
    try:
        lines = term_contexts(corpus, c.ids_a, c.ids_b, str(term), width=24, limit=40)
    except AnalysisError as exc:
        st.warning(exc.message, icon=":material/warning:")
        return
    c1, c2 = st.columns(2)
    for col, side, label in ((c1, "A", c.label_a), (c2, "B", c.label_b)):
        part = lines[lines["side"] == side].drop(columns=["side", "sentence"])
        with col:
            st.markdown(f"{side_md(side, label)}：{len(part)} 处")
            if part.empty:
                st.caption("没有出现。")
            else:
                common.show_table(
                    part.rename(
                        columns={"report": "报告", "left": "前文", "hit": "词", "right": "后文"}
                    ),
                    f"{label}_{term}_上下文",
                    key=f"cmp_ctx_{side}",
                    column_config={"前文": st.column_config.TextColumn(width="medium")},
                )


def words_tab(c: Comparison, corpus, same: bool) -> None:
    """Word clouds on one scale, diverging z-scores, the term scatter and term contexts."""
    c1, c2 = st.columns(2)
    with c1:
        _cloud(c, "A", "cmp_cloud_a")
    with c2:
        _cloud(c, "B", "cmp_cloud_b")
    st.caption("两幅词云用同一比例绘制：同样大小的字表示同样多的出现次数。")
    st.subheader("区分两方的词语")
    if same or c.words.empty or not (c.words["z"].abs() > 0).any():
        st.info("两方用词没有差别，没有区分词。")
    else:
        common.show_chart(fig_diverging(c), f"{c.label_a}_{c.label_b}_区分词")
        st.caption(
            "统计量：带语料先验的对数优势比（Monroe 等 2008）的 z 值。向右为 A 更常用，向左为 B 更常用；"
            "深色 |z| > 1.96（统计显著），浅色未达显著。"
        )
    st.subheader("词频对照")
    if c.scatter.empty:
        st.caption("词语太少，无法绘制。")
    else:
        scatter_chart(c)
    contexts(c, corpus)
    with st.expander("全部词语的对数优势比", icon=":material/table:"):
        common.show_table(
            comparison_tables(c)["区分词"], f"{c.label_a}_{c.label_b}_区分词", "cmp_words"
        )


def themes_tab(c: Comparison) -> None:
    """Radar of both theme profiles; the themes that differ most with evidence from each side."""
    t = c.themes.table
    if t.empty:
        st.info("主题词典为空，请在「主题探索」页面添加主题。")
        return
    common.show_chart(fig_radar(c), f"{c.label_a}_{c.label_b}_主题雷达")
    st.subheader("差别最大的主题")
    top = top_theme_differences(t, 6)
    if top.empty:
        st.caption("两方各主题得分相同。")
        return
    ev = c.themes.evidence

    def first(theme: str, side: str) -> str:
        rows = ev[(ev["theme"] == theme) & (ev["side"] == side)]
        return str(rows["sentence"].iloc[0]) if len(rows) else "（无命中）"

    table = pd.DataFrame(
        {
            "主题": top["theme"],
            f"{c.label_a}得分": top["score_a"],
            f"{c.label_b}得分": top["score_b"],
            "差值(A-B)": top["diff"],
            f"{c.label_a}证据": [first(x, "A") for x in top["theme"]],
            f"{c.label_b}证据": [first(x, "B") for x in top["theme"]],
        }
    )
    common.show_table(
        table,
        f"{c.label_a}_{c.label_b}_主题差异",
        "cmp_themes",
        column_config={
            f"{c.label_a}证据": st.column_config.TextColumn(width="large"),
            f"{c.label_b}证据": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption("得分为每万字命中主题词的句数；证据为各方命中该主题的第一句，完整证据见下。")
    for r in top.itertuples():
        with st.expander(
            f"{r.theme}：{c.label_a} {r.score_a:.1f} · {c.label_b} {r.score_b:.1f}",
            icon=":material/format_quote:",
        ):
            cols = st.columns(2)
            for col, side, label in ((cols[0], "A", c.label_a), (cols[1], "B", c.label_b)):
                rows = ev[(ev["theme"] == r.theme) & (ev["side"] == side)]
                col.markdown(side_md(side, label))
                if rows.empty:
                    col.caption("没有命中。")
                for term, sentence in zip(rows["term"], rows["sentence"], strict=True):
                    col.markdown(f"- {escape_markdown(sentence)}（{escape_markdown(term)}）")
    with st.expander("全部证据句（表格）", icon=":material/table:"):
        tables = comparison_tables(c)
        common.show_table(tables["主题证据"], f"{c.label_a}_{c.label_b}_主题证据", "cmp_evidence")


def measures_tab(c: Comparison) -> None:
    """Aligned measure pairs (threshold slider) and what only one side does."""
    st.slider(
        "相近做法的文本相似度阈值",
        min_value=0.05,
        max_value=0.9,
        step=0.01,
        key=THRESHOLD_KEY,
        help="两条举措的标题和正文（字符 n-gram TF-IDF 余弦）相似度达到阈值，就算同一类做法。"
        "调低会配出更多对，调高只留非常接近的。",
    )
    m = c.measures
    k1, k2, k3 = st.columns(3)
    k1.metric("相近做法", f"{len(m.pairs)} 对", border=True)
    k2.metric(f"只有 {c.label_a} 有", f"{len(m.only_a)} 项", border=True)
    k3.metric(f"只有 {c.label_b} 有", f"{len(m.only_b)} 项", border=True)
    tables = comparison_tables(c)
    st.subheader("相近的做法")
    if m.pairs.empty:
        st.caption("在当前阈值下没有相近的做法。")
    else:
        pairs = tables["相近举措"]
        common.show_table(
            pairs,
            f"{c.label_a}_{c.label_b}_相近举措",
            "cmp_pairs",
            column_config={
                "相似度": st.column_config.ProgressColumn(
                    min_value=0.0, max_value=1.0, format="%.2f"
                )
            },
        )
    st.subheader("对方有、我方没有的做法")
    c1, c2 = st.columns(2)
    for col, side, label, name in (
        (c1, "A", c.label_a, "仅A举措"),
        (c2, "B", c.label_b, "仅B举措"),
    ):
        with col:
            st.markdown(f"只有 {side_md(side, label)} 有")
            df = tables[name]
            if df.empty:
                st.caption("没有：每项做法在对方都有相近的。")
            else:
                names = c.reports_a if side == "A" else c.reports_b
                keep = ["举措", "最高相似度", "对方最接近的举措"] + (
                    ["报告"] if len(names) > 1 else []
                )
                common.show_table(
                    df[keep],
                    f"只有{label}有的举措",
                    f"cmp_only_{side}",
                    column_config={
                        "最高相似度": st.column_config.NumberColumn(format="%.2f", width="small")
                    },
                )


def numbers_tab(c: Comparison) -> None:
    """Indicators by category side by side; redacted figures shown as 已脱敏."""
    if c.numbers.empty:
        st.info("两方都没有提取到数字指标。")
        return
    common.show_chart(fig_numbers(c), f"{c.label_a}_{c.label_b}_数字指标")
    tables = comparison_tables(c)
    table = tables["数字指标对比"]
    a, b = c.label_a, c.label_b
    order = ["类别", "单位", a, b, f"{a}项数", f"{b}项数", f"{a}合计", f"{b}合计"]
    order += [f"{a}脱敏项", f"{b}脱敏项"]
    common.show_table(
        table[[col for col in order if col in table.columns]],
        f"{a}_{b}_数字指标对比",
        "cmp_numbers",
        column_config={
            a: st.column_config.TextColumn(width="large"),
            b: st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(
        f"打了星号、叉号的数字记为「{REDACTED}」，不参与合计；资金统一折算为万元，比率取平均。"
    )
    with st.expander("每一项指标", icon=":material/pin:"):
        details = tables["数字指标明细"].copy()
        details["数值"] = [
            REDACTED if r else ("" if pd.isna(v) else f"{v:g}")
            for v, r in zip(details["数值"], details["脱敏"], strict=True)
        ]
        details["脱敏"] = details["脱敏"].map({True: "是", False: ""})
        common.show_table(details, f"{c.label_a}_{c.label_b}_数字指标明细", "cmp_number_details")


def formulations_tab(c: Comparison) -> None:
    """Formulations used by both, only A, only B."""
    groups = list(formulation_columns(c).items())
    cols = st.columns(3)
    for col, (name, terms), side in zip(cols, groups, ("", "A", "B"), strict=True):
        with col:
            head = f"{name}（{len(terms)}）"
            st.markdown(side_md(side, head) if side else f"**{escape_markdown(head)}**")
            if terms:
                st.dataframe(pd.DataFrame({"提法": terms}), hide_index=True, width="stretch")
            else:
                st.caption("（无）")
    with st.expander("提法次数明细", icon=":material/table:"):
        common.show_table(
            comparison_tables(c)["提法"], f"{c.label_a}_{c.label_b}_提法", "cmp_forms"
        )


def _export(label: str, build: Callable, file_name: str, mime: str, key: str) -> None:
    """A build button: on click, build with a progress bar, then offer the file to download."""
    if st.button(f"生成 {label}", key=f"{key}_build", icon=":material/build:"):
        bar = st.progress(0.0, text=f"正在生成 {label}…")

        def progress(done: int, total: int) -> None:
            bar.progress(min(1.0, done / max(total, 1)), text=f"正在生成 {label}… {done}/{total}")

        data = build(progress)
        bar.empty()
        st.download_button(
            f"下载 {label}",
            data,
            file_name=file_name,
            mime=mime,
            key=f"{key}_download",
            type="primary",
            icon=":material/download:",
            on_click="ignore",
        )


def export_tab(c: Comparison) -> None:
    """PowerPoint, Excel and HTML of this comparison, built on demand."""
    from analysis.output.export_html import comparison_html
    from analysis.output.export_pptx import comparison_deck
    from analysis.output.export_xlsx import comparison_workbook

    st.markdown(
        "导出当前对比（含当前的做法阈值）：**PPT** 含标题页、用词、主题、举措、数字、提法和小结，"
        "图表为可编辑的原生图表；**Excel** 含全部表格；**HTML** 可离线打开。"
    )
    stem = common.safe_name(f"支部对比_{c.label_a}_vs_{c.label_b}")
    c1, c2, c3 = st.columns(3)
    with c1:
        _export("PPT", lambda p: comparison_deck(c, p), f"{stem}.pptx", PPTX_MIME, "cmp_pptx")
    with c2:
        _export("Excel", lambda p: comparison_workbook(c, p), f"{stem}.xlsx", XLSX_MIME, "cmp_xlsx")
    with c3:
        _export(
            "HTML",
            lambda p: comparison_html(c, p).encode("utf-8"),
            f"{stem}.html",
            "text/html",
            "cmp_html",
        )


def show(corpus) -> None:
    """The whole page for a non-empty corpus."""
    picked = pick_sides(corpus.reports)
    if picked is None:
        return
    ids_a, ids_b, label_a, label_b = picked
    if not ids_a or not ids_b:
        st.info("有一方没有报告，请重新选择。")
        return
    c = common.get_comparison(ids_a, ids_b, label_a, label_b)
    threshold = float(st.session_state.setdefault(THRESHOLD_KEY, DEFAULT_THRESHOLD))
    if abs(threshold - c.measures.threshold) > 1e-9:
        c = realign(c, threshold)
    same = set(ids_a) == set(ids_b)
    sides_header(c)
    tabs = st.tabs(TABS, key="cmp_tab", on_change="rerun")
    full = common.get_corpus()
    draw = (
        lambda: overall_tab(c, same),
        lambda: words_tab(c, full, same),
        lambda: themes_tab(c),
        lambda: measures_tab(c),
        lambda: numbers_tab(c),
        lambda: formulations_tab(c),
        lambda: export_tab(c),
    )
    for tab, fn in zip(tabs, draw, strict=True):
        with tab:
            if tab.open:
                fn()


st.title("支部对比")
if not common.empty_state():
    show(common.filtered_corpus())
