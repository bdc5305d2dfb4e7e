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


# Theme highlights in a report's text: strong hues a reader tells apart (red, blue, green,
# purple, orange, teal), one per highlighted theme; the text on each is `text_on(colour)`.
HIGHLIGHT_COLORS = ("#C62828", "#1565C0", "#2E7D32", "#6A1B9A", "#EF6C00", "#00695C")
# A place another page asked to show: its sentence on pale yellow, the place on bright yellow.
JUMP_SENTENCE, JUMP_TARGET = "#FFF3A3", "#FFD600"


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance of a colour (0 black .. 1 white)."""
    channels = [c / 255 for c in rgb(hex_color)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 .. 21; body text needs at least 4.5)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return (
        "#000000"
        if contrast(background, "#000000") >= contrast(background, "#FFFFFF")
        else "#FFFFFF"
    )
