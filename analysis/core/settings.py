"""Every setting read from the environment (the `DJ_*` variables), in one frozen object.

One table names each variable, its type and what it sets (the README's 环境变量 table says the
same in Chinese); one parser reads them all: text is stripped, a number must be positive, and a
blank, malformed or non-positive value means "unset" (the default applies), never an error.
The one exception is DJ_ADMIN_PASSWORD, kept as written: set but blank is a misconfiguration the
password gate must see (analysis.store.auth).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

# (variable, Settings field, type): the only list of DJ_* variables the program reads.
VARIABLES: tuple[tuple[str, str, type], ...] = (
    ("DJ_DB", "db", str),
    ("DJ_ADMIN_PASSWORD", "admin_password", str),
    ("DJ_LOG_FILE", "log_file", str),
    ("DJ_LOG_LEVEL", "log_level", str),
    ("DJ_MAX_FILE_MB", "max_file_mb", float),
    ("DJ_READ_TIMEOUT_S", "read_timeout_s", float),
    ("DJ_CONVERT_TIMEOUT_S", "convert_timeout_s", float),
    ("DJ_SOFFICE", "soffice", str),
    ("DJ_OCR_DPI", "ocr_dpi", int),
    ("DJ_OCR_MAX_PAGES", "ocr_max_pages", int),
    ("DJ_OCR_PAGE_SECONDS", "ocr_page_seconds", float),
    ("DJ_OCR_THREADS", "ocr_threads", int),
)
VERBATIM = frozenset({"DJ_ADMIN_PASSWORD"})  # read as written (blank is not "unset")


@dataclass(frozen=True)
class Settings:
    """The environment's settings; None where a variable is unset or not valid."""

    db: str | None = None
    admin_password: str | None = None
    log_file: str | None = None
    log_level: str | None = None
    max_file_mb: float | None = None
    read_timeout_s: float | None = None
    convert_timeout_s: float | None = None
    soffice: str | None = None
    ocr_dpi: int | None = None
    ocr_max_pages: int | None = None
    ocr_page_seconds: float | None = None
    ocr_threads: int | None = None


def parse(raw: str | None, kind: type) -> str | int | float | None:
    """One variable's value: stripped text, or a positive number of `kind`; None when unset,
    blank or not valid ("abc", "0", "-3", "2.5" for an int)."""
    text = (raw or "").strip()
    if not text:
        return None
    if kind is str:
        return text
    try:
        number = int(text) if kind is int else float(text)
    except ValueError:
        return None
    return number if number > 0 else None


def from_environment(env: Mapping[str, str]) -> Settings:
    """The Settings that `env` (an environment mapping) gives."""
    values = {
        field: env.get(name) if name in VERBATIM else parse(env.get(name), kind)
        for name, field, kind in VARIABLES
    }
    return Settings(**values)  # type: ignore[arg-type]


@lru_cache(maxsize=8)
def _cached(raw: tuple[str | None, ...]) -> Settings:
    return from_environment(
        {n: v for (n, _, _), v in zip(VARIABLES, raw, strict=True) if v is not None}
    )


def settings() -> Settings:
    """The settings of the current environment (re-read when a variable changes, e.g. in tests)."""
    return _cached(tuple(os.environ.get(name) for name, _, _ in VARIABLES))
