"""数据管理: upload reports, edit their metadata, trash, edit dictionaries, backup and migration.

Writes (upload, edit, delete, resource edits, import) need the admin password when one is configured
(DJ_ADMIN_PASSWORD or Streamlit secrets `admin_password`); viewing stays open. Every user-provided
text is shown through tables or escaped, never as HTML.
"""

from __future__ import annotations

import hashlib
import re
import time

import pandas as pd
import streamlit as st

from analysis.core.models import AnalysisError
from analysis.core.resources import RESOURCE_FILES, RESOURCE_LABELS, default_texts
from analysis.io.ingest import SUPPORTED, max_file_bytes
from analysis.store import archive, auth, uploads
from analysis.store.database import ConflictError, CorpusStore
from analysis.text.metadata import KINDS
from views import common

# Markdown/HTML specials escaped before user text reaches st.error/st.success, e.g. "<script>".
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")

META_COLUMNS = {
    "branch": "支部",
    "organization": "单位",
    "year": "年份",
    "kind": "类型",
    "title": "标题",
}
RESOURCE_HELP = {
    "userdict": "每行一个词条：词 [词频] [词性]，如「三会一课 nz」。以 # 开头的行是注释。",
    "stopwords": "每行一个词，这些词不会出现在关键词和词云中。",
    "officialese": "每行一个公文套话词（开展、推进、加强…），侧边栏开关打开时从关键词中去掉。",
    "themes": "YAML 格式：主题名下列出关键词。格式错误时不会保存，并指出出错的行。",
}


def plain(text: object) -> str:
    """User text made inert for Markdown: every special character backslash-escaped."""
    return _MD_SPECIALS.sub(r"\\\1", str(text)).replace("\n", "  \n")


_REASON_COLS = {
    "文件": st.column_config.TextColumn("文件", width="medium"),
    "状态": st.column_config.TextColumn("状态", width="small"),
    "原因": st.column_config.TextColumn("原因", width="large"),
}


def _year_column() -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(
        "年份", min_value=1921, max_value=2100, step=1, format="%d"
    )


def _kind_column() -> st.column_config.SelectboxColumn:
    return st.column_config.SelectboxColumn("类型", options=list(KINDS))


# ---------------------------------------------------------------- admin password


def _configured_password() -> str | None:
    """The admin password from the environment or Streamlit secrets (None: writes are open)."""
    secrets = st.secrets if st.secrets.load_if_toml_exists() else None
    return auth.configured_password(secrets=secrets)


def admin_gate() -> bool:
    """Show the login (or logout) control; True when this session may change the corpus."""
    expected = _configured_password()
    if expected is None:
        return True
    if st.session_state.get("admin_ok"):
        row = st.container(horizontal=True, vertical_alignment="center")
        row.caption(":material/lock_open: 已使用管理密码登录，可以上传、修改和删除。")
        if row.button("退出登录", key="admin_logout", icon=":material/logout:", type="tertiary"):
            st.session_state["admin_ok"] = False
            st.rerun()
        return True
    with st.form("admin_login", border=True):
        st.markdown(":material/lock: **查看不受限制；上传、修改、删除和导入需要管理密码。**")
        given = st.text_input("管理密码", type="password", key="admin_password_input", width=360)
        if st.form_submit_button("登录", icon=":material/login:"):
            if auth.check_password(given, expected):
                st.session_state["admin_ok"] = True
                st.rerun()
            time.sleep(1)  # slow down guessing
            st.error("密码不正确。")
    return False


def _buttons():
    """A row of buttons, each as wide as its label (columns would truncate Chinese labels)."""
    return st.container(horizontal=True, gap="small")


def _need_password(action: str) -> None:
    st.info(f"{action}需要管理密码，请先在页面上方登录。", icon=":material/lock:")


# ---------------------------------------------------------------- upload tab


def _progress_cb(bar, verb: str):
    """A progress callback drawing on `bar`."""

    def cb(done: int, total: int, name: str) -> None:
        frac = done / total if total else 1.0
        label = f"{verb} {done}/{total}" + (f"：{name}" if name else "")
        bar.progress(min(max(frac, 0.0), 1.0), text=label)

    return cb


def upload_tab(store: CorpusStore, can_write: bool) -> None:
    """Upload many reports; preview results and metadata; save; show the final per-file table."""
    done = st.session_state.get("upload_done")
    if done:
        _show_upload_result(done)
    if not can_write:
        _need_password("上传报告")
        return
    limit_mb = max_file_bytes() / (1024 * 1024)
    st.caption(
        f"支持 .txt（UTF-8 / GBK / UTF-16）、.docx、带文字层的 .pdf，以及把它们打包的 .zip；"
        f"单个文件不超过 {limit_mb:g} MB。同样内容的报告只保存一份。"
    )
    gen = st.session_state.get("upload_gen", 0)
    files = st.file_uploader(
        "选择报告文件（可多选）",
        type=[*(suffix.lstrip(".") for suffix in SUPPORTED), "zip"],
        accept_multiple_files=True,
        key=f"uploader_{gen}",
    )
    if not files:
        st.session_state.pop("upload_cache", None)
        return
    st.session_state.pop("upload_done", None)
    items = _read_uploads(files, store)
    _preview(store, items, gen)


def _read_uploads(files: list, store: CorpusStore) -> list[uploads.Item]:
    """Read only the newly added files (with a progress bar); the batch is rebuilt each run.

    Files already read stay cached in this session by their upload id, so adding one more file to
    a batch of a hundred does not re-read the hundred.
    """
    cache: dict[str, list[uploads.Item]] = st.session_state.setdefault("upload_cache", {})
    new = [f for f in files if f.file_id not in cache]
    if new:
        bar = st.progress(0.0, text="正在读取文件…")
        show = _progress_cb(bar, "正在读取")
        for n, f in enumerate(new):
            show(n, len(new), f.name)
            cache[f.file_id] = uploads.read_upload(f.name, f.getvalue())
        bar.empty()
    ids = {f.file_id for f in files}
    for stale in [k for k in cache if k not in ids]:
        del cache[stale]
    return uploads.finalize([cache[f.file_id] for f in files], store)


def _digest(labels: pd.Series) -> str:
    """A short key part naming this set of files."""
    return hashlib.sha1("\n".join(labels).encode("utf-8")).hexdigest()[:10]


def _counts_line(items: list[uploads.Item]) -> str:
    counts = uploads.summary(items)
    shown = [f"{uploads.STATUS_LABELS[k]} {v}" for k, v in counts.items() if v]
    return f"共 {len(items)} 个文件：" + "，".join(shown)


def _preview(store: CorpusStore, items: list[uploads.Item], gen: int) -> None:
    """The editable metadata of ready files, the problems of the others, and the save button."""
    st.markdown(f"**{_counts_line(items)}**")
    ready = uploads.editable_frame(items)
    edited = None
    if len(ready):
        st.markdown("**待保存的报告**（保存前可以直接在表格中修改支部、单位、年份、类型、标题）")
        st.caption("请先选好全部文件再修改：增减文件后表格会重新生成。")
        edited = st.data_editor(
            ready,
            hide_index=True,
            width="stretch",
            key=f"upload_editor_{gen}_{_digest(ready['文件'])}",
            disabled=["文件"],
            column_config={"年份": _year_column(), "类型": _kind_column()},
        )
    others = uploads.results_frame([i for i in items if i.status != "ready"])
    if len(others):
        st.markdown("**未添加的文件**")
        st.dataframe(
            others[["文件", "状态", "原因"]],
            hide_index=True,
            width="stretch",
            column_config=_REASON_COLS,
        )
        with st.expander("查看完整原因", icon=":material/info:"):
            for row in others.itertuples():
                st.markdown(f"- **{plain(row.文件)}**（{row.状态}）：{plain(row.原因)}")
    if edited is None:
        st.info("没有可保存的新报告。")
        return
    if st.button(
        f"保存 {len(ready)} 份报告", type="primary", key="upload_save", icon=":material/save:"
    ):
        bar = st.progress(0.0, text="正在保存…")
        result = uploads.commit_batch(
            store, items, uploads.metas_from_frame(edited), _progress_cb(bar, "正在保存")
        )
        bar.empty()
        st.session_state["upload_done"] = result
        st.session_state.pop("upload_cache", None)
        st.session_state["upload_gen"] = gen + 1  # a fresh, empty uploader
        st.rerun()


def _show_upload_result(items: list[uploads.Item]) -> None:
    counts = uploads.summary(items)
    saved = counts["added"] + counts["restored"]
    msg = f"已保存 {saved} 份报告。{_counts_line(items)}。"
    (st.success if saved else st.warning)(msg, icon=":material/task_alt:")
    common.show_table(
        uploads.results_frame(items), "上传结果", key="upload_result", column_config=_REASON_COLS
    )


# ---------------------------------------------------------------- metadata tab


def _stored(store: CorpusStore) -> pd.DataFrame:
    """Every stored report, trash included (no text): read once per store revision, not on every
    rerun (the page's tables, counts and pickers all come from it)."""
    rev = store.revision()
    cached = st.session_state.get("mg_stored")
    if cached is None or cached[0] != rev:
        cached = (rev, store.list_reports(include_deleted=True))
        st.session_state["mg_stored"] = cached
    return cached[1]


def _live(store: CorpusStore) -> pd.DataFrame:
    """The live reports, by id (as `store.list_reports()`)."""
    df = _stored(store)
    return df[df["deleted_at"].isna()]


def _trashed(store: CorpusStore) -> pd.DataFrame:
    """The trash, newest first (as `store.trash()`)."""
    df = _stored(store)
    return df[df["deleted_at"].notna()].sort_values("deleted_at", ascending=False)


def _snapshot(store: CorpusStore, editor_key: str) -> pd.DataFrame:
    """The table being edited: re-read from the store unless the user has unsaved edits.

    Keeping the versions the user started from is what lets a concurrent edit be detected.
    """
    snap = st.session_state.get("meta_snapshot")
    pending = (st.session_state.get(editor_key) or {}).get("edited_rows")
    rev = store.revision()
    if snap is None or (snap["rev"] != rev and not pending):
        df = _live(store)
        cols = ["id", *META_COLUMNS, "chars", "filename", "version"]
        snap = {"rev": rev, "df": df[cols].reset_index(drop=True)}
        st.session_state["meta_snapshot"] = snap
    return snap["df"]


def _display(df: pd.DataFrame) -> pd.DataFrame:
    out = df.rename(columns={"id": "编号", **META_COLUMNS, "chars": "字数", "filename": "文件"})
    return out[["编号", *META_COLUMNS.values(), "字数", "文件"]]


def metadata_tab(store: CorpusStore, can_write: bool) -> None:
    """Stored reports' metadata: edit and save (version-checked), delete with confirmation, trash."""
    for kind, msg in st.session_state.pop("meta_msgs", []):
        getattr(st, kind)(plain(msg))
    gen = st.session_state.get("meta_gen", 0)
    editor_key = f"meta_editor_{gen}"
    snap = _snapshot(store, editor_key)
    if not len(snap):
        st.info(common.EMPTY_HINT)
    elif not can_write:
        _need_password("修改和删除报告")
        common.show_table(_display(snap), "报告元数据", key="meta_view")
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
            column_config={"年份": _year_column(), "类型": _kind_column()},
        )
        row = _buttons()
        if row.button("保存修改", type="primary", key="meta_save", icon=":material/save:"):
            _save_metadata(store, snap, edited, gen)
        if row.button("放弃修改并刷新", key="meta_refresh", icon=":material/refresh:"):
            _reset_editor(gen)
        _delete_controls(store, snap)
    _trash(store, can_write)


def _reset_editor(gen: int) -> None:
    st.session_state.pop("meta_snapshot", None)
    st.session_state["meta_gen"] = gen + 1
    st.rerun()


def _save_metadata(store: CorpusStore, snap: pd.DataFrame, edited: pd.DataFrame, gen: int) -> None:
    """Save each changed row with the version it was loaded at; conflicts are reported."""
    msgs: list[tuple[str, str]] = []
    saved = 0
    new = edited.rename(columns={v: k for k, v in META_COLUMNS.items()})
    for pos, row in snap.iterrows():
        fields = {k: new.at[pos, k] for k in META_COLUMNS if not _same(row[k], new.at[pos, k])}
        if not fields:
            continue
        try:
            store.update_metadata(int(row["id"]), fields, int(row["version"]))
            saved += 1
        except ConflictError as exc:
            lost = "，".join(f"{META_COLUMNS[k]}={v}" for k, v in fields.items())
            msgs.append(("error", f"{exc.message}您的修改未保存：{lost}"))
        except AnalysisError as exc:
            msgs.append(("error", exc.message))
    if saved:
        msgs.insert(0, ("success", f"已保存 {saved} 份报告的修改，分析结果会随之更新。"))
    elif not msgs:
        msgs.append(("info", "没有需要保存的修改。"))
    st.session_state["meta_msgs"] = msgs
    _reset_editor(gen)


def _same(a: object, b: object) -> bool:
    """Equal cell values, treating NA/None/'' alike and 2023 == 2023.0."""
    na_a = a is None or (not isinstance(a, str) and pd.isna(a)) or a == ""
    na_b = b is None or (not isinstance(b, str) and pd.isna(b)) or b == ""
    if na_a or na_b:
        return na_a and na_b
    try:
        return float(a) == float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()


def _labels(df: pd.DataFrame) -> dict[int, str]:
    """Report id -> "id · branch · title" for the pickers."""
    return {
        int(i): f"{i} · {b or '（无支部）'} · {str(t)[:30]}"
        for i, b, t in zip(df["id"], df["branch"], df["title"], strict=True)
    }


def _clear_picks() -> None:
    """Fresh, empty report pickers after a delete/restore (old choices may no longer exist)."""
    st.session_state["pick_gen"] = st.session_state.get("pick_gen", 0) + 1


def _delete_controls(store: CorpusStore, snap: pd.DataFrame) -> None:
    """Choose reports, confirm, delete to the trash; offer undo of the last delete."""
    st.markdown("**删除报告**")
    labels = _labels(snap)
    chosen = st.multiselect(
        "选择要删除的报告",
        list(labels),
        format_func=lambda i: labels.get(i, str(i)),
        key=f"delete_choice_{st.session_state.get('pick_gen', 0)}",
        placeholder="选择报告…",
    )
    pending = st.session_state.get("pending_delete")
    if chosen and not pending and st.button("删除所选", key="delete_ask", icon=":material/delete:"):
        st.session_state["pending_delete"] = list(chosen)
        st.rerun()
    if pending:
        st.warning(f"确定删除 {len(pending)} 份报告吗？删除后可在下方「回收站」中恢复。")
        row = _buttons()
        if row.button("确认删除", type="primary", key="delete_confirm", icon=":material/delete:"):
            for rid in pending:
                store.delete(rid)
            st.session_state["last_deleted"] = pending
            st.session_state.pop("pending_delete", None)
            _clear_picks()
            st.rerun()
        if row.button("取消", key="delete_cancel"):
            st.session_state.pop("pending_delete", None)
            st.rerun()
    last = st.session_state.get("last_deleted")
    if last:
        c1, c2 = st.columns([3, 1])
        c1.success(f"已删除 {len(last)} 份报告（已移入回收站）。")
        if c2.button("撤销删除", key="delete_undo", icon=":material/undo:"):
            for rid in last:
                store.restore(rid)
            st.session_state.pop("last_deleted", None)
            st.rerun()


def _trash(store: CorpusStore, can_write: bool) -> None:
    """The trash: restore, or purge for good after a confirmation."""
    trash = _trashed(store)
    with st.expander(f"回收站（{len(trash)} 份）", icon=":material/delete:"):
        if not len(trash):
            st.caption("回收站是空的。")
            return
        view = trash[["id", "branch", "title", "deleted_at"]].rename(
            columns={"id": "编号", "branch": "支部", "title": "标题", "deleted_at": "删除时间"}
        )
        st.dataframe(view, hide_index=True, width="stretch")
        if not can_write:
            return
        labels = _labels(trash)
        chosen = st.multiselect(
            "选择报告",
            list(labels),
            format_func=lambda i: labels.get(i, str(i)),
            key=f"trash_choice_{st.session_state.get('pick_gen', 0)}",
            placeholder="选择回收站中的报告…",
        )
        row = _buttons()
        if row.button(
            "恢复", key="trash_restore", icon=":material/restore_from_trash:", disabled=not chosen
        ):
            for rid in chosen:
                store.restore(rid)
            st.session_state["meta_msgs"] = [("success", f"已恢复 {len(chosen)} 份报告。")]
            _clear_picks()
            st.rerun()
        if row.button(
            "彻底删除", key="trash_purge_ask", icon=":material/delete_forever:", disabled=not chosen
        ):
            st.session_state["pending_purge"] = list(chosen)
        pending = st.session_state.get("pending_purge")
        if pending:
            st.warning(f"彻底删除 {len(pending)} 份报告后无法恢复，确定吗？")
            row = _buttons()
            if row.button("确认彻底删除", type="primary", key="trash_purge_confirm"):
                for rid in pending:
                    store.purge(rid)
                st.session_state.pop("pending_purge", None)
                _clear_picks()
                st.session_state["meta_msgs"] = [("success", f"已彻底删除 {len(pending)} 份报告。")]
                st.rerun()
            if row.button("取消", key="trash_purge_cancel"):
                st.session_state.pop("pending_purge", None)
                st.rerun()


# ---------------------------------------------------------------- resources tab


def resources_tab(store: CorpusStore, can_write: bool) -> None:
    """Edit the user dictionary, stopwords, officialese and themes; validated before saving."""
    for kind, msg in st.session_state.pop("res_msgs", []):
        getattr(st, kind)(plain(msg))
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
        _need_password("修改词典")
        return
    row = _buttons()
    if row.button("保存", type="primary", key="res_save", icon=":material/save:"):
        _save_resource(store, name, text or "", st.session_state[base_key], gen)
    if row.button(
        "恢复默认",
        key="res_reset_ask",
        icon=":material/settings_backup_restore:",
        disabled=name not in overrides,
    ):
        st.session_state["pending_reset"] = name
    row.download_button(
        "下载",
        (text or "").encode("utf-8"),
        file_name=RESOURCE_FILES[name],
        mime="text/plain",
        key="res_download",
        icon=":material/download:",
        on_click="ignore",
    )
    if st.session_state.get("pending_reset") == name:
        st.warning(f"恢复默认会丢弃对「{RESOURCE_LABELS[name]}」的全部修改，确定吗？")
        row = _buttons()
        if row.button("确认恢复默认", type="primary", key="res_reset_confirm"):
            store.reset_resource(name)
            st.session_state.pop("pending_reset", None)
            _after_resource(
                f"已恢复「{RESOURCE_LABELS[name]}」的默认内容，分析结果会随之更新。", gen
            )
        if row.button("取消", key="res_reset_cancel"):
            st.session_state.pop("pending_reset", None)
            st.rerun()


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


def _after_resource(msg: str, gen: int) -> None:
    st.session_state["res_msgs"] = [("success", msg)]
    st.session_state["res_gen"] = gen + 1  # reload every editor from the store
    st.rerun()


# ---------------------------------------------------------------- backup tab


def backup_tab(store: CorpusStore, can_write: bool) -> None:
    """Download the whole corpus as one archive; import an archive into this store."""
    for kind, msg in st.session_state.pop("backup_msgs", []):
        getattr(st, kind)(plain(msg))
    live, trash = len(_live(store)), len(_trashed(store))
    edited = [RESOURCE_LABELS.get(n, n) for n in store.resource_overrides()]
    st.markdown("**导出备份**")
    st.caption(
        f"当前语料：{live} 份报告，回收站 {trash} 份；已修改的资源："
        f"{'、'.join(edited) if edited else '无'}。备份是一个 .zip 文件，包含全部报告原文、元数据、"
        "回收站和修改过的词典，可在另一台电脑上导入。"
    )
    st.download_button(
        "下载备份（.zip）",
        data=lambda: archive.export_archive(store),
        file_name=archive.archive_name(),
        mime="application/zip",
        key="backup_download",
        icon=":material/download:",
        on_click="ignore",
    )
    st.divider()
    st.markdown("**导入备份**")
    if not can_write:
        _need_password("导入备份")
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

        msgs: list[tuple[str, str]] = []
        try:
            result = archive.import_archive(store, up.getvalue(), resources=with_res, progress=cb)
        except AnalysisError as exc:
            msgs.append(("error", exc.message))
        else:
            msgs.append(("success", result.summary()))
            msgs += [("warning", m) for m in (*result.failed, *result.resource_problems)]
        bar.empty()
        st.session_state["backup_msgs"] = msgs
        st.session_state["backup_gen"] = gen + 1
        st.rerun()


# ---------------------------------------------------------------- page

st.title("数据管理")
store = common.get_store()
can_write = admin_gate()
tab_upload, tab_meta, tab_res, tab_backup = st.tabs(
    ["上传报告", "报告元数据", "词典与资源", "备份与迁移"]
)
with tab_upload:
    upload_tab(store, can_write)
with tab_meta:
    metadata_tab(store, can_write)
with tab_res:
    resources_tab(store, can_write)
with tab_backup:
    backup_tab(store, can_write)
