"""Tests of analysis.output.briefing: the content every exporter shows, and the `brief` CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.output.briefing import (
    MAX_SECTIONS,
    briefing_tables,
    build_briefing,
    comparison_tables,
    formulation_columns,
    similarity_table,
)

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


@pytest.fixture(scope="module")
def built(corpus_texts, sample_comparison):
    corpus, texts = corpus_texts
    comp = sample_comparison
    calls: list[tuple[int, int]] = []
    brief = build_briefing(
        corpus, texts, [1, 3], [comp], progress=lambda d, t: calls.append((d, t))
    )
    return corpus, texts, comp, brief, calls


def test_kpis_and_tables(built):
    corpus, _, _, b, _ = built
    kpi = {k.label: k for k in b.kpis}
    assert kpi["报告"].value == "5"
    assert kpi["年份"].value == "2022–2023"
    assert int(kpi["举措"].value) > 10
    assert "已脱敏" in kpi["数字指标"].note  # sample 000 redacts its numbers
    assert len(b.reports) == 5
    assert list(b.keywords.columns) == ["term", "count", "per10k", "tfidf", "docs"]
    assert "工作" not in set(b.keywords["term"])  # officialese removed by default
    assert b.keyword_freqs and all(v > 0 for v in b.keyword_freqs.values())
    assert b.theme_matrix.shape[0] == 5 and "组织生活" in b.theme_matrix.columns
    assert "三会一课" in set(b.formulations["formulation"])


def test_sections(built):
    _, _, _, b, _ = built
    assert [s.report_id for s in b.sections] == [1, 3]
    s = b.sections[1]
    assert s.name == "兴城投资党支部"
    assert "2022年" in s.meta
    assert len(s.measures) > 0 and set(s.measures["item_kind"]) == {"举措"}
    assert "三会一课" in set(s.formulations["formulation"])
    assert len(s.keywords) <= 15


def test_progress_reaches_total(built):
    *_, calls = built
    assert calls[-1][0] == calls[-1][1]
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_briefing_tables_have_every_table(built):
    _, _, _, b, _ = built
    tables = briefing_tables(b)
    for name in ("概览", "报告列表", "举措", "指标", "提法", "关键词", "主题得分", "主题矩阵"):
        assert name in tables and len(tables[name]) > 0, name
    assert "对比1-区分词" in tables and "对比1-相近举措" in tables
    assert tables["主题矩阵"].columns[0] == "支部"


def test_comparison_tables_have_chinese_headers(built):
    _, _, c, _, _ = built
    tables = comparison_tables(c)
    assert list(tables) == [
        "总结",
        "相似度",
        "区分词",
        "词频对照",
        "主题得分",
        "主题证据",
        "相近举措",
        "仅A举措",
        "仅B举措",
        "数字指标对比",
        "数字指标明细",
        "提法",
    ]
    assert tables["总结"]["要点"].iloc[0].startswith("A：")
    assert set(tables["提法"]["归属"]) <= {"双方共有", f"仅{c.label_a}", f"仅{c.label_b}"}
    assert "z值" in tables["区分词"].columns
    for df in tables.values():
        assert not any(str(col).isascii() and str(col).isidentifier() for col in df.columns), list(
            df.columns
        )
    sim = similarity_table(c)
    assert sim.iloc[0, 0] == "总体相似度" and sim.iloc[0, 1] == c.similarity
    groups = formulation_columns(c)
    assert "三会一课" in groups["双方共有"]


def test_sections_capped(built):
    corpus, texts, *_ = built
    b = build_briefing(corpus, texts, list(corpus.analyses) * (MAX_SECTIONS // 5 + 1))
    assert len(b.sections) == MAX_SECTIONS
    assert b.notes and "Excel" in b.notes[0]


def test_brief_cli_json_and_files(tmp_path, capsys, monkeypatch):
    from analysis.cli import main
    from analysis.output import wordclouds

    monkeypatch.setattr(wordclouds, "render_wordcloud", lambda *a, **k: _png())
    files = [str(p) for p in sorted(SAMPLES.glob("*.txt"))[:2]]
    assert main(["brief", *files, "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kpis"][0] == {"label": "报告", "value": "2", "unit": "份", "note": "份"}
    x, h = tmp_path / "b.xlsx", tmp_path / "b.html"
    assert main(["brief", *files, "--xlsx", str(x), "--html", str(h), "--workers", "1"]) == 0
    assert x.stat().st_size > 0 and h.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["brief", str(tmp_path / "missing.txt"), "--workers", "1"]) == 2


def _png() -> bytes:
    """A 1x1 PNG (word clouds are tested in test_wordclouds)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(buf, format="PNG")
    return buf.getvalue()
