"""Segmentation with the domain dictionary: backends agree, user words hold, lists parse."""

from __future__ import annotations

import logging
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.resources import ResourceTexts, default_texts
from analysis.text.lexicon import (
    build_lexicon,
    default_backend,
    parse_userdict,
    parse_wordlist,
    tokenize,
    userdict_problems,
)
from tests.conftest import SAMPLES

SAMPLE_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SAMPLES}


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(default_texts())


@pytest.fixture(scope="module")
def jieba_lex():
    return build_lexicon(default_texts(), backend="jieba")


@pytest.fixture(scope="module")
def plain_segmenter():
    """A segmenter without the project's dictionary (the control): rjieba when installed (same
    tokens as jieba, proven below, and 10x faster to load), else a bare jieba.Tokenizer."""
    try:
        import rjieba
    except ImportError:
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        return lambda text, words=(): _cut_with(tk, text, words)
    return lambda text, words=(): _rjieba_with(rjieba, text, words)


def _cut_with(tk, text, words):
    for w, f in words:
        tk.add_word(w, f)
    try:
        return list(tk.cut(text))
    finally:
        for w, _ in words:
            tk.del_word(w)


def _rjieba_with(rjieba, text, words):
    seg = rjieba.Jieba()
    for w, f in words:
        seg.add_word(w, f, None)
    return seg.cut(text)


def test_default_backend_is_rjieba(lex):
    pytest.importorskip("rjieba")
    assert lex.backend == "rjieba"


@pytest.mark.parametrize("name", sorted(SAMPLE_TEXTS))
def test_rjieba_gives_the_same_tokens_as_jieba_on_every_sample(name, lex, jieba_lex):
    pytest.importorskip("rjieba")
    text = SAMPLE_TEXTS[name]
    assert lex.backend == "rjieba" and jieba_lex.backend == "jieba"
    assert tokenize(lex, text) == tokenize(jieba_lex, text)


# (sentence, domain term that plain jieba splits and the user dictionary must keep whole)
USER_WORDS_IN_CONTEXT = [
    ("支部严格落实三会一课制度", "三会一课"),
    ("坚持党建引领", "党建引领"),
    ("充分利用学习强国平台", "学习强国"),
    ("发挥党员先锋模范作用", "先锋模范作用"),
    ("深入开展两学一做", "两学一做"),
    ("召开组织生活会", "组织生活会"),
    ("开展主题党日活动", "主题党日"),
    ("支部党员活动日", "党员活动日"),
    ("牵头推进责任区内的生产经营", "责任区"),
    ("教育广大党员干部绷紧廉洁之弦", "党员干部"),
    ("以楼宇为主阵地", "主阵地"),
]


@pytest.mark.parametrize(("sentence", "term"), USER_WORDS_IN_CONTEXT)
def test_plain_segmenter_splits_the_term(sentence, term, plain_segmenter):
    """Control: without the user dictionary the term is cut apart."""
    assert term not in plain_segmenter(sentence)


@pytest.mark.parametrize(("sentence", "term"), USER_WORDS_IN_CONTEXT)
@pytest.mark.parametrize("backend", ["auto", "jieba"])
def test_user_words_stay_whole(sentence, term, backend):
    lx = build_lexicon(default_texts(), backend=backend)
    assert term in tokenize(lx, sentence)


def test_low_frequency_user_word_still_holds(plain_segmenter):
    """jieba ignores a user word whose frequency is too low; the lexicon raises it."""
    sentence = "牵头推进责任区内的生产经营"
    assert "责任区" not in plain_segmenter(sentence, [("责任区", 1)])
    lx = build_lexicon(ResourceTexts(userdict="责任区 1 n\n"))
    assert "责任区" in tokenize(lx, sentence)


def _boundaries(tokens: list[str]) -> list[int]:
    out, pos = [], 0
    for t in tokens:
        out.append(pos)
        pos += len(t)
    return out + [pos]


@pytest.mark.parametrize("name", sorted(SAMPLE_TEXTS))
def test_every_user_word_in_the_samples_stays_whole(name, lex):
    """No token boundary falls inside a user word, unless another user word overlaps it there."""
    text = SAMPLE_TEXTS[name]
    tokens = tokenize(lex, text)
    starts = _boundaries(tokens)
    cuts = set(starts)
    broken = []
    for word in lex.user_words:
        for m in re.finditer(re.escape(word), text):
            inner = [k for k in range(m.start() + 1, m.end()) if k in cuts]
            if not inner:
                continue
            overlapping = [
                tokens[i]
                for i in range(len(tokens))
                if starts[i] < m.end() and starts[i + 1] > m.start()
            ]
            if not any(t in lex.user_words and t != word for t in overlapping):
                broken.append((word, overlapping))
    assert broken == []


def test_user_words_occur_in_the_samples(lex):
    """The dictionary is grown from the samples: many of its words occur there."""
    corpus = "".join(SAMPLE_TEXTS.values())
    assert sum(w in corpus for w in lex.user_words) >= 150
    assert 200 <= len(lex.user_words) <= 450


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("三会一课 nz", ("三会一课", None, "nz")),
        ("党建引领 2000 l", ("党建引领", 2000, "l")),
        ("学习强国", ("学习强国", None, None)),
        ("一岗双责 300", ("一岗双责", 300, None)),
        ("双报到 x9 nz", ("双报到", None, "nz")),
    ],
)
def test_parse_userdict_line(line, expected):
    (entry,) = parse_userdict(f"# 注释\n\n{line}\n")
    assert (entry.word, entry.freq, entry.tag) == expected
    assert entry.line == 3


def test_parse_userdict_strips_a_byte_order_mark():
    assert parse_userdict("\ufeff主题党日 nz\n")[0].word == "主题党日"


def test_parse_userdict_skips_comments_and_duplicates():
    entries = parse_userdict("# 三会一课\n三会一课\n三会一课 nz\n  \n村\n")
    assert [e.word for e in entries] == ["三会一课", "村"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("兴城·微党课 nz\n", "第 1 行"),
        ("# x\n党建 引领 1 n\n", "第 2 行"),
        ("党建引领 高 n\n", "既不是词频"),
    ],
)
def test_userdict_problems_name_the_line(text, fragment):
    problems = userdict_problems(text)
    assert problems and fragment in problems[0]


# Hostile user dictionaries (issue 16 hole 7): each is refused by the editor's validation, which
# the backup import shares, with a message naming the line.
HOSTILE_USERDICTS = [
    ("三会一课\n" + "啊" * 1000 + "\n", "第 2 行：「" + "啊" * 20 + "…」太长（1000 字"),
    ("三会一课\n" + "啊" * 21 + "\n", "第 2 行"),
    ("哈哈哈哈 nz\n", "第 1 行：「哈哈哈哈」由同一个字重复组成"),
    ("三会一课\n党建\x00引领\n", "第 2 行含有不可见的控制字符"),
    ("\x1b[31m党建\n", "第 1 行含有不可见的控制字符"),
    ("三会一课\n" + "党" * 1_000_000 + "\n", "第 2 行过长（1000000 字"),
    ("".join(f"词{i}\n" for i in range(60_000)), "超过上限 50000 个"),
]


@pytest.mark.parametrize(("text", "fragment"), HOSTILE_USERDICTS)
def test_pathological_user_words_are_refused(text, fragment):
    from analysis.store.validation import MAX_PROBLEMS, validate_resource

    problems = validate_resource("userdict", text)
    assert problems and fragment in problems[0], problems[:2]
    assert len(problems) <= MAX_PROBLEMS + 1  # bounded, whatever the number of bad lines


def test_many_bad_lines_give_a_bounded_list():
    from analysis.store.validation import MAX_PROBLEMS, validate_resource

    problems = validate_resource("userdict", "兴城·微党课\n" * 5000)
    assert len(problems) == MAX_PROBLEMS + 1 and "另有 4980 处问题" in problems[-1]


def test_a_stored_pathological_word_never_reaches_the_segmenter():
    """A dictionary that got into a store before the checks: the slow word is dropped."""
    entries = parse_userdict("三会一课\n" + "啊" * 1000 + "\n哈哈哈\n")
    assert [e.word for e in entries] == ["三会一课"]
    lx = build_lexicon(ResourceTexts(userdict="啊" * 1000 + "\n"))
    assert "啊" * 1000 not in lx.user_words


def test_default_userdict_has_no_problems():
    assert userdict_problems(default_texts().userdict) == []


def test_single_characters_form_the_whitelist():
    lx = build_lexicon(ResourceTexts(userdict="村\n三会一课\n"))
    assert lx.whitelist == frozenset({"村"})
    assert lx.user_words == frozenset({"三会一课"})


def test_wordlists_parse():
    assert parse_wordlist("# 注释\n工作\n\n 开展 \n工作\n") == frozenset({"工作", "开展"})
    lx = build_lexicon(default_texts())
    assert {"的", "我们", "通过"} <= lx.stopwords
    assert {"工作", "开展", "进一步", "持续", "推进", "加强"} <= lx.officialese
    assert not lx.stopwords & {"党建", "党员", "支部", "三会一课"}
    assert 80 <= len(lx.officialese) <= 180
    # the lists are disjoint: a user word is never dropped, each word has one switch
    assert not lx.stopwords & lx.user_words and not lx.officialese & lx.user_words
    assert not lx.stopwords & lx.officialese


def test_lexicon_is_cached_per_content():
    a = build_lexicon(default_texts())
    assert build_lexicon(ResourceTexts(**vars(default_texts()))) is a
    changed = ResourceTexts(**{**vars(default_texts()), "officialese": "工作\n"})
    b = build_lexicon(changed)
    assert b is not a and b.officialese == frozenset({"工作"})
    assert b.fingerprint != a.fingerprint


def test_lexicon_pickles(lex):
    """Process pools send the lexicon to workers: it rebuilds from its source texts."""
    copy = pickle.loads(pickle.dumps(lex))
    assert copy.backend == lex.backend and copy.fingerprint == lex.fingerprint
    assert tokenize(copy, "落实三会一课") == ["落实", "三会一课"]


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError):
        build_lexicon(default_texts(), backend="spacy")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_tokenize_never_raises_and_keeps_every_character(text):
    lx = build_lexicon(default_texts())
    assert "".join(tokenize(lx, text)) == text


def test_fast_backend_is_used_when_installed(lex):
    """rjieba (≈20x jieba's speed, measured in bench/) backs the pipeline when installed."""
    pytest.importorskip("rjieba")
    assert lex.backend == "rjieba" == default_backend()
