"""主题探索's dictionary editor: add or remove a theme's words, create a theme, go back to the
shipped dictionary; every save re-scores the corpus at once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.core.models import AnalysisError
from analysis.corpus.theme_view import word_hits
from analysis.output.labels import labelled
from analysis.service import ThemeDictionary, theme_dictionary
from views import admin, flows, selection, snapshot, theme_data

MESSAGES = "th_msgs"


def save(d: ThemeDictionary, message: str) -> None:
    """Store the edited dictionary (bumps the store revision, so every score recomputes)."""
    snapshot.get_store().set_resource("themes", theme_dictionary.dump_theme_dictionary(d))
    flows.flash(MESSAGES, "success", message)


def _on_add_word(theme: str) -> None:
    word = st.session_state.get("th_new_word", "")
    try:
        new = theme_dictionary.add_word(theme_data.get_theme_dictionary(), theme, word)
    except AnalysisError as exc:
        flows.flash(MESSAGES, "error", exc.message)
        return
    save(new, f"已把「{word.strip()}」加入主题「{theme}」，得分已更新。")
    st.session_state["th_new_word"] = ""


def _on_remove_words(theme: str) -> None:
    words = st.session_state.get("th_remove", []) or []
    if not words:
        flows.flash(MESSAGES, "error", "请先选择要删除的词。")
        return
    new = theme_data.get_theme_dictionary()
    try:
        for w in words:
            new = theme_dictionary.remove_word(new, theme, w)
    except AnalysisError as exc:
        flows.flash(MESSAGES, "error", exc.message)
        return
    save(new, f"已从主题「{theme}」删除：{'、'.join(words)}。")
    st.session_state["th_remove"] = []


def _on_add_theme() -> None:
    name = st.session_state.get("th_new_theme", "")
    description = st.session_state.get("th_new_desc", "")
    try:
        new = theme_dictionary.add_theme(theme_data.get_theme_dictionary(), name, description)
    except AnalysisError as exc:
        flows.flash(MESSAGES, "error", exc.message)
        return
    save(new, f"已新建主题「{name.strip()}」，请为它添加关键词。")
    st.session_state[selection.THEME_KEY] = name.strip()
    st.session_state["th_new_theme"] = ""
    st.session_state["th_new_desc"] = ""


def _on_reset() -> None:
    snapshot.get_store().reset_resource("themes")
    flows.flash(MESSAGES, "success", "主题词典已恢复为默认。")


def add_words(theme: str, key: str) -> None:
    """Button callback: add the words chosen under `key` to `theme` (skipping invalid ones)."""
    new, added = theme_data.get_theme_dictionary(), []
    for w in st.session_state.get(key, []) or []:
        try:
            new = theme_dictionary.add_word(new, theme, w)
            added.append(w)
        except AnalysisError:
            continue  # already there, or not a valid word: the message below says so
    if added:
        save(new, f"已把「{'、'.join(added)}」加入主题「{theme}」。")
    else:
        flows.flash(MESSAGES, "error", "所选的词都已在该主题中（或无效）。")


def editor_section(d: ThemeDictionary, theme: str, evidence: pd.DataFrame) -> None:
    """Add or remove words of the chosen theme; every save re-scores the corpus at once."""
    st.subheader("编辑主题词典")
    if not admin.can_write():
        st.info("修改主题词典需要管理密码，请先在「数据管理」页面登录。", icon=":material/lock:")
        return
    t = d.get(theme)
    c1, c2 = st.columns([3, 2])
    with c1:
        st.markdown(f"##### 「{escape.markdown(theme)}」的关键词（{len(t.words)} 个）")
        hits = labelled(word_hits(t.words, evidence))
        st.dataframe(hits, hide_index=True, width="stretch", height=260)
        rules = [f"同句同现：{' + '.join(g)}" for g in t.all]
        if t.not_:
            rules.append(f"排除词：{'、'.join(t.not_)}")
        if rules:
            st.caption(escape.markdown("；".join(rules)))
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
        st.caption("也可以在「数据管理」页面直接编辑词典的文本（支持同现、排除规则）。")
