"""概览 on a first visit: the note says what the app is, that the reports are sample data and where
to go next; it can be dismissed; it folds away once the user has reports of their own. The report
list's rows open their report, and organization names stay out of the keywords by default."""

from __future__ import annotations

import re

import pytest

from analysis.core.models import Extracted
from analysis.corpus.compare.sides import org_terms
from analysis.corpus.loading import load_corpus
from analysis.corpus.sample_data import only_samples, sample_hashes
from analysis.store.database import CorpusStore
from tests.app.helpers import open_app_page, paged_values

WELCOME = "欢迎使用党建报告分析看板"
LINKS = {
    "manage": "数据管理",
    "themes": "主题探索",
    "compare": "支部对比",
    "present": "汇报模式",
}
PRODUCT_NAMES = {"Word", "PDF", "PPT", "Excel", "zip"}  # the only Latin words a user may read here


def _texts(at) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def _keywords(at) -> list[str]:
    """Every keyword 概览's table lists (all its pages), then back on its first page."""
    words = paged_values(at, "关键词", "ov_keywords_page")
    if [n for n in at.number_input if n.key == "ov_keywords_page"]:
        at.number_input(key="ov_keywords_page").set_value(1).run()
    return words


def test_first_visit_explains_the_app_and_the_samples(sample_db):
    at = open_app_page()
    texts = _texts(at)
    assert any(WELCOME in t for t in texts)
    assert any("5 份报告" in t and "**示例数据**" in t for t in texts)
    links = {link.proto.page: link.proto.label for link in at.get("page_link")}
    assert set(links) == set(LINKS)
    for page, name in LINKS.items():
        assert links[page].startswith(name)
    tips = [link.proto.help for link in at.get("page_link")]
    assert all(tips)
    welcome = [t for t in texts if "示例数据" in t or "本看板" in t] + list(links.values()) + tips
    latin = {w for t in welcome for w in re.findall(r"[A-Za-z]{2,}", t)}
    assert latin <= PRODUCT_NAMES, latin


def test_the_note_is_dismissed_for_the_session(sample_db):
    at = open_app_page()
    at.button(key="welcome_close").click().run()
    assert not at.exception
    assert not any(WELCOME in t for t in _texts(at))
    assert not at.get("page_link")
    assert at.session_state["welcome_closed"] is True
    at.switch_page("views/themes.py").run()
    at.switch_page("views/overview.py").run()
    assert not at.exception
    assert not any(WELCOME in t for t in _texts(at))


def test_own_reports_fold_the_note(isolated_db):
    store = CorpusStore(str(isolated_db))
    from analysis.corpus.loading import ensure_samples

    ensure_samples(store)
    text = "一、基本情况\n本支部坚持“三会一课”制度，全年开展主题党日12次。\n"
    store.add("自己的报告.txt", Extracted(text=text, fmt="txt"), {"branch": "测试党支部"})
    assert not only_samples(store.list_reports()["sha256"])
    at = open_app_page()
    texts = _texts(at)
    assert not any(WELCOME in t for t in texts)
    assert not any("示例数据" in t for t in texts)
    guide = [e for e in at.expander if e.label == "使用说明"]
    assert guide and not guide[0].proto.expanded
    assert len(at.get("page_link")) == len(LINKS)  # the next steps, inside the folded guide


@pytest.mark.parametrize("row", [0, 3])
def test_a_report_row_opens_its_report(sample_db, row):
    at = open_app_page()
    listing = next(df.value for df in at.dataframe if "加入时间" in df.value.columns)
    rid = int(listing.iloc[row]["编号"])
    # AppTest cannot click a table row: the row selection is set as the widget state
    at.session_state["ov_report_pick"] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "报告详情"
    assert at.selectbox(key="report_id").value == rid


def test_samples_are_recognised_by_content(sample_db):
    at = open_app_page()
    assert not at.exception
    stored = set(CorpusStore(str(sample_db)).list_reports()["sha256"])
    assert stored == sample_hashes() and only_samples(stored)
    assert not only_samples([]) and not only_samples([*stored, "0" * 64])


def test_organization_names_stay_out_of_keywords_until_switched_on(sample_db):
    corpus = load_corpus(CorpusStore(str(sample_db)))
    names = org_terms(corpus, corpus.ids)
    at = open_app_page()
    hidden = set(_keywords(at))
    assert not hidden & names
    assert any("不计入关键词和词云" in c.value for c in at.caption)
    at.sidebar.toggle(key="org_names").set_value(True).run()
    assert not at.exception
    shown = set(_keywords(at))
    assert shown & names, names  # e.g. 会堂, 后勤集团: the branches' own names
    assert shown - names <= hidden  # the same list without the names …
    assert len(hidden) == len(shown) == 200  # … cut to 200 after they are out, not before
