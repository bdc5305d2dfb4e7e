"""数据管理 › 词典与资源: edit the user dictionary, stopwords, officialese, themes and the known
formulations; validated before saving, with a check that nobody saved the same resource in between."""

from __future__ import annotations

import streamlit as st

from analysis.core.resources import RESOURCE_FILES, RESOURCE_LABELS, default_texts
from analysis.service import ConflictError, CorpusStore, uploads
from views import admin, flows

MESSAGES = "res_msgs"
RESET = "res_reset"  # the pending confirmation of a reset to the default
RESOURCE_HELP = {
    "userdict": "每行一个词条：词语，后面可以加一个空格和词频，如「三会一课 10」。以 # 开头的行是注释。",
    "stopwords": "每行一个词，这些词不会出现在关键词和词云中。",
    "officialese": "每行一个公文套话词（开展、推进、加强…），侧边栏开关打开时从关键词中去掉。",
    "themes": "主题名下列出关键词（高级：直接编辑主题词典文本）。格式错误时不会保存，并指出出错的行。",
    "formulations": "每行一个提法（如「三会一课」「1+N」），含数字的在正文中即可识别，"
    "不含数字的（如「交叉任职」）只在加引号时计入。以 # 开头的行是注释。",
}


def resources_tab(store: CorpusStore, can_write: bool) -> None:
    """Edit the user dictionary, stopwords, officialese, themes and known formulations; validated
    before saving."""
    flows.show_flashes(MESSAGES)
    names = list(RESOURCE_FILES)
    name = st.selectbox(
        "选择资源", names, format_func=lambda n: RESOURCE_LABELS[n], key="res_choice"
    )
    overrides = store.resource_overrides()
    current = overrides.get(name, getattr(default_texts(), name))
    edited_flag = "（已修改，与默认不同）" if name in overrides else "（默认内容）"
    st.caption(f"{RESOURCE_HELP[name]} 当前：{edited_flag}")
    gen = st.session_state.get("res_gen", 0)
    area_key = f"res_text_{name}_{gen}"
    base_key = f"res_base_{name}_{gen}"
    if base_key not in st.session_state:  # what the editor started from, for conflict detection
        st.session_state[base_key] = overrides.get(name)
    text = st.text_area(
        RESOURCE_LABELS[name],
        value=current,
        height=420,
        key=area_key,
        disabled=not can_write,
    )
    if not can_write:
        admin.need_password("修改词典")
        return
    row = flows.buttons()
    if row.button("保存", type="primary", key="res_save", icon=":material/save:"):
        _save_resource(store, name, text or "", st.session_state[base_key], gen)
    if row.button(
        "恢复默认",
        key="res_reset_ask",
        icon=":material/settings_backup_restore:",
        disabled=name not in overrides,
    ):
        flows.ask(RESET, name)
    row.download_button(
        "下载",
        (text or "").encode("utf-8"),
        file_name=RESOURCE_FILES[name],
        mime="text/plain",
        key="res_download",
        icon=":material/download:",
        on_click="ignore",
    )
    if flows.pending(RESET) == name:
        question = f"恢复默认会丢弃对「{RESOURCE_LABELS[name]}」的全部修改，确定吗？"
        flows.confirm(RESET, question, "确认恢复默认", lambda n: _reset(store, n, gen))


def _reset(store: CorpusStore, name: str, gen: int) -> None:
    store.reset_resource(name)
    _after_resource(f"已恢复「{RESOURCE_LABELS[name]}」的默认内容，分析结果会随之更新。", gen)


def _save_resource(store: CorpusStore, name: str, text: str, base: str | None, gen: int) -> None:
    """Validate, then save with a check that nobody saved this resource in between."""
    problems = uploads.validate_resource(name, text)
    if problems:
        st.error(f"「{RESOURCE_LABELS[name]}」未保存，原有内容保持不变。请修改以下问题：")
        st.code("\n".join(problems[:50]), language=None)
        return
    try:
        store.set_resource_checked(name, text, base)
    except ConflictError as exc:
        st.error(exc.message)
        return
    _after_resource(f"已保存「{RESOURCE_LABELS[name]}」，分析结果会按新内容重新计算。", gen)
    st.rerun()


def _after_resource(msg: str, gen: int) -> None:
    """Flash `msg` and reload every editor from the store (the caller reruns)."""
    flows.flash(MESSAGES, "success", msg)
    st.session_state["res_gen"] = gen + 1
