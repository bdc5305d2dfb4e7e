"""支部对比's charts on the page: the toolbar keeps only the PNG download (its other buttons'
tooltips are English and a user does not need them), named after the chart."""

from __future__ import annotations

import streamlit as st
from plotly.basedatatypes import BaseFigure

from analysis.output.charts.style import screen_config
from views import common


def show(fig: BaseFigure, name: str) -> None:
    """A comparison chart (already dressed `for_screen`) with only the PNG download."""
    st.plotly_chart(fig, width="stretch", config=screen_config(common.safe_name(name)))
