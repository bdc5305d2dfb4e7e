"""Cleaning rules (analysis.text.clean and the modules it runs: characters, unwrap, captions), one
parametrized table each, plus the samples, properties and speed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.script import has_traditional, to_simplified, traditional_chars
from analysis.io.ingest import read_document
from analysis.text.characters import (
    FULL_WIDTH,
    HALF_WIDTH,
    REDACTION,
    REDACTION_RE,
    count_redactions,
    half_width,
    normalize_newlines,
    normalize_redactions,
    remove_markers,
)
from analysis.text.clean import clean_text, drop_footers, join_vertical
from analysis.text.unwrap import wrap_width
from tests import fixtures as fx

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
TITLE = "兴城投资党支部工作报告\n"  # a first line, so the rules below act on body lines


def sample(prefix: str) -> str:
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# ---------------------------------------------------------------- character-level rules


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("甲\r\n乙", "甲\n乙"),
        ("甲\r乙", "甲\n乙"),
        ("甲\u2028乙\u2029丙", "甲\n乙\n丙"),
        ("甲\x0c乙", "甲\n乙"),
        ("党\u200b建\ufeff", "党建"),
        ("党\x00建\x07", "党建"),
        ("甲\t乙", "甲\t乙"),
    ],
)
def test_normalize_newlines(raw, expected):
    assert normalize_newlines(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("服##paidbegin##务职工群众", "服务职工群众"),
        ("##paidend##", ""),
        ("开头##paidbegin##中间##paidend##结尾", "开头中间结尾"),
        ("##PaidBegin##党建", "党建"),
        ("##page_break##党建", "党建"),
        ("## 标题 ##", "## 标题 ##"),  # Markdown-ish user text is not a marker
        ("#话题#", "#话题#"),
        ("编号##12##", "编号##12##"),
    ],
)
def test_remove_markers(raw, expected):
    assert remove_markers(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("２０２３年", "2023年"),
        ("ＡＢＣ　ａｂｃ", "ABC　abc"),
        ("满意度９６．５％", "满意度96.5%"),
        ("“１＋Ｎ”考核", "“1+N”考核"),
        ("，。；：（）“”！？、《》", "，。；：（）“”！？、《》"),  # Chinese punctuation kept
        ("＊＊公司", "**公司"),
    ],
)
def test_half_width(raw, expected):
    assert half_width(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("*公司支部现有党员*人", "*公司支部现有党员*人"),
        ("**公司党委以**楼宇", "*公司党委以*楼宇"),
        ("*****深入探索", "*深入探索"),
        ("×××××公司××××红色先锋行动", "*公司*红色先锋行动"),
        ("×××之家", "*之家"),
        ("XX同志", "*同志"),
        ("XXX公司", "*公司"),
        ("20XX年", "20*年"),
        ("xx单位", "*单位"),
        ("某×公司", "某*公司"),
        ("X同志和Y同志", "*同志和Y同志"),
        ("*XX×公司", "*公司"),  # mixed marks are one run
        ("A、B两个党员先锋小组", "A、B两个党员先锋小组"),
        ("Ta说", "Ta说"),
        ("XXL码", "XXL码"),
        ("3×4米", "3×4米"),
        ("Windows XP系统", "Windows XP系统"),
        ("box子", "box子"),
    ],
)
def test_normalize_redactions(raw, expected):
    assert normalize_redactions(raw) == expected


@pytest.mark.parametrize(
    "raw, expected, converted",
    [
        ("黨建工作報告", "党建工作报告", True),
        ("發展黨員三名，開展學習教育", "发展党员三名，开展学习教育", True),
        ("党建工作报告", "党建工作报告", False),
        ("著名的乾坤", "著名的乾坤", False),  # characters shared by both scripts are left alone
        ("", "", False),
    ],
)
def test_to_simplified(raw, expected, converted):
    assert to_simplified(raw) == (expected, converted)
    assert has_traditional(raw) is converted


_ASTRAL_TRADITIONAL = sorted(c for c in traditional_chars() if c > "\uffff")[:3]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("党建" + _ASTRAL_TRADITIONAL[0], True),  # beyond the BMP: checked one by one
        ("党建\U0002000a工作", False),  # an astral character that is no Traditional one
        ("\U0002000a\U0002000a黨", True),  # astral non-Traditional first, then a Traditional one
        ("黨", True),
    ],
)
def test_has_traditional_beyond_the_bmp(text, expected):
    assert has_traditional(text) is expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*"黨發開學會党发开学会著乾坤，。\n 1aX", "\U0002000a", *_ASTRAL_TRADITIONAL]
        ),
        max_size=40,
    )
)
def test_has_traditional_is_a_set_test(text):
    assert has_traditional(text) is not traditional_chars().isdisjoint(text)


# The character-level patterns in their plain form (opening with a repeat: slower scans).
_PLAIN_REDACTION_RE = re.compile(
    REDACTION_RE.pattern.replace(r"\*\**", r"\*+", 1).replace("××+", "×{2,}", 1)
)
_PLAIN_FULL_WIDTH_RE = re.compile(FULL_WIDTH + "+")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("*×Xx党建aB \n２０ＡＺ％＊")), max_size=60))
def test_fast_character_patterns_match_their_plain_form(text):
    assert _PLAIN_REDACTION_RE.pattern != REDACTION_RE.pattern
    plain = re.sub(r"\*{2,}", "*", _PLAIN_REDACTION_RE.sub("*", text))
    assert normalize_redactions(text) == plain
    assert count_redactions(plain) == len(re.findall(r"\*+", plain))
    assert half_width(text) == _PLAIN_FULL_WIDTH_RE.sub(
        lambda m: m.group().translate(HALF_WIDTH), text
    )


# ---------------------------------------------------------------- line-level rules


@pytest.mark.parametrize(
    "line, is_footer",
    [
        ("第 2 页 共 3 页", True),
        ("第2页", True),
        ("第2页，共3页", True),
        ("共3页 第2页", True),
        ("- 2 -", True),
        ("— 12 —", True),
        ("2/3", True),
        ("Page 2 of 3", True),
        ("12", True),
        ("第2页的内容", False),
        ("2023年", False),
        ("1/2的党员", False),
        ("三会一课", False),
        ("2023", False),
    ],
)
def test_drop_footers(line, is_footer):
    lines, breaks = drop_footers(["前一行", line, "后一行"])
    assert (line not in lines) is is_footer
    assert (breaks == {1}) is is_footer


def test_drop_footers_removes_blank_lines_around_the_footer():
    lines, breaks = drop_footers(["前一行", "", "第 1 页 共 2 页", "", "后一行"])
    assert (lines, breaks) == (["前一行", "后一行"], {1})


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["编", "者", "的", "话", "正文。"], ["编者的话", "正文。"]),
        (["编", "", "者", "", "按", "正文。"], ["编者按", "正文。"]),
        (["正文。", "好", "正文。"], ["正文。", "好", "正文。"]),  # one lone character stays
        (["1", "2", "正文。"], ["1", "2", "正文。"]),  # digits are not vertical text
    ],
)
def test_join_vertical(lines, expected):
    assert join_vertical(lines) == expected


def test_wrap_width_finds_the_pdf_line_width():
    body = "支部坚持党建引领把党的领导作为指导一切工作的政治保障和精神动力自觉把党的大政方针政策融入到公司经营的各项工作"
    lines = fx.wrap(body * 3 + "。", 30)
    assert wrap_width(lines) == 30
    assert wrap_width(sample("000").split("\n")) == 0  # one paragraph per line: no wrapping


# ---------------------------------------------------------------- joining broken lines

LONG_A = "支部坚持党建引领，把党的领导作为指导一切工作的政治保障和精神动力"  # 32 chars, no end
LONG_A_COMMA = "支部坚持党建引领，把党的领导作为指导一切工作的政治保障，"


@pytest.mark.parametrize(
    "body, expected",
    [
        # a heading never absorbs the next line
        ("一、主要做法\n支部坚持党建引领。", "一、主要做法\n支部坚持党建引领。"),
        (
            "（一）坚持一个引领，确保党建主体地位\n支部坚持党建引领。",
            "（一）坚持一个引领，确保党建主体地位\n支部坚持党建引领。",
        ),
        # a long line cut mid-phrase is continued
        (
            LONG_A_COMMA + "\n自觉把党的方针政策融入公司经营。",
            LONG_A_COMMA + "自觉把党的方针政策融入公司经营。",
        ),
        # ... across a page footer as well, even without a comma
        (
            LONG_A + "\n第 2 页 共 3 页\n自觉把党的方针政策融入公司经营。",
            LONG_A + "自觉把党的方针政策融入公司经营。",
        ),
        (LONG_A + "\n\n- 2 -\n\n自觉融入。", LONG_A + "自觉融入。"),
        # ... but not into an outline item
        (LONG_A_COMMA + "\n一是加强组织领导。", LONG_A_COMMA + "\n一是加强组织领导。"),
        (LONG_A_COMMA + "\n（二）落实两个同步", LONG_A_COMMA + "\n（二）落实两个同步"),
        # without a wrap width, an unfinished long line may be a heading: left alone
        (LONG_A + "\n自觉融入。", LONG_A + "\n自觉融入。"),
        # a WeChat heading over two short lines stays two lines
        (
            "前文。\n支部建设齐步走,\n在标准化规范化建设上更进一步\n配强支部班子。",
            "前文。\n支部建设齐步走,\n在标准化规范化建设上更进一步\n配强支部班子。",
        ),
        # sentences that end are never joined
        ("第一句话说完了。\n第二句话。", "第一句话说完了。\n第二句话。"),
        # table rows stay rows
        ("前一段。\n指标\t数值\n党员\t22名", "前一段。\n指标\t数值\n党员\t22名"),
    ],
)
def test_join_broken_lines(body, expected):
    assert clean_text(TITLE + body).text == TITLE + expected


def test_title_is_not_glued_to_the_first_paragraph():
    text = (
        "2023年度党建品牌创建工作情况及2024年工作打谱\n公司党委红色先锋行动，走出了一条成功之路。"
    )
    assert clean_text(text).text == text


def test_pdf_wrapped_paragraphs_rejoined_across_pages():
    para1 = (
        "支部坚持党建引领，把党的领导作为指导一切工作的政治保障和精神动力，自觉把党的大政方针政策"
        "融入到公司经营的各项工作、各个环节，为持续做好发展提供坚强的政治和组织保证。"
    )
    para2 = (
        "一是坚持党建业务同步部署。作为国有企业，公司坚持党建对业务的引领，把党建贯穿于业务工作"
        "的全过程，确保“一岗双责”落到实处。"
    )
    head = [
        "兴城投资党支部2023年度党建工作报告",
        "一、主要做法",
        "（一）坚持一个引领，确保党建主体地位",
    ]
    lines = head + fx.wrap(para1, 30)
    page2 = fx.wrap(para2, 30) + ["二、工作成效", "支部现有党员22名。"]
    pdf = fx.make_pdf(pages=[lines[:5], lines[5:] + page2], footer="第 {n} 页 共 {total} 页")
    cleaned = clean_text(read_document("r.pdf", pdf).text)
    assert cleaned.text.split("\n") == [*head, para1, para2, "二、工作成效", "支部现有党员22名。"]


def test_known_headings_are_kept_and_not_joined():
    text = TITLE + "正文第一段。\n凝心聚力强堡垒\n正文第二段。\n担当作为促发展\n正文第三段。"
    assert clean_text(text).captions == ("凝心聚力强堡垒", "担当作为促发展")  # looks like captions
    cleaned = clean_text(text, headings=["凝心聚力强堡垒", "担当作为促发展"])
    assert cleaned.text == text and cleaned.captions == ()


# ---------------------------------------------------------------- captions

SAMPLE_002_CAPTIONS = {
    "支部党员活动日",
    "支部党员现场踏勘",
    "参观“纪念中国人民志愿军抗美援朝出国作战70周年主题展”",
    "联系支部领导讲党课",
    "“云宣誓”活动",
    "固定环节–作风建设永远在路上",
    "党员带头参加集体院落入户摸调工作",
    "入村征求关于安置房项目的意见建议",
    "安置房项目设计方案汇报",
    "协助核酸检测工作",
    "支部党员干部参加“包街督导”",
    "项目考察",
    "支部联建参观中国共产党历史展览馆",
    "编者的话",
    "来源:大兴城建兴城投资党支部",
}


def test_sample_002_captions_and_headings():
    cleaned = clean_text(sample("002"))
    assert set(cleaned.captions) == SAMPLE_002_CAPTIONS
    lines = cleaned.text.split("\n")
    assert lines[0].startswith("【党旗飘飘】之国企党建篇")  # the title stays
    for heading, subtitle in [
        ("支部建设齐步走,", "在标准化规范化建设上更进一步"),
        ("示范引领大步走,", "在发挥三个作用上争先一步"),
        ("提质增效快步走,", "在党建与业务融合互促上向前一步"),
    ]:
        assert lines[lines.index(heading) + 1] == subtitle
    assert not any(c in cleaned.text for c in SAMPLE_002_CAPTIONS)
    assert "编\n者" not in cleaned.text


@pytest.mark.parametrize("prefix, lines", [("000", 18), ("001", 17), ("003", 15), ("004", 15)])
def test_other_samples_have_no_captions_and_keep_their_lines(prefix, lines):
    raw = sample(prefix)
    cleaned = clean_text(raw)
    assert cleaned.captions == ()
    assert len(cleaned.text.split("\n")) == lines  # one per paragraph (003: + a blank line)
    assert cleaned.text.split("\n")[0][-6:] == raw.split("\n")[0].strip()[-6:]


@pytest.mark.parametrize(
    "body, captions",
    [
        ("正文第一段。\n支部党员活动日\n正文第二段。", ("支部党员活动日",)),
        ("正文第一段。\n\n支部党员活动日\n\n正文第二段。", ("支部党员活动日",)),
        # after an unfinished line it is a continuation, not a caption
        ("正文第一段，\n支部党员活动日\n正文第二段。", ()),
        # heading words, outline markers, sign-offs and sentences are not captions
        ("正文第一段。\n主要做法\n正文第二段。", ()),
        ("正文第一段。\n下一步工作打算\n正文第二段。", ()),
        ("正文第一段。\n一、主要做法\n正文第二段。", ()),
        ("正文第一段。\n中共兴城投资党支部\n2023年12月20日", ()),
        ("正文第一段。\n党员干部带头。\n正文第二段。", ()),
        # parallel headings (same length, same last character) are a set of headings
        ("正文。\n支部建设齐步走\n正文。\n示范引领大步走\n正文。", ()),
        # a long short-line is not a caption
        ("正文。\n" + "很" * 31 + "\n正文。", ()),
        # credit lines, anywhere
        (
            "正文。\n来源：兴城投资党支部\n责任编辑：张三\n编辑|李四",
            ("来源：兴城投资党支部", "责任编辑：张三", "编辑|李四"),
        ),
        ("编者按：\n正文。", ("编者按：",)),
    ],
)
def test_captions(body, captions):
    cleaned = clean_text(TITLE + body)
    assert cleaned.captions == captions
    assert all(c not in cleaned.text.split("\n") for c in captions)


def test_first_line_is_never_a_caption():
    cleaned = clean_text("楼宇党建聚合推动企业发展工作情况报告\n\n公司党委以楼宇为主阵地。")
    assert cleaned.captions == ()
    assert cleaned.text.startswith("楼宇党建聚合推动企业发展工作情况报告")


# ---------------------------------------------------------------- the whole pipeline


def test_sample_004_markers_and_redactions():
    cleaned = clean_text(sample("004"))
    assert "##" not in cleaned.text
    assert "服务职工群众" in cleaned.text
    assert "×" not in cleaned.text
    assert cleaned.text.startswith(
        "2023年度党建品牌创建工作情况及2024年工作打谱\n*公司*红色先锋行动"
    )
    assert cleaned.redactions == cleaned.text.count(REDACTION)


@pytest.mark.parametrize(
    "raw, redactions",
    [
        ("标题\n*公司有党员**人，XX同志说×××。", 4),
        ("标题\n没有任何打码。", 0),
        ("标题\n**", 1),
    ],
)
def test_redaction_count(raw, redactions):
    assert clean_text(raw).redactions == redactions


def test_traditional_report_converted():
    cleaned = clean_text("黨建工作報告\n一、主要做法\n支部發展黨員三名。")
    assert cleaned.traditional is True
    assert cleaned.text == "党建工作报告\n一、主要做法\n支部发展党员三名。"
    assert clean_text(sample("000")).traditional is False


def test_blank_lines_collapsed_and_trimmed():
    assert clean_text("\n\n标题\n\n\n\n正文。\n\n").text == "标题\n\n正文。"


@pytest.mark.parametrize("text", ["", " ", "\n\n", "*", "×", "##paidend##", "编", "2/3", "\t"])
def test_degenerate_inputs(text):
    cleaned = clean_text(text)
    assert isinstance(cleaned.text, str)
    assert cleaned.text == cleaned.text.strip("\n")


def test_user_markup_is_kept_as_text():
    raw = "标题\n<script>alert(1)</script>\n<b>加粗</b>和[链接](http://x)。"
    assert clean_text(raw).text == raw


# ---------------------------------------------------------------- properties

PIECES = [
    "兴城投资党支部工作报告",
    "一、主要做法",
    "（一）坚持一个引领，确保党建主体地位",
    "一是加强组织领导，支委坚持每季度召开一次党建专题会议。",
    LONG_A,
    LONG_A_COMMA,
    "支部建设齐步走,",
    "在标准化规范化建设上更进一步",
    "支部党员活动日",
    "协助核酸检测工作",
    "来源：兴城投资党支部",
    "第 2 页 共 3 页",
    "- 3 -",
    "编\n者\n的\n话",
    "黨建工作報告",
    "×××公司XX同志**人",
    "服##paidbegin##务",
    "２０２３年度",
    "",
    "　　缩进的段落。",
    "指标\t数值",
]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text):
    cleaned = clean_text(text)
    assert "##paidbegin##" not in cleaned.text and "\r" not in cleaned.text
    assert cleaned.redactions == cleaned.text.count("*")  # runs collapsed: one '*' per run


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_idempotent_on_report_like_text(pieces, sep):
    once = clean_text(sep.join(pieces))
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.redactions == once.redactions


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="#paidbeginx党建*×X\n ", max_size=200))
def test_no_marker_survives(text):
    assert "##paidbegin##" not in clean_text(text).text


# ---------------------------------------------------------------- speed


# Speed itself is measured in bench/ (no timed assertions here): these check that 1 MB inputs of
# each worst shape are handled whole; a quadratic rule would show as a test taking minutes.


def test_one_megabyte_of_reports():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    cleaned = clean_text(big)
    assert len(cleaned.text) > 900_000


def test_one_megabyte_wrapped_paragraph_is_one_line():
    line = "很长的一行文字没有标点符号一直写下去直到三十个字为止呢好的"
    lines = [line[k:] + line[:k] for k in range(30)]  # different lines, one width (a real wrap)
    text = TITLE + "\n".join(lines * 1_100)  # 1 MB of one paragraph wrapped at 30
    cleaned = clean_text(text)
    assert cleaned.text.count("\n") == 1


NARROW = (
    "支部坚持把党的政治建设摆在首位，严格落实第一议题制度，全年开展集中学习十六次，组织党员到红色教育"
    "基地开展现场教学两次，撰写学习体会四十余篇；在营业网点设立党员示范岗，党员客户经理带头走访商户。"
)


@pytest.mark.parametrize(
    ("lines", "width"),
    [
        # a narrow column (a two-column page): most lines cut at 16
        ([NARROW[k : k + 16] for k in range(0, len(NARROW), 16)], 16),
        # short heading lines sharing a length among prose lines: no column
        (
            [
                "支部建设齐步走",
                "示范引领大步走",
                "提质增效快步走",
                NARROW[:60] + "。",
                NARROW[60:] + "。",
            ]
            * 2,
            0,
        ),
    ],
)
def test_a_narrow_column_needs_most_lines_cut_at_it(lines, width):
    assert wrap_width(lines) == width


def test_a_narrow_column_is_glued_back():
    lines = [NARROW[k : k + 16] for k in range(0, len(NARROW), 16)]
    assert clean_text("某支部工作总结\n" + "\n".join(lines)).text == "某支部工作总结\n" + NARROW


def test_one_line_repeated_is_no_wrap_width():
    """Three copies of one unfinished line are no page width; cleaning stays idempotent."""
    long, short = (
        "支部坚持党建引领，把党的领导作为指导一切工作的政治保障和精神动力",
        "兴城投资党支部工作报告",
    )
    text = "\n".join([long, short] * 3)
    assert wrap_width(text.split("\n")) == 0
    assert clean_text(text).text == text


@pytest.mark.parametrize("variant", ["s2t", "s2tw", "s2hk"])
def test_to_simplified_matches_opencc(variant):
    import opencc

    text = opencc.OpenCC(variant).convert(sample("000") + sample("002") + sample("004"))
    assert has_traditional(text)
    assert to_simplified(text) == (opencc.OpenCC("t2s").convert(text), True)


def test_one_megabyte_traditional():
    import opencc

    text = opencc.OpenCC("s2t").convert(sample("000") + sample("003"))
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    cleaned = clean_text(big)
    assert cleaned.traditional and "党" in cleaned.text and "黨" not in cleaned.text


BODY = (
    "支部把党建工作与生产经营同部署、同落实、同考核，围绕年度重点项目设立党员先锋岗，"
    "组建党员突击队，推动项目如期完工。"
)


@pytest.mark.parametrize(
    "line, next_line, caption",
    [
        # a heading-shaped line ("A，B" or verb first) over a body paragraph heads it
        ("深化党建业务融合，服务中心工作", BODY, False),
        ("强化政治引领", BODY, False),
        ("持续夯实组织基础", BODY, False),
        # the same lines over a short line or an outline item stay captions
        ("深化党建业务融合，服务中心工作", "正文第二段。", True),
        ("强化政治引领", "一、存在问题", True),
        # a scene over a body paragraph is a photo caption (sample 002)
        ("支部党员现场踏勘", BODY, True),
        ("“云宣誓”活动", BODY, True),
        ("协助核酸检测工作", BODY, True),
    ],
)
def test_caption_or_heading_of_the_paragraph_below(line, next_line, caption):
    cleaned = clean_text(TITLE + "正文第一段。\n" + line + "\n" + next_line)
    assert cleaned.captions == ((line,) if caption else ())
    assert (line in cleaned.text.split("\n")) is not caption


def test_a_practices_section_of_bare_headings_keeps_every_heading():
    heads = ["强化政治引领", "夯实组织基础", "深化党建业务融合，服务中心工作"]
    text = TITLE + "一、主要做法\n" + "".join(f"{h}\n{BODY}\n" for h in heads)
    cleaned = clean_text(text)
    assert cleaned.captions == ()
    assert all(h in cleaned.text.split("\n") for h in heads)
