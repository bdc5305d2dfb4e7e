"""汇报模式 › 导出汇报材料: PPT / Excel / HTML of the corpus overview, the chosen reports and the
chosen comparisons, gathered and written with one progress bar."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis.output.briefing import DEFAULT_TITLE, build_briefing
from views import data, filters, widgets
from views import present_state as state
from views.compare_export import DOCX_MIME, PPTX_MIME, XLSX_MIME, signature_fields


def _build_briefing(corpus, reports, pairs, title: str, label: str, export: Callable) -> bytes:
    """Gather the briefing, then export it, with one progress bar over both steps."""
    bar = st.progress(0.0, text=f"正在准备 {label}…")
    comparisons = []
    for k, (a, b) in enumerate(pairs, start=1):
        bar.progress(0.2 * k / max(len(pairs), 1), text=f"正在对比 {k}/{len(pairs)}…")
        c = state.compare_keys(corpus, a, b)
        if c is not None:
            comparisons.append(c)

    def gather(done: int, total: int) -> None:
        bar.progress(0.2 + 0.2 * done / max(total, 1), text=f"正在汇总语料… {done}/{total}")

    def write(done: int, total: int) -> None:
        bar.progress(0.4 + 0.6 * done / max(total, 1), text=f"正在生成 {label}… {done}/{total}")

    b = build_briefing(
        corpus,
        data.get_texts(),
        reports,
        comparisons,
        officialese=filters.officialese_on(),
        org_names=filters.org_names_on(),
        title=title,
        progress=gather,
    )
    payload = export(b, write)
    bar.empty()
    return payload


def briefing_exports(corpus, reports: list[int], pairs: list[tuple[str, str]]) -> None:
    """PPT / Excel / HTML of the corpus overview + the chosen reports and comparisons."""
    from analysis.output.briefing_slides import briefing_deck
    from analysis.output.export_html import briefing_html
    from analysis.output.export_xlsx import briefing_workbook
    from analysis.output.word_report import analysis_report_docx

    st.subheader("导出汇报材料")
    st.caption(
        f"内容：语料概览（当前筛选下 {len(corpus.ids)} 份报告）+ 上面选择的 {len(reports)} 份报告"
        f" + {len(pairs)} 组对比。PPT 图表为可编辑的原生图表；HTML 可离线打开；Excel 每个表格一页；"
        "Word 是公文格式的综合分析报告初稿（范围即侧边栏的筛选）。"
    )
    st.text_input("标题", key=state.TITLE_KEY, max_chars=60)
    sig = signature_fields()
    title = st.session_state.get(state.TITLE_KEY) or DEFAULT_TITLE
    stem = widgets.safe_name(title)
    formats: tuple[tuple[str, Callable[..., bytes], str, str], ...] = (
        ("PPT", briefing_deck, ".pptx", PPTX_MIME),
        ("Excel", briefing_workbook, ".xlsx", XLSX_MIME),
        ("HTML", lambda b, p: briefing_html(b, p).encode("utf-8"), ".html", "text/html"),
        (
            "Word",
            lambda b, p: analysis_report_docx(b, progress=p, signature=sig),
            ".docx",
            DOCX_MIME,
        ),
    )
    if sig is None:  # a bad date: no Word draft until it is corrected
        formats = formats[:-1]
    for col, (label, export, ext, mime) in zip(st.columns(len(formats)), formats, strict=True):
        with col:
            if st.button(f"生成 {label}", key=f"pm_build_{ext[1:]}", icon=":material/build:"):
                payload = _build_briefing(corpus, reports, pairs, title, label, export)
                st.download_button(
                    f"下载 {label}",
                    payload,
                    file_name=f"{stem}{ext}",
                    mime=mime,
                    key=f"pm_download_{ext[1:]}",
                    type="primary",
                    icon=":material/download:",
                    on_click="ignore",
                )
