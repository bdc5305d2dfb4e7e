"""主题探索: one theme across branches (scores, coded measures, evidence), topics discovered from
the corpus, the keyword co-occurrence network, and in-page editing of the theme dictionary."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core.models import AnalysisError
from analysis.corpus import tables
from analysis.corpus.cooccurrence import cooccurrence_network, network_layout
from analysis.corpus.search import escape_markdown as escape
from analysis.corpus.topics import discover_topics
from analysis.text.keywords import sentence_tokens
from analysis.text.lexicon import build_lexicon
from analysis.text.themes import add_theme, add_word, dump_theme_dictionary, remove_word
from views import common

# Community colours of the network: the party palette first, then distinct hues.
COMMUNITY_COLORS = (
    "#C8102E", "#1F5AA6", "#E8A317", "#2E8B57", "#7B3FA0", "#D2691E", "#008B8B", "#8B0000",
    "#6B8E23", "#B8860B",
)  # fmt: skip
FLASH_KEY = "th_flash"


# ---------------------------------------------------------------- cached computations


@st.cache_data(show_spinner="正在发现主题…", max_entries=16)
def cached_topics(
    revision: int, fingerprint: str, ids: tuple[int, ...], unit: str, n_topics: int
) -> list[dict]:
    """NMF topics over the measures or paragraphs of the chosen reports (plain dicts)."""
    corpus = common.get_corpus().subset(list(ids))
    lex = build_lexicon(common.get_texts())
    passages: list[str] = []
    for a in corpus.analyses.values():
        if unit == "举措":
            passages += [m.text for m in a.structure.measures if m.kind == "measure"]
        else:
            passages += [p for p in a.cleaned.text.split("\n") if p.strip()]
    topics = discover_topics(passages, lex, n_topics=n_topics)
    return [
        {
            "label": t.label,
            "terms": list(t.terms),
            "weights": list(t.weights),
            "examples": list(t.examples),
            "share": t.share,
        }
        for t in topics
    ]


@st.cache_data(show_spinner="正在计算共现网络…", max_entries=16)
def cached_network(
    revision: int,
    fingerprint: str,
    ids: tuple[int, ...],
    officialese: bool,
    top_terms: int,
    top_edges: int,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, tuple[float, float]]]:
    """Co-occurrence network over the sentences of the chosen reports, with a seeded layout."""
    corpus = common.get_corpus().subset(list(ids))
    lex = build_lexicon(common.get_texts())
    sentences: list[list[str]] = []
    for a in corpus.analyses.values():
        sentences += sentence_tokens(lex, a.cleaned.text, officialese)
    nodes, edges = cooccurrence_network(sentences, top_terms=top_terms, top_edges=top_edges)
    return nodes, edges, network_layout(nodes, edges)


# ---------------------------------------------------------------- one theme


def branch_bar(scores: pd.DataFrame, theme: str) -> go.Figure:
    """Branches ranked by their score on one theme (hits per 10,000 characters)."""
    matrix = tables.branch_theme_matrix(scores, [theme])
    hits = scores[scores["主题"] == theme].groupby(tables.LABEL)["命中次数"].sum()
    col = matrix[theme].sort_values(ascending=True).tail(30)
    fig = go.Figure(
        go.Bar(
            x=col.values,
            y=list(col.index),
            orientation="h",
            marker_color=common.PALETTE[0],
            customdata=hits.reindex(col.index).fillna(0).astype(int).values,
            hovertemplate="%{y}<br>得分 %{x:.1f} 次/万字<br>命中 %{customdata} 句<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"各支部对「{theme}」的重视程度（每万字命中句数）",
        xaxis_title="次/万字",
        yaxis=dict(type="category", automargin=True),
        height=max(300, 28 * len(col) + 110),
    )
    return fig


def theme_section(frames: tables.ThemeFrames, d, theme: str) -> None:
    """Bar chart of branches, the measures coded to the theme, and its evidence."""
    t = d.get(theme)
    if t.description:
        st.caption(t.description)
    scores = frames["scores"]
    common.show_chart(branch_bar(scores, theme), f"主题_{theme}_支部得分")
    measures = frames["measures"]
    tagged = measures["主题"].str.contains(f"(?:^|、){re.escape(theme)}(?:、|$)", regex=True)
    coded = measures[(measures["类型"] == "举措") & tagged]
    evidence = common.evidence_sentences(frames["evidence"][frames["evidence"]["主题"] == theme])
    st.markdown(f"##### 归入该主题的举措（{len(coded)} 条）")
    if coded.empty:
        st.caption("没有举措以该主题为主。")
    else:
        common.show_table(
            coded[[tables.LABEL, "举措", "所在章节", "主题", "全文"]],
            f"主题举措_{theme}",
            key="th_measures",
            column_config={"全文": st.column_config.TextColumn(width="large")},
        )
    st.markdown(f"##### 证据句（{len(evidence)} 句）")
    if evidence.empty:
        st.caption("没有句子命中该主题。")
    else:
        common.show_table(
            evidence[[tables.LABEL, "命中词", "证据句"]],
            f"主题证据_{theme}",
            key="th_evidence",
            column_config={
                "命中词": st.column_config.TextColumn(width="small"),
                "证据句": st.column_config.TextColumn(width="large"),
            },
        )


# ---------------------------------------------------------------- dictionary editing


def _save(d, message: str) -> None:
    """Store the edited dictionary (bumps the store revision, so every score recomputes)."""
    common.get_store().set_resource("themes", dump_theme_dictionary(d))
    st.session_state[FLASH_KEY] = message


def _on_add_word(theme: str) -> None:
    word = st.session_state.get("th_new_word", "")
    try:
        new = add_word(common.get_theme_dictionary(), theme, word)
    except AnalysisError as exc:
        st.session_state["th_error"] = exc.message
        return
    _save(new, f"已把「{word.strip()}」加入主题「{theme}」，得分已更新。")
    st.session_state["th_new_word"] = ""


def _on_remove_words(theme: str) -> None:
    words = st.session_state.get("th_remove", []) or []
    if not words:
        st.session_state["th_error"] = "请先选择要删除的词。"
        return
    new = common.get_theme_dictionary()
    try:
        for w in words:
            new = remove_word(new, theme, w)
    except AnalysisError as exc:
        st.session_state["th_error"] = exc.message
        return
    _save(new, f"已从主题「{theme}」删除：{'、'.join(words)}。")
    st.session_state["th_remove"] = []


def _on_add_theme() -> None:
    name = st.session_state.get("th_new_theme", "")
    try:
        new = add_theme(
            common.get_theme_dictionary(), name, st.session_state.get("th_new_desc", "")
        )
    except AnalysisError as exc:
        st.session_state["th_error"] = exc.message
        return
    _save(new, f"已新建主题「{name.strip()}」，请为它添加关键词。")
    st.session_state["th_theme"] = name.strip()
    st.session_state["th_new_theme"] = ""
    st.session_state["th_new_desc"] = ""


def _on_reset() -> None:
    common.get_store().reset_resource("themes")
    st.session_state[FLASH_KEY] = "主题词典已恢复为默认。"


def _on_add_topic_terms(theme: str, key: str) -> None:
    words = st.session_state.get(key, []) or []
    new, added = common.get_theme_dictionary(), []
    for w in words:
        try:
            new = add_word(new, theme, w)
            added.append(w)
        except AnalysisError:
            continue  # already there, or not a valid word
    if added:
        _save(new, f"已把「{'、'.join(added)}」加入主题「{theme}」。")
    else:
        st.session_state["th_error"] = "所选的词都已在该主题中（或无效）。"


def editor_section(d, theme: str, evidence: pd.DataFrame) -> None:
    """Add or remove words of the chosen theme; every save re-scores the corpus at once."""
    st.subheader("编辑主题词典")
    if not common.can_write():
        st.info("修改主题词典需要管理密码，请先在「数据管理」页面登录。", icon=":material/lock:")
        return
    t = d.get(theme)
    counts = {}
    for term in evidence["命中词"]:
        counts[term] = counts.get(term, 0) + 1
    words = pd.DataFrame([(w, counts.get(w, 0)) for w in t.words], columns=["关键词", "命中句数"])
    c1, c2 = st.columns([3, 2])
    with c1:
        st.markdown(f"##### 「{theme}」的关键词（{len(t.words)} 个）".replace("*", "\\*"))
        st.dataframe(words, hide_index=True, width="stretch", height=260)
        if t.all or t.not_:
            rules = [f"同句同现：{' + '.join(g)}" for g in t.all]
            if t.not_:
                rules.append(f"排除词：{'、'.join(t.not_)}")
            st.caption("；".join(rules))
    with c2:
        st.text_input("添加关键词", key="th_new_word", placeholder="如：党建联建", max_chars=30)
        st.button(
            "添加", key="th_add_btn", icon=":material/add:", on_click=_on_add_word, args=(theme,)
        )
        st.multiselect("删除关键词", list(t.words), key="th_remove", placeholder="选择要删除的词")
        st.button(
            "删除所选",
            key="th_remove_btn",
            icon=":material/delete:",
            on_click=_on_remove_words,
            args=(theme,),
        )
    new_theme_form()


def new_theme_form() -> None:
    """Create a theme, or go back to the shipped dictionary."""
    with st.expander("新建主题 / 恢复默认词典", icon=":material/tune:"):
        st.text_input("新主题名称", key="th_new_theme", max_chars=20)
        st.text_input("说明（可选）", key="th_new_desc", max_chars=80)
        st.button(
            "新建主题", key="th_add_theme_btn", icon=":material/add_circle:", on_click=_on_add_theme
        )
        st.divider()
        st.button(
            "恢复默认主题词典",
            key="th_reset_btn",
            icon=":material/restart_alt:",
            on_click=_on_reset,
        )
        st.caption("也可以在「数据管理」页面直接编辑词典的 YAML 文本（支持同现、排除规则）。")


# ---------------------------------------------------------------- discovered topics


def topics_section(ids: list[int], theme: str) -> None:
    """Topics found from the texts themselves, each with terms and example passages."""
    st.subheader("从语料中发现的主题")
    st.caption("用 NMF 主题模型从报告文本中自动归纳，帮助发现词典中还没有的主题。")
    c1, c2 = st.columns(2)
    unit = c1.radio("分析单位", ["举措", "段落"], horizontal=True, key="th_topic_unit")
    n = c2.slider("主题数", 3, 12, 6, key="th_topic_n")
    store = common.get_store()
    topics = cached_topics(store.revision(), common.get_texts().fingerprint(), tuple(ids), unit, n)
    if not topics:
        st.info("文本太少，无法归纳主题。请增加报告或改用“段落”为单位。")
        return
    summary = pd.DataFrame(
        [(i + 1, "、".join(t["terms"]), round(100 * t["share"], 1)) for i, t in enumerate(topics)],
        columns=["序号", "关键词", "占比（%）"],
    )
    common.show_table(summary, "发现的主题", key="th_topics")
    for i, t in enumerate(topics):
        with st.expander(f"主题 {i + 1}：{escape(t['label'])}（占 {100 * t['share']:.0f}%）"):
            st.markdown("**关键词**：" + escape("、".join(t["terms"])))
            for ex in t["examples"]:
                st.markdown("> " + escape(ex[:300] + ("…" if len(ex) > 300 else "")))
            if common.can_write():
                key = f"th_topic_terms_{i}"
                st.multiselect(f"把这些词加入主题「{theme}」", t["terms"], key=key)
                st.button(
                    "加入",
                    key=f"th_topic_add_{i}",
                    icon=":material/add:",
                    on_click=_on_add_topic_terms,
                    args=(theme, key),
                )


# ---------------------------------------------------------------- co-occurrence network


def spread(pos: dict[str, tuple[float, float]], power: float = 0.6) -> dict:
    """Push the dense centre of a spring layout outwards (r -> r**power) so labels overlap less."""
    if not pos:
        return {}
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    out = {}
    for term, (x, y) in pos.items():
        dx, dy = x - cx, y - cy
        r = math.hypot(dx, dy)
        k = r ** (power - 1) if r > 1e-9 else 1.0
        out[term] = (dx * k, dy * k)
    return out


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, pos: dict) -> go.Figure:
    """Edges as lines (width by Jaccard), nodes sized by count and coloured by community."""
    pos = spread(pos)
    fig = go.Figure()
    for e in edges.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line=dict(width=0.5 + 6 * float(e.jaccard), color="rgba(120,120,120,0.45)"),
            )
        )
    big = max(nodes["count"].max(), 1)
    degree = edges["source"].value_counts().add(edges["target"].value_counts(), fill_value=0)
    for comm, group in nodes.groupby("community", sort=True):
        color = COMMUNITY_COLORS[int(comm) % len(COMMUNITY_COLORS)] if comm >= 0 else "#999999"
        fig.add_trace(
            go.Scatter(
                x=[pos[t][0] for t in group["term"]],
                y=[pos[t][1] for t in group["term"]],
                mode="markers+text",
                name=f"群组 {int(comm) + 1}",
                text=list(group["term"]),
                textposition="top center",
                textfont=dict(size=12),
                marker=dict(
                    size=[12 + 30 * math.sqrt(c / big) for c in group["count"]],
                    color=color,
                    line=dict(width=1, color="white"),
                    opacity=0.9,
                ),
                customdata=[
                    (int(c), int(degree.get(t, 0)))
                    for t, c in zip(group["term"], group["count"], strict=True)
                ],
                hovertemplate=(
                    "%{text}<br>出现在 %{customdata[0]} 个句子中<br>"
                    f"群组 {int(comm) + 1}" + "<br>连接 %{customdata[1]} 个词<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        title="关键词共现网络（同句出现，Jaccard 系数）",
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        height=680,
        legend=dict(orientation="h", y=-0.02),
        plot_bgcolor="white",
        hovermode="closest",
    )
    return fig


def network_section(ids: list[int]) -> None:
    """The keyword co-occurrence network (KH Coder style) of the chosen reports."""
    st.subheader("关键词共现网络")
    c1, c2 = st.columns(2)
    top_terms = c1.slider("关键词数", 20, 120, 60, step=10, key="th_net_terms")
    top_edges = c2.slider("连线数", 30, 300, 120, step=10, key="th_net_edges")
    store = common.get_store()
    nodes, edges, pos = cached_network(
        store.revision(),
        common.get_texts().fingerprint(),
        tuple(ids),
        common.officialese_on(),
        top_terms,
        top_edges,
    )
    if nodes.empty:
        st.info("文本太少，画不出共现网络。")
        return
    common.show_chart(network_figure(nodes, edges, pos), "关键词共现网络")
    st.caption("圆点越大，出现的句子越多；同色为联系紧密的一组词；线越粗，两个词越常在同一句出现。")
    with st.expander("网络数据（节点与连线）", icon=":material/hub:"):
        common.show_table(
            nodes.rename(columns={"term": "关键词", "count": "句数", "community": "群组"}),
            "共现网络节点",
            key="th_nodes",
        )
        common.show_table(
            edges.rename(columns={"source": "词1", "target": "词2", "jaccard": "Jaccard"}),
            "共现网络连线",
            key="th_edges",
        )


# ---------------------------------------------------------------- page


st.title("主题探索")
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")
error = st.session_state.pop("th_error", None)
if error:
    st.error(error, icon=":material/error:")
if not common.empty_state():
    corpus = common.filtered_corpus()
    d = common.get_theme_dictionary()
    frames = common.theme_tables(corpus.ids, d)
    if not d.names:
        st.info("主题词典是空的，请新建主题并添加关键词。")
        if common.can_write():
            new_theme_form()
    else:
        if st.session_state.get("th_theme") not in d.names:
            st.session_state["th_theme"] = d.names[0]
        theme = st.selectbox("选择主题", list(d.names), key="th_theme")
        tab_theme, tab_topics, tab_net = st.tabs(
            ["主题分析与词典", "发现新主题", "共现网络"], key="th_tab", on_change="rerun"
        )
        with tab_theme:
            if tab_theme.open:
                theme_section(frames, d, theme)
                editor_section(d, theme, frames["evidence"][frames["evidence"]["主题"] == theme])
        with tab_topics:
            if tab_topics.open:
                topics_section(corpus.ids, theme)
        with tab_net:
            if tab_net.open:
                network_section(corpus.ids)
