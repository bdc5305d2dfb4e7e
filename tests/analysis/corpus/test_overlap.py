"""雷同检测 (analysis.corpus.overlap): what matching ignores, fingerprints, the index and its
通用表述 threshold, shared passages under small edits, 文字复制比, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus.overlap.check import MIN_PASSAGE, OverlapChecker
from analysis.corpus.overlap.index import build_index, default_boilerplate_df
from analysis.corpus.overlap.normalise import normalise
from analysis.corpus.overlap.prints import K, W, gram_hashes, winnow
from analysis.corpus.overlap.stored import text_prints
from tests.wording import own_text


def checker_of(texts: dict[int, str], boilerplate_df: int | None = None) -> OverlapChecker:
    index = build_index({k: text_prints(t) for k, t in texts.items()}, boilerplate_df)
    return OverlapChecker(index, lambda keys: {k: texts[k] for k in keys})


# -- normalisation ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("加强党的建设，推进全面从严治党。", "加强党的建设 推进全面从严治党"),
        ("开展主题党日\n活动", "开展主题党日活动"),
        ("×××公司党支部", "公司党支部"),
        ("**楼宇党委", "楼宇党委"),
        ("XX公司党支部", "公司党支部"),
        ("黨員幹部學習", "党员干部学习"),
        ("开展主题党日12次", "开展主题党日18次"),
        ("2022年度党建工作", "2023年度党建工作"),
        ("完成96.5%", "完成100%"),
        ("１２次", "7次"),
    ],
)
def test_matching_ignores(a, b):
    assert normalise(a).text == normalise(b).text


@pytest.mark.parametrize(
    ("a", "b"),
    [("党员学习", "党员培训"), ("第一党支部", "第二党支部"), ("一是", "二是")],
)
def test_matching_keeps_words(a, b):
    assert normalise(a).text != normalise(b).text


@pytest.mark.parametrize(
    ("text", "span", "original"),
    [
        ("主题党日12次，效果好", (4, 6), "12次"),
        ("黨員，幹部", (0, 4), "黨員，幹部"),
        ("×××支部书记", (0, 2), "支部"),
    ],
)
def test_offsets_point_into_the_original(text, span, original):
    n = normalise(text)
    start, end = n.original_span(*span)
    assert text[start:end] == original


@given(st.text(alphabet="党员支部学习，。 \n×*X0123456789黨員", max_size=200))
def test_normalised_characters_come_from_their_offsets(text):
    n = normalise(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    assert all(np.diff(n.starts) > 0)
    for ch, s, e in zip(n.text, n.starts, n.ends, strict=True):
        assert s < e <= len(text)
        assert ch == "#" or normalise(text[s:e]).text == ch


def test_normalise_refuses_non_text():
    with pytest.raises(TypeError):
        normalise(None)  # type: ignore[arg-type]


# -- fingerprints ----------------------------------------------------------------------------------
def test_hashes_are_the_same_in_every_process():
    """Stored fingerprints stay valid: the hash does not depend on the process (no hash())."""
    assert gram_hashes("坚持以习近平新时代中国特色社会主义思想为指导")[:3].tolist() == [
        1081539922006530103,
        2632715415997261748,
        3034020599854243731,
    ]


@given(st.text(alphabet="党员支部学习组织开展活动群众服务", min_size=0, max_size=300))
def test_every_window_keeps_a_fingerprint(text):
    p = winnow(text)
    n = len(text) - K + 1
    if n <= 0:
        assert len(p) == 0
        return
    at = set(p.positions.tolist())
    for start in range(max(1, n - W + 1)):
        assert at & set(range(start, start + W))


def test_prints_survive_the_store_bytes():
    p = text_prints(own_text(1))
    back = type(p).from_bytes(*p.to_bytes())
    assert back.hashes.tolist() == p.hashes.tolist()
    assert back.positions.tolist() == p.positions.tolist()


# -- shared passages -------------------------------------------------------------------------------
EDITS = {
    "原样": lambda s: s,
    "改名": lambda s: s[:50] + "张伟同志" + s[54:],
    "改数字": lambda s: s[:60] + "共开展活动36次" + s[60:],
    "插入几字": lambda s: s[:40] + "的和" + s[40:90] + "并" + s[90:],
    "删去几字": lambda s: s[:40] + s[42:100] + s[101:],
    "标点": lambda s: s.replace("，", ",").replace("。", "."),
    "繁体": lambda s: s.replace("党", "黨").replace("学习", "學習"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_copied_passage_is_found_through_small_edits(edit):
    source = own_text(10)
    passage = source[300:600]
    copied = own_text(11)[:500] + EDITS[edit](passage) + own_text(12)[:500]
    c = checker_of({1: source, 2: copied, 3: own_text(13)})
    pairs = c.all_pairs()
    assert [(p.a, p.b) for p in pairs] == [(1, 2)]
    pair = pairs[0]
    planted = len(normalise(EDITS[edit](passage))) / len(normalise(copied))
    assert abs(pair.share_b - planted) <= 0.05
    (q,) = pair.passages
    assert q.b_start <= copied.index(EDITS[edit](passage)[:5]) + 15


def test_unrelated_reports_share_nothing():
    c = checker_of({k: own_text(k) for k in range(20)})
    assert c.all_pairs() == []
    assert all(c.check(k).share == 0 for k in range(20))


def test_boilerplate_makes_no_pair_and_is_counted_apart():
    common = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入学习贯彻党的创新理论，推动全面从严治党向纵深发展。"
    texts = {k: (common if k < 8 else "") + own_text(k) for k in range(20)}
    c = checker_of(texts)
    assert c.index.boilerplate_df == default_boilerplate_df(20) <= 8
    assert c.all_pairs() == []
    check = c.check(0)
    assert check.share == 0 and check.boilerplate >= len(normalise(common)) - K
    start, end = check.boilerplate_spans[0]
    assert texts[0][start:end] in common


def test_raising_the_threshold_turns_boilerplate_into_sharing():
    common = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入学习贯彻党的创新理论。"
    texts = {k: (common if k < 6 else "") + own_text(k) for k in range(20)}
    assert checker_of(texts).all_pairs() == []
    assert len(checker_of(texts, boilerplate_df=7).all_pairs()) == 15  # 6 reports: 15 pairs
    with pytest.raises(ValueError, match="至少为 2"):
        checker_of(texts).index.with_boilerplate_df(1)


def test_check_names_sources_and_places_in_both_texts():
    a, b = own_text(20), own_text(21)
    b = b[:200] + a[100:400] + b[200:]
    c = checker_of({1: a, 2: b, 3: own_text(22)})
    check = c.check(2)
    assert [p.b for p in check.pairs] == [1]
    (q,) = check.pairs[0].passages
    assert normalise(b[q.a_start : q.a_end]).text == normalise(a[q.b_start : q.b_end]).text
    assert q.chars >= MIN_PASSAGE
    assert 0.15 < check.share < 0.35


# -- the index -------------------------------------------------------------------------------------
def test_adding_and_removing_a_report_equals_building_anew():
    prints = {k: text_prints(own_text(k)) for k in range(6)}
    full = build_index(prints, 5)
    grown = build_index({k: p for k, p in prints.items() if k != 3}, 5).with_report(3, prints[3])
    assert grown.hashes.tolist() == full.hashes.tolist()
    shrunk = full.without_report(3)
    assert 3 not in shrunk and len(shrunk) == 5
    assert (
        shrunk.hashes.tolist()
        == build_index({k: p for k, p in prints.items() if k != 3}, 5).hashes.tolist()
    )


# -- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize("texts", [{}, {1: own_text(1)}, {1: ""}, {1: "。。。", 2: "，，"}])
def test_too_little_gives_an_empty_result(texts):
    c = checker_of(texts)
    assert c.all_pairs() == []
    for k in texts:
        assert c.check(k).share == 0


def test_two_identical_reports_share_everything():
    text = own_text(5)
    c = checker_of({1: text, 2: text})
    (pair,) = c.all_pairs()
    assert pair.share_a == pytest.approx(1.0, abs=0.01) and pair.share_b == pytest.approx(
        1.0, abs=0.01
    )
    assert c.check(1).mostly_shared


def test_a_very_long_report():
    long = own_text(7, 200_000)
    other = own_text(8)[:300] + long[150_000:150_400] + own_text(9)[:300]
    c = checker_of({1: long, 2: other})
    (pair,) = c.all_pairs()
    assert pair.share_b > 0.3 and pair.share_a < 0.01


def test_a_report_of_nothing_but_boilerplate():
    common = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入学习贯彻党的创新理论。"
    texts = {k: common + (own_text(k) if k else "") for k in range(10)}
    c = checker_of(texts, boilerplate_df=5)
    check = c.check(0)
    assert check.share == 0 and check.pairs == ()
    assert check.boilerplate_share > 0.8


def test_unknown_report_is_a_key_error():
    with pytest.raises(KeyError):
        checker_of({1: own_text(1)}).check(2)


# -- invariants ------------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, 30), min_size=2, max_size=5),
    st.integers(0, 400),
    st.integers(40, 400),
)
def test_shares_are_fractions_and_pairs_symmetric(seeds, start, length):
    texts = {k: own_text(s, 700) for k, s in enumerate(seeds)}
    texts[len(texts)] = own_text(99, 300) + texts[0][start : start + length]
    c = checker_of(texts)
    pairs = c.all_pairs()
    for p in pairs:
        assert 0 <= p.share_a <= 1 and 0 <= p.share_b <= 1
        assert p.a in c.index.partners(p.b) and p.b in c.index.partners(p.a)
        assert c.pair(p.b, p.a) == p.flipped() and c.pair(p.a, p.b) == p
    for k in texts:
        check = c.check(k)
        assert 0 <= check.share <= 1 and 0 <= check.boilerplate_share <= 1
        for p in check.pairs:
            for q in p.passages:
                assert 0 <= q.a_start < q.a_end <= len(texts[k])
