"""A standalone HTML page assembled part by part: escaped text, tables, figures with plotly.js
inlined once, images as data: URIs, one inline stylesheet. Nothing in it is fetched."""

from __future__ import annotations

import base64

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis.core import palette
from analysis.core.escape import html_text
from analysis.core.numbers import format_cell
from analysis.output.charts.style import DOCUMENT_HEIGHT, FONT_FAMILY, screen_config

SIDE_COLORS = palette.SIDE_COLORS
RED, GOLD = palette.PALETTE[0], palette.PALETTE[1]
HTML_ROWS = 60  # table rows shown in the HTML (the Excel workbook has all)
# The charts' font list as a CSS font-family, every family quoted except the generic one.
CSS_FONT_FAMILY = ", ".join(
    f.strip() if f.strip() == "sans-serif" else f'"{f.strip()}"' for f in FONT_FAMILY.split(",")
)

CSS = f"""
body {{ font-family: {CSS_FONT_FAMILY}; color: #2b1a1a; margin: 0; background: #faf7f2; }}
main {{ max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; background: white; }}
header {{ background: {RED}; color: white; padding: 28px 32px; }}
header h1 {{ margin: 0 0 6px; font-size: 30px; }}
header p {{ margin: 0; opacity: .9; }}
h2 {{ color: {RED}; border-bottom: 3px solid {GOLD}; padding-bottom: 6px; margin-top: 40px; }}
h3 {{ color: #5a1010; margin-top: 28px; }}
.kpis {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 14px; }}
.kpi {{ border: 1px solid {GOLD}; background: #fffaf0; border-radius: 6px; padding: 14px; text-align: center; }}
.kpi b {{ display: block; font-size: 30px; color: {RED}; white-space: nowrap; }}
table.data {{ border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0 4px; }}
table.data th {{ background: {RED}; color: white; text-align: left; padding: 6px 8px; }}
table.data td {{ border-bottom: 1px solid #eee; padding: 5px 8px; vertical-align: top; }}
table.data tr:nth-child(even) td {{ background: #faf6f0; }}
.chart {{ margin: 12px 0; }}
.note {{ color: #777; font-size: 13px; }}
.clouds {{ display: flex; gap: 16px; flex-wrap: wrap; }}
.clouds figure {{ flex: 1 1 480px; margin: 0; }}
.clouds img, img.cloud {{ width: 100%; border: 1px solid #ddd; }}
main > img.cloud {{ max-width: 860px; display: block; margin: 12px auto; }}
.sideA {{ color: {SIDE_COLORS["A"]}; }} .sideB {{ color: {SIDE_COLORS["B"]}; }}
ul.summary li {{ margin: 6px 0; line-height: 1.6; }}
.cols {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }}
.cols div {{ border-top: 4px solid {GOLD}; padding-top: 6px; }}
"""


class Page:
    """Accumulates HTML parts; embeds plotly.js inline with the first figure only."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.js_done = False

    def add(self, markup: str) -> None:
        """Markup built by the caller (every user string in it already escaped)."""
        self.parts.append(markup)

    def text(self, tag: str, text: str, cls: str = "") -> None:
        """An element holding escaped text."""
        attr = f' class="{cls}"' if cls else ""
        self.parts.append(f"<{tag}{attr}>{html_text(text)}</{tag}>")

    def figure(self, fig: go.Figure, name: str) -> None:
        """A plotly figure; its PNG download is named `name`."""
        config = {**screen_config(name), "responsive": True}
        height = int(fig.layout.height or DOCUMENT_HEIGHT)
        # The div is as tall as the figure: the next block starts below it, never under it.
        self.parts.append(
            f'<div class="chart" style="height:{height}px">'
            + pio.to_html(
                fig,
                full_html=False,
                include_plotlyjs=not self.js_done,
                config=config,
                include_mathjax=False,
                default_height=f"{height}px",
            )
            + "</div>"
        )
        self.js_done = True

    def table(self, df: pd.DataFrame, rows: int = HTML_ROWS) -> None:
        """The first `rows` rows of a table, escaped; a note when rows were left out."""
        if df.empty:
            self.text("p", "（无数据）", "note")
            return
        shown = df.head(rows).astype(object)
        shown = shown.where(shown.notna(), "")  # <NA> of nullable columns shows as blank
        shown = shown.map(format_cell)  # 是/否, never True; 22, never 22.0
        self.parts.append(shown.to_html(index=False, escape=True, classes="data", border=0))
        if len(df) > rows:
            self.text("p", f"仅显示前 {rows} 行，共 {len(df)} 行；完整数据见 Excel 导出。", "note")

    def image(self, png: bytes, alt: str, cls: str = "cloud") -> None:
        """A PNG as a data: URI."""
        data = base64.b64encode(png).decode("ascii")
        self.parts.append(
            f'<img class="{cls}" alt="{html_text(alt)}" src="data:image/png;base64,{data}">'
        )

    def render(self, title: str, subtitle: str) -> str:
        """The whole document."""
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html_text(title)}</title><style>{CSS}</style></head><body>"
            f"<header><h1>{html_text(title)}</h1><p>{html_text(subtitle)}</p></header><main>"
            + "\n".join(self.parts)
            + "</main></body></html>\n"
        )
