"""The admin gate on pages: who may write or download the whole corpus, the throttled login form,
and a guard so that no viewer can empty the caches shared by everyone.

The password itself is read only by analysis.store.auth (this module passes Streamlit secrets in).
The login throttle is one object per server process, held here on purpose and not in
Streamlit's resource cache: any client can send Streamlit's "clear cache" message, which would reset it.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analysis.service import auth

logger = logging.getLogger(__name__)

THROTTLE = auth.LoginThrottle()  # process-wide: attempts from every session count together
SESSION_KEY = "admin_ok"


def _secrets() -> Any:
    """Streamlit secrets when a secrets.toml exists, else None (a broken file is logged)."""
    try:
        return st.secrets if st.secrets.load_if_toml_exists() else None
    except Exception:
        logger.exception("could not read .streamlit/secrets.toml")
        return None


def _expected() -> str | None:
    """The admin password (None: open); raises auth.PasswordMisconfigured when set but blank."""
    return auth.configured_password(secrets=_secrets())


def can_write() -> bool:
    """Whether this session may change shared data or download all of it (no password set,
    or logged in); never when the password is misconfigured."""
    try:
        expected = _expected()
    except auth.PasswordMisconfigured:
        return False
    return auth.write_allowed(expected, bool(st.session_state.get(SESSION_KEY)))


def _client() -> str:
    """Who is guessing: the peer's IP address, else (no address, or a loopback one: a reverse proxy
    on this host, where every visitor shares it) this browser session."""
    ip = st.context.ip_address
    if isinstance(ip, str) and ip and not _is_loopback(ip):
        return ip
    ctx = get_script_run_ctx()
    return f"session:{ctx.session_id}" if ctx else "unknown"


def _is_loopback(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def admin_gate() -> bool:
    """The login (or logout) control of 数据管理; True when this session may write."""
    try:
        expected = _expected()
    except auth.PasswordMisconfigured as exc:
        st.error(exc.message, icon=":material/gpp_bad:")
        return False
    if expected is None:
        return True
    if st.session_state.get(SESSION_KEY):
        row = st.container(horizontal=True, vertical_alignment="center")
        row.caption(":material/lock_open: 已使用管理密码登录，可以上传、修改、删除和下载备份。")
        if row.button("退出登录", key="admin_logout", icon=":material/logout:", type="tertiary"):
            st.session_state[SESSION_KEY] = False
            st.rerun()
        return True
    st.markdown(":material/lock: **查看不受限制；上传、修改、删除、导入和下载备份需要管理密码。**")
    return login_form(expected, "admin")


def login_form(expected: str, key: str) -> bool:
    """The password form of every password box (数据管理, the damaged-store page): one throttle
    for all of them, every failure logged; True once this session has logged in."""
    with st.form(f"{key}_login", border=True):
        given = st.text_input("管理密码", type="password", key=f"{key}_password_input", width=360)
        if st.form_submit_button("登录", icon=":material/login:"):
            verdict = THROTTLE.attempt(_client(), given, expected)
            if verdict.ok:
                st.session_state[SESSION_KEY] = True
                st.rerun()
            st.error(verdict.message(), icon=":material/lock:")
    return False


def need_password(action: str) -> None:
    """Say that `action` needs the admin password (or that the gate is misconfigured)."""
    try:
        _expected()
    except auth.PasswordMisconfigured:
        st.info(f"{action}已停用：管理密码设置有误，请联系管理员。", icon=":material/lock:")
        return
    st.info(f"{action}需要管理密码，请先在页面上方登录。", icon=":material/lock:")


def _may_clear_shared_caches(session_state: Any) -> bool:
    """Whether the session asking to clear caches may write (the same rule as can_write)."""
    try:
        expected = _expected()
        logged_in = SESSION_KEY in session_state and bool(session_state[SESSION_KEY])
    except Exception:  # misconfigured password or an unreadable state: refuse
        logger.exception("clear-cache request: could not tell whether the session may write")
        return False
    return auth.write_allowed(expected, logged_in)


def guard_shared_caches() -> None:
    """Make Streamlit's "clear cache" request (menu item, or a message any client can send over
    the websocket) empty the shared caches only for a session that may write; for others it
    clears only that session's own state. Installed once per process."""
    from streamlit.runtime.app_session import AppSession

    original = AppSession._handle_clear_cache_request
    if getattr(original, "guarded", False):
        return

    @functools.wraps(original)
    def guarded(self: AppSession) -> None:
        if _may_clear_shared_caches(self._session_state):
            original(self)
            return
        logger.warning("clear-cache request from a session that may not write: shared caches kept")
        self._session_state.clear()

    guarded.guarded = True  # type: ignore[attr-defined]
    AppSession._handle_clear_cache_request = guarded  # type: ignore[method-assign]
