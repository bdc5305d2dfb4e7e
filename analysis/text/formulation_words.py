"""Word lists of formulation extraction (analysis/text/formulations.py): honours and ordinary
quoted words, brand endings and beginnings, nouns after and verbs before quotes that mark a name,
role contexts of metaphors, idioms shaped like numbered formulations, units of time and count."""

from __future__ import annotations

# After the numeral of a quoted term these mean a duration or a date, e.g. "八小时外", "三个月".
TIME_WORDS = ("小时", "个月", "分钟", "周年", "年", "月", "日", "天", "周", "岁", "号", "期", "届")
# Measure words of a plain count after the numeral, e.g. "两次活动", "三名党员".
COUNT_UNITS = "次名人位户场"
# Measure words after digits that make a figure, not a name, e.g. "10名党员", "5万元".
DIGIT_UNITS = "个家项条支篇万亿元千百%"
# Measure words that make "number + measure + noun" a formulation, e.g. 五个融合, 三大工程, 三张清单.
CLASSIFIERS = "个大张项条种类点句字批"
# Words of 一 and one character that are no number group: 两手一起抓 is no formulation 两手一起.
ONE_WORDS = frozenset((
    "一起", "一样", "一定", "一直", "一些", "一切", "一般", "一致", "一体", "一线", "一流", "一道",
    "一同", "一律", "一心", "一并", "一贯", "一度", "一旦", "一边", "一面", "一方", "一再", "一齐",
))  # fmt: skip
# Idioms shaped like numbered formulations.
IDIOMS = frozenset((
    "一心一意", "一点一滴", "一言一行", "一举一动", "一草一木", "一朝一夕", "三心二意", "四平八稳",
    "四面八方", "五湖四海", "七上八下", "三番五次", "三令五申", "一五一十", "一模一样", "一丝一毫",
    "一针一线", "一张一弛", "一唱一和", "一问一答", "一来一回", "一颦一笑", "三三两两", "三五成群",
    "七嘴八舌", "七手八脚", "四通八达", "五花八门", "九牛一毛", "一干二净", "一清二楚", "一心一德",
    "一板一眼", "一字一句", "一生一世", "一日千里", "十全十美", "一年一度", "一次一次",
))  # fmt: skip
# Quoted words that are honours or ordinary words, never initiatives. (Role metaphors such as
# 主心骨, 头雁, 排头兵 are not here: quoted in a role context they are formulations.)
ORDINARY = frozenset((
    "先锋支部", "先锋党支部", "优秀党员", "优秀共产党员", "五星党支部", "五星支部", "先进党支部",
    "学习之星", "先进个人", "先进集体", "重要窗口", "第一书记", "一把手", "关键少数",
))  # fmt: skip
# Endings of initiative names, e.g. 红领讲堂, 有声图书馆, 职工援手九大服务计划.
BRAND_SUFFIXES = (
    "讲堂", "课堂", "学堂", "党课", "管家", "工程", "行动", "计划", "工作法", "工作室", "驿站",
    "书屋", "书吧", "之家", "之窗", "先锋", "先锋岗", "示范岗", "责任区", "服务队", "突击队",
    "志愿队", "联盟", "夜校", "图书馆", "服务站", "工作站", "示范区", "示范点", "基地", "品牌",
    "论坛", "平台", "活动日", "服务日", "接待日", "开放日", "活动月", "教育月", "宣传月", "服务月",
    "学习社", "微党课", "e家", "E家", "云课堂", "大讲堂", "赛", "专栏",
)  # fmt: skip
# Beginnings of initiative names, e.g. 红色管家, 红领讲堂, 云上自习室, 智慧党建.
BRAND_PREFIXES = ("红色", "红领", "红心", "云上", "智慧", "e", "E")
# Nouns right after the quotes (within a few characters) that make them a name, e.g. “…”党建项目.
BRAND_NEXT = (
    "活动",
    "项目",
    "工程",
    "品牌",
    "工作法",
    "工作室",
    "工作队",
    "服务队",
    "志愿服务",
    "行动",
    "计划",
    "平台",
    "专栏",
    "栏目",
    "公众号",
    "示范",
    "比赛",
    "大赛",
    "竞赛",
    "讲堂",
    "课堂",
    "实践",
    "工作站",
    "服务站",
    "战略",
    "机制",
    "组织生活",
    "为抓手",
    "为载体",
    "为品牌",
    "系列",
    "制度",
    "志愿者",
    "主题",
    "原则",
    "体制",
    "小程序",
    "分享会",
    "讲座",
)
# Nouns that name the quoted text only right after it: “四好农村路”建设, “强村公司”实体化运营
# (not “新基建”和…建设: the 建设 of another thing).
BRAND_DIRECT_NEXT = ("建设", "常态化", "实体化")  # fmt: skip
# Verbs right before the quotes that found a named thing, e.g. 打造“红色管家”.
BRAND_PREV = (
    "打造", "创建", "创办", "开设", "推出", "建立", "设立", "成立", "组建", "启动", "做优", "做强",
    "擦亮", "叫响", "打响", "设置", "创立", "培育出", "实施", "开展", "推行", "开通", "搭建", "上线",
)  # fmt: skip
# A role a quoted metaphor plays: 发挥“主心骨”作用, 当好“头雁”, 争做“排头兵”.
ROLE_NEXT = ("作用", "效应", "角色")
ROLE_PREV = ("当好", "争当", "争做", "甘当", "当起")  # not 做好: 做好“结合”文章 is no role
# Verbs before a parallel pair that hold it as a principle: 坚持“统一领导、分级负责”.
PRINCIPLE_PREV = ("坚持", "按照", "遵循", "实行", "健全", "形成", "构建", "落实", "推行")
# Text between two quotes of one list, e.g. “A”、“B”, “A”和“B”, “A”“B”.
LIST_GAPS = frozenset({"", "、", "和", "及", "与", ","})
# Endings of names by genre, with the same length rule as BRAND_SUFFIXES: a loan product
# (党员先锋贷), a festival (荷花节), a service radius (15分钟便民服务圈), a fast lane (绿色通道),
# a lab (党员创新实验室); and the genres listed with the second row.
GENRE_SUFFIXES = (
    "贷",
    "节",
    "服务圈",
    "生活圈",
    "通道",
    "实验室",
    # a class (青马班), a lesson (党员示范课), a school (家长学校, 云端党校), a through train
    # (政企直通车), a board (红黑榜), a council (邻里议事会), a village firm (强村公司), a snapshot
    # campaign (隐患随手拍), a wish (微心愿), a way of handling business (掌上办, 全程网办)
    "班",
    "课",
    "学校",
    "党校",
    "直通车",
    "榜",
    "议事会",
    "公司",
    "随手拍",
    "心愿",
    "办",
)
# Public holidays end in 节 too; they are dates, not initiatives.
HOLIDAYS = ("春节", "元宵节", "清明节", "劳动节", "端午节", "七夕节", "中秋节", "国庆节", "重阳节")
# Verbs that found or run a named practice, also across a short qualifier: 开展社区书记“擂台比武”,
# 推行村级事务“阳光公开”, 深化“警社联动”, 担任学生党支部“政治导师”.
PRACTICE_PREV = (
    "开展", "推行", "实行", "深化", "实施", "推广", "打造", "建立", "组建", "设立", "开设", "推出",
    "启动", "聚焦", "构建", "领办", "开通", "担任", "创办", "创建", "推进",
)  # fmt: skip
# What a qualifier between such a verb and the quotes never holds: particles and conjunctions
# make it a clause of its own (构建出了“大党建”, 组织和“…”).
QUALIFIER_BREAKS = "了的着过地得把将被让使和与及对"
# Nouns after the quotes (a 的 between allowed) that name what the quoted text is: a way of
# working (按照“支部建在年级组”的思路), a goal (围绕“强村富民”目标), a standard (“星级评定”办法),
# the start of a model (“青年理论学习小组”创建).
WAY_NEXT = (
    "思路", "理念", "模式", "工作模式", "机制", "原则", "要求", "办法", "工作格局", "创建", "目标",
    "主线", "工作主线",
)  # fmt: skip
# Of these, the ones that follow the quotes directly, never after a 的 (“…”的目标导向 is no goal).
DIRECT_NEXT = ("目标", "主线", "工作主线", "创建")
# ... or a phenomenon of a problem (存在“两张皮”现象, “建而不用”的情况).
NAMED_AS_NEXT = WAY_NEXT + ("现象", "问题", "情况", "倾向", "思想")
# Nouns after a quoted 、-series that make it one slogan: 以“…”为主线, “…”三项任务.
SERIES_NEXT = WAY_NEXT + (
    "任务", "中心任务", "活动", "行动", "工程", "方针", "制度", "体系", "工作法", "品牌", "抓手",
    "统领", "引领", "牵引", "主题", "载体",
)  # fmt: skip
# Verbs before a quoted 、-series that hold it as one principle or practice.
SERIES_PREV = (
    "坚持", "按照", "遵循", "实行", "推行", "健全", "形成", "构建", "落实", "深化", "实施", "推进",
    "推广", "践行", "树立",
)  # fmt: skip
# Words before 以 that make 以 part of another word (可以, 所以): no 以“…”为… frame then.
NOT_YI_FRAME = "可所予加难得用足借是"
# An honour: the text after the quotes names its award (“师德标兵”评选), or the organization
# honoured (“四强”党支部); before the quotes an awarding verb or an award level (获评市直机关“…”,
# 创建市级“五星社区”).
HONOUR_AWARDS = ("评选", "评比", "称号", "荣誉", "表彰")
HONOUR_ORGS = ("党支部", "党组织", "党总支", "支部", "集体")
# Endings of a title given to people or units in an election (“骑士先锋”评选, “师德标兵”评选).
HONOUR_TITLES = (
    "先锋", "标兵", "能手", "之星", "党员", "书记", "模范", "楷模", "家庭", "庭院", "企业", "单位",
    "个人", "班组", "团支部", "支部", "人",
)  # fmt: skip
AWARD_PREV = ("评为", "获评", "评选", "评选出", "评出", "荣获", "授予", "命名为", "获得", "入选")
AWARD_LEVELS = ("国家级", "省级", "市级", "县级", "区级", "全国", "全省", "全市", "全区", "全县")
