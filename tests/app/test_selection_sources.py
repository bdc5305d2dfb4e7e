"""One key per choice (issue 26): the theme a page shows as selected and the evidence it shows come
from the same session_state key, on a first visit, after a picker change and after a heatmap click
(its callback writes that key); likewise 主题探索's theme and 报告详情's report."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.escape import markdown
from analysis.core.resources import default_texts
from analysis.text.theme_dictionary import parse_theme_dictionary
from tests.app.helpers import open_app_page
from views.selection import REPORT_KEY, THEME_KEY, heat_cell

OV_BRANCH, OV_THEME = "ov_branch", "ov_theme"  # views.overview.BRANCH_KEY, THEME_KEY
DICTIONARY = parse_theme_dictionary(default_texts().themes)


def theme_words(theme: str) -> set[str]:
    """Every word a hit of `theme` may name: its words and the words of its 'all' groups."""
    t = DICTIONARY.get(theme)
    return set(t.words) | {w for group in t.all for w in group}


def evidence_table(at: AppTest):
    """The evidence table shown, or None when the branch has no hit."""
    return next((df.value for df in at.dataframe if "证据句" in df.value.columns), None)


def assert_evidence_of_selected(at: AppTest) -> str:
    """The overview's selected theme: its picker, its key and its evidence agree."""
    assert not at.exception, at.exception
    theme = at.selectbox(key=OV_THEME).value
    branch = at.selectbox(key=OV_BRANCH).value
    assert theme == at.session_state[OV_THEME] and branch == at.session_state[OV_BRANCH]
    heading = next(md.value for md in at.markdown if md.value.startswith("**证据句**"))
    assert f"（{markdown(branch)} · {markdown(theme)}）" in heading
    table = evidence_table(at)
    if table is not None:
        assert set(table["主题"]) == {theme}
        words = theme_words(theme)
        for term in table["命中词"]:
            assert set(term.split("+")) <= words, (theme, term)
    return theme


def test_overview_first_visit_shows_the_selected_themes_evidence(sample_db):
    at = open_app_page()
    theme = assert_evidence_of_selected(at)
    assert evidence_table(at) is not None, theme  # the branch's strongest theme has hits


@pytest.mark.parametrize("theme", ["政治建设", "党建业务融合", "组织生活"])
def test_overview_picker_path(sample_db, theme):
    at = open_app_page()
    at.selectbox(key=OV_BRANCH).select("兴城投资党支部").run()
    at.selectbox(key=OV_THEME).select(theme).run()
    assert assert_evidence_of_selected(at) == theme


def test_overview_heatmap_click_path(sample_db):
    """A click runs views.overview._pick_cell, which writes the two keys from heat_cell; the page
    then shows that cell (picker and evidence) on the next run."""
    at = open_app_page()
    branches = at.selectbox(key=OV_BRANCH).options
    themes = at.selectbox(key=OV_THEME).options
    for point in ({"point_index": [1, 4]}, {"point_index": 2 * len(themes) + 7}):
        cell = heat_cell([point], branches, themes)
        assert cell is not None
        at.session_state[OV_BRANCH], at.session_state[OV_THEME] = cell
        at.run()
        assert assert_evidence_of_selected(at) == cell[1]
        assert at.selectbox(key=OV_BRANCH).value == cell[0]


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ({"point_index": [0, 1]}, ("甲", "b")),
        ({"point_index": 3}, ("乙", "a")),  # flat index of a marker: row 1, column 0
        ({"point_index": [5, 0]}, None),  # outside the drawn rows
        ({}, None),
    ],
)
def test_heat_cell_reads_both_index_shapes(point, expected):
    assert heat_cell([point], ["甲", "乙"], ["a", "b", "c"]) == expected


def test_themes_page_evidence_is_the_selected_themes(sample_db):
    at = open_app_page("views/themes.py")
    for theme in (at.selectbox(key=THEME_KEY).value, "廉政建设"):
        if at.selectbox(key=THEME_KEY).value != theme:
            at.selectbox(key=THEME_KEY).select(theme).run()
        assert not at.exception, at.exception
        assert at.session_state[THEME_KEY] == at.selectbox(key=THEME_KEY).value == theme
        table = next(df.value for df in at.dataframe if "证据句" in df.value.columns)
        words = theme_words(theme)
        assert all(set(t.split("+")) <= words for t in table["命中词"]), theme


def test_report_page_shows_the_report_of_its_key(sample_db):
    at = open_app_page("views/report.py")
    first = at.session_state[REPORT_KEY]
    assert at.selectbox(key=REPORT_KEY).value == first
    at.selectbox(key=REPORT_KEY).select_index(2).run()
    assert not at.exception, at.exception
    other = at.selectbox(key=REPORT_KEY).value
    assert other != first and at.session_state[REPORT_KEY] == other
