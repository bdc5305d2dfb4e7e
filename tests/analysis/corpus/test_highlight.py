"""analysis.corpus.highlight: report text as HTML with theme hits and a jump target marked — no
character added or lost (no spaces around a highlight), every user character escaped, only our
own <p>/<mark> markup, and highlight colours that read."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.core.palette import HIGHLIGHT_COLORS, JUMP_SENTENCE, JUMP_TARGET, contrast, text_on
from analysis.corpus.highlight import (
    CONTEXT_CHARS,
    LONG_PLACE,
    PASSAGE,
    SENTENCE,
    TARGET,
    context_html,
    legend_html,
    mark_style,
    marked_html,
    sentence_bounds,
    sentence_html,
)

RED, BLUE = HIGHLIGHT_COLORS[0], HIGHLIGHT_COLORS[1]
STYLES = {"党建": mark_style(RED), "服务": mark_style(BLUE)}
P = '<p style="line-height:1.9;margin:0 0 .6em 0">'


def mark(key: str, text: str) -> str:
    styles = {**STYLES, SENTENCE: mark_style(JUMP_SENTENCE), TARGET: mark_style(JUMP_TARGET, True)}
    return f'<mark class="dj-mark" data-key="{key}" style="{styles[key]}">{text}</mark>'


class Tags(HTMLParser):
    """Every tag and attribute name of an HTML string, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs |= {name for name, _ in attrs}

    def handle_data(self, data):
        self.text.append(data)


def parsed(markup: str) -> Tags:
    tags = Tags()
    tags.feed(markup)
    return tags


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        # the reported defect: no space on either side of a highlight next to CJK punctuation
        (
            "推进“党建与业务融合”",
            [(3, 5, "党建")],
            f"{P}推进“{mark('党建', '党建')}与业务融合”</p>",
        ),
        ("“党建”", [(1, 3, "党建")], f"{P}“{mark('党建', '党建')}”</p>"),
        # user text escaped, Markdown left as it is (st.html renders no Markdown)
        (
            "<b>党建</b> **服务**",
            [(3, 5, "党建"), (12, 14, "服务")],
            f"{P}&lt;b&gt;{mark('党建', '党建')}&lt;/b&gt; **{mark('服务', '服务')}**</p>",
        ),
        # one paragraph per line; a mark across a line break is split; blank lines dropped
        (
            "甲党\n\n建乙",
            [(1, 5, "党建")],
            f"{P}甲{mark('党建', '党')}</p>{P}{mark('党建', '建')}乙</p>",
        ),
        # overlapping marks: the earlier wins; unknown keys and empty spans are left out
        (
            "党建服务",
            [(0, 3, "党建"), (2, 4, "服务"), (0, 4, "别的"), (3, 3, "服务")],
            f"{P}{mark('党建', '党建服')}{mark('服务', '务')}</p>",
        ),
        ("", [(0, 2, "党建")], ""),
    ],
)
def test_marked_html(text, marks, expected):
    assert marked_html(text, marks, STYLES) == expected


def test_marked_html_limit_and_a_key_holding_quotes():
    assert (
        marked_html("党建服务", [(0, 4, "党建")], STYLES, limit=2)
        == f"{P}{mark('党建', '党建')}</p>"
    )
    evil = '"><script>'
    out = marked_html("党建", [(0, 2, evil)], {evil: mark_style(RED)})
    assert "<script>" not in out and "&quot;&gt;&lt;script&gt;" in out


@pytest.mark.parametrize("color", ["red", "#FFF", "#C8102E;background:url(x)", ""])
def test_only_hex_colours_reach_a_style(color):
    with pytest.raises(ValueError):
        mark_style(color)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="党建服务“”《》。，、 \n<>&\"'*_[]()$!aA1", max_size=80),
    spans=st.lists(
        st.tuples(st.integers(-5, 90), st.integers(-5, 90), st.sampled_from(["党建", "服务"])),
        max_size=6,
    ),
)
@example(
    text=" ", spans=[(0, 1, "党建")]
)  # a marked blank line is still a blank line (found by CI)
@example(text="党建\n \n服务", spans=[(2, 4, "服务")])
def test_marks_add_and_drop_no_character(text, spans):
    """Whatever the marks, the shown text is the input (lines without blank ones), and the only
    tags are our own."""
    out = parsed(marked_html(text, spans, STYLES))
    assert set(out.tags) <= {"p", "mark"}
    assert out.attrs <= {"class", "style", "data-key"}
    shown = [line for line in text.split("\n") if line.strip()]
    assert "".join(out.text) == "".join(shown)


@pytest.mark.parametrize(
    ("text", "start", "end", "bounds"),
    [
        ("一是加强学习。二是推进党建工作；三是", 11, 13, (7, 16)),
        ("开头没有句号的党建", 7, 9, (0, 9)),
        ("甲。\n  乙党建丙！丁", 6, 8, (5, 10)),  # leading blanks of a line are not the sentence
    ],
)
def test_sentence_bounds(text, start, end, bounds):
    assert sentence_bounds(text, start, end) == bounds


def test_context_html_marks_the_sentence_and_the_place():
    text = "一是加强学习。二是推进“党建与业务融合”，取得成效。三是"
    start = text.index("党建")
    expected = (
        f"{P}一是加强学习。{mark(SENTENCE, '二是推进“')}{mark(TARGET, '党建')}"
        f"{mark(SENTENCE, '与业务融合”，取得成效。')}三是</p>"
    )
    assert context_html(text, start, start + 2) == expected
    assert sentence_html(text, start, start + 2) == (
        f"{P}二是推进“{mark(TARGET, '党建')}与业务融合”，取得成效。</p>"
    )


def test_a_long_place_is_marked_without_bold():
    text = "一是" + "完善工作机制" * 10 + "。二是"
    out = sentence_html(text, 2, len(text) - 3)
    assert f'data-key="{PASSAGE}"' in out and "font-weight" not in out
    assert 'data-key="此处"' in sentence_html(text, 2, 2 + LONG_PLACE)


def test_context_html_cuts_long_text_and_clamps_a_place_past_the_end():
    text = "甲" * (CONTEXT_CHARS + 50) + "。党建。" + "乙" * (CONTEXT_CHARS + 50)
    start = text.index("党建")
    out = context_html(text, start, start + 2)
    assert out.startswith("<p>…</p>") and out.endswith("<p>…</p>")
    assert "".join(parsed(out).text).count("甲") == CONTEXT_CHARS - 1
    assert context_html("短", 5, 9) == f"{P}短</p>"


def test_legend_escapes_theme_names():
    out = legend_html({"<img src=x>": RED, "服务": BLUE})
    assert "<img" not in out and "&lt;img src=x&gt;" in out
    assert set(parsed(out).tags) == {"p", "mark"}


def test_highlight_colours_are_distinct_and_readable():
    colours = [*HIGHLIGHT_COLORS, JUMP_TARGET]
    assert len(set(colours)) == len(colours)
    for c in colours:
        assert contrast(c, text_on(c)) >= 4.5, c
    # strong: every theme colour stands out from the white page
    assert all(contrast(c, "#FFFFFF") >= 2.5 for c in HIGHLIGHT_COLORS)
    assert re.fullmatch(r"#[0-9A-F]{6}", JUMP_SENTENCE)
    assert html.escape(text_on(RED)) == "#FFFFFF"
