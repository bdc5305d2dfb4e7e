"""A deterministic corpus generator: N realistic reports recombined from the five sample reports.

Each report keeps the genre's shape (title, opening paragraph, `一、` sections with `（一）` items or
`一是` enumerations, WeChat-style rhyming headings with photo captions) and the samples' noise
(redactions, `##paid…##` debris, half-width punctuation), with varied branch names, organizations,
years, numbers and lengths. Report `i` of seed `s` is the same whatever N is asked for.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.core.models import Extracted
from analysis.core.resources import DATA_DIR
from analysis.store.database import CorpusStore, new_record

SAMPLES_DIR = DATA_DIR / "samples"
YEARS = tuple(range(2018, 2025))

# A top-level heading: Chinese numeral + 、 at line start, e.g. "二、主要做法".
_TOP_RE = re.compile(r"^[一二三四五六七八九十]{1,3}、")
# A second-level item marker, e.g. "（三）抓好三个带头".
_ITEM_RE = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
# An inline enumeration item at line start, e.g. "二是集体学习促提升。".
_ENUM_RE = re.compile(r"^[一二三四五六七八九十]是")
# A WeChat rhyming heading: a short line ending in a comma, e.g. "支部建设齐步走,".
_RHYME_RE = re.compile(r"^[^，,。；]{3,12}[,，]$")
# A number to vary: digits with an optional decimal part, e.g. "22", "96.5", "2020".
_NUM_RE = re.compile(r"\d+(?:\.\d+)?")

# Sample branch / organization names (longest first) replaced by the generated ones.
_BRANCH_NAMES = (
    "后勤集团*公司支部",
    "会堂礼宾服务党支部",
    "兴城投资党支部",
    "**楼宇综合党委",
    "×××××公司党委",
    "*公司支部",
    "*党支部",
)
_ORG_NAMES = ("大兴城建开发集团", "大兴城建集团", "×××××公司", "后勤集团")

_REGIONS = (
    "东城",
    "西城",
    "高新",
    "滨江",
    "临港",
    "南湖",
    "北辰",
    "经开",
    "城南",
    "新区",
    "江北",
    "河西",
)
_ORGS = (
    "城建投资集团",
    "交通发展集团",
    "供电公司",
    "水务集团",
    "人民医院",
    "中医院",
    "第一中学",
    "职业技术学院",
    "机关事务管理局",
    "市场监督管理局",
    "税务局",
    "街道办事处",
    "农商银行",
    "文旅集团",
    "国有资产运营公司",
    "物业管理有限公司",
    "燃气有限公司",
    "粮食储备公司",
    "科技园发展有限公司",
    "公共交通有限公司",
)
_DEPTS = (
    "综合办公室",
    "财务资产部",
    "项目建设部",
    "后勤服务",
    "运营管理部",
    "第一",
    "第二",
    "机关第三",
    "门诊",
    "内科",
    "教务处",
    "客户服务中心",
    "安全生产部",
    "工程技术部",
    "市场营销部",
    "离退休",
    "社区",
    "物业服务中心",
    "调度中心",
    "信息中心",
)
_SUFFIXES = ("党支部",) * 7 + ("党总支",) * 2 + ("党委",)
_BRANDS = (
    "红色管家",
    "红领讲堂",
    "先锋引航",
    "党建+服务",
    "初心驿站",
    "红心向党",
    "匠心先锋",
    "连心桥",
)
_FORMULAS = (
    "三步走",
    "一二三四五",
    "三个先锋模范",
    "五个融合",
    "六有",
    "四抓四强",
    "双报到",
    "1+N",
)
_PRACTICE_HEADS = ("主要做法", "具体举措", "经验做法", "主要措施", "工作举措")
_RESULT_HEADS = ("工作成效", "实施效果", "工作效果", "取得成效")
_CAPTIONS_EXTRA = (
    "支部召开专题组织生活会",
    "党员志愿者服务现场",
    "主题党日活动合影",
    "支部书记讲党课",
)
# Problem and plan paragraphs: the samples have none, so a few in the genre's wording.
_PROBLEMS = (
    "一是理论学习的深度还不够，个别党员满足于读原文、记笔记，学用结合不够紧密。",
    "二是党建与业务融合的方式方法还不够多，部分党员发挥先锋模范作用不够明显。",
    "三是支部品牌建设的特色还不够鲜明，宣传展示的载体和平台还需进一步拓展。",
    "四是党员教育管理的精细化水平有待提升，积分制考核的结果运用还不够充分。",
)
_PLANS = (
    "一是持续加强政治理论学习，落实“第一议题”制度，用好“学习强国”等平台，推动学习教育常态化。",
    "二是深化党建与业务融合，坚持同部署、同落实、同考核，把党建优势转化为发展优势。",
    "三是擦亮支部党建品牌，总结提炼工作法，打造一批党员先锋岗和示范岗。",
    "四是从严加强党员教育管理，严格落实“三会一课”、组织生活会、民主评议党员等制度。",
    "五是加强作风建设和廉政建设，开展警示教育，筑牢拒腐防变的思想防线。",
)
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class GeneratedReport:
    """One generated report: the file name, its text and the metadata it was generated with."""

    filename: str
    text: str
    meta: dict = field(compare=False)


@dataclass(frozen=True)
class Section:
    """A sample section: heading (marker stripped), kind, lead paragraphs and items (lists of lines).

    `style` says how its items are marked: "marked" (`（一）…`), "enum" (`一是…`) or "plain".
    """

    heading: str
    kind: str
    lead: tuple[str, ...]
    items: tuple[tuple[str, ...], ...]
    style: str


@dataclass(frozen=True)
class Pools:
    """Material parsed from the samples, grouped by role."""

    titles: tuple[str, ...]
    intros: tuple[str, ...]
    sections: tuple[Section, ...]
    captions: tuple[str, ...]
    rhymes: tuple[tuple[str, str], ...]

    def items(self, kind: str, styles: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Every item of sections of this kind written in one of these styles."""
        return [it for s in self.sections if s.kind == kind and s.style in styles for it in s.items]

    def leads(self, kind: str) -> list[str]:
        return [ln for s in self.sections if s.kind == kind for ln in s.lead]


def _section_kind(heading: str) -> str:
    """Section kind from its heading words (a small copy of the genre's vocabulary)."""
    if "背景" in heading:
        return "background"
    if any(w in heading for w in ("效果", "成效", "成果")):
        return "result"
    return "practice"


def _make_section(heading: str, lines: list[str], rhyme: bool) -> Section:
    """Split a section body into lead paragraphs and items, by the way its items are marked."""
    kind = _section_kind(heading)
    if rhyme:
        return Section(heading, kind, (), tuple((ln,) for ln in lines), "plain")
    if any(_ITEM_RE.match(ln) for ln in lines):
        lead: list[str] = []
        items: list[list[str]] = []
        for ln in lines:
            if _ITEM_RE.match(ln):
                items.append([ln])
            elif items:
                items[-1].append(ln)
            else:
                lead.append(ln)
        return Section(heading, kind, tuple(lead), tuple(tuple(it) for it in items), "marked")
    if any(_ENUM_RE.match(ln) for ln in lines):
        enum = tuple((ln,) for ln in lines if _ENUM_RE.match(ln))
        lead = tuple(ln for ln in lines if not _ENUM_RE.match(ln))
        return Section(heading, kind, lead, enum, "enum")
    return Section(heading, kind, (), tuple((ln,) for ln in lines), "plain")


def parse_sample(text: str, title: str) -> tuple[list[str], list[Section], list[str], list]:
    """(intro paragraphs, sections, captions, rhyming heading pairs) of one sample report."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and "##" not in ln.strip()[:2]]
    if lines and lines[0] == title.strip():
        lines = lines[1:]
    intros: list[str] = []
    sections: list[tuple[str, list[str], bool]] = []
    captions: list[str] = []
    rhymes: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if _TOP_RE.match(ln):
            sections.append((_TOP_RE.sub("", ln), [], False))
        elif _RHYME_RE.match(ln) and i + 1 < len(lines):
            rhymes.append((ln, lines[i + 1]))
            sections.append((ln, [], True))
            i += 1
        elif len(ln) < 30 and not ln.endswith(("。", "；", "”")) and not _ITEM_RE.match(ln):
            captions.append(ln)  # WeChat photo captions, 来源 lines, vertical text
        elif sections:
            sections[-1][1].append(ln)
        elif len(ln) >= 40:
            intros.append(ln)
        i += 1
    parsed = [_make_section(h, body, rhyme) for h, body, rhyme in sections]
    keep_caps = [c for c in captions if len(c) > 3 and not c.startswith("来源")]
    return intros, [s for s in parsed if s.items], keep_caps, rhymes


@lru_cache(maxsize=2)
def load_pools(samples_dir: Path = SAMPLES_DIR) -> Pools:
    """Parse the sample reports once into pools of titles, intros, sections, captions."""
    titles: dict[str, str] = {}
    meta_path = samples_dir / "metadata.csv"
    if meta_path.exists():
        rows = [
            ln for ln in meta_path.read_text("utf-8-sig").splitlines() if not ln.startswith("#")
        ]
        titles = {r["filename"]: r.get("title", "") for r in csv.DictReader(rows)}
    intros, sections, captions, rhymes = [], [], [], []
    for path in sorted(samples_dir.glob("*.txt")):
        a, b, c, d = parse_sample(path.read_text("utf-8"), titles.get(path.name, ""))
        intros += a
        sections += b
        captions += c
        rhymes += d
    return Pools(
        titles=tuple(titles.values()),
        intros=tuple(intros),
        sections=tuple(sections),
        captions=tuple(captions) + _CAPTIONS_EXTRA,
        rhymes=tuple(rhymes),
    )


def _vary_number(m: re.Match, text: str, rng: random.Random, year: int, redact: float) -> str:
    """A new plausible value for one number; dates, months and formula digits are kept or shifted."""
    raw, after = m.group(0), text[m.end() : m.end() + 2]
    before = text[m.start() - 1 : m.start()] if m.start() else ""
    if before.isascii() and before.isalpha() or after[:1] in ("+", "＋", "月", "日", "周", "届"):
        return raw
    value = float(raw)
    if after[:1] == "年" and len(raw) == 4 and 1900 < value < 2100:
        return str(min(year, int(value) + year - 2022))
    if rng.random() < redact:
        return "*"
    new = value * rng.uniform(0.5, 2.0)
    if after[:1] in ("%", "％"):
        new = min(new, 99.9 if "." in raw else 100)
    return f"{new:.1f}" if "." in raw else str(max(1, round(new)))


def _localize(text: str, rng: random.Random, names: dict[str, str], redact: float) -> str:
    """Replace the sample's branch/organization names and vary its numbers."""
    for old in _BRANCH_NAMES:
        text = text.replace(old, names["branch"])
    for old in _ORG_NAMES:
        text = text.replace(old, names["organization"])
    year = int(names["year"])
    return _NUM_RE.sub(lambda m: _vary_number(m, text, rng, year, redact), text)


def _names(rng: random.Random) -> dict[str, str]:
    """A branch, its organization and a report year; some reports are redacted (`**党支部`)."""
    org = rng.choice(_REGIONS) + rng.choice(_ORGS)
    branch = rng.choice(_DEPTS) + rng.choice(_SUFFIXES)
    if rng.random() < 0.12:
        org, branch = "**" + org[-4:], "**" + branch[-3:]
    return {"branch": branch, "organization": org, "year": str(rng.choice(YEARS))}


def _title(rng: random.Random, kind: str, names: dict[str, str]) -> str:
    """A title in one of the genre's patterns for this kind of report."""
    b, o, y = names["branch"], names["organization"], names["year"]
    f, brand = rng.choice(_FORMULAS), rng.choice(_BRANDS)
    options = {
        "年度总结": [f"{o}{b}{y}年度党建工作总结", f"{y}年度党建工作情况及{int(y) + 1}年工作打谱"],
        "经验材料": [f"“{f}”工作法创建先锋支部经验材料", f"争做“三个先锋模范”创建先锋{b}"],
        "品牌创建": [f"{b}“{brand}”党建品牌创建工作情况报告"],
        "工作报告": [f"{o}{b}党建工作情况报告", f"{b}党建与业务融合工作情况报告"],
        "微信文章": [f"【党旗飘飘】{o}{b}:“{f}”深化党建与业务融合"],
    }[kind]
    return rng.choice(options)


def _target_length(rng: random.Random) -> int:
    """Report length in characters: log-normal around the samples' ~2,500, from 800 to 15,000."""
    return int(min(15000, max(800, rng.lognormvariate(7.9, 0.55))))


def _renumber(item: tuple[str, ...], no: int) -> list[str]:
    """An item's lines with its `（一）` or `一是` marker set to position `no`."""
    lines = list(item)
    if _ITEM_RE.match(lines[0]):
        lines[0] = f"（{_NUMERALS[no]}）" + _ITEM_RE.sub("", lines[0])
    elif _ENUM_RE.match(lines[0]):
        lines[0] = f"{_NUMERALS[no]}是" + _ENUM_RE.sub("", lines[0])
    return lines


def _section_body(
    rng: random.Random, pools: Pools, kind: str, budget: float, names: dict, redact: float
) -> list[str]:
    """A lead paragraph (sometimes) and items of one style until the length budget is spent.

    Practice items may repeat (with new numbers) in very long reports; other kinds never repeat.
    """
    style = rng.choice(("marked", "marked", "enum")) if kind == "practice" else "marked"
    pool = pools.items(kind, (style,)) or pools.items(kind, ("marked", "enum", "plain"))
    pool = rng.sample(pool, len(pool))
    leads = pools.leads(kind)
    out = [_localize(rng.choice(leads), rng, names, redact)] if leads and rng.random() < 0.4 else []
    used, no = 0, 0
    limit = len(_NUMERALS) if kind == "practice" else len(pool)
    while no < min(limit, len(_NUMERALS)) and (used < budget or no < 2):
        text = "\n".join(
            _localize(ln, rng, names, redact) for ln in _renumber(pool[no % len(pool)], no)
        )
        out.append(text)
        used += len(text)
        no += 1
    return out


def _numbered(rng: random.Random, pools: Pools, names: dict, target: int, redact: float) -> list:
    """Body lines of an official-style report: `一、` sections with `（一）` or `一是` items."""
    out = [_localize(rng.choice(pools.intros), rng, names, redact)]
    plan: list[tuple[str, str, float]] = []
    if rng.random() < 0.35:
        plan.append(("背景情况", "background", 0.1))
    plan.append((rng.choice(_PRACTICE_HEADS), "practice", 0.65))
    if rng.random() < 0.75:
        plan.append((rng.choice(_RESULT_HEADS), "result", 0.2))
    for no, (heading, kind, share) in enumerate(plan):
        out.append(f"{_NUMERALS[no]}、{heading}")
        out += _section_body(rng, pools, kind, target * share, names, redact)
    no = len(plan)
    if rng.random() < 0.4:
        out += [f"{_NUMERALS[no]}、存在问题", "".join(rng.sample(_PROBLEMS, rng.randint(2, 4)))]
        no += 1
    if rng.random() < 0.5:
        out += [f"{_NUMERALS[no]}、下一步打算", "\n".join(_PLANS[: rng.randint(3, 5)])]
    return out


def _wechat(rng: random.Random, pools: Pools, names: dict, target: int, redact: float) -> list:
    """Body lines of a WeChat article: editor's note, rhyming headings, captions, 来源 line."""
    out = ["编\n者\n的\n话"] if rng.random() < 0.5 else []
    out.append(_localize(rng.choice(pools.intros), rng, names, redact))
    items = pools.items("practice", ("plain", "marked"))
    items = rng.sample(items, len(items))
    rhymes = rng.sample(pools.rhymes, len(pools.rhymes)) if pools.rhymes else [("工作走在前,", "")]
    per = max(1, round(target * 0.9 / 330 / len(rhymes)))
    k = 0
    for head, sub in rhymes:
        out += [head, sub] if sub else [head]
        for _ in range(per):
            line = _ITEM_RE.sub("", max(items[k % len(items)], key=len))
            out.append(_localize(line, rng, names, redact))
            k += 1
            if rng.random() < 0.5:
                out.append(rng.choice(pools.captions))
    out.append(f"来源:{names['organization']}{names['branch']}")
    return out


def _noise(text: str, rng: random.Random) -> str:
    """Occasional scraping debris and half-width commas, as in the samples."""
    if rng.random() < 0.08 and len(text) > 200:
        cut = rng.randrange(50, len(text) - 50)
        text = text[:cut] + "##paidbegin##" + text[cut:] + "\n##paidend##"
    if rng.random() < 0.15:
        text = text.replace("，", ",")
    return text


def generate_report(i: int, seed: int = 0, pools: Pools | None = None) -> GeneratedReport:
    """Report number `i` of the corpus with this seed (independent of how many are generated)."""
    pools = pools or load_pools()
    rng = random.Random(f"bench:{seed}:{i}")
    names = _names(rng)
    kind = rng.choices(
        ("经验材料", "年度总结", "工作报告", "品牌创建", "微信文章"), (30, 25, 20, 10, 15)
    )[0]
    title = _title(rng, kind, names)
    target = _target_length(rng)
    redact = 0.15 if names["branch"].startswith("**") else 0.03
    build = _wechat if kind == "微信文章" else _numbered
    body = build(rng, pools, names, target, redact)
    text = _noise("\n".join([title, *body]) + "\n", rng)
    meta = {
        "title": title,
        "branch": names["branch"],
        "organization": names["organization"],
        "year": int(names["year"]),
        "kind": kind,
    }
    return GeneratedReport(f"gen_{seed}_{i:05d}.txt", text, meta)


def generate_corpus(n: int, seed: int = 0, start: int = 0) -> list[GeneratedReport]:
    """Reports `start` … `start + n - 1` of this seed."""
    return list(iter_corpus(n, seed, start))


def iter_corpus(n: int, seed: int = 0, start: int = 0) -> Iterator[GeneratedReport]:
    """The same reports one at a time: 100,000 of them never sit in memory together."""
    pools = load_pools()
    return (generate_report(i, seed, pools) for i in range(start, start + n))


def fill_store(store: CorpusStore, reports: Iterable[GeneratedReport], batch: int = 500) -> int:
    """Add generated reports to a store (`batch` to a transaction: a commit per report made
    10,000 take minutes); returns how many were new."""
    added, part = 0, []
    for r in reports:
        part.append(r)
        if len(part) >= batch:
            added += _add_all(store, part)
            part = []
    return added + _add_all(store, part)


def _add_all(store: CorpusStore, reports: Sequence[GeneratedReport]) -> int:
    """Insert reports in one transaction, as `store.add` inserts one; returns how many were new."""
    with store._tx() as con:
        results = [
            store.insert_in(con, new_record(r.filename, Extracted(r.text, "txt", "utf-8"), r.meta))
            for r in reports
        ]
    return sum(res.status == "added" for res in results)


def write_files(reports: Iterable[GeneratedReport], directory: Path) -> Path:
    """Write reports as UTF-8 .txt files plus a metadata.csv sidecar; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["filename", "branch", "organization", "year", "kind", "title"])
    for r in reports:
        (directory / r.filename).write_text(r.text, encoding="utf-8")
        m = r.meta
        writer.writerow(
            [r.filename, m["branch"], m["organization"], m["year"], m["kind"], m["title"]]
        )
    (directory / "metadata.csv").write_text(buf.getvalue(), encoding="utf-8")
    return directory
