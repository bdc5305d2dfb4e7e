"""Hard wraps joined with their offsets kept (analysis/text/hard_wraps.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text.hard_wraps import JoinedText

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
