"""Every statistic of the dashboard in one plain Chinese sentence, and the methods behind them.

`READING[key]` says what a number means and how to read it (for captions, table notes, slide
subtitles); `METHODS[key]` names the method (for the `方法说明` expander and the slides' speaker
notes only: a user reads the sentence, not the method). One place, so a page, an export and a
slide say the same thing. Units: frequencies are always 每万字 (per 10,000 characters).
"""

from __future__ import annotations

from analysis.corpus.compare.measure_alignment import (
    DEFAULT_THRESHOLD,
    STRONG_SHARED,
    STRONG_THRESHOLD,
)
from analysis.corpus.compare.practice_evidence import SAME_MIN
from analysis.corpus.compare.word_contrast import Z_DISTINCTIVE

READING: dict[str, str] = {
    "z": (
        f"z 值越大，A 方越常用这个词，且不是偶然；越小（负数），B 方越常用。"
        f"z 值在 ±{Z_DISTINCTIVE:g} 以内的差别可能只是偶然。"
    ),
    "z_bars": (
        f"条形向右，A 方更常用这个词；向左，B 方更常用。深色的差别不是偶然"
        f"（z 值超过 ±{Z_DISTINCTIVE:g}），浅色的可能只是偶然。"
    ),
    "delta": "用词差异：正数表示 A 方用得相对更多，负数表示 B 方更多，数值越大差得越多。",
    "per10k": "每万字：平均每一万个字里出现几次，篇幅不同的报告可以直接比较。",
    "scatter": (
        "每个点是一个词：越靠右 A 方每万字用得越多，越靠上 B 方越多；落在虚线上两方一样常用，"
        "贴着左边或下边的词只有一方用。"
    ),
    "cloud": "字越大，这一方用得越多；两幅词云用同一比例，同样大小的字表示同样多的次数。",
    "contexts": "每行是这个词在报告里出现的一处，连同它前后的文字。",
    "similarity": "相似度在 0 到 1 之间：1 表示两方完全一样，0 表示毫无共同之处。",
    "similarity_parts": "总体相似度是用词、主题、做法、提法四项相似度的平均。",
    "words": "用词相似度：两方常用词及其多少越接近，数值越高。",
    "themes": "主题相似度：两方在各主题上的着墨比例越接近，数值越高。",
    "measures": "做法相似度：双方做法中能在对方找到对应做法的比例。",
    "formulations": "提法相似度：双方用到的提法中，两方都用的所占比例。",
    "pairs": (
        "做法配对：每项做法最多与对方一项做法配对。去掉标点、空格、繁简和脱敏符号的差别后文字相同的"
        "做法先配对，算“共有的做法”；其他做法要文字相似度达到 "
        f"{STRONG_THRESHOLD:.2f}，且正文里至少有 {STRONG_SHARED} 个共同的实质词语，才算“共有的做法”；"
        f"相似度达到 {DEFAULT_THRESHOLD:.2f}、至少有 1 个共同实质词语的，只是“可能相近的做法”，"
        "请对照原文确认。只在“加强、推进、工作、党员”这类套话和通用词上相近的，不配对。"
    ),
    "best_similarity": (
        "最高相似度：这项做法与对方最接近的一项做法的文字相似度（0 到 1），"
        "低于阈值，就算作只有这一方有的做法。"
    ),
    "summary": "由本页的数字自动生成，只复述统计结果，不作评价。",
    "theme_score": "主题得分：平均每一万个字里有几句写到这个主题，越高说明写得越多。",
    "theme_evidence": "证据句：报告里写到这个主题的原句，括号里是据以判断的词语。",
    "numbers": (
        "数字指标：同一对象、同一单位的数字才相加；打了星号的数字记为已脱敏，只计项数、"
        "不计合计，只有脱敏数字时合计显示为“已脱敏”（不计为 0），没有数字时显示为“—”。"
    ),
    "number_units": "资金统一折算为万元，比率和年龄取平均。",
    "number_counts": "柱子越高，这一方在这一类提取到的数字越多；只比项数，不比数值大小。",
    "number_details": "每行是报告里的一处数字及其原句，已脱敏的数字只计项数。",
    "formulation_lists": "提法：报告里带编号的固定说法（如“三会一课”）和命名的载体、品牌，按谁在用分栏列出。",
    "formulation_counts": "次数：这个提法在这一方报告里出现了几次。",
    "keyword_weight": "重要度：在这份报告里常用、在其他报告里少见的词，重要度高。",
    "topics": "自动归纳的主题：经常一起出现的词被归为一组，每组代表报告里的一类内容。",
    "textrank": "核心程度：与文中许多其他词一起出现的词更靠前，出现次数不多也可能是核心词。",
    "cooccurrence": "共现强度：两个词在同一句里一起出现得越多，连线越粗。",
    "org_names": "单位和支部的名称默认不计入特色词、词云和关键词（打开开关可显示）。",
    "org_names_shown": "单位和支部的名称也计入了特色词、词云和关键词（“显示机构名称”已打开）。",
}

METHODS: dict[str, str] = {
    "z": (
        "带语料先验的对数优势比（Monroe、Colaresi、Quinn，2008），"
        f"以全部报告的词频为先验；|z| > {Z_DISTINCTIVE:g} 对应双侧 95% 显著。"
    ),
    "words": "两方词频向量的余弦相似度。",
    "themes": "两方主题得分向量的余弦相似度。",
    "measures": "有配对的做法数占双方做法总数的比例。",
    "formulations": "两方提法集合的 Jaccard 系数（交集 / 并集）。",
    "pairs": (
        "先比较清洗后的文字（繁简、全半角、标点、空格、编号和脱敏符号统一）：相同或几乎相同"
        f"（字符三元组 Dice 系数 ≥ {SAME_MIN:.2f}）的先配对；其余以标题与正文的字符 2–3 元组 TF-IDF"
        "余弦相似度为文字证据，以分词后去掉停用词、公文套话和通用词的共同词语数为内容证据，"
        "再以匈牙利算法（线性指派）求一对一配对；阈值由示例报告、生成报告和 124 对人工标注的做法对"
        "实测确定。"
    ),
    "similarity": "总体相似度为用词、主题、做法、提法四项相似度的平均值；一方没有的项（如没有做法或提法）不计入平均。",
    "theme_score": "主题得分 = 命中主题词典的句子数 × 10000 ÷ 这一方的总字数（合并该方全部报告）。",
    "per10k": "每万字 = 出现次数 × 10000 ÷ 这一方的总字数。",
    "keyword_weight": "TF-IDF（词频 × 逆文档频率，以全部报告计算）。",
    "topics": "非负矩阵分解（NMF）主题模型，基于段落或举措的 TF-IDF。",
    "textrank": "TextRank：按词语共现图的加权 PageRank 排序。",
    "cooccurrence": "同句共现的 Jaccard 系数。",
    "org_names": "机构名称由内置的机构名识别规则找出，并加上报告信息中的支部和单位名称。",
}


def reading(key: str) -> str:
    """The plain sentence for a statistic (empty when there is none)."""
    return READING.get(key, "")


def org_names_note(shown: bool) -> str:
    """Whether organization names count among the words, in plain Chinese (the switch's state)."""
    return READING["org_names_shown" if shown else "org_names"]


def method_notes(keys: tuple[str, ...] = ()) -> list[str]:
    """`方法说明` lines "名称：方法" for the given statistics (all when empty), in READING order."""
    names = {
        "z": "区分词",
        "words": "用词相似度",
        "themes": "主题相似度",
        "measures": "做法相似度",
        "formulations": "提法相似度",
        "pairs": "做法配对",
        "similarity": "总体相似度",
        "theme_score": "主题得分",
        "per10k": "每万字",
        "keyword_weight": "关键词重要度",
        "topics": "自动主题",
        "textrank": "核心词",
        "cooccurrence": "共现网络",
        "org_names": "机构名称",
    }
    chosen = keys or tuple(METHODS)
    return [f"{names.get(k, k)}：{METHODS[k]}" for k in chosen if k in METHODS]
