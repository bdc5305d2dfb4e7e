"""Word automatic list numbering restored as typed markers (analysis/io/numbering.py, word.py).

The .docx files here carry real numbering definitions (word/numbering.xml with abstract lists,
levels, lvlText, start values and overrides; styles whose w:numPr numbers headings); a report whose
outline exists only as automatic numbering must read and analyze exactly like its typed version.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from analysis.core.resources import default_texts
from analysis.io.ingest import read_document
from analysis.io.numbering import format_number, markers, numbered, parse_numbering
from analysis.text.pipeline import analyze_text
from tests.conftest import SAMPLES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    """One w:lvl element."""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{extra}<w:lvlText w:val="{escape(text)}"/></w:lvl>'
    )


def numbering_xml(abstracts: dict[int, str], nums: dict[int, str]) -> str:
    """word/numbering.xml from abstract lists (id -> levels XML) and lists (id -> inner XML)."""
    body = "".join(
        f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>'
        for a, levels in abstracts.items()
    ) + "".join(f'<w:num w:numId="{n}">{inner}</w:num>' for n, inner in nums.items())
    return f'<w:numbering xmlns:w="{W_NS}">{body}</w:numbering>'


def styles_xml(styles: str = "") -> str:
    """word/styles.xml with the given w:style elements."""
    return f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>'


def para(text: str, num: tuple[int, int] | None = None, style: str = "") -> str:
    """One w:p: its text in one run, with w:numPr (numId, ilvl) and/or a paragraph style."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx(paragraphs: list[str], numbering: str = "", styles: str = "") -> bytes:
    """A .docx package holding the paragraphs and (optionally) numbering and style definitions."""
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        zf.writestr("word/document.xml", document)
        if numbering:
            zf.writestr("word/numbering.xml", numbering)
        if styles:
            zf.writestr("word/styles.xml", styles)
    return buf.getvalue()


def parsed(numbering: str, styles: str = "") -> object:
    """parse_numbering over XML strings."""
    return parse_numbering(
        etree.fromstring(numbering.encode()), etree.fromstring(styles.encode()) if styles else None
    )


# The usual Chinese report outline: 一、 （一） 1. （1）
OUTLINE_LEVELS = (
    lvl(0, "chineseCounting", "%1、")
    + lvl(1, "chineseCounting", "（%2）")
    + lvl(2, "decimal", "%3.")
    + lvl(3, "decimal", "（%4）")
)


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (9, "chineseCounting", "九"),
        (10, "chineseCounting", "十"),
        (11, "chineseCountingThousand", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (23, "japaneseCounting", "二十三"),
        (100, "chineseCountingThousand", "一百"),
        (105, "chineseCountingThousand", "一百零五"),
        (110, "chineseCountingThousand", "一百一十"),
        (1001, "chineseCountingThousand", "一千零一"),
        (10, "ideographDigital", "一〇"),
        (7, "ideographDigital", "七"),
        (12, "decimal", "12"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "lowerRoman", "iv"),
        (14, "upperRoman", "XIV"),
        (2, "lowerLetter", "b"),
        (27, "upperLetter", "AA"),
        (5, "decimalZero", "05"),
        (1, "bullet", ""),
    ],
)
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


@pytest.mark.parametrize(
    ("abstracts", "nums", "sequence", "expected"),
    [
        # Lower levels restart when a higher level advances.
        (
            {1: OUTLINE_LEVELS},
            {1: '<w:abstractNumId w:val="1"/>'},
            [(1, 0), (1, 1), (1, 1), (1, 2), (1, 2), (1, 3), (1, 0), (1, 1), (1, 2)],
            ["一、", "（一）", "（二）", "1.", "2.", "（1）", "二、", "（一）", "1."],
        ),
        # Two lists on one abstract list share its counters (Word continues the numbering) …
        (
            {1: OUTLINE_LEVELS},
            {1: '<w:abstractNumId w:val="1"/>', 2: '<w:abstractNumId w:val="1"/>'},
            [(1, 0), (1, 0), (2, 0)],
            ["一、", "二、", "三、"],
        ),
        # … unless the second one restarts (a start override gives it its own counters).
        (
            {1: OUTLINE_LEVELS},
            {
                1: '<w:abstractNumId w:val="1"/>',
                2: '<w:abstractNumId w:val="1"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>',
            },
            [(1, 0), (1, 0), (2, 0), (2, 0)],
            ["一、", "二、", "一、", "二、"],
        ),
        # Start values; a multi-level '%1.%2' shows both counters.
        (
            {3: lvl(0, "decimal", "%1.", start=3) + lvl(1, "decimal", "%1.%2")},
            {7: '<w:abstractNumId w:val="3"/>'},
            [(7, 0), (7, 1), (7, 1), (7, 0), (7, 1)],
            ["3.", "3.1 ", "3.2 ", "4.", "4.1 "],
        ),
        # w:lvlRestart 0: the second level never restarts.
        (
            {
                1: lvl(0, "chineseCounting", "%1、")
                + lvl(1, "decimal", "（%2）", extra='<w:lvlRestart w:val="0"/>')
            },
            {1: '<w:abstractNumId w:val="1"/>'},
            [(1, 0), (1, 1), (1, 1), (1, 0), (1, 1)],
            ["一、", "（1）", "（2）", "二、", "（3）"],
        ),
        # isLgl: every level as a decimal number; a level override with its own definition.
        (
            {
                1: lvl(0, "chineseCounting", "第%1章")
                + lvl(1, "decimal", "%1.%2", extra='<w:isLgl w:val="1"/>')
            },
            {
                1: '<w:abstractNumId w:val="1"/>'
                '<w:lvlOverride w:ilvl="0">'
                + lvl(0, "chineseCountingThousand", "第%1部分")
                + "</w:lvlOverride>"
            },
            [(1, 0), (1, 1), (1, 0)],
            ["第一部分 ", "1.1 ", "第二部分 "],
        ),
        # numId 0 (numbering removed), bullets and unknown lists give no marker.
        (
            {1: lvl(0, "bullet", "\u2022") + lvl(1, "ideographDigital", "%2、")},
            {1: '<w:abstractNumId w:val="1"/>'},
            [(0, 0), (1, 0), (9, 0), (1, 1)],
            ["", "", "", "一、"],
        ),
        # Suffix 'nothing' and a none format.
        (
            {1: lvl(0, "decimal", "%1", extra='<w:suff w:val="nothing"/>') + lvl(1, "none", "")},
            {1: '<w:abstractNumId w:val="1"/>'},
            [(1, 0), (1, 1), (1, 0)],
            ["1", "", "2"],
        ),
    ],
)
def test_markers(
    abstracts: dict[int, str],
    nums: dict[int, str],
    sequence: list[tuple[int, int]],
    expected: list[str],
) -> None:
    numbering = parsed(numbering_xml(abstracts, nums))
    got = markers(numbering, [(str(n), i, "") for n, i in sequence])  # type: ignore[arg-type]
    assert got == expected


def test_headings_numbered_by_their_style() -> None:
    """Heading styles carrying w:numPr (and levels linked with w:pStyle) number the headings."""
    levels = lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="H1"/>') + lvl(
        1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="H2"/>'
    )
    numbering = numbering_xml({1: levels}, {5: '<w:abstractNumId w:val="1"/>'})
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="H2b"><w:name w:val="标题 2 改"/>'
        '<w:basedOn w:val="H2"/></w:style>'
    )
    paragraphs = [
        para("主要做法", style="H1"),
        para("坚持党建引领", style="H2"),
        para("正文一段。"),
        para("落实两个同步", style="H2b"),
        para("取得成效", style="H1"),
        para("队伍更强", style="H2"),
    ]
    doc = read_document("报告.docx", docx(paragraphs, numbering, styles))
    assert doc.text.split("\n") == [
        "一、主要做法",
        "（一）坚持党建引领",
        "正文一段。",
        "（二）落实两个同步",
        "二、取得成效",
        "（一）队伍更强",
    ]
    assert (1, "一、主要做法") in doc.hints and (2, "（一）队伍更强") in doc.hints


@pytest.mark.parametrize(
    ("marker", "text", "expected"),
    [("一、", "主要做法", "一、主要做法"), ("1.", "5G基站", "1. 5G基站"), ("", "正文", "正文")],
)
def test_numbered(marker: str, text: str, expected: str) -> None:
    assert numbered(marker, text) == expected


# A typed marker at the start of a line, and the list level it stands for.
TYPED = (
    (re.compile(r"^[一二三四五六七八九十]+、"), 0),
    (re.compile(r"^（[一二三四五六七八九十]+）"), 1),
    (re.compile(r"^\d+\."), 2),
    (re.compile(r"^（\d+）"), 3),
)


def as_lists(text: str) -> list[str]:
    """The report's lines as paragraphs whose typed markers became automatic numbering (list 1)."""
    out = []
    for line in text.split("\n"):
        for pattern, level in TYPED:
            m = pattern.match(line)
            if m:
                out.append(para(line[m.end() :], (1, level)))
                break
        else:
            out.append(para(line))
    return out


SYNTHETIC = """关于2023年党建工作的总结报告
一、主要做法
（一）强化政治引领
1.坚持理论学习。全年组织集中学习24次，覆盖党员312人次。
2.规范组织生活。落实“三会一课”制度，开展主题党日12次。
（1）严格程序。支部委员会每月召开一次。
（2）注重实效。党员参与率达到98%。
（二）夯实基层基础
1.建强支部班子。新发展党员5名。
2.推进阵地建设。新建党员活动室3个，投入资金20万元。
二、存在问题
（一）学习深度不够
部分党员满足于读原文，学用结合不紧。
三、下一步打算
（一）深化理论武装
1.抓好专题学习。计划开展读书班4期。
"""


def outline_rows(text: str) -> tuple[list[tuple[int, str, str]], list[tuple[str, str, int]]]:
    """The outline (level, marker, title) and measures (title, kind, level) of a report's text."""
    analysis = analyze_text(text, default_texts())

    def walk(nodes: tuple) -> list[tuple[int, str, str]]:
        rows = []
        for node in nodes:
            rows.append((node.level, node.marker, node.title))
            rows.extend(walk(node.children))
        return rows

    measures = [(m.title, m.kind, m.level) for m in analysis.structure.measures]
    return walk(analysis.structure.outline), measures


@pytest.mark.parametrize(
    "text",
    [SYNTHETIC, *[p.read_text(encoding="utf-8") for p in SAMPLES[:3]]],
    ids=["synthetic", *[p.stem for p in SAMPLES[:3]]],
)
def test_numbered_report_reads_like_the_typed_one(text: str) -> None:
    """A report whose outline is automatic numbering gives the typed version's outline and measures."""
    text = text.strip("\n")
    typed = read_document("typed.docx", docx([para(line) for line in text.split("\n")]))
    numbering = numbering_xml({1: OUTLINE_LEVELS}, {1: '<w:abstractNumId w:val="1"/>'})
    auto = read_document("auto.docx", docx(as_lists(text), numbering))
    assert auto.text == typed.text
    outline, measures = outline_rows(auto.text)
    assert outline and (outline, measures) == outline_rows(typed.text)


def test_without_numbering_part_text_is_unchanged() -> None:
    """Paragraphs with w:numPr but no numbering.xml keep their text (nothing invented)."""
    doc = read_document("x.docx", docx([para("主要做法", (1, 0)), para("党建工作")]))
    assert doc.text == "主要做法\n党建工作"
