"""Connection strings made safe to show: the shown form, and driver errors classified, not echoed."""

from __future__ import annotations

import pytest

from analysis.store.connection_url import (
    failure_reason,
    looks_like_connection_string,
    redact,
    scrub,
)


@pytest.mark.parametrize(
    "url, shown, ambiguous",
    [
        (
            "postgresql://dj:s3cret@db.example:5432/corpus",
            "postgresql://dj@db.example:5432/corpus",
            False,
        ),
        ("postgres://dj@h/db", "postgres://dj@h/db", False),
        ("postgresql://h1:5432,h2:5433/db", "postgresql://h1:5432,h2:5433/db", False),
        ("postgresql://dj:x@[::1]:5432/db", "postgresql://dj@[::1]:5432/db", False),
        (
            "postgresql://dj:x@h/db?sslmode=require&password=x&sslpassword=y&options=-csearch_path%3Ds1",
            "postgresql://dj@h/db?sslmode=require&options=-csearch_path%3Ds1",  # schema kept: a cache key
            False,
        ),
        ("postgresql://dj:p@ss@h:1/db", "postgresql://***@h:1/db", True),
        ("postgresql://dj:pa/ss@h:1/db", "postgresql://***@h:1/db", True),
        ("postgresql://dj:secret", "postgresql://***", True),  # no "@": nothing can be shown
        ("postgresql://h/db?user=x&password=a@b/c/d", "postgresql://***@***", True),
        (
            "postgresql://postgres:postgres@localhost/postgres",
            "postgresql://***@localhost/***",
            False,
        ),
        ("postgresql://dj:s@" + "h" * 5000, "postgresql://***", True),  # too long to parse
    ],
)
def test_redact(url, shown, ambiguous):
    assert redact(url) == type(redact(url))(shown, ambiguous)


def test_scrub_removes_every_spelling_and_shared_run():
    secrets = ["Kx9@Qz7/Vb2"]
    text = "host 'Qz7/Vb2@127.0.0.1' Kx9%40Qz7%2FVb2 kx9%40qz7%2fvb2 Kx9"
    out = scrub(text, secrets)
    assert "Qz7" not in out and "Vb2" not in out and "Kx9" not in out
    assert "127.0.0.1" in out


class FakeDriverError(Exception):
    def __init__(self, text: str, sqlstate: str | None = None) -> None:
        super().__init__(text)
        self.sqlstate = sqlstate


class ProgrammingError(Exception):
    """Named like psycopg's: raised when libpq cannot parse the string."""


@pytest.mark.parametrize(
    "exc, reason",
    [
        (
            FakeDriverError('FATAL: password authentication failed for user "dj"', "28P01"),
            "用户名或密码错误",
        ),
        (FakeDriverError('password authentication failed for user "dj"'), "用户名或密码错误"),
        (FakeDriverError('database "x" does not exist', "3D000"), "数据库不存在"),
        (
            FakeDriverError('connection to server at "h", port 1 failed: Connection refused'),
            "服务器拒绝连接",
        ),
        (
            FakeDriverError("failed to resolve host 'ssWORD@h': Name or service not known"),
            "找不到数据库服务器",
        ),
        (FakeDriverError("connection timeout expired"), "连接超时"),
        (FakeDriverError("fe_sendauth: no password supplied"), "服务器要求密码"),
        (ProgrammingError('invalid URI query parameter: "bogus"'), "连接串格式不正确"),
        (ValueError("embedded null byte"), "连接串格式不正确"),
        (FakeDriverError("something new: Kx9Qz7Vb2"), "原因未能识别（FakeDriverError）"),
    ],
)
def test_failure_reason_never_echoes_the_driver(exc, reason):
    got = failure_reason(exc)
    assert got.startswith(reason)
    assert str(exc) not in got and "Kx9Qz7Vb2" not in got


@pytest.mark.parametrize(
    "location, refused",
    [
        ("data/corpus.db", False),
        ("/srv/dj/corpus.db", False),
        ("C:\\dj\\corpus.db", False),
        ("C:/dj/corpus.db", False),
        ("语料/corpus.db", False),
        ("PostgreSQL://dj:x@h/db", True),
        ("postgresql+psycopg://dj:x@h/db", True),
        (" postgresql://dj:x@h/db", True),
        ("mysql://h/db", True),
        ("file:/tmp/x.db", True),
        ("host=h password=x", True),
    ],
)
def test_looks_like_connection_string(location, refused):
    assert looks_like_connection_string(location) is refused
