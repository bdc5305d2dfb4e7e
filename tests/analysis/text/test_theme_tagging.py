"""Tagging many outline items in one scan gives each item the themes it gets on its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.resources import default_texts
from analysis.text.theme_dictionary import parse_theme_dictionary
from analysis.text.theme_scoring import (
    _GAP,
    _primary,
    _tag_joined,
    measure_themes,
    score_themes,
    tag_items,
    theme_tagger,
)

D = parse_theme_dictionary(default_texts().themes)

# Pieces that make items end or start inside an organization name, a sentence or a theme word.
PIECES = [
    "楼宇综合",
    "党委",
    "**",
    "发挥楼宇综合党委作用",
    "开展主题党日活动",
    "三会一课",
    "志愿服务",
    "党建与业务融合",
    "兴城投资党支部",
    "组织生活会",
    "。",
    "；",
    "\n",
    "一、",
    "廉洁",
    "疫情防控",
    "黨建",
    "ＡＢＣ",
]
items = st.lists(
    st.tuples(
        st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
        st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    ),
    max_size=6,
)


def _alone(title: str, text: str) -> tuple[str, ...]:
    """The themes of one item scanned by itself (a batch of one)."""
    return tag_items([(title, title + text)], theme_tagger(D))[0]


@settings(max_examples=200, deadline=None)
@given(items)
def test_a_batch_tags_each_item_as_it_is_tagged_alone(pairs):
    batch = tag_items([(title, title + text) for title, text in pairs], theme_tagger(D))
    assert batch == [_alone(title, text) for title, text in pairs]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # 综合党委 inside the name 楼宇综合党委 is no hit; on its own in the next item it is.
        ([("", "发挥楼宇综合党委作用"), ("综合党委", "综合党委")], [(), ("共建联建",)]),
        # A name cut across two items is no name in either: 党委 is the second item's own start.
        ([("", "楼宇综合"), ("", "党委统一部署志愿服务")], [(), ("服务群众",)]),
        ([("开展主题党日活动", "开展主题党日活动"), ("", "")], [("组织生活",), ()]),
        ([], []),
    ],
)
def test_tag_items_table(items, expected):
    assert tag_items(items, theme_tagger(D)) == expected


def test_measure_themes_is_a_batch_of_one():
    title, text = "深化党建与业务融合", "深化党建与业务融合，开展志愿服务。"
    assert measure_themes(title, text, D) == tag_items([(title, text)], theme_tagger(D))[0]


reports = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(reports, st.data())
def test_items_of_a_scored_report_tag_as_with_a_cold_memo_and_as_one_joined_scan(text, data):
    """The sentence memo filled by scoring a report changes no item's themes: equal to a cold
    memo and to the joined scan (Traditional text and all)."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=8)))
    pairs = [(text[a:b][:6], text[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
    tagger = theme_tagger(D)
    tagger.memo.clear()
    tagger.masks.clear()
    cold = tag_items(pairs, tagger)
    score_themes(text, D)
    warm = tag_items(pairs, tagger)
    parts = [p for title, body in pairs for p in (title, body[len(title) :])]
    weights: list[dict[str, int]] = [{} for _ in pairs]
    _tag_joined(tagger, _GAP.join(parts), parts, weights)
    joined = [_primary(w, tagger.names, 2) for w in weights]
    assert warm == cold == joined


def test_scoring_remembers_sentences_but_not_traditional_text():
    tagger = theme_tagger(D)
    tagger.memo.clear()
    score_themes("开展主题党日活动。落实三会一课；", D)
    assert {"开展主题党日活动", "落实三会一课"} <= set(tagger.memo)
    tagger.memo.clear()
    score_themes("黨建引領。开展主题党日活动。", D)
    assert tagger.memo == {}


def test_a_tagged_measure_equals_the_measure_replaced():
    """tag_measures copies a measure's fields instead of calling dataclasses.replace: same value."""
    from dataclasses import replace

    from analysis.core.models import Measure
    from analysis.text.theme_scoring import tag_measures

    m = Measure("开展主题党日活动", 2, "做法", ("一、",), "开展主题党日活动", 3, 11, (), "1.1", "1")
    (tagged,) = tag_measures([m], D)
    assert tagged == replace(m, themes=("组织生活",))
    assert hash(tagged.themes) == hash(("组织生活",)) and m.themes == ()


def test_a_dictionary_word_holding_a_sentence_end_tags_with_the_joined_scan():
    """A word like 学习；教育 (refused by the parser, possible in code) spans two sentences: no
    per-sentence memo, the joined scan decides."""
    from analysis.text.theme_dictionary import Theme, ThemeDictionary

    d = ThemeDictionary((Theme("学习", words=("学习；教育",)), Theme("其他", words=("志愿服务",))))
    tagger = theme_tagger(d)
    assert tagger is not None and not tagger.local
    pairs = [("", "组织学习；教育党员"), ("志愿服务", "志愿服务。")]
    assert tag_items(pairs, tagger) == [("学习",), ("其他",)]
    assert tagger.memo == {} and tagger.masks == {}
