"""A damaged store: the one page every route shows, the integrity check, the restore from a backup,
and the salvage of what is still readable.

Layout only; detection, checks and the restore live in analysis.store (integrity, archive).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis.core.escape import markdown
from analysis.core.models import AnalysisError
from analysis.service import CorpusStore, StoreDamagedError, archive, auth, check_store, is_url

MSG_CACHE_FULL = (
    "磁盘空间不足：分析结果未能写入缓存，页面照常显示已保存的报告，但下次打开时需要重新分析。"
    "请清理服务器磁盘空间。"
)


def stop_if_damaged(store: CorpusStore) -> None:
    """Show the damaged-store page and stop when this store has seen damage; say once per page
    when a cache write failed for want of disk space."""
    if store.damaged is not None:
        damaged_page(store.damaged)
    if store.cache_full:
        st.warning(MSG_CACHE_FULL, icon=":material/storage:")


def for_visitor(message: str, location: str) -> str:
    """`message` as inert Markdown (a masked password `***` stays three stars); the server's file
    path replaced for a visitor who may not write (a password is set and they have not logged in)."""
    from views import admin

    if location and not is_url(location) and not admin.can_write():
        message = message.replace(location, "（服务器上的语料库文件）")
    return markdown(message)


def open_failed(message: str, location: str) -> None:
    """The store cannot be opened: say why (path hidden from visitors, Markdown inert); stops."""
    st.error(f"无法打开语料库。{for_visitor(message, location)}", icon=":material/error:")
    st.stop()


def damaged_page(error: StoreDamagedError) -> None:
    """The one Chinese page of a damaged store: what happened, the check, the restore; stops."""
    st.title("语料库数据库已损坏")
    st.error(for_visitor(error.message, error.location), icon=":material/error:")
    path = None if is_url(error.location) else Path(error.location)
    integrity_panel(path)
    if path is not None and _may_write():
        _restore_panel(path)
        _salvage_panel(path)
    elif path is not None:
        st.info("从备份恢复和抢救数据需要管理密码。", icon=":material/lock:")
    st.stop()


def integrity_panel(target: CorpusStore | Path | None) -> None:
    """A button that runs SQLite's integrity_check on the store (or its file) and shows the
    result; a store found damaged refuses writes and shows the damaged page from the next run."""
    st.markdown("**完整性检查**")
    st.caption("逐页检查数据库文件（只读，不会修改任何内容）；大的语料库可能需要几秒。")
    if st.button("运行完整性检查", key="integrity_check", icon=":material/fact_check:"):
        with st.spinner("正在检查…"):
            if isinstance(target, CorpusStore):
                report = target.integrity_check()
            else:
                report = check_store(target, full=True)
        (st.success if report.ok else st.error)(markdown(report.summary()))
        if report.lines:
            st.code("\n".join(report.lines), language=None)


def _may_write() -> bool:
    """The admin password, when one is set (same session flag, form and throttle as 数据管理's)."""
    from views import admin

    secrets = st.secrets if st.secrets.load_if_toml_exists() else None
    try:
        expected = auth.configured_password(secrets=secrets)
    except auth.PasswordMisconfigured as exc:  # set but blank: no restore, said in Chinese
        st.error(markdown(exc.message), icon=":material/gpp_bad:")
        return False
    if expected is None or st.session_state.get(admin.SESSION_KEY):
        return True
    return admin.login_form(expected, "restore")


def _restore_panel(path: Path) -> None:
    """Upload a backup: the damaged file is renamed (kept), a fresh store gets the backup."""
    st.markdown("**从备份恢复**")
    st.caption(
        "选择由「备份与迁移」导出的 .zip。备份会先完整校验；通过后，损坏的文件改名保留"
        "（文件名后加 .damaged-时间），在原位置新建语料库并导入备份。"
    )
    up = st.file_uploader("选择备份文件（.zip）", type=["zip"], key="restore_upload")
    if up is None or not st.button("从备份恢复", type="primary", key="restore_run"):
        return
    try:
        kept, result = archive.restore_damaged(path, up.getvalue())
    except AnalysisError as exc:
        st.error(markdown(exc.message))
        return
    from views import snapshot

    snapshot.forget_store()  # the next run opens the fresh store
    st.success(markdown(f"已恢复。{result.summary()}损坏的文件已保留为 {kept.name}。"))
    if result.problems():
        st.warning(markdown(result.problems()))
    st.button("打开语料库", key="restore_done", on_click=lambda: None)


def _salvage_panel(path: Path) -> None:
    """No backup: a backup of the reports that can still be read (the damaged file is only read)."""
    from analysis.service import salvage_archive

    st.markdown("**没有备份？抢救仍可读取的报告**")
    st.caption(
        "逐份读取损坏的文件，只保留内容与校验值一致的报告，打包成普通备份；之后用上面的「从备份恢复」导入。"
    )
    if not st.button("抢救可读取的报告", key="salvage_run", icon=":material/healing:"):
        return
    with st.spinner("正在读取…"):
        salvage = salvage_archive(path)
    st.info(markdown(salvage.summary()))
    st.download_button(
        "下载抢救出的备份（.zip）",
        data=salvage.data,
        file_name=archive.archive_name().replace("备份", "抢救备份"),
        mime="application/zip",
        key="salvage_download",
        icon=":material/download:",
        on_click="ignore",
    )
