"""The year a report covers (analysis.text.report_year): the title's, unless the body reports
on another year; a byline's date; never a founding date or the start of a span."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text.metadata import infer_metadata
from analysis.text.report_year import year_in_body, year_in_heading, year_the_body_reports


@pytest.mark.parametrize(
    "text, year",
    [
        # the title names the year of writing, the body reports on the year before (its first
        # sentence leads with it; the 落款 date is the writing's, not the period's)
        (
            "东川市统计局机关党支部2025年党建工作情况报告\n"
            "2024年，局机关党支部以政治建设为统领，按季度推进落实。\n"
            "一季度开展集中学习4次。\n东川市统计局机关党支部\n2025年1月20日",
            2024,
        ),
        (
            "红星社区党支部2025年工作总结\n2024年以来，支部扎实开展工作。\n全年走访群众42户。",
            2024,
        ),
        # an earlier year as background, then 今年: written within the title's year
        (
            "青石村党支部2025年工作总结\n2024年，支部被评为先进基层党组织。今年以来，支部扎实开展工作。",
            2025,
        ),
        # the body dates the title's year too: the title stands
        (
            "青石村党支部2025年工作总结\n2024年，支部打下了基础。\n2025年，支部开展活动12次。",
            2025,
        ),
        # a plan looks back on the year before: its title's year stands
        (
            "东湖街道2025年党建工作要点\n2024年，街道党工委取得新成效。\n一、加强政治建设",
            2025,
        ),
        # a WeChat byline dates the article
        (
            "青春正当时丨这群年轻人挑大梁\n东川电力青年 2025-06-12\n今年以来，团支部开展活动。",
            2025,
        ),
        # "since 2023" says since when, not which year
        (
            "“工匠红心”党建品牌创建工作报告\n2023年以来，党总支立足工科特点，推动融合发展。",
            None,
        ),
        # a subtitle run into the body holds a founding date, no report year
        (
            "“统一领导”夯实党建根基\n——海川市综合党委经验材料海川市综合党委成立于2021年，现有党员685名。",
            None,
        ),
        # no title: the first sentence's year outranks the 落款 date (signed early next year)
        (
            "2025年，街道党工委坚持党建引领，扎实推进各项工作。\n一、主要工作\n开展活动12次。\n"
            "中共锦屏街道工作委员会\n2026年1月15日",
            2025,
        ),
        ("今年以来，支部扎实推进各项工作。\n青石村党支部\n2026年1月15日", 2026),
        # a year's campaign in the title is no founding
        ("市档案馆党支部2023年创建“五好”党支部工作总结\n一、基本情况", 2023),
        ("2023年度党建品牌创建工作情况及2024年工作打谱\n一、主要做法", 2023),
    ],
)
def test_year_the_report_covers(text, year):
    assert infer_metadata(text).year == year


@pytest.mark.parametrize(
    "heading, year",
    [
        ("2023年度工作总结", 2023),
        ("2024年工作要点（2023年度总结附后）", 2023),  # 年度 wins
        ("XX党委成立于2021年", None),
        ("2020年3月成立的XX党委", None),
        ("2023年创建“五好”党支部工作总结", 2023),
        ("没有年份", None),
    ],
)
def test_year_in_heading(heading, year):
    assert year_in_heading(heading) == year


@pytest.mark.parametrize(
    "body, heading_year, year",
    [
        ("2024年，支部扎实工作。", 2025, 2024),
        ("2024年，支部扎实工作。2025年，支部继续努力。", 2025, None),
        ("今年以来，支部扎实工作。", 2025, None),
        ("2024年，支部获评先进。今年以来，支部扎实工作。", 2025, None),
        ("2026年，支部将扎实工作。", 2025, None),  # a later year leading is no report on it
        ("支部扎实工作。2023年一季度学习6次，2023年上半年走访42户。", 2024, 2023),
        # a meeting in the heading's year that reviews the year before
        ("这次会议的主要任务是：总结2025年集团党建工作，部署2026年重点任务。", 2026, 2025),
        ("会议总结2026年上半年工作。", 2026, None),
    ],
)
def test_year_the_body_reports(body, heading_year, year):
    assert year_the_body_reports(body, heading_year) == year


@pytest.mark.parametrize(
    "body, year",
    [
        ("2023年以来，支部扎实工作。", None),
        ("2023年以来，支部扎实工作。2024年，支部开展活动。", 2024),
        ("支部成立于2015年。2022年开展活动。", 2022),
    ],
)
def test_year_in_body(body, year):
    assert year_in_body(body) == year


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "2024年",
                "2025年度",
                "以来",
                "，",
                "。",
                "\n",
                "成立于",
                "一季度",
                "工作要点",
                "1月20日",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_year_never_raises_and_is_a_year(text):
    year = infer_metadata(text).year
    assert year is None or 1921 <= year <= 2100
