"""Each derived fact has one home: a table of (pattern -> the only file allowed to hold it).

A rate per 10,000 characters, HTML escaping, the decision "is this a practice" and a report's 字数
are computed in one module each; a copy elsewhere is how two pages come to disagree.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# (what, pattern, the only file allowed to hold it; None: no file may)
FACTS: tuple[tuple[str, re.Pattern[str], str | None], ...] = (
    (
        "每万字频率",
        re.compile(r"\*\s*(?:10_?000|1e4|PER)\b\s*/|\.mul\(\s*(?:10_?000|1e4|PER)\s*\)"),
        "analysis/core/facts.py",
    ),
    (
        "HTML 转义",
        re.compile(r"\bhtml\.escape\(|from html import[^\n]*\bescape\b"),
        "analysis/core/escape.py",
    ),
    (
        "举措的判定",
        re.compile(r"""[=!]=\s*["'](?:举措|measure)["']|["'](?:举措|measure)["']\s*[=!]="""),
        None,
    ),
    (
        "字数 = 文本长度",
        re.compile(r"""(?:\bchars\b|["']字数["']\]?)\s*\+?=\s*len\(|\bchars=len\("""),
        "analysis/core/facts.py",
    ),
)


def sources() -> dict[str, str]:
    """Every Python file a page run or the CLI executes, by its path from the repository root."""
    paths = [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "views").rglob("*.py"), ROOT / "app.py"]
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def misplaced(files: dict[str, str]) -> list[str]:
    """'file:line: what' for each occurrence of a fact outside its one allowed file."""
    found = []
    for what, pattern, home in FACTS:
        for name, text in files.items():
            if name == home:
                continue
            for hit in pattern.finditer(text):
                line = text.count("\n", 0, hit.start()) + 1
                found.append(f"{name}:{line}: {what}（{hit.group(0)}）")
    return found


def test_every_fact_is_computed_in_its_one_place() -> None:
    assert misplaced(sources()) == []


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        ("rate = hits * 10000 / chars\n", "每万字频率"),
        ("rate = hits * 10_000 / chars\n", "每万字频率"),
        ("m = hits.mul(PER).div(chars, axis=0)\n", "每万字频率"),
        ("out = f'<b>{html.escape(name)}</b>'\n", "HTML 转义"),
        ("from html import escape\n", "HTML 转义"),
        ('rows = m[m["类型"] == "举措"]\n', "举措的判定"),
        ("keep = [x for x in items if x.kind == 'measure']\n", "举措的判定"),
        ('if "measure" != kind:\n    pass\n', "举措的判定"),
        ("chars += len(text)\n", "字数 = 文本长度"),
        ('row["字数"] = len(text)\n', "字数 = 文本长度"),
        ("a = Analysis(chars=len(body))\n", "字数 = 文本长度"),
    ],
)
def test_a_planted_copy_is_found(snippet: str, what: str) -> None:
    """The checker finds each kind of copy planted in a page; the same line in its home is fine."""
    planted = misplaced({"views/planted.py": "x = 1\n" + snippet})
    assert planted and all(f.startswith("views/planted.py:2: " + what) for f in planted)
    home = next(h for w, _, h in FACTS if w == what)
    if home is not None:
        assert misplaced({home: snippet}) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "limit = MAX_PIXELS // 10_000\n",  # 万 pixels in a message, not a rate
        "wan_part += section * 10_000\n",  # a Chinese numeral's 万
        "text = html.unescape(label)\n",
        'PRACTICE_LABEL = ITEM_KIND_LABELS["measure"]\n',
        "end = min(len(text), end + 40)\n",
    ],
)
def test_look_alikes_are_not_copies(snippet: str) -> None:
    assert misplaced({"views/planted.py": snippet}) == []


LOWER = re.compile(r"analysis\.(?:io|text|store)(?:\.|$)")


def past_the_door(source: str) -> list[str]:
    """The analysis.io/.text/.store modules a page script imports directly (analysis.service is
    the door; import-linter checks views/, this also covers app.py)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            continue
        found += [m for m in modules if LOWER.match(m)][:1]
    return found


@pytest.mark.parametrize("path", [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))], ids=str)
def test_pages_enter_analysis_by_the_door(path: Path) -> None:
    assert past_the_door(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "from analysis.store.database import CorpusStore\n",
        "from analysis.store import uploads\n",
        "import analysis.text.theme_scoring as th\n",
        "def f():\n    from analysis.io.ingest import read_document\n",
    ],
)
def test_a_planted_side_door_is_found(snippet: str) -> None:
    assert past_the_door(snippet) != []
    assert past_the_door("from analysis.service import CorpusStore\n") == []


# A Chinese column header used as a key inside analysis/: frames carry English keys and the one
# place that names their headers is analysis/output/labels.py. analysis/text/ is left out: there
# these words are the reports' own vocabulary (organization suffixes, a sidecar's column aliases).
HEADER = re.compile(
    r"""(?:\[\s*|,\s*|\{\s*|\(\s*|=\s*|:\s*)["'](?:支部|单位|类型)["'](?=\s*[\]\)\},:]|[ \t]*(?:#.*)?$)""",
    re.M,
)
HEADER_HOME = "analysis/output/labels.py"
# Not moved to English keys yet (each entry must still hold a header; remove it once moved):
# frames of 雷同检测; the roster file's own columns (a format the user fills in); and
# practice_evidence's word list (vocabulary that the pattern cannot tell from a header).
HEADER_PENDING = frozenset(
    {
        "analysis/corpus/compare/practice_evidence.py",
        "analysis/corpus/overlap/tables.py",
        "analysis/corpus/overlap/yearly.py",
        "analysis/store/roster.py",
        "analysis/store/roster_file.py",
    }
)


def header_keys(files: dict[str, str]) -> list[str]:
    """'file:line: header' for each Chinese column header used as a key outside labels.py."""
    found = []
    for name, text in files.items():
        if not name.startswith("analysis/") or name.startswith("analysis/text/"):
            continue
        if name == HEADER_HOME:
            continue
        for hit in HEADER.finditer(text):
            line = text.count("\n", 0, hit.start()) + 1
            found.append(f"{name}:{line}: 列名（{hit.group(0).strip()}）")
    return found


def test_chinese_headers_are_named_only_in_labels() -> None:
    found = header_keys(sources())
    assert [f for f in found if f.split(":")[0] not in HEADER_PENDING] == []
    stale = HEADER_PENDING - {f.split(":")[0] for f in found}
    assert not stale, f"moved to English keys: drop from HEADER_PENDING {sorted(stale)}"


@pytest.mark.parametrize(
    "snippet",
    [
        'rows = df[df["支部"] == name]\n',
        'COLUMNS = [ID, "单位", "年份"]\n',
        'frame = pd.DataFrame({"类型": kinds})\n',
        'BRANCH = "支部"\n',
        'out = df.rename(columns={"kind": "类型"})\n',
        'keep = df[["支部", "标题"]]\n',
    ],
)
def test_a_planted_header_key_is_found(snippet: str) -> None:
    assert header_keys({"analysis/corpus/planted.py": "x = 1\n" + snippet})
    assert header_keys({HEADER_HOME: snippet}) == []


@pytest.mark.parametrize(
    "snippet",
    [
        'note = "单位和支部的名称不计入关键词"\n',  # a sentence, not a key
        'ORG_SUFFIXES = ("支部", "总支")\n',  # vocabulary, allowed in analysis/text/ only
        'title = f"{name}支部"\n',
    ],
)
def test_look_alike_headers_are_not_keys(snippet: str) -> None:
    where = "analysis/text/planted.py" if "SUFFIXES" in snippet else "analysis/corpus/planted.py"
    assert header_keys({where: snippet}) == []
