"""A comparison in plain Chinese sentences, built only from its computed figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from analysis.core.facts import REDACTED
from analysis.core.numbers import format_number
from analysis.corpus.compare.formulation_contrast import STATUS_A, STATUS_B, STATUS_BOTH
from analysis.corpus.compare.measure_alignment import (
    TIER_POSSIBLE,
    TIER_RULE,
    TIER_STRONG,
    MeasureAlignment,
)
from analysis.corpus.compare.word_contrast import Z_DISTINCTIVE, similarity_label

if TYPE_CHECKING:
    from analysis.corpus.compare.comparison import Comparison

# Parts of the overall similarity and their Chinese names (the blend is their plain mean).
SIMILARITY_PARTS = {"words": "用词", "themes": "主题", "measures": "做法", "formulations": "提法"}


def _join(items: Iterable[str], limit: int = 5) -> str:
    """Chinese enumeration "甲、乙、丙" of at most `limit` items (… when more)."""
    items = [s for s in items if s]
    text = "、".join(items[:limit])
    return text + "等" if len(items) > limit else text


def _short(title: str, n: int = 24) -> str:
    """A measure title cut to `n` characters for a sentence."""
    title = title.strip().rstrip("。；;，,")
    return title if len(title) <= n else title[: n - 1] + "…"


def _word_sentences(c: Comparison, n: int = 5) -> list[str]:
    """Distinctive terms per side (|z| > 1.96); else the terms leaning to a side (|z| > 1)."""
    out = []
    for name, sign in ((c.label_a, 1), (c.label_b, -1)):
        w = c.words.assign(_z=c.words["z"] * sign)
        sig = w[w["_z"] > Z_DISTINCTIVE].nlargest(n, "_z")
        lean = w[(w["_z"] > 1) & (w["_z"] <= Z_DISTINCTIVE)].nlargest(n, "_z")
        if len(sig):
            out.append(f"{name}明显更常用的词（不是偶然）：{_join(sig['term'], n)}。")
        elif len(lean):
            out.append(f"{name}稍多用：{_join(lean['term'], n)}（差别可能出于偶然）。")
    if not out and len(c.words):
        out.append("双方用词没有明显差异：看到的差别都可能出于偶然。")
    return out


def _pair_items(pairs: pd.DataFrame, with_score: bool) -> list[str]:
    """Every pair as "「甲」与「乙」", with its similarity when `with_score`."""
    return [
        f"「{_short(str(a))}」与「{_short(str(b))}」"
        + (f"（相似度 {s:.2f}）" if with_score else "")
        for a, b, s in zip(pairs["title_a"], pairs["title_b"], pairs["similarity"], strict=True)
    ]


def measure_sentences(m: MeasureAlignment, a: str, b: str, n: int = 3) -> list[str]:
    """The practices in plain Chinese: each tier's pairs all listed (the count is the list's
    length), only-one-side practices counted with a few examples."""
    out = []
    if len(m.strong):
        items = _pair_items(m.strong, with_score=False)
        rule = TIER_RULE[TIER_STRONG]
        out.append(f"双方共有的做法（{len(items)} 对，{rule}）：{'、'.join(items)}。")
    if len(m.possible):
        items = _pair_items(m.possible, with_score=True)
        rule = TIER_RULE[TIER_POSSIBLE]
        out.append(f"可能相近的做法（{len(items)} 对，{rule}）：{'、'.join(items)}。")
    for name, only in ((a, m.only_a), (b, m.only_b)):
        if len(only):
            titles = [f"「{_short(t)}」" for t in only["title"]]
            shown = "、".join(titles[:n])
            more = f"等，共 {len(titles)} 项" if len(titles) > n else f"，共 {len(titles)} 项"
            out.append(f"只有{name}写到的做法：{shown}{more}。")
    return out


def summarize(c: Comparison, n: int = 3) -> list[str]:
    """Short Chinese sentences built only from the computed figures of a comparison."""
    a, b = c.label_a, c.label_b
    parts = "，".join(
        f"{SIMILARITY_PARTS[k]} {format_number(v)}"
        for k, v in c.similarity_parts.items()
        if k in SIMILARITY_PARTS
    )
    out = [
        f"{a}与{b}的总体相似度为 {format_number(c.similarity)}（{similarity_label(c.similarity)}）"
        + (f"：{parts}。" if parts else "。")
    ]
    table = c.themes.table
    for side, name, other, sign in (("a", a, b, 1), ("b", b, a, -1)):
        more = table[table["diff"] * sign > 0].copy()
        more["gap"] = more["diff"].abs()
        more = more.sort_values("gap", ascending=False, kind="stable").head(n)
        if len(more):
            col, ocol = f"score_{side}", "score_b" if side == "a" else "score_a"
            items = [
                f"{r.theme}（每万字 {format_number(round(getattr(r, col), 1))} 次，"
                f"{other} {format_number(round(getattr(r, ocol), 1))} 次）"
                for r in more.itertuples()
            ]
            out.append(f"{name}更侧重{_join(items, n)}。")
    out += _word_sentences(c)
    out += measure_sentences(c.measures, a, b, n)
    f = c.formulations
    shared = f.loc[f["status"] == STATUS_BOTH, "term"]
    if len(shared):
        out.append(f"双方都使用的提法：{_join(shared, 5)}。")
    for name, code in ((a, STATUS_A), (b, STATUS_B)):
        terms = f.loc[f["status"] == code, "term"]
        if len(terms):
            out.append(f"仅{name}使用的提法：{_join(terms, 5)}。")
    det = c.indicators
    if len(det):
        counts = [
            f"{name}提取到 {int((det['side'] == s).sum())} 项数字指标"
            + (
                f"（其中 {int(((det['side'] == s) & det['redacted']).sum())} 项{REDACTED}）"
                if ((det["side"] == s) & det["redacted"]).any()
                else ""
            )
            for name, s in ((a, "A"), (b, "B"))
        ]
        out.append("；".join(counts) + "。")
    return out
