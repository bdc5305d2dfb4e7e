"""报告详情: one report — outline, measures, indicators, formulations, keywords, and its text with
theme hits highlighted (user text always escaped; only our own highlight markup is Markdown)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.corpus import tables
from analysis.corpus.search import escape_markdown, highlight_markdown
from analysis.text.keywords import frequent_phrases, textrank_keywords, top_keywords
from analysis.text.lexicon import build_lexicon
from views import common, nearest

# Streamlit background colours for theme highlights, one per highlighted theme.
HIGHLIGHT_COLORS = ("orange", "blue", "green", "violet", "red", "gray")
JUMP_COLOR = "orange"
CONTEXT_CHARS = 200  # shown before and after a measure or a search hit
MAX_TEXT_CHARS = 40_000  # longer reports are shown up to here (the jump view reaches anywhere)
TABS = ("大纲与举措", "数字指标", "提法", "关键词", "原文与主题")
TEXT_TAB = TABS[-1]


def _apply_query_params(ids: list[int]) -> None:
    """`?id=3&pos=120` (links from the search page) -> the report and place to show, once."""
    qp = st.query_params
    if "id" not in qp:
        return
    try:
        rid = int(qp["id"])
        pos = int(qp.get("pos", -1))
        length = int(qp.get("len", 0))
    except ValueError:
        rid, pos, length = -1, -1, 0
    if rid in ids:
        st.session_state["report_id"] = rid
        if pos >= 0:
            st.session_state["report_jump"] = (rid, pos, pos + max(length, 1), "检索命中")
            st.session_state["rp_tab"] = TEXT_TAB
    for key in ("id", "pos", "len"):
        if key in qp:
            del qp[key]


def _option_labels(corpus) -> dict[int, str]:
    """Report id -> its label in the report picker: branch · year · title (built once per corpus)."""
    r = corpus.reports
    return {
        int(rid): f"{corpus.label(rid)}{'' if pd.isna(y) else f' · {int(y)}'} · {str(t or '')[:40]}"
        for rid, y, t in zip(r.index, r["year"], r["title"], strict=True)
    }


def context_markdown(text: str, start: int, end: int, color: str = JUMP_COLOR) -> str:
    """Escaped Markdown of the text around [start, end) with that span highlighted."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(text), end + CONTEXT_CHARS)
    md = highlight_markdown(text[lo:hi], [(start - lo, end - lo, color)], bold=True)
    return ("…" if lo > 0 else "") + md + ("…" if hi < len(text) else "")


def _jump_to(rid: int, start: int, end: int, what: str) -> None:
    """Button callback: show this place of the report in the text tab."""
    st.session_state["report_jump"] = (rid, start, end, what)
    st.session_state["rp_tab"] = TEXT_TAB


def header(corpus, rid: int, a) -> None:
    """Metadata line and counts of the chosen report."""
    row = corpus.reports.loc[rid]
    meta = [
        f"单位：{row['organization'] or '未填写'}",
        f"年份：{'未填写' if pd.isna(row['year']) else int(row['year'])}",
        f"类型：{row['kind'] or '未填写'}",
        f"文件：{row['filename']}",
    ]
    st.caption(escape_markdown("　|　".join(meta)))
    cols = st.columns(5)
    cols[0].metric("字数", f"{a.chars:,}", border=True)
    cols[1].metric("举措", sum(m.kind == "measure" for m in a.structure.measures), border=True)
    cols[2].metric("数字指标", len(a.indicators), border=True)
    cols[3].metric("提法", len(a.formulations), border=True)
    cols[4].metric("脱敏标记", a.cleaned.redactions, border=True)
    notes = []
    if a.cleaned.traditional:
        notes.append("原文含繁体字，已转换为简体后分析。")
    if a.cleaned.captions:
        notes.append(f"已排除 {len(a.cleaned.captions)} 行图片说明、来源等非正文内容。")
    if notes:
        st.caption(" ".join(notes))


def outline_tab(rid: int, a, measures: pd.DataFrame) -> None:
    """The outline as an indented tree, and the measures with full text and a jump to the text."""
    st.markdown("##### 报告大纲")
    rows = tables.outline_rows(a.structure.outline)
    if rows.empty:
        st.info("没有识别出标题层级（报告可能没有“一、（一）1.”之类的编号）。")
    else:
        common.show_table(
            rows[["大纲", "类型"]],
            "报告大纲",
            key="rp_outline",
            column_config={"大纲": st.column_config.TextColumn("大纲", width="large")},
        )
    st.markdown("##### 举措")
    only = st.toggle("只看举措（不含成效、问题、打算等条目）", value=True, key="rp_only_measures")
    items = measures[measures["类型"] == "举措"] if only else measures
    if items.empty:
        st.info("没有识别出举措。")
        return
    shown = items[["举措", "类型", "所在章节", "主题", "层级"]].reset_index(drop=True)
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="rp_measures",
        column_config={
            "举措": st.column_config.TextColumn(width="medium"),
            "所在章节": st.column_config.TextColumn(width="medium"),
        },
    )
    common.table_downloads(items.drop(columns=[tables.POS, "结束"]), "举措", key="rp_measures_dl")
    picked = event.selection.rows if event is not None else []
    if not picked:
        st.caption("选中表格中的一行，查看该举措的全文和它在原文中的位置。")
        return
    m = items.iloc[picked[0]]
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(m['举措'])}**")
        if m["所在章节"]:
            st.caption(escape_markdown(f"所在章节：{m['所在章节']}"))
        st.markdown(escape_markdown(m["全文"]))
        st.button(
            "在原文中定位",
            icon=":material/my_location:",
            key="rp_jump_btn",
            on_click=_jump_to,
            args=(rid, int(m[tables.POS]), int(m["结束"]), f"举措：{m['举措']}"),
        )


def indicators_tab(corpus, rid: int) -> None:
    """The numbers of the report: subject, value, unit, category, approximate or redacted."""
    frame = tables.indicators_frame(corpus.subset([rid]))
    if frame.empty:
        st.info("没有找到数字指标。")
        return
    redacted = int(frame["脱敏"].sum())
    st.caption(f"共 {len(frame)} 个指标，其中 {redacted} 个数字已脱敏（只计数，不取值）。")
    shown = frame.drop(columns=[tables.ID, tables.LABEL, tables.POS])
    shown["数值"] = [
        "已脱敏" if red else ("" if pd.isna(v) else f"{v:,.10g}")
        for v, red in zip(frame["数值"], frame["脱敏"], strict=True)
    ]
    common.show_table(
        shown,
        "数字指标",
        key="rp_indicators",
        column_config={"句子": st.column_config.TextColumn(width="large")},
    )


def formulations_tab(corpus, a) -> None:
    """Formulations of the report, with how many reports of the selection use them."""
    if not a.formulations:
        st.info("没有找到提法。")
        return
    wide = common.formulations(corpus).set_index("提法")
    rows = [
        (
            f.term,
            f.count,
            "数字提法" if f.numbered else "品牌名称",
            int(wide.loc[f.term, "报告数"]) if f.term in wide.index else 1,
            wide.loc[f.term, "使用支部"] if f.term in wide.index else "",
        )
        for f in sorted(a.formulations, key=lambda f: (-f.count, f.term))
    ]
    frame = pd.DataFrame(rows, columns=["提法", "次数", "类别", "使用报告数", "使用支部"])
    common.show_table(frame, "提法", key="rp_formulations")


def keywords_tab(a) -> None:
    """Keywords by frequency or TextRank: bar chart, word cloud and frequent phrases."""
    lex = build_lexicon(common.get_texts())
    officialese = common.officialese_on()
    method = st.radio(
        "排序方式",
        ["词频", "TextRank"],
        horizontal=True,
        key="rp_kw_method",
        help="TextRank 按词语在文中的关联程度排序，能找出出现不多但处于核心的词。",
    )
    if method == "TextRank":
        kws = textrank_keywords(lex, a.cleaned.text, n=150, officialese=officialese)
    else:
        kws = top_keywords(a.term_counts, a.chars, lex, n=150, officialese=officialese)
    if not kws:
        st.info("没有可显示的关键词。")
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        common.show_chart(common.keyword_figure(kws[:20], f"前 20 个关键词（{method}）"), "关键词")
    with c2:
        freqs = {k.term: float(k.count if method == "词频" else k.weight) for k in kws}
        common.show_wordcloud(freqs, "报告词云", key="rp_cloud")
    phrases = frequent_phrases(a.bigram_counts, n=30, lex=lex, officialese=officialese)
    if phrases:
        st.markdown("##### 高频词组")
        common.show_table(
            pd.DataFrame(
                [(p.term.replace(" ", ""), p.count) for p in phrases], columns=["词组", "次数"]
            ),
            "高频词组",
            key="rp_phrases",
        )


def _hit_spans(text: str, evidence: pd.DataFrame, colors: dict[str, str]) -> list[tuple]:
    """(start, end, colour) of each theme hit; an `A+B` rule hit marks the word found at start."""
    spans = []
    for row in evidence.itertuples(index=False):
        color = colors.get(row.主题)
        if color is None:
            continue
        start = int(row.位置)
        words = [w for w in str(row.命中词).split("+") if w]
        word = next((w for w in words if text.startswith(w, start)), words[0] if words else "")
        spans.append((start, start + len(word), color))
    return spans


def text_tab(rid: int, a, scores: pd.DataFrame, evidence: pd.DataFrame, d) -> None:
    """The report text with the chosen themes' hits highlighted, the jump target first."""
    text = a.cleaned.text
    jump = st.session_state.get("report_jump")
    if jump and jump[0] == rid:
        _, start, end, what = jump
        with st.container(border=True):
            c1, c2 = st.columns([5, 1])
            c1.markdown(
                f":material/my_location: **{escape_markdown(what)}**（第 {start + 1} 字处）"
            )
            if c2.button("关闭", key="rp_jump_close", icon=":material/close:"):
                st.session_state.pop("report_jump", None)
                st.rerun()
            st.markdown(context_markdown(text, start, end))
    ranked = scores.sort_values("得分", ascending=False)
    default = [t for t in ranked[ranked["命中次数"] > 0]["主题"].head(3) if t in d.names]
    chosen = st.multiselect(
        "高亮主题（最多 6 个）",
        list(d.names),
        default=default,
        max_selections=len(HIGHLIGHT_COLORS),
        key=f"rp_hl_{rid}",
    )
    colors = dict(zip(chosen, HIGHLIGHT_COLORS, strict=False))
    if chosen:
        legend = "　".join(f":{c}-background[{escape_markdown(t)}]" for t, c in colors.items())
        st.markdown(f"图例：{legend}")
    hits = evidence[evidence["主题"].isin(chosen)]
    body = highlight_markdown(text, _hit_spans(text, hits, colors), limit=MAX_TEXT_CHARS)
    with st.container(height=620, border=True):
        st.markdown(body or "（正文为空）")
        if len(text) > MAX_TEXT_CHARS:
            st.caption(f"报告较长，只显示前 {MAX_TEXT_CHARS:,} 字。")
    with st.expander(f"命中证据（{len(hits)} 句）", icon=":material/format_quote:"):
        common.show_table(
            common.evidence_sentences(hits)[["主题", "命中词", "证据句"]],
            "主题证据",
            key="rp_evidence",
            column_config={
                "命中词": st.column_config.TextColumn(width="small"),
                "证据句": st.column_config.TextColumn(width="large"),
            },
        )


st.title("报告详情")
if not common.empty_state():
    corpus = common.filtered_corpus()
    ids = corpus.ids
    _apply_query_params(ids)
    if st.session_state.get("report_id") not in ids:
        st.session_state["report_id"] = ids[0]
    labels = corpus.cached("picker", _option_labels)
    rid = st.selectbox(
        "选择报告",
        ids,
        format_func=labels.__getitem__,
        key="report_id",
        persist_state="session",
    )
    a = corpus.analyses[rid]
    d = common.get_theme_dictionary()
    frames = common.theme_tables([rid], d)
    header(corpus, rid, a)
    nearest.section(corpus.label(rid), key="rp_near")
    tabs = st.tabs(TABS, key="rp_tab", on_change="rerun")
    with tabs[0]:
        if tabs[0].open:
            outline_tab(rid, a, frames["measures"])
    with tabs[1]:
        if tabs[1].open:
            indicators_tab(corpus, rid)
    with tabs[2]:
        if tabs[2].open:
            formulations_tab(corpus, a)
    with tabs[3]:
        if tabs[3].open:
            keywords_tab(a)
    with tabs[4]:
        if tabs[4].open:
            text_tab(rid, a, frames["scores"], frames["evidence"], d)
