"""`kill -9` in the middle of work: the CLI `ingest` (mid-save, or mid-analysis with --workers)
and the app (mid-save on 数据管理, or mid-analysis on 概览), each restarted on the same port.

After every kill the store is read raw (sqlite3, before any open could repair it): reports without
an identity row, the file's integrity, and the pool workers still alive. Reproducible: the kill
moments come from a seeded generator.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from analysis.core.workers import WORKER_PREFIX

ROOT = Path(__file__).resolve().parents[2]
SEED = 30  # issue 30
BATCH = 20  # reports per round
START_S = 120  # until a (re)started app answers its health check
ORPHANS = """SELECT COUNT(*) FROM reports r
WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.sha256 = r.sha256)"""


@dataclass
class Tally:
    """What the kills of one kind left behind."""

    kind: str
    kills: int = 0
    mid_save: int = 0  # the kill landed while the batch was being saved (some, not all, stored)
    orphans: int = 0  # reports without an identity row, summed over the kills
    unsound: int = 0  # kills after which PRAGMA integrity_check was not "ok"
    workers_left: int = 0  # pool workers still alive 5 s after their parent was killed
    restarts_failed: int = 0  # app restarts that did not answer on the same port
    notes: list[str] = field(default_factory=list)


def report_text(round_no: int, n: int) -> str:
    """A distinct report of about 30 KB, so a kill lands inside a write now and then."""
    para = (
        f"第{round_no}轮第{n}党支部坚持“三会一课”制度，开展主题党日活动，推动党建与业务深度融合。"
    )
    return f"第{round_no}轮第{n}党支部2023年度工作总结\n" + "\n".join(
        f"{k}. {para}" for k in range(300)
    )


def write_batch(folder: Path, round_no: int) -> list[Path]:
    """BATCH new report files for this round."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(BATCH):
        path = folder / f"第{round_no:02d}轮报告{n:02d}.txt"
        path.write_text(report_text(round_no, n), encoding="utf-8")
        paths.append(path)
    return paths


def count(db: Path) -> int:
    """Reports in the store (0 before it exists)."""
    return inspect(db)[0]


def inspect(db: Path) -> tuple[int, int, bool]:
    """(reports, reports without identity, integrity ok) of the store, read raw; zeros before
    the store has its tables."""
    if not db.exists():
        return 0, 0, True
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'identities'").fetchone():
            return 0, 0, True
        reports = con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        orphans = con.execute(ORPHANS).fetchone()[0]
        sound = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return reports, orphans, sound
    finally:
        con.close()


def workers_of(pid: int) -> list[int]:
    """Live processes named as pool workers of `pid` (see analysis.core.workers)."""
    name, found = f"{WORKER_PREFIX}{pid}", []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state = stat.rsplit(")", 1)[1].split()[0]
            if stat[stat.index("(") + 1 : stat.rindex(")")] == name and state != "Z":
                found.append(int(entry.name))
    return found


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid`."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _after_kill(
    tally: Tally, db: Path, pid: int, before: int, batch: int, settle_s: float = 5.0
) -> None:
    """Count what one kill left (after `settle_s`): orphans, integrity, mid-save, workers."""
    time.sleep(settle_s)
    left = workers_of(pid)
    for worker in left:  # the run's own mess: cleared so the next round starts clean
        os.kill(worker, signal.SIGKILL)
    reports, orphans, sound = inspect(db)
    tally.kills += 1
    tally.orphans += orphans
    tally.unsound += not sound
    tally.workers_left += len(left)
    tally.mid_save += before < reports < before + batch
    print(
        f"{tally.kind} 第 {tally.kills} 次：报告 {before} → {reports}，无识别记录 {orphans}，"
        f"完整性 {'正常' if sound else '失败'}，残留工作进程 {len(left)}",
        file=sys.stderr,
        flush=True,
    )


# ---------------------------------------------------------------- CLI


def _cli_round(tally: Tally, db: Path, src: Path, round_no: int, rng: random.Random) -> None:
    """One `ingest --workers 2` of a new batch, killed after a random number of saves (or, when
    that number is the whole batch, in the analysis that follows)."""
    paths = write_batch(src / f"r{round_no}", round_no)
    before = count(db)
    kill_after = rng.randint(1, BATCH)
    cmd = [sys.executable, "-m", "analysis", "ingest", *map(str, paths), "--db", str(db)]
    cmd += ["--workers", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    saved = 0
    for line in proc.stdout:
        saved += line.startswith(("added", "duplicate"))
        if saved >= kill_after:
            break
    if saved >= BATCH:  # now analysing: wait for the pool, then kill inside it
        deadline = time.monotonic() + 60
        while not workers_of(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 1.0))
    else:
        time.sleep(rng.uniform(0, 0.05))
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    _after_kill(tally, db, proc.pid, before, BATCH)


def run_cli_kills(rounds: int, seed: int = SEED) -> Tally:
    """`rounds` kills of the CLI ingest on one growing store."""
    rng, tally = random.Random(seed), Tally("命令行 ingest")
    with tempfile.TemporaryDirectory(prefix="hostile-kill-cli-") as tmp:
        db = Path(tmp) / "c.db"
        for n in range(rounds):
            _cli_round(tally, db, Path(tmp) / "src", n, rng)
    return tally


# ---------------------------------------------------------------- app


def start_app(port: int, db: Path, log: Path) -> subprocess.Popen:
    """`streamlit run app.py` on `port` with the store `db`."""
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    cmd += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    env = {k: v for k, v in os.environ.items() if k != "DJ_ADMIN_PASSWORD"}
    env["DJ_DB"] = str(db)
    with log.open("a", encoding="utf-8") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def healthy(proc: subprocess.Popen, port: int, seconds: float = START_S) -> bool:
    """Whether the app answers on its port within `seconds` (False if it exited)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            url = f"http://127.0.0.1:{port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.25)
    return False


def _save_and_kill(
    browser, url: str, proc, db: Path, files: list[Path], rng: random.Random
) -> None:
    """Upload a batch on 数据管理, press 保存, and kill the app while it saves (a moment after
    the first report of the batch is stored)."""
    from tests.e2e.conftest import VIEWPORT
    from tests.e2e.helpers import FIRST_LOAD_MS, go_to, install_run_counter, open_page, rerun

    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    install_run_counter(ctx)
    page = ctx.new_page()
    try:
        open_page(page, url, "/", "概览", timeout=FIRST_LOAD_MS * 3)
        go_to(page, "数据管理", timeout=FIRST_LOAD_MS)
        page.get_by_role("tab", name="上传报告").click()
        chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
        rerun(page, lambda: chooser.set_input_files([str(f) for f in files]), timeout=300_000)
        before = count(db)
        page.get_by_role("button", name=f"保存 {len(files)} 份报告").click()
        deadline = time.monotonic() + 60
        while count(db) == before and time.monotonic() < deadline:  # the first report is in
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.3))
    finally:
        proc.send_signal(signal.SIGKILL)
        ctx.close()


def _analyse_and_kill(browser, url: str, proc, rng: random.Random, seen: list[bool]) -> None:
    """Open 概览 (the new reports are analysed in the pool) and kill the app once the pool
    workers run; `seen` says whether the pool was seen (the kill happens either way)."""
    from tests.e2e.conftest import VIEWPORT

    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(url)
        deadline = time.monotonic() + 60
        while not children(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        seen.append(bool(children(proc.pid)))
        time.sleep(rng.uniform(0, 1.0))
    finally:
        proc.send_signal(signal.SIGKILL)
        ctx.close()


def run_app_kills(rounds: int, seed: int = SEED, every_analysis: int = 4) -> tuple[Tally, Tally]:
    """`rounds` kills of the app mid-save, plus one mid-analysis kill every `every_analysis`
    rounds; the app restarted on the same port after each."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port

    rng = random.Random(seed)
    save, analysis = Tally("应用（保存中）"), Tally("应用（分析中）")
    with tempfile.TemporaryDirectory(prefix="hostile-kill-app-") as tmp, sync_playwright() as pw:
        db, log, port = Path(tmp) / "c.db", Path(tmp) / "app.log", _free_port()
        url = f"http://127.0.0.1:{port}"
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        proc = start_app(port, db, log)
        try:
            for n in range(rounds):
                if not healthy(proc, port):
                    raise RuntimeError(f"the app did not start on port {port}: see {log}")
                files = write_batch(Path(tmp) / "src" / f"r{n}", n)
                save_kill = partial(_save_and_kill, browser, url, proc, db, files, rng)
                proc = _kill_step(save, db, proc, count(db), save_kill, port, log)
                due = every_analysis and n % every_analysis == every_analysis - 1
                if due and healthy(proc, port):
                    seen: list[bool] = []
                    analyse_kill = partial(_analyse_and_kill, browser, url, proc, rng, seen)
                    proc = _kill_step(analysis, db, proc, count(db), analyse_kill, port, log)
                    if seen != [True]:
                        analysis.notes.append(f"第 {n} 轮：未见到分析进程")
        finally:
            browser.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
    return save, analysis


def _kill_step(
    tally: Tally, db: Path, proc, before: int, act: Callable[[], object], port: int, log: Path
) -> subprocess.Popen:
    """Do one kill (`act` kills `proc`), restart the app on the same port at once, then count
    what the kill left; the restarted app."""
    try:
        act()
    except Exception as exc:  # the page step failed: the kill still happened, note why
        tally.notes.append(f"{type(exc).__name__}: {str(exc)[:120]}")
    proc.wait(10)
    restarted = start_app(port, db, log)
    if not healthy(restarted, port):
        tally.restarts_failed += 1
        restarted.kill()
        restarted.wait(10)
        restarted = start_app(port, db, log)  # give the next round a chance
    _after_kill(tally, db, proc.pid, before, BATCH, settle_s=0)
    return restarted


def report_kills(rounds: int) -> str:
    """The kill runs' figures as a Markdown table."""
    tallies = [run_cli_kills(rounds), *run_app_kills(rounds)]
    rows = [
        "### kill -9",
        "",
        "| 对象 | 次数 | 落在保存中 | 无识别记录的报告 | 完整性检查失败 | 残留工作进程 | 原端口重启失败 |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in tallies:
        rows.append(
            f"| {t.kind} | {t.kills} | {t.mid_save} | {t.orphans} | {t.unsound} |"
            f" {t.workers_left} | {t.restarts_failed if t.kind.startswith('应用') else '—'} |"
        )
    notes = [f"- {t.kind}：{note}" for t in tallies for note in t.notes]
    return "\n".join(rows + [""] + notes + [""])
