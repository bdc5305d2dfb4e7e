"""数据管理 › 上传报告: upload many reports; preview results and metadata; save; show the final
per-file table."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from analysis.core import escape
from analysis.output.labels import label, labelled, labelled_config, unlabelled
from analysis.service import KINDS, CorpusStore, max_file_bytes, uploads
from views import admin, overlap_data, widgets

REASON_COLUMNS = labelled_config(  # of uploads.RESULT_COLUMNS, for a file not added
    {
        "file": st.column_config.TextColumn(width="medium"),
        "status": st.column_config.TextColumn(width="small"),
        "reason": st.column_config.TextColumn(width="large"),
    }
)


def progress_cb(bar, verb: str) -> Callable[[int, int, str], None]:
    """A progress callback drawing on `bar`."""

    def cb(done: int, total: int, name: str) -> None:
        label = f"{verb} {done}/{total}" + (f"：{name}" if name else "")
        bar.progress(min(max(done / total, 0.0), 1.0) if total else 1.0, escape.markdown(label))

    return cb


def scan_page(bar, name: str, page: int, pages: int) -> None:
    """Page progress of a scan read by OCR, drawn on `bar` ("正在识别《扫描.pdf》第 2/5 页")."""
    label = f"正在识别《{name}》第 {page}/{pages} 页" if pages else f"正在识别《{name}》…"
    bar.progress(min(page / pages, 1.0) if pages else 0.0, text=escape.markdown(label))


def upload_tab(store: CorpusStore, can_write: bool) -> None:
    """Upload many reports; preview results and metadata; save; show the final per-file table."""
    done = st.session_state.get("upload_done")
    if done:
        _show_upload_result(done)
    if not can_write:
        admin.need_password("上传报告")
        return
    st.caption(
        "支持 .txt（UTF-8 / GBK / UTF-16）、.docx、.pdf（扫描件自动 OCR）、.doc / .wps / .rtf / .odt（需安装 LibreOffice）、"
        f".jpg / .png / .tif 图片（OCR），以及把它们打包的 .zip；单个文件不超过 {max_file_bytes() / 2**20:g} MB。"
        "同样内容的报告只保存一份；同一份扫描件再次上传不会重新识别。"
    )
    gen = st.session_state.get("upload_gen", 0)
    files = st.file_uploader(
        "选择报告文件（可多选）",
        # No `type=`: Streamlit would refuse other files in English; our readers say why in Chinese.
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
    """Read only the newly added files (progress per file, per page of a scan); the batch is
    rebuilt each run. Files read stay cached in this session by their upload id (and OCR'd text
    in the store by the file's hash), so one more file does not re-read the others."""
    cache: dict[str, list[uploads.Item]] = st.session_state.setdefault("upload_cache", {})
    new = [f for f in files if f.file_id not in cache]
    if new:
        bar = st.progress(0.0, text="正在读取文件…")
        show, pages = progress_cb(bar, "正在读取"), partial(scan_page, bar)
        for n, f in enumerate(new):  # scans are left for OCR: every other file is read first
            show(n, len(new), f.name)
            cache[f.file_id] = uploads.read_upload(f.name, f.getvalue(), store, ocr=False)
        for f in new:
            if any(i.status == uploads.SCAN for i in cache[f.file_id]):
                pages(f.name, 0, 0)
                cache[f.file_id] = uploads.read_scans_of(cache[f.file_id], store, pages)
        bar.empty()
    for stale in set(cache) - {f.file_id for f in files}:
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
    ready = labelled(uploads.editable_frame(items))
    edited = None
    if len(ready):
        st.markdown("**待保存的报告**（保存前可以直接在表格中修改支部、单位、年份、类型、标题）")
        st.caption("请先选好全部文件再修改：增减文件后表格会重新生成。")
        edited = st.data_editor(
            ready,
            hide_index=True,
            width="stretch",
            key=f"upload_editor_{gen}_{_digest(ready[label('file')])}",
            disabled=[label("file")],
            column_config={"年份": widgets.year_column(), "类型": widgets.kind_column(list(KINDS))},
        )
    others = uploads.results_frame([i for i in items if i.status != "ready"])
    if len(others):
        st.markdown("**未添加的文件**")
        shown, md = labelled(others[["file", "status", "reason"]]), escape.markdown
        st.dataframe(shown, hide_index=True, width="stretch", column_config=REASON_COLUMNS)
        with st.expander("查看完整原因", icon=":material/info:"):
            for row in others.itertuples():
                st.markdown(f"- **{md(row.file)}**（{md(row.status)}）：{md(row.reason)}")
    if edited is None:
        st.info("没有可保存的新报告。")
        return
    save = f"保存 {len(ready)} 份报告"
    if st.button(save, type="primary", key="upload_save", icon=":material/save:"):
        bar = st.progress(0.0, text="正在保存…")
        metas = uploads.metas_from_frame(unlabelled(edited, uploads.EDIT_COLUMNS))
        result = uploads.commit_batch(store, items, metas, progress_cb(bar, "正在保存"))
        bar.empty()
        overlap_data.ensure_rows()  # 雷同检测's stored pairs and shares for the reports saved
        st.session_state["upload_done"] = result
        st.session_state.pop("upload_cache", None)
        st.session_state["upload_gen"] = gen + 1  # a fresh, empty uploader
        st.rerun()


def _show_upload_result(items: list[uploads.Item]) -> None:
    counts = uploads.summary(items)
    saved = counts["added"] + counts["restored"]
    msg = f"已保存 {saved} 份报告。{_counts_line(items)}。"
    (st.success if saved else st.warning)(msg, icon=":material/task_alt:")
    frame = labelled(uploads.results_frame(items))
    widgets.show_table(frame, "上传结果", key="upload_result", column_config=REASON_COLUMNS)
