"""Every Word draft converted to PDF by LibreOffice and read page by page (issue 26): the four
sections, 落款 and date, no table header alone at a page bottom, no page holding only one chart,
对象 in every number table, no excerpt ending mid-sentence."""

from __future__ import annotations

import pytest

from analysis.core.models import Extracted
from analysis.core.resources import default_texts
from analysis.corpus.compare.comparison import compare_sides
from analysis.corpus.loading import ensure_samples, load_corpus, resource_texts
from analysis.output.briefing import build_briefing, unnamed_names
from analysis.output.digest import outline_items
from analysis.output.gongwen import Signature
from analysis.output.word_drafts import comparison_docx, report_docx
from analysis.output.word_report import analysis_report_docx
from analysis.store.database import CorpusStore
from tests.word_pdf import SECTIONS, SKIP_REASON, SOFFICE, problems, read_pages, to_pdf

pytestmark = pytest.mark.skipif(SOFFICE is None, reason=SKIP_REASON)

OFFICE, DATE = "中共示例区委组织部", "2026年12月7日"
SIGNATURE = Signature(OFFICE, "2026-12-07", "各基层党组织")

# Two branches with problems and plans, many figures (a number table over a page), long practices.
REPORT_A = """甲社区党支部2023年度党建工作总结
一、主要做法
（一）强化理论武装。一是坚持“三会一课”制度，全年开展主题党日12次，组织党员集中学习24次，撰写心得体会36篇。二是开展专题党课6次，覆盖党员58名。
（二）服务群众。开展志愿服务活动30次，走访慰问困难群众40户，解决群众急难愁盼问题15件，发放慰问金2.6万元。
（三）深化党建业务融合，服务中心工作。支部围绕社区治理重点任务，设立党员先锋岗8个，组建党员突击队3支，推动老旧小区改造项目4个如期完工，惠及居民1200户。支部书记带头领办项目，班子成员分片包干，形成了党建引领、多方参与的工作格局。
二、存在问题
一是理论学习不够深入。二是党员作用发挥不够充分。
三、下一步打算
一是加强理论学习。二是深化志愿服务。
"""
REPORT_B = """乙村党支部2023年度党建工作总结
一、主要做法
（一）抓实理论学习。一是落实“三会一课”，全年开展主题党日10次，组织集中学习18次。二是举办读书班2期，参训党员45名。
（二）为民办实事。开展志愿服务活动20次，走访慰问困难群众*户，修缮村道3.5公里，新建文化广场1个。
（三）深化党建业务融合，服务中心工作。支部围绕社区治理重点任务，设立党员先锋岗8个，组建党员突击队3支，推动老旧小区改造项目4个如期完工，惠及居民1200户。支部书记带头领办项目，班子成员分片包干，形成了党建引领、多方参与的工作格局。
二、存在问题
一是理论学习的深度还不够。二是阵地建设相对薄弱。
三、下一步打算
一是持续加强理论学习。二是完善阵地建设。
"""


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """The analysis report of the samples and of two branches, a comparison and one report's
    draft, as Word bytes and as PDF pages."""
    out = tmp_path_factory.mktemp("drafts")
    samples = CorpusStore(out / "s.db")
    ensure_samples(samples)
    corpus = load_corpus(samples, workers=1)
    texts = resource_texts(samples)
    b = build_briefing(corpus, texts, report_ids=[corpus.ids[0]])
    pair = CorpusStore(out / "p.db")
    for name, text, branch in (
        ("a.txt", REPORT_A, "甲社区党支部"),
        ("b.txt", REPORT_B, "乙村党支部"),
    ):
        pair.add(name, Extracted(text, "txt"), {"branch": branch, "year": 2023, "kind": "年度总结"})
    two = load_corpus(pair, workers=1)
    c = compare_sides(two, (two.ids[0],), (two.ids[1],), default_texts())
    sample_pair = compare_sides(corpus, (corpus.ids[0],), (corpus.ids[2],), default_texts())
    made = {
        "分析报告_示例": analysis_report_docx(b, signature=SIGNATURE),
        "分析报告_两支部": analysis_report_docx(build_briefing(two, texts), signature=SIGNATURE),
        "对比_两支部": comparison_docx(
            c, items=outline_items(two, two.ids), signature=SIGNATURE, unnamed=unnamed_names(two)
        ),
        "对比_示例": comparison_docx(
            sample_pair,
            items=outline_items(corpus, [corpus.ids[0], corpus.ids[2]]),
            signature=SIGNATURE,
            unnamed=unnamed_names(corpus),
        ),
        "单份报告": report_docx(b.sections[0]),
    }
    paths = []
    for name, data in made.items():
        (out / f"{name}.docx").write_bytes(data)
        paths.append(out / f"{name}.docx")
    pdfs = to_pdf(paths, out)
    return {name: (made[name], read_pages(pdf)) for name, pdf in zip(made, pdfs, strict=True)}


@pytest.mark.parametrize("name", ["分析报告_示例", "分析报告_两支部", "对比_两支部", "对比_示例"])
def test_draft_reads_as_a_document(drafts, name):
    docx, pages = drafts[name]
    assert problems(docx, pages, OFFICE, DATE) == []


def test_single_report_draft_has_no_orphan_header(drafts):
    docx, pages = drafts["单份报告"]
    found = problems(docx, pages, "", "")
    assert [p for p in found if "header" in p or "对象" in p or "chart" in p] == []


def test_long_table_repeats_its_header(tmp_path):
    """A table longer than a page starts every page with its header row again (w:tblHeader)."""
    from analysis.output.gongwen import GongwenDocument
    from tests.word_pdf import _squash

    doc = GongwenDocument()
    doc.title("长表")
    header = ["类别", "对象", "单位", "甲支部", "乙支部"]
    doc.table(header, [["人员", f"对象{k}", "人", str(k), "已脱敏"] for k in range(70)])
    path = tmp_path / "长表.docx"
    path.write_bytes(doc.to_bytes())
    pages = read_pages(to_pdf([path], tmp_path)[0])
    key = _squash("".join(header))
    assert len(pages) >= 2
    assert all(key in p.text for p in pages if "对象" in p.text)
    assert problems(doc.to_bytes(), pages, "", "") == [
        f"sections missing or out of order: {dict.fromkeys(SECTIONS, -1)}"
    ]


def test_comparison_names_both_sides_problems_and_plans(drafts):
    _, pages = drafts["对比_两支部"]
    text = "".join(p.text for p in pages)
    problems_part = text[text.find("三、存在的问题") : text.find("四、下一步工作建议")]
    assert "甲社区党支部：一是理论学习不够深入" in problems_part
    assert "乙村党支部：一是理论学习的深度还不够" in problems_part
    assert "各基层党组织：" in text  # 主送


def test_sample_draft_says_no_problems_were_reported(drafts):
    _, pages = drafts["分析报告_示例"]
    text = "".join(p.text for p in pages)
    part = text[text.find("三、存在的问题") : text.find("四、下一步工作建议")]
    assert "均未单列存在的问题" in part


def _plain_docx(filler_lines: int, chart: bool) -> bytes:
    """A bare python-docx file (none of the 公文 safeguards): `filler_lines` paragraphs, then a
    table whose header can fall at a page bottom, or a page with one chart and nothing else."""
    import io

    from docx import Document
    from docx.shared import Mm

    from analysis.output.static_charts import bars_png

    doc = Document()
    for k in range(filler_lines):
        doc.add_paragraph(f"第{k}行正文。")
    if chart:
        doc.add_page_break()
        doc.add_picture(io.BytesIO(bars_png(["甲", "乙"], [1, 2], "图", "次数")), width=Mm(150))
        doc.add_page_break()
        doc.add_paragraph("结束。")
    else:
        t = doc.add_table(rows=6, cols=3)
        for c, text in enumerate(("类别", "对象", "单位")):
            t.cell(0, c).text = text
        for r in range(1, 6):
            for c in range(3):
                t.cell(r, c).text = f"数据{r}{c}"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_the_checks_catch_a_lone_header_and_a_lone_chart(tmp_path):
    """The page checks are real: a bare document with its table header on the last line of a
    page, and one with a page holding a single chart, are both reported."""
    lone_chart = _plain_docx(3, chart=True)
    docs = {"chart": lone_chart}
    # find a filler length that leaves exactly the header row at a page bottom
    for n in range(22, 30):
        docs[f"header{n}"] = _plain_docx(n, chart=False)
    paths = []
    for name, data in docs.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
        paths.append(tmp_path / f"{name}.docx")
    pdfs = dict(zip(docs, to_pdf(paths, tmp_path), strict=True))
    found_chart = problems(lone_chart, read_pages(pdfs["chart"]), "", "")
    assert any("only one chart" in p for p in found_chart), found_chart
    lone_header = [
        name
        for name in docs
        if name.startswith("header")
        and any("alone" in p for p in problems(docs[name], read_pages(pdfs[name]), "", ""))
    ]
    assert lone_header, "no filler length put the header alone at a page bottom"
