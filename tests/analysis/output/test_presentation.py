"""Presentation mode: side keys, the slide plan, projector styling, slide building, tinting."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.models import Measure
from analysis.output import presentation as P
from analysis.output.charts.briefing import kpi_tiles as kpi_figure
from analysis.output.charts.comparison import scatter as scatter_figure
from analysis.output.charts.comparison import scatter_floor
from analysis.output.charts.comparison import similarity as similarity_figure
from analysis.output.charts.style import (
    FONT_SIZE,
    LINE_WIDTH,
    PROJECTOR_PALETTE,
    SLIDE_HEIGHT,
    TICK_SIZE,
)
from analysis.output.charts.style import for_projector as projector_style
from analysis.output.charts.tables import numbers_table as numbers_table_figure
from analysis.output.charts.tables import only_table as only_table_figure
from analysis.output.sides import (
    default_pair,
    parse_side,
    side_cloud,
    side_ids,
    side_key,
    side_name,
    side_options,
    side_text,
)
from analysis.output.slide_plan import (
    COMPARISON_PARTS,
    MEASURES_PER_SLIDE,
    VIEWS,
    SlideSpec,
    Sources,
    clamp_index,
    default_sources,
    plan_slides,
)
from analysis.output.slides import TEXT_SLIDE_HEIGHT, build_slide

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def sources(corpus_texts):
    corpus, texts = corpus_texts
    return default_sources(corpus, texts)


def _measure(title: str, kind: str = "measure") -> Measure:
    return Measure(title, 3, kind, (), title, 0, len(title))


def fake_corpus(practices: dict[int, int]) -> SimpleNamespace:
    """A corpus-like object: report id -> number of practices (plus one effect each)."""
    analyses = {
        rid: SimpleNamespace(
            structure=SimpleNamespace(
                measures=tuple(_measure(f"举措{k}") for k in range(n))
                + (_measure("成效", "effect"),)
            )
        )
        for rid, n in practices.items()
    }
    return SimpleNamespace(analyses=analyses, label=lambda rid: f"支部{rid}")


# ------------------------------------------------------------------ sides


@pytest.mark.parametrize(
    ("by", "value", "key", "name", "text"),
    [
        (
            "branch",
            "兴城投资党支部",
            "branch:兴城投资党支部",
            "兴城投资党支部",
            "支部：兴城投资党支部",
        ),
        ("year", 2023, "year:2023", "2023年", "年份：2023年"),
        (
            "organization",
            "**发展有限公司",
            "organization:**发展有限公司",
            "**发展有限公司",
            "单位：**发展有限公司",
        ),
        ("kind", "年度总结", "kind:年度总结", "年度总结", "类型：年度总结"),
        ("branch", "a:b", "branch:a:b", "a:b", "支部：a:b"),  # a colon inside the value survives
    ],
)
def test_side_keys_round_trip(by, value, key, name, text):
    assert side_key(by, value) == key
    assert parse_side(key) == (by, str(value))
    assert side_name(key) == name
    assert side_text(key) == text


def test_unknown_grouping_reads_as_branch():
    assert parse_side("兴城投资党支部") == ("branch", "兴城投资党支部")
    assert parse_side("nope:x") == ("branch", "nope:x")


def test_side_options_and_ids(corpus_texts):
    corpus, _ = corpus_texts
    opts = side_options(corpus.reports)
    assert opts[:5] == [f"branch:{b}" for b in sorted(corpus.reports["branch"])]
    assert "year:2022" in opts and "year:2023" in opts
    assert side_ids(corpus.reports, "year:2022") == [1, 2, 3, 4]
    assert side_ids(corpus.reports, "branch:兴城投资党支部") == [3]
    assert side_ids(corpus.reports, "branch:没有这个支部") == []


@pytest.mark.parametrize(
    ("options", "expected"), [(["a", "b", "c"], (0, 1)), (["a"], (0, 0)), ([], (0, 0))]
)
def test_default_pair(options, expected):
    assert default_pair(options) == expected


@pytest.mark.parametrize(
    ("index", "n", "expected"),
    [
        (0, 5, 0),
        (4, 5, 4),
        (5, 5, 4),
        (-1, 5, 0),
        ("2", 5, 2),
        (None, 5, 0),
        ("x", 5, 0),
        (3, 0, 0),
    ],
)
def test_clamp_index(index, n, expected):
    assert clamp_index(index, n) == expected


# ------------------------------------------------------------------ the plan


def test_plan_follows_view_order_and_expands():
    corpus = fake_corpus({1: 17, 2: 0, 3: 100})
    pair = ("branch:甲", "year:2023")
    plan = plan_slides(
        ["comparison", "kpis", "measures", "kpis", "bogus"], corpus, [1, 2, 99, 3], [pair]
    )
    views = [s.view for s in plan]
    n_parts = len(COMPARISON_PARTS)
    # comparison parts, then kpis once (duplicates dropped), then measures; "bogus" and 99 skipped
    assert views == ["comparison"] * n_parts + ["kpis"] + ["measures"] * (3 + 1 + 3)
    assert plan[0].title == "甲 与 2023年：总体相似度"
    assert [s.part for s in plan[:n_parts]] == list(COMPARISON_PARTS)
    measures = [s for s in plan if s.view == "measures"]
    # 17 practices at 8 a slide -> 3 pages; none -> 1 page; 100 -> capped at MAX_MEASURE_PAGES
    assert [(s.report_id, s.page, s.pages) for s in measures] == [
        (1, 0, 3), (1, 1, 3), (1, 2, 3), (2, 0, 1), (3, 0, 3), (3, 1, 3), (3, 2, 3)
    ]  # fmt: skip
    assert measures[0].title == "支部1：主要举措（1/3）"
    assert measures[3].title == "支部2：主要举措"


@pytest.mark.parametrize(
    ("branches", "titles"),
    [
        (0, ["主题热力图"]),
        (10, ["主题热力图"]),
        (11, ["主题热力图（1/2）", "主题热力图（2/2）"]),
        # the 40 branches of every medium's heatmap (heat.HEAT_MAX_ROWS), ten a screen
        (72, [f"主题热力图（{k}/4）" for k in range(1, 5)]),
    ],
)
def test_heatmap_splits_over_screens_of_ten_branches(branches, titles):
    corpus = fake_corpus(dict.fromkeys(range(branches), 1))
    plan = plan_slides(["heatmap"], corpus)
    assert [s.title for s in plan] == titles
    assert [(s.page, s.pages) for s in plan] == [(k, len(titles)) for k in range(len(titles))]


def test_empty_choices_plan_nothing():
    corpus = fake_corpus({})
    assert plan_slides([], corpus) == []
    assert plan_slides(["measures", "comparison"], corpus, [1], []) == []


@settings(max_examples=100, deadline=None)
@given(
    views=st.lists(st.sampled_from([*VIEWS, "x", ""]), max_size=10),
    reports=st.lists(st.integers(-3, 6), max_size=6),
)
def test_plan_never_raises(views, reports):
    corpus = fake_corpus({1: 3, 2: 20, 5: 0})
    plan = plan_slides(views, corpus, reports, [("branch:a", "branch:b")])
    assert all(s.view in VIEWS and s.title for s in plan)
    assert all(s.report_id in corpus.analyses for s in plan if s.view == "measures")


# ------------------------------------------------------------------ figures and styling


def test_projector_style_enlarges_and_thickens():
    fig = go.Figure(
        [
            go.Scatter(x=[1, 2], y=[3, 4], mode="lines+markers", marker=dict(size=4)),
            go.Heatmap(z=[[1, 2]]),
        ]
    )
    fig.update_layout(title="原标题")
    out = projector_style(fig, height=600)
    assert out is fig
    assert fig.layout.height == 600
    assert fig.layout.font.size == FONT_SIZE
    assert fig.layout.title.text is None  # the slide title is drawn by the page
    assert fig.layout.xaxis.tickfont.size == TICK_SIZE
    assert fig.data[0].line.width == LINE_WIDTH
    assert fig.data[0].marker.size >= 12
    assert fig.data[1].textfont.size == FONT_SIZE
    assert list(fig.layout.colorway) == list(PROJECTOR_PALETTE)


def test_kpi_figure_tiles_and_escaping():
    kpis = [("报告", "5", "份"), ("年份", "2022–2023", ""), ("<b>x</b>", "<i>", "")]
    fig = kpi_figure(kpis)
    assert len(fig.layout.shapes) == 3
    texts = [a.text for a in fig.layout.annotations]
    assert len(texts) == 6
    assert "<b>5</b>" in texts and "报告（份）" in texts and "年份" in texts
    assert "<b>&lt;i&gt;</b>" in texts and "&lt;b&gt;x&lt;/b&gt;" in texts
    assert all(a.xanchor == "center" for a in fig.layout.annotations)


def test_corpus_kpis(corpus_texts):
    corpus, _ = corpus_texts
    kpis = {label: (value, unit) for label, value, unit in P.corpus_kpis(corpus)}
    assert kpis["报告"] == ("5", "份")
    assert kpis["支部/单位"] == ("5", "个")
    assert kpis["年份"] == ("2022–2023", "")
    assert int(kpis["举措"][0]) > 10
    assert "已脱敏" in kpis["数字指标"][1]  # the samples contain redacted figures


@pytest.mark.parametrize(
    ("freqs_a", "freqs_b", "expected"),
    [([0, 4, 10], [2, 0, 8], 1.0), ([0, 0], [0, 0], 0.5), ([], [], 0.5), ([0.5], [3], 0.25)],
)
def test_scatter_floor(freqs_a, freqs_b, expected):
    df = pd.DataFrame({"freq_a": freqs_a, "freq_b": freqs_b}, dtype=float)
    assert scatter_floor(df) == expected


def _dominant_hue(png: bytes) -> str:
    """'red' or 'blue': which channel dominates the inked (non-white) pixels."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB").resize((160, 90))
    ink = [p for p in img.getdata() if min(p) < 200]
    red = sum(p[0] - p[2] for p in ink)
    return "red" if red > 0 else "blue"


def test_side_clouds_carry_their_side_colour(comparison):
    """A's word cloud is drawn in reds, B's in blues, as everywhere else in a comparison."""
    assert _dominant_hue(side_cloud(comparison, "A", (480, 270))) == "red"
    assert _dominant_hue(side_cloud(comparison, "B", (480, 270))) == "blue"


def test_every_slide_of_a_full_plan_builds(corpus_texts, sources):
    corpus, _ = corpus_texts
    pairs = [("branch:后勤集团*公司支部", "branch:兴城投资党支部")]
    plan = plan_slides(list(VIEWS), corpus, [1], pairs)
    assert len(plan) == 5 + 3 + len(COMPARISON_PARTS)
    for spec in plan:
        slide = build_slide(spec, sources)
        assert slide.title == spec.title
        assert slide.figure is not None or slide.images or slide.lines, spec
        if slide.figure is not None:
            expected = TEXT_SLIDE_HEIGHT if slide.lines else SLIDE_HEIGHT
            if any(t.type == "table" for t in slide.figure.data):  # as tall as its rows
                assert slide.figure.layout.height <= expected
            else:
                assert slide.figure.layout.height == expected
            assert slide.figure.layout.font.size == FONT_SIZE
    clouds = [s for s in plan if s.part == "clouds"]
    slide = build_slide(clouds[0], sources)
    assert [caption for caption, _ in slide.images] == [
        "A：后勤集团*公司支部",
        "B：兴城投资党支部",
    ]


def test_measures_slide_pages(corpus_texts, sources):
    corpus, _ = corpus_texts
    plan = plan_slides(["measures"], corpus, [1])
    first = build_slide(plan[0], sources)
    second = build_slide(plan[1], sources)
    cells_1 = first.figure.data[0].cells.values
    cells_2 = second.figure.data[0].cells.values
    per = MEASURES_PER_SLIDE
    assert list(cells_1[0]) == [str(k) for k in range(1, per + 1)]
    assert cells_2[0][0] == str(per + 1)
    assert cells_1[1][0] != cells_2[1][0]
    assert first.subtitle.startswith("共 ")


def test_comparison_slides_of_an_empty_side_say_so(corpus_texts, sources):
    corpus, _ = corpus_texts
    plan = plan_slides(["comparison"], corpus, [], [("branch:没有这个支部", "year:2022")])
    slide = build_slide(plan[0], sources)
    assert slide.figure is None and slide.lines == ("对比的一方在当前语料中没有报告。",)


def test_same_sides_comparison_has_no_word_chart(corpus_texts, sources):
    corpus, _ = corpus_texts
    plan = plan_slides(["comparison"], corpus, [], [("year:2023", "year:2023")])
    words = next(s for s in plan if s.part == "words")
    summary = next(s for s in plan if s.part == "summary")
    assert build_slide(words, sources).lines == ("两方用词没有差别。",)
    fig = build_slide(summary, sources).figure
    assert fig.data[0].x[-1] == 1.0  # overall similarity of identical sides


def test_empty_sources_give_messages_not_errors():
    corpus = SimpleNamespace(
        reports=pd.DataFrame(columns=["year", "branch"]), analyses={}, label=str
    )
    empty = Sources(
        corpus=corpus,
        theme_names=(),
        theme_scores=lambda: pd.DataFrame(),
        keywords=lambda: pd.DataFrame(columns=["term", "count"]),
        formulations=lambda: pd.DataFrame(columns=["提法", "报告数"]),
        measures=lambda rid: pd.DataFrame(),
        compare=lambda a, b: None,
    )
    for view in ("heatmap", "wordcloud", "keywords", "formulations"):
        slide = build_slide(SlideSpec(view, "标题"), empty)
        assert slide.figure is None and slide.lines, view
    kpis = build_slide(SlideSpec("kpis", "语料概览"), empty)
    assert kpis.figure is not None
    gone = build_slide(SlideSpec("measures", "x", report_id=7), empty)
    assert gone.lines == ("该报告已不在语料中。",)


# ------------------------------------------------------------------ comparison figures


@pytest.fixture(scope="module")
def comparison(sources):
    return sources.compare("branch:后勤集团*公司支部", "branch:兴城投资党支部")


def test_scatter_figure_holds_every_term_on_log_axes(comparison):
    c = comparison
    fig = scatter_figure(c)
    assert [t.type for t in fig.data] == ["scattergl"] * 3
    terms = [term for t in fig.data for term in t.customdata]
    assert sorted(terms) == sorted(c.scatter["term"])
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    floor = scatter_floor(c.scatter)
    xs = [x for t in fig.data for x in t.x]
    assert min(xs) >= floor * 0.94  # zero counts sit on the floor (with jitter), never at 0
    colors = {t.marker.color for t in fig.data}
    assert {P.SIDE_COLORS["A"], P.SIDE_COLORS["B"]} <= colors


def test_similarity_and_number_figures(comparison):
    c = comparison
    sim = similarity_figure(c)
    assert list(sim.data[0].y) == ["提法", "做法", "主题", "用词", "总体"]
    assert sim.data[0].x[-1] == pytest.approx(c.similarity)
    numbers = numbers_table_figure(c)
    cells = numbers.data[0].cells.values
    assert any("已脱敏" in v for v in cells[1])  # sample 000 redacts its figures
    only = only_table_figure(c)
    assert only.data[0].header.values[0] == "<b>只有 后勤集团*公司支部 有</b>"


# ------------------------------------------------------------------ organization names


@pytest.mark.parametrize(
    ("org_names", "shown", "note"),
    [(False, set(), "不含机构名称"), (True, {"兴城", "楼宇综合党委"}, "含机构名称")],
)
def test_keyword_screens_follow_the_org_names_switch(corpus_texts, org_names, shown, note):
    corpus, texts = corpus_texts
    src = default_sources(corpus, texts, org_names=org_names)
    terms = set(src.keywords()["term"])
    assert terms & {"兴城", "楼宇综合党委"} == shown
    assert {"党建", "服务", "企业"} <= terms  # words that are also in names stay
    slide = build_slide(SlideSpec("keywords", "高频关键词"), src)
    assert slide.subtitle.endswith(f"（{note}）")
    cloud = build_slide(SlideSpec("wordcloud", "关键词词云"), src)
    assert note in cloud.subtitle


def test_comparison_screens_follow_the_org_names_switch(corpus_texts):
    corpus, texts = corpus_texts
    pair = ("branch:**楼宇综合党委", "branch:兴城投资党支部")
    hidden = default_sources(corpus, texts).compare(*pair)
    kept = default_sources(corpus, texts, org_names=True).compare(*pair)
    assert not {"楼宇综合党委", "兴城"} & set(hidden.words["term"])
    assert {"楼宇综合党委", "兴城"} & set(kept.words["term"])
