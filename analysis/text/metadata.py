"""Report metadata (title, branch, organization, year, kind): who wrote a report, and when.

Read from a sidecar (metadata.csv/.xlsx keyed by file name) when the office has one, else inferred
from, in order of trust: the file name, the title, the signature block (落款), the opening. Each field
carries its source and a confidence; with a roster (组织名录) the branch is its canonical name when
matched, or marked 待确认 for a person to confirm — never silently wrong.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.core.facts import normalize_year
from analysis.core.models import AnalysisError
from analysis.core.script import to_simplified
from analysis.text.clean import layout_lines
from analysis.text.identity import (
    CONFIDENCE,
    SRC_BODY,
    SRC_ROSTER,
    SRC_SIDECAR,
    Guess,
    branch_guesses,
    file_stem,
    is_salutation,
)
from analysis.text.orgnames import find_names
from analysis.text.report_kinds import KINDS, STAMP, infer_kind  # noqa: F401  (callers import them here)
from analysis.text.report_kinds import kind_guesses as _kind_guesses
from analysis.text.report_year import year_guesses, year_in_body, year_in_heading
from analysis.text.roster import (
    STATUS_INFERRED,
    STATUS_MATCHED,
    STATUS_REVIEW,
    Match,
    Roster,
    match_name,
    scan_text,
)
from analysis.text.units import organization_guesses

# Other names of a kind, e.g. in a sidecar: 工作总结 is a 年度总结.
KIND_SYNONYMS = {"工作总结": "年度总结", "典型材料": "经验材料", "宣传稿": "微信文章"}
CORE_FIELDS = ("title", "branch", "organization", "year", "kind")
# A branch guessed less surely than this is left empty and sent to 待确认 with its candidates.
# Calibration on the labelled sets (python -m bench.accuracy, seeds + heldout + tune +
# blind-2026-12 + blind-2026-12b, 2026-12-08; the table in bench/accuracy/README.md): every top
# guess at 0.85 (title), 0.80 (落款, a 述职's byline) and 0.60 (the opening sentence's subject,
# uncontested) is right or the same organization, as written, with --wrap 26 and with
# --no-title (114 / 114 / 83 guesses); below it, a contested opening subject (0.4: 0 of 2) and
# names the body only mentions (0.3: 1 of 5 as written, 4 of 9 --no-title) are mostly wrong.
# A wrong name is worse than none, so nothing under 0.6 is kept.
BRANCH_SURE = CONFIDENCE[SRC_BODY]
_TITLE_MAX = 60
_TITLE_SCAN_LINES = 400  # the title is looked for in the first lines only
# An outline line, as listed in a table of contents. "一、主要做法", "（二）工作成效", "1. 背景"
_OUTLINE_START_RE = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]"
)
_SPACES_RE = re.compile(r"[ \t\u3000]+")
# A credit line of a web page: "来源：…", "（编辑：…）", "作者：…".
_CREDIT_RE = re.compile(r"^[（(]?(?:来源|编辑|审核|责编|作者|供稿|文字|图片|摄影)\s*[:：]")
# Punctuation of a sentence: a line part holding one is body text, not a title.
_SENTENCE_MARK_RE = re.compile(r"[，,。；;：:！!？?]")


@dataclass(frozen=True)
class Metadata:
    """A report's metadata, each inferred field with its source (文件名/标题/落款/正文/名录/元数据表)
    and confidence (0-1); `branch_status` says whether the roster confirmed the branch."""

    title: str = ""
    branch: str = ""
    organization: str = ""
    year: int | None = None
    kind: str = ""
    parent: str = ""
    branch_source: str = ""
    branch_confidence: float = 0.0
    branch_status: str = ""  # matched / 待确认 / inferred (no roster)
    branch_guess: str = ""  # the name as found, before roster matching (kept to match again)
    branch_candidates: tuple[str, ...] = ()  # roster entries it might be, when unsure
    organization_source: str = ""
    organization_confidence: float = 0.0
    year_source: str = ""
    year_confidence: float = 0.0
    kind_source: str = ""
    kind_confidence: float = 0.0
    # A Traditional report's title / branch / organization as written (the fields above are in
    # Simplified); empty when the report is already Simplified.
    original_title: str = ""
    original_branch: str = ""
    original_organization: str = ""

    def as_dict(self) -> dict:
        """The five stored fields (title, branch, organization, year, kind)."""
        return {k: getattr(self, k) for k in CORE_FIELDS}


def infer_metadata(
    text: str,
    filename: str = "",
    roster: Roster | None = None,
    sidecar: Mapping[str, Metadata] | None = None,
    hints: Sequence[tuple[int, str]] = (),
) -> Metadata:
    """Metadata of one report: sidecar fields first, the rest inferred; never raises on odd text.

    A Traditional report (or file name) is read in Simplified, so its title, branch and
    organization are shown in Simplified; `original_*` keep them as written.
    """
    given = (sidecar or {}).get(Path(filename.replace("\\", "/")).name) if filename else None
    written = text
    text = to_simplified(text)[0]
    stem = to_simplified(file_stem(filename))[0] if filename else ""
    title = (given.title if given else "") or infer_title(text, filename)
    original_title = title
    if not (given and given.title):
        original_title = infer_title(written, filename)
    title = to_simplified(title)[0]
    titles = _heads(text, title, hints)
    found = branch_guesses(text, stem, titles)
    branch = _first(_given(given, "branch"), *(g for g in found if g.confidence >= BRANCH_SURE))
    weak = () if branch else tuple(str(g.value) for g in found)
    org = _first(_given(given, "organization"), *organization_guesses(text, stem, titles, branch))
    year = _first(_given(given, "year"), *year_guesses(text, stem, titles))
    kind = _first(_given(given, "kind"), *_kind_guesses(text, stem, titles))
    meta = Metadata(
        title=title,
        original_title=original_title if original_title != title else "",
        branch=str(branch.value) if branch else "",
        branch_source=branch.source if branch else "",
        branch_confidence=branch.confidence if branch else 0.0,
        branch_guess=str(branch.value) if branch else "",
        branch_candidates=weak,
        organization=str(org.value) if org else "",
        organization_source=org.source if org else "",
        organization_confidence=org.confidence if org else 0.0,
        year=int(year.value) if year else None,
        year_source=year.source if year else "",
        year_confidence=year.confidence if year else 0.0,
        kind=str(kind.value) if kind else "其他",
        kind_source=kind.source if kind else "",
        kind_confidence=kind.confidence if kind else 0.0,
    )
    meta = _simplified_names(label_branch(meta, roster, text=text, stem=stem, titles=titles))
    return _written_names(meta, text, written)


def _heads(text: str, title: str, hints: Sequence[tuple[int, str]] = ()) -> list[str]:
    """The lines that title a report: its title, a subtitle, level-1 headings a file marks; a
    title that is only the text's first words (a report with no title line) titles nothing."""
    excerpt = title.endswith("…") and text.lstrip().startswith(title[:-1])
    heads = [title if not excerpt else "", _subtitle(text, title)]
    heads += [h for lv, h in hints if lv == 1]
    return [t for t in dict.fromkeys(heads[:4]) if t]


def branch_evidence(text: str, filename: str = "") -> list[Guess]:
    """Every branch guess of a report, sure or weak, in trust order (before the threshold
    BRANCH_SURE is applied): what the accuracy harness measures the calibration on."""
    text = to_simplified(text)[0]
    stem = to_simplified(file_stem(filename))[0] if filename else ""
    title = to_simplified(infer_title(text, filename))[0]
    return branch_guesses(text, stem, _heads(text, title))


def _written(name: str, text: str, written: str) -> str:
    """How `name` (found in the Simplified `text`) is written in the original text, when the
    conversion kept every character in place; '' when it cannot be told or is the same."""
    k = text.find(name) if name and len(text) == len(written) else -1
    original = written[k : k + len(name)] if k >= 0 else ""
    return original if original != name else ""


def _written_names(meta: Metadata, text: str, written: str) -> Metadata:
    """`original_branch` / `original_organization` from a Traditional report's own text."""
    if text == written:
        return meta
    return replace(
        meta,
        original_branch=meta.original_branch or _written(meta.branch, text, written),
        original_organization=meta.original_organization
        or _written(meta.organization, text, written),
    )


def _simplified_names(meta: Metadata) -> Metadata:
    """Branch and organization in Simplified (a sidecar or roster may give them Traditional),
    the written form kept in `original_*`."""
    branch, b_changed = to_simplified(meta.branch)
    org, o_changed = to_simplified(meta.organization)
    if not (b_changed or o_changed):
        return meta
    return replace(
        meta,
        branch=branch,
        organization=org,
        original_branch=meta.branch if b_changed else meta.original_branch,
        original_organization=meta.organization if o_changed else meta.original_organization,
    )


def _subtitle(text: str, title: str) -> str:
    """The line under the title when it is a subtitle (`——XX党支部经验材料`)."""
    lines = [ln.strip() for ln in text[:2000].splitlines() if ln.strip()]
    if len(lines) > 1 and lines[0] == title and lines[1].startswith(("—", "-", "－")):
        return lines[1].lstrip("—-－ ")[:_TITLE_MAX]
    return ""


def _given(given: Metadata | None, name: str) -> Guess | None:
    """A sidecar field as a sure guess (None when the sidecar leaves it blank)."""
    value = getattr(given, name) if given else None
    if value in (None, ""):
        return None
    if name == "kind":
        value = KIND_SYNONYMS.get(str(value), value)
    return Guess(value, SRC_SIDECAR, CONFIDENCE[SRC_SIDECAR])


def _first(*guesses: Guess | None) -> Guess | None:
    return next((g for g in guesses if g is not None), None)


def label_branch(
    meta: Metadata,
    roster: Roster | None,
    text: str = "",
    stem: str = "",
    titles: Sequence[str] = (),
) -> Metadata:
    """The branch checked against the roster: its canonical name when matched, else 待确认.

    Tried in trust order: the guess, every other name the report gives (file name, title, 落款,
    opening), then the roster's own names in the file name and title (misspelt suffixes)."""
    if roster is None or not len(roster):
        sure = meta.branch and meta.branch_confidence >= BRANCH_SURE
        return replace(meta, branch_status=STATUS_INFERRED if sure else STATUS_REVIEW)
    guess = meta.branch_guess or meta.branch
    tries: list[Guess] = []
    if guess:
        tries.append(Guess(guess, meta.branch_source, meta.branch_confidence))
    if text or stem:
        tries.extend(g for g in branch_guesses(text, stem, list(titles)) if g.value != guess)
    unsure: list[str] = []
    for g in tries:
        found = match_name(str(g.value), roster)
        if found.matched:
            return _matched(meta, found, g.source, guess or str(g.value))
        unsure.extend(found.candidates)
    for place in (stem, *titles):
        found = scan_text(place, roster)
        if found.matched:
            return _matched(meta, found, SRC_ROSTER, guess)
        unsure.extend(found.candidates)
    return replace(
        meta,
        branch=guess,
        parent="",
        branch_status=STATUS_REVIEW,
        branch_candidates=tuple(dict.fromkeys([*unsure, *meta.branch_candidates])),
    )


def _matched(meta: Metadata, found: Match, source: str, guess: str) -> Metadata:
    assert found.entry is not None
    return replace(
        meta,
        branch=found.entry.name,
        parent=found.entry.parent,
        branch_source=source,
        branch_confidence=found.confidence,
        branch_status=STATUS_MATCHED,
        branch_guess=guess,
        branch_candidates=(),
    )


def infer_title(text: str, filename: str = "", styled: str = "") -> str:
    """The first line that looks like a title (short, no closing 。), else the file name stem.

    `styled` is the paragraph a Word file marks with its Title style: it wins when given.

    A table of contents at the top is skipped (a 目录 line, then outline lines repeated later
    in the body), and a first line running on into the body (a flattened web page:
    "…工作总结 上半年，…") gives its part before the first space.
    """
    if styled.strip() and len(styled.strip()) <= _TITLE_MAX * 2:
        return _SPACES_RE.sub(" ", styled.strip())
    lines = [ln.strip() for ln in _unwrapped_head(text) if ln.strip()]
    toc = False
    for i, line in enumerate(lines[:60]):
        if _SPACES_RE.sub("", line) in ("目录", "目次"):
            toc = True
            continue
        if _OUTLINE_START_RE.match(line) and (toc or line in lines[i + 1 :]):
            continue  # a table-of-contents entry
        if _CREDIT_RE.match(line) or STAMP.search(line):
            continue  # "来源：XX党委办公室", "XX 2025-06-12 08:30" credit or stamp a page
        if is_salutation(line):
            continue  # "市直机关工委：": the addressee, a superior
        if len(line) <= _TITLE_MAX and not line.endswith(("。", "；", ";")):
            return line
        head = _SPACES_RE.split(line, maxsplit=1)[0]
        if 6 <= len(head) <= _TITLE_MAX and not _SENTENCE_MARK_RE.search(head):
            return head
        break
    stem = Path(filename).stem if filename else ""
    return stem or (text.strip()[:20] + "…" if text.strip() else "")


def _unwrapped_head(text: str) -> list[str]:
    """The first lines of a text with the cleaning's layout noise undone (a title wrapped over two
    lines by a PDF text layer is one line again), characters as written."""
    return layout_lines("\n".join(text.splitlines()[:_TITLE_SCAN_LINES]))[0]


def infer_branch(text: str) -> str:
    """The party organization a text names most often (ties: the first named); '' if none."""
    names = [str(g.value) for g in branch_guesses(text, "", [])]
    counts = Counter(n.name for n in find_names(text[:20000], party=True))
    return max(names, key=lambda n: (counts[n], -names.index(n))) if names else ""


def infer_year(title: str, text: str) -> int | None:
    """`2023年度` in the title wins; else a year in the title; else the body's (no founding date)."""
    return year_in_heading(title) or year_in_body(text)


# ---------------------------------------------------------------- sidecar

MAX_SIDECAR_ROWS = 100_000
_SIDECAR_COLUMNS = {
    "filename": ("filename", "文件名", "文件"),
    "title": ("title", "标题"),
    "branch": ("branch", "支部", "党组织"),
    "organization": ("organization", "单位"),
    "year": ("year", "年份", "年度"),
    "kind": ("kind", "类型"),
}


def read_sidecar(path: Path) -> dict[str, Metadata]:
    """filename -> Metadata from a sidecar: CSV (UTF-8 or GBK; # lines are comments) or .xlsx."""
    if not path.exists():
        return {}
    return parse_sidecar(path.name, path.read_bytes())


def parse_sidecar(name: str, data: bytes) -> dict[str, Metadata]:
    """A sidecar's rows keyed by file name; columns in English or Chinese (文件名, 支部, 单位 …)."""
    rows = _xlsx_rows(data) if name.lower().endswith(".xlsx") else _csv_rows(data)
    if len(rows) > MAX_SIDECAR_ROWS:
        raise AnalysisError(f"元数据表超过 {MAX_SIDECAR_ROWS} 行，请拆分后再导入。")
    out: dict[str, Metadata] = {}
    for row in rows:
        values = {f: _cell(row, names) for f, names in _SIDECAR_COLUMNS.items()}
        filename = Path(values.pop("filename").replace("\\", "/")).name
        if not filename:
            continue
        year = values.pop("year")
        out[filename] = Metadata(
            title=values["title"],
            branch=values["branch"],
            organization=values["organization"],
            year=normalize_year(year),
            kind=values["kind"],
        )
    return out


def _cell(row: Mapping[str, object], names: tuple[str, ...]) -> str:
    for key, value in row.items():
        if str(key or "").strip().lower() in names and value is not None:
            text = str(value).strip()
            return text[:-2] if re.fullmatch(r"[0-9]{4}\.0", text) else text
    return ""


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AnalysisError("元数据表无法解码，请另存为 UTF-8 或 GBK 编码的 CSV。")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _xlsx_rows(data: bytes) -> list[dict[str, object]]:
    """The first sheet of a workbook as rows keyed by the header row."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a broken file
        raise AnalysisError("元数据表不是有效的 .xlsx 文件。") from exc
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, ())]
    return [dict(zip(header, r, strict=False)) for r in rows if any(c is not None for c in r)]
