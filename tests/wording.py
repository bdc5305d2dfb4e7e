"""Report bodies of their own wording (no shared passage unless a test puts one in), shared by
the overlap tests of the corpus, CLI and store."""

from __future__ import annotations

import random

# Wording of each report's own (no two reports share a run of it by chance).
WORDS = [
    "支部",
    "党员",
    "学习",
    "组织",
    "开展",
    "活动",
    "群众",
    "服务",
    "落实",
    "推进",
    "建设",
    "制度",
    "教育",
    "管理",
    "思想",
    "作风",
    "廉政",
    "基层",
    "阵地",
    "品牌",
    "志愿",
    "社区",
    "企业",
    "项目",
    "考核",
    "培训",
    "宣传",
    "调研",
    "走访",
    "座谈",
    "帮扶",
    "创新",
    "融合",
    "责任",
    "监督",
    "纪律",
    "政治",
    "理论",
    "实践",
    "先锋",
    "模范",
    "堡垒",
    "攻坚",
    "示范",
    "网格",
    "结对",
    "共建",
    "联学",
    "讲堂",
    "书记",
    "委员",
]


def own_text(seed: int, chars: int = 1200) -> str:
    """A report body of its own wording, deterministic per seed."""
    rng = random.Random(seed)
    out: list[str] = []
    length = 0  # a running count: summing the list each time made a 200,000-char text take minutes
    while length < chars:
        out.append(
            rng.choice(WORDS) + rng.choice(WORDS) + rng.choice("，。；、") * (rng.random() < 0.3)
        )
        length += len(out[-1])
    return "".join(out)
