"""Outline parser, its vocabulary: characters, limits, marker and heading patterns, section words."""

from __future__ import annotations

import re

from analysis.text.line_shapes import DECIMAL_HEADING

# ----------------------------------------------------------------------------- characters

CN_DIGITS = "一二三四五六七八九十"
# Sentence terminators; a heading sentence ends at the first one. "坚持平台共建。" / "主要做法："
TERMINAL = frozenset("。！？!?；;：:…")
# A line ending in one of these clearly continues on the next line. "通过“三会一课”、"
SOFT_END = frozenset("，,、（(“‘《【—-·")
# Punctuation inside a line that shows it is prose, not a caption. "支部党员活动日" has none.
INNER_PUNCT = frozenset("，,、。；;：:")
# Closing quotes/brackets that may follow a terminator at line end. "……的“双强”成果。”"
CLOSERS = frozenset("”’」』）)》】\"'")
# Allowed just before an inline marker that starts a clause. "…工作;二是强化理论学习"
CLAUSE_BREAKS = frozenset("。；;！!？?，,：:…")
# Skipped between a marker and its title. "第一，强化…" / "1. 加强…"
MARKER_GAP = " \t\u3000，,、：:.．"
SPACES = frozenset(" \t\r\u3000\xa0")
# Characters forming a word with a following 一 ("统一是", "之一是", "唯一是"): no enumeration.
WORD_YI = frozenset("统唯之同万单专归合划如逐第其另十")

TITLE_LIMIT = 80  # longest heading sentence read as a title
LONG_TITLE = 40  # a longer heading title is cut at its first comma
ENUM_LIMIT = 40  # longest enumeration title (words after 一是)
LEAD_MAX = 16  # longest lead phrase ("发挥战斗堡垒作用。" is 8)
QUOTE_ROOM = 8  # extra characters read for a lead holding a quoted brand ("“1+N”…")
LEAD_SENTENCE_MAX = 30  # longest lead sentence of two clauses ("建强村级班子，筑牢战斗堡垒。")

# ----------------------------------------------------------------------------- patterns

# Level 1: Chinese numeral + 、 or a dot, not a list of numerals. "一、主要做法", "十一．其他"
# (not "一、二级党组织").
_L1_RE = re.compile(r"[一二三四五六七八九十]{1,3}(?:、|[.．](?!\d))(?![一二三四五六七八九十])")
# Level 1 too: a numbered part. "第一部分 基本情况", "第二章"
_PART_RE = re.compile(r"第[一二三四五六七八九十]{1,3}(?:部分|章|篇)")
# Level 2: Chinese numeral in brackets. "（一）坚持平台共建", "(二)落实两个同步"
_L2_RE = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")
# Level 3: Arabic number + 、 or a dot, not a decimal or a list. "1.加强组织领导", "2、强化学习"
# (not "1.5万元", "3、4月份").
_L3_RE = re.compile(r"\d{1,2}[、．.](?!\d)")
# Level 4: Arabic number in brackets, with a closing bracket, or circled. "（1）", "2）", "③"
_L4_RE = re.compile(r"[（(]\d{1,2}[）)]|\d{1,2}[）)]|[\u2460-\u2473]")
MARKERS = ((_PART_RE, 1), (_L1_RE, 1), (_L2_RE, 2), (_L4_RE, 4), (_L3_RE, 3))

# Inline enumeration markers, validated later (clause start, ordinal sequence).
# "一是加强组织领导", "一要持续抓好学习", "首先，规范组织生活", "第二，强化…", "第三是…", "其一，…"; a PDF line
# break may split 一是/首先 ("…强大磁场。二\n是深入群众解难题"), allowed when the break is soft.
ENUM_RE = re.compile(
    r"(?=[一二三四五六七八九十首其再最第\u2460-\u2473])"  # fast rejection: every marker starts so
    r"(?:(?P<shi>[一二三四五六七八九十]{1,3})\n?[是要]"
    r"|(?P<circ>[\u2460-\u2473])"  # ①…⑳ inside a paragraph: "（一）压实责任。①召开…；②…"
    r"|(?P<seq>首\n?先|其\n?次|再\n?次|最\n?后)"
    r"|第(?P<di>[一二三四五六七八九十]{1,3})(?:是|(?=[，,、：:]))"
    r"|其(?P<qi>[一二三四五六七八九十])(?=[，,、：:]))"
)
# A line that opens with an enumeration marker starts a new paragraph. "二是坚持党建业务同步执行。"
ENUM_START_RE = re.compile(
    r"[一二三四五六七八九十]{1,3}[是要]|首先|其次|再次|最后"
    r"|第[一二三四五六七八九十]{1,3}[是，,、：:]|其[一二三四五六七八九十][，,、：:]"
)
# Credits, captions and notes: never a heading, an item or part of a sentence.
# "来源:大兴城建兴城投资党支部", "责任编辑：张三", "编者按", "图为支部党员…", "编者的话"
NOISE_RE = re.compile(
    r"(?:来源|出处|作者|编辑|责任编辑|责编|审核|审校|校对|供稿|撰稿|通讯员|摄影|图片|图文|排版|原标题)"
    r"\s*[:：|｜]|编者按|编者的话|图为|图片来源|\(图\)|（图）"
    # a journal article's metadata lines: "摘 要:", "关键词：", "中图分类号:", "doi:", "作者简介:"
    r"|(?:摘\s*要|关\s*键\s*词|作者简介|基金项目|收稿日期|文章编号)\s*[:：]"
    r"|中图分类号|文献标识码|(?:doi|DOI)\s*[:：]|\[?(?:Abstract|Key\s?words)\]?\s*[:：]"
)
# A decimal heading number, its depth the level: "2 夯实组织基础" (1), "2.1 以制度…" (2).
DECIMAL_RE = re.compile(rf"(?:{DECIMAL_HEADING})")
# First line of a WeChat short-line heading: a short phrase ending in a comma.
# "支部建设齐步走," (then the subtitle "在标准化规范化建设上更进一步")
SHORT_HEAD_RE = re.compile(r"[^，,。；;：:！!？?、\s]{2,15}[，,]")
# Subtitle line of a short-line heading: short, no clause punctuation. "在发挥三个作用上争先一步"
SUBTITLE_RE = re.compile(r"[^，,。；;：:！!？?]{2,30}")
# A whole short-line heading on one line (when the two lines were joined). "示范引领大步走,在发挥三个作用上争先一步"
ONE_LINE_HEAD_RE = re.compile(r"[^，,。；;：:！!？?、\s]{2,12}[，,][^，,。；;：:！!？?、\s]{2,18}")
# A short heading line without closing punctuation, before a paragraph of items. "筑牢思想根基"
ITEM_HEAD_RE = re.compile(r"[^。；;：:！!？?\s]{4,20}")
# A candidate member of a parallel set of heading lines: short, no punctuation, quotes inside
# or at the end only. "提质增效快步走", "青春在攻坚中闪光", "党员骨干争当“尖兵”"
RHYME_RE = re.compile(r"(?![“\"])[^，,。；;：:！!？?、\s]{4,14}")
PARALLEL_PREFIX = 3  # parallel headings opening with the same words: "青春在…" x 3
# A WeChat section number on a line of its own, the title on the next line. "01" / "PART 02"
NUM_LINE_RE = re.compile(r"(?:PART|Part|part|NO\.?|No\.?)?\s?0?\d{1,2}")
# A WeChat heading in lenticular brackets on a line of its own. "【支部建设齐步走】"
BRACKET_HEAD_RE = re.compile(r"【[^【】\n]{2,20}】")
# Words ending a sentence that announces a list, not a lead phrase. "主要做法如下："
ANNOUNCE_RE = re.compile(r"(?:如下|是|为|有|包括|以下|方面)$")
# Characters that disqualify a lead phrase: numbers and redactions. "支部现有党员22名。"
LEAD_BAD_RE = re.compile(r"[0-9０-９*＊×X%％]")
SPACE_RE = re.compile(r"\s+")
# A quoted name inside a lead phrase. "“双岗双责”", "“1+N”"
QUOTED_RE = re.compile(r"[“\"‘「][^“”\"‘’「」\n]{1,12}[”\"’」]")
# The clause break inside a lead sentence. "建强村级班子，筑牢战斗堡垒"
CLAUSE_SPLIT_RE = re.compile(r"[，,]")
# Words opening ordinary prose, never a heading. "近年来，…", "通过…，", "今年以来，…"
PROSE_OPENER_RE = re.compile(
    r"(?:近年来|今年以来|一年来|以来|上半年|下半年|我们|本人|通过|为了|根据|按照|随着|目前|截至|同时"
    r"|此外|另外|但是|今后|下一步|其中|总之|总的来看|经过|作为|在|为|对|从|由于|虽然|因此|所以)"
)
# A period named before a heading's words, a label the colon does not end: "（一）一季度：聚焦学习抓引领",
# "3月：…", "第二阶段：…", "上半年：…"
PERIOD_LABEL_RE = re.compile(
    r"第?[一二三四1-4]季度|[一二三四五六七八九十\d]{1,2}月份?|第[一二三四五六七八九十]阶段|[上下]半年"
)
# An outline marker inside a line, after a sentence end or a space (a run-together outline).
# "…的贡献。 一、坚持理论武装", "…任务。2、用好载体", "（二）加强支部建设", "四季度打算：1.开展…"
# The sentence end is matched, not looked behind: the pattern then opens with a character
# class and the engine skips fast to the candidates (a start-of-text marker is `^`).
INLINE_MARK_RE = re.compile(
    r"(?:[。！？!?；;：:\s]|^)(?P<mark>[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|\d{1,2}[、．.](?!\d)|[（(]\d{1,2}[）)])"
)
# An enumeration after a space in a run-together outline. "四、存在的不足 一是…"
INLINE_ENUM_RE = re.compile(r"(?<=[\s])(?P<mark>[一二三四五六七八九十]是|首先|其次|最后)")
FLAT_MIN = 60  # a shorter line is never a run-together outline
TOC_LINES = 40  # a table of contents sits in the first lines
# A paragraph opening with an ordinal word used as a heading. "首先，以政治建设为统领，…"
ORDINAL_HEAD_RE = re.compile(
    r"(?:(?P<w>首先|其次|再次|最后)|第(?P<n>[一二三四五六七八九十]{1,2}))[，,、：:]"
)
# A paragraph opening with a numeral and a verb, one of a 一抓/二抓 (一要, 一强化) set of headings.
# "一抓队伍，锤炼过硬作风" (not 一是, 一、, 一些 alone: the set must run 一, 二, …)
NUMERAL_VERB_RE = re.compile(
    r"(?P<n>[一二三四五六七八九十])(?P<v>[^\s\d是、，,。；;：:“”\"（(一二三四五六七八九十个年]{1,2})"
)
# Words opening what will be done: plan words, and periods ahead that need a 将/要 after them
# ("下半年，支部开展了…" looks back). "下一步，", "今后，", "下半年，社区党委将…"
PLAN_WORDS = r"下一步|下步|今后|明年|新的一年|在今后的工作中"
PERIODS_AHEAD = r"下半年|下个?季度|下一?阶段"
# A subject and its 将/要 after a plan word: "支部将", "我们要", "检验科党支部将" (not 重要, 需要).
WILL = r"[^，,。；;：:、“”\s]{0,12}?(?<![重主需必只])(?:将|要)"
# A paragraph opening with a plan word and listing items: a plan section of its own.
# "下一步，支部将一要持续抓好理论学习，二要…" (title "下一步")
PLAN_LEAD_RE = re.compile(
    rf"(?:{PLAN_WORDS})[，,](?=.{{0,30}}?(?:一[是要]|首先|第一))"
    rf"|(?:{PERIODS_AHEAD})[，,](?={WILL}.{{0,30}}?(?:一[是要]|首先|第一))"
)
# A paragraph saying in one sentence what will be done. "下一步，检验科党支部将继续深化…"
CLOSING_PLAN_RE = re.compile(rf"(?P<w>{PLAN_WORDS}|{PERIODS_AHEAD})[，,]\s*{WILL}")
# A sentence naming shortcomings between 存在 and 等问题: "同时，社区也存在停车位紧张、…等问题。"
PROBLEM_SENTENCE_RE = re.compile(
    r"[^。；;：:！!？?\n]{0,20}?[还也仍尚]存在着?(?P<what>[^。；;：:！!？?\n]{4,60}?)"
    r"等(?:方面的?)?(?P<noun>问题|不足|短板|差距|困难)[。；;]"
)
# What was done, opening a sentence of results. "通过这些努力，", "通过推行“X+3”联系制度，"
RESULT_OPENER_RE = re.compile(r"通过[^，,。；;：:！!？?\n]{2,24}[，,]")
ORDINAL_VALUE = {"首先": 1, "其次": 2, "再次": 3, "最后": 99}
# The page number or dot leader ending a table-of-contents line. "一、主要做法……3"
TOC_TAIL_RE = re.compile(r"[.．…·\-—\d]+$")
# A stretch of a heading sentence: up to a terminator or a line break. "坚持平台共建，促推“立体融合”"
HEAD_RUN_RE = re.compile(r"[^。！？!?；;：:…\n]*")
# A stretch of an item title: up to a clause break or a line break. "加强组织领导"
ITEM_RUN_RE = re.compile(r"[^，,。；;：:！!？?\n]*")

# Section kinds from heading words, checked on short headings only; earliest match wins,
# then the longest. Each rule: (kind, pattern).
SECTION_RULES = (
    # background: "一、背景情况", "基本情况", "支部概况", "项目简介"; a research report's findings
    # ("调研发现"); a plan's or an article's framing ("总体思路", "问题的提出", "品牌内涵")
    (
        "background",
        re.compile(
            r"背景|引言|前言|导言|基本情况|基本概况|概况|简介|总体情况|情况介绍|现状|调研发现|主要发现"
            r"|总体思路|指导思想|总体要求|问题的提出|品牌(?:内涵|由来|释义)"
        ),
    ),
    # practice: "主要做法", "具体举措", "经验做法", "工作措施", "工作开展情况", "创建过程",
    # "履行职责情况" (述职), "重点任务" (a plan's tasks: plans there)
    (
        "practice",
        re.compile(
            r"做法|举措|措施|主要工作|重点工作|工作开展|开展情况|工作情况|具体工作|创建过程"
            r"|实施过程|实践探索|工作内容|经验|实践路径|履职|履行职责|重点任务|主要任务|回顾"
        ),
    ),
    # result: "工作成效", "实施效果", "取得的成绩", "主要成果"
    # ("主要亮点": a digest's highlights say what was achieved)
    ("result", re.compile(r"成效|效果|成果|成绩|收获|取得|亮点")),
    # problem: "存在问题", "存在的不足", "问题与不足", "短板", "主要问题"
    (
        "problem",
        re.compile(
            r"存在.{0,4}(?:问题|不足)|问题[与和及、](?:不足|原因|短板|差距|困难)|不足[与和及、]问题"
            r"|不足之处|短板|薄弱环节|困难和问题|^(?:主要|突出)?问题$|^不足$"
        ),
    ),
    # plan: "下一步打算", "工作打谱", "今后工作", "2024年工作计划", "努力方向", "下季度工作安排"
    (
        "plan",
        re.compile(
            r"下一步|下步|今后|打算|打谱|计划|展望|工作思路|努力方向|工作重点|对策|(?<![搭构创组新])建议(?!事)"
            r"|下半年|下个?季度|下一?阶段|明年|工作安排"
        ),
    ),
    # other: "几点体会", "经验启示", "结语"
    (
        "other",
        re.compile(
            r"经验启示|经验体会|体会|启示|思考|结语|结束语|结论|附件|附录|心得|几点认识|小编|编后"
            r"|原因分析|原因剖析|^(?:问题|主要)?原因$"
        ),
    ),
)
# A causes section ("三、原因分析") names why the problems arose: neither a practice nor a problem,
# even when its paragraph ran into the heading ("原因分析主要是思想认识还不够到位，…").
CAUSE_HEAD_RE = re.compile(r"(?:问题|产生问题的|存在问题的)?原因(?:分析|剖析)")
SECTION_MAX = 20  # a longer heading names a practice, not a section kind
# A speech's section lead, a verb and the kind's noun, as the whole first clause of a heading:
# "肯定成绩，…有新进步", "正视问题，清醒认识差距和不足", "明确任务，推动…再上新台阶".
SPEECH_SECTION_RULES = (
    ("result", re.compile(r"(?:肯定|回顾|总结)(?:成绩|成效|成果)")),
    ("problem", re.compile(r"(?:正视|直面|查找|找准|剖析|认清)(?:问题|差距|不足)")),
    ("plan", re.compile(r"(?:明确|部署)(?:任务|目标)")),
)
ITEM_KIND = {
    "practice": "measure",
    "result": "effect",
    "problem": "problem",
    "plan": "plan",
    "background": "background",
    "other": "other",
}
