"""Hard wraps joined with their offsets kept (analysis/text/hard_wraps.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text.hard_wraps import JoinedText
from analysis.text.line_shapes import cut_inside_sentence
from analysis.text.unwrap import join_wrapped

LONG = "组织党员志愿者深入社区开展环境整治活动累计"  # 21 characters, no punctuation


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a long line cut with no punctuation goes on
        (LONG + "2\n0余次。", LONG + "20余次。"),
        (LONG + " \n 20余次。", LONG + "20余次。"),
        # a sentence end, a short heading line, a blank line, the last line: real line ends
        (LONG + "。\n下一段", LONG + "。\n下一段"),
        # a closing quote ends a sentence only after sentence punctuation
        (LONG + "“强村富民”\n目标", LONG + "“强村富民”目标"),
        (LONG + "。”\n下一段", LONG + "。”\n下一段"),
        ("二、工作成效\n党员120名。", "二、工作成效\n党员120名。"),
        (LONG + "\n\n下一段", LONG + "\n\n下一段"),
        (LONG + "\n", LONG + "\n"),
        ("", ""),
    ],
)
def test_joined_text(text, joined):
    assert JoinedText(text).joined == joined


def test_offsets_map_back_to_the_text():
    text = "前言。\n" + LONG + "9\n00余人次，" + LONG + "又\n一行。"
    wraps = JoinedText(text)
    joined = wraps.joined
    for j, char in enumerate(joined):
        assert text[wraps.orig(j)] == char
    start = joined.index("900")
    end = start + len("900余人次")
    assert text[wraps.orig(start) : wraps.orig_end(end)] == "9\n00余人次"
    assert wraps.joined_offset(text.index("00余")) == start + 1
    assert wraps.joined_offset(text.index("\n00余")) == start + 1  # a removed break: what follows


@given(st.lists(st.sampled_from([LONG, "短句", "。", "\n", " ", "12"]), max_size=40).map("".join))
def test_every_joined_character_maps_to_itself(text):
    wraps = JoinedText(text)
    assert all(text[wraps.orig(j)] == c for j, c in enumerate(wraps.joined))
    assert wraps.orig_end(len(wraps.joined)) <= len(text)
    for j in range(len(wraps.joined)):
        assert wraps.joined_offset(wraps.orig(j)) == j


# The one wrap rule (analysis/text/line_shapes.cut_inside_sentence), asked by JoinedText and by
# cleaning's join_wrapped alike.
@pytest.mark.parametrize(
    ("line", "size", "width", "cut"),
    [
        ("党支部坚持以党建引领社区治理，围绕居民所需所盼，扎实推", None, 0, True),
        ("党支部坚持以党建引领社区治理，围绕居民所需所盼，扎实推进。", None, 0, False),
        ("党支部坚持以党建引领社区治理，推动“党建强、发展强”。”", None, 0, False),
        ("截至12月末，支行各项存款余额达到36.", None, 0, True),  # a decimal cut
        ("一、主要做法", None, 0, False),  # a heading is short
        ("围绕居民所需所盼", 24, 0, True),  # the logical line is long
        ("围绕居民所需所盼扎实推进", None, 12, True),  # a narrow column
        ("", None, 0, False),
    ],
)
def test_one_wrap_rule(line, size, width, cut):
    assert cut_inside_sentence(line, size, width) is cut


@given(
    st.text(alphabet="党建支部，。“”", min_size=1, max_size=40),
    st.text(alphabet="党建支部，。", min_size=1, max_size=20),
)
def test_a_break_cleaning_glues_is_a_wrap_for_joined_text(a, b):
    glued = join_wrapped(["标题", a, b])
    if len(glued) == 2:  # cleaning glued a and b: the one rule called the break a wrap
        assert cut_inside_sentence(a)
        assert JoinedText(a + "\n" + b).joined == a + b
