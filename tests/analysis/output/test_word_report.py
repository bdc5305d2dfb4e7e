"""Tests of the Word draft of the analysis report (analysis.output.word_report, digest, gongwen)."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from analysis.core.models import Extracted
from analysis.corpus.grouping import group_similar
from analysis.corpus.loading import ensure_samples, load_corpus, resource_texts
from analysis.corpus.tables import formulations_frame, indicators_frame
from analysis.output.briefing import build_briefing
from analysis.output.digest import build_digest
from analysis.output.draft_parts import cn_number, named
from analysis.output.word_drafts import comparison_docx, report_docx
from analysis.output.word_report import analysis_report_docx
from analysis.store.database import CorpusStore

# Problems and plans written two ways by different branches, and unrelated ones.
PARAPHRASES = [
    ("理论学习不够深入", "理论学习的深度还不够"),
    ("党建与业务融合不够", "党建和业务融合还不够紧密"),
    ("支部书记能力有待提升", "支部书记的履职能力还需进一步提升"),
    ("党员教育管理不够严格", "对党员的教育管理还不够严格"),
]
UNRELATED = [
    ("理论学习不够深入", "阵地建设相对薄弱"),
    ("组织生活质量不高", "党建品牌影响力不强"),
    ("发展党员工作不够规范", "志愿服务覆盖面较窄"),
]

REPORT_A = """甲社区党支部2023年度党建工作总结
一、主要做法
（一）强化理论武装。一是坚持“三会一课”制度，全年开展主题党日12次。二是组织党员集中学习24次。
（二）服务群众。开展志愿服务活动30次，走访慰问困难群众40户。
二、存在问题
一是理论学习不够深入。二是党员作用发挥不够充分。
三、下一步打算
一是加强理论学习。二是深化志愿服务。
"""
REPORT_B = """乙村党支部2023年度党建工作总结
一、主要做法
（一）抓实理论学习。一是落实“三会一课”，全年开展主题党日10次。二是开展集中学习18次。
（二）为民办实事。开展志愿服务活动20次，走访慰问困难群众*户。
二、存在问题
一是理论学习的深度还不够。二是阵地建设相对薄弱。
三、下一步打算
一是持续加强理论学习。二是完善阵地建设。
"""


@pytest.mark.parametrize("a,b", PARAPHRASES)
def test_paraphrased_items_fall_in_one_group(a, b):
    assert group_similar([a, "阵地建设相对薄弱", b]) == [[0, 2], [1]]


@pytest.mark.parametrize("a,b", UNRELATED)
def test_unrelated_items_stay_apart(a, b):
    assert group_similar([a, b]) == [[0], [1]]


def test_grouping_edge_cases():
    assert group_similar([]) == []
    assert group_similar(["", "。。", "理论学习"]) == [[0], [1], [2]]


@pytest.mark.parametrize("n,text", [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十")])
def test_cn_number(n, text):
    assert cn_number(n) == text


def test_named_cuts_long_lists():
    assert named(["甲", "乙"]) == "甲、乙"
    assert named([str(i) for i in range(8)]).endswith("等8个")


def _store(tmp_path, reports):
    store = CorpusStore(tmp_path / "c.db")
    for name, text, branch in reports:
        store.add(
            name, Extracted(text, "txt"), {"branch": branch, "year": 2023, "kind": "年度总结"}
        )
    return store


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    store = CorpusStore(tmp_path_factory.mktemp("s") / "c.db")
    ensure_samples(store)
    corpus = load_corpus(store, workers=1)
    b = build_briefing(corpus, resource_texts(store))
    return corpus, b, Document(io.BytesIO(analysis_report_docx(b)))


def _texts(doc) -> list[str]:
    body = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return body + cells


def test_draft_is_in_gongwen_format(sample):
    _, _, doc = sample
    s = doc.sections[0]
    mm = [round(v.mm) for v in (s.page_width, s.page_height, s.top_margin, s.bottom_margin)]
    assert mm == [210, 297, 37, 35]
    assert [round(s.left_margin.mm), round(s.right_margin.mm)] == [28, 26]
    title = doc.paragraphs[0].runs[0]
    assert title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    fonts = {}
    for p in doc.paragraphs:
        if p.runs and p.text:
            fonts.setdefault(p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")), p.text)
    assert re.match(r"[一二三四五六七八九十]+、", fonts["黑体"])
    assert re.match(r"（[一二三四五六七八九十]+）", fonts["楷体_GB2312"])
    body = next(p for p in doc.paragraphs if p.text.startswith("本次共收集"))
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    footer = s.footer.paragraphs[0]
    assert "PAGE" in footer._element.xml and footer.text.startswith("— ")
    borders = doc.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:insideV")).get(qn("w:val")) == "nil"


def _font(p) -> str:
    rpr = p.runs[0]._element.rPr if p.runs else None
    return rpr.rFonts.get(qn("w:eastAsia")) if rpr is not None and rpr.rFonts is not None else ""


def test_no_heading_without_content(sample):
    _, _, doc = sample
    paras = [p for p in doc.paragraphs if p.text.strip() or p._element.xml.count("graphic")]
    levels = [{"黑体": 1, "楷体_GB2312": 2}.get(_font(p), 9) for p in paras]
    for i, level in enumerate(levels):
        if level < 9:
            assert i + 1 < len(paras) and levels[i + 1] > level, f"empty: {paras[i].text}"


def test_numbers_equal_the_pages(sample):
    corpus, b, doc = sample
    kpi = {k.label: k.value for k in b.kpis}
    line = next(t for t in _texts(doc) if t.startswith("本次共收集"))
    m = re.search(r"收集(\d+)个基层党组织的(\d+)份报告.*?约([\d.]+)万字.*?举措(\d+)项", line)
    assert m, line
    assert m[2] == kpi["报告"] and m[3] == kpi["总字数"] and m[4] == kpi["举措"]
    assert int(m[1]) == len(b.theme_matrix.index)
    coverage = {
        r[0]: int(r[1]) for r in ([c.text for c in row.cells] for row in doc.tables[0].rows[1:])
    }
    for theme, n in coverage.items():
        assert n == int((b.theme_matrix[theme] > 0).sum())


def test_nothing_is_invented(sample):
    corpus, b, doc = sample
    text = "\n".join(_texts(doc))
    labels = set(corpus.labels.values())
    for bracket in re.findall(r"（([^（）]*)）", text):
        names = bracket.split("：")[-1].split("、")
        for name in names:
            name = re.sub(r"等\d+个$", "", name)
            if name.endswith(("支部", "党委", "党总支", "公司")) and not re.search(r"\d", name):
                assert name in labels, name
    terms = set(formulations_frame(corpus)["formulation"])
    forms = next((t for t in _texts(doc) if t.startswith("各报告使用较多的提法")), "")
    for quoted in re.findall(r"“([^”]+)”", forms):
        assert quoted in terms, quoted
    ind = indicators_frame(corpus)
    for subject, total, unit in re.findall(r"([^：；，。]+?)合计约?([\d.]+)([^（]+)（", text):
        rows = ind[(ind["subject"] == subject.strip()) & (ind["unit"] == unit) & ~ind["redacted"]]
        assert float(total) == pytest.approx(float(rows["value"].sum())), subject


def test_problems_are_grouped_and_redactions_counted(tmp_path):
    store = _store(
        tmp_path, [("a.txt", REPORT_A, "甲社区党支部"), ("b.txt", REPORT_B, "乙村党支部")]
    )
    corpus = load_corpus(store, workers=1)
    b = build_briefing(corpus, resource_texts(store))
    d = build_digest(b)
    study = [g for g in d.problems if "理论学习" in g.text]
    assert len(study) == 1 and study[0].branches == ("甲社区党支部", "乙村党支部")
    text = "\n".join(_texts(Document(io.BytesIO(analysis_report_docx(b)))))
    assert "存在的问题" in text and "2个支部提及" in text
    assert "下一步打算" in text


def test_comparison_and_single_report_drafts(sample):
    corpus, b, _ = sample
    from analysis.corpus.compare.comparison import compare_sides

    ids = corpus.ids
    c = compare_sides(corpus, (ids[0],), (ids[2],), resource_texts_of(corpus, sample))
    doc = Document(io.BytesIO(comparison_docx(c)))
    assert doc.paragraphs[0].text.startswith("关于") and "对比分析" in doc.paragraphs[0].text
    section = build_briefing(
        corpus, resource_texts_of(corpus, sample), report_ids=[ids[0]]
    ).sections[0]
    doc = Document(io.BytesIO(report_docx(section)))
    assert any(p.text.startswith("一、基本情况") for p in doc.paragraphs)


def resource_texts_of(corpus, sample):
    """The shipped resources (the sample store has no edits)."""
    from analysis.core.resources import default_texts

    return default_texts()


def test_cli_writes_the_word_drafts(tmp_path):
    from analysis.cli import main
    from analysis.core.resources import DATA_DIR

    samples = sorted(str(p) for p in (DATA_DIR / "samples").glob("*.txt"))
    out = tmp_path / "分析报告.docx"
    assert main(["brief", *samples, "--docx", str(out), "--workers", "1"]) == 0
    doc = Document(str(out))
    assert doc.paragraphs[0].text.startswith("关于") and doc.paragraphs[0].text.endswith("分析报告")
    pair = tmp_path / "对比.docx"
    sign = ["--office", "某区委组织部", "--date", "2026-12-07", "--recipient", "各党支部"]
    assert main(["compare", samples[0], "--vs", samples[2], "--docx", str(pair), *sign]) == 0
    paras = [p.text for p in Document(str(pair)).paragraphs if p.text.strip()]
    assert "对比分析" in paras[0] and paras[1] == "各党支部："
    assert paras[paras.index("某区委组织部") + 1] == "2026年12月7日"
    bad = tmp_path / "坏日期.docx"
    assert main(["brief", samples[0], "--docx", str(bad), "--date", "明天"]) != 0
    assert not bad.exists()


# ------------------------------------------------------------------ issue 26: drafts as documents


def test_ranking_sentence_reads_off_the_ranked_table(sample):
    """The opening's ranking and the coverage table agree: one sort (branches, then mean score,
    then dictionary order) used by both."""
    _, b, doc = sample
    d = build_digest(b)
    ranked = [(r.theme, r.branch_count, r.mean_score) for r in d.coverage.itertuples()]
    keys = [(-n, -score) for _, n, score in ranked]
    assert keys == sorted(keys)
    line = next(t for t in _texts(doc) if "关注较多的是" in t)
    named_top = re.findall(r"([^、（）]+)（(\d+)个）", line.split("关注较多的是")[1].split("；")[0])
    assert [(t, int(n)) for t, n in named_top] == [(t, n) for t, n, _ in ranked[:3]]
    table = [[c.text for c in row.cells] for row in doc.tables[0].rows[1:]]
    assert [r[0] for r in table] == [t for t, _, _ in ranked]


@pytest.mark.parametrize(
    ("columns", "rows", "expected"),
    [
        # equal branch counts: the higher mean score ranks first, whatever the dictionary order
        (["政治建设", "党建业务融合"], [[1.0, 5.0], [2.0, 6.0]], ["党建业务融合", "政治建设"]),
        # more branches beat a higher score
        (["理论学习", "品牌创建"], [[1.0, 0.0], [1.0, 90.0]], ["理论学习", "品牌创建"]),
        # a full tie keeps the dictionary order
        (["甲", "乙"], [[1.0, 1.0]], ["甲", "乙"]),
    ],
)
def test_theme_coverage_has_one_tie_break(columns, rows, expected):
    from types import SimpleNamespace

    import pandas as pd

    from analysis.output.digest import theme_coverage

    matrix = pd.DataFrame(rows, columns=columns, index=[f"支部{k}" for k in range(len(rows))])
    assert list(theme_coverage(SimpleNamespace(theme_matrix=matrix))["theme"]) == expected


UNNAMED_TEXT = REPORT_A.split("\n", 1)[1]  # no title line, no branch anywhere


def test_unnamed_report_reads_as_unnamed_once(tmp_path):
    """A report with no branch is named 「未署名报告（文件名）」 in the draft, never by its bare
    label (报告N) or file name."""
    store = CorpusStore(tmp_path / "c.db")
    store.add("001_c036426d61770ccd.txt", Extracted(UNNAMED_TEXT, "txt"), {"year": 2023})
    store.add("b.txt", Extracted(REPORT_B, "txt"), {"branch": "乙村党支部", "year": 2023})
    corpus = load_corpus(store, workers=1)
    b = build_briefing(corpus, resource_texts(store))
    (label,) = b.unnamed
    wrapped = "未署名报告（001_c036426d61770ccd）"
    assert b.unnamed[label] == wrapped
    text = "\n".join(_texts(Document(io.BytesIO(analysis_report_docx(b)))))
    assert wrapped in text
    assert text.count("001_c036426d61770ccd") == text.count(wrapped)
    assert not re.search(rf"(?<![\w（]){re.escape(label)}(?![\d])", text.replace(wrapped, ""))


def test_formulations_are_not_a_practice_category(sample):
    """Practice categories (1. 2. … under （一）主要做法) are themes; 常用提法 is a sibling heading."""
    _, b, doc = sample
    paras = [p.text for p in doc.paragraphs]
    h2 = [t for t in paras if re.match(r"^（[一二三四五六七八九十]+）", t)]
    h3 = [t for t in paras if re.match(r"^\d+\.", t) and _font_bold(doc, t)]
    assert any(t.endswith("主要做法") for t in h2)
    assert any(t.endswith("常用提法和工作品牌") for t in h2)
    themes = set(b.theme_matrix.columns)
    assert h3 and all(t.split(".", 1)[1] in themes for t in h3)


def _font_bold(doc, text: str) -> bool:
    p = next(p for p in doc.paragraphs if p.text == text)
    return bool(p.runs and p.runs[0].font.bold)


def test_signature_and_sections_are_there(sample):
    _, b, _ = sample
    from analysis.output.gongwen import Signature

    doc = Document(
        io.BytesIO(analysis_report_docx(b, signature=Signature("某区委组织部", "2026-1-5")))
    )
    paras = [p.text for p in doc.paragraphs if p.text.strip()]
    for section in ("一、总体情况", "二、主要做法和成效", "三、存在的问题", "四、下一步工作建议"):
        assert section in paras
    office = paras.index("某区委组织部")
    assert paras[office + 1] == "2026年1月5日"
    assert paras[office - 1].startswith(("附件：", "　　　"))  # 附件说明 above the 落款


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "2026年12月7日"),
        ("2026-12-07", "2026年12月7日"),
        ("2026/1/5", "2026年1月5日"),
        ("2026年01月05日", "2026年1月5日"),
        (" 2026年12月7日 ", "2026年12月7日"),
    ],
)
def test_draft_date(text, expected):
    import datetime as dt

    from analysis.output.gongwen import draft_date

    assert draft_date(text, today=dt.date(2026, 12, 7)) == expected


@pytest.mark.parametrize("text", ["明天", "2026-13-01", "12月7日"])
def test_draft_date_refuses_what_is_not_a_date(text):
    from analysis.output.gongwen import draft_date

    with pytest.raises(ValueError):
        draft_date(text)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("坚持学习。如期实现工作目标；", 100, "坚持学习。"),
        ("如期实现工作目标；", 100, ""),
        ("一句话！第二句？第三句很长很长", 8, "一句话！第二句？"),
        ("一句话！第二句？第三句很长很长", 5, "一句话！"),
    ],
)
def test_excerpts_end_at_a_sentence_end(text, limit, expected):
    from analysis.output.digest import sentence_prefix

    assert sentence_prefix(text, limit) == expected


def test_every_case_quote_ends_a_sentence(sample):
    _, b, _ = sample
    d = build_digest(b)
    assert d.cases
    for case in d.cases:
        assert case.quote.endswith(("。", "！", "？")), case.quote[-20:]


@pytest.mark.parametrize(
    ("levels", "markers"),
    [
        ([1, 2, 2, 1, 2], ["一是", "1.", "2.", "二是", "1."]),
        ([2, 3, 4, 4, 3], ["一是", "1.", "（1）", "（2）", "2."]),
        ([1] * 11, [f"{n}是" for n in "一二三四五六七八九十"] + ["十一是"]),
        ([1, 2, 3, 1, 3], ["一是", "1.", "（1）", "二是", "（1）"]),
    ],
)
def test_outline_lines_nest_children_under_parents(levels, markers):
    from analysis.output.word_drafts import outline_lines

    lines = outline_lines([f"做法{k}" for k in range(len(levels))], levels)
    assert [line.split("做法")[0] for _, line in lines] == markers
    assert [depth for depth, _ in lines] == [min(v - min(levels), 2) for v in levels]


def test_figure_table_names_what_is_counted(tmp_path):
    store = _store(
        tmp_path, [("a.txt", REPORT_A, "甲社区党支部"), ("b.txt", REPORT_B, "乙村党支部")]
    )
    b = build_briefing(load_corpus(store, workers=1), resource_texts(store))
    table = build_digest(b).figure_table
    assert list(table.columns) == ["branch", "subject", "unit", "value"]
    assert len(table) and (table["subject"].str.len() > 0).all()
    assert "0" not in set(table["value"])  # a redacted figure reads 已脱敏, never 0


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("（一）强化理论武装。全年学习12次。", "强化理论武装", "全年学习12次。"),
        ("强化理论武装，全年学习12次。", "强化理论武装", "全年学习12次。"),
        ("全年学习12次，理论武装不断加强。", "强化理论武装", "全年学习12次，理论武装不断加强。"),
        ("强化理论武装。如期实现工作目标；", "强化理论武装", ""),
    ],
)
def test_case_quote_drops_its_heading(text, title, expected):
    from analysis.output.digest import _quote

    assert _quote(text, title) == expected
