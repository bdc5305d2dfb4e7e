"""Shared interaction flows: flash messages that survive a rerun, confirm-then-act, and opening a
report at a place from any page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis.core import escape
from views import selection

REPORT_PAGE = "views/report.py"
TEXT_TAB = "原文与主题"  # the report page's tab that shows a jump target
GOTO_KEY = "goto_report"
_KINDS = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
_ICONS = {
    "success": ":material/check_circle:",
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}


def buttons():
    """A row of buttons, each as wide as its label (columns would truncate Chinese labels)."""
    return st.container(horizontal=True, gap="small")


def flash(key: str, kind: str, message: str) -> None:
    """Keep a message under `key` to show after the next rerun (kind: success/info/warning/error)."""
    if kind not in _KINDS:
        raise ValueError(f"unknown message kind: {kind!r}")
    st.session_state.setdefault(key, []).append((kind, message))


def show_flashes(key: str) -> None:
    """Show, once, the messages kept under `key`; their text (which may quote user text) escaped."""
    for kind, message in st.session_state.pop(key, []):
        _KINDS[kind](escape.markdown(message), icon=_ICONS[kind])


def confirm(key: str, question: str, label: str, action: Callable[[Any], None]) -> None:
    """The confirmation of what waits under `key` (see `ask`): `question`, then a confirm button
    (`key`_confirm) that runs `action(what)` and a cancel button; either ends it and reruns."""
    what = st.session_state.get(key)
    if not what:
        return
    st.warning(escape.markdown(question))
    row = buttons()
    if row.button(label, type="primary", key=f"{key}_confirm", icon=":material/check:"):
        action(what)
        st.session_state.pop(key, None)
        st.rerun()
    if row.button("取消", key=f"{key}_cancel"):
        st.session_state.pop(key, None)
        st.rerun()


def ask(key: str, what: object) -> None:
    """Start the confirmation of `what` (the chosen items or a name) under `key`."""
    st.session_state[key] = what


def pending(key: str) -> object:
    """What is waiting for confirmation under `key` (None when nothing)."""
    return st.session_state.get(key)


def show_place(rid: int, start: int, end: int, what: str) -> None:
    """Button callback on the report page: show [start, end) of report `rid` in the text tab."""
    st.session_state[selection.REPORT_KEY] = rid
    st.session_state["report_jump"] = (rid, start, end, what)
    st.session_state["rp_tab"] = TEXT_TAB


def open_report(rid: int, start: int, end: int, what: str) -> None:
    """Button callback on another page: open the report page at [start, end) of report `rid`
    (the page calls `follow_open_report` at its top)."""
    show_place(rid, start, end, what)
    st.session_state[GOTO_KEY] = True


def follow_open_report() -> None:
    """Switch to the report page when a callback on this page asked to open a report."""
    if st.session_state.pop(GOTO_KEY, False):
        st.switch_page(REPORT_PAGE)


def report_from_link(ids: list[int]) -> None:
    """`?id=3&pos=120&len=4` (links from the search page) -> the report and place to show, once."""
    qp = st.query_params
    if "id" not in qp:
        return
    try:
        rid, pos, length = int(qp["id"]), int(qp.get("pos", -1)), int(qp.get("len", 0))
    except ValueError:
        rid, pos, length = -1, -1, 0
    if rid in ids:
        st.session_state[selection.REPORT_KEY] = rid
        if pos >= 0:
            st.session_state["report_jump"] = (rid, pos, pos + max(length, 1), "检索命中")
            st.session_state["rp_tab"] = TEXT_TAB
    for key in ("id", "pos", "len"):
        if key in qp:
            del qp[key]
