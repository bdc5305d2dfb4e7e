"""汇报模式 page: configure, start, next, previous, exit on the sample corpus; the briefing export."""

from __future__ import annotations

from pathlib import Path

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
PAGE = "views/present.py"


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if " / " in m.value and m.value.startswith("**"))


def css_injected(at: AppTest) -> bool:
    return any('[data-testid="stSidebar"]' in m.value for m in at.markdown)


def test_start_next_previous_exit(sample_db):
    at = open_page()
    assert at.title[0].value == "汇报模式"
    assert not css_injected(at)
    # a short sequence: KPIs, the heatmap, one comparison
    at.multiselect(key="pm_views").set_value(["kpis", "heatmap", "comparison"]).run()
    at.button(key="pm_start").click().run()
    assert not at.exception, at.exception
    assert css_injected(at)
    # two views + the screens of one comparison (7 parts; long tables split, no empty screen)
    total = int(counter(at).strip("*").split(" / ")[1])
    assert total >= 2 + 6
    assert counter(at) == f"**1 / {total}**"
    assert at.title[0].value == "语料概览"
    assert at.button(key="pm_prev").disabled
    at.button(key="pm_next").click().run()
    assert not at.exception
    assert counter(at) == f"**2 / {total}**" and at.title[0].value == "主题热力图"
    at.button(key="pm_next").click().run()
    assert not at.exception
    assert "总体相似度" in at.title[0].value
    assert at.get("plotly_chart")
    at.button(key="pm_prev").click().run()
    assert counter(at) == f"**2 / {total}**"
    at.button(key="pm_exit").click().run()
    assert not at.exception
    assert not css_injected(at)
    assert at.title[0].value == "汇报模式"
    # the selections survived presenting
    assert at.multiselect(key="pm_views").value == ["kpis", "heatmap", "comparison"]


def test_walks_the_default_sequence_to_the_end(sample_db):
    at = open_page()
    at.button(key="pm_start").click().run()
    total = int(counter(at).strip("*").split(" / ")[1])
    assert total >= 10
    for _ in range(total - 1):
        at.button(key="pm_next").click().run()
        assert not at.exception, at.exception
    assert counter(at) == f"**{total} / {total}**"
    assert at.button(key="pm_next").disabled


def test_nothing_chosen_cannot_start(sample_db):
    at = open_page()
    at.multiselect(key="pm_views").set_value([]).run()
    assert at.button(key="pm_start").disabled


def test_briefing_export(sample_db):
    at = open_page()
    at.button(key="pm_build_xlsx").click().run()
    assert not at.exception, at.exception
    assert [d.proto.label for d in at.get("download_button")] == ["下载 Excel"]


def test_hostile_branch_title_and_theme_render_inert(isolated_db):
    """Issue 16 hole 6 on 汇报模式: every slide's title, caption, lines and figure show the
    planted Markdown, KaTeX and HTML escaped."""
    plant(isolated_db)
    at = open_page()
    at.multiselect(key="pm_views").set_value(
        ["kpis", "heatmap", "keywords", "formulations", "measures", "comparison"]
    )
    at.multiselect(key="pm_reports").set_value([1, 3])
    at.selectbox(key="pm_cmp_a").set_value(f"branch:{BRANCH_A}")
    at.multiselect(key="pm_cmp_b").set_value([f"branch:{BRANCH_B}"])
    at.run()
    assert not at.exception, at.exception
    assert live_markdown(at) == []  # the slide preview lists the hostile titles
    at.button(key="pm_start").click().run()
    total = int(counter(at).strip("*").split(" / ")[1])
    seen_md, seen_fig = [], []
    for k in range(total):
        assert not at.exception, at.exception
        assert live_markdown(at) == [], counter(at)
        assert live_figure_text(at) == [], counter(at)
        seen_md += markdown_strings(at)
        seen_fig += figure_strings(at)
        if k < total - 1:
            at.button(key="pm_next").click().run()
    assert any(ESCAPED_MD in s for s in seen_md)
    assert any(ESCAPED_HTML in s for s in seen_fig)


def test_keyword_screen_follows_the_org_names_switch(sample_db):
    """Organization names are out of the keyword screen by default; the sidebar's switch keeps
    them (and the screen says which)."""
    at = open_page()
    at.multiselect(key="pm_views").set_value(["keywords"]).run()
    at.button(key="pm_start").click().run()
    assert not at.exception, at.exception
    assert at.caption[0].value.endswith("（不含机构名称）")
    at.toggle(key="org_names").set_value(True).run()
    assert not at.exception, at.exception
    assert at.caption[0].value.endswith("（含机构名称）")
