"""支部对比 › 导出: PowerPoint, Excel and HTML of the current comparison, built on demand with a
progress bar, then offered for download."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis.corpus.compare.comparison import Comparison
from views import widgets
from views.compare_notes import names_note

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Progress = Callable[[int, int], None]


def build_button(
    label: str, build: Callable[[Progress], bytes], file_name: str, mime: str, key: str
) -> None:
    """A build button: on click, build with a progress bar, then offer the file to download."""
    if not st.button(f"生成 {label}", key=f"{key}_build", icon=":material/build:"):
        return
    bar = st.progress(0.0, text=f"正在生成 {label}…")

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"正在生成 {label}… {done}/{total}")

    data = build(progress)
    bar.empty()
    st.download_button(
        f"下载 {label}",
        data,
        file_name=file_name,
        mime=mime,
        key=f"{key}_download",
        type="primary",
        icon=":material/download:",
        on_click="ignore",
    )


def export_tab(c: Comparison) -> None:
    """PowerPoint, Excel and HTML of this comparison, built on demand."""
    from analysis.output.comparison_slides import comparison_deck
    from analysis.output.export_html import comparison_html
    from analysis.output.export_xlsx import comparison_workbook
    from analysis.output.word_report import comparison_docx

    st.markdown(
        "导出当前对比（含当前的做法阈值）：**PPT** 含标题页、用词、主题、举措、数字、提法和小结，"
        "图表为可编辑的原生图表；**Excel** 含全部表格；**HTML** 可离线打开；"
        "**Word** 是公文格式的对比分析初稿，可直接修改。"
        "做法配对分“共有的做法”和“可能相近的做法”两档，与本页相同。"
    )
    names_note(c)
    stem = widgets.safe_name(f"支部对比_{c.label_a}_vs_{c.label_b}")
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        build_button("PPT", lambda p: comparison_deck(c, p), f"{stem}.pptx", PPTX_MIME, "cmp_pptx")
    with c2:
        xlsx = f"{stem}.xlsx"
        build_button("Excel", lambda p: comparison_workbook(c, p), xlsx, XLSX_MIME, "cmp_xlsx")
    with c3:

        def html(progress: Progress) -> bytes:
            return comparison_html(c, progress).encode("utf-8")

        build_button("HTML", html, f"{stem}.html", "text/html", "cmp_html")
    with c4:
        docx = f"{stem}.docx"
        build_button("Word", lambda p: comparison_docx(c, p), docx, DOCX_MIME, "cmp_docx")
