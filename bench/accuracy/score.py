"""Scores of the extraction on labelled reports: matching rules and per-category counts.

Matching rules:
- a title (measure, effect, problem, plan) matches when the normalized titles (Simplified, no
  punctuation or spaces) have a similarity ratio >= TITLE_MATCH, or when one is the other's
  first clause (an item titled by its first clause or by its whole heading sentence); each
  found item matches once;
- a matched measure's parent is right when the found parent matches the labelled one (both
  empty at the top) — scored only on reports labelled as a tree;
- an indicator matches when a found one starts inside the labelled snippet with the same value;
  ages are scored apart and left out of the indicator counts;
- a formulation matches by its normalized term; a found term listed under `maybe` is not judged;
- title, branch, year and kind match when equal after normalization;
- the branch is also judged as an outcome (BRANCH_OUTCOMES): right, the same organization
  written more or less fully (`煤业集团综采一队党支部` for `综采一队党支部`), wrong (a name, not
  the right one: the worst error), or abstained (no name where one was labelled); a label
  `branch: ""` says the text names no author, so only an empty branch is right;
- calibration: each report's most trusted guess (before the abstention threshold) with its
  confidence, right or not — precision per confidence bucket.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from math import isclose

from analysis.core.models import Analysis, Indicator, Measure
from analysis.core.resources import ResourceTexts, default_texts
from analysis.core.script import to_simplified
from analysis.text.characters import half_width, normalize_redactions
from analysis.text.metadata import branch_evidence, infer_metadata
from analysis.text.orgnames import normalize
from analysis.text.pipeline import analyze_text
from bench.accuracy.dataset import Figure, Report

TITLE_MATCH = 0.75
_NOT_WORD_RE = re.compile(r"[^\w]|_")
# A company's legal form, left out of names compared for sameness: 有限公司, 股份有限公司.
_COMPANY_FORM_RE = re.compile("(?:股份)?有限(?:责任)?公司")
ITEM_CATEGORIES = ("measures", "effects", "problems", "plans")
KIND_OF = {"measures": "measure", "effects": "effect", "problems": "problem", "plans": "plan"}
AGE = "age"
RIGHT, SAME_ORG, WRONG, ABSTAINED = "对", "同一组织（详略不同）", "错（非空）", "留空"
BRANCH_OUTCOMES = (RIGHT, SAME_ORG, WRONG, ABSTAINED)


@lru_cache(maxsize=4096)
def norm(s: str) -> str:
    """A title compared: Simplified characters, no punctuation, no spaces."""
    return _NOT_WORD_RE.sub("", to_simplified(s or "")[0])


def first_clause(s: str) -> str:
    """The normalized first clause of a title of two or more, cut outside quotes only.

    "抓学习教育，强理想信念" -> 抓学习教育; "建立“聚人成‘林’，护‘庄’战疫”行动支部" has one clause.
    """
    depth = 0
    for i, c in enumerate(s or ""):
        if c in "“‘「":
            depth += 1
        elif c in "”’」":
            depth = max(0, depth - 1)
        elif c in "，," and depth == 0:
            return norm(s[:i])
    return ""


def similarity(a: str, b: str) -> float:
    """Similarity ratio of two normalized titles (0..1)."""
    if first_clause(a) == norm(b) or first_clause(b) == norm(a):
        return 1.0  # an item titled by its first clause or by its whole heading sentence
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    return 1.0 if a == b else SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Tally:
    """Counts of one category: expected, found, matched; and the misses for the report."""

    expected: int = 0
    found: int = 0
    hit: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (report, kind, text)

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.found += other.found
        self.hit += other.hit
        self.misses.extend(other.misses)

    @property
    def recall(self) -> float | None:
        return self.hit / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.hit / self.found if self.found else (1.0 if self.expected == 0 else 0.0)


@dataclass
class ReportScore:
    """Per-category tallies of one report; the branch outcome and the top guess (name, its
    confidence, whether it is right) for calibration ("" and 0.0 when nothing was guessed)."""

    report: Report
    tallies: dict[str, Tally]
    branch_outcome: str = ""  # one of BRANCH_OUTCOMES; "" when the branch is not labelled
    top_guess: str = ""
    top_confidence: float = 0.0
    top_right: bool = False


def same_org(a: str, b: str) -> bool:
    """Two names of one organization, one written more fully (its parent before it) or in its
    formal spelling (`中共石湾镇委员会` for `石湾镇党委`: one key, analysis.text.orgnames.normalize),
    or with its company's legal form (`北辰化工集团有限公司聚酯事业部` for `北辰化工集团聚酯事业部`)."""
    a, b = (_COMPANY_FORM_RE.sub("", norm(normalize(x))) for x in (a, b))
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.endswith(short)


def branch_outcome(want: str, have: str) -> str:
    """Right, same organization written differently, wrong (non-empty), or abstained."""
    if norm(want) == norm(have):
        return RIGHT
    if not have:
        return ABSTAINED
    return SAME_ORG if want and same_org(want, have) else WRONG


def _match_titles(want: list[str], got: list[str]) -> tuple[dict[int, int], list[int], list[int]]:
    """Greedy best-first matching: (expected index -> found index, missed, unmatched found)."""
    pairs = sorted(
        ((similarity(w, g), i, j) for i, w in enumerate(want) for j, g in enumerate(got)),
        reverse=True,
    )
    used_w: dict[int, int] = {}
    used_g: set[int] = set()
    for sim, i, j in pairs:
        if sim < TITLE_MATCH:
            break
        if i in used_w or j in used_g:
            continue
        used_w[i] = j
        used_g.add(j)
    missed = [i for i in range(len(want)) if i not in used_w]
    extra = [j for j in range(len(got)) if j not in used_g]
    return used_w, missed, extra


def _items(report: Report, found: list[Measure], category: str) -> Tally:
    """Tally of one item category (measures, effects, problems, plans)."""
    want = (
        [m.title for m in report.measures]
        if category == "measures"
        else list(getattr(report, category))
    )
    got = [m.title for m in found if m.kind == KIND_OF[category]]
    _, missed, extra = _match_titles(want, got)
    t = Tally(len(want), len(got), len(want) - len(missed))
    t.misses += [(report.name, f"漏 {category}", want[i]) for i in missed]
    t.misses += [(report.name, f"多 {category}", got[j]) for j in extra]
    return t


def _parents(report: Report, found: list[Measure]) -> Tally:
    """Of the matched measures of a tree-labelled report, how many have the right parent."""
    t = Tally()
    if not report.nested:
        return t
    got = [m for m in found if m.kind == "measure"]
    matched, _, _ = _match_titles([m.title for m in report.measures], [m.title for m in got])
    by_path = {m.path: m for m in found if m.path}
    for i, j in matched.items():
        want = report.measures[i].parent
        parent = by_path.get(got[j].parent)
        have = parent.title if parent is not None else ""
        ok = (not want and not have) or (bool(want) and similarity(want, have) >= TITLE_MATCH)
        t.expected += 1
        t.found += 1
        t.hit += ok
        if not ok:
            t.misses.append((report.name, "错父项", f"{got[j].title} ← {have or '（顶层）'}"))
    return t


def _locate(text: str, snippet: str) -> tuple[int, int] | None:
    """Span of a snippet in the text, ignoring spaces (cleaning may drop or keep them)."""
    keep = [i for i, c in enumerate(text) if not c.isspace()]
    squeezed = "".join(text[i] for i in keep)
    want = "".join(normalize_redactions(half_width(to_simplified(snippet)[0])).split())
    k = squeezed.find(want)
    if k < 0 or not want:
        return None
    return keep[k], keep[k + len(want) - 1] + 1


def _figures(
    report: Report, text: str, figures: tuple[Figure, ...], found: list[Indicator], kind: str
) -> Tally:
    """Tally of labelled figures against found indicators (one category: numbers or ages)."""
    used: set[int] = set()
    t = Tally(len(figures), len(found))
    for f in figures:
        span = _locate(text, f.snippet)
        if span is None and _locate(report.text, f.snippet) is None:
            raise ValueError(f"{report.name}: snippet not in the text: {f.snippet}")
        if span is None:  # in the report, but cleaning dropped it: a miss
            t.misses.append((report.name, f"漏 {kind}（清洗后缺失）", f.snippet))
            continue
        for j, ind in enumerate(found):
            if j in used or not span[0] <= ind.start < span[1]:
                continue
            if ind.value == f.value or (
                ind.value is not None and f.value is not None and isclose(ind.value, f.value)
            ):
                used.add(j)
                t.hit += 1
                break
        else:
            t.misses.append((report.name, f"漏 {kind}", f.snippet))
    t.misses += [
        (report.name, f"多 {kind}", ind.raw) for j, ind in enumerate(found) if j not in used
    ]
    return t


def _formulations(report: Report, analysis: Analysis) -> Tally:
    """Tally of formulations; found terms listed under `maybe` are not judged."""
    want = {norm(t) for t in report.formulations}
    maybe = {norm(t) for t in report.maybe}
    got = {norm(f.term): f.term for f in analysis.formulations}
    judged = {k: v for k, v in got.items() if k not in maybe or k in want}
    t = Tally(len(want), len(judged), len(want & set(judged)))
    t.misses += [
        (report.name, "漏 formulations", x) for x in report.formulations if norm(x) not in got
    ]
    t.misses += [(report.name, "多 formulations", v) for k, v in judged.items() if k not in want]
    return t


def _exact(report: Report, name: str, want: object, have: object) -> Tally:
    """Tally of a single-valued field (title, branch, year)."""
    if isinstance(want, str):
        ok = norm(want) == norm(str(have or ""))
    else:
        ok = want == have
    t = Tally(1, 1, int(ok))
    if not ok:
        t.misses.append((report.name, f"错 {name}", f"{have!r}，应为 {want!r}"))
    return t


def score_report(report: Report, texts: ResourceTexts) -> ReportScore:
    """Run the pipeline on one report and tally every category."""
    analysis = analyze_text(report.text, texts)
    found = list(analysis.structure.measures)
    # Branch, year, kind and title are scored as the product stores them: inferred from the
    # document text as read (not the cleaned text), with the file name, like an upload.
    meta = infer_metadata(report.text, f"{report.name}.txt")
    text = analysis.cleaned.text
    numbers = [i for i in analysis.indicators if i.category != AGE]
    ages = [i for i in analysis.indicators if i.category == AGE]
    tallies = {c: _items(report, found, c) for c in ITEM_CATEGORIES}
    tallies["parents"] = _parents(report, found)
    tallies["indicators"] = _figures(report, text, report.indicators, numbers, "indicators")
    tallies["ages"] = _figures(report, text, report.ages, ages, "ages")
    tallies["formulations"] = _formulations(report, analysis)
    if report.title is not None:
        tallies["title"] = _exact(report, "title", report.title, meta.title or analysis.title)
    if report.branch is not None:
        tallies["branch"] = _exact(report, "branch", report.branch, meta.branch)
    tallies["year"] = _exact(report, "year", report.year, meta.year)
    if report.kind is not None:
        tallies["kind"] = _exact(report, "kind", report.kind, meta.kind)
    score = ReportScore(report, tallies)
    if report.branch is not None:
        top = branch_evidence(text)[:1]
        score.branch_outcome = branch_outcome(report.branch, meta.branch)
        if top:
            score.top_guess, score.top_confidence = str(top[0].value), top[0].confidence
            score.top_right = branch_outcome(report.branch, score.top_guess) in (RIGHT, SAME_ORG)
    return score


def score_all(reports: list[Report], texts: ResourceTexts | None = None) -> list[ReportScore]:
    """Scores of many reports (resources loaded once)."""
    texts = texts or default_texts()
    return [score_report(r, texts) for r in reports]


def totals(scores: list[ReportScore]) -> dict[str, Tally]:
    """Micro-averaged tallies per category over reports."""
    out: dict[str, Tally] = defaultdict(Tally)
    for s in scores:
        for cat, t in s.tallies.items():
            out[cat].add(t)
    return dict(out)


def outcomes(scores: list[ReportScore]) -> dict[str, int]:
    """How many reports had each branch outcome (reports with a branch label)."""
    counts = dict.fromkeys(BRANCH_OUTCOMES, 0)
    for s in scores:
        if s.branch_outcome:
            counts[s.branch_outcome] += 1
    return counts


def calibration(scores: list[ReportScore]) -> dict[float, tuple[int, int]]:
    """Confidence of the top branch guess -> (reports, of which the guess is right); reports
    with no guess at all are left out (nothing to calibrate)."""
    out: dict[float, tuple[int, int]] = {}
    for s in scores:
        if s.branch_outcome and s.top_guess:
            n, ok = out.get(s.top_confidence, (0, 0))
            out[s.top_confidence] = (n + 1, ok + int(s.top_right))
    return dict(sorted(out.items(), reverse=True))


def by_layout(scores: list[ReportScore]) -> dict[str, dict[str, Tally]]:
    """Tallies per layout tag (a report counts under each of its tags)."""
    groups: dict[str, list[ReportScore]] = defaultdict(list)
    for s in scores:
        for tag in s.report.layouts or ("(none)",):
            groups[tag].append(s)
    return {tag: totals(g) for tag, g in sorted(groups.items())}
