"""相似支部's map: names of branches drawn close together do not overlap."""

import pandas as pd
import pytest

from analysis.output.charts.exploration import map_label_positions, similarity_map_figure


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([(0, 0), (10, 10)], ["top center", "top center"]),  # far apart: both above
        ([(0, 0), (0.5, 0.3), (10, 10)], ["bottom center", "top center", "top center"]),
        ([(0, 0), (5, 0.3), (10, 10)], ["top center", "top center", "top center"]),  # side by side
        ([(0, 0)], ["top center"]),
    ],
)
def test_a_label_goes_below_when_a_neighbour_sits_just_above(points, expected):
    coords = pd.DataFrame(points, columns=["x", "y"])
    assert list(map_label_positions(coords)) == expected


def test_the_figure_uses_the_positions():
    coords = pd.DataFrame(
        {
            "x": [0.0, 0.5, 10.0],
            "y": [0.0, 0.3, 10.0],
            "branch": ["兴城投资党支部", "会堂礼宾服务党支部", "第三支部"],
            "cluster": [1, 2, 1],
            "report_count": [1, 1, 2],
        }
    )
    fig = similarity_map_figure(coords)
    placed = {t: p for tr in fig.data for t, p in zip(tr.text, tr.textposition, strict=True)}
    assert placed == {
        "兴城投资党支部": "bottom center",
        "会堂礼宾服务党支部": "top center",
        "第三支部": "top center",
    }
