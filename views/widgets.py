"""Display widgets every page shares: tables with CSV/Excel downloads, plotly charts with a PNG
download, and word clouds. User text reaches the screen only as table cells, escaped captions or
escaped chart labels."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core import escape
from analysis.output.charts.style import for_screen, screen_config
from analysis.output.wordclouds import SCREEN, SLIDE, render_wordcloud

MAX_CLOUD_WORDS = 150


class TableFile(NamedTuple):
    """One download of a table: button label, bytes built on click, file name, MIME type."""

    label: str
    build: Callable[[], bytes]
    file_name: str
    mime: str
    icon: str


def safe_name(text: str) -> str:
    """A file-name-safe version of a chart or table title."""
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", text).strip("_")[:60] or "chart"


def table_files(df: pd.DataFrame, name: str) -> tuple[TableFile, TableFile]:
    """The CSV (UTF-8 with BOM, opens right in Excel/WPS) and Excel downloads of a table, both
    from analysis.output.spreadsheet (formula and control-character guards), imported on the
    first click: openpyxl is not needed to draw a page."""
    from analysis.output import spreadsheet

    return (
        TableFile(
            "下载 CSV",
            lambda: spreadsheet.csv_bytes(df),
            f"{safe_name(name)}.csv",
            "text/csv",
            ":material/download:",
        ),
        TableFile(
            "下载 Excel",
            lambda: spreadsheet.workbook_bytes({name: df}),
            f"{safe_name(name)}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ":material/table_view:",
        ),
    )


def table_downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel download buttons for a table, built only when clicked (openpyxl is slow)."""
    # A horizontal row sized to the buttons: columns would squeeze them in narrow containers.
    row = st.container(horizontal=True, gap="small")
    for f, suffix in zip(table_files(df, name), ("csv", "xlsx"), strict=True):
        row.download_button(
            f.label, f.build, file_name=f.file_name, mime=f.mime, key=f"{key}_{suffix}", icon=f.icon
        )


def show_table(
    df: pd.DataFrame, name: str, key: str, download: pd.DataFrame | None = None, **kwargs: Any
) -> None:
    """A sortable table (user text shown as plain text) with its downloads: of `download` when
    given (every row of a table shown a page at a time), else of `df`."""
    st.dataframe(df, hide_index=True, width="stretch", **kwargs)
    table_downloads(df if download is None else download, name, key)


def show_chart(fig: go.Figure, name: str, height: int | None = None, **kwargs: Any) -> Any:
    """A plotly chart dressed for the screen, with its PNG download named after the chart.

    A figure's own larger top margin (a heatmap's top axis) is kept; `kwargs` go to st.plotly_chart
    (a key and `on_select` for a clickable chart), whose result is returned.
    """
    return show_dressed(dressed(fig, height), name, **kwargs)


def dressed(fig: go.Figure, height: int | None = None) -> go.Figure:
    """`fig` dressed for the screen in place (style.for_screen), its own larger top margin kept."""
    top = fig.layout.margin.t
    for_screen(fig, height)
    if top and top > (fig.layout.margin.t or 0):
        fig.update_layout(margin_t=top)
    return fig


def show_dressed(fig: go.Figure, name: str, **kwargs: Any) -> Any:
    """A figure already `dressed` (one cached for every session: it is not changed here), with
    its PNG download named after the chart."""
    config = screen_config(safe_name(name))  # only the PNG download, no logo
    return st.plotly_chart(fig, width="stretch", config=config, **kwargs)


@st.cache_resource(show_spinner=False, max_entries=128)
def _shared_figure(builder: str, args: tuple, _build: Callable[..., go.Figure]) -> go.Figure:
    return dressed(_build(*args))  # `builder` (the function's name) keys it


def show_shared_chart(
    build: Callable[..., go.Figure], args: tuple, name: str, **kwargs: Any
) -> Any:
    """The figure `build(*args)`, built and dressed once for every session showing the same
    plain-valued `args` (numbers, strings, tuples), with its PNG download."""
    builder = f"{build.__module__}.{build.__qualname__}"
    return show_dressed(_shared_figure(builder, args, build), name, **kwargs)


def show_wordcloud(freqs: Mapping[str, float], name: str, key: str) -> None:
    """A word cloud at screen size and a PNG download drawn at slide resolution on demand."""
    if not freqs:
        st.caption("没有可显示的关键词。")
        return
    items = dict(sorted(freqs.items(), key=lambda kv: -kv[1])[:MAX_CLOUD_WORDS])
    png = render_wordcloud(items, *SCREEN)
    caption = escape.markdown(name)
    st.image(png, width="stretch", caption=caption, output_format="PNG")  # PNG: no re-encoding
    st.download_button(
        "下载词云 PNG（幻灯片尺寸）",
        lambda: render_wordcloud(items, *SLIDE),
        file_name=f"{safe_name(name)}.png",
        mime="image/png",
        key=f"{key}_png",
        icon=":material/image:",
    )


def year_column() -> Any:
    """An editable year column (whole years 1921–2100)."""
    return st.column_config.NumberColumn(
        "年份", min_value=1921, max_value=2100, step=1, format="%d"
    )


def kind_column(kinds: list[str]) -> Any:
    """An editable report-kind column choosing among `kinds`."""
    return st.column_config.SelectboxColumn("类型", options=kinds)
