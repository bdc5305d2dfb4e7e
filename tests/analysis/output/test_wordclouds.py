"""Word clouds: the Simplified Chinese font covers the top terms, PNGs have the requested size,
the palette is red/gold, clouds are cached, and a shared scale shrinks the smaller cloud."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from analysis.core.resources import default_texts
from analysis.output.wordclouds import SCREEN, SLIDE, font_path, render_wordcloud
from analysis.text.keywords import count_terms, top_keywords
from analysis.text.lexicon import build_lexicon
from tests.conftest import SAMPLES

SMALL = (480, 270)


@pytest.fixture(scope="module")
def top_terms():
    lex = build_lexicon(default_texts())
    out = {}
    for p in SAMPLES:
        text = p.read_text(encoding="utf-8")
        out[p.name[:3]] = top_keywords(count_terms(lex, text)[0], len(text), lex, n=150)
    return out


def _png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).convert("RGB")


def _ink_height(img: Image.Image) -> int:
    """Height of the bounding box of non-white pixels."""
    gray = img.convert("L").point(lambda v: 255 if v < 250 else 0)
    box = gray.getbbox()
    return 0 if box is None else box[3] - box[1]


def test_font_is_the_single_face_simplified_otf():
    path = Path(font_path())
    assert path.is_file() and path.suffix == ".otf"
    assert "NotoSansSC" in path.name


def test_font_covers_the_top_terms_of_every_sample(top_terms):
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_path(), lazy=True).getBestCmap()
    chars = {c for kws in top_terms.values() for k in kws for c in k.term}
    assert len(chars) > 300
    assert sorted(c for c in chars if ord(c) not in cmap) == []


def test_sizes():
    assert SCREEN == (1200, 675) and SLIDE == (1920, 1080)


@pytest.mark.parametrize("size", [SMALL, (300, 300)])
def test_cloud_is_a_png_of_the_requested_size(size, top_terms):
    freqs = {k.term: k.weight for k in top_terms["003"]}
    img = _png(render_wordcloud(freqs, *size, max_words=60))
    assert img.size == size
    assert _ink_height(img) > size[1] // 4  # something was drawn


def test_palette_is_red_and_gold_on_white(top_terms):
    freqs = {k.term: k.weight for k in top_terms["000"]}
    img = _png(render_wordcloud(freqs, *SMALL, max_words=60))
    pixels = np.asarray(img, dtype=int).reshape(-1, 3)
    ink = pixels[pixels.min(axis=1) < 200]
    assert (pixels == 255).all(axis=1).mean() > 1 / 3  # white background
    assert len(ink) and (ink[:, 0] > ink[:, 2] + 40).mean() > 0.9  # reds and golds


def test_same_cloud_is_not_drawn_twice(top_terms):
    freqs = {k.term: k.weight for k in top_terms["001"]}
    first = render_wordcloud(freqs, *SMALL, max_words=40)
    assert render_wordcloud(dict(reversed(list(freqs.items()))), *SMALL, max_words=40) is first
    assert render_wordcloud(freqs, *SMALL, max_words=40, palette="gray") is not first


def test_shared_scale_shrinks_the_smaller_cloud():
    alone = _png(render_wordcloud({"党建": 10.0}, *SMALL))
    shared = _png(render_wordcloud({"党建": 10.0}, *SMALL, scale_max=40.0))
    full = _png(render_wordcloud({"党建": 40.0}, *SMALL, scale_max=40.0))
    assert _ink_height(shared) < _ink_height(full) * 0.5
    assert abs(_ink_height(full) - _ink_height(alone)) <= 4


@pytest.mark.parametrize("freqs", [{}, {"党建": 0}, {"  ": 3.0}])
def test_nothing_to_draw_gives_a_blank_png(freqs):
    img = _png(render_wordcloud(freqs, *SMALL))
    assert img.size == SMALL and _ink_height(img) == 0
