"""Where a report says who wrote it: the file name, the title, the signature block (落款), the opening.

Each place yields guesses (value, source, confidence), in the order an office trusts them: offices
name files `XX党支部2023年度党建工作总结.docx`; the title and the 落款 name the author; the subject of
the opening sentence usually does; the rest of the body names parents, partners and founding dates,
so it only gives weak candidates. Pure functions of the text and the file name.

A name found is an author only when its grammar allows (analysis.text.authorship): no verb inside
its proper part (`共选举产生支部委员会`, `压紧压实党委` are clause fragments), no leading count
(`两期党支部`), not only honour or class words (`五好党支部`, `两新组织党支部`), not followed by an
office word (`XX党委办公室` is a department); in the body it must stand where a subject stands
(after a clause break, not after a verb or preposition) and not be followed by a role word
(`党支部书记培训班` mentions the branch, it does not sign).

Where the places are: the header lines between the title and the first sentence (a byline, a
WeChat stamp, a 述职's `XX党支部书记 ×××`, whose post names the body) are not the opening; a 落款
line that is one run of name characters is one name even where a conjunction joins its parts
(`X和Y综合党委`). The opening sentence's subject is sure only when the body does not contest it
(another organization is the body's subject more often: the evidence is split, both wait in
待确认).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from analysis.text.authorship import (
    QUOTES,
    authorship_flaw,
    authorship_words,
    news_about,
    proper_part,
)
from analysis.text.orgnames import OrgName, find_names, prepare

SRC_SIDECAR, SRC_FILE, SRC_TITLE = "元数据表", "文件名", "标题"
SRC_SIGN, SRC_BODY, SRC_ROSTER = "落款", "正文", "名录"
CONFIDENCE = {SRC_SIDECAR: 1.0, SRC_FILE: 0.9, SRC_TITLE: 0.85, SRC_SIGN: 0.8, SRC_BODY: 0.6}
BODY_TAIL_CONFIDENCE = 0.4  # a name that is only frequent in the body
BODY_ONCE_CONFIDENCE = 0.3  # a name the body gives once, outside its opening

_WRAP_MIN = 16  # a line this long that ends mid-sentence was cut by a hard wrap (PDF text)
_SIGN_LINES = 8  # the 落款 is among the last lines
_SIGN_MAX = 40  # a 落款 line is short
_SIGN_TAIL = 6000  # the 落款 lines lie in the text's last characters
_BYLINE_LINES = 2  # a byline stands right under the title
_OPENING_CHARS = 240

# A date "2023年12月20日" / "二〇二三年十二月" / "2023-12-20" / "2023.12".
DATE = re.compile(
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*(?:年|[-./])\s*"
    r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月|[-./]|$)"
)
_DATE_FULL = re.compile(DATE.pattern + r"\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})?\s*日?")
# "来源：XX党支部" closing a WeChat article; "编者按" / "编\n者\n的\n话".
_SOURCE_LINE = re.compile(r"^\s*(?:来源|供稿|稿件来源|投稿)\s*[:：]\s*(.+)$")
# File-name debris: "01_", "（3）", a sample id "000_998eab85674eb478", "副本", "(1)".
_STEM_DEBRIS = re.compile(
    r"^\s*(?:[0-9]{1,4}[_\-\s.、]+|[（(][0-9]{1,3}[)）]\s*)|(?:^|_)[0-9a-f]{12,}$|[-_\s]*(?:副本|定稿|终稿)$"
    r"|\s*[（(][0-9]{1,2}[)）]\s*$"
)


@dataclass(frozen=True)
class Guess:
    """One guess of a field: its value, where it was found, how surely."""

    value: str | int
    source: str
    confidence: float


def file_stem(filename: str) -> str:
    """The file name as a title: folders, extension and numbering debris removed."""
    stem = PurePath(filename.replace("\\", "/")).name
    stem = re.sub(r"\.(txt|docx?|pdf|wps|xlsx?|csv)$", "", stem, flags=re.I)
    for _ in range(3):
        stem = _STEM_DEBRIS.sub("", stem)
    return stem.strip()


# A salutation line: a name and a colon alone ("市直机关工委：", "各位领导："). It names who the
# report is sent to (a superior), never its title or author.
_SALUTATION_RE = re.compile(r"^[^，,。；;：:！!？?\s]{2,30}[：:]$")


def is_salutation(line: str) -> bool:
    """Whether a line only addresses the report to someone ("市直机关工委：")."""
    return _SALUTATION_RE.match(line.strip()) is not None


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def signature_lines(text: str) -> list[str]:
    """The closing lines that sign a report: a name or a date alone on its line, or `来源：…`."""
    return list(_signature_lines(text))


@lru_cache(maxsize=4)
def _signature_lines(text: str) -> tuple[str, ...]:
    """signature_lines, kept for the few texts in hand: branch, unit and year all read them."""
    tail = text[-_SIGN_TAIL:]
    lines = _lines(tail if len(tail) == len(text) else tail.split("\n", 1)[-1])  # whole lines
    out = []
    for k in range(max(0, len(lines) - _SIGN_LINES), len(lines)):
        line = lines[k]
        source = _SOURCE_LINE.match(line)
        if source:
            out.append(source.group(1))
        elif k and _wrapped(prepare(lines[k - 1])):
            continue  # the tail of a hard-wrapped sentence ("…报\n青山镇党委"), not a 落款
        elif is_salutation(line):
            continue  # "市直机关工委：" addresses a short report, it does not sign it
        elif len(line) <= _SIGN_MAX and _is_signature(line):
            out.append(line)
    return tuple(out)


def bylines(text: str, titles: list[str]) -> list[str]:
    """The lines under the title that sign it, as an article's byline does (`东山镇西坡社区党委`
    alone on the line after the title): only names, a date, a little debris."""
    lines = _lines(text[:2000])
    first = next((k for k, ln in enumerate(lines) if ln not in titles), len(lines))
    out = []
    for k in range(first, min(len(lines), first + _BYLINE_LINES)):
        if k and lines[k - 1] not in titles and _wrapped(prepare(lines[k - 1])):
            break  # the tail of a hard-wrapped sentence, not a byline (a whole title is no wrap)
        if is_salutation(lines[k]):
            continue  # the addressee, not a byline
        if len(lines[k]) <= _SIGN_MAX and _is_signature(lines[k]):
            out.append(lines[k])
    return out


def _is_signature(line: str) -> bool:
    """A line that is only names and a date (a little debris allowed), not a heading."""
    rest = _DATE_FULL.sub("", prepare(line))
    names = {n.name for n in find_names(rest)} | set(signed_names(line))
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, "")
    rest = re.sub(r"[\s（）()《》、:：,，.。\-—]", "", rest)
    return len(rest) <= 3 and len(rest) < len(line)


# A conjunction that joins two parts of one name on a line the name has to itself
# (`XX非公有制经济组织和社会组织综合党委`); in running text it joins two names.
_CONJUNCTION_END = re.compile(r"[和与及暨]$")
_NAME_RUN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z*×]+")  # in prepared text (＊ made *)
_JOINED_PART = 3  # the part a conjunction joins holds at least this many characters


def signed_names(line: str) -> list[str]:
    """Party names a 落款 line signs whole: a chunk of the line (date and spaces aside) made only
    of name characters, ending in a party name that a conjunction cut off from a part of three
    characters or more, is one name (`高新区非公有制经济组织和社会组织综合党委`), when its grammar
    allows (a word such as `党员和` joins no name)."""
    out = []
    for chunk in _DATE_FULL.sub(" ", prepare(line)).split():
        ends = [n for n in find_names(chunk, party=True) if n.end == len(chunk)]
        if not ends or not _NAME_RUN.fullmatch(chunk):
            continue
        head = chunk[: min(n.start for n in ends)]
        joined = _CONJUNCTION_END.search(head) and len(head) > _JOINED_PART  # "高新区…组织和"
        if joined and not authorship_flaw(chunk):
            out.append(chunk)
    return out


# A mark that ends or splits a clause: a line holding one says something (a byline, a date or
# a heading line holds none).
_CLAUSE_MARK = re.compile(r"[，,。；;！!？?]")
_HEADER_LINES = 6  # the lines above the opening sentence: title, subtitle, byline, date
_TITLE_WRAP_LINES = 4  # a title a hard wrap cut fills at most this many lines


# An article's author-affiliation line names where the authors work, not who wrote the report:
# `（1.某公司党委党建部，某省 某市 330000；2.…）` (a postcode inside brackets) or `作者单位：…`.
# Its author line lists names with affiliation numbers: `王某某1，刘某某2`.
AFFILIATION_RE = re.compile(
    r"^[（(][^（）()]*\d{6}[^（）()]*[）)]$|^作者单位[：:]|^(?:[\u4e00-\u9fff某×*]{2,4}\d[，,、\s]*){1,6}$"
)
# A numbered affiliation a hard wrap (PDF text) cut over lines: `（1.某公司党委党建部，江西 某市 3`
# … `某市 330000）`: every line up to its closing bracket is header.
_AFFILIATION_OPEN = re.compile(r"^[（(]\d[.．、]")
_CLOSE_BRACKET = re.compile(r"[）)]")


def header_lines(text: str, titles: list[str]) -> list[str]:
    """The lines between the title and the first line that holds a clause: a byline, a date,
    an author (`原创 XX党建 2025-09-18 08:30`, `XX党委书记 ×××`); none when no line in the
    first few holds a clause (a page of headings only)."""
    lines = [ln for ln in _lines(text[:3000])[: _HEADER_LINES + len(titles)] if ln not in titles]
    inside = False  # within a wrapped affiliation
    for k, ln in enumerate(lines):
        if inside or (_AFFILIATION_OPEN.match(ln) and not _CLOSE_BRACKET.search(ln)):
            inside = not (inside and _CLOSE_BRACKET.search(ln))
            continue
        if _CLAUSE_MARK.search(ln) and not AFFILIATION_RE.match(ln):
            return lines[:k]
    return []


def _title_lines(lines: list[str], title: str) -> int:
    """How many first lines the title fills: 1, or more when a hard wrap cut it; 0 if none."""
    joined = ""
    for k, line in enumerate(lines[:_TITLE_WRAP_LINES]):
        joined += line
        if joined == title:
            return k + 1
        if not title or not title.startswith(joined):
            return 0
    return 0


def opening(text: str, title: str) -> str:
    """The first sentences of the body: after the title line and the header lines under it
    (byline, date, author), which say who and when, not what."""
    lines = _lines(text)
    lines = lines[_title_lines(lines, title) :]
    header = header_lines("\n".join(lines[:_HEADER_LINES]), [])
    lines = lines[len(header) :]
    body = "".join(ln for ln in lines if len(ln) > 12 or ln.endswith("。"))
    return body[:_OPENING_CHARS]


BELONGS = re.compile(r"隶属于?([^，。；,;：:\s]{2,40})")
_NAME_CHAR = re.compile(_NAME_RUN.pattern[:-1])
# A name that leads or receives, rather than writes: "在XX党委的坚强领导下", "隶属于XX党委".
_LEADER_AFTER = re.compile(r"^的?[^，。；,;]{0,4}?(领导|指导|部署|要求|号召|关心|支持|批准|批复)")
# ... or that a report is about: "关于对XX党支部的调研报告", "帮助XX党支部".
_LEADER_BEFORE = re.compile(r"(在|隶属于?|按照|根据|受|经|向|由|报送|上级|对|给|帮助|指导|督促)$")
# Where a subject may start: the text's start, a clause break, or a time phrase ("今年以来，").
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[\s，。；：、,.;:!！?？“”\"（）()【】《》—\-]|以来|今年|去年|年来|我们)$"
)
# A short clause that dates the sentence: "今年以来", "2023年", "一年来", "近期".
_TIME_WORD = re.compile(r"年|月|季度|以来|来|日|期间|前后|之际|近期|目前|当前|同时")
# A label before a colon that opens an article's first sentence: "编者按：", "导语：".
_LABEL = re.compile(r"^(?:编者按|编者的话|编者|按语|导语|引言|前言)$")
# A clause opened by a preposition is a setting, not a statement: "按照XX党委统一部署，".
_PREPOSITIONS = (
    "在", "按照", "根据", "依照", "遵照", "依据", "对照", "为了", "随着", "截至", "截止",
)  # fmt: skip
# A secretary's own 述职 names the organization through the person: "东城区委书记…述职报告".
_SECRETARY = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff*＊×])|(?<=年度)|(?<=年))"
    r"((?![年度])[\u4e00-\u9fff*＊×]{2,10}?(?:省|市|县|区|旗|州|盟|镇|乡))(党?委|党?工委)副?书记"
)


def _quoted(plain: str, at: int) -> bool:
    """Whether position `at` lies inside quotation marks on its line (a brand or a slogan)."""
    line = plain[plain.rfind("\n", 0, at) + 1 : at]
    return line.count("“") > line.count("”") or line.count('"') % 2 == 1


def _role_follows(after: str) -> bool:
    """Whether a role, meeting or duty word follows a name (`党支部书记`, `党委主体责任`)."""
    return after.startswith(authorship_words().get("职务", ())) or bool(_LEADER_AFTER.match(after))


def _office_follows(after: str) -> bool:
    """Whether an office word follows a name (`XX党委办公室`, `XX党委宣传部`): the name is a
    department's, which credits or relays a report, not the body that writes it."""
    return after.startswith(authorship_words().get("部门", ()))


def _is_subject(plain: str, n: OrgName) -> bool:
    """Whether a name found in body text stands where the subject of a clause stands."""
    before = plain[max(0, n.start - 4) : n.start]
    if before.endswith("\n") and _wrapped(plain[: n.start - 1]):
        return False  # a hard wrap cut the sentence here ("…新\n建两新组织党支部")
    return bool(_SUBJECT_BEFORE.search(before)) and not _role_follows(plain[n.end : n.end + 12])


def _wrapped(before: str) -> bool:
    """Whether the line ending `before` was cut by a hard wrap: long, and ends mid-sentence."""
    line = before.rsplit("\n", 1)[-1].strip()
    return len(line) >= _WRAP_MIN and bool(_NAME_CHAR.match(line[-1:]))


def _authors(text: str, party: bool, subjects_only: bool = False) -> list[str]:
    """Names in a text that may sign a report: grammar allows them (authorship_flaw), no leader
    or receiver context; `subjects_only` (body text) keeps those in a subject's place. A name
    that a longer one goes on (`中共X委员会` in `中共X委员会机关党支部`) is its parent: left out."""
    plain = prepare(text)
    out = []
    names = find_names(text, party=party)
    longest = {n.start: n.end for n in sorted(names, key=lambda n: n.end)}  # the longest at a start
    for n in names:
        if longest[n.start] > n.end:
            continue
        if authorship_flaw(n.name) or _LEADER_BEFORE.search(plain[max(0, n.start - 4) : n.start]):
            continue
        if _quoted(plain, n.start):  # “清廉医院” is a brand, not a hospital
            continue
        after = plain[n.end : n.end + 12]
        if _LEADER_AFTER.match(after) or _office_follows(after):
            continue
        if subjects_only and not _is_subject(plain, n):
            continue
        out.append(n.name)
    return out


def party_names(text: str, authors_only: bool = False) -> list[str]:
    """Party-organization names in a text; `authors_only` keeps those that may sign it."""
    if authors_only:
        return _authors(text, party=True)
    return [n.name for n in find_names(text, party=True)]


def _is_lead_in(clause: str) -> bool:
    """A clause that may come before the first sentence's subject: a time or setting phrase
    (`今年以来`, `2023年`, `在镇党委的坚强领导下`, `按照XX党委统一部署`) or a label (`编者按`),
    never a statement."""
    clause = QUOTES.sub("", clause)
    if _LABEL.match(clause):
        return True
    return bool(len(clause) <= 8 and _TIME_WORD.search(clause)) or clause.startswith(_PREPOSITIONS)


def first_subject(first: str) -> str:
    """The party organization that is the subject of the opening sentence ('' when none is):
    it starts the sentence, or follows only lead-in clauses (`今年以来，XX党支部坚持…`)."""
    plain = prepare(first)
    sentence_end = min(
        (k for k in (plain.find("。"), plain.find("；")) if k >= 0), default=len(plain)
    )
    names = set(_authors(first, party=True, subjects_only=True))
    for n in find_names(first, party=True):
        if n.start > sentence_end:
            break
        clauses = re.split(r"[，,：:]", plain[: n.start])[:-1]
        if n.name in names and all(_is_lead_in(c) for c in clauses):
            return n.name
        if clauses and not all(_is_lead_in(c) for c in clauses):
            break
    return ""


def unit_names(text: str, subjects_only: bool = False) -> list[str]:
    """Unit names in a text that may sign it (same grammar as branches: `组织集中学习` is no
    school); `subjects_only` keeps those in a subject's place (`，XX公司坚持…`), not objects of a
    verb (`走访社区医院`)."""
    return _authors(text, party=False, subjects_only=subjects_only)


def secretary_organizations(title: str) -> list[str]:
    """The organization a 述职 title names through its secretary (`东城区委书记…述职报告` →
    `东城区委`); only in a 述职 title, the one place where the person stands for the body."""
    if "述职" not in title:
        return []
    out = []
    for m in _SECRETARY.finditer(prepare(title)):
        name = m.group(1) + m.group(2)
        if len(proper_part(m.group(1))) >= 2 and not authorship_flaw(m.group(1)):
            out.append(name)
    return out


# "本人作为XX镇党委书记，…": the speaker of a 述职 names the body through the post.
_SELF_POST = re.compile(r"(?:我|本人)(?:作为|是|担任)(.{2,30}?)副?书记")
# A 述职's byline names the speaker by the post: "XX分行党委书记 ×××", "XX村党支部书记、主任".
_POST_LINE = re.compile(r"^(.{2,30}?)副?书记")


def _post_holder(post: str) -> list[str]:
    """The body whose secretary a post names (`东山镇党委书记` → `东山镇党委`)."""
    post = post + "书记"
    names = [
        n for n in _authors(post, party=True) if post.startswith(n) or post.endswith(n + "书记")
    ]
    return names or secretary_organizations(post + "述职")


def self_named(first: str) -> list[str]:
    """The body a 述职's speaker heads, named in the opening sentence through the post
    (`本人作为东山镇党委书记` → `东山镇党委`; `我作为河西区委书记` → `河西区委`)."""
    plain = prepare(first)
    end = plain.find("。")
    m = _SELF_POST.search(plain[: end if end >= 0 else len(plain)])
    return _post_holder(m.group(1)) if m else []


_SPOKEN = re.compile(r"述职|讲话\s*$")  # a 述职, or a speech's title or subtitle


def post_bylines(text: str, titles: list[str]) -> list[str]:
    """The body a 述职's byline names through its speaker's post (`杨柳湾村党支部书记、村委会主任
    ×××` under the title → `杨柳湾村党支部`); only in a 述职 or a speech (`…会议上的讲话`), where
    the person speaks for the body."""
    if not any(_SPOKEN.search(t) for t in titles):
        return []
    out = []
    for line in header_lines(text, titles)[:_BYLINE_LINES]:
        m = _POST_LINE.match(prepare(line))
        out.extend(_post_holder(m.group(1)) if m and len(line) <= _SIGN_MAX else [])
    return out


# A 述职's speaker field, anywhere on a page whose lines ran together: "述职人：XX村党支部书记 ×××".
_REPORTER_FIELD = re.compile(r"述职人[：:]\s*([^。；;\n]{2,60})")


def reporter_posts(text: str) -> list[str]:
    """The bodies a 述职人 field names through its speaker's secretary posts (`述职人：集团党委委员，
    某公司党委书记、董事长 ×××` → `某公司党委`): the person speaks for the body they head."""
    out = []
    for field in _REPORTER_FIELD.finditer(prepare(text)):
        for part in re.split(r"[，,、]", field.group(1)):
            m = _POST_LINE.match(part.strip())
            out.extend(_post_holder(m.group(1)) if m else [])
    return out


def _signers(text: str, titles: list[str]) -> list[str]:
    """Names that sign a report: a 述职's byline post, bylines and the 落款 (a line's whole name
    first, `X和Y综合党委`, then the names in it)."""
    out = list(post_bylines(text, titles)) + reporter_posts(text)
    for place in [*bylines(text, titles), *signature_lines(text)]:
        out += signed_names(place) + _authors(place, party=True)
    return out


def _contested(lead: str, counts: Counter[str]) -> bool:
    """Whether the body gives another organization (not `lead` written more or less fully) as a
    subject at least twice and more often than the opening's subject: the evidence is split
    (`**公司党委…牵头成立楼宇综合党委` with the committee as the body's subject), so neither is
    sure."""
    return any(
        n >= 2 and n > counts[lead] and not (name.endswith(lead) or lead.endswith(name))
        for name, n in counts.items()
    )


def branch_guesses(text: str, stem: str, titles: list[str]) -> list[Guess]:
    """Party-organization names in trust order: file name, title, 落款 (and a 述职's byline),
    the opening's subject (unsure when the body contests it), then names the body gives as
    subjects (weak: parents and partners are named so too)."""
    out: list[Guess] = []
    for source, places in ((SRC_FILE, [stem]), (SRC_TITLE, titles)):
        for place in places:
            conf = CONFIDENCE[source]
            out.extend(Guess(n, source, conf) for n in _authors(place, party=True))
            out.extend(Guess(n, source, conf) for n in secretary_organizations(place))
    out.extend(Guess(n, SRC_SIGN, CONFIDENCE[SRC_SIGN]) for n in _signers(text, titles))
    first = opening(text, titles[0] if titles else "")
    counts = Counter(_authors(text[:20000], party=True, subjects_only=True))
    lead = first_subject(first)
    if lead:
        sure = not _contested(lead, counts) and not news_about(text)
        out.append(Guess(lead, SRC_BODY, CONFIDENCE[SRC_BODY] if sure else BODY_TAIL_CONFIDENCE))
    if any("述职" in t for t in titles):
        out.extend(Guess(n, SRC_BODY, CONFIDENCE[SRC_BODY]) for n in self_named(first))
    for name, n in counts.most_common(3):
        out.append(Guess(name, SRC_BODY, BODY_TAIL_CONFIDENCE if n >= 2 else BODY_ONCE_CONFIDENCE))
    return dedupe_guesses(_fullest(out))


def _fullest(guesses: list[Guess]) -> list[Guess]:
    """Each sure guess in its fullest written form: a title cut to `供电所党支部` takes the
    opening's `城东供电所党支部` (same organization, more of its name), keeping its own trust."""
    sure = [g for g in guesses if g.confidence >= CONFIDENCE[SRC_BODY]]
    out = []
    for g in guesses:
        longer = [
            h.value
            for h in sure
            if isinstance(h.value, str)
            and isinstance(g.value, str)
            and len(h.value) > len(g.value)
            and h.value.endswith(g.value)
        ]
        upgrade = longer and g.confidence >= CONFIDENCE[SRC_BODY]
        out.append(Guess(max(longer, key=len), g.source, g.confidence) if upgrade else g)
    return out


def dedupe_guesses(guesses: list[Guess]) -> list[Guess]:
    """The guesses without repeats of a value, the first (most trusted) kept."""
    seen: set[str | int] = set()
    out = []
    for g in guesses:
        if g.value not in seen:
            seen.add(g.value)
            out.append(g)
    return out
