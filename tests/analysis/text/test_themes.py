"""Theme dictionary: parsing with line-numbered errors, editing, scoring with evidence and rules,
the samples' top themes as a reader sees them, measure tagging."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.models import AnalysisError, Measure
from analysis.core.resources import default_texts
from analysis.text.theme_dictionary import (
    MAX_THEME_WORDS,
    MAX_THEMES,
    MAX_WORD_CHARS,
    Theme,
    ThemeDictionary,
    add_theme,
    add_word,
    dump_theme_dictionary,
    parse_theme_dictionary,
    remove_theme,
    remove_word,
)
from analysis.text.theme_results import (
    ReportThemes,
    report_themes,
    report_themes_from_dict,
    report_themes_to_dict,
    themes_fingerprint,
)
from analysis.text.theme_scoring import (
    MAX_EVIDENCE,
    _automaton,
    evidence_sentence,
    score_themes,
    tag_measures,
    term_hits,
    theme_matrix,
    top_themes,
)
from tests.conftest import SAMPLES

SAMPLE_TEXTS = {p.name[:3]: p.read_text(encoding="utf-8") for p in SAMPLES}
DEFAULT = parse_theme_dictionary(default_texts().themes)
DEFAULT_WORDS = sorted(
    {w for t in DEFAULT.themes for w in (*t.words, *t.not_, *(w for g in t.all for w in g))}
)

# What a reader says each sample report is about: the first theme must be among the top two,
# and both top-two themes must be in the acceptable set.
READER_TOP_THEMES = {
    # 后勤公司支部“一二三四五”工作法: 党建业务同步互融, 三个带头 (党员带头攻坚/防疫/廉洁)
    "000": ("党建业务融合", {"党建业务融合", "先锋模范", "理论学习", "组织生活"}),
    # 会堂支部“争做先锋模范”x3: 先锋岗、战斗堡垒, 五个融合, 自学/集体学习
    "001": ("先锋模范", {"先锋模范", "党建业务融合", "理论学习", "政治建设"}),
    # 兴城投资“三步走”深化党建与业务融合: 支部建设齐步走, 示范引领大步走, 融合快步走
    "002": ("党建业务融合", {"党建业务融合", "先锋模范", "支部建设"}),
    # 楼宇党建: 楼宇综合党委聚合14个党组织, 平台共建/联学共办/成果共享, 红色阵地
    "003": ("共建联建", {"共建联建", "阵地建设", "服务群众"}),
    # 党建品牌创建: 标准化规范化管理, 科学化考核, 党建与生产经营深度融合
    "004": ("支部建设", {"支部建设", "考核激励", "党建业务融合", "品牌创建"}),
}


@pytest.mark.parametrize("doc", sorted(READER_TOP_THEMES))
def test_top_two_themes_match_a_reader(doc):
    first, acceptable = READER_TOP_THEMES[doc]
    top = top_themes(score_themes(SAMPLE_TEXTS[doc], DEFAULT), 2)
    assert first in top
    assert set(top) <= acceptable, top


@pytest.mark.parametrize("theme", DEFAULT.names)
def test_every_theme_hits_the_samples_or_has_a_note(theme):
    hits = sum(score_themes(t, DEFAULT).counts[theme] for t in SAMPLE_TEXTS.values())
    assert hits > 0 or DEFAULT.get(theme).note


def test_default_dictionary_covers_the_primer_taxonomy():
    expected = {
        "政治建设", "理论学习", "组织生活", "支部建设", "党建业务融合", "先锋模范", "廉政建设",
        "服务群众", "共建联建", "阵地建设", "品牌创建", "疫情防控", "考核激励", "数字化", "经营成效",
    }  # fmt: skip
    assert expected <= set(DEFAULT.names)
    assert all(t.description and (t.words or t.all) for t in DEFAULT.themes)
    assert any(t.all for t in DEFAULT.themes) and any(t.not_ for t in DEFAULT.themes)


@pytest.mark.parametrize("doc", sorted(SAMPLE_TEXTS))
def test_evidence_points_at_the_term(doc):
    text = SAMPLE_TEXTS[doc]
    scores = score_themes(text, DEFAULT)
    assert scores.hits
    for h in scores.hits:
        first = h.term.split("+")[0]
        assert text[h.start : h.start + len(first)] == first
        assert first in h.sentence
        assert "\n" not in h.sentence.strip()
    assert sum(scores.counts.values()) == len(scores.hits)


RULES = """
组织生活:
  description: 组织生活
  words: [三会一课, 主题党日]
数字化:
  description: 线上
  words: [线上]
  all: [[平台, 网络]]
疫情防控:
  description: 疫情
  words: [防控]
  not: [风险防控]
"""


@pytest.mark.parametrize(
    ("text", "theme", "count"),
    [
        ("落实三会一课。开展主题党日。", "组织生活", 2),
        ("落实三会一课和主题党日。", "组织生活", 1),  # one hit per sentence
        ("落实三会一课，开展主题党日；", "组织生活", 1),
        ("打造学习平台，契合网络时代。", "数字化", 1),  # AND: both in one sentence
        ("打造学习平台。契合网络时代。", "数字化", 0),  # AND: in different sentences
        ("做好疫情防控。", "疫情防控", 1),
        ("建立廉政风险防控清单。", "疫情防控", 0),  # NOT: vetoed
        ("", "组织生活", 0),
    ],
)
def test_rules(text, theme, count):
    d = parse_theme_dictionary(RULES)
    assert score_themes(text, d).counts[theme] == count


def test_scores_are_hits_per_10000_chars():
    d = parse_theme_dictionary(RULES)
    text = "落实三会一课。" + "甲" * 993  # 1,000 characters
    s = score_themes(text, d)
    assert s.scores == {"组织生活": 10.0, "数字化": 0.0, "疫情防控": 0.0}
    hit = s.hits[0]
    assert (hit.theme, hit.term, hit.sentence, hit.start) == (
        "组织生活",
        "三会一课",
        "落实三会一课。",
        2,
    )
    assert s.hits[0] == score_themes(text, d, chars=2000).hits[0]
    assert score_themes(text, d, chars=2000).scores["组织生活"] == 5.0


def test_and_rule_hit_names_both_words():
    d = parse_theme_dictionary(RULES)
    (hit,) = score_themes("契合网络时代，打造学习平台", d).hits
    assert hit.term == "网络+平台" and hit.start == 2


def test_long_sentence_evidence_is_a_window():
    d = parse_theme_dictionary(RULES)
    text = "甲" * 5000 + "三会一课" + "乙" * 5000
    (hit,) = score_themes(text, d).hits
    assert "三会一课" in hit.sentence and len(hit.sentence) <= MAX_EVIDENCE + 2


def test_automaton_is_built_once_per_dictionary():
    d = parse_theme_dictionary(RULES)
    assert _automaton(d) is _automaton(parse_theme_dictionary(RULES))
    assert _automaton(ThemeDictionary()) is None


def test_term_hits_show_what_drives_a_theme():
    terms = term_hits(score_themes(SAMPLE_TEXTS["003"], DEFAULT))
    assert terms["共建联建"]["共建"] >= 3
    assert (
        "综合党委" not in terms["共建联建"]
    )  # the branch's own name (楼宇综合党委) is no evidence
    assert terms["阵地建设"]["阵地"] >= 1


BROKEN = [
    ("政治建设:\n  words: [政治站位, 两个维护\n理论学习:\n  words: [党课]\n", 3, "YAML"),
    ("政治建设:\n  description: 讲政治\n   words: [政治站位]\n", 3, "YAML"),
    ("政治建设:\n  words: 政治站位\n", 2, "列表"),
    ("政治建设:\n  words: [政治站位]\n  colour: red\n", 3, "未知的键"),
    ("政治建设:\n  words: [政治站位]\n政治建设:\n  words: [讲政治]\n", 3, "重复"),
    ("政治建设:\n  description: 讲政治\n  words:\n    - 政治站位\n    - 两个，维护\n", 5, "标点"),
    ("政治建设:\n  words: ['']\n", 2, "不能为空"),
    ("政治建设: 讲政治\n", 1, "缩进"),
    ("- 政治建设\n- 理论学习\n", 1, "每个主题一个键"),
    ("政治建设:\n  all: [政治, 引领]\n", 2, "列表"),
    ("政治建设:\n  words: [政治站位]\n  words: [讲政治]\n", 3, "重复"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), BROKEN)
def test_broken_yaml_is_refused_with_the_line_number(text, line, fragment):
    with pytest.raises(AnalysisError) as info:
        parse_theme_dictionary(text)
    message = info.value.message
    assert f"第 {line} 行" in message, message
    assert fragment in message
    assert message.startswith("主题词典")


def test_empty_dictionary():
    assert parse_theme_dictionary("") == ThemeDictionary()
    assert parse_theme_dictionary("# 只有注释\n") == ThemeDictionary()
    assert score_themes("落实三会一课。", ThemeDictionary()).hits == ()


def test_dump_parses_back_equal():
    text = dump_theme_dictionary(DEFAULT)
    assert text.startswith("#")
    assert parse_theme_dictionary(text) == DEFAULT
    assert "words: [" in text  # word lists stay one line, readable for editors
    assert parse_theme_dictionary(dump_theme_dictionary(ThemeDictionary())) == ThemeDictionary()


# ---------------------------------------------------------------- bounded, linear validation


def _many_themes(n: int, words: int = 2) -> str:
    """A dictionary of `n` themes with `words` words each (the hostile test's 50,000 themes)."""
    return "".join(
        f"主题{i}:\n  description: 第{i}个\n  words: [{', '.join(f'词{i}x{j}' for j in range(words))}]\n"
        for i in range(n)
    )


def _shared_list_themes(n: int, words: int) -> str:
    """`n` themes sharing one `words`-word list by a YAML alias (small text, many words)."""
    head = f"t0:\n  words: &w [{', '.join(f'词{j}' for j in range(words))}]\n"
    return head + "".join(f"t{i}:\n  words: *w\n" for i in range(1, n))


def _alias_bomb() -> str:
    """One 999-word list repeated 3,000 times by YAML aliases: 3 million words from 18 KB."""
    words = ", ".join(f"词{j}" for j in range(999))
    return f"甲:\n  words: &w [{words}]\n  all: [{', '.join(['*w'] * 3000)}]\n"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (_many_themes(50_000), "主题词典过大"),  # 1.8 MB: 178 s to validate before the caps
        (_many_themes(MAX_THEMES + 1), f"第 {3 * MAX_THEMES + 1} 行：主题超过"),
        (_many_themes(1, MAX_THEME_WORDS + 1), "第 1 行：主题「主题0」的词超过"),
        (_shared_list_themes(60, 900), "第 111 行：到主题「t55」为止，整个词典的词超过"),
        (_alias_bomb(), "第 1 行：主题「甲」的词超过"),
        ("甲:\n  words: [" + "党" * 31 + "]\n", "第 2 行：「" + "党" * 30 + "…」太长"),
        ('"' + "名" * 41 + '":\n  words: [党建]\n', "第 1 行：主题名"),
        ('"\\u202e支部":\n  words: [党建]\n', "不可见字符"),
        ("甲:\n  note: " + "说" * 2001 + "\n", "第 2 行：note 太长"),
        ("甲:\n  not: [a]\n  not: [b]\n", "第 3 行：主题「甲」的键「not」重复"),
    ],
    ids=[
        "50k-themes",
        "themes",
        "theme-words",
        "total-words",
        "alias",
        "word",
        "name",
        "rtl",
        "note",
        "dup-not",
    ],
)
def test_hostile_dictionaries_are_refused_naming_the_line(text, fragment):
    """Issue 16 hole 7: caps on size, themes, words and lengths, each message naming the place."""
    with pytest.raises(AnalysisError) as info:
        parse_theme_dictionary(text)
    assert fragment in info.value.message, info.value.message


def test_editing_cannot_pass_the_caps():
    """What the editor builds must parse again: add_word and add_theme stop at the caps."""
    full = parse_theme_dictionary(_many_themes(1, MAX_THEME_WORDS))
    with pytest.raises(AnalysisError, match="上限"):
        add_word(full, "主题0", "新词")
    many = parse_theme_dictionary(_many_themes(MAX_THEMES, 0).replace("words: []", "words:"))
    with pytest.raises(AnalysisError, match="主题最多"):
        add_theme(many, "新主题")
    with pytest.raises(AnalysisError, match="太长"):
        add_word(DEFAULT, "组织生活", "党" * (MAX_WORD_CHARS + 1))


def test_largest_allowed_dictionary_parses():
    d = parse_theme_dictionary(_many_themes(MAX_THEMES, 80))
    assert len(d.themes) == MAX_THEMES and len(d.themes[-1].words) == 80


_word = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=30).map(str.strip)
_name = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=40
).map(str.strip)
_note = st.text(st.characters(exclude_categories=("Cs",)), max_size=80).map(str.strip)
_theme = st.builds(
    Theme,
    name=_name,
    description=_note,
    words=st.lists(_word, max_size=6, unique=True).map(tuple),
    all=st.lists(st.lists(_word, min_size=1, max_size=3, unique=True).map(tuple), max_size=2).map(
        tuple
    ),
    not_=st.lists(_word, max_size=3, unique=True).map(tuple),
    note=_note,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_theme, max_size=6, unique_by=lambda t: t.name))
def test_dump_and_parse_round_trip(items):
    """Issue 15: any valid dictionary dumps to YAML that parses back equal (and passes the
    editor's validation)."""
    from analysis.store.validation import validate_resource

    items = [t for t in items if t.name and all(t.words + t.not_ + sum(t.all, ()))]
    d = ThemeDictionary(tuple(items))
    text = dump_theme_dictionary(d)
    assert parse_theme_dictionary(text) == d
    assert validate_resource("themes", text) == []


def test_add_and_remove_word():
    d = add_word(DEFAULT, "组织生活", " 支部主题日 ")
    assert d.get("组织生活").words[-1] == "支部主题日"
    assert DEFAULT.get("组织生活").words[-1] != "支部主题日"  # the original is untouched
    assert score_themes("举办支部主题日。", DEFAULT).counts["组织生活"] == 0
    assert score_themes("举办支部主题日。", d).counts["组织生活"] == 1
    assert remove_word(d, "组织生活", "支部主题日") == DEFAULT


@pytest.mark.parametrize(
    ("theme", "word", "fragment"),
    [
        ("组织生活", "", "不能为空"),
        ("组织生活", "   ", "不能为空"),
        ("组织生活", "三会一课", "已经在"),
        ("组织生活", "党建，引领", "标点"),
        ("组织生活", "党建\n引领", "换行"),
        ("组织生活", "党 建", "空格"),
        ("不存在的主题", "党建", "不存在"),
    ],
)
def test_add_word_is_validated(theme, word, fragment):
    with pytest.raises(AnalysisError) as info:
        add_word(DEFAULT, theme, word)
    assert fragment in info.value.message


def test_remove_missing_word_is_refused():
    with pytest.raises(AnalysisError, match="没有"):
        remove_word(DEFAULT, "组织生活", "不在词典里的词")


def test_add_and_remove_theme():
    d = add_theme(DEFAULT, "安全生产", "安全生产责任")
    d = add_word(d, "安全生产", "安全生产")
    assert d.names[-1] == "安全生产"
    assert parse_theme_dictionary(dump_theme_dictionary(d)) == d
    assert remove_theme(d, "安全生产") == DEFAULT
    with pytest.raises(AnalysisError):
        add_theme(DEFAULT, "组织生活")
    with pytest.raises(AnalysisError):
        add_theme(DEFAULT, "  ")


def _measure(title: str, text: str) -> Measure:
    return Measure(
        title=title, level=5, kind="measure", section=("主要做法",), text=text, start=0, end=1
    )


@pytest.mark.parametrize(
    ("title", "text", "theme"),
    [
        (
            "党员带头廉洁自律",
            "支部签订廉洁自律承诺书，组织开展警示教育月活动，观看警示教育片。",
            "廉政建设",
        ),
        (
            "抓组织生活，强政治站位",
            "完善三会一课、组织生活会、谈心谈话等制度，开展主题党日活动。",
            "组织生活",
        ),
        (
            "党员带头防疫抗疫",
            "面对疫情，支部党员冲锋在前，落实卡点测温等疫情防控工作。",
            "疫情防控",
        ),
        ("抓阵地建设，强党建基础", "因地制宜打造党建活动室，营造浓厚的学习氛围。", "阵地建设"),
        ("创新五方共建", "与街道、社区积极探索结对共建，实现资源共享。", "共建联建"),
    ],
)
def test_tag_measures_primary_theme(title, text, theme):
    (tagged,) = tag_measures([_measure(title, title + "。" + text)], DEFAULT)
    assert theme in tagged.themes
    assert len(tagged.themes) <= 2
    assert tagged.title == title  # only .themes changes


def test_tag_measures_without_hits():
    (tagged,) = tag_measures([_measure("其他", "天气晴朗。")], DEFAULT)
    assert tagged.themes == ()


def test_theme_matrix():
    m = theme_matrix(SAMPLE_TEXTS, DEFAULT)
    assert list(m.index) == sorted(SAMPLE_TEXTS) and m.index.name == "doc"
    assert list(m.columns) == list(DEFAULT.names)
    assert m.loc["003", "共建联建"] == score_themes(SAMPLE_TEXTS["003"], DEFAULT).scores["共建联建"]
    assert (m.to_numpy() >= 0).all()
    assert theme_matrix({}, DEFAULT).shape == (0, len(DEFAULT.names))


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("党建引领三会一课疫情防控风险，。\n；x *"), max_size=300)
    | st.text()
)
def test_score_themes_never_raises(text):
    s = score_themes(text, DEFAULT)
    assert set(s.scores) == set(DEFAULT.names)
    assert sum(s.counts.values()) == len(s.hits)
    assert all(v >= 0 for v in s.scores.values())
    assert all(0 <= h.start < len(text) for h in s.hits)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_parse_never_fails_with_anything_but_analysis_error(text):
    try:
        d = parse_theme_dictionary(text)
    except AnalysisError as e:
        assert e.message.startswith("主题词典")
    else:
        assert isinstance(d, ThemeDictionary)


# ---------------------------------------------------------------- tag_measures vs the reference
# A private, slow copy of the original tagging algorithm (score_themes twice per measure, one hit
# per sentence per theme, `not` vetoes, `all` groups, title hits weigh TITLE_WEIGHT); the fast
# tag_measures must give exactly the same themes.


def _ref_automaton(d: ThemeDictionary):
    import ahocorasick

    roles: dict[str, list[tuple[int, int]]] = {}
    for i, t in enumerate(d.themes):
        for w in t.words:
            roles.setdefault(w, []).append((i, 0))
        for w in {w for g in t.all for w in g}:
            roles.setdefault(w, []).append((i, 1))
        for w in t.not_:
            roles.setdefault(w, []).append((i, 2))
    if not roles:
        return None
    auto = ahocorasick.Automaton()
    for w, r in roles.items():
        auto.add_word(w, (w, tuple(r)))
    auto.make_automaton()
    return auto


def _ref_hit_themes(text: str, d: ThemeDictionary, auto) -> list[str]:
    """Theme name of every (sentence, theme) hit in `text`, as the original score_themes."""
    import bisect
    import re

    if auto is None or not text:
        return []
    ends = [m.end() for m in re.finditer(r"[。！？!?；;\n]", text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    from analysis.text.orgnames import find_names

    names = [(n.start, n.end) for n in find_names(text)]  # words inside a name are no hits
    found: dict[int, dict[str, int]] = {}
    for end, (word, _) in auto.iter(text):
        start = end - len(word) + 1
        if any(lo <= start and end < hi for lo, hi in names):
            continue
        found.setdefault(bisect.bisect_right(ends, start), {}).setdefault(word, start)
    out = []
    for idx in sorted(found):
        words = found[idx]
        for i in sorted({i for w in words for i, _ in auto.get(w)[1]}):
            theme = d.themes[i]
            if any(w in words for w in theme.not_):
                continue
            if any(w in words for w in theme.words) or any(
                all(w in words for w in g) for g in theme.all
            ):
                out.append(theme.name)
    return out


def _ref_tag(measures, d: ThemeDictionary) -> list[tuple[str, ...]]:
    auto = _ref_automaton(d)
    result = []
    for m in measures:
        weight = dict.fromkeys(d.names, 0)
        for name in _ref_hit_themes(m.title, d, auto):
            weight[name] += 2
        body = m.text[len(m.title) :] if m.text.startswith(m.title) else m.text
        for name in _ref_hit_themes(body, d, auto):
            weight[name] += 1
        best = max(weight.values(), default=0)
        if best == 0:
            result.append(())
            continue
        ranked = sorted((n for n in d.names if weight[n] * 3 >= best * 2), key=lambda n: -weight[n])
        result.append(tuple(ranked[:2]))
    return result


def _sample_measures(doc: str) -> tuple[Measure, ...]:
    from analysis.text.clean import clean_text
    from analysis.text.outline import parse_structure

    return parse_structure(clean_text(SAMPLE_TEXTS[doc]).text).measures


@pytest.mark.parametrize("doc", sorted(SAMPLE_TEXTS))
def test_tag_measures_equals_the_reference_on_the_samples(doc):
    measures = _sample_measures(doc)
    assert measures
    tagged = tag_measures(measures, DEFAULT)
    expected = _ref_tag(measures, DEFAULT)
    assert [m.themes for m in tagged] == expected
    assert [replace(m, themes=()) for m in tagged] == [replace(m, themes=()) for m in measures]
    assert any(expected)


_WORDS = st.text(alphabet="abc", min_size=1, max_size=3)
_THEMES = st.lists(
    st.tuples(
        st.lists(_WORDS, max_size=3, unique=True),
        st.lists(st.lists(_WORDS, min_size=1, max_size=3, unique=True), max_size=2),
        st.lists(_WORDS, max_size=2, unique=True),
    ),
    max_size=4,
)
_MEASURE_TEXT = st.text(alphabet="abc。；\n，x", max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    _THEMES,
    st.lists(st.tuples(_MEASURE_TEXT, _MEASURE_TEXT, st.booleans()), max_size=4),
    st.booleans(),
)
def test_tag_measures_equals_the_reference_on_random_input(themes, pairs, default):
    from analysis.text.theme_dictionary import Theme

    d = (
        DEFAULT
        if default
        else ThemeDictionary(
            tuple(
                Theme(f"t{i}", words=tuple(w), all=tuple(map(tuple, a)), not_=tuple(n))
                for i, (w, a, n) in enumerate(themes)
            )
        )
    )
    measures = [_measure(title, title + text if prefix else text) for title, text, prefix in pairs]
    assert [m.themes for m in tag_measures(measures, d)] == _ref_tag(measures, d)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(DEFAULT_WORDS), st.sampled_from("，。；\n甲")), max_size=30)
)
def test_tag_measures_equals_the_reference_on_dictionary_words(parts):
    text = "".join(w + sep for w, sep in parts)
    title = text[: len(text) // 3]
    measures = [_measure(title, text), _measure(title, text[::-1]), _measure("", text)]
    assert [m.themes for m in tag_measures(measures, DEFAULT)] == _ref_tag(measures, DEFAULT)


def test_dictionary_hash_is_cached_but_not_pickled():
    import copy
    import pickle

    d = parse_theme_dictionary(RULES)
    fresh = ThemeDictionary(d.themes)
    assert hash(fresh) == hash(d) == hash(d.themes) and fresh == d
    for c in (pickle.loads(pickle.dumps(d)), copy.deepcopy(d)):
        assert c == d and "_hash" not in c.__dict__ and hash(c) == hash(d)
    assert add_word(d, "组织生活", "党日") != d
    assert hash(add_word(d, "组织生活", "党日")) != hash(d)


# ---------------------------------------------------------------- compact per-report results


def _as_scores(r: ReportThemes, text: str, d: ThemeDictionary) -> list[tuple]:
    """The hits of a ReportThemes as score_themes gives them (sentences cut from the text)."""
    s = r.spans
    return [
        (d.names[s[k]], term, evidence_sentence(text, s[k + 2], s[k + 3], s[k + 1]), s[k + 1])
        for k, term in zip(range(0, len(s), 4), r.terms, strict=True)
    ]


def _check_compact(text: str, d: ThemeDictionary, measures=()) -> ReportThemes:
    """report_themes says exactly what score_themes and tag_measures say; survives the store."""
    r = report_themes(text, measures, d)
    ref = score_themes(text, d)
    assert dict(zip(d.names, r.counts, strict=True)) == ref.counts
    assert _as_scores(r, text, d) == [(h.theme, h.term, h.sentence, h.start) for h in ref.hits]
    assert r.item_themes == tuple(m.themes for m in tag_measures(measures, d))
    assert report_themes_from_dict(report_themes_to_dict(r, d), d) == r
    return r


@pytest.mark.parametrize("doc", sorted(SAMPLE_TEXTS))
def test_report_themes_equal_score_themes_on_the_samples(doc):
    from analysis.text.clean import clean_text

    r = _check_compact(clean_text(SAMPLE_TEXTS[doc]).text, DEFAULT, _sample_measures(doc))
    assert r.terms and any(r.item_themes)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(DEFAULT_WORDS), st.sampled_from("，。；\n甲")), max_size=30),
    st.sampled_from(["", RULES]),
)
def test_report_themes_equal_score_themes_on_dictionary_words(parts, rules):
    d = parse_theme_dictionary(rules) if rules else DEFAULT
    text = "".join(w + sep for w, sep in parts)
    _check_compact(text, d, [_measure(text[:5], text), _measure("", text[::-1])])


def test_long_sentence_evidence_window_is_the_same():
    text = "甲" * 5000 + "三会一课" + "乙" * 5000
    _check_compact(text, parse_theme_dictionary(RULES))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"c": [1, 0, 0], "s": [0, 1], "t": ["三会一课"], "m": []},  # 2 ints for one hit
        {"c": [1, 0], "s": [], "t": [], "m": []},  # counts of another dictionary
        {"c": [0, 0, 0], "s": [], "t": [], "m": [7]},  # no theme 7
        {"c": [0, 0, 0], "s": [], "t": [], "m": [-1]},
        {"c": [0, 0, 0], "s": [], "t": [], "m": [256]},  # an empty byte
        {"c": [0, 0, 0], "s": [], "t": [], "m": [[1]]},
        {"c": ["x", 0, 0], "s": [], "t": [], "m": []},
        {"c": [0, 0, 0], "s": [2**40], "t": [], "m": []},
    ],
)
def test_damaged_stored_results_are_refused(data):
    with pytest.raises(AnalysisError):
        report_themes_from_dict(data, parse_theme_dictionary(RULES))


def test_themes_fingerprint_follows_the_rules():
    d = parse_theme_dictionary(RULES)
    assert themes_fingerprint(d) == themes_fingerprint(parse_theme_dictionary(RULES))
    assert themes_fingerprint(add_word(d, "组织生活", "党日")) != themes_fingerprint(d)
    described = parse_theme_dictionary(RULES.replace("description: 线上", "description: 上网"))
    assert themes_fingerprint(described) == themes_fingerprint(d)  # descriptions do not score
    assert themes_fingerprint(remove_theme(d, "数字化")) != themes_fingerprint(d)
