"""Tests for analysis.text.layout_noise and the normalisation stage (clean.normalize_layout)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text.clean import clean_text, normalize_layout
from analysis.text.layout_noise import drop_chunk_markers, split_run_on, split_title

# ---------------------------------------------------------------- viewer chunk markers


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a viewer's chunk markers cut sentences and run 2, 3, 4: dropped
        (
            [
                "学习 3 次，",
                "2、组织全院党员学习。（二）推进融合，",
                "3、惠及群众。二、下一步打算",
                "4、一是…",
            ],
            [
                "学习 3 次，",
                "组织全院党员学习。（二）推进融合，",
                "惠及群众。二、下一步打算",
                "一是…",
            ],
        ),
        # a real list starts at 1 after a finished sentence: kept
        (
            ["主要做法如下：", "1、加强组织领导。", "2、强化理论学习。", "3、规范组织生活。"],
            ["主要做法如下：", "1、加强组织领导。", "2、强化理论学习。", "3、规范组织生活。"],
        ),
        # a list whose 1 was lost, each item after a finished sentence: kept
        (
            ["支部一年来的工作：", "2、强化理论学习。", "3、规范组织生活。"],
            ["支部一年来的工作：", "2、强化理论学习。", "3、规范组织生活。"],
        ),
        # a lone number is no run
        (["学习 3 次，", "2、组织学习。"], ["学习 3 次，", "2、组织学习。"]),
    ],
)
def test_drop_chunk_markers(lines, expected):
    assert drop_chunk_markers(lines)[0] == expected


CHUNK = "支部坚持“三会一课”制度，全年开展集中学习12次，组织党员到纪念馆开展现场教学2次，"
TITLE_LINE = "某院党支部工作总结"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # from 1 before a doubled title, every later number cutting a long chunk: a viewer's
        (
            [TITLE_LINE, "1、" + TITLE_LINE + " " + CHUNK * 2, "2、" + CHUNK * 2, "3、完"],
            [TITLE_LINE, TITLE_LINE + " " + CHUNK * 2, CHUNK * 2, "完"],
        ),
        # the same wrapped: a chunk is the text from one number to the next
        (
            [TITLE_LINE, "1、" + TITLE_LINE, CHUNK, CHUNK, "2、务。"],
            [TITLE_LINE, TITLE_LINE, CHUNK, CHUNK, "务。"],
        ),
        # a short list from 1 whose items end without punctuation: a list
        (
            ["主要做法", "1、加强组织领导", "2、强化理论学习", "3、规范组织生活"],
            ["主要做法", "1、加强组织领导", "2、强化理论学习", "3、规范组织生活"],
        ),
    ],
)
def test_a_run_of_chunks_may_start_at_1(lines, expected):
    assert drop_chunk_markers(lines)[0] == expected


FILLER = (
    "支部坚持把党建工作摆在突出位置统筹推进各项任务落实落细并且定期研究部署重点难点问题认真加以解决"
)


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        # an inline enumeration after a comma at the wrap width goes on the sentence
        ("一是将党建考核权重提高到二成，", "二是实行考核与绩效双挂钩。", True),
        # not after a sentence end, nor before a numbered heading
        ("一是将党建考核权重提高到二成。", "二是实行考核与绩效双挂钩。", False),
        ("一是将党建考核权重提高到二成，", "二、存在的问题", False),
    ],
)
def test_a_wrapped_line_goes_on_into_an_inline_enumeration(first, second, joined):
    head = FILLER[: 60 - len(first)] + first  # three distinct lines of 20: the wrap width
    lines = [head[k : k + 20] for k in range(0, 60, 20)]
    out = clean_text("\n".join(["某支部工作总结", *lines, second])).text.split("\n")
    assert (out[-1] == head + second) is joined


def test_a_chunk_marker_cutting_a_sentence_is_a_break_the_unwrapping_joins():
    lines = ["学习 3 次，", "2、组织学习。二、下一步打算", "3、一是加强", "4、组织领导。"]
    assert drop_chunk_markers(lines) == (
        ["学习 3 次，", "组织学习。二、下一步打算", "一是加强", "组织领导。"],
        {1, 3},  # the sentences cut by 2、 and 4、; 3、 followed a heading
    )


# ---------------------------------------------------------------- run-on pages

RUN_ON = (
    "今年以来，支部坚持党建引领生产经营，较好完成了全年任务。一、主要工作（一）筑牢思想根基，坚定理想"
    "信念。坚持开展主题党日。（二）建强支部堡垒，规范组织生活。严格执行制度。二、存在的问题一是理论"
    "学习深度不够；二是融合不够紧密。三、2024年工作打算（一）加强政治建设。（二）打造过硬队伍。"
)


def test_split_run_on_puts_breaks_back_at_the_outline():
    assert split_run_on([RUN_ON]) == [
        "今年以来，支部坚持党建引领生产经营，较好完成了全年任务。",
        "一、主要工作",
        "（一）筑牢思想根基，坚定理想信念。坚持开展主题党日。",
        "（二）建强支部堡垒，规范组织生活。严格执行制度。",
        "二、存在的问题",
        "一是理论学习深度不够；二是融合不够紧密。",
        "三、2024年工作打算",
        "（一）加强政治建设。",
        "（二）打造过硬队伍。",
    ]


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        # a preface run into the first heading, a space between (a page cut by a wrap after it)
        (
            "2023年，支部以党建推动业务发展，提供了有力保障。 一、坚持理论武装，筑牢思想根基",
            ["2023年，支部以党建推动业务发展，提供了有力保障。", "一、坚持理论武装，筑牢思想根基"],
        ),
        # a word before 一、 ("统一、") or no sentence end: one line
        (
            "2023年，支部以党建推动业务发展，坚持统一、规范的管理，提供了有力保障",
            ["2023年，支部以党建推动业务发展，坚持统一、规范的管理，提供了有力保障"],
        ),
    ],
)
def test_a_lone_first_heading_after_the_preface_is_split_off(opening, expected):
    lines = [
        "某局机关党支部2023年度工作总结",
        opening,
        "1、精心组织，落实学习任务。" + "支部制定年度学习计划。",
    ]
    assert split_run_on(lines)[1:-1] == expected


@pytest.mark.parametrize(
    "line",
    [
        # one family without a step: an enumeration in prose stays one line
        "支部围绕中心工作开展了大量工作，其中（一）是最重要的方面，统一、规范、高效的管理也得到群众认可。",
        # "统一、" and "一、二级" are words, not markers
        "支部坚持统一、规范的管理，推动一、二级党组织共同进步，持续提升党建工作质量和水平，群众满意。",
        # Arabic numbers inside a sentence ("3、4月份", "1.5万元") are not markers
        "支部在3、4月份组织了学习，投入资金1.5万元，开展活动2次，党员参与率明显提升，群众反映良好。",
    ],
)
def test_split_run_on_leaves_prose_alone(line):
    assert split_run_on([line]) == [line]


def test_split_run_on_follows_sequences_across_lines():
    # a wrap put "二、" at a line start: the sequence goes on from it ("三、" continues it)
    lines = [
        "一、主要工作",
        "二、存在的问题一是理论学习深度不够；二是融合不够紧密。三、工作打算（一）加强政治建设，推进学习常态化。",
    ]
    assert split_run_on(lines) == [
        "一、主要工作",
        "二、存在的问题",
        "一是理论学习深度不够；二是融合不够紧密。",
        "三、工作打算",
        "（一）加强政治建设，推进学习常态化。",
    ]


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "红星厂党支部2023年度工作总结和2024年工作打算今年以来，支部坚持党建引领，完成了任务。"
            ],
            [
                "红星厂党支部2023年度工作总结和2024年工作打算",
                "今年以来，支部坚持党建引领，完成了任务。",
            ],
        ),
        (
            [
                "县医院党委2024年第一季度党建工作总结",
                "县医院党委2024年第一季度党建工作总结一、主要工作",
            ],
            ["县医院党委2024年第一季度党建工作总结", "一、主要工作"],
        ),
        (
            ["县医院党委党建工作总结", "", "县医院党委党建工作总结"],
            ["县医院党委党建工作总结", "", ""],
        ),
        # a first line that is a sentence is no title to repeat or split
        (["支部坚持学习。", "支部坚持学习。"], ["支部坚持学习。", "支部坚持学习。"]),
        (["关于某社区党建工作的报告"], ["关于某社区党建工作的报告"]),
    ],
)
def test_split_title(lines, expected):
    assert split_title(lines) == expected


# ---------------------------------------------------------------- the stage


def test_normalize_layout_runs_every_noise_model():
    lines = [
        "某医院党委一季度工作总结",
        "某医院党委一季度工作总结一、主要工作（一）强化政治引领。党委召开中心组学习 3 次，",
        "2、组织全院党员集中学习。（二）推进党建业务融合。在 8 个科室设立党员先锋岗，开展",
        "3、义诊活动。二、下一步打算",
    ]
    assert [ln for ln in normalize_layout(lines) if ln] == [
        "某医院党委一季度工作总结",
        "一、主要工作",
        "（一）强化政治引领。党委召开中心组学习 3 次，组织全院党员集中学习。",
        "（二）推进党建业务融合。在 8 个科室设立党员先锋岗，开展义诊活动。",
        "二、下一步打算",
    ]


def _wrap(text: str, width: int) -> str:
    """Every line cut at `width` characters, as a PDF text layer does."""
    return "\n".join(
        para[i : i + width] for para in text.split("\n") for i in range(0, max(len(para), 1), width)
    )


def test_hard_wrapped_heading_and_quote_are_rejoined():
    text = _wrap(
        "某中学党总支2024年党建工作总结\n"
        "（一）坚持思想引领，筑牢立德树人根基。党总支以“勤廉实干”为主题开展教育活动，全年组织集中"
        "学习 10 次，教职工思想政治素质有了新提升，师生对党组织的认同感进一步增强。\n"
        "（二）坚持固本强基，建强支部战斗堡垒，推动基层组织全面进步。支部书记全部由骨干教师担任，"
        "党员参与率明显提高，组织生活质量稳步提升，基层组织的凝聚力和战斗力不断增强。\n",
        26,
    )
    cleaned = clean_text(text).text
    assert "“勤廉实干”" in cleaned
    assert "\n（二）坚持固本强基，建强支部战斗堡垒，推动基层组织全面进步。支部" in cleaned


def test_a_quote_left_open_continues_on_the_next_line():
    lines = [
        "某中学党建工作总结",
        "（一）筑牢思想根基。党总支今年一年以“勤廉",
        "实干”为主题开展教育活动。",
    ]
    assert normalize_layout(lines)[1:] == [
        "（一）筑牢思想根基。党总支今年一年以“勤廉实干”为主题开展教育活动。"
    ]


_NOISY = st.text(alphabet="一二三、（）().。，2 3\n党建工作总结今年以来是抓X+", max_size=400)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=30))
def test_normalize_layout_never_raises(lines):
    lines = [ln.replace("\n", "") for ln in lines]
    out = normalize_layout(lines)
    assert all(isinstance(ln, str) and "\n" not in ln for ln in out)


@settings(max_examples=200, deadline=None)
@given(_NOISY)
def test_noise_models_keep_every_character(text):
    # the noise models move line breaks and drop only markers and repeated titles
    lines = text.split("\n")
    kept = "".join(split_run_on(lines)).replace(" ", "")
    assert kept == "".join(lines).replace(" ", "")
    assert len("".join(drop_chunk_markers(lines)[0])) <= len("".join(lines))


def test_noise_models_are_linear_on_a_long_run_on_page():
    # one 1 MB line holding a whole outline of 20 parts: handled whole (a quadratic rule would
    # take minutes on it)
    numerals = [*"一二三四五六七八九十", *(f"十{c}" for c in "一二三四五六七八九"), "二十"]
    body = "坚持开展主题党日，组织党员到纪念馆接受教育。" * 1000
    page = "".join(
        f"{n}、主要工作（一）筑牢思想根基。{body}（二）建强堡垒。{body}" for n in numerals
    )
    pieces = split_run_on([page])
    assert len(page) > 800_000 and len(pieces) == 3 * len(numerals)


_WRAPPED_BODY = [
    "今年以来，支部坚持以党建引领业务发展，把学习教",
    "育、组织建设和服务群众三项工作统筹起来，每月召",
    "开支委会研究部署，每季度开展一次专题组织生活会",
    "，党员先锋作用明显增强。",
]


@pytest.mark.parametrize(
    ("title_lines", "title"),
    [
        # a full wrapped title line goes on into the next one
        (
            ["某某县某某镇某某村党总支部二〇二五年度基层党", "建工作总结"],
            "某某县某某镇某某村党总支部二〇二五年度基层党建工作总结",
        ),
        # a title line ending with a title's last word is whole, even at the wrap width
        (
            ["青山区城投集团党委推进党建与生产经营融合的实践"],
            "青山区城投集团党委推进党建与生产经营融合的实践",
        ),
        (
            ["青山中学党支部书记二〇二五年度党建述职报告"],
            "青山中学党支部书记二〇二五年度党建述职报告",
        ),
        (
            ["某某县某某镇某某村党总支部二〇二五年度工作打谱"],
            "某某县某某镇某某村党总支部二〇二五年度工作打谱",
        ),
    ],
)
def test_a_wrapped_title_is_joined_unless_it_ends_like_a_title(title_lines, title):
    assert normalize_layout(title_lines + _WRAPPED_BODY)[0] == title
