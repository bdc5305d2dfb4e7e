"""The planted corpus of the 雷同检测 benchmark (bench/overlap.py).

`bench.generate.generate_report` recombines five sample reports, so every generated body line is
also in dozens of other reports. Here each report keeps its generated skeleton (title, headings,
short lines) while its body lines are rewritten as its own wording: words of the samples'
vocabulary drawn at random (deterministic per report), with counts. Copies are then planted on
top: passages of 80-600 characters from another report with small edits, and whole reports of
last year with the year changed; a standard paragraph goes into 30 % of the reports.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.core.script import to_simplified, traditional_chars
from bench.generate import SAMPLES_DIR, generate_report

COPIES, YEAR_COPIES = 40, 10
BOILERPLATE_SHARE = 0.3
BOILERPLATE = (
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深刻领悟“两个确立”的"
    "决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”，以党的政治建设为统领，"
    "推动全面从严治党向纵深发展。"
)
_OWN_MIN = 21  # body lines at least this long are rewritten
_NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "赵磊", "孙丽", "周强")


@dataclass(frozen=True)
class Planted:
    """A planted copy: report `target` holds text of report `source`."""

    source: int
    target: int
    kind: str  # "passage" | "year"
    text: str  # what was planted into the target (the edited passage, or the whole report)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """Words of the sample reports (two characters or more, ideographs only)."""
    import jieba

    text = "".join(p.read_text("utf-8") for p in sorted(SAMPLES_DIR.glob("*.txt")))
    words = {w for w in jieba.lcut(text) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
    return tuple(sorted(words))


@lru_cache(maxsize=1)
def _to_traditional() -> dict[str, str]:
    """Simplified character -> one Traditional form (inverse of analysis.core.script)."""
    out: dict[str, str] = {}
    for t in sorted(traditional_chars()):
        s = to_simplified(t)[0]
        if len(s) == 1 and s != t:
            out.setdefault(s, t)
    return out


def own_line(rng: random.Random, length: int) -> str:
    """A body line of this report's own wording, about `length` characters."""
    words, out, size = vocabulary(), [], 0
    while size < length:
        w = rng.choice(words)
        if rng.random() < 0.06:
            w += f"{rng.randint(2, 300)}次"
        out.append(w)
        size += len(w)
        if rng.random() < 0.12:
            out.append(rng.choice("，，，。；"))
    return "".join(out) + "。"


def base_report(i: int) -> str:
    """Generated report `i` with its body lines in its own wording."""
    rng = random.Random(f"overlap:{i}")
    lines = generate_report(i).text.split("\n")
    return "\n".join(own_line(rng, len(ln)) if len(ln) >= _OWN_MIN else ln for ln in lines)


def edited(passage: str, rng: random.Random) -> str:
    """A copied passage with small edits: a name and numbers changed, a few characters inserted
    or dropped, punctuation changed, some characters in Traditional script."""
    text = passage.replace("，", ",", rng.randint(0, 3)).replace("。", ".", 1)
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), text)
    chars = list(text)
    for _ in range(rng.randint(1, 3)):  # a few characters dropped or inserted
        at = rng.randrange(1, max(2, len(chars) - 1))
        if rng.random() < 0.5:
            del chars[at]
        else:
            chars.insert(at, rng.choice("的了和并"))
    at = rng.randrange(0, max(1, len(chars) - 1))
    chars[at:at] = list(rng.choice(_NAMES))  # a name written in
    trad = _to_traditional()
    for k in rng.sample(range(len(chars)), min(len(chars), 8)):
        chars[k] = trad.get(chars[k], chars[k])
    return "".join(chars)


def _body_passage(text: str, rng: random.Random, length: int) -> str:
    """A passage of about `length` characters from the body (after the title and first lines)."""
    start_min = len("\n".join(text.split("\n")[:3]))
    if len(text) - start_min < length + 10:
        start_min = 0
    start = rng.randrange(start_min, max(start_min + 1, len(text) - length))
    return text[start : start + length]


def planted_corpus(n: int = 500, seed: int = 0) -> tuple[dict[int, str], list[Planted]]:
    """`n` reports (id -> text) with COPIES passage copies and YEAR_COPIES year-changed reports."""
    rng = random.Random(f"overlap-plant:{seed}")
    texts = {i: base_report(i) for i in range(n)}
    ids = rng.sample(range(n), 2 * (COPIES + YEAR_COPIES))
    plants: list[Planted] = []
    for k in range(COPIES):
        src, dst = ids[2 * k], ids[2 * k + 1]
        passage = edited(_body_passage(texts[src], rng, rng.randint(80, 600)), rng)
        lines = texts[dst].split("\n")
        at = rng.randrange(1, len(lines) + 1)
        texts[dst] = "\n".join([*lines[:at], passage, *lines[at:]])
        plants.append(Planted(src, dst, "passage", passage))
    for k in range(COPIES, COPIES + YEAR_COPIES):
        src, dst = ids[2 * k], ids[2 * k + 1]
        texts[dst] = re.sub(r"20(\d\d)年", lambda m: f"20{int(m.group(1)) + 1:02d}年", texts[src])
        texts[dst] += "\n（本年度报告）"
        plants.append(Planted(src, dst, "year", texts[dst]))
    for i in rng.sample(range(n), int(n * BOILERPLATE_SHARE)):
        lines = texts[i].split("\n")
        texts[i] = "\n".join([lines[0], BOILERPLATE, *lines[1:]])
    return texts, plants
