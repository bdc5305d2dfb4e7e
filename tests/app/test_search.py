"""关键词检索 page: KWIC lines with the term centred, sorting, counts per branch and year, suggestion
pills, Traditional queries, the jump to a report, filters."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_app_page

PAGE = "views/search.py"


def open_page(**state) -> AppTest:
    return open_app_page(PAGE, **state)


def search(at: AppTest, query: str) -> AppTest:
    at.text_input(key="sr_query").input(query).run()
    assert not at.exception, at.exception
    return at


def kwic_table(at: AppTest):
    return next(df.value for df in at.dataframe if "检索词" in df.value.columns)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_search_lines_and_counts(sample_db):
    at = open_page()
    assert any("输入一个词" in i.value for i in at.info)  # no query yet
    at = search(at, "三会一课")
    assert metrics(at)["命中次数"] == "4"
    assert metrics(at)["命中报告"] == "3 / 5"
    lines = kwic_table(at)
    assert set(lines["检索词"]) == {"三会一课"}
    assert all(link.startswith("report?id=") for link in lines["报告"])
    for left, sentence in zip(lines["左侧语境"], lines["句子"], strict=True):
        assert "三会一课" in sentence and len(left) <= 25
    assert len(at.get("plotly_chart")) == 2  # per branch, per year


def test_sorting_by_left_and_right_context(sample_db):
    at = search(open_page(), "党员")
    at.radio(key="sr_sort").set_value("按左侧语境").run()
    left = list(kwic_table(at)["左侧语境"])
    assert left == sorted(left, key=lambda s: s[::-1])
    at.radio(key="sr_sort").set_value("按右侧语境").run()
    right = list(kwic_table(at)["右侧语境"])
    assert right == sorted(right)
    at.toggle(key="sr_relative").set_value(True).run()
    assert not at.exception


def test_traditional_query_and_suggestions(sample_db):
    at = search(open_page(), "黨建引領")
    assert int(metrics(at)["命中次数"]) > 0
    assert set(kwic_table(at)["检索词"]) == {"党建引领"}
    pills = at.get("button_group")[0]
    assert "三会一课" in pills.options
    pills.set_value("双报到").run()
    assert not at.exception
    assert at.text_input(key="sr_query").value == "双报到"
    assert metrics(at)["命中次数"] == "2"


def test_no_hit_and_blank_query(sample_db):
    at = search(open_page(), "不存在的词语")
    assert metrics(at)["命中次数"] == "0"
    assert any("没有找到" in i.value for i in at.info)
    at = search(at, "   ")
    assert not at.metric


def test_filters_restrict_the_search(sample_db):
    at = search(open_page(flt_year=[2023]), "三会一课")
    assert metrics(at)["命中报告"] == "0 / 1"


def test_open_report_from_a_hit(sample_db):
    """Select a concordance line (its whole sentence shows), click the real open button: the report page opens
    on that report with the hit highlighted in its text."""
    at = search(open_page(), "双报到")
    first = kwic_table(at).iloc[0]
    rid = int(first["报告"].split("id=")[1].split("&")[0])
    # AppTest cannot click a table row: the row selection is set as the widget state
    at.session_state["sr_lines"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    card = next(str(h.value) for h in at.get("html") if 'data-key="此处"' in str(h.value))
    assert ">双报到</mark>" in card and first["句子"][:8] in card  # the whole sentence, marked
    at.button(key="sr_lines_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "报告详情"
    assert at.selectbox(key="report_id").value == rid
    jump = [str(h.value) for h in at.get("html") if 'data-key="此处"' in str(h.value)]
    assert len(jump) == 1 and ">双报到</mark>" in jump[0] and 'data-key="句"' in jump[0]
