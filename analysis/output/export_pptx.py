"""PowerPoint decks (python-pptx, 16:9) of a comparison and of a briefing.

Charts are native PowerPoint charts (editable in PowerPoint and WPS: bar, column, radar), word
clouds are PNG pictures, tables are tables. The decks are built in output.slide_parts (fonts, text,
tables, charts), output.comparison_slides and output.briefing_slides; this module is their front.
"""

from analysis.output.briefing_slides import briefing_deck, briefing_slide_count
from analysis.output.comparison_slides import (
    COMPARISON_SLIDES,
    add_comparison_slides,
    comparison_deck,
    comparison_slide_count,
)
from analysis.output.slide_parts import (
    CELL_CHARS,
    CLOUD_PX,
    FONT,
    MARGIN,
    SLIDE_H,
    SLIDE_W,
    TABLE_ROWS,
    Progress,
    new_presentation,
)

__all__ = [
    "CELL_CHARS",
    "CLOUD_PX",
    "COMPARISON_SLIDES",
    "FONT",
    "MARGIN",
    "SLIDE_H",
    "SLIDE_W",
    "TABLE_ROWS",
    "Progress",
    "add_comparison_slides",
    "briefing_deck",
    "briefing_slide_count",
    "comparison_deck",
    "comparison_slide_count",
    "new_presentation",
]
