"""Tests of analysis.output.export_pptx: decks open in python-pptx with the slides and native charts stated."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from analysis.output.export_pptx import FONT, briefing_deck, briefing_slide_count, comparison_deck

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
CJK = re.compile(r"[\u4e00-\u9fff]")
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 18), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def clouds(monkeypatch):
    """Record word cloud calls instead of drawing (drawing is tested in test_wordclouds)."""
    from analysis.output import wordclouds

    calls: list[dict] = []

    def fake(freqs, width=1600, height=900, palette="party", max_words=150, scale_max=None):
        calls.append({"freqs": dict(freqs), "scale_max": scale_max, "size": (width, height)})
        return _png()

    monkeypatch.setattr(wordclouds, "render_wordcloud", fake)
    return calls


@pytest.fixture(scope="module")
def data(corpus_texts):
    from analysis.corpus.compare import compare_sides
    from analysis.output.briefing import build_briefing

    corpus, texts = corpus_texts
    comp = compare_sides(corpus, [1], [3], texts)
    return corpus, texts, comp, build_briefing(corpus, texts, [1, 3], [comp])


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _charts(slide) -> list:
    return [s.chart for s in slide.shapes if s.has_chart]


def test_comparison_deck_slides_and_native_charts(data, clouds):
    _, _, c, _ = data
    progress: list[tuple[int, int]] = []
    prs = _open(comparison_deck(c, progress=lambda d, t: progress.append((d, t))))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(prs.slides)
    assert len(slides) == 8
    titles = [_texts(s) for s in slides]
    assert c.label_a in titles[0] and c.label_b in titles[0]
    for k, word in enumerate(
        ["用词差异", "主题侧重", "相近举措", "各自独有", "数字指标", "提法", "对比小结"], 1
    ):
        assert word in titles[k], (k, titles[k])
    words, themes, pairs, only, numbers, forms, summary = slides[1:]
    (bar,) = _charts(words)
    assert bar.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert len(list(bar.plots[0].categories)) > 0
    assert sum(1 for s in words.shapes if s.shape_type == 13) == 2  # two word clouds (pictures)
    (radar,) = _charts(themes)
    assert radar.chart_type == XL_CHART_TYPE.RADAR
    assert [s.name for s in radar.plots[0].series] == [c.label_a, c.label_b]
    assert any(s.has_table for s in pairs.shapes)
    assert sum(s.has_table for s in only.shapes) == 2
    (column,) = _charts(numbers)
    assert column.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert any(s.has_table for s in numbers.shapes)
    assert "三会一课" in _texts(forms)
    assert c.summary[0] in _texts(summary)
    assert progress[-1] == (8, 8) and [d for d, _ in progress] == list(range(1, 9))


def test_both_word_clouds_on_one_scale(data, clouds):
    _, _, c, _ = data
    comparison_deck(c)
    assert len(clouds) == 2
    assert clouds[0]["scale_max"] == clouds[1]["scale_max"] == c.cloud_scale
    assert clouds[0]["freqs"] == c.freqs_a and clouds[1]["freqs"] == c.freqs_b


def test_every_chinese_run_names_an_east_asian_font(data, clouds):
    _, _, c, _ = data
    prs = _open(comparison_deck(c))
    checked = 0
    for slide in prs.slides:
        for r in slide._element.iter(f"{{{NS['a']}}}r"):
            text = "".join(r.itertext())
            if CJK.search(text):
                ea = r.find("a:rPr/a:ea", NS)
                assert ea is not None and ea.get("typeface") == FONT, text
                checked += 1
        for shape in slide.shapes:
            if shape.has_chart:
                ea = shape.chart._chartSpace.find(
                    ".//c:txPr//a:ea",
                    {**NS, "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"},
                )
                assert ea is not None and ea.get("typeface") == FONT
    assert checked > 50


def test_briefing_deck(data, clouds):
    _, _, _, b = data
    progress: list[tuple[int, int]] = []
    prs = _open(briefing_deck(b, progress=lambda d, t: progress.append((d, t))))
    slides = list(prs.slides)
    assert len(slides) == briefing_slide_count(b)
    assert progress[-1] == (len(slides), len(slides))
    text = [_texts(s) for s in slides]
    assert b.title in text[0]
    assert "语料概览" in text[1] and "报告" in text[1]
    heat = next(s for s, t in zip(slides, text, strict=True) if "主题热力图" in t)
    assert any(sh.has_table for sh in heat.shapes)
    kw = next(s for s, t in zip(slides, text, strict=True) if "高频关键词" in t)
    assert _charts(kw)[0].chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert any(sh.shape_type == 13 for sh in kw.shapes)
    assert any("常用提法" in t for t in text)
    assert any("兴城投资党支部：主要举措" in t for t in text)
    assert sum("用词差异" in t for t in text) == 1  # the chosen comparison
    for slide in slides[1:]:
        assert any(sh.has_chart or sh.has_table for sh in slide.shapes) or len(_texts(slide)) > 20


def test_decks_survive_odd_and_empty_content(clouds):
    from analysis.core.resources import default_texts
    from analysis.corpus.compare import compare_sides
    from analysis.corpus.loading import Corpus
    from analysis.text.pipeline import analyze_text

    texts = default_texts()
    raw = {1: "", 2: "一、主要做法\n<script>alert(1)</script> & “引号” \U0001f600\n"}
    analyses = {i: analyze_text(t, texts) for i, t in raw.items()}
    reports = pd.DataFrame(
        {
            "branch": ["", "<b>支部</b>"],
            "organization": ["", ""],
            "year": pd.array([None, 2024], dtype="Int64"),
            "kind": ["", ""],
            "title": ["", ""],
            "chars": [a.chars for a in analyses.values()],
            "added_at": ["", ""],
        },
        index=pd.Index([1, 2], name="id"),
    )
    corpus = Corpus(reports, analyses)
    c = compare_sides(corpus, [1], [2], texts)
    assert len(_open(comparison_deck(c)).slides) == 8
    from analysis.output.briefing import build_briefing

    b = build_briefing(corpus, texts, [1, 2], [c])
    assert len(_open(briefing_deck(b)).slides) == briefing_slide_count(b)
