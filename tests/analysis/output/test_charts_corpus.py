"""analysis.output.charts.corpus: every builder draws, and user text in it is inert (no plotly
link or markup from a branch, theme, word or formulation)."""

from __future__ import annotations

import json

import pandas as pd
import plotly.io as pio
import pytest

from analysis.output.charts import corpus as charts

HOSTILE = "<a href='http://example.invalid'>点我</a><b>粗</b>"


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _figures() -> dict:
    matrix = pd.DataFrame(
        [[1.0, 2.0], [3.0, 0.0]], index=[HOSTILE, "兴城投资党支部"], columns=[HOSTILE, "组织生活"]
    )
    keywords = pd.DataFrame({"term": [HOSTILE, "党建"], "count": [3, 9], "per10k": [1.5, 4.5]})
    forms = pd.DataFrame(
        {
            "formulation": [HOSTILE, "三会一课"],
            "report_count": [1, 3],
            "numbered": [False, True],
            "count": [1, 4],
            "branches_using": [HOSTILE, "甲、乙"],
        }
    )
    counts = pd.DataFrame(
        {"label": [HOSTILE, "乙"], "hits": [2, 1], "reports": [1, 1], "per10k": [1.0, 0.5]}
    )
    rates = pd.Series([2.0, 5.0], index=[HOSTILE, "乙"])
    nodes = pd.DataFrame(
        {"term": [HOSTILE, "党建", "群众"], "count": [3, 5, 2], "community": [0, 0, -1]}
    )
    edges = pd.DataFrame(
        {"source": [HOSTILE, "党建"], "target": ["党建", "群众"], "jaccard": [0.5, 0.2]}
    )
    pos = {HOSTILE: (0.0, 0.0), "党建": (1.0, 0.5), "群众": (-1.0, 0.2)}
    return {
        "heat": charts.heat_figure(matrix),
        "keywords": charts.keyword_figure(keywords, HOSTILE),
        "formulations": charts.formulation_figure(forms),
        "counts": charts.count_figure(counts, "label", HOSTILE, relative=True),
        "theme": charts.theme_branch_figure(rates, pd.Series({HOSTILE: 4}), HOSTILE),
        "network": charts.network_figure(nodes, edges, pos),
    }


@pytest.mark.parametrize("name", list(_figures()))
def test_user_text_is_inert_in_every_figure(name):
    fig = _figures()[name]
    texts = _strings(json.loads(pio.to_json(fig)))
    assert not [t for t in texts if "<a" in t or "<b>" in t]
    assert any("&lt;a href" in t for t in texts)  # shown, escaped, not dropped


def test_heat_markers_follow_rows_then_columns():
    """A clicked marker's index is row * columns + column (the overview maps clicks back with it)."""
    matrix = pd.DataFrame([[1, 2, 3], [4, 5, 6]], index=["甲", "乙"], columns=["A", "B", "C"])
    markers = charts.heat_figure(matrix).data[1]
    assert list(markers.y)[4] == "乙" and list(markers.x)[4] == "B"
    assert list(markers.customdata)[4] == 5


def test_spread_keeps_the_centre_and_pushes_points_out():
    pos = {"a": (0.1, 0.0), "b": (-0.1, 0.0)}
    out = charts.spread(pos)
    assert out["a"][0] > 0.1 and out["b"][0] < -0.1
    assert charts.spread({}) == {}


@pytest.mark.parametrize(
    ("joined", "expected"),
    [
        ("", ""),
        ("一支部", "一支部"),
        ("一支部、二支部、三支部、四支部、五支部", "一支部、二支部、三支部、四支部、五支部"),
        (
            "一支部、二支部、三支部、四支部、五支部、六支部",
            "一支部、二支部、三支部、四支部、五支部 等 6 个",
        ),
    ],
)
def test_formulation_hover_names_the_first_branches(joined, expected):
    assert charts.first_names(joined) == expected


def test_formulation_hover_stays_short_with_many_branches():
    """A formulation every branch uses: the hover names five and counts the rest (issue 28)."""
    users = "、".join(f"第{i}党支部" for i in range(300))
    forms = pd.DataFrame(
        {
            "formulation": ["三会一课"],
            "count": [900],
            "numbered": [True],
            "report_count": [300],
            "branches_using": [users],
        }
    )
    hover = charts.formulation_figure(forms).data[0].customdata[0][1]
    assert hover.endswith("等 300 个") and "第4党支部" in hover and "第5党支部" not in hover


def test_heat_values_are_sent_as_shown():
    """Cells and hover read one decimal at most: the figure carries exactly that (float32)."""
    matrix = pd.DataFrame([[1.26, 2.0], [0.04, 13.25]], index=["甲", "乙"], columns=["A", "B"])
    fig = charts.heat_figure(matrix)
    assert fig.data[0].z.dtype.name == "float32"
    assert [round(float(v), 4) for v in fig.data[1].customdata] == [1.3, 2.0, 0.0, 13.2]


def test_network_edges_are_one_trace_per_width_each_edge_drawn_once():
    """300 edges would be 300 traces; grouped by their (half-pixel) width they are a dozen at
    most, and every edge is still one segment from its source to its target (issue 28)."""
    terms = [f"词{i}" for i in range(40)]
    nodes = pd.DataFrame(
        {"term": terms, "count": range(1, 41), "community": [i % 3 for i in range(40)]}
    )
    pairs = [(a, b) for i, a in enumerate(terms) for b in terms[i + 1 :]][:300]
    edges = pd.DataFrame(
        {"source": [a for a, _ in pairs], "target": [b for _, b in pairs],
         "jaccard": [(k % 97) / 96 for k in range(len(pairs))]}
    )  # fmt: skip
    pos = {t: (float(i), float(i % 7)) for i, t in enumerate(terms)}
    lines = [t for t in charts.network_figure(nodes, edges, pos).data if t.mode == "lines"]
    assert len(lines) <= 13 and len({t.line.width for t in lines}) == len(lines)
    segments = sum(list(t.x).count(None) for t in lines)
    assert segments == len(edges)
    widest = max(lines, key=lambda t: t.line.width)
    assert widest.line.width == charts.edge_width(1.0) == 6.5


@pytest.mark.parametrize(
    ("jaccard", "width"), [(0.0, 0.5), (0.04, 0.5), (0.05, 1.0), (0.5, 3.5), (1.0, 6.5)]
)
def test_edge_width_is_the_jaccard_to_half_a_pixel(jaccard, width):
    assert charts.edge_width(jaccard) == width
