"""The password attack: many browser sessions guess the admin password in parallel, then the
admin, in a fresh session, types the right one. Measured in a real browser against a real server,
on the 数据管理 login and on the damaged-store page's password box (one throttle for both)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from bench.hostile.kills import ROOT, healthy

RIGHT = "管理员的正确密码-2026"
ADMIN_DEADLINE_S = 300  # the bar: the admin is in within 5 minutes of any attack
LOGGED_IN = "已使用管理密码登录"


@dataclass(frozen=True)
class Attack:
    """One attack: sessions × guesses each, on which password box."""

    name: str
    sessions: int
    guesses: int
    box: str  # "数据管理" | "损坏页"


ATTACKS = [
    Attack("10 个会话各猜 4 次（上一轮锁死管理员的做法）", 10, 4, "数据管理"),
    Attack("4 个会话各猜 10 次", 4, 10, "数据管理"),
    Attack("3 个会话各猜 15 次", 3, 15, "数据管理"),
    Attack("损坏页密码框：4 个会话各猜 10 次", 4, 10, "损坏页"),
]


@dataclass(frozen=True)
class AttackResult:
    attack: Attack
    tried: int  # guesses typed
    checked: int  # guesses the server compared (the others were refused by a wait)
    admin_in: bool
    admin_s: float  # from the end of the attack until the admin was logged in
    admin_tries: int


def _start(db: Path, log: Path, port: int):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    cmd += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    env = {**os.environ, "DJ_DB": str(db), "DJ_ADMIN_PASSWORD": RIGHT}
    with log.open("a", encoding="utf-8") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _session(browser, url: str, box: str):
    """A fresh browser session on the page with the password box."""
    from tests.e2e.conftest import VIEWPORT
    from tests.e2e.helpers import go_to, install_run_counter, open_page

    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    install_run_counter(ctx)
    page = ctx.new_page()
    if box == "损坏页":
        open_page(page, url, "/", "语料库数据库已损坏", timeout=300_000)
    else:
        open_page(page, url, "/", "概览", timeout=300_000)
        go_to(page, "数据管理", timeout=300_000)
    return ctx, page


def _guess(page, password: str) -> str:
    """Type `password` into the box and press 登录; what the page says afterwards."""
    from tests.e2e.helpers import rerun

    page.get_by_label("管理密码").first.fill(password)
    rerun(page, page.get_by_role("button", name="登录").first.click, timeout=120_000)
    restore = page.locator('[data-testid="stFileUploader"]')  # the damaged page, logged in
    if page.get_by_text(LOGGED_IN).count() or restore.count():
        return "登录成功"
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    return next((a for a in alerts if "密码不正确" in a or "再试" in a), "")


def _admin(browser, url: str, box: str) -> tuple[bool, float, int]:
    """The admin from a fresh session: the right password until it is accepted or 5 minutes pass."""
    start, tries = time.monotonic(), 0
    ctx, page = _session(browser, url, box)
    try:
        while time.monotonic() - start < ADMIN_DEADLINE_S:
            tries += 1
            if _guess(page, RIGHT) == "登录成功":
                return True, time.monotonic() - start, tries
            time.sleep(5)
        return False, time.monotonic() - start, tries
    finally:
        ctx.close()


def run_attack(browser, url: str, attack: Attack) -> AttackResult:
    """The sessions guess in turn (round-robin, as fast as the pages answer), then the admin."""
    sessions = [_session(browser, url, attack.box) for _ in range(attack.sessions)]
    tried = checked = 0
    try:
        for g in range(attack.guesses):
            for n, (_, page) in enumerate(sessions):
                said = _guess(page, f"猜测{n}-{g}")
                tried += 1
                checked += "密码不正确" in said
    finally:
        for ctx, _ in sessions:
            ctx.close()
    admin_in, admin_s, admin_tries = _admin(browser, url, attack.box)
    return AttackResult(attack, tried, checked, admin_in, admin_s, admin_tries)


def _damaged(db: Path) -> None:
    """A store file that is not a database: the app shows its damaged-store page."""
    db.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)


def run_password(boxes: tuple[str, ...] = ("数据管理", "损坏页")) -> list[AttackResult]:
    """Every attack against one server (the throttle's memory carries over, as in real life);
    the damaged-store attack against a second server on a broken file."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port

    results = []
    with tempfile.TemporaryDirectory(prefix="hostile-pw-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for box in boxes:
            db, log, port = Path(tmp) / f"{box}.db", Path(tmp) / f"{box}.log", _free_port()
            if box == "损坏页":
                _damaged(db)
            proc = _start(db, log, port)
            try:
                if not healthy(proc, port):
                    raise RuntimeError(f"the app did not start: {log}")
                url = f"http://127.0.0.1:{port}"
                results += [run_attack(browser, url, a) for a in ATTACKS if a.box == box]
            finally:
                proc.kill()
                proc.wait(10)
                text = log.read_text(encoding="utf-8", errors="replace")
                (ROOT / "artifacts" / "hostile").mkdir(parents=True, exist_ok=True)
                (ROOT / "artifacts" / "hostile" / f"password_{box}.log").write_text(text)
        browser.close()
    return results


def report_password() -> str:
    """The attacks as a Markdown table."""
    rows = [
        "### 猜密码",
        "",
        "| 攻击 | 猜测次数 | 服务器实际比对 | 管理员登录 | 用时（秒） | 管理员尝试次数 |",
        "|---|---|---|---|---|---|",
    ]
    for r in run_password():
        ok = "成功" if r.admin_in else "失败"
        rows.append(
            f"| {r.attack.name} | {r.tried} | {r.checked} | {ok} | {r.admin_s:.1f} | {r.admin_tries} |"
        )
    return "\n".join([*rows, ""])
