"""The admin password: read in one place, blank settings refused, attempts throttled (fake clock)."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

from analysis.store import auth
from analysis.store.auth import LoginThrottle, PasswordMisconfigured, ThrottlePolicy

SECRET = "红旗-2024 党建!"


@pytest.mark.parametrize(
    "env, secrets, expected",
    [
        ({}, None, None),
        ({}, {}, None),
        ({"DJ_ADMIN_PASSWORD": SECRET}, None, SECRET),
        ({"DJ_ADMIN_PASSWORD": f"  {SECRET}\n"}, None, SECRET),  # a trailing newline is stripped
        ({}, {"admin_password": SECRET}, SECRET),
        ({"DJ_ADMIN_PASSWORD": "环境"}, {"admin_password": "秘密"}, "环境"),  # environment wins
        ({"DJ_ADMIN_PASSWORD": ""}, {"admin_password": "秘密"}, "秘密"),
        ({"DJ_ADMIN_PASSWORD": "   "}, {"admin_password": "秘密"}, "秘密"),
    ],
)
def test_configured_password(env, secrets, expected):
    assert auth.configured_password(env, secrets) == expected


@pytest.mark.parametrize(
    "env, secrets",
    [
        ({"DJ_ADMIN_PASSWORD": "   "}, None),  # whitespace only: used to open the gate silently
        ({"DJ_ADMIN_PASSWORD": "\t\n"}, None),
        ({"DJ_ADMIN_PASSWORD": "\u3000"}, None),  # an ideographic space
        ({"DJ_ADMIN_PASSWORD": ""}, None),  # DJ_ADMIN_PASSWORD=$UNSET
        ({}, {"admin_password": "  "}),
        ({"DJ_ADMIN_PASSWORD": " "}, {"admin_password": ""}),
    ],
)
def test_blank_password_is_a_misconfiguration_not_an_open_gate(env, secrets):
    with pytest.raises(PasswordMisconfigured) as err:
        auth.configured_password(env, secrets)
    assert "管理密码设置有误" in err.value.message and "已全部停用" in err.value.message


class BrokenSecrets(dict):
    def get(self, key, default=None):
        raise RuntimeError("secrets.toml is not valid TOML")


def test_broken_secrets_file_is_logged_and_ignored(caplog):
    assert auth.configured_password({}, BrokenSecrets()) is None
    assert "secrets.toml unreadable" in caplog.text and "RuntimeError" in caplog.text


@pytest.mark.parametrize(
    "given, expected, ok",
    [
        (SECRET, SECRET, True),
        (f" {SECRET} ", SECRET, True),
        ("红旗-2024 党建", SECRET, False),
        ("", SECRET, False),
        (None, SECRET, False),
        ("任何", None, True),  # no password configured: open
        ("   ", "   ", False),  # never equal to a blank password
    ],
)
def test_check_password(given, expected, ok):
    assert auth.check_password(given, expected) is ok


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


POLICY = ThrottlePolicy(
    free_failures=3,
    first_wait_s=2,
    max_wait_s=60,
    lockout_after=6,
    lockout_s=600,
    global_slowdown_after=12,
    global_wait_s=120,
    window_s=900,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(clock) -> LoginThrottle:
    return LoginThrottle(POLICY, clock=clock)


def test_free_tries_then_doubling_waits_then_lockout(throttle, clock):
    waits = []
    for _ in range(POLICY.lockout_after):
        verdict = throttle.attempt("甲", "错", SECRET)
        assert not verdict.ok and verdict.checked
        waits.append(verdict.wait_s)
        clock.advance(verdict.wait_s)
    assert waits == [0, 0, 0, 2, 4, 600]
    assert verdict.locked and "已暂时锁定" in verdict.message()


def test_a_waiting_client_is_refused_without_the_password_being_checked(throttle, clock):
    for _ in range(4):
        throttle.attempt("甲", "错", SECRET)
    refused = throttle.attempt("甲", SECRET, SECRET)  # even the right password must wait
    assert not refused.ok and not refused.checked and refused.wait_s == 2
    assert "2 秒后再试" in refused.message() and "密码不正确" not in refused.message()
    clock.advance(2)
    assert throttle.attempt("甲", SECRET, SECRET).ok


def test_lockout_lasts_then_lifts(throttle, clock):
    for _ in range(POLICY.lockout_after):
        clock.advance(throttle.wait_s("甲"))
        throttle.attempt("甲", "错", SECRET)
    clock.advance(599)
    assert not throttle.attempt("甲", SECRET, SECRET).ok
    clock.advance(1)
    assert throttle.attempt("甲", SECRET, SECRET).ok


def test_clients_are_throttled_separately(throttle):
    for _ in range(5):
        throttle.attempt("甲", "错", SECRET)
    assert throttle.wait_s("甲") > 0
    assert throttle.wait_s("乙") == 0
    assert throttle.attempt("乙", SECRET, SECRET).ok


def test_many_clients_together_slow_every_guesser_down(throttle, clock):
    """The hostile test guessed from 8 sessions at once: past the global count, every client that
    has failed waits global_wait_s between tries (no free tries left)."""
    for i in range(POLICY.global_slowdown_after):
        verdict = throttle.attempt(f"会话{i % 8}", f"猜{i}", SECRET)
        clock.advance(0.1)
    assert verdict.scope == "global" and verdict.wait_s == POLICY.global_wait_s
    again = throttle.attempt("会话0", "再猜", SECRET)
    assert not again.checked and again.scope == "global" and "各处" in again.message()
    first = throttle.attempt("新来的", "猜", SECRET)  # a fresh client: checked, then slowed
    assert first.checked and first.wait_s == POLICY.global_wait_s


@pytest.mark.parametrize("policy", [POLICY, ThrottlePolicy()], ids=["test", "default"])
def test_a_stranger_cannot_lock_the_admin_out(policy):
    """Issue 30: 10 new sessions x 4 wrong guesses (and one guess every 5 minutes after) tripped
    a global lock that refused the right password. The admin's right password always works."""
    clock = FakeClock()
    throttle = LoginThrottle(policy, clock=clock)
    for session in range(10):
        for guess in range(4):
            throttle.attempt(f"会话{session}", f"猜{guess}", SECRET)
    for n in range(12):  # keep it "armed": one guess every 5 minutes from a new session
        clock.advance(300)
        throttle.attempt(f"后来的会话{n}", "猜", SECRET)
    assert throttle.attempt("管理员的新会话", SECRET, SECRET).ok


def test_a_locked_client_does_not_lock_the_others(throttle, clock):
    for _ in range(POLICY.lockout_after):
        clock.advance(throttle.wait_s("攻击者"))
        throttle.attempt("攻击者", "错", SECRET)
    assert throttle.wait_s("攻击者") > 0
    assert throttle.attempt("管理员", SECRET, SECRET).ok


def test_guessing_rate_is_bounded(clock):
    """Four hours of guessing from 8 clients: at most ~45 guesses an hour, not 10,000."""
    throttle = LoginThrottle(ThrottlePolicy(), clock=clock)
    checked, end = 0, clock.now + 4 * 3600
    while clock.now < end:
        for i in range(8):
            checked += throttle.attempt(f"会话{i}", "猜", SECRET).checked
        clock.advance(0.35)  # 2.9 guesses/s, the rate the hostile test reached
    assert checked < 4 * 45


def test_failures_are_forgotten_after_the_window(throttle, clock):
    for _ in range(3):
        throttle.attempt("甲", "错", SECRET)
    clock.advance(POLICY.window_s + 1)
    for _ in range(3):
        assert throttle.attempt("甲", "错", SECRET).wait_s == 0


def test_success_clears_the_clients_failures(throttle, clock):
    for _ in range(3):
        throttle.attempt("甲", "错", SECRET)
    assert throttle.attempt("甲", SECRET, SECRET).ok
    assert throttle.attempt("甲", "错", SECRET).wait_s == 0


def test_memory_is_bounded(clock):
    throttle = LoginThrottle(ThrottlePolicy(max_clients=50, global_slowdown_after=0), clock=clock)
    for i in range(500):
        throttle.attempt(f"客户端{i}", "错", SECRET)
        clock.advance(0.01)
    assert len(throttle._failures) <= 51


def test_every_failure_and_lockout_is_logged_without_the_password(throttle, clock, caplog):
    caplog.set_level(logging.INFO, logger="analysis.store.auth")
    guesses = [f"猜测密码{i}" for i in range(POLICY.lockout_after)]
    for guess in guesses:
        clock.advance(throttle.wait_s("192.0.2.7"))
        throttle.attempt("192.0.2.7", guess, SECRET)
    rejected = [r for r in caplog.records if "rejected" in r.getMessage()]
    locked = [r for r in caplog.records if "locked" in r.getMessage()]
    assert len(rejected) == POLICY.lockout_after and len(locked) == 1
    assert all(r.levelno == logging.WARNING for r in rejected + locked)
    for secret in (SECRET, *guesses, "192.0.2.7"):
        assert secret not in caplog.text


def test_policy_must_cover_its_waits():
    with pytest.raises(ValueError):
        ThrottlePolicy(lockout_s=1000, window_s=900)


ROOT = Path(__file__).resolve().parents[3]


def test_readme_states_the_throttle_as_configured():
    """The README's 部署与安全 section quotes the default policy: one truth per number."""
    p = ThrottlePolicy()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for phrase in (
        f"前 {p.free_failures} 次输错不受限",
        f"等待 {p.first_wait_s:g}、{2 * p.first_wait_s:g}、{4 * p.first_wait_s:g}… 秒",
        f"最长 {p.max_wait_s / 60:g} 分钟",
        f"{p.window_s / 3600:g} 小时内输错 {p.lockout_after} 次锁定 {p.lockout_s / 60:g} 分钟",
        f"合计 {p.window_s / 3600:g} 小时内输错 {p.global_slowdown_after} 次",
        f"每次尝试之间须等待 {p.global_wait_s / 60:g} 分钟",
    ):
        assert phrase in readme, phrase


def test_default_config_listens_on_localhost_and_hides_error_details():
    """Issue 16, hole 10: the server listened on every interface and sent tracebacks to anyone."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] in {"minimal", "viewer"}  # no "clear cache" menu item
    assert config["server"]["enableXsrfProtection"] is True
