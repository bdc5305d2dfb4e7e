"""Issue 16, hole 6: user text planted in a branch, a title, a theme and a report's text never
becomes an image, a link or math on any page (escaped in Markdown, inert in chart labels)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core import escape
from analysis.core.models import Extracted
from analysis.corpus.loading import ensure_samples
from analysis.store.database import CorpusStore
from analysis.text.theme_dictionary import (
    add_theme,
    add_word,
    dump_theme_dictionary,
    parse_theme_dictionary,
)
from tests.app.helpers import APP, routed_pages
from tests.app.rendered import chart_texts, foreign_markup, html_texts, markdown_texts

PAYLOADS = (
    "![x](http://example.invalid/x.png)",
    "$$x$$",
    "<a href=http://example.invalid>a</a>",
    "[a](javascript:alert(1))",
)
# Theme names cannot hold a colon: the same attacks without one.
THEMES = ("![t](//example.invalid/t.png)", "$$t$$", "<a href=//example.invalid>t</a>")
BRANCH = "红旗党支部" + "".join(PAYLOADS)
TITLE = "年度报告" + "".join(PAYLOADS)
WORD = "志愿服务"  # every planted theme's word, in the hostile report's text
TEXT = (
    f"{TITLE}\n一、主要做法\n一是开展{WORD}活动，{PAYLOADS[0]}。\n"
    f"二是落实“三会一课”制度，{PAYLOADS[1]}{PAYLOADS[2]}。\n三是组织{WORD}，{PAYLOADS[3]}。\n"
)
# An unescaped image, link, math or HTML anchor, in Markdown or in a chart label.
MARKUP = re.compile(
    r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\((?:http|//|javascript)|(?<!\\)\$\$|(?<!\\)<a[\s>]"
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """The samples, one hostile report and three hostile themes; yields the report's id."""
    path = tmp_path_factory.mktemp("hostile") / "app.db"
    store = CorpusStore(str(path))
    ensure_samples(store)
    rid = store.add(
        "恶意.txt", Extracted(text=TEXT, fmt="txt"), {"branch": BRANCH, "title": TITLE}
    ).report_id
    d = parse_theme_dictionary(store.resource_overrides().get("themes") or _default_themes())
    for name in THEMES:
        d = add_word(add_theme(d, name, "说明" + PAYLOADS[1]), name, WORD)
    store.set_resource("themes", dump_theme_dictionary(d))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJ_DB", str(path))
        yield rid


def _default_themes() -> str:
    from analysis.core.resources import default_texts

    return default_texts().themes


def _cases(rid_key: str = "RID") -> list:
    """(page, preset session state) to visit: every routed page, and the views where the hostile
    report, branch and themes are chosen."""
    cases = [(page, {}) for page in routed_pages()]
    cases += [("views/report.py", {"report_id": rid_key, "rp_tab": tab}) for tab in _REPORT_TABS]
    cases += [("views/overview.py", {"ov_branch": BRANCH, "ov_theme": THEMES[0]})]
    cases += [
        ("views/themes.py", {"th_theme": t, "th_tab": tab}) for t in THEMES for tab in _THEME_TABS
    ]
    cases += [("views/search.py", {"sr_query": WORD})]
    cases += [
        pytest.param(
            "views/compare.py",
            {"cmp_a_branch": BRANCH, "cmp_b_branch": "兴城投资党支部", "cmp_tab": tab},
        )
        for tab in _COMPARE_TABS
    ]
    return cases


_REPORT_TABS = ("大纲与举措", "数字指标", "提法", "关键词", "原文与主题")
_THEME_TABS = ("主题分析与词典", "发现新主题", "共现网络")
_COMPARE_TABS = ("总体", "词语", "主题", "举措", "数字", "提法")


@pytest.mark.parametrize(("page", "state"), _cases(), ids=lambda v: str(v)[:40])
def test_no_planted_markup_is_rendered(hostile_db, page, state):
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = hostile_db if value == "RID" else value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    shown = markdown_texts(at)
    leaks = [s for s in shown if MARKUP.search(s)]
    assert not leaks, leaks[:3]
    charts = [s for s in chart_texts(at) if "<a" in s or "<img" in s]
    assert not charts, charts[:3]
    foreign = [(foreign_markup(h), h[:200]) for h in html_texts(at) if foreign_markup(h)]
    assert not foreign, foreign[:3]


def test_planted_text_is_shown_escaped_not_dropped(hostile_db):
    """The hostile report's page shows its branch and text, escaped (the test above is not vacuous)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["report_id"] = hostile_db
    at.session_state["rp_tab"] = "原文与主题"
    at.run()
    at.switch_page("views/report.py").run()
    shown = "\n".join(html_texts(at))  # the text tab: HTML, no Markdown
    for payload in PAYLOADS:
        assert escape.html_text(payload) in shown
