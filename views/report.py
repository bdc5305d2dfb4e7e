"""报告详情: one report — outline, measures, indicators, formulations, keywords, and its text with
theme hits highlighted (user text always escaped; only our own highlight markup is Markdown).
The picker lists the filtered reports from the stored facts; only the chosen report's analysis
is loaded (views/overview_data.py), never the whole corpus."""

from __future__ import annotations

import streamlit as st

from analysis.core import escape
from analysis.core.facts import count_practices
from analysis.core.models import Analysis
from analysis.corpus.aggregates import Overview
from analysis.corpus.loading import Corpus
from analysis.corpus.report_view import metadata_line, picker_labels
from analysis.output.labels import label
from analysis.service import (
    confidence_badge,
    failure_message,
    low_confidence_warning,
    original_writing,
    read_by_ocr,
)
from views import (
    compare_export,
    data,
    flows,
    nearest,
    overlap_data,
    overview_data,
    report_tabs,
    report_text,
    selection,
    theme_data,
    widgets,
)

TABS = ("大纲与举措", "数字指标", "提法", "关键词", flows.TEXT_TAB)


def header(corpus: Corpus, rid: int, a: Analysis) -> None:
    """Metadata line and counts of the chosen report; how it was read (OCR, original writing)."""
    row = corpus.reports.loc[rid].to_dict()
    st.caption(escape.markdown(metadata_line(row)))
    ocr, confidence = read_by_ocr(row)
    originals = original_writing(row)
    if ocr or originals:
        left, right = st.columns([3, 1], vertical_alignment="center")
        if ocr:
            left.badge(confidence_badge(confidence), icon=":material/document_scanner:")
        if originals:
            with right.popover("原文写法", icon=":material/translate:", width="stretch"):
                st.caption("这份报告原文是繁体字，以下是原文中的写法：")
                for key, value in originals.items():
                    st.markdown(f"**{label(key)}**：{escape.markdown(value)}")

    warning = low_confidence_warning(confidence)
    if warning:
        st.warning(warning, icon=":material/warning:")
    cols = st.columns(5)
    cols[0].metric("字数", f"{a.chars:,}", border=True)
    cols[1].metric("举措", count_practices(a.structure.measures), border=True)
    cols[2].metric("数字指标", len(a.indicators), border=True)
    cols[3].metric("提法", len(a.formulations), border=True)
    cols[4].metric("脱敏标记", a.cleaned.redactions, border=True)
    notes = []
    if a.cleaned.traditional:
        notes.append("原文含繁体字，已转换为简体后分析。")
    if a.cleaned.captions:
        notes.append(f"已排除 {len(a.cleaned.captions)} 行图片说明、来源等非正文内容。")
    if notes:
        st.caption(" ".join(notes))
    if a.failed:
        st.warning(failure_message(a), icon=":material/warning:")


def word_draft(corpus: Corpus, rid: int) -> None:
    """This report's analysis as a Word draft in 公文 format (the builder every draft shares)."""
    from analysis.output.briefing import build_briefing
    from analysis.output.word_drafts import report_docx

    def build(progress) -> bytes:
        b = build_briefing(corpus.subset([rid]), data.get_texts(), report_ids=[rid])
        return report_docx(b.sections[0], progress)

    name = widgets.safe_name(f"报告分析_{corpus.label(rid)}") + ".docx"
    compare_export.build_button("Word 分析", build, name, compare_export.DOCX_MIME, "rp_docx")


def choose_report(ov: Overview) -> int:
    """The report picker (preselected from a link or another page); the chosen report's id."""
    ids = ov.ids
    flows.report_from_link(ids)
    labels = picker_labels(Corpus(ov.facts, {}, ov.key))
    return selection.select(
        st,
        "选择报告",
        ids,
        selection.REPORT_KEY,
        format_func=labels.__getitem__,
        persist_state="session",
    )


st.title("报告详情")
ov = overview_data.overview()  # the filtered reports' facts: no analysis decoded for the list
if not overview_data.empty(ov):
    rid = choose_report(ov)
    corpus = overview_data.reports_corpus([rid])  # this report's analysis only, on demand
    a = corpus.analyses[rid]
    d = theme_data.get_theme_dictionary()
    frames = overview_data.theme_frames([rid], d)
    header(corpus, rid, a)
    word_draft(corpus, rid)
    nearest.section(corpus.label(rid), key="rp_near")
    overlap_data.open_button(rid)
    tabs = st.tabs(TABS, key="rp_tab", on_change="rerun")
    with tabs[0]:
        if tabs[0].open:
            report_tabs.outline_tab(corpus, rid, a, frames["measures"])
    with tabs[1]:
        if tabs[1].open:
            report_tabs.indicators_tab(corpus, rid)
    with tabs[2]:
        if tabs[2].open:
            report_tabs.formulations_tab(a, ov.formulations())
    with tabs[3]:
        if tabs[3].open:
            report_tabs.keywords_tab(corpus, a, rid)
    with tabs[4]:
        if tabs[4].open:
            report_text.text_tab(corpus, rid, frames["scores"], frames["evidence"], d)
