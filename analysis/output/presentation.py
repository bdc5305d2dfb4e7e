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

SIDE_COLORS, HEAT_SCALE = palette.SIDE_COLORS, palette.HEAT_SCALE

__all__ = [
    "HEAT_SCALE",
    "SIDE_COLORS",
    "corpus_kpis",
]


def corpus_kpis(corpus: Corpus) -> list[tuple[str, str, str]]:
    """Headline figures of a corpus as (label, value, unit): `analysis.corpus.kpis`, formatted."""
    return [(k.label, k.value, k.note) for k in kpis_of(corpus).items()]
