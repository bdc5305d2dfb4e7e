"""The optional admin password that guards writes (uploads, edits, deletes, imports).

Viewing stays open. The password comes from the environment variable DJ_ADMIN_PASSWORD or, in the
page, from Streamlit secrets (`admin_password`); when neither is set, writes are open to everyone.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Mapping

logger = logging.getLogger(__name__)

ENV_VAR = "DJ_ADMIN_PASSWORD"
SECRET_KEY = "admin_password"


def configured_password(
    env: Mapping[str, str] | None = None, secrets: Mapping[str, object] | None = None
) -> str | None:
    """The admin password: the environment wins over secrets; None (or blank) means no gate."""
    env = os.environ if env is None else env
    value = env.get(ENV_VAR)
    if not value and secrets is not None:
        try:
            secret = secrets.get(SECRET_KEY)
        except Exception as exc:  # a broken secrets.toml must not take the page down
            # No traceback: a parser's message may quote the file, and secrets never reach a log.
            logger.error("secrets.toml 无法读取（%s），按未设置管理员密码处理", type(exc).__name__)
            secret = None
        value = str(secret) if secret is not None else None
    return value if value and value.strip() else None


def check_password(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; no configured password means writes are allowed."""
    if not expected:
        return True
    if not given:
        return False
    # Compare digests so the time does not depend on the (unequal) lengths either.
    a = hashlib.sha256(given.encode("utf-8")).digest()
    b = hashlib.sha256(expected.encode("utf-8")).digest()
    return hmac.compare_digest(a, b)


def write_allowed(expected: str | None, session_ok: bool) -> bool:
    """Whether this session may change the corpus."""
    return expected is None or session_ok
