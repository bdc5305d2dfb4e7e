"""雷同检测's tables: pairs most shared first, passages with their places, the branch matrix."""

from __future__ import annotations

import pandas as pd

from analysis.corpus.overlap.check import PairOverlap, Passage
from analysis.corpus.overlap.tables import (
    PAIR_COLUMNS,
    branch_matrix,
    evidence_frame,
    pairs_frame,
    passages_frame,
)

REPORTS = pd.DataFrame(
    {
        "title": ["甲报告", "乙报告", ""],
        "branch": ["一支部", "二支部", "三支部"],
        "year": [2023, 2022, None],
    },
    index=[1, 2, 3],
)


def pair(a: int, b: int, shared_a: int, shared_b: int) -> PairOverlap:
    return PairOverlap(a, b, 100, 200, shared_a, shared_b, (Passage(0, 4, 2, 6, 4),))


def test_pairs_most_shared_first_with_names():
    frame = pairs_frame([pair(1, 2, 10, 10), pair(2, 3, 80, 10)], REPORTS)
    assert list(frame.columns) == ["a", "b", *PAIR_COLUMNS]
    assert frame["文字复制比"].tolist() == [0.8, 0.1]
    assert frame["报告 B"].tolist() == ["报告 3", "乙报告"]  # no title: named by its number
    assert frame["年份 B"].tolist() == ["", 2022]


def test_passages_name_places_in_both_texts():
    frame = passages_frame(pair(1, 2, 4, 4), "共享段落其余", "前言共享段落")
    assert frame.iloc[0].tolist() == [1, 4, "第 1–4 字", "第 3–6 字", "共享段落", "共享段落"]
    evidence = evidence_frame([pair(1, 2, 4, 4)], {1: "共享段落其余", 2: "前言共享段落"}, REPORTS)
    assert evidence.iloc[0][["报告 A", "报告 B"]].tolist() == ["甲报告", "乙报告"]


def test_branch_matrix_is_symmetric():
    frame = pairs_frame([pair(1, 2, 10, 10), pair(2, 3, 80, 10)], REPORTS)
    m = branch_matrix(frame)
    assert list(m.index) == list(m.columns) == ["三支部", "二支部", "一支部"]  # ties by name
    assert (m.to_numpy() == m.to_numpy().T).all()
    assert m.at["二支部", "三支部"] == 0.8 and m.at["一支部", "三支部"] == 0


def test_branch_matrix_of_nothing_is_empty():
    assert branch_matrix(pairs_frame([], REPORTS)).empty
