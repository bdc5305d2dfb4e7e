"""数据管理 › 报告元数据: edit and save stored reports' metadata (version-checked, so a concurrent
edit is reported, never silently overwritten); delete and trash live in manage_trash."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.models import AnalysisError
from analysis.service import KINDS, ConflictError, CorpusStore, changed_fields
from views import admin, data, flows, manage_trash, widgets

MESSAGES = "meta_msgs"
META_COLUMNS = {
    "branch": "支部",
    "organization": "单位",
    "year": "年份",
    "kind": "类型",
    "title": "标题",
}


def _snapshot(store: CorpusStore, editor_key: str) -> pd.DataFrame:
    """The table being edited: re-read from the store unless the user has unsaved edits.

    Keeping the versions the user started from is what lets a concurrent edit be detected.
    """
    snap = st.session_state.get("meta_snapshot")
    pending = (st.session_state.get(editor_key) or {}).get("edited_rows")
    rev = data.revision()
    if snap is None or (snap["rev"] != rev and not pending):
        cols = ["id", *META_COLUMNS, "chars", "filename", "version"]
        snap = {"rev": rev, "df": data.metadata_rows()[cols].reset_index(drop=True)}
        st.session_state["meta_snapshot"] = snap
    return snap["df"]


def _display(df: pd.DataFrame) -> pd.DataFrame:
    out = df.rename(columns={"id": "编号", **META_COLUMNS, "chars": "字数", "filename": "文件"})
    return out[["编号", *META_COLUMNS.values(), "字数", "文件"]]


def metadata_tab(store: CorpusStore, can_write: bool) -> None:
    """Stored reports' metadata: edit and save (version-checked), delete with confirmation, trash."""
    flows.show_flashes(MESSAGES)
    gen = st.session_state.get("meta_gen", 0)
    editor_key = f"meta_editor_{gen}"
    snap = _snapshot(store, editor_key)
    if not len(snap):
        st.info(data.EMPTY_HINT)
    elif not can_write:
        admin.need_password("修改和删除报告")
        widgets.show_table(_display(snap), "报告元数据", key="meta_view")
    else:
        st.caption(
            "直接在表格中修改，然后点「保存修改」。他人同时修改同一份报告时，后保存的一方会收到提示，不会悄悄覆盖。"
        )
        edited = st.data_editor(
            _display(snap),
            hide_index=True,
            width="stretch",
            key=editor_key,
            disabled=["编号", "字数", "文件"],
            column_config={"年份": widgets.year_column(), "类型": widgets.kind_column(list(KINDS))},
        )
        row = flows.buttons()
        if row.button("保存修改", type="primary", key="meta_save", icon=":material/save:"):
            _save_metadata(store, snap, edited, gen)
        if row.button("放弃修改并刷新", key="meta_refresh", icon=":material/refresh:"):
            _reset_editor(gen)
        manage_trash.delete_controls(store, snap)
    manage_trash.trash_section(store, can_write)


def _reset_editor(gen: int) -> None:
    st.session_state.pop("meta_snapshot", None)
    st.session_state["meta_gen"] = gen + 1
    st.rerun()


def _save_metadata(store: CorpusStore, snap: pd.DataFrame, edited: pd.DataFrame, gen: int) -> None:
    """Save each changed row with the version it was loaded at; conflicts are reported."""
    saved, problems = 0, []
    new = edited.rename(columns={v: k for k, v in META_COLUMNS.items()})
    for row, after in zip(snap.to_dict("records"), new.to_dict("records"), strict=True):
        fields = changed_fields(row, after, META_COLUMNS)
        if not fields:
            continue
        try:
            store.update_metadata(int(row["id"]), fields, int(row["version"]))
            saved += 1
        except ConflictError as exc:
            lost = "，".join(f"{META_COLUMNS[k]}={v}" for k, v in fields.items())
            problems.append(f"{exc.message}您的修改未保存：{lost}")
        except AnalysisError as exc:
            problems.append(exc.message)
    if saved:
        flows.flash(MESSAGES, "success", f"已保存 {saved} 份报告的修改，分析结果会随之更新。")
    elif not problems:
        flows.flash(MESSAGES, "info", "没有需要保存的修改。")
    for message in problems:
        flows.flash(MESSAGES, "error", message)
    _reset_editor(gen)
