"""支部对比 › 导出: PowerPoint, Excel and HTML of the current comparison, built on demand with a
progress bar, then offered for download."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import streamlit as st

from analysis.corpus.compare.comparison import Comparison
from analysis.output.gongwen import Signature
from views import widgets
from views.compare_notes import names_note

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Progress = Callable[[int, int], None]
# One office and date for every Word draft of the session (both export forms share these keys).
OFFICE_KEY, DATE_KEY, RECIPIENT_KEY = "draft_office", "draft_date", "draft_recipient"


def signature_fields() -> Signature | None:
    """落款单位, 成文日期 and 主送 of the Word drafts; None (with an error) for a bad date."""
    from analysis.output.gongwen import chinese_date, draft_date

    if DATE_KEY not in st.session_state:
        st.session_state[DATE_KEY] = chinese_date(_dt.date.today())
    c1, c2, c3 = st.columns(3)
    office = c1.text_input(
        "落款单位（Word）", key=OFFICE_KEY, max_chars=40, placeholder="如：中共××委员会组织部"
    )
    date = c2.text_input("成文日期（Word）", key=DATE_KEY, max_chars=20)
    recipient = c3.text_input("主送（Word，可空）", key=RECIPIENT_KEY, max_chars=40)
    try:
        draft_date(date)
    except ValueError as exc:
        st.error(str(exc))
        return None
    return Signature(office, date, recipient)


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

    st.markdown(
        "导出当前对比（含当前的做法阈值）：**PPT** 含标题页、用词、主题、举措、数字、提法和小结，"
        "图表为可编辑的原生图表；**Excel** 含全部表格；**HTML** 可离线打开；"
        "**Word** 是公文格式的对比分析初稿，可直接修改。"
        "做法配对分“共有的做法”和“可能相近的做法”两档，与本页相同。"
    )
    names_note(c)
    stem = widgets.safe_name(f"支部对比_{c.label_a}_vs_{c.label_b}")
    sig = signature_fields()
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
        if sig is not None:
            docx = f"{stem}.docx"
            build_button("Word", lambda p: _word(c, sig, p), docx, DOCX_MIME, "cmp_docx")


def _word(c: Comparison, sig: Signature, progress: Progress) -> bytes:
    """The comparison's Word draft, with both sides' problems and plans and the 落款."""
    from analysis.output.word_report import corpus_comparison_docx
    from views import data

    return corpus_comparison_docx(c, data.get_corpus(), sig, progress)
