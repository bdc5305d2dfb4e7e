"""Outline parser, sentence items: the items of a results, problems or plans section that lists
them without any marker, one sentence per line or several sentences in a paragraph.

"二、存在的问题\\n党员队伍老龄化问题比较突出。" -> problem "党员队伍老龄化问题比较突出". Rules:

- only in a section of kind result, problem or plan that holds no item of its own (a section with
  numbered, 一是 or lead-phrase items is read by those);
- each sentence ending in 。！？； is an item titled by its words (a line without final
  punctuation, such as a signature or a date, is not); a sentence longer than a long heading
  is titled by its first clause;
- a sentence announcing the items (ending in ：) or naming the section's topic (``工作中还存在
  一些不足。``, ``各项工作取得了明显成效。``) is not an item;
- a paragraph opening with a short lead phrase and a longer sentence explaining it
  (``有阵地、缺活动。部分村阵地建成后…``) is one item titled by that phrase;
- a sentence opening with a plan word (``下一步，将…``) and the sentences after it are plans,
  in a problems or results section too (``存在问题及下一步打算``);
- in a results section, a paragraph that holds a figure is a tally for the indicators, not an
  item (``集体经济收入突破38万元，…``).
"""

from __future__ import annotations

import re

from analysis.text.item_kinds import says_results
from analysis.text.outline.nodes import Node
from analysis.text.outline.patterns import (
    CLOSING_PLAN_RE,
    LEAD_MAX,
    LONG_TITLE,
    PERIODS_AHEAD,
    PLAN_WORDS,
    PROBLEM_SENTENCE_RE,
    RESULT_OPENER_RE,
    TITLE_LIMIT,
    WILL,
)
from analysis.text.outline.phrases import clause

SENTENCE_KINDS = frozenset(("result", "problem", "plan"))
_SENTENCE_END = frozenset("。！？!?；;")
_ANNOUNCE_END = frozenset("：:")  # "主要表现在：" announces the items after it
# A stretch of a sentence: up to a sentence end or a line break (a colon stays inside).
_SENTENCE_RUN_RE = re.compile(r"[^。！？!?；;：:\n]*")
# A sentence that names the section's topic instead of an item: "工作中还存在一些不足",
# "取得了明显成效", "重点做好以下工作".
_TOPIC_RE = re.compile(
    r"(?:一些|一定的?|不少|诸多|以下|如下|几个|几方面的?|这些)(?:问题|不足|差距|短板|薄弱环节|困难|工作)"
    r"|取得了?(?:一定|明显|显著|较好|良好|新)?的?(?:成效|成绩|效果|进展)"
)
_SENTENCE_READ = 4 * TITLE_LIMIT  # longest sentence read before giving up on its end
_PARAGRAPH_END = _SENTENCE_END | frozenset("”’」）)")
# The opening words of a plan sentence, not its title. "下一步，支部将…", "今后，我们要…",
# "下半年，社区党委将…"; a sentence opening with a plan word is a plan, and so is every sentence
# after it.
_PLAN_WORD_RE = re.compile(PLAN_WORDS)
_PLAN_OPENER_RE = re.compile(
    rf"^(?:(?:{PLAN_WORDS})(?:[，,]\s*(?:{WILL})?|{WILL})|(?:{PERIODS_AHEAD})[，,]\s*{WILL})"
)
_FIGURE_RE = re.compile(r"[0-9０-９%％]")
# A quoted name, whose digits are no figure: "“X+3”联系制度"
_QUOTED_NAME_RE = re.compile(r"“[^“”\n]{1,16}”")
_MIN_SENTENCE = 4  # a shorter sentence ("是。") is a fragment, never an item


def sentence_items(text: str, node: Node, soft: set[int]) -> list[Node]:
    """Items of a result/problem/plan section without items of its own, one per sentence."""
    if node.item or node.kind not in SENTENCE_KINDS or node.children:
        return []
    items: list[Node] = []
    soft = set(soft)  # joins of hard-wrapped lines are added to a copy
    kind = node.kind
    for start, end in _paragraphs(text, node.head_end, node.end, soft):
        tally = (
            kind == "result" and node.source != "closing"
        )  # "通过…，…": its results, figures too
        if tally and _FIGURE_RE.search(_QUOTED_NAME_RE.sub("", text[start:end])):
            continue
        sentences = _sentences(text, start, end, soft)
        if _lead_and_explanation(text, sentences):
            sentences = [(sentences[0][0], start, end)]
        for title, s_start, s_end in sentences:
            if _PLAN_WORD_RE.match(text, s_start) or CLOSING_PLAN_RE.match(text, s_start):
                kind = "plan"  # "…还不够丰富。下一步，将…": the plans close the section
            item = Node(min(node.level + 1, 5), "", title, s_start, s_end, s_end, "sentence")
            item.kind = kind
            items.append(item)
    return items


def _lead_and_explanation(text: str, sentences: list[tuple[str, int, int]]) -> bool:
    """A short lead phrase ending in 。 followed by a longer sentence that explains it ("有阵地、
    缺活动。部分村阵地建成后开展活动较少，…"); short sentences in a row, or clauses of one
    sentence split by ；, are items each ("团干部多为兼职，精力有限；部分活动形式单一，…")."""
    if len(sentences) < 2:
        return False
    (lead, _, lead_end), (explanation, _, _) = sentences[:2]
    return (
        text[lead_end - 1] == "。"
        and not any(c in "，," for c in lead)
        and len(lead) <= LEAD_MAX
        and len(explanation) > LEAD_MAX
    )


def _paragraphs(text: str, lo: int, hi: int, soft: set[int]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in text[lo:hi]. A line that stops without sentence
    punctuation runs on into the next one (a hard-wrapped line): its break joins `soft`."""
    out: list[tuple[int, int]] = []
    start = line = lo
    last = -1  # index of the last non-space character of the paragraph so far
    for i in range(lo, hi + 1):
        if i < hi and (text[i] != "\n" or i in soft):
            if not text[i].isspace():
                last = i
            continue
        if i < hi and last >= line and text[last] not in _PARAGRAPH_END:
            soft.add(i)  # a wrapped line: the paragraph goes on
            line = i + 1
            continue
        first = start
        while first <= last and text[first].isspace():
            first += 1
        if last >= first:
            out.append((first, last + 1))
        start = line = i + 1
        last = -1
    return out


def _sentences(text: str, start: int, end: int, soft: set[int]) -> list[tuple[str, int, int]]:
    """(title, start, end) of each sentence of a paragraph that ends in sentence punctuation."""
    out: list[tuple[str, int, int]] = []
    pos = start
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        words, stop, char = clause(text, pos, end, _SENTENCE_RUN_RE, _SENTENCE_READ, soft)
        if char not in _SENTENCE_END and char not in _ANNOUNCE_END:
            break  # a line without final punctuation, or a sentence too long to read
        if (
            len(words) >= _MIN_SENTENCE
            and char not in _ANNOUNCE_END
            and not _TOPIC_RE.search(words)
        ):
            out.append((_title(words), pos, stop + 1))
        pos = stop + 1
    return out


def _title(sentence: str) -> str:
    """A sentence's title: the sentence, or its first clause (outside quotes) when it is long.
    Opening words go: a plan's ("下一步，我们将持续…" -> "持续…"), a result's means ("通过这些
    努力，村容明显改观" -> "村容明显改观"); a sentence naming shortcomings keeps them alone
    ("社区也存在停车位紧张等问题" -> "停车位紧张")."""
    problem = PROBLEM_SENTENCE_RE.fullmatch(sentence + "。")
    if problem:
        sentence = problem.group("what")
    sentence = _PLAN_OPENER_RE.sub("", sentence, count=1) or sentence
    means = RESULT_OPENER_RE.match(sentence)
    if means and says_results(sentence[means.end() :]):
        sentence = sentence[means.end() :]
    if len(sentence) <= LONG_TITLE:
        return sentence
    depth = 0
    for i, c in enumerate(sentence):
        if c in "“‘「":
            depth += 1
        elif c in "”’」":
            depth = max(0, depth - 1)
        elif c in "，," and depth == 0 and i >= _MIN_SENTENCE:
            return sentence[:i]
    return sentence
