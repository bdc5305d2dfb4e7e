"""支部对比 page: two samples chosen, every tab, the threshold, term contexts, groups, A == B,
exports."""

from __future__ import annotations

import io
import json
from pathlib import Path, PurePosixPath

import openpyxl
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from streamlit.testing.v1 import AppTest, app_test

from tests.app.downloads_check import KeptMediaFiles
from tests.app.injection import (
    BRANCH_A,
    BRANCH_B,
    ESCAPED_HTML,
    ESCAPED_MD,
    figure_strings,
    live_figure_text,
    live_markdown,
    markdown_strings,
    plant,
)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/compare.py"
TABS = ["总体", "词语", "主题", "举措", "数字", "提法", "导出"]
A, B = "后勤集团*公司支部", "兴城投资党支部"


def open_page(a: str | None = A, b: str | None = B) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    if a is not None:
        at.selectbox(key="cmp_a_branch").set_value(a)
    if b is not None:
        at.selectbox(key="cmp_b_branch").set_value(b)
    at.run()
    assert not at.exception, at.exception
    return at


def show_tab(at: AppTest, tab: str) -> AppTest:
    at.session_state["cmp_tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def frame_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_two_samples_overall(sample_db):
    at = open_page()
    assert at.title[0].value == "支部对比"
    assert at.radio(key="cmp_by").value == "branch"
    text = markdown_text(at)
    # sides in their colours (user text escaped), the summary built from the figures
    assert ":red[**后勤集团\\*公司支部**]" in text and ":blue[**兴城投资党支部**]" in text
    assert "总体相似度为" in text and "更侧重" in text
    sim = at.metric[0]
    assert sim.label == "总体相似度" and 0 < float(sim.value) < 1
    assert at.get("plotly_chart")  # the similarity parts


def test_default_sides_differ(sample_db):
    at = open_page(None, None)
    assert at.selectbox(key="cmp_a_branch").value != at.selectbox(key="cmp_b_branch").value


def test_every_tab_renders(sample_db):
    at = open_page()
    for tab in TABS:
        show_tab(at, tab)
    show_tab(at, "词语")
    assert len(at.get("image")) == 2  # two word clouds
    assert len(at.get("plotly_chart")) == 2  # diverging bars + scatter
    show_tab(at, "主题")
    top = frame_with(at, "差值(A-B)")
    assert len(top) > 0 and f"{A}证据" in top.columns
    show_tab(at, "数字")
    numbers = frame_with(at, "类别")
    assert list(numbers.columns[:5]) == ["类别", "对象", "单位", A, B]  # what is counted
    assert numbers[A].str.contains("已脱敏").any()  # sample 000 redacts its figures
    # every figure redacted: the total reads 已脱敏 (never 0, and not — which means none)
    assert (numbers.loc[numbers[A].str.startswith("已脱敏"), f"{A}合计"] == "已脱敏").all()
    assert not numbers[f"{A}合计"].astype(str).str.fullmatch(r"\d+\.0").any()  # 22, never 22.0
    show_tab(at, "提法")
    text = markdown_text(at)
    assert "双方共有（" in text and "仅后勤集团\\*公司支部（" in text
    show_tab(at, "导出")
    labels = [b.label for b in at.button]
    assert {"生成 PPT", "生成 Excel", "生成 HTML"} <= set(labels)


def pair_count(at: AppTest) -> int:
    """Pairs of both tiers, as the 举措 tab's two metrics count them."""
    return sum(int(m.value.split()[0]) for m in at.metric[:2])


def test_threshold_moves_and_is_kept(sample_db):
    at = show_tab(open_page(), "举措")
    pairs_before = pair_count(at)
    at.slider(key="cmp_threshold").set_value(0.1).run()
    assert not at.exception
    pairs_after = pair_count(at)
    assert pairs_after > pairs_before
    show_tab(at, "总体")
    assert "阈值为 0.10" in markdown_text(at)
    show_tab(at, "举措")
    assert at.slider(key="cmp_threshold").value == pytest.approx(0.1)


def pick_term(at: AppTest, term: str) -> AppTest:
    """A typed term (accept_new_options) set through session state; AppTest can only set a
    selectbox to a listed option, so the term is set while the picker is not drawn."""
    show_tab(at, "总体")
    at.session_state["cmp_term"] = term
    return show_tab(at, "词语")


def test_term_contexts_in_both_sides(sample_db):
    at = pick_term(open_page(), "党员")
    assert at.selectbox(key="cmp_term").value == "党员"
    contexts = [df.value for df in at.dataframe if "词" in df.value.columns]
    assert len(contexts) == 2  # A and B both use 党员
    assert all((df["词"] == "党员").all() for df in contexts)
    at = pick_term(at, "红色管家")  # only in A
    assert "没有出现。" in [c.value for c in at.caption]
    assert len([df for df in at.dataframe if "词" in df.value.columns]) == 1


def test_groups_by_year(sample_db):
    at = open_page()
    at.radio(key="cmp_by").set_value("year").run()
    assert not at.exception
    assert at.selectbox(key="cmp_a_year").value == 2022
    assert at.selectbox(key="cmp_b_year").value == 2023
    text = markdown_text(at)
    assert "2022年与2023年的总体相似度为" in text
    assert "4 份报告" in " ".join(c.value for c in at.caption)


def test_same_side_on_both_sides(sample_db):
    at = open_page(A, A)
    assert float(at.metric[0].value) == pytest.approx(1.0)
    assert any("同一组报告" in i.value for i in at.info)
    show_tab(at, "词语")
    assert any("没有区分词" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1  # the scatter only, no diverging bars


def test_export_builds_then_offers_download(sample_db):
    at = show_tab(open_page(), "导出")
    at.button(key="cmp_xlsx_build").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["下载 Excel"]


def test_hostile_branch_title_and_theme_render_inert(isolated_db):
    """Issue 16 hole 6: Markdown images/links, KaTeX and HTML links in branch, title and theme
    names are escaped in every Markdown string and every figure of every tab."""
    plant(isolated_db)
    at = open_page(BRANCH_A, BRANCH_B)
    seen_md, seen_fig = [], []
    for tab in TABS:
        show_tab(at, tab)
        assert live_markdown(at) == [], tab
        assert live_figure_text(at) == [], tab
        seen_md += markdown_strings(at)
        seen_fig += figure_strings(at)
        if tab == "主题":  # the evidence expanders are labelled with the hostile theme
            assert any(ESCAPED_MD in e.label for e in at.expander)
    assert any(ESCAPED_MD in s for s in seen_md)  # the planted text reached the page, escaped
    assert any(ESCAPED_HTML in s for s in seen_fig)


# ---------------------------------------------------------------------------------------------
# Issue 22: plain Chinese with the methods in one expander, tiers of pairs, the org-name switch
# ---------------------------------------------------------------------------------------------

METHODS_LABEL = "方法说明"
# Method names and jargon a user must meet only inside the 方法说明 expander.
JARGON = ("n-gram", "TF-IDF", "Jaccard", "NMF", "TextRank", "Monroe", "对数优势", "余弦", "每万词")
ORG_A, ORG_B = "**楼宇综合党委", "×××××公司党委"
ORG_TERM = "楼宇综合党委"  # A's own name: a term of its report, no finding


def page_texts(at: AppTest) -> tuple[list[str], list[str]]:
    """(strings inside the 方法说明 expander, every other string the page shows): Markdown,
    captions, labels, help texts, table headers and figure strings."""
    from google.protobuf.message import Message
    from streamlit.testing.v1.element_tree import Expander

    from tests.app.rendered import _strings, chart_texts

    inside: list[str] = []
    outside: list[str] = chart_texts(at)
    outside += [str(col) for df in at.dataframe for col in df.value.columns]

    def walk(node, into: list[str]) -> None:
        if isinstance(node, Expander) and node.label == METHODS_LABEL:
            into = inside
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message) and not getattr(node, "children", None):
            into += [s for s in _strings(proto) if s]
        for child in getattr(node, "children", {}).values():
            walk(child, into)

    walk(at._tree, outside)
    outside += [str(e.label) for e in at.expander if e.label != METHODS_LABEL]
    return inside, outside


def test_methods_only_in_their_expander(sample_db):
    at = open_page()
    seen_inside, seen_outside = [], []
    for tab in TABS:
        inside, outside = page_texts(show_tab(at, tab))
        seen_inside += inside
        seen_outside += outside
        bad = [s for s in outside if any(j in s for j in JARGON)]
        assert bad == [], (tab, bad)
    assert [e.label for e in at.expander].count(METHODS_LABEL) == 1
    methods = "\n".join(seen_inside)
    for name in ("对数优势比", "TF-IDF", "余弦", "Jaccard", "匈牙利算法", "每万字"):
        assert name in methods, name
    # every chart is followed by its plain sentence; units are 每万字 everywhere
    shown = "\n".join(seen_outside)
    for sentence in ("z 值超过", "每个点是一个词", "平均每一万个字里有几句", "只比项数"):
        assert sentence in shown, sentence
    assert "每万字" in shown and "每万词" not in shown


def test_practice_pairs_in_two_tiers(sample_db):
    at = open_page()
    summary = markdown_text(at)
    at = show_tab(at, "举措")
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["共有的做法", "可能相近的做法"]
    strong, possible = (int(m.value.split()[0]) for m in at.metric[:2])
    tables = [df.value for df in at.dataframe if "判断" in df.value.columns]
    shown = {t: sum(int((df["判断"] == t).sum()) for df in tables) for t in labels[:2]}
    assert shown == {"共有的做法": strong, "可能相近的做法": possible}  # counts = lists
    assert possible > 0 and all(df["相似度"].between(0.25, 1).all() for df in tables)
    assert all(df["相似度"].max() < 0.5 for df in tables if (df["判断"] == "可能相近的做法").all())
    subheads = [h.value for h in at.subheader]
    assert f"共有的做法（{strong} 对）" in subheads
    assert f"可能相近的做法（{possible} 对）" in subheads
    assert f"可能相近的做法（{possible} 对" in summary  # the summary says the same count
    assert ("双方共有的做法（" in summary) == (strong > 0)


def distinctive_terms(at: AppTest) -> set[str]:
    """The terms the 词语 tab's full table marks as leaning to a side (|z| beyond the bar)."""
    words = frame_with(at, "倾向")
    return set(words.loc[words["倾向"] != "", "词语"])


def test_org_name_switch_changes_distinctive_terms(sample_db):
    at = show_tab(open_page(ORG_A, ORG_B), "词语")
    assert not at.toggle(key="org_names").value  # off by default
    terms = distinctive_terms(at)
    assert terms and ORG_TERM not in terms and not any("公司" in t for t in terms)
    assert ORG_TERM not in page_texts(at)[1]  # not a bar label either
    assert any("默认不计入" in c.value for c in at.caption)
    at.toggle(key="org_names").set_value(True).run()
    assert not at.exception, at.exception
    assert ORG_TERM in distinctive_terms(at)  # the switch brings the name back
    assert any("已打开" in c.value for c in at.caption)
    assert ORG_TERM in page_texts(at)[1]  # now a bar of the chart


def export_bytes(at: AppTest, key: str) -> bytes:
    """Build the export `key` (cmp_xlsx, cmp_pptx, cmp_html) and return the file offered."""
    at.button(key=f"{key}_build").click().run()
    assert not at.exception, at.exception
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(f"-{key}_download"))
    mgr = KeptMediaFiles.last
    assert mgr is not None
    url = button.proto.url or mgr.execute_deferred(button.proto.deferred_file_id)
    return mgr._storage.get_file(PurePosixPath(url).name).content  # type: ignore[attr-defined]


def xlsx_distinctive(data: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book["区分词"].iter_rows(values_only=True))
    term, lean = rows[0].index("词语"), rows[0].index("倾向")
    return {str(r[term]) for r in rows[1:] if r[lean]}


def pptx_bar_terms(data: bytes) -> set[str]:
    """The categories of every bar chart in the deck (the 用词差异 slide's terms)."""
    deck = Presentation(io.BytesIO(data))
    return {
        str(cat)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
        for cat in shape.chart.plots[0].categories
    }


def test_exports_leave_org_names_out_by_default(sample_db, monkeypatch):
    monkeypatch.setattr(app_test, "MediaFileManager", KeptMediaFiles)
    at = show_tab(open_page(ORG_A, ORG_B), "导出")
    assert any("默认不计入" in c.value for c in at.caption)
    book = export_bytes(at, "cmp_xlsx")
    assert ORG_TERM not in xlsx_distinctive(book)
    notes = openpyxl.load_workbook(io.BytesIO(book), read_only=True)["说明"]
    assert any("默认不计入" in str(r[1]) for r in notes.iter_rows(values_only=True))
    deck = export_bytes(at, "cmp_pptx")
    assert pptx_bar_terms(deck) and ORG_TERM not in pptx_bar_terms(deck)
    html = export_bytes(at, "cmp_html").decode("utf-8")
    quoted = {f'"{ORG_TERM}"', json.dumps(ORG_TERM)}  # a bar label in the figure's JSON
    assert not any(q in html for q in quoted) and "可能相近" in html
    at.toggle(key="org_names").set_value(True).run()
    assert ORG_TERM in xlsx_distinctive(export_bytes(at, "cmp_xlsx"))  # the switch reaches it
