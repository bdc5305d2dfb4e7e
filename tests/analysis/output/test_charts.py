"""analysis.output.charts: one builder per chart kind, every user label escaped, one scatter
(log axes with a floor), and the same builder behind the page, the slides and the HTML export."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.output.charts import briefing as briefing_charts
from analysis.output.charts import comparison as comparison_charts
from analysis.output.charts import style
from analysis.output.charts import tables as table_charts

ROOT = Path(__file__).resolve().parents[3]
EVIL = '<a href="http://example.invalid">a</a><img src=x>'
ESCAPED = "&lt;a href="
_LIVE = re.compile(r"<a\b|<img\b", re.I)


@pytest.fixture(autouse=True)
def no_drawing(blank_wordclouds):
    """Word clouds as a blank PNG (tests/conftest.py)."""


@pytest.fixture(scope="module")
def comparison(sample_comparison):
    return sample_comparison


@pytest.fixture(scope="module")
def hostile(comparison):
    """The comparison with a hostile side label, term, theme and practice on every side."""
    c = comparison
    words = c.words.copy()
    words.loc[words.index[0], "term"] = f"{EVIL}词"
    scatter = c.scatter.copy()
    strongest = scatter["z"].abs().idxmax()  # a labelled point
    scatter.loc[strongest, "term"] = f"{EVIL}词"
    table = c.themes.table.copy()
    table.loc[table.index[0], "theme"] = f"{EVIL}主题"
    numbers = c.numbers.copy()
    numbers.loc[numbers.index[0], "display_a"] = EVIL
    pairs = c.measures.pairs.copy()
    pairs.loc[pairs.index[0], "title_a"] = EVIL
    only_a = c.measures.only_a.copy()
    only_a.loc[only_a.index[0], "title"] = EVIL
    return replace(
        c,
        label_a=f"甲{EVIL}",
        label_b=f"乙{EVIL}",
        words=words,
        scatter=scatter,
        themes=replace(c.themes, table=table),
        numbers=numbers,
        measures=replace(c.measures, pairs=pairs, only_a=only_a),
    )


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):  # customdata is never drawn (the click returns it as data)
        return [s for k, v in node.items() if k != "customdata" for s in _strings(v)]
    if isinstance(node, list | tuple):
        return [s for v in node for s in _strings(v)]
    return []


def _texts(fig: go.Figure) -> list[str]:
    """Every string a figure shows: trace labels and hover texts, titles, annotations."""
    spec = fig.to_plotly_json()
    return [s for s in _strings(spec["data"]) + _strings(spec["layout"]) if isinstance(s, str)]


COMPARISON_BUILDERS = {
    "similarity": comparison_charts.similarity,
    "diverging": comparison_charts.diverging,
    "radar": comparison_charts.radar,
    "scatter": comparison_charts.scatter,
    "number_bars": comparison_charts.number_bars,
    "numbers_table": table_charts.numbers_table,
    "pairs_table": table_charts.pairs_table,
    "only_table": table_charts.only_table,
}


@pytest.mark.parametrize("name", list(COMPARISON_BUILDERS))
def test_comparison_builders_escape_every_label(hostile, name):
    texts = _texts(COMPARISON_BUILDERS[name](hostile))
    assert not [t for t in texts if _LIVE.search(t)]
    if name != "similarity":  # the similarity bars name no side
        assert any(ESCAPED in t for t in texts), name


@pytest.mark.parametrize(
    "fig",
    [
        lambda: briefing_charts.heatmap(
            pd.DataFrame([[1.0, 2.0]], index=[f"支部{EVIL}"], columns=[f"主题{EVIL}", "组织生活"])
        ),
        lambda: briefing_charts.keyword_bars([f"{EVIL}词", "党建"], [5, 3]),
        lambda: briefing_charts.formulation_bars([f"{EVIL}提法"], [2]),
        lambda: briefing_charts.kpi_tiles([(f"{EVIL}", EVIL, "份")]),
        lambda: table_charts.measures_table(pd.DataFrame({"item": [EVIL], "themes": [EVIL]})),
    ],
    ids=["heatmap", "keyword_bars", "formulation_bars", "kpi_tiles", "measures_table"],
)
def test_briefing_builders_escape_every_label(fig):
    texts = _texts(fig())
    assert not [t for t in texts if _LIVE.search(t)]
    assert any(ESCAPED in t for t in texts)


def test_scatter_is_log_with_a_floor_everywhere(comparison):
    """One term scatter: log axes, zero counts on the floor; the HTML export uses it too."""
    from analysis.output.export_html import fig_scatter

    floor = comparison_charts.scatter_floor(comparison.scatter)
    for fig in (comparison_charts.scatter(comparison), fig_scatter(comparison)):
        assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
        assert min(x for t in fig.data for x in t.x) >= floor * 0.94
        assert min(y for t in fig.data for y in t.y) >= floor * 0.94


@pytest.mark.parametrize(
    ("fig", "axis", "kind"),
    [
        (lambda c: comparison_charts.diverging(c), "yaxis", "category"),
        (lambda c: comparison_charts.similarity(c), "yaxis", "category"),
        (lambda c: briefing_charts.keyword_bars(["党建", "党员"], [5, 3]), "yaxis", "category"),
        (
            lambda c: briefing_charts.heatmap(pd.DataFrame([[1.0]], ["甲"], ["乙"])),
            "xaxis",
            "category",
        ),
    ],
    ids=["diverging", "similarity", "keyword_bars", "heatmap"],
)
def test_label_axes_are_categories(comparison, fig, axis, kind):
    """A label that looks like a number or a date (a branch "2023") stays a label."""
    assert fig(comparison).layout[axis].type == kind


def test_style_per_medium():
    fig = briefing_charts.keyword_bars(["党建", "党员"], [5, 3])
    natural = fig.layout.height
    doc = style.for_document(go.Figure(fig), title=EVIL)
    assert doc.layout.title.text.startswith("&lt;a") and doc.layout.height == natural
    assert doc.layout.font.family == style.FONT_FAMILY
    kept = style.for_document(go.Figure(fig))
    assert kept.layout.title.text == "高频关键词"  # the builder's own title stays
    slide = style.for_projector(go.Figure(fig), height=500)
    assert slide.layout.height == 500 and slide.layout.font.size == style.FONT_SIZE
    assert slide.layout.title.text is None  # the slide draws its own title
    screen = style.for_screen(go.Figure(fig), height=300)
    assert screen.layout.height == 300 and screen.layout.margin.t == 50


# ------------------------------------------------------------------ one builder per kind


@pytest.fixture
def spies(monkeypatch):
    """Every builder wrapped so that a call is recorded under its name."""
    calls: list[str] = []
    for module in (comparison_charts, briefing_charts, table_charts):
        for name in (
            "similarity",
            "diverging",
            "radar",
            "scatter",
            "number_bars",
            "heatmap",
            "keyword_bars",
            "formulation_bars",
            "kpi_tiles",
            "measures_table",
            "pairs_table",
            "only_table",
            "numbers_table",
        ):
            if hasattr(module, name):
                real = getattr(module, name)

                def spy(*a, _real=real, _name=name, **k):
                    calls.append(_name)
                    return _real(*a, **k)

                monkeypatch.setattr(module, name, spy)
    return calls


def test_export_and_slides_call_the_same_builders(corpus_texts, comparison, spies):
    from analysis.output.briefing import build_briefing
    from analysis.output.export_html import briefing_html, comparison_html
    from analysis.output.slide_plan import VIEWS, default_sources, plan_slides
    from analysis.output.slides import build_slide

    corpus, texts = corpus_texts
    comparison_html(comparison)
    exported = set(spies)
    assert {"diverging", "scatter", "radar", "number_bars"} <= exported
    spies.clear()
    briefing_html(build_briefing(corpus, texts, [1], []))
    assert {"heatmap", "keyword_bars", "formulation_bars"} <= set(spies)
    spies.clear()
    sources = default_sources(corpus, texts)
    pairs = [("branch:后勤集团*公司支部", "branch:兴城投资党支部")]
    for spec in plan_slides(list(VIEWS), corpus, [1], pairs):
        build_slide(spec, sources)
    slides = set(spies)
    assert {"diverging", "radar", "heatmap", "keyword_bars", "formulation_bars"} <= slides
    assert {"similarity", "kpi_tiles", "measures_table", "pairs_table", "only_table"} <= slides


PAGE_FILES = sorted([*ROOT.glob("views/compare*.py"), *ROOT.glob("views/present*.py")], key=str)


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_build_no_figure_of_their_own(path):
    """The comparison and presentation pages draw the charts package's figures only."""
    source = path.read_text(encoding="utf-8")
    assert "go.Figure(" not in source and "plotly.graph_objects" not in source
    assert "export_html import fig_" not in source


# ---------------------------------------------------------------------------------------------
# Margins from the labels (charts.margins) and screen-sized tables (charts.tables)
# ---------------------------------------------------------------------------------------------

from analysis.output.charts import margins  # noqa: E402


@pytest.mark.parametrize(
    ("text", "size", "px"),
    [
        ("党建", 10, 20),  # CJK: 1 em each
        ("ab", 10, 11),  # Latin: 0.55 em each
        ("党建ab", 20, 62),
        ("××公司", 10, 40),  # ambiguous-width signs count wide (as CJK fonts draw them)
        ("<b>党建</b>", 10, 20),  # markup is not drawn
        ("&lt;党&gt;", 10, 21),  # an entity is one (narrow) character
        ("党<br>党建业务", 10, 40),  # the widest line
    ],
)
def test_label_width_estimate(text, size, px):
    assert margins.text_px(text, size) == pytest.approx(px)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("党建业务", "党<br>建<br>业<br>务"), ("AI应用", "AI<br>应<br>用"), ("", "")],
)
def test_stacked_labels_read_top_down(text, expected):
    assert margins.stacked(text) == expected


def _bars(labels, values=None):
    return briefing_charts.bars(
        labels, values or list(range(len(labels), 0, -1)), "#B00020", "次数"
    )


@pytest.mark.parametrize("labels", [["党建"], ["大兴城建兴城投资党支部", "党建"], ["x" * 30]])
def test_document_left_margin_holds_the_longest_label(labels):
    fig = style.for_document(_bars(labels))
    widest = max(margins.text_px(style.label(t), style.DOCUMENT_FONT) for t in labels)
    assert fig.layout.margin.l >= widest + margins.TICK_PAD
    # the axis title is an annotation pinned below the ticks, inside the bottom margin
    (title,) = [a for a in fig.layout.annotations if a.text == "次数"]
    assert fig.layout.xaxis.title.text is None
    assert -title.yshift + style.DOCUMENT_FONT * margins.LINE_EM <= fig.layout.margin.b


def test_crowded_category_labels_are_written_vertically():
    themes = [f"主题名称{k}号" for k in range(18)]
    matrix = pd.DataFrame([[1.0] * 18, [2.0] * 18], index=["甲支部", "乙支部"], columns=themes)
    fig = style.for_document(briefing_charts.heatmap(matrix))
    assert list(fig.layout.xaxis.ticktext) == [margins.stacked(t) for t in themes]
    lines = max(len(t.split("<br>")) for t in fig.layout.xaxis.ticktext)
    assert fig.layout.margin.b >= lines * style.DOCUMENT_FONT * margins.LINE_EM
    assert fig.layout.xaxis.dtick == 1 and fig.layout.yaxis.dtick == 1  # every label drawn
    assert fig.data[0].texttemplate  # values in the cells


def test_projector_radar_keeps_its_top_themes_and_ticks_off_the_centre(comparison):
    fig = style.for_projector(comparison_charts.radar(comparison, 10))
    theta = {t for tr in fig.data for t in tr.theta}
    assert len(theta) <= 10
    assert fig.layout.polar.radialaxis.nticks == 4
    assert fig.layout.polar.radialaxis.angle == pytest.approx(180 / len(theta))


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [("党建" * 3, 200, 1), ("党建" * 20, 200, 2), ("党建" * 5, 100, 2)],
)
def test_table_cells_wrap_to_their_column(text, width, lines):
    out = table_charts.wrap(text, width, size=20)
    parts = out.split("<br>")
    assert len(parts) == lines
    assert all(margins.text_px(p, 20) <= width for p in parts)
    assert out.endswith("…") == (margins.text_px(text, 20) > 2 * width)


def test_a_table_screen_is_as_tall_as_its_rows(comparison):
    fig = table_charts.only_table(comparison, page=0)
    rows = len(fig.data[0].cells.values[0])
    assert rows <= table_charts.TABLE_ROWS
    assert fig.layout.height == table_charts.table_height(rows) <= style.SLIDE_HEIGHT


def test_configs_hide_what_users_do_not_need():
    screen = style.screen_config("图")
    assert screen["displaylogo"] is False
    assert "toImage" not in screen["modeBarButtonsToRemove"]
    assert {"zoom2d", "pan2d", "lasso2d", "select2d"} <= set(screen["modeBarButtonsToRemove"])
    assert screen["toImageButtonOptions"]["filename"] == "图"
    assert style.projector_config()["displayModeBar"] is False


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        (["短句"] * 3, 3),
        (["党" * 120, "党" * 120, "党" * 120], 2),  # three rows each: two fill the budget
        (["党" * 400, "短句"], 0),  # one line taller than the room: none shown
    ],
)
def test_slide_bullets_stop_where_the_screen_ends(lines, kept):
    from analysis.output.slides import fitting_lines

    assert fitting_lines(lines) == tuple(lines[:kept])


# Issue 26 point 7: log ticks at 1, 10, 100 … (or 1, 2, 5 … over a short range) in full numbers.
@pytest.mark.parametrize(
    ("lo", "hi", "ticks"),
    [
        (0.25, 120.0, ["1", "10", "100"]),
        (0.005, 3000.0, ["0.01", "0.1", "1", "10", "100", "1000"]),
        (0.5, 3.0, ["0.5", "1", "2"]),
        (2.0, 60.0, ["2", "5", "10", "20", "50"]),
        (0.0, 10.0, ["1"]),
    ],
)
def test_log_ticks_are_full_numbers(lo, hi, ticks):
    values, texts = comparison_charts.log_ticks(lo, hi)
    assert texts == ticks
    assert len(values) == len(texts)


def test_scatter_ticks_never_repeat_2_5(comparison):
    fig = comparison_charts.scatter(comparison)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.tickmode == "array" and axis.dtick is None
        texts = list(axis.ticktext)
        assert len(texts) == len(set(texts))  # never 2 5 10 2 5 100
        assert all(re.fullmatch(r"\d+(\.\d+)?", t) for t in texts)


def test_comparison_axes_say_what_z_means(comparison):
    fig = comparison_charts.diverging(comparison)
    shown = " ".join([fig.layout.xaxis.title.text, fig.layout.title.text, *fig.data[0].hovertext])
    assert "z 值" not in shown and "z =" not in shown
    assert comparison_charts.Z_WORDS in fig.layout.xaxis.title.text
    scatter = comparison_charts.scatter(comparison)
    assert not any("z =" in t for tr in scatter.data for t in tr.hovertext)


@pytest.mark.parametrize(
    "name, shown",
    [
        ("兴城投资党支部", "兴城投资党支部"),
        ("楼宇党建聚合推动企业发展工作情况报告", "楼宇党建聚合推…"),
        ("=1+1", "=1+1"),
    ],
)
def test_axis_titles_cut_a_long_side_name(name, shown):
    """A report title standing in for a branch must not push an axis title off the chart."""
    from analysis.output.charts.style import axis_name, label

    assert axis_name(name) == label(shown)
