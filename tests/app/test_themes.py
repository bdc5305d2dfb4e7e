"""主题探索 page: one theme across branches, topics, network, and editing the dictionary in the
page (validated, saved to the store, scores updated without a restart)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_app_page

PAGE = "views/themes.py"


def open_page(**state) -> AppTest:
    return open_app_page(PAGE, **state)


def table_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def evidence_count(at: AppTest) -> int:
    """N from the "证据句（N 句）" heading."""
    for md in at.markdown:
        m = re.search(r"证据句（(\d+) 句）", md.value)
        if m:
            return int(m.group(1))
    raise AssertionError("no evidence heading")


def test_theme_page_on_samples(sample_db):
    at = open_page()
    assert at.title[0].value == "主题探索"
    at.selectbox(key="th_theme").select("组织生活").run()
    assert not at.exception
    assert at.get("plotly_chart")
    measures = table_with(at, "所在章节")
    assert all("组织生活" in themes.split("、") for themes in measures["主题"])
    evidence = table_with(at, "证据句")
    assert len(evidence) == evidence_count(at) > 0
    words = table_with(at, "命中句数")
    assert "三会一课" in set(words["关键词"])


def test_evidence_row_opens_the_report_at_its_sentence(sample_db):
    """Long evidence sentences wrap in their rows; a selected row shows its whole sentence and
    its button opens the report page at that sentence, the hit marked."""
    at = open_page(th_theme="组织生活")
    evidence = table_with(at, "证据句")
    table = next(df for df in at.dataframe if "证据句" in df.value.columns)
    assert table.proto.row_height > 64  # above 4rem: Streamlit wraps the text of a cell
    longest = int(evidence["证据句"].str.len().idxmax())
    at.session_state["th_evidence"] = {"selection": {"rows": [longest], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    card = next(str(h.value) for h in at.get("html") if 'data-key="此处"' in str(h.value))
    plain = re.sub(r"<[^>]+>", "", card)
    assert evidence["证据句"].iloc[longest].strip("…")[:20] in plain
    at.button(key="th_evidence_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "报告详情"
    assert at.session_state["rp_tab"] == "原文与主题"
    jump = next(str(h.value) for h in at.get("html") if 'data-key="此处"' in str(h.value))
    word = evidence["命中词"].iloc[longest].split("+")[0]
    assert word in jump and 'data-key="句"' in jump


def test_topics_and_network_tabs(sample_db):
    at = open_page(th_tab="发现新主题")
    topics = table_with(at, "占比（%）")
    assert 1 <= len(topics) <= 6
    at.radio(key="th_topic_unit").set_value("段落").run()
    assert not at.exception
    at.session_state["th_tab"] = "共现网络"
    at.run()
    assert not at.exception
    nodes = table_with(at, "群组")
    edges = table_with(at, "关联度")
    assert len(nodes) > 5 and len(edges) > 5
    assert set(edges["词1"]) | set(edges["词2"]) <= set(nodes["关键词"])


def test_edit_dictionary_updates_scores(isolated_db):
    from analysis.store.database import CorpusStore

    at = open_page(th_theme="基层治理")
    before = evidence_count(at)
    at.text_input(key="th_new_word").input("楼宇").run()
    at.button(key="th_add_btn").click().run()
    assert not at.exception
    assert any("楼宇" in s.value for s in at.success)
    assert evidence_count(at) > before  # re-scored at once
    assert "楼宇" in CorpusStore(isolated_db).resource_overrides()["themes"]

    at.multiselect(key="th_remove").set_value(["楼宇"]).run()
    at.button(key="th_remove_btn").click().run()
    assert not at.exception
    assert evidence_count(at) == before
    assert "楼宇" not in set(table_with(at, "命中句数")["关键词"])


@pytest.mark.parametrize(
    ("word", "message"),
    [("党员 大会", "空格"), ("三会一课", "已经在"), ("", "不能为空")],
)
def test_invalid_words_are_refused(isolated_db, word, message):
    from analysis.store.database import CorpusStore

    at = open_page(th_theme="组织生活")
    at.text_input(key="th_new_word").input(word).run()
    at.button(key="th_add_btn").click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert "themes" not in CorpusStore(isolated_db).resource_overrides()


def test_new_theme_and_reset(isolated_db):
    at = open_page()
    at.text_input(key="th_new_theme").input("志愿服务队").run()
    at.button(key="th_add_theme_btn").click().run()
    assert not at.exception
    assert "志愿服务队" in at.selectbox(key="th_theme").options
    assert at.selectbox(key="th_theme").value == "志愿服务队"
    at.button(key="th_reset_btn").click().run()
    assert not at.exception
    assert "志愿服务队" not in at.selectbox(key="th_theme").options


def test_editing_needs_the_admin_password_when_set(isolated_db, monkeypatch):
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "secret")
    at = open_page()
    assert any("管理密码" in i.value for i in at.info)
    assert not [t for t in at.text_input if t.key == "th_new_word"]


def test_long_tables_are_sent_a_page_at_a_time(sample_db, monkeypatch):
    """A table longer than a page sends one page of rows (issue 28: small payloads); the heading
    counts every row, page 2 holds the next rows, and a row picked there opens its own sentence."""
    from views import table_pages

    monkeypatch.setattr(table_pages, "PAGE_ROWS", 3)
    at = open_page(th_theme="组织生活")
    total = evidence_count(at)
    assert total > 3
    first = table_with(at, "证据句")
    assert len(first) == 3
    at.number_input(key="th_evidence_page").set_value(2).run()
    assert not at.exception, at.exception
    second = table_with(at, "证据句")
    assert len(second) == min(3, total - 3)
    assert list(second["证据句"]) != list(first["证据句"])
    at.session_state["th_evidence_p2"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    card = next(str(h.value) for h in at.get("html") if 'data-key="此处"' in str(h.value))
    assert second["证据句"].iloc[0].strip("…")[:12] in re.sub(r"<[^>]+>", "", card)
