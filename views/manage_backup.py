"""数据管理 › 备份与迁移: download the whole corpus as one archive; import an archive into this
store."""

from __future__ import annotations

import streamlit as st

from analysis.core.models import AnalysisError
from analysis.core.resources import RESOURCE_LABELS
from analysis.service import CorpusStore, archive
from views import admin, data, flows, store_health

MESSAGES = "backup_msgs"


def backup_tab(store: CorpusStore, can_write: bool) -> None:
    """Download the whole corpus as one archive; import an archive into this store."""
    flows.show_flashes(MESSAGES)
    live, trash = len(data.live_reports()), len(data.trashed_reports())
    edited = [RESOURCE_LABELS.get(n, n) for n in store.resource_overrides()]
    st.markdown("**导出备份**")
    st.caption(
        f"当前语料：{live} 份报告，回收站 {trash} 份；已修改的资源："
        f"{'、'.join(edited) if edited else '无'}。备份是一个 .zip 文件，包含全部报告原文、元数据、"
        "回收站和修改过的词典，可在另一台电脑上导入。"
    )
    if not can_write:  # the archive holds every report's text, the trash included
        admin.need_password("下载备份")
    else:
        _download(store)
    st.divider()
    if can_write:  # reads the whole file: not for every viewer
        store_health.integrity_panel(store)
        st.divider()
    _import(store, can_write)


def _download(store: CorpusStore) -> None:
    """The backup download (only for sessions that may write)."""
    st.download_button(
        "下载备份（.zip）",
        data=lambda: archive.export_archive(store),
        file_name=archive.archive_name(),
        mime="application/zip",
        key="backup_download",
        icon=":material/download:",
        on_click="ignore",
    )


def _import(store: CorpusStore, can_write: bool) -> None:
    """Import an archive into this store (only for sessions that may write)."""
    st.markdown("**导入备份**")
    if not can_write:
        admin.need_password("导入备份")
        return
    st.caption(
        "导入时，内容已存在的报告会跳过，不会重复；压缩包会先完整校验，不安全或损坏的备份不会导入任何内容。"
    )
    gen = st.session_state.get("backup_gen", 0)
    up = st.file_uploader("选择备份文件（.zip）", type=["zip"], key=f"backup_upload_{gen}")
    with_res = st.checkbox("同时导入备份中的词典（覆盖当前的修改）", value=True, key="backup_res")
    if up is not None and st.button(
        "导入", type="primary", key="backup_import", icon=":material/upload:"
    ):
        bar = st.progress(0.0, text="正在导入…")

        def cb(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=f"正在导入 {done}/{total}")

        try:
            result = archive.import_archive(store, up.getvalue(), resources=with_res, progress=cb)
        except AnalysisError as exc:
            flows.flash(MESSAGES, "error", exc.message)
        else:
            flows.flash(MESSAGES, "success", result.summary())
            if result.problems():  # one box: a count and the first reasons, never one per report
                flows.flash(MESSAGES, "warning", result.problems())
        bar.empty()
        st.session_state["backup_gen"] = gen + 1
        st.rerun()
