"""The app as a user meets it, in headless Chromium: every scenario ends with a checked screenshot.

One server and one tab for the session; the scenarios run in file order (the uploads come last,
so the earlier ones see the five sample reports).
"""

from __future__ import annotations

import re

import pytest
from pptx import Presentation

from tests.e2e.helpers import (
    ARTIFACTS,
    FIRST_LOAD_MS,
    choose,
    go_to,
    grid_rows,
    grid_text,
    manage_upload,
    open_page,
    rerun,
    shoot,
    slide_position,
    wait_for_app,
)
from tests.fixtures import make_docx, make_png, make_txt

pytestmark = pytest.mark.e2e

PAGES = [
    ("概览", "overview"),
    ("报告详情", "report"),
    ("主题探索", "themes"),
    ("关键词检索", "search"),
    ("趋势", "trends"),
    ("相似支部", "similar"),
    ("雷同检测", "overlap"),
    ("支部对比", "compare"),
    ("汇报模式", "present"),
    ("数据管理", "manage"),
]

BRANCH_A, BRANCH_B = "兴城投资党支部", "会堂礼宾服务党支部"
DOCX_BLOCKS = (
    (1, "滨江社区党委2024年度党建工作总结"),
    "2024年，滨江社区党委坚持以党建引领基层治理，扎实推进各项工作。",
    (2, "一、主要做法"),
    "一是严格落实“三会一课”制度，全年召开支委会12次、党员大会4次。",
    "二是开展主题党日活动10次，组织党员志愿服务150余人次。",
    (2, "二、存在问题"),
    "党员教育管理方式还不够灵活，青年党员参与度有待提高。",
)
GBK_TEXT = (
    "东湖物业党支部2024年党建工作报告\n"
    "一、工作开展情况\n"
    "（一）加强政治建设。支部坚持“第一议题”制度，全年组织集中学习16次。\n"
    "（二）规范组织生活。严格落实“三会一课”，开展主题党日活动12次，发展党员2名。\n"
    "二、下一步工作打算\n"
    "持续推进党建与物业服务深度融合，打造“红色物业”服务品牌。\n"
)


def test_deep_link_on_fresh_server(context, base_url):
    """A bookmarked page URL, opened first after a (re)start, gets the app's sidebar and filters.

    Runs first on the fresh server: with a `pages/` folder beside app.py, Streamlit would run a
    deep-linked page on its own (legacy multipage mode); the page scripts live in views/ for that.
    """
    page = context.new_page()
    try:
        open_page(page, base_url, "/report", "报告详情", timeout=FIRST_LOAD_MS)
        shoot(page, "00_deep_link_report")
        links = page.get_by_test_id("stSidebarNavLink").all_inner_texts()
        # each link reads "<material icon name>\n<title>"
        assert [t.strip().splitlines()[-1] for t in links] == [title for title, _ in PAGES]
        assert page.get_by_test_id("stSidebar").get_by_text("筛选").is_visible()
    finally:
        page.close()


def test_opens_on_sample_corpus(app):
    page = app
    go_to(page, "概览")
    metric = page.get_by_test_id("stMetric").filter(has_text="报告").first
    assert "5 份" in metric.inner_text()
    assert grid_rows(page, "支部") == 5
    assert "兴城投资党支部" in grid_text(page, "支部")
    shoot(page, "01_sample_corpus")


@pytest.mark.parametrize(("title", "name"), PAGES, ids=[n for _, n in PAGES])
def test_every_page_renders(app, title, name):
    go_to(app, title)
    shoot(app, f"02_page_{name}")


def test_search_shows_kwic_lines(app):
    page = app
    go_to(page, "关键词检索")
    box = page.get_by_label("检索词或短语")
    box.fill("三会一课")
    rerun(page, lambda: box.press("Enter"))
    hits = page.get_by_test_id("stMetric").filter(has_text="命中次数").first
    assert int(re.sub(r"\D", "", hits.get_by_test_id("stMetricValue").inner_text())) > 0
    assert grid_rows(page, "检索词") > 0
    assert "三会一课" in grid_text(page, "检索词")
    shoot(page, "03_search_kwic")


def test_compare_two_branches_and_download_pptx(app):
    page = app
    go_to(page, "支部对比")
    choose(page, "A 方", BRANCH_A)
    choose(page, "B 方", BRANCH_B)
    main = page.get_by_test_id("stMain")
    assert main.get_by_text(f"A 方：{BRANCH_A}").first.is_visible()
    assert main.get_by_text(f"B 方：{BRANCH_B}").first.is_visible()
    assert page.get_by_test_id("stMetric").filter(has_text="总体相似度").first.is_visible()
    shoot(page, "04_compare_overall")

    rerun(page, page.get_by_role("tab", name="词语").click)
    assert page.get_by_test_id("stImage").count() == 2  # one word cloud per side
    shoot(page, "04_compare_words")

    rerun(page, page.get_by_role("tab", name="导出").click)
    rerun(page, page.get_by_role("button", name="生成 PPT").click)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 PPT").click()
    download = info.value
    assert download.suggested_filename.endswith(".pptx")
    path = ARTIFACTS / "compare.pptx"
    download.save_as(path)
    deck = Presentation(str(path))
    assert len(deck.slides) > 1
    text = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert BRANCH_A in text and BRANCH_B in text
    shoot(page, "04_compare_export")


def test_presentation_mode_and_back(app):
    page = app
    go_to(page, "汇报模式")
    shoot(page, "05_present_configure")
    rerun(page, page.get_by_role("button", name="开始汇报").click)
    wait_for_app(page)
    assert not page.get_by_test_id("stSidebar").is_visible()  # presenting: no sidebar
    current, total = slide_position(page)
    assert current == 1 and total > 2
    shoot(page, "05_present_slide1")

    rerun(page, page.get_by_role("button", name="下一页").click)
    assert slide_position(page) == (2, total)
    rerun(page, lambda: page.keyboard.press("ArrowRight"))  # the keyboard works too
    assert slide_position(page) == (3, total)
    shoot(page, "05_present_slide3")

    rerun(page, page.get_by_role("button", name="退出汇报模式").click)
    wait_for_app(page, "汇报模式")
    assert page.get_by_test_id("stSidebar").is_visible()
    assert page.get_by_role("button", name="开始汇报").is_visible()
    shoot(page, "05_present_back")


def test_upload_docx_and_gbk_txt(app):
    page = app
    files = [
        {
            "name": "滨江社区党委2024年工作总结.docx",
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "buffer": make_docx(blocks=DOCX_BLOCKS),
        },
        {
            "name": "东湖物业党支部2024年报告.txt",
            "mimeType": "text/plain",
            "buffer": make_txt(GBK_TEXT, encoding="gbk"),
        },
    ]
    manage_upload(page, files)
    save = page.get_by_role("button", name=re.compile(r"保存 2 份报告"))
    rerun(page, save.click)
    assert page.get_by_text(re.compile(r"已保存 2 份报告")).first.is_visible()
    shoot(page, "06_upload_saved")

    go_to(page, "概览")
    assert grid_rows(page, "支部") == 7
    assert "7 份" in page.get_by_test_id("stMetric").filter(has_text="报告").first.inner_text()
    shoot(page, "06_upload_overview_7")


def test_upload_broken_file_shows_chinese_error(app):
    page = app
    manage_upload(
        page,
        [{"name": "损坏的报告.docx", "mimeType": "application/octet-stream", "buffer": make_png()}],
    )
    assert page.get_by_text(re.compile(r"失败 1")).first.is_visible()
    reasons = grid_text(page, "原因", containing="损坏的报告.docx")
    assert "失败" in reasons
    # a picture named .docx is read by its content: OCR finds no text in it, and says so
    assert "图片文件" in reasons and "没有在图片文件" in reasons
    shoot(page, "07_upload_broken")
