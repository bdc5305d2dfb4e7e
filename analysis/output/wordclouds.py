"""Word clouds in a Simplified Chinese font shipped by a pip package, in party reds and golds.

The font is Noto Sans SC (single-face .otf) from `pylopdf-fonts-zh-cn`: wordcloud takes a font file
and would use the first face of a .ttc, which in the Noto CJK collections is the Japanese one.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from analysis.core.models import AnalysisError

SCREEN = (1200, 675)
SLIDE = (1920, 1080)

# Palettes, strongest colour first: the biggest words take it, the rest alternate by word.
PALETTES: dict[str, tuple[str, ...]] = {
    "party": ("#B80000", "#D42A20", "#8E0E12", "#C8102E", "#B8860B", "#A0522D", "#C9871F"),
    "red": ("#A50F15", "#CB181D", "#EF3B2C", "#99000D"),
    "gold": ("#8B6508", "#B8860B", "#A0522D", "#C9871F"),
    "blue": ("#1F5AA6", "#174A8B", "#2E6FC2", "#0F3B73"),
    "gray": ("#222222", "#444444", "#666666"),
}

# Layout canvas width: larger clouds are laid out at this width and drawn scaled up.
LAYOUT_WIDTH = 640
# Smallest font size in the final image, in pixels (smaller words are not drawn).
MIN_FONT_PX = 12

# Debian's fonts-wqy-microhei, used only when the pip font package is missing.
_FALLBACK_FONTS = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)


def font_path() -> str:
    """Path of the Simplified Chinese font file (Noto Sans SC .otf from pylopdf-fonts-zh-cn)."""
    try:
        from pylopdf_fonts_zh_cn import sans_path

        path = Path(sans_path())
        if path.is_file():
            return str(path)
    except ImportError:
        pass
    for path in _FALLBACK_FONTS:
        if path.is_file():
            return str(path)
    raise AnalysisError(
        "找不到中文字体：请安装 pylopdf-fonts-zh-cn（pip install -r requirements.txt）。"
    )


def _color_func(palette: tuple[str, ...], big: int):
    """Colour by word: words at least `big` px get the lead colour, the others a stable pick."""

    def color(word, font_size, position, orientation, random_state=None, **kwargs):
        if font_size >= big:
            return palette[0]
        return palette[1 + zlib.crc32(word.encode("utf-8")) % (len(palette) - 1)]

    return color


def _blank_png(width: int, height: int) -> bytes:
    """A white PNG of the requested size (nothing to draw)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG")
    return buf.getvalue()


def render_wordcloud(
    freqs: Mapping[str, float],
    width: int = 1600,
    height: int = 900,
    palette: str = "party",
    max_words: int = 150,
    scale_max: float | None = None,
) -> bytes:
    """PNG bytes of a word cloud; cached by content so the same cloud is never drawn twice.

    `scale_max` puts several clouds on one scale: a word of that frequency gets the largest font
    and font size is proportional to frequency, so side-by-side clouds compare visually.
    """
    items = sorted(
        ((str(w), float(f)) for w, f in freqs.items() if f and f > 0 and str(w).strip()),
        key=lambda kv: (-kv[1], kv[0]),
    )[:max_words]
    return _render(tuple(items), int(width), int(height), palette, int(max_words), scale_max)


@lru_cache(maxsize=64)
def _render(
    items: tuple[tuple[str, float], ...],
    width: int,
    height: int,
    palette: str,
    max_words: int,
    scale_max: float | None,
) -> bytes:
    """Draw the cloud (the cached worker of `render_wordcloud`)."""
    from wordcloud import WordCloud

    if not items:
        return _blank_png(width, height)
    colors = PALETTES.get(palette, PALETTES["party"])
    # Lay out on a canvas at most LAYOUT_WIDTH wide and draw at `scale`: placement cost grows
    # with canvas area (20 s for 1920x1080 at scale 1, about 2 s this way).
    scale = max(1.0, width / LAYOUT_WIDTH)
    lw, lh = max(1, round(width / scale)), max(1, round(height / scale))
    top_font = max(12, int(min(lh * 0.3, lw / 5)))
    if scale_max:
        own_max = items[0][1]
        size_options = {
            "max_font_size": max(4, int(top_font * min(1.0, own_max / scale_max))),
            "relative_scaling": 1.0,
        }
    else:
        size_options = {"max_font_size": top_font, "relative_scaling": 0.5}
    cloud = WordCloud(
        font_path=font_path(),
        width=lw,
        height=lh,
        scale=scale,
        background_color="white",
        max_words=max_words,
        min_font_size=max(4, round(MIN_FONT_PX / scale)),
        prefer_horizontal=1.0,  # rotated CJK glyphs lie on their side: hard to read
        random_state=1,
        margin=2,
        color_func=_color_func(colors, int(top_font * 0.6)),
        collocations=False,
        **size_options,
    )
    cloud.generate_from_frequencies(dict(items))
    return _png_bytes(cloud.to_image(), width, height)


def _png_bytes(img, width: int, height: int) -> bytes:
    """PNG of `img` on a white canvas of exactly width x height (scaling may be off by 1 px)."""
    from PIL import Image

    if img.size != (width, height):
        canvas = Image.new("RGB", (width, height), "white")
        canvas.paste(img.crop((0, 0, min(width, img.width), min(height, img.height))))
        img = canvas
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=3)  # level 6 costs 3x the time for ~10% size
    return buf.getvalue()
