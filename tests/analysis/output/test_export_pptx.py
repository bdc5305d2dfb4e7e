"""Tests of the PowerPoint decks (output.comparison_slides, output.briefing_slides): decks open in python-pptx with the slides and native charts stated."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from analysis.output.briefing_slides import briefing_deck, briefing_slide_count
from analysis.output.comparison_slides import (
    COMPARISON_SLIDES,
    comparison_deck,
    comparison_slide_count,
)
from analysis.output.slide_parts import FONT

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
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
def data(corpus_texts, sample_comparison, sample_briefing):
    corpus, texts = corpus_texts
    return corpus, texts, sample_comparison, sample_briefing


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
    assert len(slides) == 1 + comparison_slide_count(c) >= COMPARISON_SLIDES
    titles = [_texts(s) for s in slides]
    assert c.label_a in titles[0] and c.label_b in titles[0]

    def first(word: str) -> int:
        return next(k for k, t in enumerate(titles) if word in t)

    order = ["用词差异", "主题侧重", "相近的做法", "各自独有", "数字指标", "提法与品牌", "对比小结"]
    found = [first(w) for w in order]
    assert found == sorted(found) and found[0] == 1
    words, themes, pairs, only, numbers, forms, summary = (slides[k] for k in found)
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
    shown = " ".join(titles[found[-1] :])
    assert all(sentence in shown for sentence in c.summary)  # every sentence on some slide
    n = len(slides)
    assert progress[-1] == (n, n) and [d for d, _ in progress] == list(range(1, n + 1))
    notes = pairs.notes_slide.notes_text_frame.text
    assert "TF-IDF" in notes and "TF-IDF" not in titles[found[2]]  # methods in the notes only
    assert "Monroe" in words.notes_slide.notes_text_frame.text
    assert not any(j in " ".join(titles) for j in ("Monroe", "n-gram", "Jaccard", "每万词"))


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
    from analysis.corpus.compare.comparison import compare_sides
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


def _overflowing(deck: bytes) -> list[tuple[int, str, float, float]]:
    """Shapes that run off their slide: (slide number, name, bottom, right) in inches."""
    prs = _open(deck)
    out = []
    for k, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            h = shape.height
            if shape.has_table:
                h = max(h, sum(r.height for r in shape.table.rows))
            bottom, right = shape.top + h, shape.left + shape.width
            if bottom > prs.slide_height or right > prs.slide_width:
                out.append((k, shape.name, bottom / 914400, right / 914400))
    return out


def test_every_shape_fits_its_slide_on_the_sample_briefing(data, clouds):
    corpus, texts, comp, _ = data
    from analysis.output.briefing import build_briefing

    b = build_briefing(corpus, texts, list(corpus.analyses), [comp])
    assert _overflowing(briefing_deck(b)) == []
    assert _overflowing(comparison_deck(comp)) == []


def _generated_corpus(n: int, seed: int):
    """`n` reports of bench's generator, analysed into an in-memory Corpus (ids from 1)."""
    from analysis.core.resources import default_texts
    from analysis.corpus.loading import Corpus
    from analysis.text.pipeline import analyze_text
    from bench.generate import generate_corpus

    texts = default_texts()
    rows, analyses = [], {}
    for i, r in enumerate(generate_corpus(n, seed=seed), start=1):
        analyses[i] = analyze_text(r.text, texts)
        rows.append({"id": i, **r.meta, "chars": analyses[i].chars, "added_at": ""})
    return Corpus(pd.DataFrame(rows).set_index("id"), analyses), texts


def test_every_shape_fits_its_slide_with_30_reports_chosen(clouds):
    """30 generated reports chosen (long tables: the heatmap, formulations) still fit: long
    tables continue on further slides instead of running off the slide."""
    from analysis.corpus.compare.comparison import compare_sides
    from analysis.output.briefing import build_briefing

    corpus, texts = _generated_corpus(30, seed=3)
    comp = compare_sides(corpus, [1, 2], [3, 4], texts)
    b = build_briefing(corpus, texts, list(corpus.analyses), [comp])
    deck = briefing_deck(b)
    assert _overflowing(deck) == []
    prs = _open(deck)
    heat = [s for s in prs.slides if "主题热力图" in _texts(s)]
    assert len(heat) > 30 // 8  # 30 branches over 8-column slides, rows continued
    assert len(prs.slides) == briefing_slide_count(b)


def test_every_shape_fits_its_slide_on_a_200_report_corpus(clouds):
    """A 200-report corpus (bench's generator: ~70 branches, long names, big counts), 20 reports
    and a 40-against-60 comparison chosen: every table and shape stays on its slide.
    (Checked by hand on 1,000 reports too: 127 slides, none overflowing.)"""
    from analysis.corpus.compare.comparison import compare_sides
    from analysis.output.briefing import build_briefing

    corpus, texts = _generated_corpus(200, seed=0)
    ids = list(corpus.analyses)
    comp = compare_sides(corpus, ids[:40], ids[40:100], texts)
    b = build_briefing(corpus, texts, ids[:20], [comp])
    deck = briefing_deck(b)
    assert _overflowing(deck) == []
    assert _overflowing(comparison_deck(comp)) == []
    assert len(_open(deck).slides) == briefing_slide_count(b)
