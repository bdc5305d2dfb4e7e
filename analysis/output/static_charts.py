"""Charts drawn as PNG images with no browser (matplotlib), for documents such as the Word draft.

The Chinese font is the one the word clouds use (shipped by a pip package). Labels are user text:
matplotlib reads `$…$` as math, so every label is escaped with `plain`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.core import palette
from analysis.output.wordclouds import font_path

DPI = 200
WIDTH_IN = 6.2  # the text width of an A4 page with 公文 margins (156 mm)


@lru_cache(maxsize=1)
def _font():
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=font_path())


def plain(text: object) -> str:
    """A label matplotlib shows as written (a `$` would start math mode)."""
    return str(text).replace("$", r"\$")


def _figure(height_in: float):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(WIDTH_IN, height_in), dpi=DPI)


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def heatmap_png(m: pd.DataFrame, scale_max: float) -> bytes:
    """Branches × themes (hits per 10,000 characters) with the values in the cells; colours run
    from 0 to `scale_max` (`heat.HeatData.scale_max`: a higher cell saturates)."""
    from matplotlib.colors import LinearSegmentedColormap

    fig, ax = _figure(0.9 + 0.32 * max(len(m.index), 3))
    cmap = LinearSegmentedColormap.from_list("heat", [str(c) for _, c in palette.HEAT_SCALE])
    top = float(scale_max) or 1.0
    ax.imshow(m.to_numpy(dtype=float), cmap=cmap, aspect="auto", vmin=0, vmax=top)
    font = _font()
    ax.set_xticks(range(len(m.columns)))
    ax.set_xticklabels(
        [plain(c) for c in m.columns], rotation=45, ha="right", fontproperties=font, fontsize=8
    )
    ax.set_yticks(range(len(m.index)))
    ax.set_yticklabels([plain(i) for i in m.index], fontproperties=font, fontsize=8)
    values = m.to_numpy(dtype=float)
    for (r, c), v in np.ndenumerate(values):
        ax.text(
            c,
            r,
            f"{v:.0f}",
            ha="center",
            va="center",
            fontsize=7,
            color="white" if top and v > top * 0.6 else "#1A1A1A",
        )
    ax.set_title("各支部主题分布（每万字命中句数）", fontproperties=font, fontsize=11)
    return _png(fig)


def bars_png(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str) -> bytes:
    """Horizontal bars, largest on top, values at the bar ends."""
    fig, ax = _figure(0.8 + 0.28 * max(len(labels), 3))
    font = _font()
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, list(values), color=palette.PALETTE[0])
    ax.set_yticks(ys)
    ax.set_yticklabels([plain(x) for x in labels], fontproperties=font, fontsize=9)
    for y, v in zip(ys, values, strict=True):
        ax.text(v, y, f" {v:g}", va="center", fontsize=8)
    ax.set_xlabel(plain(xlabel), fontproperties=font, fontsize=9)
    ax.set_title(plain(title), fontproperties=font, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
