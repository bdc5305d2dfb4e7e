"""PostgreSQL connection strings made safe to show: no form of the password ever leaves here.

A connection string is never echoed as given. What is shown (in messages, logs, and as the cache
key) is rebuilt from the parts that are not secret. A string that cannot be split the way libpq
splits it (an unencoded "@" or "/" in the password, an "@" in the query) shows only what follows
its last "@", with every stretch of three or more characters shared with any spelling of any
possible password removed. Driver errors are never echoed either (libpq quotes the string, or
pieces of it, in its messages): they are classified into a Chinese reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard
from urllib.parse import quote, unquote

from analysis.core.models import AnalysisError

PG_SCHEMES = ("postgresql://", "postgres://")
MASK = "***"
MAX_URL_CHARS = 4096  # longer strings are not parsed at all (scrubbing is quadratic in length)
MIN_SHARED = 3  # in an ambiguous string, runs this long shared with a password are removed

# The split libpq makes: credentials up to the first "@" (no "/" before it), the password after
# the user's first ":", hosts up to "/" or "?", the database up to "?"; "@" nowhere else.
_LIBPQ_SPLIT = re.compile(
    r"(?P<scheme>postgres(?:ql)?)://"
    r"(?:(?P<user>[^:@/]*)(?::(?P<password>[^@/]*))?@)?"
    r"(?P<hosts>[^@/?]*)"
    r"(?:/(?P<dbname>[^@?]*))?"
    r"(?:\?(?P<query>[^@]*))?",
    re.DOTALL,
)
_HOST_SPEC = re.compile(r"(\[[^\]]*\]?|[^:\[\]]*)(:\d*)?")  # host[:port]; [v6]:port
_SECRET_PARAM = re.compile(r"pass|secret|key|token", re.IGNORECASE)
_QUERY_SECRET = re.compile(r"[?&]([^=&?]*)=([^&]*)")
_URL_LIKE = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.\-]+:/")  # "C:/x" (one letter) is a path
_KEYWORD_PASSWORD = re.compile(r"password\s*=", re.IGNORECASE)

ENCODING_HINT = "连接串中的特殊字符（如密码里的 @ / : % ? # 和空格）需要百分号编码，例如 @ 写作 %40、/ 写作 %2F。"


@dataclass(frozen=True)
class Redacted:
    """A connection string as it may be shown, and whether it could be parsed as libpq does."""

    shown: str
    ambiguous: bool


def is_url(location: object) -> TypeGuard[str]:
    """True for a PostgreSQL connection string (postgresql:// or postgres://)."""
    return isinstance(location, str) and location.startswith(PG_SCHEMES)


def looks_like_connection_string(location: str) -> bool:
    """True for anything that is not a plain path: another URL scheme, a mistyped postgres URL
    ("PostgreSQL://", "postgresql+psycopg://", " postgresql://"), or a libpq keyword string
    with a password. Such a location is refused without being echoed (it may hold a password)."""
    return bool(_URL_LIKE.match(location) or _KEYWORD_PASSWORD.search(location))


def redact(url: str) -> Redacted:
    """The connection string without any form of its password (see the module docstring)."""
    scheme = "postgres" if url.startswith("postgres://") else "postgresql"
    if len(url) > MAX_URL_CHARS:
        return Redacted(f"{scheme}://{MASK}", ambiguous=True)
    m = _LIBPQ_SPLIT.fullmatch(url)
    if m is None or not all(_HOST_SPEC.fullmatch(h) for h in m["hosts"].split(",")):
        return Redacted(_ambiguous_form(url, scheme), ambiguous=True)
    secrets = [m["password"] or "", *_query_secrets(url)]
    user = f"{m['user']}@" if m["user"] else ""
    dbname = f"/{m['dbname']}" if m["dbname"] is not None else ""
    query = _without_secret_params(f"?{m['query']}") if m["query"] is not None else ""
    tail = scrub(f"{user}{m['hosts']}{dbname}{query}", secrets, min_shared=None)
    return Redacted(f"{scheme}://{tail}", ambiguous=False)


def _ambiguous_form(url: str, scheme: str) -> str:
    """Only what follows the last "@" (credentials hidden whole), scrubbed of every run it
    shares with any reading of the password."""
    rest = url.split("://", 1)[1] if "://" in url else url
    creds, at, tail = rest.rpartition("@")
    if not at:  # no "@": the password (if any) has no known place, so nothing is shown
        return f"{scheme}://{MASK}"
    secrets = [creds, creds.partition(":")[2], *_query_secrets(url)]
    shown = scrub(_without_secret_params(tail), secrets, min_shared=MIN_SHARED)
    return f"{scheme}://{MASK}@{shown}"


def _query_secrets(url: str) -> list[str]:
    """Values of query parameters that carry secrets (password=, sslpassword=, …)."""
    return [v for k, v in _QUERY_SECRET.findall(url) if _SECRET_PARAM.search(unquote(k))]


def _without_secret_params(text: str) -> str:
    """`text` with its query's secret parameters dropped (a bare "?" or "&" left is trimmed)."""
    base, q, query = text.partition("?")
    if not q:
        return text
    kept = [p for p in query.split("&") if p and not _SECRET_PARAM.search(unquote(p.split("=")[0]))]
    return f"{base}?{'&'.join(kept)}" if kept else base


def spellings(secret: str) -> set[str]:
    """The ways a password may be written: as given, percent-decoded, percent-encoded."""
    forms = {secret, unquote(secret), quote(secret, safe=""), quote(unquote(secret), safe="")}
    forms |= {f.lower() for f in forms if "%" in f}  # %2f as well as %2F
    return {f for f in forms if f}


def scrub(text: str, secrets: list[str], min_shared: int | None = MIN_SHARED) -> str:
    """`text` with every spelling of every secret masked; with `min_shared`, also every run of
    that many characters or more that occurs inside a spelling (pieces of a split password)."""
    forms = sorted({f for s in secrets if s for f in spellings(s)}, key=len, reverse=True)
    for form in forms:
        text = text.replace(form, MASK)
    if min_shared is None or not forms:
        return text
    out, i = [], 0
    while i < len(text):
        n = _longest_shared_run(text, i, forms)
        if n >= min_shared:
            out.append(MASK)
            i += n
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _longest_shared_run(text: str, start: int, forms: list[str]) -> int:
    """Length of the longest prefix of text[start:] that occurs inside one of `forms`."""
    n = 0
    while start + n < len(text) and any(text[start : start + n + 1] in f for f in forms):
        n += 1
    return n


# Known libpq/psycopg failures: by SQLSTATE, else by a phrase of the (never shown) English text.
_BY_SQLSTATE = {
    "28P01": "用户名或密码错误",
    "28000": "服务器不允许该用户连接（请检查用户名和 pg_hba.conf）",
    "3D000": "数据库不存在",
    "53300": "服务器连接数已满",
    "57P03": "服务器正在启动或关闭",
}
_BY_PHRASE: tuple[tuple[str, str], ...] = (
    ("password authentication failed", "用户名或密码错误"),
    ("no password supplied", "服务器要求密码"),
    ("pg_hba.conf", "服务器不允许该用户连接（请检查用户名和 pg_hba.conf）"),
    ("does not exist", "用户或数据库不存在"),
    ("connection refused", "服务器拒绝连接（服务器未启动，或主机、端口不对）"),
    ("resolve host", "找不到数据库服务器（主机名无法解析）"),
    ("translate host name", "找不到数据库服务器（主机名无法解析）"),
    ("timeout", "连接超时"),
    ("timed out", "连接超时"),
    ("ssl", "SSL/TLS 连接失败"),
    ("too many", "服务器连接数已满"),
)


def failure_reason(exc: BaseException) -> str:
    """A Chinese reason for a failed connection; the driver's own text is never shown, since
    libpq quotes the connection string (or pieces of it) in its messages."""
    kind = type(exc).__name__
    if kind == "ProgrammingError" or isinstance(exc, ValueError | UnicodeError):
        return "连接串格式不正确"  # libpq could not parse it
    code = str(getattr(exc, "sqlstate", "") or "")
    if code in _BY_SQLSTATE:
        return _BY_SQLSTATE[code]
    text = str(exc).lower()
    return next((r for p, r in _BY_PHRASE if p in text), f"原因未能识别（{kind}）")


def refuse_connection_string(location: str) -> None:
    """A location that is neither a path nor a postgresql:// URL is refused without echoing it:
    "PostgreSQL://…" or "host=… password=…" would otherwise become a file named after the password."""
    if looks_like_connection_string(location):
        raise AnalysisError(
            "不支持的数据库位置：只能是 SQLite 文件路径，或以 postgresql:// 或 postgres:// 开头的连接串"
            "（为免泄露密码，这里不显示所填内容）。"
        )
