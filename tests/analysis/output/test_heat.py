"""One rule for the heatmap (analysis.output.heat): which branches are shown, which set the colour
scale; the page, 汇报模式, the PowerPoint and the Word draft follow it (issue 26, point 6)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.output.heat import HEAT_MAX_ROWS, branch_chars, heat_data

LONG, SHORT = 5000, 189  # characters: a report that ranks, and one too short to set the scale


def _matrix(rows: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=["政治建设", "廉政建设"])


@pytest.mark.parametrize(
    ("rows", "chars", "shown", "scale", "short"),
    [
        # a 189-character report with the darkest cell is shown but leaves the scale
        (
            {"甲": [10.0, 20.0], "短": [0.0, 106.0]},
            {"甲": LONG, "短": SHORT},
            ["短", "甲"],
            20.0,
            ("短",),
        ),
        # nothing short: the highest cell tops the scale
        ({"甲": [10.0, 20.0], "乙": [30.0, 1.0]}, {"甲": LONG, "乙": LONG}, ["乙", "甲"], 30.0, ()),
        # every row short: the highest cell, so the colours still mean something
        ({"甲": [10.0, 20.0]}, {"甲": SHORT}, ["甲"], 20.0, ("甲",)),
        # a branch of several reports is short only when they are short together
        (
            {"甲": [50.0, 0.0], "乙": [5.0, 5.0]},
            {"甲": 2 * 300, "乙": LONG},
            ["甲", "乙"],
            50.0,
            (),
        ),
    ],
)
def test_rows_and_scale(rows, chars, shown, scale, short):
    heat = heat_data(_matrix(rows), chars)
    assert list(heat.matrix.index) == shown
    assert heat.scale_max == pytest.approx(scale)
    assert heat.short == short
    assert bool(short) == any("不参与色阶" in n for n in heat.notes())


def test_branch_chars_sums_reports():
    assert branch_chars(["甲", "甲", "乙"], [300, 300, 5000]) == {"甲": 600, "乙": 5000}


def test_cut_to_the_highest_totals_with_a_note():
    rows = {f"支部{k:02d}": [float(k), 1.0] for k in range(HEAT_MAX_ROWS + 5)}
    heat = heat_data(_matrix(rows), dict.fromkeys(rows, LONG))
    assert len(heat.matrix) == HEAT_MAX_ROWS
    assert heat.matrix.index[0] == f"支部{HEAT_MAX_ROWS + 4:02d}"
    assert any(f"只显示主题总得分最高的 {HEAT_MAX_ROWS} 个" in n for n in heat.notes())
    pages = heat.pages(10)
    assert [len(p) for p in pages] == [10] * (HEAT_MAX_ROWS // 10)
    assert pd.concat(pages).index.tolist() == heat.matrix.index.tolist()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 500), st.floats(0, 500), st.integers(0, 3000)),
        min_size=1,
        max_size=60,
    )
)
def test_scale_is_the_top_of_the_long_rows(rows):
    """Invariants: at most HEAT_MAX_ROWS rows, the scale never below a shown long row's cell,
    and equal to some shown cell."""
    names = [f"支部{k}" for k in range(len(rows))]
    matrix = pd.DataFrame([r[:2] for r in rows], index=names, columns=["甲", "乙"])
    chars = {n: r[2] for n, r in zip(names, rows, strict=True)}
    heat = heat_data(matrix, chars)
    assert len(heat.matrix) == min(len(rows), HEAT_MAX_ROWS)
    longs = heat.matrix.drop(index=list(heat.short))
    if not longs.empty:
        assert heat.scale_max == pytest.approx(float(longs.to_numpy().max()))
    assert heat.scale_max in set(heat.matrix.to_numpy().ravel().tolist())


def test_screen_slides_and_pptx_share_the_scale(corpus_texts):
    """汇报模式's heatmap screen, the PowerPoint's coloured table and the page use one scale."""
    from analysis.output import slide_plan
    from analysis.output.briefing import build_briefing
    from analysis.output.briefing_slides import _heatmap_pages
    from analysis.output.heat import briefing_heat, corpus_heat
    from analysis.output.slide_parts import heat_color
    from analysis.output.slides import build_slide

    corpus, texts = corpus_texts
    src = slide_plan.default_sources(corpus, texts)
    (spec,) = [s for s in slide_plan.plan_slides(["heatmap"], corpus) if s.view == "heatmap"][:1]
    slide = build_slide(spec, src)
    from analysis.corpus.tables import branch_theme_matrix

    heat = corpus_heat(branch_theme_matrix(src.theme_scores(), src.theme_names), corpus)
    trace = next(t for t in slide.figure.data if t.type == "heatmap")
    assert trace.zmax == pytest.approx(heat.scale_max)
    b = build_briefing(corpus, texts)
    bh = briefing_heat(b)
    assert bh.scale_max == pytest.approx(heat.scale_max)
    assert list(bh.matrix.index) == list(heat.matrix.index)
    df, fills, _, _ = _heatmap_pages(b)[0]
    top_cell = bh.matrix.to_numpy().max()
    assert heat_color(float(top_cell), bh.scale_max) in {c for row in fills for c in row if c}
