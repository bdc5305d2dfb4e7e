"""A Word document in the format offices expect of an official document (公文, GB/T 9704).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 方正小标宋简体 二号 (22 pt);
body in 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent and a fixed 28.95 pt line
spacing; first-level headings `一、` in 黑体, second-level `（一）` in 楷体_GB2312; page numbers
`— 1 —` in 宋体 四号 at the foot; tables in three-line style. Fonts an office PC may lack are
declared in the font table with the substitute Word and WPS should use (方正小标宋简体 → 宋体 …).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from analysis.core.escape import drop_controls

TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT, PAGE_FONT = (
    "方正小标宋简体",
    "仿宋_GB2312",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
# What Word/WPS should use when a 公文 font is not installed (w:altName in the font table).
SUBSTITUTES = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "黑体": "SimHei",
}
TITLE_PT, BODY_PT, TABLE_PT, CAPTION_PT, PAGE_PT = 22, 16, 12, 14, 14
LINE_PT = 28.95  # 22 lines of 28 characters on a GB/T 9704 page
TEXT_WIDTH_MM = 210 - 28 - 26
CHART_MAX_H_MM = 86  # two charts, their captions and a heading on one 225 mm text block
KEEP_TOGETHER_ROWS = 12  # a table of at most this many rows is kept on one page
RULE_HEAVY, RULE_LIGHT = 12, 6  # three-line table borders, in eighths of a point


DEFAULT_OFFICE = "（落款单位）"  # a place the office fills in when no name was given
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_CN_DATE = re.compile(r"^\s*\d{4}年\d{1,2}月\d{1,2}日\s*$")


def chinese_date(day: _dt.date) -> str:
    """A date as a 公文 writes it: 2026年12月7日 (Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def draft_date(text: str = "", today: _dt.date | None = None) -> str:
    """The 成文日期 of a draft: `text` as 2026年12月7日 or 2026-12-07, else today's date.

    Raises ValueError for any other non-empty text (a date the office would have to correct).
    """
    text = (text or "").strip()
    if not text:
        return chinese_date(today or _dt.date.today())
    if _CN_DATE.match(text):
        year, rest = text.split("年", 1)
        month, rest = rest.split("月", 1)
        return chinese_date(_dt.date(int(year), int(month), int(rest.rstrip("日"))))
    m = _ISO_DATE.match(text)
    if m is None:
        raise ValueError(f"日期格式应为 2026年12月7日 或 2026-12-07：{text}")
    return chinese_date(_dt.date(int(m[1]), int(m[2]), int(m[3])))


@dataclass(frozen=True)
class Signature:
    """Who sends a draft and when: 落款 (office, date) and 主送 (recipient, optional)."""

    office: str = ""
    date: str = ""  # as draft_date reads it; "" = today
    recipient: str = ""

    def resolved(self) -> Signature:
        """The office (a placeholder when none) and the date in Chinese form."""
        return Signature(
            (self.office or "").strip() or DEFAULT_OFFICE,
            draft_date(self.date),
            (self.recipient or "").strip(),
        )


def _fonts(run, name: str, size: float, bold: bool = False) -> None:
    """Give a run one font for Chinese and Latin text (w:eastAsia as well as w:ascii)."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _spacing(paragraph, indent: bool = True, exact: float = LINE_PT) -> None:
    """Fixed line spacing, no space before/after, and a two-character first-line indent."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(exact)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else Pt(0)


def _declare_substitutes(doc) -> None:
    """Add the 公文 fonts to the font table with the substitute a PC without them should use."""
    table = doc.part.font_table.element if hasattr(doc.part, "font_table") else None
    if table is None:
        return
    known = {f.get(qn("w:name")) for f in table.findall(qn("w:font"))}
    for name, alt in SUBSTITUTES.items():
        if name in known:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt_el = OxmlElement("w:altName")
        alt_el.set(qn("w:val"), alt)
        font.append(alt_el)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(charset)
        table.append(font)


def _page_number_footer(section) -> None:
    """`— N —` centred at the foot of every page (a PAGE field between two dashes)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run("— "), PAGE_FONT, PAGE_PT)
    run = p.add_run()
    _fonts(run, PAGE_FONT, PAGE_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _fonts(p.add_run(" —"), PAGE_FONT, PAGE_PT)


class GongwenDocument:
    """Builds a 公文-format .docx paragraph by paragraph; user text is written as plain text."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28 - 7)  # page number 7 mm below the text block
        _page_number_footer(section)
        _declare_substitutes(self.doc)
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(BODY_PT)
        normal.element.get_or_add_rPr()
        self.doc.core_properties.language = "zh-CN"
        self.headings: list[tuple[int, str]] = []

    def _paragraph(self, text: str, font: str, size: float, *, indent: bool = True, bold=False):
        p = self.doc.add_paragraph()
        _spacing(p, indent=indent)
        _fonts(p.add_run(drop_controls(text)), font, size, bold)
        return p

    def title(self, text: str) -> None:
        """The document title, centred, with one empty line after it."""
        p = self._paragraph(text, TITLE_FONT, TITLE_PT, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, indent=False, exact=36)
        self.doc.add_paragraph()

    def heading1(self, text: str) -> None:
        """A first-level heading such as `一、总体情况` (黑体)."""
        self.headings.append((1, text))
        self._paragraph(text, H1_FONT, BODY_PT)

    def heading2(self, text: str) -> None:
        """A second-level heading such as `（一）理论学习` (楷体_GB2312)."""
        self.headings.append((2, text))
        self._paragraph(text, H2_FONT, BODY_PT)

    def heading3(self, text: str) -> None:
        """A third-level heading such as `1.党建业务融合` (仿宋_GB2312, bold)."""
        self.headings.append((3, text))
        self._paragraph(text, BODY_FONT, BODY_PT, bold=True)

    def paragraph(self, text: str, level: int = 0) -> None:
        """A body paragraph (仿宋_GB2312 三号, first-line indent); `level` > 0 indents a child
        item two characters per level under its parent."""
        p = self._paragraph(text, BODY_FONT, BODY_PT)
        if level > 0:
            p.paragraph_format.left_indent = Pt(BODY_PT * 2 * level)

    def attachment(self, number: int, title: str) -> None:
        """An attachment's first page: `附件1` flush left in 黑体, then its title centred."""
        self.page_break()
        self._paragraph(f"附件{number}", H1_FONT, BODY_PT, indent=False)
        p = self._paragraph(title, TITLE_FONT, TITLE_PT, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, indent=False, exact=36)
        p.paragraph_format.keep_with_next = True

    def caption(self, text: str) -> None:
        """A centred caption under a table or a chart."""
        p = self._paragraph(text, BODY_FONT, CAPTION_PT, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def table_caption(self, text: str) -> None:
        """A centred caption above a table, kept on the table's page."""
        self.caption(text)
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True

    def image(
        self, png: bytes, width_mm: float = TEXT_WIDTH_MM, max_height_mm: float = CHART_MAX_H_MM
    ) -> None:
        """A chart image, centred, at most the text width and `max_height_mm` high (two charts
        with their captions fit on one page)."""
        from PIL import Image

        with Image.open(io.BytesIO(png)) as im:
            w_px, h_px = im.size
        width = min(width_mm, TEXT_WIDTH_MM, max_height_mm * w_px / max(h_px, 1))
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True  # the caption below stays on the same page
        p.add_run().add_picture(io.BytesIO(png), width=Mm(width))

    def recipient(self, text: str) -> None:
        """主送机关: flush left under the title, ending with a full-width colon."""
        self._paragraph(f"{text.rstrip('：:')}：", BODY_FONT, BODY_PT, indent=False)

    def attachments(self, names: Sequence[str]) -> None:
        """附件说明 after the body: `附件：1. …` with the further items aligned under the first;
        kept on the page of the body's last paragraph and of the 落款."""
        self._keep_last()
        self._keep_last(self.doc.add_paragraph())
        for k, name in enumerate(names, start=1):
            lead = "附件：" if k == 1 else "　　　"
            self._keep_last(self._paragraph(f"{lead}{k}. {name}", BODY_FONT, BODY_PT))

    def signature(self, office: str, date: str) -> None:
        """落款: the issuing office and the date, right-aligned, four characters from the margin,
        never alone on a page (kept with the body's last paragraph)."""
        self._keep_last()
        self._keep_last(self.doc.add_paragraph())
        for text in (office, date):
            if not text:
                continue
            p = self._paragraph(text, BODY_FONT, BODY_PT, indent=False)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)
            p.paragraph_format.keep_with_next = text == office

    def _keep_last(self, p: Paragraph | None = None) -> None:
        """Keep paragraph `p` (default: the last one written) on the page of the next one."""
        (p or self.doc.paragraphs[-1]).paragraph_format.keep_with_next = True

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        weights: Sequence[float] | None = None,
    ) -> None:
        """A three-line table (heavy top and bottom rules, a light rule under the header); the
        header row repeats on every page and never stays alone at a page bottom, no row splits.
        `weights` share the text width between the columns (else Word fits them to the text)."""
        if weights is not None and len(weights) != len(header):
            raise ValueError(f"{len(weights)} column weights for {len(header)} columns")
        t = self.doc.add_table(rows=0, cols=len(header))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = weights is None
        widths = [Mm(TEXT_WIDTH_MM * w / sum(weights)) for w in weights] if weights else None
        for col, width in zip(t.columns, widths or [], strict=False):
            col.width = width  # w:gridCol, which LibreOffice reads (cell widths alone are not)
        every = [list(header), *[list(v) for v in rows]]
        together = len(every) <= KEEP_TOGETHER_ROWS  # a short table stays on one page
        for r, values in enumerate(every):
            row = t.add_row()
            _row_flags(row, header=r == 0)
            for c, value in enumerate(values):
                if widths:
                    row.cells[c].width = widths[c]
                p = row.cells[c].paragraphs[0]  # row by row: t.cell(r, c) is linear in size
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _spacing(p, indent=False, exact=TABLE_PT * 1.6)
                p.paragraph_format.keep_with_next = r == 0 or (together and r < len(every) - 1)
                _fonts(p.add_run(drop_controls(str(value))), BODY_FONT, TABLE_PT, bold=r == 0)
        _three_line(t)
        self.doc.add_paragraph()

    def page_break(self) -> None:
        self.doc.add_page_break()

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def _border(parent, edges: dict[str, int]) -> None:
    """Set single-line borders (size in eighths of a point; 0 = none) on a tblPr/tcPr element."""
    tag = "w:tblBorders" if parent.tag == qn("w:tblPr") else "w:tcBorders"
    borders = parent.find(qn(tag))
    if borders is None:
        borders = OxmlElement(tag)
        parent.append(borders)
    for edge, size in edges.items():
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if size else "nil")
        if size:
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:color"), "000000")
        borders.append(el)


def _row_flags(row, header: bool) -> None:
    """A row never splits across pages (w:cantSplit); the header row repeats (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    flags = ["w:cantSplit", "w:tblHeader"] if header else ["w:cantSplit"]
    for tag in flags:
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def _three_line(table) -> None:
    """Three-line style: heavy rules above and below the table, a light one under the header."""
    tbl_pr = table._tbl.tblPr
    _border(
        tbl_pr,
        {
            "top": RULE_HEAVY,
            "bottom": RULE_HEAVY,
            "left": 0,
            "right": 0,
            "insideH": 0,
            "insideV": 0,
        },
    )
    for cell in table.rows[0].cells:
        _border(cell._tc.get_or_add_tcPr(), {"bottom": RULE_LIGHT})
