"""Tests of analysis.corpus.compare: the log-odds statistic, alignment, numbers, formulations, summary, CLI."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.facts import REDACTED
from analysis.core.models import Formulation, Indicator, Measure
from analysis.corpus.compare.as_json import comparison_to_dict
from analysis.corpus.compare.comparison import compare_sides, realign
from analysis.corpus.compare.formulation_contrast import formulations_compare
from analysis.corpus.compare.measure_alignment import (
    TIER_POSSIBLE,
    TIER_STRONG,
    align_measures,
    assign_pairs,
    practice_measures,
    practice_units,
    split_paragraphs,
)
from analysis.corpus.compare.number_contrast import (
    indicator_details,
    indicators_side_by_side,
    normalize_unit,
    shown_unit,
)
from analysis.corpus.compare.sides import group_ids, group_options, side_label
from analysis.corpus.compare.word_contrast import (
    cosine,
    distinctive_terms,
    diverging_terms,
    jaccard,
    log_odds_dirichlet,
    similarity,
    term_scatter,
)

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "data" / "samples"


# ------------------------------------------------------------------ fixtures


def _para(text: str, start: str, end: str | None = None) -> str:
    """The sample text from `start` to `end` (inclusive) or to the end of the line."""
    i = text.index(start)
    j = text.index(end, i) + len(end) if end else text.find("\n", i)
    return text[i : len(text) if j == -1 else j]


def _m(title: str, text: str, start: int = 0, kind: str = "measure") -> Measure:
    return Measure(title, 3, kind, (), text, start, start + len(text))


# ------------------------------------------------------------------ log-odds


def test_log_odds_hand_computed_balanced():
    # alpha0 = 2, prior 3/3 -> alpha_w = 1; n_a = n_b = 3.
    # delta_x = log(3/(3+2-2-1)) - log(2/(3+2-1-1)) = log(1.5) - log(2/3); var = 1/3 + 1/2.
    df = log_odds_dirichlet({"x": 2, "y": 1}, {"x": 1, "y": 2}, {"x": 3, "y": 3}, alpha0=2)
    row = df.set_index("term")
    delta = math.log(1.5) - math.log(2 / 3)
    assert row.loc["x", "delta"] == pytest.approx(delta)
    assert row.loc["x", "z"] == pytest.approx(delta / math.sqrt(1 / 3 + 1 / 2))
    assert row.loc["y", "z"] == pytest.approx(-delta / math.sqrt(1 / 3 + 1 / 2))
    assert list(df["term"]) == ["x", "y"]  # sorted by z, A's first


def test_log_odds_hand_computed_unequal_sizes_and_missing_prior():
    # prior for "b" missing -> its A+B count (1); p = {a: 3, b: 1}; alpha0 = mean size = 2.
    # alpha_a = 1.5, alpha_b = 0.5; n_a = 3, n_b = 1.
    df = log_odds_dirichlet({"a": 3}, {"b": 1}, {"a": 1}).set_index("term")
    assert df.loc["a", "delta"] == pytest.approx(math.log(9))  # log(4.5/0.5) - log(1.5/1.5)
    assert df.loc["a", "z"] == pytest.approx(math.log(9) / math.sqrt(1 / 4.5 + 1 / 1.5))
    assert df.loc["b", "delta"] == pytest.approx(-math.log(9))  # log(0.5/4.5) - log(1.5/1.5)
    assert df.loc["b", "z"] == pytest.approx(-math.log(9) / math.sqrt(1 / 0.5 + 1 / 1.5))
    assert df.loc["a", ["count_a", "count_b"]].tolist() == [3, 0]


def test_log_odds_identical_sides_have_no_distinctive_terms():
    counts = {"党建": 12, "融合": 5, "共建": 3}
    df = log_odds_dirichlet(counts, counts, {"党建": 40, "融合": 9, "共建": 4, "学习": 7})
    assert (df["z"] == 0).all() and (df["delta"] == 0).all()
    a, b = distinctive_terms(df)
    assert a.empty and b.empty
    assert diverging_terms(df).empty


def test_log_odds_empty():
    df = log_odds_dirichlet({}, {"x": 0})
    assert df.empty and list(df.columns) == ["term", "count_a", "count_b", "delta", "z"]


_counts = st.dictionaries(st.sampled_from(list("甲乙丙丁戊己庚辛")), st.integers(0, 50), max_size=8)


@settings(max_examples=100, deadline=None)
@given(_counts, _counts, _counts)
def test_log_odds_symmetric(a, b, prior):
    ab = log_odds_dirichlet(a, b, prior).set_index("term").sort_index()
    ba = log_odds_dirichlet(b, a, prior).set_index("term").sort_index()
    assert list(ab.index) == list(ba.index)
    assert ab["z"].to_numpy() == pytest.approx(-ba["z"].to_numpy(), abs=1e-9)
    assert ab["delta"].to_numpy() == pytest.approx(-ba["delta"].to_numpy(), abs=1e-9)
    assert all(math.isfinite(z) for z in ab["z"])


def test_distinctive_and_diverging():
    df = pd.DataFrame(
        {
            "term": list("abcde"),
            "count_a": 1,
            "count_b": 1,
            "delta": 0.0,
            "z": [3, 1, 0, -1.5, -2.5],
        }
    )
    a, b = distinctive_terms(df)
    assert list(a["term"]) == ["a"] and list(b["term"]) == ["e"]
    div = diverging_terms(df, n=2)
    assert list(div["term"]) == ["e", "d", "b", "a"]
    assert list(div["side"]) == ["B", "B", "A", "A"]
    assert list(div["significant"]) == [True, False, False, True]


def test_term_scatter_per_10k_and_min_count():
    df = term_scatter({"党建": 3, "融合": 1}, {"党建": 1, "共建": 4}, min_count=2).set_index("term")
    assert set(df.index) == {"党建", "共建"}  # 融合 seen once in total
    assert df.loc["党建", "freq_a"] == pytest.approx(7500.0)  # 3 of 4 words
    assert df.loc["共建", "freq_b"] == pytest.approx(8000.0)  # 4 of 5 words


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"x": 1, "y": 1}, {"x": 1}, 1 / math.sqrt(2)),
        ({"x": 2}, {"y": 3}, 0.0),
        ({"x": 2, "y": 1}, {"x": 2, "y": 1}, 1.0),
        ({}, {}, 1.0),
        ({}, {"x": 1}, 0.0),
    ],
)
def test_cosine(a, b, expected):
    assert cosine(a, b) == pytest.approx(expected)
    assert similarity(a, b) == pytest.approx(round(expected, 4))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(["三会一课", "六有"], ["三会一课"], 0.5), ([], [], 1.0), (["甲"], ["乙"], 0.0)],
)
def test_jaccard(a, b, expected):
    assert jaccard(a, b) == pytest.approx(expected)


# ------------------------------------------------------------------ measures


def test_practice_measures_keeps_leaves_of_kind_measure():
    parent = _m("落实两个同步", "落实两个同步。一是同步部署。二是同步执行。", 0)
    child1 = _m("同步部署", "一是同步部署。", 7)
    child2 = _m("同步执行", "二是同步执行。", 14)
    effect = _m("成效", "取得成效。", 40, kind="effect")
    alone = _m("五方共建", "创新五方共建。", 60)
    assert practice_measures([parent, child1, child2, effect, alone]) == [child1, child2, alone]


@pytest.fixture(scope="module")
def shared_practices():
    """Five practices of sample 000 and five of sample 002; the first four pair up."""
    s0 = (SAMPLES / "000_998eab85674eb478.txt").read_text(encoding="utf-8")
    s2 = (SAMPLES / "002_e12e4fffa2e8dea5.txt").read_text(encoding="utf-8")
    a = [
        _m("抓组织生活", _para(s0, "二是抓组织生活", "活动*余次。")),
        _m("坚持党建业务同步部署", _para(s0, "一是坚持党建业务同步部署")),
        _m("创新五方共建", _para(s0, "近年来，支部与所在街道")),
        _m("党员带头防疫抗疫", _para(s0, "二是党员带头防疫抗疫")),
        _m("抓阵地建设", _para(s0, "三是抓阵地建设", "有声书籍。")),
    ]
    b = [
        _m("严格制度执行", _para(s2, "严格制度执行。")),
        _m("同部署同落实同考核", _para(s2, "将党建工作与西片区")),
        _m("党建联建", _para(s2, "结合项目进展")),
        _m("发挥先锋模范作用", _para(s2, "发挥先锋模范作用。")),
        _m("配强支部班子", _para(s2, "配强支部班子。")),
    ]
    return a, b


def test_align_finds_shared_practices_of_two_samples(shared_practices):
    a, b = shared_practices
    al = align_measures(a, b, sources_a=["000"] * 5, sources_b=["002"] * 5)
    pairs = set(zip(al.pairs["title_a"], al.pairs["title_b"], strict=True))
    assert ("抓组织生活", "严格制度执行") in pairs  # 三会一课、组织生活会、民主评议
    assert ("坚持党建业务同步部署", "同部署同落实同考核") in pairs  # 党建与业务同部署
    assert ("创新五方共建", "党建联建") in pairs  # 共建、资源共享
    assert ("党员带头防疫抗疫", "发挥先锋模范作用") in pairs  # 疫情防控
    assert list(al.only_a["title"]) == ["抓阵地建设"]
    assert set(al.pairs["source_a"]) == {"000"}
    for _, tier in al.pairs.groupby("tier", sort=False):  # 共有 first, each tier most similar first
        assert tier["similarity"].is_monotonic_decreasing
    assert list(dict.fromkeys(al.pairs["tier"])) == sorted(set(al.pairs["tier"]), reverse=True)


def test_align_threshold_moves_pairs_to_only_lists(shared_practices):
    a, b = shared_practices
    strict = align_measures(a, b, threshold=0.99)
    assert strict.pairs.empty
    assert len(strict.only_a) == 5 and len(strict.only_b) == 5
    assert strict.overlap == 0.0


def test_align_identical_sides_pairs_everything(shared_practices):
    a, _ = shared_practices
    al = align_measures(a, a)
    assert len(al.pairs) == 5 and al.only_a.empty and al.only_b.empty
    assert al.overlap == 1.0
    assert (al.pairs["similarity"] > 0.99).all()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([], []),
        ([_m("甲", "")], []),
        ([_m("党", "党")], [_m("建", "建")]),  # only one-character n-grams
        ([_m("成效", "取得成效。", kind="effect")], [_m("共建", "支部共建。")]),
    ],
)
def test_align_degenerate_inputs(a, b):
    al = align_measures(a, b)
    assert al.pairs.empty
    assert len(al.only_a) + len(al.only_b) == al.n_a + al.n_b


def test_align_on_parsed_samples_pairs_the_four_shared_practices(corpus_texts):
    """The bar of issue 22: 000 vs 002 pairs 三会一课, 同部署, 共建/联建, 疫情防控 and nothing else."""
    corpus, _ = corpus_texts
    a = practice_units(corpus.analyses[1].structure.measures)
    b = practice_units(corpus.analyses[3].structure.measures)
    al = align_measures(a, b)
    pairs = dict(zip(al.pairs["title_a"], al.pairs["title_b"], strict=True))
    life = next(k for k in pairs if k.startswith("抓组织生活"))  # the heading sentence
    assert pairs[life] == "严格制度执行"  # 三会一课、组织生活会、民主评议
    assert pairs["党员带头防疫抗疫"] == "发挥先锋模范作用"  # 疫情防控
    assert "党建联建" in pairs["创新五方共建，融合资源联动共赢"]  # 共建 / 联建
    # 同部署: a paragraph of 002's heading 提质增效快步走，在党建与业务融合互促上向前一步
    unit = next(u for u in b if u.title == pairs["坚持党建业务同步部署"])
    assert "党建与业务融合" in unit.title + "".join(unit.section)
    assert len(pairs) == 4  # no pair between unrelated practices
    assert not al.pairs["title_b"].duplicated().any()  # no B practice in two pairs
    assert "提质增效快步走" not in pairs["创新五方共建，融合资源联动共赢"]
    assert len(al.pairs) + len(al.only_a) == al.n_a == len(a)
    assert len(al.pairs) + len(al.only_b) == al.n_b == len(b)


def test_nearest_neighbour_would_reuse_a_practice_but_the_assignment_does_not():
    # Both A practices are closest to B's first; the assignment gives B's second to one of them.
    sim = np.array([[0.9, 0.5], [0.8, 0.1]])
    assert set(sim.argmax(axis=1)) == {0}  # nearest neighbours collide
    pairs = assign_pairs(sim, 0.25)
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 1), (1, 0)]  # total 1.3 > 0.9


def _best_total(w: np.ndarray) -> float:
    """The largest total weight of a one-to-one matching, by brute force (small matrices)."""
    n, m = w.shape
    if n > m:
        return _best_total(w.T)
    return max(sum(w[i, p[i]] for i in range(n)) for p in itertools.permutations(range(m), n))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.integers(1, 4).flatmap(
            lambda m: st.lists(
                st.lists(st.floats(0, 1), min_size=m, max_size=m), min_size=n, max_size=n
            )
        )
    ),
    st.floats(0.05, 0.95),
)
def test_assign_pairs_is_one_to_one_and_optimal(rows, threshold):
    sim = np.array(rows)
    pairs = assign_pairs(sim, threshold)
    assert len({i for i, _, _ in pairs}) == len(pairs) == len({j for _, j, _ in pairs})
    assert all(s >= threshold for _, _, s in pairs)
    weights = np.where(sim >= threshold, sim, 0.0)
    assert sum(s for _, _, s in pairs) == pytest.approx(_best_total(weights))


def test_align_tiers_and_lists_partition_the_practices(shared_practices):
    a, b = shared_practices
    sim = np.array(
        [
            [0.7, 0.1, 0.0, 0.0, 0.0],
            [0.6, 0.3, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.2, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, 0.0],
        ]
    )
    al = align_measures(a, b, threshold=0.25, matrix=sim, strong_threshold=0.5)
    assert list(al.pairs["tier"]) == [TIER_STRONG, TIER_POSSIBLE]
    assert list(al.strong["similarity"]) == [0.7] and list(al.possible["similarity"]) == [0.3]
    assert len(al.pairs) + len(al.only_a) == 5 and len(al.pairs) + len(al.only_b) == 5
    only = al.only_a.set_index("title")
    assert only.loc["创新五方共建", "best_similarity"] == 0.2  # below the threshold: only A's


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("一是同步部署。党建与业务同步讨论、同步部署，纳入年度重点。", ["同步部署"]),
        (
            "提质增效快步走,\n在党建与业务融合互促上向前一步\n"
            "将党建工作与重点项目建设同部署、同落实、同考核。支部委员全程参与。\n"
            "结合项目进展,采取“走出去、请进来”的党建联建方式,与央企开展支部共建。",
            ["同步执行", "结合项目进展,采取“走出去、请进来”的党建联建方式"],
        ),
    ],
)
def test_split_paragraphs(text, titles):
    m = Measure(
        "同步执行" if len(titles) > 1 else titles[0],
        3,
        "measure",
        ("二、",),
        text,
        100,
        100 + len(text),
    )
    units = split_paragraphs(m)
    assert [u.title for u in units] == titles
    for u in units:
        assert text[u.start - 100 : u.end - 100].strip("\n") == u.text
    if len(units) > 1:
        assert units[1].section == ("二、", "同步执行")
        assert units[0].text.startswith("将党建工作")  # heading lines are the title, not the text


def test_summary_counts_equal_the_lists(sample_comparison):
    c = sample_comparison
    m = c.measures
    text = "\n".join(c.summary)
    assert "共有的做法" not in text or len(m.strong)  # 共有 only with strong evidence
    for sentence in c.summary:
        found = re.match(r"(双方共有的做法|可能相近的做法)（(\d+) 对", sentence)
        if found:
            assert int(found.group(2)) == sentence.count("」与「")
            tier = m.strong if found.group(1) == "双方共有的做法" else m.possible
            assert int(found.group(2)) == len(tier)
        only = re.search(r"共 (\d+) 项", sentence)
        if only and sentence.startswith("只有"):
            side = m.only_a if c.label_a in sentence[:20] else m.only_b
            assert int(only.group(1)) == len(side)
    assert f"可能相近的做法（{len(m.possible)} 对" in text
    assert "相似度 0." in text  # medium evidence is shown with its similarity


# ------------------------------------------------------------------ numbers and formulations


def _ind(raw, value, unit, category, subject="", redacted=False):
    return Indicator(value, unit, subject, False, redacted, category, raw, raw, 0)


@pytest.mark.parametrize(
    ("category", "value", "unit", "expected"),
    [
        ("money", 1e8, "元", (1e4, "万元")),
        ("money", 3.0, "亿元", (3e4, "万元")),
        ("money", None, "元", (None, "万元")),
        ("people", 22.0, "名", (22.0, "人")),
        ("events", 5.0, "次", (5.0, "次")),
    ],
)
def test_normalize_unit(category, value, unit, expected):
    assert normalize_unit(category, value, unit) == expected


def test_indicators_side_by_side():
    a = [
        _ind("22名", 22.0, "名", "people", "党员"),
        _ind("*人", None, "人", "people", "党员", redacted=True),
        _ind("近100亿元", 1e10, "元", "money", "营收"),
        _ind("96%", 96.0, "%", "rate", "满意度"),
        _ind("90%", 90.0, "%", "rate", "满意度"),
    ]
    b = [_ind("*万元", None, "元", "money", "租金", redacted=True)]
    df = indicators_side_by_side(a, b).set_index(["category", "unit", "subject"])
    people = df.loc[("people", "人", "党员")]
    assert (people["count_a"], people["sum_a"], people["redacted_a"]) == (2, 22.0, 1)
    assert people["display_a"] == f"22名（党员）；另有1项{REDACTED}"
    assert people["display_b"] == "—" and math.isnan(people["sum_b"])
    assert df.loc[("money", "万元", "营收"), "sum_a"] == pytest.approx(1e6)  # 100亿元
    rent = df.loc[("money", "万元", "租金")]
    assert rent["display_b"] == f"{REDACTED}（1项）"
    assert math.isnan(rent["sum_b"])  # fully redacted: no total, not 0
    assert df.loc[("rate", "%", "满意度"), "sum_a"] == pytest.approx(93.0)  # averaged
    assert list(df.index.get_level_values(0)) == ["people", "money", "money", "rate"]


def test_no_total_across_subjects():
    """22 党员 and 6万余人 of nucleic-acid tests are two rows, never a 人 total of 60022."""
    b = [
        _ind("22名", 22.0, "名", "people", "党员"),
        _ind("6万余人", 60000.0, "人", "people", "核酸检测"),
        _ind("564人", 564.0, "人", "people", "党员"),
    ]
    df = indicators_side_by_side([], b)
    assert 60022.0 not in set(df["sum_b"]) and 60586.0 not in set(df["sum_b"])
    totals = dict(zip(df["subject"], df["sum_b"], strict=True))
    assert totals == {"党员": 586.0, "核酸检测": 60000.0}
    assert df["sum_a"].isna().all() and (df["display_a"] == "—").all()


@pytest.mark.parametrize(
    ("raw", "unit", "redacted", "expected"),
    [
        ("*余万元", "元", True, "万元"),
        ("约*亿元", "元", True, "亿元"),
        ("超过*多万元", "元", True, "万元"),
        ("*元", "元", True, "元"),
        ("*人", "人", True, "人"),
        ("近100亿元", "元", False, "元"),  # the known value holds the 亿
    ],
)
def test_shown_unit_keeps_the_written_multiplier(raw, unit, redacted, expected):
    ind = _ind(raw, None if redacted else 1e10, unit, "money", "收入", redacted)
    assert shown_unit(ind) == expected


def test_indicator_details_show_redacted_money_in_wan():
    det = indicator_details([("甲", _ind("*余万元", None, "元", "money", "收入", True))], [])
    assert det.loc[0, "unit"] == "万元"


def test_formulations_compare():
    a = [Formulation("三会一课", 2, True), Formulation("红色管家", 1, False)]
    b = [Formulation("三会一课", 1, True), Formulation("双报到", 1, True)]
    df = formulations_compare(a, b)
    assert list(df["term"]) == ["三会一课", "红色管家", "双报到"]
    assert list(df["status"]) == ["both", "a", "b"]
    assert df.loc[0, ["count_a", "count_b"]].tolist() == [2, 1]


# ------------------------------------------------------------------ sides and whole comparison


def test_group_options_and_ids(corpus_texts):
    corpus, _ = corpus_texts
    opts = group_options(corpus.reports)
    assert opts["year"] == [2022, 2023]
    assert "兴城投资党支部" in opts["branch"]
    assert group_ids(corpus.reports, "year", 2022) == [1, 2, 3, 4]
    assert group_ids(corpus.reports, "branch", "兴城投资党支部") == [3]
    assert group_ids(corpus.reports, "nope", 1) == []
    assert side_label(corpus, [3]) == "兴城投资党支部"
    assert side_label(corpus, [1, 2, 3, 4]) == "2022年"
    assert side_label(corpus, [], "A方") == "A方"


def test_compare_identical_sides(corpus_texts):
    corpus, texts = corpus_texts
    c = compare_sides(corpus, [1], [1], texts)
    assert c.similarity == pytest.approx(1.0)
    assert all(v == pytest.approx(1.0) for v in c.similarity_parts.values())
    a, b = c.distinctive()
    assert a.empty and b.empty
    assert c.measures.only_a.empty and c.measures.only_b.empty
    assert c.label_a != c.label_b  # same branch gets (A)/(B)
    assert any("双方用词没有明显差异" in s for s in c.summary)
    assert set(c.measures.pairs["tier"]) == {TIER_STRONG}  # identical practices: 共有
    assert not any("更侧重" in s for s in c.summary)


def test_compare_two_samples_and_swap(corpus_texts, sample_comparison):
    corpus, texts = corpus_texts
    ab = sample_comparison  # 1 against 3
    ba = compare_sides(corpus, [3], [1], texts)
    assert 0 < ab.similarity < 1
    assert ab.similarity == pytest.approx(ba.similarity)
    z_ab = ab.words.set_index("term")["z"].sort_index()
    z_ba = ba.words.set_index("term")["z"].sort_index()
    assert z_ab.to_numpy() == pytest.approx(-z_ba.to_numpy())
    _, b_terms = ab.distinctive()
    assert "兴城" not in set(b_terms["term"])  # the B branch's own name is no finding
    assert "兴城" not in ab.freqs_b
    shown = compare_sides(corpus, [1], [3], texts, org_names=True)
    assert "兴城" in set(shown.distinctive()[1]["term"])  # the switch brings it back
    assert ab.cloud_scale == max(max(ab.freqs_a.values()), max(ab.freqs_b.values()))
    assert "三会一课" in set(ab.formulations.loc[ab.formulations["status"] == "both", "term"])
    summary = " ".join(ab.summary)
    assert ab.label_a in summary and ab.label_b in summary
    assert "可能相近的做法" in summary and "双方共有的做法" not in summary
    # every theme named in a "更侧重" sentence really scores higher on that side
    table = ab.themes.table.set_index("theme")
    for sentence in ab.summary:
        if sentence.startswith(f"{ab.label_a}更侧重"):
            for theme in table.index:
                if f"{theme}（" in sentence:
                    assert table.loc[theme, "diff"] > 0
    json.dumps(comparison_to_dict(ab), ensure_ascii=False)


def test_realign_changes_only_measures(sample_comparison):
    c = sample_comparison
    strict = realign(c, 0.99)
    assert strict.measures.pairs.empty and not c.measures.pairs.empty
    assert strict.similarity_parts["words"] == c.similarity_parts["words"]
    assert strict.similarity_parts["measures"] < c.similarity_parts["measures"]
    assert strict.summary != c.summary


def test_compare_groups(corpus_texts):
    corpus, texts = corpus_texts
    c = compare_sides(corpus, [1, 2], [3, 4, 5], texts)
    assert c.reports_a and len(c.reports_b) == 3
    assert set(c.indicators["side"]) <= {"A", "B"}
    assert c.chars_a == corpus.analyses[1].chars + corpus.analyses[2].chars


# ------------------------------------------------------------------ CLI


def test_cli_compare_json(capsys):
    from analysis.cli import main

    a = str(SAMPLES / "000_998eab85674eb478.txt")
    b = str(SAMPLES / "002_e12e4fffa2e8dea5.txt")
    assert main(["compare", a, "--vs", b, "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert 0 < out["similarity"] < 1
    assert out["summary"] and out["measures"]["pairs"]
    pairs = out["measures"]["pairs"]
    assert all(p["tier"] in ("strong", "possible") for p in pairs)
    assert len({p["title_b"] for p in pairs}) == len(pairs)  # one to one
    assert out["measures"]["strong_threshold"] >= out["measures"]["threshold"]
    assert {"themes", "numbers", "formulations", "distinctive_a", "distinctive_b"} <= set(out)


def test_cli_compare_missing_side(tmp_path, capsys):
    from analysis.cli import main

    a = str(SAMPLES / "000_998eab85674eb478.txt")
    assert main(["compare", a, "--vs", str(tmp_path / "nope.txt"), "--workers", "1"]) == 2
    assert "B（--vs 之后）没有可读取的报告" in capsys.readouterr().err


def test_compare_with_an_empty_side_does_not_raise(corpus_texts):
    corpus, texts = corpus_texts
    c = compare_sides(corpus, [], [3, 99], texts)
    assert c.ids_a == () and c.ids_b == (3,)
    assert c.label_a == "A方"
    assert c.similarity_parts == {} and c.similarity == 0.0  # an empty side: no evidence at all
    assert c.measures.pairs.empty and len(c.measures.only_b) > 0
    assert c.summary


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.floats(0, 1), min_size=5, max_size=5), min_size=5, max_size=5),
    st.floats(0.05, 0.9),
)
def test_align_counts_equal_lists_for_any_similarities(shared_practices, rows, threshold):
    a, b = shared_practices
    al = align_measures(a, b, threshold=threshold, matrix=np.array(rows))
    assert len(al.pairs) + len(al.only_a) == al.n_a == 5
    assert len(al.pairs) + len(al.only_b) == al.n_b == 5
    assert not al.pairs["title_a"].duplicated().any() and not al.pairs["title_b"].duplicated().any()
    assert (al.pairs["similarity"] >= round(threshold, 3) - 1e-3).all()
    assert len(al.strong) + len(al.possible) == len(al.pairs)


def test_no_practice_in_two_pairs_for_any_two_samples(corpus_texts):
    corpus, texts = corpus_texts
    for i, j in itertools.combinations(sorted(corpus.analyses), 2):
        m = compare_sides(corpus, [i], [j], texts).measures
        for side in ("a", "b"):
            keys = list(zip(m.pairs[f"title_{side}"], m.pairs[f"text_{side}"], strict=True))
            assert len(keys) == len(set(keys)), (i, j, side)
        assert len(m.pairs) + len(m.only_a) == m.n_a and len(m.pairs) + len(m.only_b) == m.n_b


@pytest.mark.parametrize(("flag", "shown"), [((), False), (("--keep-org-names",), True)])
def test_cli_compare_leaves_organization_names_out_unless_asked(capsys, flag, shown):
    from analysis.cli import main

    a = str(SAMPLES / "003_abae4ccbb5c18466.txt")
    b = str(SAMPLES / "004_8e724b280b7831f1.txt")
    assert main(["compare", a, "--vs", b, "--workers", "1", *flag]) == 0
    out = json.loads(capsys.readouterr().out)
    terms = {row["term"] for row in out["distinctive_a"]}
    assert out["org_names"] is shown
    assert ("楼宇综合党委" in terms) is shown
