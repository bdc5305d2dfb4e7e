"""The same headline figure reads the same on 概览, in 汇报模式, in the briefing's PowerPoint, Excel
and HTML, and in the CLI: all of them show `analysis.corpus.kpis.corpus_kpis`."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

from analysis.corpus.kpis import Kpis, corpus_kpis
from tests.conftest import ROOT, SAMPLES

APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """The app's own store after its first run on the samples, the page and the loaded corpus."""
    from streamlit.testing.v1 import AppTest

    from analysis.corpus.loading import load_corpus
    from analysis.store.database import CorpusStore

    path = tmp_path_factory.mktemp("kpis") / "app.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJ_DB", str(path))
        at = AppTest.from_file(APP, default_timeout=180).run()  # 概览 is the default page
    assert not at.exception, at.exception
    store = CorpusStore(str(path))
    return path, at, store, load_corpus(store, workers=1)


@pytest.fixture(scope="module")
def expected(sample_store) -> Kpis:
    return corpus_kpis(sample_store[3])


@pytest.fixture(scope="module")
def briefing(sample_store):
    from analysis.core.resources import default_texts
    from analysis.output.briefing import build_briefing

    return build_briefing(sample_store[3], default_texts())


def _shown(k) -> str:
    """How a page metric prints a figure: value and unit."""
    return f"{k.value} {k.unit}".strip()


def test_the_samples_figures(expected):
    assert expected.reports == 5 and expected.branches == 5
    assert expected.years == (2022, 2023)
    assert expected.practices > 10 and expected.redacted > 0
    raw_chars = sum(len(p.read_text(encoding="utf-8")) for p in SAMPLES)
    assert expected.chars < raw_chars  # cleaned characters, not the raw file length


def test_overview_page(sample_store, expected):
    at = sample_store[1]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {k.label: _shown(k) for k in expected.items()}
    listing = next(df.value for df in at.dataframe if "字数" in df.value.columns)
    assert int(listing["字数"].sum()) == expected.chars  # the report list agrees with the total
    assert int(listing["举措数"].sum()) == expected.practices


def test_presentation_mode(sample_store, expected):
    from analysis.output.slide_plan import Sources, plan_slides
    from analysis.output.slides import build_slide

    corpus = sample_store[3]
    (spec,) = plan_slides(["kpis"], corpus)
    unused = lambda *_: None  # noqa: E731 - the overview slide reads only the corpus
    src = Sources(corpus, (), unused, unused, unused, unused, unused)
    slide = build_slide(spec, src)  # what 汇报模式 shows
    texts = [a.text for a in slide.figure.layout.annotations]
    for k in expected.items():
        assert f"<b>{k.value}</b>" in texts
        assert any(t.startswith(k.label) and (k.unit in t) for t in texts)


def test_briefing_powerpoint(briefing, expected):
    from pptx import Presentation

    from analysis.output.briefing_slides import briefing_deck

    deck = Presentation(io.BytesIO(briefing_deck(briefing)))
    slide = next(
        s
        for s in deck.slides
        if any(sh.has_text_frame and sh.text_frame.text == "语料概览" for sh in s.shapes)
    )
    tiles = {}
    for sh in slide.shapes:
        if sh.has_text_frame and len(sh.text_frame.paragraphs) == 2:
            value, caption = (p.text for p in sh.text_frame.paragraphs)
            tiles[caption] = value
    assert tiles == {
        (f"{k.label}（{k.note}）" if k.note else k.label): k.value for k in expected.items()
    }


def test_briefing_excel(briefing, expected):
    from openpyxl import load_workbook

    from analysis.output.export_xlsx import briefing_workbook

    ws = load_workbook(io.BytesIO(briefing_workbook(briefing)))["概览"]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    assert rows == [(k.label, k.value, k.note or None) for k in expected.items()]


def test_briefing_html(briefing, expected):
    from analysis.output.export_html import briefing_html

    page = briefing_html(briefing)
    tiles = re.findall(r'<div class="kpi"><b>([^<]*)</b>([^<]*)</div>', page)
    assert tiles == [
        (k.value, f"{k.label}（{k.note}）" if k.note else k.label) for k in expected.items()
    ]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_cli_list_summary(sample_store, expected):
    out = _cli("list", "--db", str(sample_store[0]))
    assert out.returncode == 0, out.stderr
    summary = out.stdout.strip().splitlines()[-1]
    for k in expected.items():
        assert f"{k.label} {k.value}" in summary
    listed = json.loads(_cli("list", "--db", str(sample_store[0]), "--json").stdout)
    assert sum(r["chars"] for r in listed) == expected.chars


def test_cli_brief(expected):
    """`brief` on the sample files: the figures that do not depend on metadata agree."""
    out = _cli("brief", "--workers", "1", *map(str, SAMPLES))
    assert out.returncode == 0, out.stderr
    shown = {k["label"]: k for k in json.loads(out.stdout)["kpis"]}
    for k in expected.items():
        if k.label in ("报告", "总字数", "举措", "数字指标", "提法"):
            assert (shown[k.label]["value"], shown[k.label]["note"]) == (k.value, k.note)
