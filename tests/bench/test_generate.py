"""The benchmark corpus generator: deterministic, varied, and shaped like the real reports."""

from __future__ import annotations

import re
import statistics

import pytest

from analysis.text.metadata import infer_year
from bench.generate import (
    GeneratedReport,
    fill_store,
    generate_corpus,
    generate_report,
    load_pools,
    parse_sample,
    write_files,
)

N = 120


@pytest.fixture(scope="module")
def corpus() -> list[GeneratedReport]:
    return generate_corpus(N, seed=7)


def test_same_seed_same_corpus(corpus):
    again = generate_corpus(N, seed=7)
    assert [r.text for r in again] == [r.text for r in corpus]
    assert [r.meta for r in again] == [r.meta for r in corpus]


def test_other_seed_other_corpus(corpus):
    other = generate_corpus(N, seed=8)
    assert sum(a.text == b.text for a, b in zip(corpus, other, strict=True)) == 0


def test_report_i_does_not_depend_on_n(corpus):
    assert generate_report(50, seed=7) == corpus[50]
    assert generate_corpus(5, seed=7, start=50)[0] == corpus[50]


def test_texts_unique_and_file_names_unique(corpus):
    assert len({r.text for r in corpus}) == N
    assert len({r.filename for r in corpus}) == N


def test_lengths_vary_like_the_samples(corpus):
    lengths = [len(r.text) for r in corpus]
    assert 1500 <= statistics.median(lengths) <= 4500
    assert min(lengths) >= 300 and max(lengths) <= 20000
    assert max(lengths) > 2 * min(lengths)


def test_metadata_varies(corpus):
    metas = [r.meta for r in corpus]
    assert len({m["branch"] for m in metas}) > N // 3
    assert len({m["organization"] for m in metas}) > 20
    assert {m["year"] for m in metas} <= set(range(2018, 2025))
    assert len({m["year"] for m in metas}) >= 5
    assert {m["kind"] for m in metas} == {
        "经验材料",
        "年度总结",
        "工作报告",
        "品牌创建",
        "微信文章",
    }


@pytest.mark.parametrize("i", range(0, N, 7))
def test_each_report_is_shaped_like_a_report(corpus, i):
    r = corpus[i]
    lines = r.text.splitlines()
    assert lines[0] == r.meta["title"]
    assert r.meta["branch"] in r.text
    if r.meta["kind"] == "微信文章":
        assert lines[-1].startswith("来源:")
        assert any(ln.endswith(("走,", "走，")) for ln in lines)
    else:
        tops = [ln[:2] for ln in lines if re.match(r"^[一二三四五六]、", ln)]
        assert tops[: len(tops)] == [f"{c}、" for c in "一二三四五六"[: len(tops)]]
        assert len(tops) >= 1


def test_numbered_items_are_renumbered_in_order(corpus):
    for r in corpus:
        section_items: list[str] = []
        for ln in r.text.splitlines():
            if re.match(r"^[一二三四五六]、", ln):
                section_items = []
            m = re.match(r"^（([一二三四五六七八九十])）", ln)
            if m:
                section_items.append(m.group(1))
        assert "".join(section_items) == "一二三四五六七八九十"[: len(section_items)]


def test_numbers_are_varied_but_formulas_kept(corpus):
    # The sample says 党员22名 (in one intro); recombined copies carry other plausible counts.
    counts = {m.group(1) for r in corpus for m in re.finditer(r"支部现有党员(\d+)名", r.text)}
    assert len(counts) >= 2
    joined = "".join(r.text for r in corpus)
    assert "三会一课" in joined and "1＋N" in joined


def test_years_in_text_never_after_report_year(corpus):
    for r in corpus:
        years = [int(y) for y in re.findall(r"(20[0-9]{2})年", r.text)]
        assert all(y <= r.meta["year"] + 1 for y in years), r.filename


def test_title_year_is_inferred_for_annual_summaries(corpus):
    annual = [r for r in corpus if r.meta["kind"] == "年度总结"]
    assert annual
    for r in annual:
        assert infer_year(r.meta["title"], r.text) == r.meta["year"]


def test_some_reports_carry_sample_noise():
    reports = generate_corpus(300, seed=1)
    assert any("##paidbegin##" in r.text for r in reports)
    assert any(r.meta["branch"].startswith("**") for r in reports)
    assert any("编\n者\n的\n话" in r.text for r in reports)


def test_pools_parse_all_samples():
    pools = load_pools()
    kinds = {s.kind for s in pools.sections}
    assert kinds == {"background", "practice", "result"}
    assert {s.style for s in pools.sections} == {"marked", "enum", "plain"}
    assert len(pools.rhymes) == 3 and len(pools.intros) >= 5


@pytest.mark.parametrize(
    "text, n_sections, first_items",
    [
        ("一、主要做法\n（一）甲\n正文一段。\n（二）乙", 1, 2),
        (
            "前言写得很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n"
            "一、做法\n一是加强组织领导，支委坚持每季度召开一次会议。\n二是强化理论学习，增强党员干部水平。",
            1,
            2,
        ),
        ("", 0, 0),
    ],
)
def test_parse_sample_table(text, n_sections, first_items):
    intros, sections, _, _ = parse_sample(text, "")
    assert len(sections) == n_sections
    if sections:
        assert len(sections[0].items) == first_items


def test_fill_store_and_write_files(tmp_path, store):
    reports = generate_corpus(3, seed=2)
    assert fill_store(store, reports) == 3
    assert fill_store(store, reports) == 0  # duplicates by content hash
    df = store.list_reports()
    assert list(df["branch"]) == [r.meta["branch"] for r in reports]
    out = write_files(reports, tmp_path / "gen")
    assert (out / reports[0].filename).read_text("utf-8") == reports[0].text
    assert (out / "metadata.csv").read_text("utf-8").count("\n") == 4
