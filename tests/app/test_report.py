"""报告详情 page: report picker (and preselection from other pages), every tab, the jump to a place
in the text, safe rendering of user text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

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
    at.radio(key="rp_kw_method").set_value("TextRank").run()
    assert not at.exception
    at = show_tab(at, "原文与主题")
    assert any("-background[" in md.value for md in at.markdown)


def test_preselected_report_and_measure_toggle(sample_db):
    at = open_page(report_id=3)
    assert at.selectbox(key="report_id").value == 3
    only = len(table_with(at, "举措"))
    at.toggle(key="rp_only_measures").set_value(False).run()
    assert not at.exception
    assert len(table_with(at, "举措")) >= only


def test_query_link_jumps_to_the_hit(sample_db):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.query_params["id"] = "2"
    at.query_params["pos"] = "500"
    at.query_params["len"] = "4"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="report_id").value == 2
    assert at.session_state["rp_tab"] == "原文与主题"
    jump = next(md.value for md in at.markdown if "**:orange-background[" in md.value)
    assert jump.startswith("…")
    at.button(key="rp_jump_close").click().run()
    assert not at.exception
    assert not any("**:orange-background[" in md.value for md in at.markdown)


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
    body = next(md.value for md in at.markdown if "三会一课" in md.value)
    assert "\\<script\\>" in body and "<script>" not in body
    assert re.search(r"(?<!\\)\*", body) is None  # every * of the text escaped (no bold)
    assert "\\:red\\[假高亮\\]" in body
    assert "\\[链接\\]\\(http\\:\\/\u2060\\/x\\)" in body  # escaped, and never autolinked


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
