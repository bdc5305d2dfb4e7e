"""Validation of an edited resource (dictionaries, word lists): one gate for every way in.

The resource editor and the backup import both call `validate_resource`, so a dictionary that the
editor refuses cannot enter through an archive either. Every check is linear in the text's size and
the list of messages is bounded.
"""

from __future__ import annotations

import logging
import re

from analysis.core.models import AnalysisError

logger = logging.getLogger(__name__)

MAX_RESOURCE_CHARS = 2_000_000  # an edited dictionary larger than this is refused
MAX_LINE_CHARS = 1_000  # one line of a word list or user dictionary
MAX_PROBLEMS = 20  # messages returned word for word; the rest are counted in one more line

MSG_RES_TOO_BIG = "内容过长（超过 {limit} 万字），请精简后再保存。"
MSG_RES_CONTROL = "第 {line} 行含有不可见的控制字符，请删除后再保存。"
MSG_RES_LINE = "第 {line} 行过长（{n} 字，上限 {limit} 字），每行只写一个词。"
MSG_MORE = "……另有 {n} 处问题未逐条列出。"

# Control characters that never belong in a dictionary text, e.g. "\x00", "\x1b", "\x85"
# (tab, LF and CR are allowed).
_RES_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _line_of(text: str, offset: int) -> int:
    """1-based line number of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1


def _common_problem(name: str, text: str) -> str:
    """The first problem every resource is checked for (size, control characters, line length)."""
    if len(text) > MAX_RESOURCE_CHARS:
        return MSG_RES_TOO_BIG.format(limit=MAX_RESOURCE_CHARS // 10000)
    bad = _RES_CONTROL_RE.search(text)
    if bad:
        return MSG_RES_CONTROL.format(line=_line_of(text, bad.start()))
    if name != "themes":  # YAML may hold a long description; its own parser caps it
        for no, line in enumerate(text.split("\n"), start=1):
            if len(line) > MAX_LINE_CHARS:
                return MSG_RES_LINE.format(line=no, n=len(line), limit=MAX_LINE_CHARS)
    return ""


def _theme_problems(text: str) -> list[str]:
    """The theme parser's message for a broken theme dictionary (it names the line), or []."""
    from analysis.text.theme_dictionary import parse_theme_dictionary

    try:
        parse_theme_dictionary(text)
    except AnalysisError as exc:
        return [exc.message]
    except Exception as exc:  # the parser's own bug must not lose the user's edit
        logger.exception("theme dictionary parser failed")
        return [f"主题词典无法解析（{type(exc).__name__}），请检查格式。"]
    return []


def bounded(problems: list[str]) -> list[str]:
    """The first MAX_PROBLEMS messages and one line counting the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], MSG_MORE.format(n=len(problems) - MAX_PROBLEMS)]


def validate_resource(name: str, text: str) -> list[str]:
    """Chinese messages that block saving an edited resource; empty when it may be saved.

    Themes are parsed with the theme module (the message names the wrong line); user-dictionary
    lines must follow `词 [词频] [词性]` with a word segmentation can use.
    """
    common = _common_problem(name, text)
    if common:
        return [common]
    if name == "themes":
        return _theme_problems(text)
    if name == "userdict":
        from analysis.text.lexicon import userdict_problems

        return bounded(userdict_problems(text))
    if name == "formulations":
        from analysis.text.formulations import known_problems

        return bounded(known_problems(text))
    return []
