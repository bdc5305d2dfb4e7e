"""数据管理 › 报告元数据's delete and trash: choose reports, confirm, delete to the trash, undo;
restore from the trash, or purge for good after a confirmation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.service import CorpusStore
from views import data, flows

TRASH_MESSAGES = "trash_msgs"  # shown right above the trash, where the user just acted
MAX_NAMED = 3  # reports named one by one in a message; more are counted
DELETE, PURGE = "delete", "trash_purge"  # the pending confirmations


def _labels(df: pd.DataFrame) -> dict[int, str]:
    """Report id -> "id · branch · title" for the pickers (plain text: options are not Markdown)."""
    return {
        int(i): f"{i} · {b or '（无支部）'} · {str(t)[:30]}"
        for i, b, t in zip(df["id"], df["branch"], df["title"], strict=True)
    }


def _named(df: pd.DataFrame, ids: list[int]) -> str:
    """The reports `ids` of `df` as a user reads them: 支部《标题》, the first few, then a count."""
    rows = df.set_index("id")
    names = [
        f"{str(rows.at[i, 'branch'] or '') or '（无支部）'}《{str(rows.at[i, 'title'] or '')[:30]}》"
        for i in ids[:MAX_NAMED]
        if i in rows.index
    ]
    more = f"等 {len(ids)} 份报告" if len(ids) > MAX_NAMED else ""
    return "、".join(names) + more


def _clear_picks() -> None:
    """Fresh, empty report pickers after a delete/restore (old choices may no longer exist)."""
    st.session_state["pick_gen"] = st.session_state.get("pick_gen", 0) + 1


def _pick(label: str, df: pd.DataFrame, key: str, placeholder: str) -> list[int]:
    labels = _labels(df)
    return st.multiselect(
        label,
        list(labels),
        format_func=lambda i: labels.get(i, str(i)),
        key=f"{key}_{st.session_state.get('pick_gen', 0)}",
        placeholder=placeholder,
    )


def _delete(store: CorpusStore, ids: list[int], names: str) -> None:
    for rid in ids:
        store.delete(rid)
    st.session_state["last_deleted"] = (ids, names)
    _clear_picks()


def _purge(store: CorpusStore, ids: list[int], names: str) -> None:
    for rid in ids:
        store.purge(rid)
    _clear_picks()
    flows.flash(TRASH_MESSAGES, "success", f"已彻底删除 {len(ids)} 份报告：{names}。")


def _restore(store: CorpusStore, ids: list[int], names: str) -> None:
    for rid in ids:
        store.restore(rid)
    flows.flash(
        TRASH_MESSAGES, "success", f"已恢复 {len(ids)} 份报告：{names}。它们已重新出现在各页面中。"
    )


def delete_controls(store: CorpusStore, snap: pd.DataFrame) -> None:
    """Choose reports, confirm, delete to the trash; offer undo of the last delete."""
    st.markdown("**删除报告**")
    chosen = _pick("选择要删除的报告", snap, "delete_choice", "选择报告…")
    pending = flows.pending(DELETE)
    if chosen and not pending and st.button("删除所选", key="delete_ask", icon=":material/delete:"):
        flows.ask(DELETE, list(chosen))
        st.rerun()
    if pending:
        ids: list[int] = list(pending)  # type: ignore[call-overload]
        question = (
            f"确定删除 {len(ids)} 份报告（{_named(snap, ids)}）吗？删除后可在下方「回收站」中恢复。"
        )
        flows.confirm(DELETE, question, "确认删除", lambda i: _delete(store, i, _named(snap, i)))
    last = st.session_state.get("last_deleted")
    if last:
        done, names = last
        c1, c2 = st.columns([3, 1])
        c1.success(escape.markdown(f"已删除 {len(done)} 份报告（已移入回收站）：{names}。"))
        if c2.button("撤销删除", key="delete_undo", icon=":material/undo:"):
            _restore(store, done, names)
            st.session_state.pop("last_deleted", None)
            st.rerun()


def trash_section(store: CorpusStore, can_write: bool) -> None:
    """The trash: restore, or purge for good after a confirmation."""
    trash = data.trashed_reports()
    flows.show_flashes(TRASH_MESSAGES)
    with st.expander(f"回收站（{len(trash)} 份）", icon=":material/delete:", key="trash_box"):
        if not len(trash):
            st.caption("回收站是空的。")
            return
        view = trash[["id", "branch", "title", "deleted_at"]].rename(
            columns={"id": "编号", "branch": "支部", "title": "标题", "deleted_at": "删除时间"}
        )
        st.dataframe(view, hide_index=True, width="stretch")
        if not can_write:
            return
        chosen = _pick("选择报告", trash, "trash_choice", "选择回收站中的报告…")
        row = flows.buttons()
        restore_icon = ":material/restore_from_trash:"
        if row.button("恢复", key="trash_restore", icon=restore_icon, disabled=not chosen):
            _restore(store, chosen, _named(trash, chosen))
            _clear_picks()
            st.rerun()
        purge_icon = ":material/delete_forever:"
        if row.button("彻底删除", key="trash_purge_ask", icon=purge_icon, disabled=not chosen):
            flows.ask(PURGE, list(chosen))
        doomed: list[int] = list(flows.pending(PURGE) or [])  # type: ignore[call-overload]
        question = f"彻底删除 {len(doomed)} 份报告（{_named(trash, doomed)}）后无法恢复，确定吗？"
        purge = "确认彻底删除"
        flows.confirm(PURGE, question, purge, lambda i: _purge(store, i, _named(trash, i)))
