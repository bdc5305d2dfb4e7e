"""Who may change shared data: the admin password (environment or Streamlit secrets), the login
form on 数据管理, and `can_write` for every page that offers an edit."""

from __future__ import annotations

import logging
import time

import streamlit as st

from analysis.store import auth

logger = logging.getLogger(__name__)
SESSION_KEY = "admin_ok"


def configured_password() -> str | None:
    """The admin password from the environment or Streamlit secrets (None: writes are open)."""
    try:
        secrets = st.secrets if st.secrets.load_if_toml_exists() else None
    except Exception:  # a broken secrets.toml must not take the page down
        logger.exception("Streamlit secrets could not be read; using the environment only")
        secrets = None
    return auth.configured_password(secrets=secrets)


def can_write() -> bool:
    """Whether this session may change shared data (no admin password set, or logged in)."""
    return auth.write_allowed(configured_password(), bool(st.session_state.get(SESSION_KEY)))


def need_password(action: str) -> None:
    """Say that `action` needs the admin password."""
    st.info(f"{action}需要管理密码，请先在页面上方登录。", icon=":material/lock:")


def admin_gate() -> bool:
    """Show the login (or logout) control; True when this session may change the corpus."""
    expected = configured_password()
    if expected is None:
        return True
    if st.session_state.get(SESSION_KEY):
        row = st.container(horizontal=True, vertical_alignment="center")
        row.caption(":material/lock_open: 已使用管理密码登录，可以上传、修改和删除。")
        if row.button("退出登录", key="admin_logout", icon=":material/logout:", type="tertiary"):
            st.session_state[SESSION_KEY] = False
            st.rerun()
        return True
    with st.form("admin_login", border=True):
        st.markdown(":material/lock: **查看不受限制；上传、修改、删除和导入需要管理密码。**")
        given = st.text_input("管理密码", type="password", key="admin_password_input", width=360)
        if st.form_submit_button("登录", icon=":material/login:"):
            if auth.check_password(given, expected):
                st.session_state[SESSION_KEY] = True
                st.rerun()
            time.sleep(1)  # slow down guessing
            st.error("密码不正确。")
    return False
