"""The known list of formulations (已知提法): the shipped file data/formulations.txt or the user's
edit of it, parsed one term a line and checked line by line (Chinese messages); and the shipped
lexicon of unnumbered fixed terms counted when quoted (data/named_terms.txt)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from analysis.core.numbers import fold
from analysis.core.resources import DATA_DIR

FORMULATIONS_FILE = DATA_DIR / "formulations.txt"
NAMED_TERMS_FILE = DATA_DIR / "named_terms.txt"  # unnumbered fixed terms, counted when quoted
MAX_TERM = 12  # longer quoted text is a sentence or a slogan, not a term
_CJK = "\u4e00-\u9fff"

__all__ = [
    "FORMULATIONS_FILE",
    "MAX_KNOWN",
    "MAX_TERM",
    "known_problems",
    "load_known",
    "load_named_terms",
    "parse_known",
]


MAX_KNOWN = 5000  # terms of an edited known list; more is no list of formulations
# What a known term may be made of: CJK, Latin letters, digits and the plus of 1+N (folded).
_KNOWN_TERM_RE = re.compile(rf"[{_CJK}A-Za-z0-9+]{{2,{MAX_TERM}}}")


def _known_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, stripped line) of the terms of a known-list text (no comments)."""
    lines = ((no, line.strip()) for no, line in enumerate(text.splitlines(), start=1))
    return [(no, line) for no, line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=8)
def parse_known(text: str) -> frozenset[str]:
    """The known list of a resource text (one term a line, '#' comments), folded."""
    return frozenset(fold(line) for _, line in _known_lines(text))


@lru_cache(maxsize=4)
def load_known(path: Path = FORMULATIONS_FILE) -> frozenset[str]:
    """The shipped list of numbered formulations, folded (missing file: empty list)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return parse_known(text)


@lru_cache(maxsize=4)
def load_named_terms(path: Path = NAMED_TERMS_FILE) -> frozenset[str]:
    """The shipped lexicon of unnumbered fixed terms and role metaphors (主心骨, 一肩挑), folded;
    a quoted one is a formulation in any context (missing file: empty lexicon)."""
    return load_known(path)


def known_problems(text: str) -> list[str]:
    """Chinese messages for lines of an edited known list that cannot be a term (each names its
    line), for the resource editor and the backup import."""
    lines = _known_lines(text)
    problems = []
    if len(lines) > MAX_KNOWN:
        problems.append(f"已知提法有 {len(lines)} 条，超过上限 {MAX_KNOWN} 条，请精简。")
    for no, line in lines:
        term, shown = fold(line), line[:20]
        if any(c.isspace() for c in term):
            problems.append(f"第 {no} 行：「{shown}」中有空格，每行只写一个提法。")
        elif len(term) < 2:
            problems.append(f"第 {no} 行：「{shown}」只有一个字，提法至少两个字。")
        elif len(term) > MAX_TERM:
            problems.append(
                f"第 {no} 行：「{shown}」有 {len(term)} 个字，提法最多 {MAX_TERM} 个字（更长的是句子）。"
            )
        elif not _KNOWN_TERM_RE.fullmatch(term):
            problems.append(
                f"第 {no} 行：「{shown}」含有标点或符号，提法只能由汉字、字母、数字和“＋”组成。"
            )
    return problems
