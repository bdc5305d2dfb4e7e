"""组织名录与待确认: edit, import and export the roster; settle the reports whose branch is unsure.

Saving the roster or settling a review relabels the reports at once (metadata only, no analysis).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.escape import markdown
from analysis.core.models import AnalysisError
from analysis.output.spreadsheet import csv_bytes, workbook_bytes
from analysis.service import CorpusStore, roster_file, rosters

MAX_SHOWN = 30  # review rows shown at once; the rest follow as these are settled


def section(store: CorpusStore, can_write: bool) -> None:
    """The roster editor and the review queue, under the metadata table."""
    for kind, msg in st.session_state.pop("roster_msgs", []):
        getattr(st, kind)(markdown(msg))
    st.subheader("组织名录")
    frame = roster_file.roster_frame(rosters.load_roster(store))
    st.caption(
        f"共 {len(frame)} 个组织。报告的支部按名录匹配（名称、别名/简称、常见写法）；"
        "修改名录后各报告立即重新标注，不重新分析。"
    )
    if can_write:
        _editor(store, frame)
        _import(store)
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
    _export(frame)
    _queue(store, can_write, list(frame["名称"]))


def _done(kind: str, msg: str) -> None:
    st.session_state.setdefault("roster_msgs", []).append((kind, msg))
    st.session_state["roster_gen"] = st.session_state.get("roster_gen", 0) + 1
    st.rerun()


def _run(action, ok: str) -> None:
    """Run a roster change; its Chinese error or its result becomes the message after rerun."""
    try:
        changed = action()
    except AnalysisError as exc:
        _done("error", exc.message)
    else:
        _done("success", ok + (f"，{changed} 份报告已重新标注" if changed else "") + "。")


def _editor(store: CorpusStore, frame: pd.DataFrame) -> None:
    gen = st.session_state.get("roster_gen", 0)
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"roster_editor_{gen}",
        # A new row starts empty, not with the grid's "None" placeholder.
        column_config={c: st.column_config.TextColumn(default="") for c in frame.columns},
    )
    st.caption("在最后的空行中输入即可新增一个组织；别名可填多个，用「；」或「、」分隔。")
    if st.button("保存名录", key="roster_save", icon=":material/save:"):
        _run(
            lambda: rosters.save_roster(store, roster_file.roster_from_frame(edited)), "名录已保存"
        )


def _import(store: CorpusStore) -> None:
    gen = st.session_state.get("roster_gen", 0)
    up = st.file_uploader(
        "导入名录（.xlsx 或 .csv，表头：名称、上级党组织、类型、别名；导入后替换当前名录）",
        type=["xlsx", "csv"],
        key=f"roster_upload_{gen}",
    )
    if up is not None and st.button("导入并替换名录", key="roster_import"):
        _run(lambda: rosters.import_roster(store, up.name, up.getvalue()), f"已导入「{up.name}」")


def _export(frame: pd.DataFrame) -> None:
    left, right = st.columns(2)
    left.download_button(
        "导出名录（Excel）",
        workbook_bytes({"组织名录": frame}),
        file_name="组织名录.xlsx",
        key="roster_xlsx",
    )
    right.download_button(
        "导出名录（CSV）", csv_bytes(frame), file_name="组织名录.csv", key="roster_csv"
    )


def _queue(store: CorpusStore, can_write: bool, names: list[str]) -> None:
    """Reports whose branch waits for a person: accept, pick an entry, or add a new one."""
    queue = rosters.review_queue(store)
    st.subheader(f"待确认（{len(queue)}）")
    if queue.empty:
        st.caption("没有待确认的报告。")
        return
    st.caption(
        "识别出的支部名称不在名录中，或与名录的对应不确定，或文中证据不足而未填写（见「可能是」）。"
        "确认后同名的后续报告会自动匹配。"
    )
    if not can_write:
        st.dataframe(queue.drop(columns=["id"]), hide_index=True, width="stretch")
        return
    for row in queue.head(MAX_SHOWN).itertuples(index=False):
        _review_row(store, row, names)


def _review_row(store: CorpusStore, row, names: list[str]) -> None:
    rid, guess = int(row[0]), str(row[3])
    with st.container(border=True):
        st.markdown(
            f"**{markdown(row[2] or row[1])}** · 识别为「{markdown(guess or '（未识别）')}」"
            + (f" · 可能是：{markdown(row[5])}" if row[5] else "")
        )
        c1, c2, c3 = st.columns([1, 2, 2])
        if guess and c1.button("确认", key=f"rv_ok_{rid}", help="识别结果正确，保持不变"):
            _run(lambda: rosters.accept_guess(store, rid), f"已确认「{guess}」")
        suggested = [n for n in str(row[5]).split("、") if n in names]
        options = suggested + [n for n in names if n not in suggested]
        pick = c2.selectbox("归入名录中的组织", options, key=f"rv_pick_{rid}", index=None)
        if pick and c2.button("归入", key=f"rv_assign_{rid}"):
            _run(lambda: rosters.assign_entry(store, rid, pick), f"已归入「{pick}」并记为别名")
        first = str(row[5]).split("、")[0]  # no sure guess: the first candidate to start from
        new = c3.text_input("或新增组织", value=guess or first, key=f"rv_new_{rid}")
        if c3.button("新增到名录", key=f"rv_add_{rid}"):
            _run(lambda: rosters.add_entry(store, rid, new), f"已新增「{new}」")
