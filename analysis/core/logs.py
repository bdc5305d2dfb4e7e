"""Where the log goes: stderr by default, or the file named by the DJ_LOG_FILE environment variable.

Every module logs through `logging.getLogger(__name__)`, in English (records are for whoever runs
the server; what a user reads is Chinese and goes through the pages or the CLI's messages). The
app's `app.py` calls `configure()` once; the CLI calls `configure_cli()`: error-level records as
one line each on stderr (their tracebacks only in a log file), and every record in the file given
with --log-file (else DJ_LOG_FILE at DJ_LOG_LEVEL). Only the `analysis` and `views` loggers are set up, so a
library's chatter (jieba, pypdf) keeps its own level. DJ_LOG_LEVEL (default WARNING) picks the
level; secrets never go into a message (a store URL is logged without its password).
"""

from __future__ import annotations

import logging
import sys
import threading

from analysis.core.settings import settings

LOG_FILE_ENV = "DJ_LOG_FILE"
LOG_LEVEL_ENV = "DJ_LOG_LEVEL"
LOGGERS = ("analysis", "views")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_HANDLER_NAME = "dj-log"
_lock = threading.Lock()


def _handler(terminal: bool) -> logging.Handler:
    """A file handler when DJ_LOG_FILE is set (UTF-8, appended), else a stderr handler (or none:
    the CLI speaks Chinese on the terminal and keeps English log records for the file)."""
    path = settings().log_file or ""
    handler: logging.Handler
    try:
        handler = logging.FileHandler(path, encoding="utf-8") if path else logging.NullHandler()
    except OSError:  # an unwritable log file must not stop the program
        handler, path = logging.NullHandler(), ""
    if not path and terminal:
        handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


def _level() -> int:
    """The level named by DJ_LOG_LEVEL (DEBUG, INFO, WARNING, ERROR), WARNING when unset or unknown."""
    name = (settings().log_level or "").upper()
    level = logging.getLevelName(name) if name else logging.WARNING
    return level if isinstance(level, int) else logging.WARNING


def configure(terminal: bool = True) -> logging.Handler:
    """Send the `analysis` and `views` logs to DJ_LOG_FILE, else to stderr when `terminal`;
    calling again changes nothing.

    Returns the handler in use (tests read its stream or file name).
    """
    with _lock:
        for name in LOGGERS:
            for h in logging.getLogger(name).handlers:
                if h.get_name() == _HANDLER_NAME:
                    return h
        handler = _handler(terminal)
        for name in LOGGERS:
            target = logging.getLogger(name)
            target.addHandler(handler)
            target.setLevel(_level())
        return handler


class _OneLine(logging.Formatter):
    """A record on one line for the terminal: its level in Chinese, no traceback."""

    LEVELS = {"ERROR": "错误", "CRITICAL": "严重错误", "WARNING": "警告"}

    def format(self, record: logging.LogRecord) -> str:
        level = self.LEVELS.get(record.levelname, record.levelname)
        return f"日志[{level}] {record.name}：{record.getMessage()}".replace("\n", " ")


class _Terminal(logging.StreamHandler):
    """stderr as it is when a record is written (a test or a caller may have replaced it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_cli(log_file: str | None = None) -> logging.Handler | None:
    """The CLI's logging: error-level records on stderr, one line each (never a traceback), and
    every record (DEBUG and up) in `log_file`, else DJ_LOG_FILE's records at DJ_LOG_LEVEL.
    Returns the file handler (None without a file); calling again changes nothing."""
    with _lock:
        found = [h for n in LOGGERS for h in logging.getLogger(n).handlers]
        if any(h.get_name() == _HANDLER_NAME + "-cli" for h in found):
            return next((h for h in found if isinstance(h, logging.FileHandler)), None)
        terminal = _Terminal(sys.stderr)
        terminal.set_name(_HANDLER_NAME + "-cli")
        terminal.setLevel(logging.ERROR)
        terminal.setFormatter(_OneLine())
        path = (log_file or settings().log_file or "").strip()
        level = logging.DEBUG if log_file else _level()
        file: logging.FileHandler | None = None
        try:
            file = logging.FileHandler(path, encoding="utf-8") if path else None
        except OSError as exc:  # an unwritable log file must not stop the program
            print(
                f"无法写入日志文件 {path}（{exc.strerror or exc}），日志只显示错误。",
                file=sys.stderr,
            )
        handlers: list[logging.Handler] = [terminal]
        if file is not None:
            file.set_name(_HANDLER_NAME)
            file.setFormatter(logging.Formatter(FORMAT))
            file.setLevel(level)
            handlers.append(file)
        for name in LOGGERS:
            target = logging.getLogger(name)
            for handler in handlers:
                target.addHandler(handler)
            target.setLevel(level if file is not None else _level())
        return file


def reset() -> None:
    """Remove the handler `configure` added (for tests that configure with another env)."""
    with _lock:
        for name in LOGGERS:
            target = logging.getLogger(name)
            for h in list(target.handlers):
                if h.get_name() in (_HANDLER_NAME, _HANDLER_NAME + "-cli"):
                    target.removeHandler(h)
                    h.close()
