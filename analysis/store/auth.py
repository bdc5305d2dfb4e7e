"""The optional admin password that guards writes and whole-corpus reads, and its login throttle.

Viewing stays open. The password is read here and nowhere else: the environment variable
DJ_ADMIN_PASSWORD wins over the page's Streamlit secrets (`admin_password`, passed in by views);
when neither is set, the gate is open to everyone. Surrounding whitespace is stripped (a trailing
newline from a secrets file must not lock the admin out). A password that is set but empty or
blank (DJ_ADMIN_PASSWORD="" from an unset shell variable, or "  ") is a misconfiguration, not "no
password": it raises PasswordMisconfigured and the pages refuse every write and the backup
download until it is fixed, instead of silently opening the gate.

Login attempts go through LoginThrottle, the one throttle of every password box: each client (IP
address, else session) gets a few free tries, then waits that double with each failure, then a
lockout. Failures from all clients together slow every guesser down (no free tries, a long wait
between tries) but never refuse a client that has not failed: a stranger cannot lock the admin
out, and the admin's right password always works from a fresh session (threat model: README,
部署与安全). Every failure, slow-down and lockout is logged (never the password).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from analysis.core.models import AnalysisError
from analysis.core.settings import settings

logger = logging.getLogger(__name__)

ENV_VAR = "DJ_ADMIN_PASSWORD"
SECRET_KEY = "admin_password"


class PasswordMisconfigured(AnalysisError):
    """The admin password is set but blank: writes stay closed until it is fixed."""


def configured_password(
    env: Mapping[str, str] | None = None, secrets: Mapping[str, object] | None = None
) -> str | None:
    """The admin password (stripped); None when none is configured anywhere.

    The environment wins over secrets. Raises PasswordMisconfigured when the winning setting is
    present but blank (e.g. DJ_ADMIN_PASSWORD="  "), so a typo never opens the gate.
    """
    from_env = settings().admin_password if env is None else env.get(ENV_VAR)
    from_secrets = _secret(secrets) if secrets is not None else None
    for raw in (from_env, from_secrets):
        if raw is not None and str(raw).strip():
            return str(raw).strip()
    if from_env is None and from_secrets is None:
        return None
    source = ENV_VAR if from_env is not None else f"secrets 中的 {SECRET_KEY}"
    raise PasswordMisconfigured(
        f"管理密码设置有误：{source} 为空或只含空白字符。为安全起见，上传、修改、删除、导入和"
        "下载备份已全部停用，请管理员重新设置密码后重启应用。"
    )


def _secret(secrets: Mapping[str, object]) -> object:
    """The secret's value, or None when secrets.toml is missing or broken."""
    try:
        return secrets.get(SECRET_KEY)
    except Exception as exc:  # a broken secrets.toml must not take the page down
        # No traceback: a parser's message may quote the file, and secrets never reach a log.
        logger.error(
            "secrets.toml unreadable (%s): treated as no admin password set", type(exc).__name__
        )
        return None


def check_password(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison (surrounding whitespace ignored, as in configured_password);
    no configured password means writes are allowed."""
    if expected is None:
        return True
    if not given or not expected.strip():
        return False
    # Compare digests so the time does not depend on the (unequal) lengths either.
    a = hashlib.sha256(given.strip().encode("utf-8")).digest()
    b = hashlib.sha256(expected.strip().encode("utf-8")).digest()
    return hmac.compare_digest(a, b)


def write_allowed(expected: str | None, session_ok: bool) -> bool:
    """Whether this session may change the corpus or read all of it at once."""
    return expected is None or session_ok


# ---------------------------------------------------------------- throttle


@dataclass(frozen=True)
class ThrottlePolicy:
    """How hard guessing is made: free tries, doubling waits, lockouts (seconds)."""

    free_failures: int = 3  # per client, before any wait
    first_wait_s: float = 2.0  # then 2, 4, 8 … seconds between tries
    max_wait_s: float = 300.0
    lockout_after: int = 10  # per client, within the window
    lockout_s: float = 900.0
    global_slowdown_after: int = 30  # from all clients together, within the window: then
    global_wait_s: float = 900.0  # every client that failed waits this long between its tries
    window_s: float = 3600.0  # failures older than this are forgotten
    max_clients: int = 10_000  # memory bound: the clients failed longest ago are forgotten first

    def __post_init__(self) -> None:
        longest = max(self.lockout_s, self.global_wait_s, self.max_wait_s)
        if self.window_s < longest or min(self.free_failures, self.lockout_after) < 0:
            raise ValueError("window_s must cover every wait and lockout; counts must be ≥ 0")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one login attempt."""

    ok: bool
    wait_s: float = 0.0  # > 0: the next try from this client is refused until then
    scope: str = ""  # "" | "client" (backoff or lockout of this client) | "global"
    locked: bool = False  # a lockout, not only a wait
    checked: bool = True  # False: refused without comparing (a wait was still running)

    def message(self) -> str:
        """What the login form says, in Chinese."""
        if self.ok:
            return "登录成功。"
        wrong = "密码不正确。" if self.checked else ""
        if self.scope == "global":
            return (
                f"{wrong}近期各处的密码错误较多，每次尝试之间须等待，"
                f"请 {_minutes(self.wait_s)} 后再试（未输错过的浏览器会话不受影响）。"
            )
        if self.locked:
            return f"{wrong}密码错误次数过多，已暂时锁定，请 {_minutes(self.wait_s)} 后再试。"
        if self.wait_s > 0:
            return f"{wrong}尝试过于频繁，请 {max(1, round(self.wait_s))} 秒后再试。"
        return wrong


def _minutes(seconds: float) -> str:
    return f"{max(1, round(seconds / 60))} 分钟"


def client_tag(client: str) -> str:
    """A short, stable name for a client in logs (not the raw address or session id)."""
    return hashlib.sha256(client.encode("utf-8")).hexdigest()[:10]


class LoginThrottle:
    """Per-client and global throttling of password attempts; thread-safe, clock injectable."""

    def __init__(
        self,
        policy: ThrottlePolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.policy = policy or ThrottlePolicy()
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}  # client -> times of its recent failures
        self._all: deque[float] = deque()  # times of recent failures from every client

    def attempt(self, client: str, given: str | None, expected: str) -> Verdict:
        """Check `given` unless this client (or everyone) must still wait; record the result."""
        with self._lock:
            now = self._clock()
            self._forget(now)
            blocked = self._blocked(client, now)
            if blocked is not None:
                return blocked
            if check_password(given, expected):
                self._failures.pop(client, None)
                logger.info("admin login succeeded (client %s)", client_tag(client))
                return Verdict(ok=True)
            return self._record_failure(client, now)

    def wait_s(self, client: str) -> float:
        """Seconds before this client may try again (0: now)."""
        with self._lock:
            now = self._clock()
            self._forget(now)
            blocked = self._blocked(client, now)
            return blocked.wait_s if blocked is not None else 0.0

    def _blocked(self, client: str, now: float) -> Verdict | None:
        """A refusal when this client's wait or lockout is still running, else None; a client
        that has not failed is never refused, whatever the others did."""
        mine = self._failures.get(client)
        if not mine:
            return None
        wait, scope = self._wait_after(len(mine)), "client"
        if self._under_attack() and self.policy.global_wait_s > wait:
            wait, scope = self.policy.global_wait_s, "global"
        left = mine[-1] + wait - now
        if left > 0:
            locked = len(mine) >= self.policy.lockout_after
            return Verdict(False, left, scope, locked=locked, checked=False)
        return None

    def _under_attack(self) -> bool:
        """Whether the failures of all clients together call for the global slow-down."""
        return len(self._all) >= self.policy.global_slowdown_after > 0

    def _wait_after(self, failures: int) -> float:
        """The wait a client owes after this many failures within the window."""
        p = self.policy
        if failures >= p.lockout_after:
            return p.lockout_s
        if failures <= p.free_failures:
            return 0.0
        return min(p.max_wait_s, p.first_wait_s * 2 ** (failures - p.free_failures - 1))

    def _record_failure(self, client: str, now: float) -> Verdict:
        p = self.policy
        mine = self._failures.setdefault(client, deque())
        mine.append(now)
        self._all.append(now)
        tag, n, total = client_tag(client), len(mine), len(self._all)
        logger.warning(
            "admin password rejected (client %s: %d failures, all clients: %d, in %d min)",
            tag, n, total, p.window_s // 60,
        )  # fmt: skip
        if n >= p.lockout_after:
            logger.warning("admin login locked for client %s for %d s", tag, p.lockout_s)
            return Verdict(False, p.lockout_s, "client", locked=True)
        wait = self._wait_after(n)
        if self._under_attack() and p.global_wait_s > wait:
            if total == p.global_slowdown_after:
                logger.warning(
                    "admin login slowed down for all clients: %d failures in %d min",
                    total, p.window_s // 60,
                )  # fmt: skip
            return Verdict(False, p.global_wait_s, "global")
        return Verdict(False, wait, "client" if wait else "")

    def _forget(self, now: float) -> None:
        """Drop failures older than the window, and the oldest clients beyond max_clients."""
        horizon = now - self.policy.window_s
        while self._all and self._all[0] <= horizon:
            self._all.popleft()
        for client in list(self._failures):
            times = self._failures[client]
            while times and times[0] <= horizon:
                times.popleft()
            if not times:
                del self._failures[client]
        excess = len(self._failures) - self.policy.max_clients
        if excess > 0:
            for client in sorted(self._failures, key=lambda c: self._failures[c][-1])[:excess]:
                del self._failures[client]
