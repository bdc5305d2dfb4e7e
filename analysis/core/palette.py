"""The colours of every chart, page and export: party reds and golds on white, A red and B blue."""

# Categorical colours that read on a projector.
PALETTE = ["#C8102E", "#E8A317", "#8B0000", "#F4C430", "#B22222", "#DAA520", "#7F1D1D", "#CA8A04"]
# Side A and side B of a comparison, everywhere (pages, slides, HTML).
SIDE_COLORS = {"A": "#C8102E", "B": "#1F5AA6"}
# Heatmap scale: pale cream to deep red.
HEAT_SCALE = [[0.0, "#FFF8E7"], [0.5, "#F4B942"], [1.0, "#B3001B"]]
# Word-cloud palette (analysis.output.wordclouds.PALETTES) of each comparison side.
SIDE_CLOUD_PALETTES = {"A": "red", "B": "blue"}


def rgb(hex_color: str) -> tuple[int, int, int]:
    """'#C8102E' -> (200, 16, 46), for python-pptx and Pillow."""
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
