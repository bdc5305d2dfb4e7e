"""The tools that prove a pipeline speed change: the full-analysis digest (bench.analysis_digest)
and the same-process comparison with an older commit (bench.pipeline_pair)."""

from __future__ import annotations

import pytest

from bench.analysis_digest import BLIND, differences, full_outputs, input_texts
from bench.pipeline_pair import _IMPORT_RE, BASE_PACKAGE, extract_base, paired

TEXT = "临港燃气有限公司党支部2023年工作总结\n一、主要做法\n（一）强化理论武装。全年开展“三会一课”12次，发展党员3名。\n"


@pytest.mark.parametrize(
    ("expected", "actual", "differ"),
    [
        ({"a": "1", "b": "2"}, {"a": "1", "b": "2"}, []),
        ({"a": "1", "b": "2"}, {"a": "1", "b": "3"}, ["b"]),
        ({"a": "1"}, {"a": "1", "新": "9"}, ["新"]),
        ({"a": "1", "旧": "9"}, {"a": "1"}, ["旧"]),
    ],
)
def test_differences_name_every_changed_report(expected, actual, differ):
    assert differences(expected, actual) == differ


def test_full_outputs_cover_every_stage_and_repeat_exactly():
    first, again = full_outputs(TEXT), full_outputs(TEXT)
    assert first == again
    assert first["analysis"]["indicators"] and first["analysis"]["formulations"]
    assert first["analysis"]["structure"]["measures"] and first["term_order"]
    assert {"scores", "hits", "measures", "compact", "keywords"} <= first.keys()


def test_inputs_leave_out_the_blind_set_and_add_generated_reports():
    names = [name for name, _ in input_texts(generated=2)]
    assert not any(name.startswith(BLIND) for name in names)
    assert any(name.startswith("samples/") for name in names)
    assert sum(name.startswith("gen/") for name in names) == 2


@pytest.mark.parametrize(
    ("source", "renamed"),
    [
        (
            "from analysis.text.clean import clean_text",
            f"from {BASE_PACKAGE}.text.clean import clean_text",
        ),
        ("import analysis.core.models", f"import {BASE_PACKAGE}.core.models"),
        ("from analysis_base.x import y", "from analysis_base.x import y"),
        ("# the analysis. step", "# the analysis. step"),
        ("from analysisx import y", "from analysisx import y"),
    ],
)
def test_base_package_imports_are_renamed(source, renamed):
    assert _IMPORT_RE.sub(rf"\1 {BASE_PACKAGE}", source) == renamed


def test_paired_times_every_run_on_every_text():
    seen: dict[str, list[str]] = {"a": [], "b": []}
    runs = {name: seen[name].append for name in seen}
    cpu = paired(["一", "二", "三"], runs, block=2, rounds=2)
    assert seen["a"] == seen["b"] == ["一", "二", "三"] * 2
    assert set(cpu) == {"a", "b"} and all(v >= 0 for v in cpu.values())


def test_extract_base_gives_a_renamed_package_with_its_data(tmp_path):
    root = extract_base("HEAD", tmp_path)
    package = root / BASE_PACKAGE
    assert (package / "text" / "pipeline.py").exists() and (root / "data").is_dir()
    sources = [p.read_text("utf-8") for p in package.rglob("*.py")]
    assert not any(_IMPORT_RE.search(s) for s in sources)
    assert any(f"from {BASE_PACKAGE}.text" in s for s in sources)


def test_stage_shares_cover_every_step_of_the_pipeline():
    from bench.measure import stage_rates

    shares = stage_rates([TEXT, TEXT * 3])["stages_pct"]
    steps = {"clean", "structure", "indicators", "formulations", "keywords", "org_names", "title"}
    assert steps | {"themes", "tag_measures"} == shares.keys()
    assert sum(shares.values()) == pytest.approx(100, abs=0.5)


def test_regex_cost_is_per_character_and_positive():
    from bench.regex_cost import ns_per_char, patterns

    assert "indicators._QTY_RE" in patterns()
    assert ns_per_char(len, ["党建" * 50, "工作"], repeat=1) >= 0


def test_a_stage_alone_reads_cleaned_text():
    from bench.pipeline_pair import STAGES, stage_call

    assert set(STAGES) == {"score_themes", "count_terms", "found_names"}
    terms, _ = stage_call("analysis", "count_terms")("支部开展党建工作，党建工作扎实。")
    assert terms["党建"] == 2
