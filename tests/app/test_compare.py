"""支部对比 page: two samples chosen, every tab, the threshold, term contexts, groups, A == B,
exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

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
    assert list(numbers.columns[:4]) == ["类别", "单位", A, B]
    assert numbers[A].str.contains("已脱敏").any()  # sample 000 redacts its figures
    show_tab(at, "提法")
    text = markdown_text(at)
    assert "双方共有（" in text and "仅后勤集团\\*公司支部（" in text
    show_tab(at, "导出")
    labels = [b.label for b in at.button]
    assert {"生成 PPT", "生成 Excel", "生成 HTML"} <= set(labels)


def test_threshold_moves_and_is_kept(sample_db):
    at = show_tab(open_page(), "举措")
    pairs_before = int(at.metric[0].value.split()[0])
    at.slider(key="cmp_threshold").set_value(0.1).run()
    assert not at.exception
    pairs_after = int(at.metric[0].value.split()[0])
    assert pairs_after > pairs_before
    show_tab(at, "总体")
    assert "阈值 0.10" in markdown_text(at)
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
