"""Keyword-in-context (KWIC) concordance: every literal occurrence of a term with its context.

Pure functions over {report id: cleaned text}; the search page and exports build on them. A query in
Traditional characters also finds the Simplified text (cleaned texts are Simplified).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Hashable, Mapping
from functools import lru_cache

import pandas as pd

from analysis.core.facts import per10k_frame
from analysis.core.models import AnalysisError

logger = logging.getLogger(__name__)

KWIC_COLUMNS = ["id", "left", "hit", "right", "position", "sentence"]
MAX_QUERY = 50  # characters; a longer "term" is a pasted paragraph, not a search
SENTENCE_SPAN = 160  # at most this many characters of sentence on each side of a hit

# Characters that end a sentence or a line, for the evidence sentence around a hit.
# e.g. "……一岗双责。二是" -> the sentence stops at "。"
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# Line breaks and tabs inside a context window, shown as one space so a KWIC line stays one line.
# e.g. "党建\n引领" -> "党建 引领"
_BREAKS = re.compile(r"[\r\n\t]+")


@lru_cache(maxsize=1)
def _t2s():
    """The OpenCC Traditional->Simplified converter, built once (None if unavailable)."""
    try:
        from opencc import OpenCC

        return OpenCC("t2s")
    except Exception:  # pragma: no cover - the package is a runtime dependency
        logger.exception("OpenCC unavailable: search does not fold Traditional/Simplified")
        return None


def normalize_query(query: object) -> str:
    """The query stripped and width-normalized; AnalysisError (Chinese message) when unusable."""
    if not isinstance(query, str):
        raise AnalysisError("检索词必须是文字。")
    q = unicodedata.normalize("NFC", query).strip()
    if not q:
        raise AnalysisError("请输入要检索的词语。")
    if len(q) > MAX_QUERY:
        raise AnalysisError(f"检索词太长（{len(q)} 字），请输入不超过 {MAX_QUERY} 字的词语或短语。")
    if _BREAKS.search(q):
        raise AnalysisError("检索词不能包含换行，请输入一个词语或短语。")
    return q


def query_variants(query: str) -> list[str]:
    """The literal forms searched: the query itself and its Simplified form (if different)."""
    q = normalize_query(query)
    variants = [q]
    conv = _t2s()
    if conv is not None:
        simp = conv.convert(q)
        if simp and simp != q and len(simp) == len(q):
            variants.append(simp)
    return variants


def _pattern(variants: list[str]) -> re.Pattern[str]:
    """One alternation of escaped literals, longest first (no nested quantifiers: linear)."""
    alts = sorted({re.escape(v) for v in variants}, key=len, reverse=True)
    return re.compile("|".join(alts))


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], at most SENTENCE_SPAN chars each side."""
    lo = max(0, start - SENTENCE_SPAN)
    before = text[lo:start]
    cut = None
    for m in _SENTENCE_END.finditer(before):
        cut = m.end()
    left = before[cut:] if cut is not None else before
    after = text[end : end + SENTENCE_SPAN]
    stop = _SENTENCE_END.search(after)
    right = after[: stop.end()] if stop else after
    return _BREAKS.sub(" ", left + text[start:end] + right).strip()


def kwic(
    texts: Mapping[Hashable, str], query: str, width: int = 30, limit: int | None = None
) -> pd.DataFrame:
    """KWIC lines (id, left, hit, right, position, sentence) of every literal match, in text order.

    Raises AnalysisError for an empty or unusable query; `limit` caps the number of lines.
    """
    pat = _pattern(query_variants(query))
    width = max(0, int(width))
    rows: list[tuple] = []
    for rid, text in texts.items():
        if not isinstance(text, str) or not text:
            continue
        for m in pat.finditer(text):
            s, e = m.span()
            rows.append(
                (
                    rid,
                    _BREAKS.sub(" ", text[max(0, s - width) : s]),
                    m.group(0),
                    _BREAKS.sub(" ", text[e : e + width]),
                    s,
                    _sentence(text, s, e),
                )
            )
            if limit is not None and len(rows) >= limit:
                return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def sort_kwic(lines: pd.DataFrame, by: str = "position") -> pd.DataFrame:
    """KWIC lines sorted by left context (read right-to-left, from the hit), right context or position."""
    if lines.empty:
        return lines
    if by == "left":
        return lines.sort_values("left", key=lambda col: col.str[::-1], kind="stable").reset_index(
            drop=True
        )
    if by == "right":
        return lines.sort_values("right", kind="stable").reset_index(drop=True)
    return lines.sort_values(["id", "position"], kind="stable").reset_index(drop=True)


def group_label(value: object) -> str:
    """A report attribute as a chart label: 2022.0 -> "2022", missing or empty -> "（未填写）"."""
    if isinstance(value, str):
        return value or "（未填写）"
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "（未填写）"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def count_hits(texts: Mapping[Hashable, str], query: str) -> dict[Hashable, int]:
    """Matches of the query per report (every report, zeros included); no context is built."""
    pat = _pattern(query_variants(query))
    return {
        rid: sum(1 for _ in pat.finditer(text)) if isinstance(text, str) else 0
        for rid, text in texts.items()
    }


def hit_counts(per_report: Mapping[int, int], reports: pd.DataFrame, by: str) -> pd.DataFrame:
    """Hits grouped by a report column (e.g. branch, year): by, hits, reports, hits per 10k chars.

    `reports` is indexed by report id with columns `by` and `chars`; groups without hits are kept
    with zero so a chart shows who never uses the term.
    """
    cols = [by, "hits", "reports", "per10k"]
    if reports.empty or by not in reports.columns:
        return pd.DataFrame(columns=cols)
    meta = reports[[by, "chars"]].copy()
    meta[by] = meta[by].map(group_label)
    meta["hits"] = [int(per_report.get(rid, 0)) for rid in meta.index]
    meta["with_hit"] = (meta["hits"] > 0).astype(int)
    grouped = meta.groupby(by, sort=True).agg(
        hits=("hits", "sum"), reports=("with_hit", "sum"), chars=("chars", "sum")
    )
    grouped["per10k"] = per10k_frame(grouped["hits"], grouped["chars"])
    out = grouped.reset_index()[cols]
    return out.sort_values(["hits", by], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
