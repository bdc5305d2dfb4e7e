"""汇报模式: choose a sequence of views, then present them one per screen (sidebar and Streamlit
chrome hidden, large fonts, projector palette, previous/next), and export the briefing
(PPT / Excel / HTML of the corpus overview, the chosen reports and comparisons).

Session state holds only the selections (pm_*), whether presenting, and the slide index. The CSS
injected while presenting is a constant of this file: no user text ever goes into it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.corpus import tables
from analysis.corpus.search import escape_markdown
from analysis.output import presentation as pres
from analysis.output.briefing import DEFAULT_TITLE, build_briefing
from views import common

ACTIVE, SLIDE = "pm_active", "pm_slide"
VIEWS_KEY, REPORTS_KEY, SIDE_A_KEY, SIDE_B_KEY = "pm_views", "pm_reports", "pm_cmp_a", "pm_cmp_b"
TITLE_KEY = "pm_title"
SELECTIONS = (VIEWS_KEY, REPORTS_KEY, SIDE_A_KEY, SIDE_B_KEY, TITLE_KEY)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# Presentation look: hide the sidebar and Streamlit's header/toolbar, use the full width, fonts
# about 1.4x. Static CSS only.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], header, footer { display: none !important; }
html { font-size: 140%; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2.5rem 1rem; }
[data-testid="stMain"] h1 { color: #B00020; font-size: 2.3rem; padding: 0 0 .2rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1rem; color: #444; }
[data-testid="stMain"] li { font-size: 1.05rem; line-height: 1.55; }
</style>
"""

# Selections are widgets that are not drawn while presenting; re-assigning them keeps them.
for _key in SELECTIONS:
    if _key in st.session_state:
        st.session_state[_key] = st.session_state[_key]


def compare_keys(corpus, key_a: str, key_b: str):
    """The cached comparison of two side keys within `corpus` (None when a side is empty)."""
    ia, ib = pres.side_ids(corpus.reports, key_a), pres.side_ids(corpus.reports, key_b)
    if not ia or not ib:
        return None
    return common.get_comparison(ia, ib, pres.side_name(key_a), pres.side_name(key_b))


def sources(corpus) -> pres.Sources:
    """Slide data from the page caches."""
    d = common.get_theme_dictionary()

    def measures(rid: int) -> pd.DataFrame:
        m = common.theme_tables([rid], d)["measures"]  # built for this report only
        return m[(m[tables.ID] == rid) & (m["类型"] == "举措")]

    return pres.Sources(
        corpus=corpus,
        theme_names=tuple(d.names),
        theme_scores=lambda: common.theme_tables(corpus.ids, d)["scores"],
        keywords=lambda: common.corpus_keywords(corpus.ids, common.officialese_on()),
        formulations=lambda: common.formulations(corpus),
        measures=measures,
        compare=lambda a, b: compare_keys(corpus, a, b),
        officialese=common.officialese_on(),
    )


def selections(corpus) -> tuple[list[str], list[int], list[tuple[str, str]]]:
    """The chosen views, reports and comparison pairs (invalid leftovers dropped)."""
    ss = st.session_state
    views = [v for v in ss.get(VIEWS_KEY, []) if v in pres.VIEWS]
    reports = [r for r in ss.get(REPORTS_KEY, []) if r in corpus.analyses]
    sides = pres.side_options(corpus.reports)
    a = ss.get(SIDE_A_KEY)
    pairs = [(a, b) for b in ss.get(SIDE_B_KEY, []) if a in sides and b in sides]
    return views, reports, pairs


def _defaults(corpus) -> None:
    """First-visit selections; stale ones (deleted reports, filtered-out sides) cleaned up."""
    ss = st.session_state
    ids = [int(i) for i in corpus.ids]
    sides = pres.side_options(corpus.reports)
    ia, ib = pres.default_pair(sides)
    ss.setdefault(VIEWS_KEY, list(pres.DEFAULT_VIEWS))
    ss.setdefault(REPORTS_KEY, ids[:1])
    ss.setdefault(SIDE_A_KEY, sides[ia] if sides else None)
    ss.setdefault(SIDE_B_KEY, sides[ib : ib + 1] if sides else [])
    ss.setdefault(TITLE_KEY, DEFAULT_TITLE)
    ss[REPORTS_KEY] = [r for r in ss[REPORTS_KEY] if r in corpus.analyses]
    if ss[SIDE_A_KEY] not in sides:
        ss[SIDE_A_KEY] = sides[ia] if sides else None
    ss[SIDE_B_KEY] = [b for b in ss[SIDE_B_KEY] if b in sides]


def _go(index: int) -> None:
    st.session_state[SLIDE] = index


def _start() -> None:
    st.session_state[ACTIVE] = True
    st.session_state[SLIDE] = 0


def _stop() -> None:
    st.session_state[ACTIVE] = False


def configure(corpus) -> None:
    """The configure step: which views, which reports, which comparisons; then start."""
    st.caption(
        "选好要展示的内容后点「开始汇报」：侧边栏和控件隐藏，字号放大，每屏一张图；"
        "用「上一页 / 下一页」按钮或键盘 ← / → 翻页，Esc 或「退出汇报模式」返回。"
    )
    _defaults(corpus)
    st.multiselect(
        "汇报内容（按选择的顺序播放）",
        list(pres.VIEWS),
        format_func=pres.VIEWS.get,
        key=VIEWS_KEY,
        placeholder="选择要展示的内容",
    )
    views = st.session_state[VIEWS_KEY]
    labels = {rid: f"{corpus.label(rid)}（{rid}）" for rid in corpus.ids}
    sides = pres.side_options(corpus.reports)
    c1, c2, c3 = st.columns([2, 1, 2])
    c1.multiselect(
        "展示举措的报告",
        [int(i) for i in corpus.ids],
        format_func=labels.get,
        key=REPORTS_KEY,
        disabled="measures" not in views,
        help="「某报告的举措」：每份报告的主要举措，每页 8 项",
    )
    c2.selectbox(
        "对比：A 方",
        sides,
        format_func=pres.side_text,
        key=SIDE_A_KEY,
        disabled="comparison" not in views,
    )
    c3.multiselect(
        "对比：B 方（可多选，每个与 A 对比一次）",
        sides,
        format_func=pres.side_text,
        key=SIDE_B_KEY,
        disabled="comparison" not in views,
    )
    views, reports, pairs = selections(corpus)
    plan = pres.plan_slides(views, corpus, reports, pairs)
    if plan:
        with st.expander(f"预览：共 {len(plan)} 页", icon=":material/list:"):
            st.markdown("\n".join(f"1. {escape_markdown(s.title)}" for s in plan))
    st.button(
        "开始汇报",
        type="primary",
        icon=":material/slideshow:",
        on_click=_start,
        disabled=not plan,
        key="pm_start",
    )
    st.divider()
    briefing_exports(corpus, reports, pairs)


def briefing_exports(corpus, reports: list[int], pairs: list[tuple[str, str]]) -> None:
    """PPT / Excel / HTML of the corpus overview + the chosen reports and comparisons."""
    from analysis.output.export_html import briefing_html
    from analysis.output.export_pptx import briefing_deck
    from analysis.output.export_xlsx import briefing_workbook

    st.subheader("导出汇报材料")
    st.caption(
        f"内容：语料概览（当前筛选下 {len(corpus.ids)} 份报告）+ 上面选择的 {len(reports)} 份报告"
        f" + {len(pairs)} 组对比。PPT 图表为可编辑的原生图表；HTML 可离线打开；Excel 每个表格一页。"
    )
    st.text_input("标题", key=TITLE_KEY, max_chars=60)
    title = st.session_state.get(TITLE_KEY) or DEFAULT_TITLE
    stem = common.safe_name(title)
    formats = (
        ("PPT", briefing_deck, ".pptx", PPTX_MIME),
        ("Excel", briefing_workbook, ".xlsx", XLSX_MIME),
        ("HTML", lambda b, p: briefing_html(b, p).encode("utf-8"), ".html", "text/html"),
    )
    cols = st.columns(len(formats))
    for col, (label, export, ext, mime) in zip(cols, formats, strict=True):
        with col:
            if st.button(f"生成 {label}", key=f"pm_build_{ext[1:]}", icon=":material/build:"):
                data = _build_briefing(corpus, reports, pairs, title, label, export)
                st.download_button(
                    f"下载 {label}",
                    data,
                    file_name=f"{stem}{ext}",
                    mime=mime,
                    key=f"pm_download_{ext[1:]}",
                    type="primary",
                    icon=":material/download:",
                    on_click="ignore",
                )


def _build_briefing(corpus, reports, pairs, title: str, label: str, export: Callable) -> bytes:
    """Gather the briefing, then export it, with one progress bar over both steps."""
    bar = st.progress(0.0, text=f"正在准备 {label}…")
    comparisons = []
    for k, (a, b) in enumerate(pairs, start=1):
        bar.progress(0.2 * k / max(len(pairs), 1), text=f"正在对比 {k}/{len(pairs)}…")
        c = compare_keys(corpus, a, b)
        if c is not None:
            comparisons.append(c)

    def gather(done: int, total: int) -> None:
        bar.progress(0.2 + 0.2 * done / max(total, 1), text=f"正在汇总语料… {done}/{total}")

    def write(done: int, total: int) -> None:
        bar.progress(0.4 + 0.6 * done / max(total, 1), text=f"正在生成 {label}… {done}/{total}")

    b = build_briefing(
        corpus,
        common.get_texts(),
        reports,
        comparisons,
        officialese=common.officialese_on(),
        title=title,
        progress=gather,
    )
    data = export(b, write)
    bar.empty()
    return data


def present(corpus) -> None:
    """One slide per screen with previous / next / exit."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    views, reports, pairs = selections(corpus)
    plan = pres.plan_slides(views, corpus, reports, pairs)
    if not plan:
        _stop()
        st.rerun()
    i = pres.clamp_index(st.session_state.get(SLIDE, 0), len(plan))
    st.session_state[SLIDE] = i
    with st.spinner("正在准备这一页…"):
        slide = pres.build_slide(plan[i], sources(corpus))
    st.title(escape_markdown(slide.title))
    if slide.subtitle:
        st.caption(escape_markdown(slide.subtitle))
    if slide.figure is not None:
        common.show_chart(slide.figure, slide.name or slide.title)
    if len(slide.images) == 1:  # 16:9 at full width is taller than the screen: keep it centred
        caption, build = slide.images[0]
        _, mid, _ = st.columns([1, 3, 1])
        mid.image(build(), caption=caption, width="stretch", output_format="PNG")
    elif slide.images:
        cols = st.columns(len(slide.images))
        for col, (caption, build) in zip(cols, slide.images, strict=True):
            col.image(build(), caption=caption, width="stretch", output_format="PNG")
    if slide.lines:
        st.markdown("\n".join(f"- {escape_markdown(s)}" for s in slide.lines))
    nav = st.columns([1.2, 0.8, 1.2, 2.4, 1.8], vertical_alignment="center")
    nav[0].button(
        "上一页",
        icon=":material/arrow_back:",
        on_click=_go,
        args=(i - 1,),
        disabled=i == 0,
        key="pm_prev",
        shortcut="Left",
        width="stretch",
    )
    nav[1].markdown(f"**{i + 1} / {len(plan)}**")
    nav[2].button(
        "下一页",
        icon=":material/arrow_forward:",
        on_click=_go,
        args=(i + 1,),
        disabled=i >= len(plan) - 1,
        key="pm_next",
        type="primary",
        shortcut="Right",
        width="stretch",
    )
    nav[4].button(
        "退出汇报模式",
        icon=":material/close:",
        on_click=_stop,
        key="pm_exit",
        shortcut="Esc",
        width="stretch",
    )


_corpus = common.filtered_corpus()
if st.session_state.get(ACTIVE) and len(_corpus.ids):
    present(_corpus)
else:
    st.session_state[ACTIVE] = False
    st.title("汇报模式")
    if not common.empty_state():
        configure(_corpus)
