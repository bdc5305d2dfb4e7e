"""The one vocabulary: English column keys inside analysis/, the Chinese a user sees at the edge.

Frames built in analysis/ carry snake_case English keys; views, exports (Excel, CSV, Word, slides)
and the CLI's printed tables turn them into Chinese headers here, and only here. Distinct meanings
get distinct keys: `org` is the organization a report comes from, `unit` the measurement unit of a
figure; `report_kind` is the kind of a report (总结, 述职 …), `item_kind` the kind of an outline
item (举措, 成效 …), `section_kind` the kind of a section of the outline.

Keys (LABELS; a table may show a shorter header, see TABLE_LABELS):

=================  ==========  ===================================================
key                header      meaning
=================  ==========  ===================================================
id                 编号        report id in the store
branch             支部        the report's branch (its label)
org                单位        organization the report comes from
year               年份        report year
report_kind        类型        kind of report
title              标题        report title / outline heading
chars              字数        cleaned length (facts.chars)
practice_count     举措数      practices of a report
indicator_count    指标数      figures of a report
added_at           加入时间    when the report entered the store
item               举措        title of an outline item
item_kind          条目类型    kind of an outline item (shown 类型 in an item table)
level              层级        outline depth of an item / heading
section            所在章节    the sections an item sits in
themes             主题        primary themes of an item (joined)
text               全文        full text of an item
pos                位置        offset in the cleaned text
end                结束        end offset in the cleaned text
subject            对象        what a figure counts
value              数值        a figure's value (empty when redacted)
unit               计量单位    measurement unit of a figure (shown 单位 in a figure table)
approx             约数        the figure is approximate
redacted           脱敏        the figure is redacted
category           类别        category of a figure / formulation
raw                原文        the figure as written
sentence           句子        the sentence holding a figure
formulation        提法        a formulation
count              次数        occurrences
numbered           编号式      numbered formulation (一是…二是…)
report_count       报告数      reports holding it
branches_using     使用支部    branches using it
theme              主题        a theme
score              得分        theme score (hits per 10k characters)
hits               命中次数    theme hits
term               命中词      the dictionary term hit
evidence           证据句      the evidence sentence of a hit
sentence_start     句首        where the evidence sentence starts
sentence_end       句尾        where the evidence sentence ends
outline            大纲        a heading indented by depth
marker             序号        the heading's marker (一、 (一) 1.)
section_kind       章节类型    kind of a section (shown 类型 in the outline table)
reports_using      使用报告数  reports holding a formulation (a report's table)
keyword            关键词      a dictionary keyword of a theme
hit_sentences      命中句数    sentences hit by a keyword
word               词语        a word (trends, similar branches)
earlier_count      前期次数    a word's count in the earlier years
later_count        后期次数    a word's count in the later years
change             变化        the change between two periods
z                  z           the z score of a change
group              分组        the group of a yearly series
note               说明        what a row leaves out / means
first_year         首次年份    the year a formulation first appears
year_count         当年次数    occurrences that year
year_report_count  当年报告数  reports that year
branch_count       涉及支部数  branches mentioning a theme
branch_total       支部总数    branches in all
mean_score         平均得分    mean theme score
kpi                指标        a key figure of the corpus
per10k             每万字      occurrences per 10,000 characters
tfidf              重要度      tf-idf weight of a keyword
docs               出现报告数  reports holding a keyword (shown 报告数 in the keyword table)
cluster            类群        cluster of a branch on the similarity map
x                  横坐标      map position
y                  纵坐标      map position
similarity         相似度      overall similarity of two branches
similarity_level   相似程度    the similarity in words (很高, 较高 …)
words_similarity   用词        the words part of a similarity
themes_similarity  主题        the themes part of a similarity
measures_similarity  做法      the practices part of a similarity
formulations_similarity  提法  the formulations part of a similarity
branch_a           支部A       first branch of a pair
branch_b           支部B       second branch of a pair
left               左侧语境    text before a search hit
hit                检索词      the search hit
right              右侧语境    text after a search hit
link               报告        a link that opens the report at a place
file               文件        an uploaded file
status             状态        what became of an uploaded file
reason             原因        why a file was not added
branch_check       支部核对    how the branch was checked against the roster
=================  ==========  ===================================================

Tables (the `table` argument): None, the shared vocabulary; "indicators" (unit shown 单位),
"items" (item_kind shown 类型), "outline" (section_kind shown 类型), "keywords" (term shown 关键词,
docs 报告数); a comparison's tables ("words", "scatter", "themes", "theme_evidence", "pairs",
"only", "numbers", "indicator_details", "formulations") label its two sides' columns with
templates: `{a}` and `{b}` are filled with the sides' names (COMPARISON_LABELS).

`labelled(frame, table)` gives a frame its headers (an unknown key is an error, never an English
header on screen); `labelled_config` re-keys a Streamlit column_config the same way; `unlabelled`
gives an edited frame its keys back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

LABELS: dict[str, str] = {
    "id": "编号",
    "branch": "支部",
    "org": "单位",
    "year": "年份",
    "report_kind": "类型",
    "title": "标题",
    "chars": "字数",
    "practice_count": "举措数",
    "indicator_count": "指标数",
    "added_at": "加入时间",
    "item": "举措",
    "item_kind": "条目类型",
    "level": "层级",
    "section": "所在章节",
    "themes": "主题",
    "text": "全文",
    "pos": "位置",
    "end": "结束",
    "subject": "对象",
    "value": "数值",
    "unit": "计量单位",
    "approx": "约数",
    "redacted": "脱敏",
    "category": "类别",
    "raw": "原文",
    "sentence": "句子",
    "formulation": "提法",
    "count": "次数",
    "numbered": "编号式",
    "report_count": "报告数",
    "branches_using": "使用支部",
    "theme": "主题",
    "score": "得分",
    "hits": "命中次数",
    "term": "命中词",
    "evidence": "证据句",
    "sentence_start": "句首",
    "sentence_end": "句尾",
    "outline": "大纲",
    "marker": "序号",
    "section_kind": "章节类型",
    "reports_using": "使用报告数",
    "keyword": "关键词",
    "hit_sentences": "命中句数",
    "word": "词语",
    "earlier_count": "前期次数",
    "later_count": "后期次数",
    "change": "变化",
    "z": "z",
    "group": "分组",
    "note": "说明",
    "first_year": "首次年份",
    "year_count": "当年次数",
    "year_report_count": "当年报告数",
    "branch_count": "涉及支部数",
    "branch_total": "支部总数",
    "mean_score": "平均得分",
    "kpi": "指标",
    "per10k": "每万字",
    "tfidf": "重要度",
    "docs": "出现报告数",
    "cluster": "类群",
    "x": "横坐标",
    "y": "纵坐标",
    "similarity": "相似度",
    "similarity_level": "相似程度",
    "words_similarity": "用词",
    "themes_similarity": "主题",
    "measures_similarity": "做法",
    "formulations_similarity": "提法",
    "branch_a": "支部A",
    "branch_b": "支部B",
    "left": "左侧语境",
    "hit": "检索词",
    "right": "右侧语境",
    "link": "报告",
    "file": "文件",
    "status": "状态",
    "reason": "原因",
    "branch_check": "支部核对",
}


# Where a table shows a header other than the key's own: the short 单位 / 类型 of the tables where
# they cannot be mistaken (a figure table has no organization, an item table no report kind).
TABLE_LABELS: dict[str, dict[str, str]] = {
    "indicators": {"unit": "单位"},
    "keywords": {"term": "关键词", "docs": "报告数"},
    "items": {"item_kind": "类型"},
    "outline": {"section_kind": "类型"},
}

# The columns of one comparison's tables (analysis.corpus.compare), by table; `{a}` / `{b}` are
# the two sides' names.
COMPARISON_LABELS: dict[str, dict[str, str]] = {
    "words": {
        "term": "词语",
        "count_a": "{a}次数",
        "count_b": "{b}次数",
        "delta": "用词差异",
        "z": "z值",
        "leaning": "倾向",
    },
    "scatter": {
        "term": "词语",
        "count_a": "{a}次数",
        "count_b": "{b}次数",
        "freq_a": "{a}每万字",
        "freq_b": "{b}每万字",
    },
    "themes": {
        "theme": "主题",
        "score_a": "{a}得分",
        "score_b": "{b}得分",
        "diff": "差值(A-B)",
        "count_a": "{a}命中",
        "count_b": "{b}命中",
        "evidence_a": "{a}证据",
        "evidence_b": "{b}证据",
    },
    "theme_evidence": {
        "theme": "主题",
        "side": "一方",
        "report": "报告",
        "term": "命中词",
        "sentence": "证据句",
    },
    "pairs": {
        "tier": "判断",
        "title_a": "{a}举措",
        "title_b": "{b}举措",
        "similarity": "相似度",
        "source_a": "{a}报告",
        "source_b": "{b}报告",
        "text_a": "{a}原文",
        "text_b": "{b}原文",
    },
    "only": {
        "title": "举措",
        "source": "报告",
        "best_similarity": "最高相似度",
        "best_match": "对方最接近的举措",
        "text": "原文",
    },
    "numbers": {
        "category_label": "类别",
        "unit": "单位",
        "subject": "对象",
        "count_a": "{a}项数",
        "sum_a": "{a}合计",
        "redacted_a": "{a}脱敏项",
        "count_b": "{b}项数",
        "sum_b": "{b}合计",
        "redacted_b": "{b}脱敏项",
        "display_a": "{a}",
        "display_b": "{b}",
    },
    "indicator_details": {
        "side": "一方",
        "report": "报告",
        "category_label": "类别",
        "subject": "对象",
        "raw": "原文",
        "value": "数值",
        "unit": "单位",
        "approx": "约数",
        "redacted": "脱敏",
        "sentence": "句子",
    },
    "formulations": {
        "term": "提法",
        "count_a": "{a}次数",
        "count_b": "{b}次数",
        "numbered": "编号式",
        "status": "归属",
    },
}


# The report columns a user groups by (corpus.reports) -> their keys here.
GROUPING_KEYS = {"branch": "branch", "organization": "org", "year": "year", "kind": "report_kind"}


class UnlabelledColumnError(KeyError):
    """A column reached the edge without a Chinese header (add its key to this module)."""


def table_labels(table: str | None = None) -> dict[str, str]:
    """The key -> header mapping of `table` (None: the shared vocabulary alone)."""
    if table is None:
        return dict(LABELS)
    if table in COMPARISON_LABELS:
        return dict(COMPARISON_LABELS[table])
    if table not in TABLE_LABELS:
        raise ValueError(f"unknown table {table!r}")
    shown = TABLE_LABELS[table]
    # A short header taken here is no longer its usual key's (a figure table has no `org`).
    kept = {k: v for k, v in LABELS.items() if v not in shown.values() or k in shown}
    return {**kept, **shown}


def label(key: str, table: str | None = None, a: str = "A", b: str = "B") -> str:
    """The Chinese header of `key` in `table`, with a comparison's side names filled in."""
    found = table_labels(table).get(key)
    if found is None:
        raise UnlabelledColumnError(f"no label for column {key!r} in table {table!r}")
    return found.replace("{a}", a).replace("{b}", b)


def header_map(
    columns: Iterable[object], table: str | None = None, a: str = "A", b: str = "B"
) -> dict[object, str]:
    """{key: header} for `columns`; an unknown key or two keys sharing a header is an error."""
    keys = list(columns)
    missing = [k for k in keys if not isinstance(k, str) or k not in table_labels(table)]
    if missing:
        raise UnlabelledColumnError(f"no label for columns {missing} in table {table!r}")
    # Checked before the sides are filled in: a side compared with itself keeps both columns.
    twice = [
        h for h, n in Counter(label(str(k), table, "{a}", "{b}") for k in keys).items() if n > 1
    ]
    if twice:
        raise ValueError(f"columns {keys} share the headers {twice} in table {table!r}")
    return {k: label(str(k), table, a, b) for k in keys}


def labelled(
    frame: pd.DataFrame, table: str | None = None, a: str = "A", b: str = "B"
) -> pd.DataFrame:
    """`frame` with Chinese headers (same order, same data), for views and exports."""
    return frame.rename(columns=header_map(frame.columns, table, a, b))


def unlabelled(frame: pd.DataFrame, keys: Iterable[str], table: str | None = None) -> pd.DataFrame:
    """A frame `labelled` gave from columns `keys` (e.g. edited in a data editor) with those
    keys back; a header that is none of theirs is an error."""
    back = {header: key for key, header in header_map(keys, table).items()}
    missing = [c for c in frame.columns if c not in back]
    if missing:
        raise UnlabelledColumnError(f"no key for headers {missing} in table {table!r}")
    return frame.rename(columns=back)


def labelled_config(config: Mapping[str, Any], table: str | None = None) -> dict[str, Any]:
    """A Streamlit column_config keyed by English keys, re-keyed by the headers of `labelled`."""
    return {label(k, table): v for k, v in config.items()}
