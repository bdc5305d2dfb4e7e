"""Excel workbooks of a comparison or a briefing: every table on its own sheet (analysis.output.spreadsheet)."""

from __future__ import annotations

from analysis.corpus.compare.comparison import Comparison
from analysis.output.briefing import Briefing, briefing_tables, comparison_tables
from analysis.output.comparison_frames import reading_notes
from analysis.output.spreadsheet import Progress, workbook_bytes

__all__ = [
    "comparison_workbook",
    "briefing_workbook",
]


def comparison_workbook(c: Comparison, progress: Progress | None = None) -> bytes:
    """The tables of one comparison: 总结, 相似度, 区分词, 词频对照, 主题得分, 主题证据, 相近举措,
    仅A举措, 仅B举措, 数字指标对比, 数字指标明细, 提法, and 说明 (how to read each)."""
    return workbook_bytes({**comparison_tables(c), "说明": reading_notes(c)}, progress)


def briefing_workbook(b: Briefing, progress: Progress | None = None) -> bytes:
    """Every table of a briefing: 概览, 报告列表, 举措, 指标, 提法, 关键词, 主题得分, 主题矩阵,
    主题证据, and the sheets of each comparison (对比1-…)."""
    return workbook_bytes(briefing_tables(b), progress)
