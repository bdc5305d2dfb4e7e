"""Tests of analysis.output.export_html: standalone pages with inline plotly, no fetchable http(s) reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.output.export_html import (
    briefing_html,
    comparison_html,
    fig_diverging,
    fig_heatmap,
    fig_radar,
    fig_scatter,
)
from analysis.output.offline_check import external_references

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


@pytest.fixture(autouse=True)
def no_drawing(blank_wordclouds):
    """Word clouds as a blank PNG (tests/conftest.py)."""


@pytest.fixture(scope="module")
def data(corpus_texts, sample_comparison, sample_briefing):
    corpus, texts = corpus_texts
    return corpus, texts, sample_comparison, sample_briefing


def _offline(markup: str) -> None:
    assert 'src="http' not in markup
    assert "src='http" not in markup
    assert '<link href="http' not in markup
    assert "@import url(http" not in markup
    assert external_references(markup) == []


def test_briefing_html_is_standalone(data):
    *_, b = data
    calls: list[tuple[int, int]] = []
    page = briefing_html(b, progress=lambda d, t: calls.append((d, t)))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    _offline(page)
    assert "Microsoft YaHei" in page and "Noto Sans CJK SC" in page  # Chinese font-family
    n_figures = page.count('class="plotly-graph-div"')
    assert n_figures >= 7  # heatmap, keywords, formulations + 4 of the comparison
    assert page.count("Plotly.newPlot") >= n_figures
    # plotly.js is inlined exactly once (its license banner opens the bundle)
    assert page.count("plotly.js v") == 1
    assert "data:image/png;base64," in page  # the word clouds
    for word in ("语料概览", "主题分布", "高频关键词", "常用提法", "报告详情", "兴城投资党支部"):
        assert word in page
    assert calls[-1] == (calls[-1][1], calls[-1][1])


def test_comparison_html_escapes_user_text(data):
    from dataclasses import replace

    *_, c, _ = data
    evil = replace(c, label_a="<script>alert(1)</script>", summary=("<img src=x onerror=1>",))
    page = comparison_html(evil)
    _offline(page)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


@pytest.mark.parametrize(
    ("markup", "found"),
    [
        ('<script src="https://cdn.plot.ly/plotly.js"></script>', 1),
        ("<img src='http://x/y.png'>", 1),
        ('<link rel="stylesheet" href="//fonts.example/x.css">', 1),
        ("<style>@import url(https://x/y.css);</style>", 1),
        ("<div style=\"background: url('http://x/bg.png')\"></div>", 1),
        ('<a href="https://example.org">链接</a>', 0),  # a link is not fetched
        ('<script>var u = "https://cdn.plot.ly";</script>', 0),  # a string in code
        ('<img src="data:image/png;base64,AAAA">', 0),
    ],
)
def test_external_references(markup, found):
    assert len(external_references(markup)) == found


def test_figures_have_traces(data):
    *_, c, b = data
    assert len(fig_diverging(c).data[0].y) > 0
    radar = fig_radar(c)
    assert [t.name for t in radar.data] == [c.label_a, c.label_b]
    assert len(fig_scatter(c).data) == 3
    hm = fig_heatmap(b)
    assert hm.data[0].z.shape == b.theme_matrix.shape
