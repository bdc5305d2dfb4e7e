"""A full disk: the store on a 2 MB tmpfs (`mount -t tmpfs -o size=2m`, needs root), filled by
the CLI until writes fail; then the save counts, the read-only CLI, every page in a real browser,
and a save on the page are checked against what the store really holds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.hostile.kills import ROOT, count, healthy, start_app, write_batch

SIZE = "2m"
PAGES = {"概览": "/", "报告详情": "/report", "主题探索": "/themes", "关键词检索": "/search",
         "趋势": "/trends", "相似支部": "/similar", "雷同检测": "/overlap", "支部对比": "/compare",
         "数据管理": "/manage", "汇报模式": "/present"}  # fmt: skip
FULL = "磁盘空间不足"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class DiskRun:
    """What the full-disk run saw."""

    mounted: bool = False
    cli_added: int = 0  # "added" lines of the ingest that filled the disk
    stored_after_cli: int = 0  # reports in the store after it
    cli_full_lines: int = 0  # files the CLI said did not fit (磁盘空间不足)
    list_rc: int | None = None
    list_rows: int = 0
    pages_ok: list[str] = field(default_factory=list)
    pages_bad: dict[str, str] = field(default_factory=dict)
    notice_pages: int = 0  # pages that showed the one Chinese notice
    page_said_saved: int | None = None  # 「已保存 N 份」 after a save on the full disk
    page_really_saved: int = 0
    notes: list[str] = field(default_factory=list)


def _mount(point: Path) -> bool:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(point)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.returncode == 0


def _fill(run: DiskRun, db: Path, src: Path) -> None:
    """Ingest batches until the CLI says the disk is full."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for n in range(10):
        files = write_batch(src / f"r{n}", 100 + n)
        cmd = [sys.executable, "-m", "analysis", "ingest", *map(str, files), "--db", str(db)]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        run.cli_added += done.stdout.count("\nadded\t") + done.stdout.startswith("added\t")
        full = done.stdout.count(FULL) + done.stderr.count(FULL)
        run.cli_full_lines += done.stdout.count(FULL)
        if "Traceback" in done.stderr:
            run.notes.append(f"ingest 第 {n} 批：stderr 有堆栈")
        if full:
            break
    run.stored_after_cli = count(db)


def _list(run: DiskRun, db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "analysis", "list", "--db", str(db), "--json"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    run.list_rc = done.returncode
    if done.returncode == 0:
        import json

        run.list_rows = len(json.loads(done.stdout))
    else:
        run.notes.append(f"list：{done.stderr.strip()[-200:]}")


def _pages(run: DiskRun, db: Path, tmp: Path) -> None:
    """Every page in a real browser on the full store, then one save on 数据管理."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, _free_port
    from tests.e2e.helpers import FIRST_LOAD_MS, go_to, install_run_counter, open_page, rerun

    port, log = _free_port(), tmp / "app.log"
    proc = start_app(port, db, log)
    try:
        if not healthy(proc, port):
            run.notes.append("应用未能在满盘的语料库上启动")
            return
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
            install_run_counter(ctx)
            page = ctx.new_page()
            url = f"http://127.0.0.1:{port}"
            for title, path in PAGES.items():  # each opened by its address: a fresh session
                try:
                    open_page(page, url, path, title, timeout=FIRST_LOAD_MS * 4)
                    _judge_page(run, page, title)
                except Exception as exc:
                    shown = page.locator('[data-testid="stException"]').all_inner_texts()
                    run.pages_bad[title] = (shown or [f"{type(exc).__name__}"])[0][:160]
            try:
                _save_on_page(run, ctx, url, db, tmp, go_to, open_page, rerun)
            except Exception as exc:
                run.notes.append(f"页面保存失败：{type(exc).__name__}: {str(exc)[:120]}")
            browser.close()
    finally:
        proc.kill()
        proc.wait(10)
        text = log.read_text(encoding="utf-8", errors="replace")
        (ROOT / "artifacts" / "hostile").mkdir(parents=True, exist_ok=True)
        (ROOT / "artifacts" / "hostile" / "disk_server.log").write_text(text, encoding="utf-8")


def _judge_page(run: DiskRun, page, title: str) -> None:
    """A page works: no exception box, no English alert; count the full-disk notice."""
    errors = page.locator('[data-testid="stException"]').all_inner_texts()
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    english = [a for a in alerts if a.strip() and not CJK.search(a)]
    if errors or english:
        run.pages_bad[title] = (errors + english)[0][:160]
        return
    run.pages_ok.append(title)
    run.notice_pages += any(FULL in a for a in alerts)


def _save_on_page(
    run: DiskRun, ctx, url: str, db: Path, tmp: Path, go_to, open_page, rerun
) -> None:
    """Upload five more reports on the full disk and compare 「已保存 N 份」 with the store."""
    page = ctx.new_page()
    files = write_batch(tmp / "src" / "page", 900)[:5]
    before = count(db)
    open_page(page, url, "/", "概览", timeout=300_000)
    go_to(page, "数据管理", timeout=300_000)
    page.get_by_role("tab", name="上传报告").click()
    chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    rerun(page, lambda: chooser.set_input_files([str(f) for f in files]), timeout=300_000)
    rerun(page, page.get_by_role("button", name="保存 5 份报告").click, timeout=300_000)
    said = page.get_by_text(re.compile(r"已保存 \d+ 份报告")).first.inner_text()
    run.page_said_saved = int(re.search(r"已保存 (\d+) 份", said).group(1))  # type: ignore[union-attr]
    run.page_really_saved = count(db) - before


def run_disk() -> DiskRun:
    """The whole full-disk run (skipped, with a note, when tmpfs cannot be mounted)."""
    run = DiskRun()
    with tempfile.TemporaryDirectory(prefix="hostile-disk-") as tmp:
        tmp_path = Path(tmp)
        point = tmp_path / "full"
        point.mkdir()
        run.mounted = _mount(point)
        if not run.mounted:
            run.notes.append(
                "无法挂载 tmpfs（需要 root）：满盘测试见 tests/analysis/store/test_disk_full.py"
            )
            return run
        try:
            db = point / "c.db"
            _fill(run, db, tmp_path / "src")
            _list(run, db)
            _pages(run, db, tmp_path)
        finally:
            subprocess.run(["umount", "-l", str(point)], check=False)
    return run


def report_disk() -> str:
    """The full-disk run as Markdown."""
    r = run_disk()
    rows = [
        f"### 磁盘写满（tmpfs {SIZE}）",
        "",
        f"- 命令行 ingest：输出 added {r.cli_added} 行，语料库实有 {r.stored_after_cli} 份，"
        f"提示「{FULL}」{r.cli_full_lines} 个文件",
        f"- 只读命令 list：退出码 {r.list_rc}，{r.list_rows} 行",
        f"- 页面：{len(r.pages_ok)}/{len(PAGES)} 正常，显示「{FULL}」提示的页面 {r.notice_pages} 个",
        *(f"  - {t}：{why}" for t, why in r.pages_bad.items()),
        f"- 满盘时在页面保存 5 份：页面说已保存 {r.page_said_saved} 份，实际写入 {r.page_really_saved} 份",
        *(f"- 备注：{n}" for n in r.notes),
        "",
    ]
    return "\n".join(rows)
