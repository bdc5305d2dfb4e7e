"""Presentation mode (汇报模式): the public names of the slides, their plan and their figures.

A presentation is a sequence of slides planned from the user's choices (`plan_slides`, cheap,
analysis.output.slide_plan) and built one at a time when shown (`build_slide`,
analysis.output.slides): each slide is a title plus one plotly figure, or word-cloud images, with
at most a few plain-text lines. Comparison sides are plain strings (analysis.output.sides). The
figures come from analysis.output.charts; `projector_style` is `charts.style.for_projector`.
This module keeps the names other code imports, and the corpus's headline figures.
"""

from __future__ import annotations

from analysis.core import palette
from analysis.corpus.kpis import corpus_kpis as kpis_of
from analysis.corpus.loading import Corpus
from analysis.output.charts.briefing import bars as bar_figure
from analysis.output.charts.briefing import heatmap as heatmap_figure
from analysis.output.charts.briefing import kpi_tiles as kpi_figure
from analysis.output.charts.comparison import scatter as scatter_figure
from analysis.output.charts.comparison import scatter_floor
from analysis.output.charts.comparison import similarity as similarity_figure
from analysis.output.charts.style import (
    FONT_FAMILY as PROJECTOR_FONT,
)
from analysis.output.charts.style import (
    FONT_SIZE,
    LINE_WIDTH,
    PROJECTOR_PALETTE,
    SLIDE_HEIGHT,
    TICK_SIZE,
)
from analysis.output.charts.style import for_projector as projector_style
from analysis.output.charts.tables import TEXT_CHARS, clip
from analysis.output.charts.tables import measures_table as measures_table_figure
from analysis.output.charts.tables import numbers_table as numbers_table_figure
from analysis.output.charts.tables import only_table as only_table_figure
from analysis.output.charts.tables import pairs_table as pairs_table_figure
from analysis.output.sides import (
    SLIDE_PX,
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
    DEFAULT_VIEWS,
    MAX_MEASURE_PAGES,
    MEASURES_PER_SLIDE,
    VIEWS,
    Slide,
    SlideSpec,
    Sources,
    chosen,
    clamp_index,
    default_sources,
    plan_slides,
)
from analysis.output.slides import MAX_HEAT_ROWS, ONLY_ROWS, TEXT_SLIDE_HEIGHT, build_slide

SIDE_COLORS, HEAT_SCALE = palette.SIDE_COLORS, palette.HEAT_SCALE

__all__ = [
    "COMPARISON_PARTS",
    "DEFAULT_VIEWS",
    "FONT_SIZE",
    "HEAT_SCALE",
    "LINE_WIDTH",
    "MAX_HEAT_ROWS",
    "MAX_MEASURE_PAGES",
    "MEASURES_PER_SLIDE",
    "ONLY_ROWS",
    "PROJECTOR_FONT",
    "PROJECTOR_PALETTE",
    "SIDE_COLORS",
    "SLIDE_HEIGHT",
    "SLIDE_PX",
    "TEXT_CHARS",
    "TEXT_SLIDE_HEIGHT",
    "TICK_SIZE",
    "VIEWS",
    "Slide",
    "SlideSpec",
    "Sources",
    "bar_figure",
    "build_slide",
    "chosen",
    "clamp_index",
    "clip",
    "corpus_kpis",
    "default_pair",
    "default_sources",
    "heatmap_figure",
    "kpi_figure",
    "measures_table_figure",
    "numbers_table_figure",
    "only_table_figure",
    "pairs_table_figure",
    "parse_side",
    "plan_slides",
    "projector_style",
    "scatter_figure",
    "scatter_floor",
    "side_cloud",
    "side_ids",
    "side_key",
    "side_name",
    "side_options",
    "side_text",
    "similarity_figure",
]


def corpus_kpis(corpus: Corpus) -> list[tuple[str, str, str]]:
    """Headline figures of a corpus as (label, value, unit): `analysis.corpus.kpis`, formatted."""
    return [(k.label, k.value, k.note) for k in kpis_of(corpus).items()]
