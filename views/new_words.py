"""新词发现 (a section of 数据管理 › 词典与资源): candidate words the segmenter splits, with one-click
add to 用户词典 or 停用词; the analyses are keyed by the resources, so every page re-segments."""

from __future__ import annotations

import streamlit as st

from analysis.core.escape import markdown
from analysis.core.models import AnalysisError
from analysis.corpus import new_words as nw
from analysis.service import CorpusStore
from views import data, explore_data, widgets

MSG_KEY = "nw_msg"


def _add(store: CorpusStore, name: str, word: str) -> None:
    """Add the word to a list and say what happened (on the next run)."""
    label = nw.WORDLISTS[name]
    try:
        added = nw.add_word(store, name, word)
    except AnalysisError as exc:  # a conflict with another editor, or a bad word
        st.session_state[MSG_KEY] = ("error", exc.message)
        return
    if added:
        st.session_state["res_gen"] = st.session_state.get("res_gen", 0) + 1  # editors reload
        msg = f"已把「{word}」加入{label}，各页面的分词和关键词会按新词典重新计算。"
        st.session_state[MSG_KEY] = ("success", msg)
    else:
        st.session_state[MSG_KEY] = ("info", f"「{word}」已在{label}中。")


def section(store: CorpusStore, can_write: bool) -> None:
    """Ranked candidates with frequency, how tightly they hold and how freely they combine (in
    plain words; the technical names only in the method note) and examples; add buttons."""
    st.subheader("新词发现")
    st.caption(
        "在语料中反复出现、内部结合紧密、左右搭配多样，却被分词器切开的字串，"
        "如「兴城投资」被切成「兴城 / 投资」。加入用户词典后，关键词会把它当作一个词。"
    )
    kind, msg = st.session_state.pop(MSG_KEY, (None, ""))
    if kind:
        getattr(st, kind)(markdown(msg))
    corpus = data.get_corpus()
    if not corpus.ids:
        st.info("还没有报告，上传报告后再来发现新词。")
        return
    table = explore_data.new_word_candidates(
        data.snapshot().resources, tuple(int(i) for i in corpus.ids)
    )
    if table.empty:
        st.info("没有发现新词候选：常见的词都已能被正确切分。")
        return
    widgets.show_table(table, "新词候选", key="nw_table")
    st.caption(nw.READING_NOTE)
    with st.expander("方法说明", icon=":material/info:"):
        st.caption(nw.METHOD_NOTE)
    if not can_write:
        st.info("修改词典需要管理员登录。")
        return
    word = st.selectbox("选择候选词", list(table["词语"]), key="nw_word")
    row = st.container(horizontal=True, gap="small")
    if row.button("加入用户词典", key="nw_user", type="primary", icon=":material/add:"):
        _add(store, "userdict", word)
        st.rerun()
    if row.button("加入停用词", key="nw_stop", icon=":material/block:"):
        _add(store, "stopwords", word)
        st.rerun()
