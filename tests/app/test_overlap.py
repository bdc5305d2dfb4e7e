"""雷同检测 page: the pairs (a chosen row opens both texts with the shared passages marked), each
report's 文字复制比, the matrix, one report's check opened from 报告详情 with its year over year."""

from __future__ import annotations

import pytest

from analysis.core.models import Extracted
from analysis.corpus.loading import ensure_samples
from analysis.store.database import CorpusStore
from tests.app.helpers import open_app_page, refuse_corpus_load
from tests.app.rendered import foreign_markup, html_texts
from tests.latin import offending

PAGE = "views/overlap.py"
PLANTED = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def copied(sample_db):
    """The samples plus next year's report of sample 0's branch: sample 0 with the years moved on
    and a line of planted markup (which must show as text)."""
    store = CorpusStore(sample_db)
    ensure_samples(store)
    first = store.get(int(store.list_reports()["id"].iloc[0]))
    text = first.text.replace("2022", "2023").replace("2021", "2022") + f"\n{PLANTED}\n"
    meta = {"branch": first.branch, "year": (first.year or 2022) + 1, "title": "明年的报告"}
    new = store.add("明年.txt", Extracted(text=text, fmt="txt", encoding="utf-8"), meta)
    return first.id, new.report_id


def _marks(at) -> list[str]:
    return [h for h in html_texts(at) if 'data-key="共享"' in h]


def test_pairs_table_and_side_by_side_view(copied):
    at = open_app_page(PAGE)
    assert at.title[0].value == "雷同检测"
    assert not at.error
    table = at.dataframe[0].value
    assert table["报告 B"].tolist()[:1] == ["明年的报告"] or table["报告 A"].tolist()[:1] == [
        "明年的报告"
    ]
    assert table["文字复制比"].iloc[0] > 0.95
    at.dataframe[0].selection = None  # AppTest cannot click a row: select through session state
    at.session_state["ov_pairs"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    bodies = _marks(at)
    assert len(bodies) == 2  # both texts, side by side
    for body in bodies:
        assert not foreign_markup(body)
    assert any("&lt;img" in b for b in bodies)


def test_report_check_opened_from_the_report_page(copied):
    _, new = copied
    at = open_app_page("views/report.py", report_id=new)
    at.button(key="rp_overlap").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "雷同检测"
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics["文字复制比"].rstrip("%")) > 95
    assert "新增的做法" in metrics and "延续的做法" in metrics  # last year's report is there
    assert _marks(at)


def test_threshold_and_filters_leave_no_english(copied):
    at = open_app_page(PAGE)
    at.slider(key="ov_low").set_value(100).run()
    assert not at.exception
    texts = (
        [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    )
    assert not offending(texts)


@pytest.mark.parametrize(
    ("tab", "check"),
    [
        (
            "各报告文字复制比",
            lambda at: at.dataframe[0].value["大部分雷同"].tolist() == ["是", "是"],
        ),
        ("支部矩阵", lambda at: len(at.get("plotly_chart")) == 1),
    ],
)
def test_other_tabs(copied, tab, check):
    at = open_app_page(PAGE, ov_tab=tab)
    assert not at.error
    assert check(at)


def test_year_over_year_from_the_comparison_by_year(copied):
    """支部对比 按年份: the branch with reports in both years, its changes, and the link to its
    雷同检测 (issue 29)."""
    first, new = copied
    at = open_app_page("views/compare.py", cmp_by="year")
    years = at.selectbox(key="cmp_a_year").options
    assert years, "no year to compare"
    at.selectbox(key="cmp_a_year").set_value(2023)
    at.selectbox(key="cmp_b_year").set_value(2022)
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert {"新增的做法", "延续的做法", "不再提及的做法"} <= set(metrics)
    assert int(metrics["延续的做法"]) > 0  # next year's report repeats last year's practices
    at.button(key="cmp_yoy_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "雷同检测"
    assert at.session_state["ov_report"] == new


@pytest.fixture
def no_corpus(copied, monkeypatch):
    """A restarted app (caches cleared) in which loading the whole corpus fails the test."""
    return refuse_corpus_load(monkeypatch)


@pytest.mark.parametrize("tab", ["单份报告检测", "雷同报告对", "各报告文字复制比", "支部矩阵"])
def test_every_tab_reads_the_stored_rows_not_the_corpus(no_corpus, tab):
    at = open_app_page(PAGE, ov_tab=tab)
    assert not at.exception, at.exception
    assert not at.error
    assert at.dataframe or at.get("plotly_chart")
    assert not no_corpus


def test_a_pair_opens_without_the_corpus(no_corpus):
    at = open_app_page(PAGE)
    at.session_state["ov_pairs"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert len(_marks(at)) == 2
    assert not no_corpus


def test_a_year_filter_is_in_the_query(copied):
    at = open_app_page(PAGE, flt_year=[2023])
    table = at.dataframe[0].value
    assert len(table) == 1 and "明年的报告" in (table["报告 A"].tolist() + table["报告 B"].tolist())


def test_another_threshold_is_computed_in_the_background(copied, sample_db):
    from analysis.corpus.overlap import maintain
    from analysis.store.database import CorpusStore
    from views import overlap_data

    at = open_app_page(PAGE)
    at.number_input(key="ov_df").set_value(3).run()
    assert not at.exception, at.exception
    jobs = [j for (_, t), j in overlap_data.jobs().items() if t == 3]
    assert len(jobs) == 1 and jobs[0].finished.wait(120) and not jobs[0].error
    at.run()
    assert not at.exception, at.exception
    assert at.dataframe and "门槛" not in " ".join(p.value for p in at.get("progress"))
    assert maintain.stored_sets(CorpusStore(sample_db)) == {5: True, 3: False}


def test_an_upload_writes_the_rows_before_any_visit(isolated_db, samples):
    """The upload page's save is a save path: the new report's pairs are stored at once."""
    from streamlit.testing.v1 import AppTest

    from analysis.corpus.overlap import maintain
    from analysis.store import overlap_rows
    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("views/manage.py")
    at.run()
    body = next(iter(samples.values()))
    copied = "某某党支部2025年度工作总结\n" + body[: len(body) // 2]
    at.file_uploader(key="uploader_0").set_value(("抄.txt", copied.encode(), "text/plain")).run()
    at.button(key="upload_save").click().run()
    assert not at.exception, at.exception
    store = CorpusStore(isolated_db)
    new = int(store.list_reports()["id"].max())
    threshold = maintain.maintained_threshold(store)
    assert threshold is not None and new in overlap_rows.checked_ids(store, threshold)
    assert any(new in (p.a, p.b) for p in overlap_rows.pairs_of(store, threshold, [new]))


def test_a_drifted_threshold_is_said_and_recomputed(isolated_db, monkeypatch):
    """The corpus grew past the threshold the rows were built with: the page says so and its
    button rebuilds them under the current one."""
    from analysis.corpus.overlap import maintain
    from views import overlap_data

    at = open_app_page(PAGE)
    store = CorpusStore(isolated_db)
    assert maintain.maintained_threshold(store) == 5
    monkeypatch.setattr(overlap_data, "default_threshold", lambda: 4)
    at.run()
    assert any("应为 4 份" in c.value for c in at.caption)
    at.button(key="ov_recompute").click().run()
    assert not at.exception, at.exception
    assert maintain.stored_sets(store) == {4: True}
