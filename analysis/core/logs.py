"""Where the log goes: stderr by default, or the file named by the DJ_LOG_FILE environment variable.

Every module logs through `logging.getLogger(__name__)`; the entry points (the CLI's `main`, the
app's `app.py`) call `configure()` once. Only the `analysis` and `views` loggers are set up, so a
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


def reset() -> None:
    """Remove the handler `configure` added (for tests that configure with another env)."""
    with _lock:
        for name in LOGGERS:
            target = logging.getLogger(name)
            for h in list(target.handlers):
                if h.get_name() == _HANDLER_NAME:
                    target.removeHandler(h)
                    h.close()
