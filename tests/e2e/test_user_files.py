"""Issue 26's bar, from the user's side in a real browser: upload three reports written for it
(tests/e2e/user_reports.py) through 数据管理, open 支部对比, 概览, 趋势 and 汇报模式, download the
Word drafts, and check what a meeting would catch out.

Own server on a fresh store (the samples plus these three), own tab; the steps run in file order
and share the downloaded drafts.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from tests.e2e.helpers import (
    ARTIFACTS,
    FIRST_LOAD_MS,
    choose,
    go_to,
    grid_text,
    open_page,
    rerun,
    shoot,
    wait_idle,
)
from tests.e2e.user_reports import (
    BRANCH_A,
    BRANCH_B,
    BRANCH_C,
    FILES,
    INVENTED_ORG,
    SHARED_HEADING,
)
from tests.word_pdf import SOFFICE, number_tables, problems, read_pages, to_pdf

pytestmark = pytest.mark.e2e

OFFICE, DATE_TYPED, DATE = "中共示例区委组织部", "2026-12-07", "2026年12月7日"
STRONG = "共有的做法"
DRAFTS: dict[str, bytes] = {}  # name -> the downloaded Word draft, filled by the steps


@pytest.fixture(scope="module")
def page(context, tmp_path_factory, artifacts: Path):
    """A tab on a server of its own (fresh store: the samples, then the user's three files)."""
    from tests.e2e.conftest import serve

    db = tmp_path_factory.mktemp("user_files") / "corpus.db"
    with serve(db, artifacts / "server_user_files.log") as url:
        tab = context.new_page()
        open_page(tab, url, "/", "概览", timeout=FIRST_LOAD_MS)
        try:
            yield tab
        finally:
            tab.close()


def _fill(page, label: str, value: str) -> None:
    box = page.get_by_label(label).first
    box.fill(value)
    rerun(page, lambda: box.press("Enter"))


def _signature(page) -> None:
    """The export form's 落款单位 and 成文日期 (the keys are shared by both export forms)."""
    _fill(page, "落款单位（Word）", OFFICE)
    _fill(page, "成文日期（Word）", DATE_TYPED)


def _download(page, build: str, download: str, name: str) -> bytes:
    rerun(page, page.get_by_role("button", name=build).first.click, timeout=180_000)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=download).first.click()
    path = ARTIFACTS / name
    info.value.save_as(path)
    DRAFTS[name] = path.read_bytes()
    return DRAFTS[name]


def _paragraphs(docx: bytes) -> list[str]:
    doc = Document(io.BytesIO(docx))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs if p.text.strip()] + cells


def test_upload_three_reports(page):
    from tests.e2e.helpers import manage_upload
    from tests.fixtures import make_txt

    files = [
        {"name": name, "mimeType": "text/plain", "buffer": make_txt(text)}
        for name, text in FILES.items()
    ]
    manage_upload(page, files)
    save = page.get_by_role("button", name=re.compile(r"保存 3 份报告"))
    rerun(page, save.click, timeout=120_000)
    assert page.get_by_text(re.compile(r"已保存 3 份报告")).first.is_visible()
    shoot(page, "26_upload_saved")


def test_compare_pairs_the_identical_practice_first(page):
    go_to(page, "支部对比")
    choose(page, "A 方", BRANCH_A)
    choose(page, "B 方", BRANCH_B)
    rerun(page, page.get_by_role("tab", name="举措").click)
    shoot(page, "26_compare_practices")  # the pairs are a canvas grid: checked in the draft
    rerun(page, page.get_by_role("tab", name="导出").click)
    _signature(page)
    shoot(page, "26_compare_export_form")
    docx = _download(page, "生成 Word", "下载 Word", "26_对比.docx")
    pairs = [t for t in _paragraphs(docx) if re.match(r"^[一二三四五六七八九十]+是.*相似度", t)]
    assert pairs, "the comparison draft lists no similar practices"
    first = pairs[0]
    assert first.count(f"“{SHARED_HEADING}”") == 2 and f"“{STRONG}”" in first, first
    # every 共有 pair is the identical practice: no unrelated pair is 共有
    strong = [t for t in pairs if f"“{STRONG}”" in t]
    unrelated = [t for t in strong if t.count(f"“{SHARED_HEADING}”") != 2]
    assert unrelated == [], f"unrelated pairs judged 共有: {unrelated}"


HEAT_SCALE_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
  el => (el._fullData || []).filter(t => t.type === 'heatmap').map(t => t.zmax))"""
SCALES: dict[str, list[float]] = {}  # page -> zmax of its heatmaps


def test_overview_shows_no_invented_organization(page):
    go_to(page, "概览")
    wait_idle(page)
    shoot(page, "26_overview")
    SCALES["概览"] = page.evaluate(HEAT_SCALE_JS)
    everything = page.locator("body").inner_text()
    assert INVENTED_ORG not in everything
    for branch in (BRANCH_A, BRANCH_B, BRANCH_C):
        assert branch in everything
    # the report list (a canvas grid: its accessible cells) and the sidebar's 单位 filter options
    reports = grid_text(page, "支部")
    assert BRANCH_C in reports and INVENTED_ORG not in reports
    assert not [o for o in _sidebar_options(page, "单位") if INVENTED_ORG in o]


def _sidebar_options(page, label: str) -> list[str]:
    """The options of the sidebar's multiselect `label` (opened, read, closed again)."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
    box.filter(has_text=label).first.locator("input").first.click()
    page.get_by_role("option").first.wait_for()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    wait_idle(page)
    assert options, f"the sidebar filter {label} shows no options"
    return options


def test_trend_of_a_redacted_figure_is_never_zero(page):
    """C (2023) writes 党员××名: the 2023 point of 党员 is absent or 已脱敏, never 0."""
    go_to(page, "趋势")
    rerun(page, page.get_by_role("tab", name="指标变化").click)
    choose(page, "指标", "党员（名）")
    shoot(page, "26_trends_indicator")
    series = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
             .filter(el => ((el._fullLayout || {}).title || {}).text?.includes('党员'))
             .flatMap(el => (el._fullData || []).filter(t => t.x && t.y).map(
               t => ({x: Array.from(t.x), y: Array.from(t.y)})))"""
    )
    points = [(str(x), y) for s in series for x, y in zip(s["x"], s["y"], strict=False)]
    assert points, "no 党员 series drawn"
    assert ("2023", 0) not in points and all(y != 0 for x, y in points if x.startswith("2023"))


def test_present_heatmap_uses_the_pages_scale(page):
    """汇报模式's heatmap screen colours by the same rule as 概览 (short reports left out)."""
    from tests.e2e.helpers import FIRST_LOAD_MS, slide_position, wait_for_app

    go_to(page, "汇报模式")
    rerun(page, page.get_by_role("button", name="开始汇报").click, timeout=FIRST_LOAD_MS)
    rerun(page, page.get_by_role("button", name="下一页").click)  # 1 语料概览, 2 主题热力图
    assert slide_position(page)[0] == 2
    shoot(page, "26_present_heatmap")
    scales = page.evaluate(HEAT_SCALE_JS)
    rerun(page, page.get_by_role("button", name="退出汇报模式").click)
    wait_for_app(page, "汇报模式")
    assert scales and SCALES.get("概览"), (scales, SCALES)
    assert scales[0] == pytest.approx(SCALES["概览"][0])


def test_present_word_draft(page):
    go_to(page, "汇报模式")
    _signature(page)
    shoot(page, "26_present_export_form")
    _download(page, "生成 Word", "下载 Word", "26_分析报告.docx")


@pytest.mark.parametrize("name", ["26_对比.docx", "26_分析报告.docx"])
def test_word_drafts_read_as_documents(name, tmp_path):
    """Four sections, 落款 and date, 对象 in every number table, no excerpt ending without
    。！？, no header alone at a page bottom, no page holding one chart only — checked on the
    PDF LibreOffice makes of the downloaded draft."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    docx = DRAFTS.get(name)
    assert docx is not None, f"{name} was not downloaded (see the steps above)"
    path = tmp_path / name
    path.write_bytes(docx)
    (pdf,) = to_pdf([path], tmp_path)
    pages = read_pages(pdf)
    assert problems(docx, pages, OFFICE, DATE) == []
    assert all("对象" in header for header in number_tables(docx))
    text = "\n".join(_paragraphs(docx))
    assert INVENTED_ORG not in text
    _shoot_pdf(pdf, name)


def test_redacted_figures_read_redacted_in_the_report():
    """In the analysis report's figures, C's redacted 党员 count reads 已脱敏 and no figure of C
    reads 0."""
    docx = DRAFTS.get("26_分析报告.docx")
    assert docx is not None
    doc = Document(io.BytesIO(docx))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    mine = [r for r in rows if r and r[0] == BRANCH_C]
    assert all(r[-1] != "0" for r in mine), mine
    assert any(r[1] == "党员" and r[-1] == "已脱敏" for r in mine) or not mine


def test_theme_ranking_sentence_matches_the_table():
    docx = DRAFTS.get("26_分析报告.docx")
    assert docx is not None
    doc = Document(io.BytesIO(docx))
    line = next(p.text for p in doc.paragraphs if "关注较多的是" in p.text)
    named = re.findall(r"([^、（）]+)（(\d+)个）", line.split("关注较多的是")[1].split("；")[0])
    coverage = next(t for t in doc.tables if t.rows[0].cells[0].text == "主题")
    table = [(r.cells[0].text, r.cells[1].text) for r in coverage.rows[1:]]
    assert [(t, n) for t, n in named] == table[: len(named)]


def _shoot_pdf(pdf: Path, name: str) -> None:
    """Each PDF page as a PNG beside the screenshots (to look at the draft as printed)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        for k in range(len(doc)):
            doc[k].render(scale=1).to_pil().save(ARTIFACTS / f"{Path(name).stem}_p{k + 1}.png")
    finally:
        doc.close()
