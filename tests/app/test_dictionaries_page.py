"""数据管理 › 词典与资源: 已知提法 is edited like the other dictionaries — validated line by line in
Chinese, saved, reset to the default — and a saved change re-extracts the formulations every page
shows, without a restart."""

from __future__ import annotations

import pytest

from analysis.core.resources import default_texts
from analysis.store.database import CorpusStore
from tests.app.helpers import open_app_page, paged_values

PAGE = "views/manage.py"
AREA = "res_text_formulations_{gen}"
NEW_TERM = (
    "双融合"  # written unquoted in 兴城投资党支部's report ("…的双融合党支部"), not in the list
)


def _editor(at, gen: int = 0):
    at.selectbox(key="res_choice").set_value("formulations").run()
    assert not at.exception, at.exception
    return at.text_area(key=AREA.format(gen=gen))


def _overview_formulations(at) -> set[str]:
    """Every formulation 概览's table lists, page by page (it shows 50 rows at a time)."""
    at.switch_page("views/overview.py").run()
    assert not at.exception, at.exception
    return set(paged_values(at, "提法", "ov_formulations_page"))


def test_formulations_are_listed_with_their_default(isolated_db):
    at = open_app_page(PAGE)
    area = _editor(at)
    assert area.label == "已知提法"
    assert area.value == default_texts().formulations and "三会一课" in area.value
    assert any("（默认内容）" in c.value and "引号" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("党建 引领", "空格"),
        ("党", "只有一个字"),
        ("坚持以习近平新时代中国特色社会主义思想为指导", "最多 12 个字"),
        ("红色·管家", "标点或符号"),
        ("“三会一课”", "标点或符号"),
    ],
)
def test_a_bad_line_is_refused_and_named(isolated_db, line, fragment):
    at = open_app_page(PAGE)
    store = CorpusStore(str(isolated_db))
    before = store.revision()
    _editor(at).set_value(f"# 注释\n三会一课\n{line}\n").run()
    at.button(key="res_save").click().run()
    assert not at.exception
    assert any("「已知提法」未保存" in e.value for e in at.error)
    problems = at.code[0].value
    assert "第 3 行" in problems and fragment in problems
    assert store.resource_overrides() == {} and store.revision() == before


def test_a_saved_term_is_found_on_the_pages_and_reset_removes_it(isolated_db):
    at = open_app_page(PAGE)
    store = CorpusStore(str(isolated_db))
    assert NEW_TERM not in _overview_formulations(at)
    at.switch_page(PAGE).run()
    edited = default_texts().formulations + f"{NEW_TERM}\n"
    _editor(at).set_value(edited).run()
    at.button(key="res_save").click().run()
    assert not at.exception, at.exception
    assert any("已保存「已知提法」" in s.value for s in at.success)
    assert store.resource_overrides() == {"formulations": edited}
    assert NEW_TERM in _overview_formulations(at)  # re-extracted, no restart
    at.switch_page(PAGE).run()
    assert _editor(at, gen=1).value == edited  # the editor reloads what was saved
    at.button(key="res_reset_ask").click().run()
    at.button(key="res_reset_confirm").click().run()
    assert not at.exception
    assert store.resource_overrides() == {}
    assert NEW_TERM not in _overview_formulations(at)
