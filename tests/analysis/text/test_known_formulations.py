"""The known formulations (已知提法) as an editable resource: parsed and validated line by line, and
an edited list changes what the pipeline extracts and the analyses' cache key."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest

from analysis.core.models import Extracted
from analysis.core.resources import RESOURCE_FILES, RESOURCE_LABELS, default_texts
from analysis.store import archive
from analysis.store.database import CorpusStore
from analysis.store.validation import validate_resource
from analysis.text.formulations import (
    extract_formulations,
    known_problems,
    load_known,
    numbered_spans,
    parse_known,
)
from analysis.text.pipeline import analyze_text, cache_key

TEXT = "支部落实一岗双责，创建四强党支部，开展主题党日。"


def terms(found) -> set[str]:
    return {f.term for f in found}


def test_formulations_are_a_resource():
    assert RESOURCE_FILES["formulations"] == "formulations.txt"
    assert RESOURCE_LABELS["formulations"] == "已知提法"
    assert parse_known(default_texts().formulations) == load_known()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("三会一课\n", {"三会一课"}),
        ("# 注释\n\n  一岗双责  \n", {"一岗双责"}),
        ("１＋Ｎ\n", {"1+N"}),  # folded as the reports are
        ("#三会一课\n", set()),
        ("", set()),
    ],
)
def test_parse_known(text, expected):
    assert parse_known(text) == frozenset(expected)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("三会一课\n党建 引领\n", "第 2 行：「党建 引领」中有空格"),
        ("党\n", "第 1 行：「党」只有一个字"),
        (
            "# 注释\n三会一课两学一做四强党支部\n",
            "第 2 行：「三会一课两学一做四强党支部」有 13 个字",
        ),
        ("红色·管家\n", "第 1 行：「红色·管家」含有标点或符号"),
        ("三会、一课\n", "标点或符号"),
        ("四强\n" * 5001, "超过上限 5000 条"),
    ],
)
def test_bad_lines_are_named(text, fragment):
    problems = known_problems(text)
    assert problems and fragment in problems[0]
    assert validate_resource("formulations", text)


@pytest.mark.parametrize("text", ["三会一课\n1+N\n１＋Ｎ\n345党建工程\n# 注释：任意内容，。\n", ""])
def test_good_lists_pass(text):
    assert known_problems(text) == [] and validate_resource("formulations", text) == []


def test_the_shipped_list_is_valid():
    assert validate_resource("formulations", default_texts().formulations) == []


def test_validation_messages_are_bounded():
    problems = validate_resource("formulations", "党\n" * 100)
    assert len(problems) == 21 and "另有 80 处" in problems[-1]


@pytest.mark.parametrize(
    "known, present, absent",
    [
        (None, {"一岗双责"}, {"四强党支部"}),  # the shipped list
        (frozenset(), set(), {"一岗双责", "四强党支部"}),  # an emptied list
        (parse_known("四强党支部\n"), {"四强党支部"}, {"一岗双责"}),  # an edited list
    ],
)
def test_the_known_list_decides_unquoted_terms(known, present, absent):
    found = terms(extract_formulations(TEXT, known))
    assert present <= found and not absent & found
    assert bool(numbered_spans(TEXT, known)) == bool(present)


def test_an_edited_list_reaches_the_pipeline_and_its_cache_key():
    base = default_texts()
    edited = replace(base, formulations=base.formulations + "四强党支部\n")
    assert "四强党支部" not in terms(analyze_text(TEXT, base).formulations)
    assert "四强党支部" in terms(analyze_text(TEXT, edited).formulations)
    assert cache_key(edited) != cache_key(base)  # stored analyses are redone, not reused
    assert edited.fingerprint() != base.fingerprint()


def test_a_backup_with_a_bad_list_is_refused(tmp_path):
    source = CorpusStore(str(tmp_path / "a.db"))
    source.add("a.txt", Extracted(text=TEXT, fmt="txt"), {"branch": "测试党支部"})
    source.set_resource("formulations", "四强党支部\n")
    good = archive.export_archive(source)
    target = CorpusStore(str(tmp_path / "b.db"))
    archive.import_archive(target, good)
    assert target.resource_overrides() == {"formulations": "四强党支部\n"}
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "resources/formulations.txt":
                content = "党 建\n".encode()
            zout.writestr(item, content)
    other = CorpusStore(str(tmp_path / "c.db"))
    result = archive.import_archive(other, buf.getvalue())
    assert "formulations" not in other.resource_overrides()
    assert "已知提法" in result.problems()
