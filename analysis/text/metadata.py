"""Report metadata (title, branch, organization, year, kind) inferred from the text, or read from a sidecar.

Inference is a best guess where the text says it (e.g. `兴城投资党支部`, `2023年度`); users edit it later.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

KINDS = ("经验材料", "年度总结", "工作报告", "品牌创建", "微信文章", "其他")

# A party organization name: 2-12 CJK chars (or redaction stars) ending in a unit word.
# e.g. "大兴城建兴城投资党支部" / "楼宇综合党委" / "*公司支部"
_BRANCH = re.compile(
    r"(?m)(?:^|(?<=[\s，。、；：:,“”（(】-]))([\u4e00-\u9fff*×]{2,14}?(?:党总支|党支部|党工委|党委|支部))"
)
# Names that are generic, not a specific branch.
_GENERIC_BRANCH = re.compile(
    r"^(?:.{0,2}(?:党支部|支部|党委|党总支)|上级党组织|先锋党支部|五星党支部)$"
)
# Verbs and function words that never occur inside an organization's name.
_NOT_NAME = re.compile(
    r"工作|纳入|体现|树立|贯彻|落实|关于|坚持|推进|加强|建设|创建|围绕|一切|成为|作为|通过|被|争做|服务保障|连续|党员|多次"
)
_GENERIC_PREFIX = re.compile(
    r"^(?:的|和|与|及|在|是|了|为|对|把|将|由|各|本|该|我|全|等|先锋|五星|成立|支部)"
)
# "隶属于大兴城建开发集团公司党委" -> the parent organization.
_BELONGS = re.compile(r"隶属于?([\u4e00-\u9fff]{2,20}?)(?:公司)?(?:党委|党组|党工委)")
# An organization: CJK name ending in an institution word. e.g. "后勤集团"
_ORG = re.compile(
    r"(?m)(?:^|(?<=[\s，。、；：:,“”（(】-]))"
    r"([\u4e00-\u9fff*×]{2,12}?(?:集团|有限公司|公司|管理局|医院|大学|学院|学校|街道|社区|银行))"
)
# A year: 1921-2099 followed by 年; "2023年度" marks the report year.
_YEAR = re.compile(r"((?:19[2-9]|20\d)\d)\s*年(度)?")
_TITLE_MAX = 60
# An outline line, as listed in a table of contents. "一、主要做法", "（二）工作成效", "1. 背景"
_OUTLINE_START_RE = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]"
)
_SPACES_RE = re.compile(r"[ \t\u3000]+")
# Punctuation of a sentence: a line part holding one is body text, not a title.
_SENTENCE_MARK_RE = re.compile(r"[，,。；;：:！!？?]")


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    branch: str = ""
    organization: str = ""
    year: int | None = None
    kind: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def infer_metadata(text: str, filename: str = "") -> Metadata:
    """Best-guess metadata from a report's text and file name; never raises."""
    title = infer_title(text, filename)
    return Metadata(
        title=title,
        branch=infer_branch(title + "\n" + text),
        organization=infer_organization(text),
        year=infer_year(title, text),
        kind=infer_kind(title, text),
    )


def infer_title(text: str, filename: str = "", styled: str = "") -> str:
    """The first line that looks like a title (short, no closing 。), else the file name stem.

    `styled` is the paragraph a Word file marks with its Title style: it wins when given.

    A table of contents at the top is skipped (a 目录 line, then outline lines repeated later
    in the body), and a first line running on into the body (a flattened web page:
    "…工作总结 上半年，…") gives its part before the first space.
    """
    if styled.strip() and len(styled.strip()) <= _TITLE_MAX * 2:
        return _SPACES_RE.sub(" ", styled.strip())
    lines = [ln.strip() for ln in text.splitlines()[:400] if ln.strip()]
    toc = False
    for i, line in enumerate(lines[:60]):
        if _SPACES_RE.sub("", line) in ("目录", "目次"):
            toc = True
            continue
        if _OUTLINE_START_RE.match(line) and (toc or line in lines[i + 1 :]):
            continue  # a table-of-contents entry
        if len(line) <= _TITLE_MAX and not line.endswith(("。", "；", ";")):
            return line
        head = _SPACES_RE.split(line, maxsplit=1)[0]
        if 6 <= len(head) <= _TITLE_MAX and not _SENTENCE_MARK_RE.search(head):
            return head
        break
    stem = Path(filename).stem if filename else ""
    return stem or (text.strip()[:20] + "…" if text.strip() else "")


def infer_branch(text: str) -> str:
    """The most frequent specific party-organization name in the text."""
    counts: Counter[str] = Counter()
    for m in _BRANCH.finditer(text[:20000]):
        name = _GENERIC_PREFIX.sub("", m.group(1))
        if len(name) >= 4 and not _GENERIC_BRANCH.match(name) and not _NOT_NAME.search(name):
            counts[name] += 1
    if not counts:
        return ""
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])))
    return best[0]


def infer_organization(text: str) -> str:
    """The parent organization: `隶属于…` if stated, else the most frequent institution name."""
    m = _BELONGS.search(text[:20000])
    if m:
        return m.group(1)
    names = (_GENERIC_PREFIX.sub("", x) for x in _ORG.findall(text[:20000]))
    counts = Counter(n for n in names if len(n) >= 4 and not _NOT_NAME.search(n))
    return counts.most_common(1)[0][0] if counts else ""


def infer_year(title: str, text: str) -> int | None:
    """`2023年度` in the title wins; else a year in the title; else the latest year in the text."""
    for source in (title, text[:20000]):
        years = [(int(y), bool(d)) for y, d in _YEAR.findall(source)]
        if not years:
            continue
        marked = [y for y, d in years if d]
        if marked:
            return marked[0]
        if source is title:
            return years[0][0]
        return max(y for y, _ in years)
    return None


def infer_kind(title: str, text: str) -> str:
    """Kind of report from title words (年度总结, 经验材料 …) and WeChat traces."""
    head = text[:3000]
    if "【" in title or "编者" in head or re.search(r"^来源[:：]", text, re.M):
        return "微信文章"
    if re.search(r"年度|总结|打谱", title):
        return "年度总结"
    if "品牌" in title:
        return "品牌创建"
    if re.search(r"经验|做法|先锋|五星|示范", title + head[:300]):
        return "经验材料"
    if "报告" in title or "情况" in title:
        return "工作报告"
    return "其他"


def read_sidecar(path: Path) -> dict[str, Metadata]:
    """filename -> Metadata from a CSV sidecar (lines starting with # are comments)."""
    if not path.exists():
        return {}
    lines = [
        ln for ln in path.read_text(encoding="utf-8-sig").splitlines() if not ln.startswith("#")
    ]
    out: dict[str, Metadata] = {}
    for row in csv.DictReader(lines):
        year = row.get("year") or ""
        out[row["filename"]] = Metadata(
            title=row.get("title", ""),
            branch=row.get("branch", ""),
            organization=row.get("organization", ""),
            year=int(year) if year.isdigit() else None,
            kind=row.get("kind", ""),
        )
    return out
