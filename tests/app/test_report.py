"""报告详情 page: report picker (and preselection from other pages), every tab, the jump to a place
in the text, safe rendering of user text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.palette import HIGHLIGHT_COLORS
from tests.app.helpers import open_app_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/report.py"
TABS = ["大纲与举措", "数字指标", "提法", "关键词", "原文与主题"]


def open_page(**state) -> AppTest:
    return open_app_page(PAGE, **state)


def show_tab(at: AppTest, tab: str) -> AppTest:
    at.session_state["rp_tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def table_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_report_page_on_samples(sample_db):
    at = open_page()
    assert at.title[0].value == "报告详情"
    picker = at.selectbox(key="report_id")
    assert picker.options and len(picker.options) == 5
    assert [m.label for m in at.metric] == ["字数", "举措", "数字指标", "提法", "脱敏标记"]
    outline = table_with(at, "大纲")
    assert outline["大纲"].iloc[0].startswith("一、")
    assert any(row.startswith("\u3000\u3000") for row in outline["大纲"])  # nested rows indented
    measures = table_with(at, "举措")
    assert set(measures["类型"]) == {"举措"}
    assert "加强组织领导" in set(measures["举措"])


def test_every_tab_renders(sample_db):
    at = open_page(report_id=4)
    assert at.selectbox(key="report_id").value == 4
    at = show_tab(at, "数字指标")
    indicators = table_with(at, "对象")
    assert {"数值", "单位", "类别"} <= set(indicators.columns)
    at = show_tab(at, "提法")
    assert "红领讲堂" in set(table_with(at, "使用报告数")["提法"])
    at = show_tab(at, "关键词")
    assert at.get("plotly_chart") and at.get("image")
    at.radio(key="rp_kw_method").set_value("按关联程度").run()
    assert not at.exception
    at = show_tab(at, "原文与主题")
    assert any('class="dj-mark"' in h for h in htmls(at))


def test_preselected_report_and_measure_toggle(sample_db):
    at = open_page(report_id=3)
    assert at.selectbox(key="report_id").value == 3
    only = len(table_with(at, "举措"))
    at.toggle(key="rp_only_measures").set_value(False).run()
    assert not at.exception
    assert len(table_with(at, "举措")) >= only


def htmls(at: AppTest) -> list[str]:
    """The bodies of the page's st.html elements."""
    return [str(h.value) for h in at.get("html")]


def jump_html(at: AppTest) -> str:
    """The jump box's text: the HTML holding the place's mark."""
    return next(h for h in htmls(at) if re.search('data-key="此[处段]"', h))


def chart_terms(at: AppTest) -> set[str]:
    """The words of the keyword bar chart."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {str(v) for trace in spec["data"] for v in trace.get("y", [])}


def test_query_link_jumps_to_the_hit(sample_db):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.query_params["id"] = "2"
    at.query_params["pos"] = "500"
    at.query_params["len"] = "4"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="report_id").value == 2
    assert at.session_state["rp_tab"] == "原文与主题"
    jump = jump_html(at)
    assert jump.startswith("<p>…</p>") and 'data-key="句"' in jump  # its sentence marked too
    at.button(key="rp_jump_close").click().run()
    assert not at.exception
    assert not any(re.search('data-key="此[处段]"', h) for h in htmls(at))


def test_theme_legend_and_distinct_colours(sample_db):
    at = show_tab(open_page(report_id=3), "原文与主题")
    chosen = at.multiselect(key="rp_hl_3").value
    assert len(chosen) == 3
    legend = next(h for h in htmls(at) if "图例" in h)
    body = max(htmls(at), key=len)
    for theme, colour in zip(chosen, HIGHLIGHT_COLORS, strict=False):
        assert f"background:{colour}" in legend and theme in legend
        assert f'data-key="{theme}" style="background:{colour}' in body
    assert not any("**" in h or "-background[" in h for h in htmls(at))
    # no space is added around a highlight: the shown text is the report's text
    text = re.sub(r"<[^>]+>", "", body.replace("</p>", "\n"))
    assert "\u201c 党建" not in text and "党建 \u201d" not in text


def test_measure_row_opens_its_place_in_the_text(sample_db):
    at = open_page(report_id=4)
    measures = table_with(at, "举措")
    at.session_state["rp_measures"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    card = next(h for h in htmls(at) if 'data-key="此段"' in h)  # a whole measure: long
    assert measures["举措"].iloc[0][:6] in card
    at.button(key="rp_measures_open").click().run()
    assert not at.exception, at.exception
    assert at.session_state["rp_tab"] == "原文与主题"
    jump = jump_html(at)
    assert "**" not in jump and measures["举措"].iloc[0][:6] in jump


def test_evidence_row_in_the_text_tab_opens_its_sentence(sample_db):
    at = show_tab(open_page(report_id=2), "原文与主题")
    evidence = table_with(at, "证据句")
    at.session_state["rp_evidence"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    at.button(key="rp_evidence_open").click().run()
    assert not at.exception, at.exception
    word = evidence["命中词"].iloc[1].split("+")[0]
    assert re.search(f'data-key="此处"[^>]*>{word}', jump_html(at))


def test_indicator_row_opens_the_number_in_its_sentence(sample_db):
    at = show_tab(open_page(report_id=4), "数字指标")
    indicators = table_with(at, "对象")
    table = next(df for df in at.dataframe if "对象" in df.value.columns)
    assert table.proto.row_height > 64  # long sentences wrap
    at.session_state["rp_indicators"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    at.button(key="rp_indicators_open").click().run()
    assert not at.exception, at.exception
    assert at.session_state["rp_tab"] == "原文与主题"
    assert f">{indicators['原文'].iloc[0]}</mark>" in jump_html(at)


def test_keywords_leave_the_branch_name_out_unless_switched_on(sample_db):
    at = show_tab(open_page(report_id=3), "关键词")
    assert "兴城" not in chart_terms(at)
    at.toggle(key="org_names").set_value(True).run()
    assert not at.exception
    assert "兴城" in chart_terms(at)


def test_user_text_is_escaped(isolated_db):
    from analysis.core.models import Extracted
    from analysis.corpus.loading import ensure_samples
    from analysis.store.database import CorpusStore

    store = CorpusStore(isolated_db)
    ensure_samples(store)
    text = (
        "测试支部工作报告\n一、主要做法\n"
        "一是落实三会一课。<script>alert(1)</script> **粗体** :red[假高亮] [链接](http://x)\n"
    )
    rid = store.add("evil.txt", Extracted(text=text, fmt="txt"), {"branch": "测试支部"}).report_id
    at = open_page(report_id=rid)
    at = show_tab(at, "原文与主题")
    body = next(h for h in htmls(at) if "三会一课" in h)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>" not in body
    assert "粗体* :red[假高亮] [链接](http://x)" in body  # as cleaned (st.html: no Markdown)
    assert re.findall(r"<(\w+)", body) and set(re.findall(r"<(\w+)", body)) <= {"p", "mark"}


TRADITIONAL = (
    "社區黨委“紅色網格”工作總結\n一、主要做法\n一是堅持“三會一課”，全年開展主題黨日12次。\n"
)


@pytest.mark.parametrize(
    ("ocr", "confidence", "originals", "badge", "warned"),
    [
        (True, 0.97, {}, "OCR 识别 · 平均置信度 97%", False),
        (True, 0.8, {}, "OCR 识别 · 平均置信度 80%", True),
        (
            False,
            None,
            {"original_title": "社區黨委“紅色網格”工作總結", "original_branch": "社區黨委"},
            "",
            False,
        ),
    ],
)
def test_header_says_how_the_report_was_read(
    isolated_db, ocr, confidence, originals, badge, warned
):
    from analysis.core.models import Extracted
    from analysis.store.database import CorpusStore

    open_page()  # the app fills the new store with the samples first
    doc = Extracted(text=TRADITIONAL, fmt="pdf", ocr=ocr, ocr_confidence=confidence)
    meta = {"title": "社区党委“红色网格”工作总结", "branch": "社区党委", **originals}
    rid = CorpusStore(isolated_db).add("扫描.pdf", doc, meta).report_id
    at = open_page(report_id=rid)
    shown = "\n".join(m.value for m in at.markdown)
    assert (badge in shown) if badge else "OCR 识别" not in shown
    warnings = [w.value for w in at.warning if "核对" in w.value]
    assert bool(warnings) is warned
    if warned:
        assert "80%" in warnings[0] and "数字" in warnings[0]
    for value in originals.values():
        assert value in shown  # in the 原文写法 popover
    assert any("原文中的写法" in c.value for c in at.caption) is bool(originals)
