"""Hand the must-refuse files to each path a user has — the CLI, the upload functions, a real
browser — and judge what each file got: the right Chinese reason, a wrong one, English, a
traceback, acceptance, or a hang."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.hostile.files import CASES, UPLOAD_ONLY, Case, write_files

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "hostile"  # git-ignored: the browser run's server log
CLI_TIMEOUT_S = 300  # per file: the readers' own budget is 30 s (OCR of a scan is slower)
UPLOAD_TIMEOUT_S = 300
BROWSER_READ_MS = 900_000  # the page reads all 53 files in one go
CJK = re.compile(r"[\u4e00-\u9fff]")

OK = "正确"
VERDICTS = (OK, "原因不对", "被接受", "英文", "堆栈", "超时", "无结果")


@dataclass(frozen=True)
class Outcome:
    """What one file got on one path, and the verdict against its expected reason."""

    name: str
    expected: str
    got: str
    verdict: str


def judge(case: Case, results: Sequence[tuple[str, str]], trace: bool = False) -> Outcome:
    """The verdict for `case` from its (status, reason) results on one path (a zip may give
    several: every one must be refused, the first with the right reason)."""
    if trace:
        return Outcome(case.name, case.reason, "Traceback", "堆栈")
    if not results:
        return Outcome(case.name, case.reason, "", "无结果")
    status, reason = results[0]
    if any(s != "failed" for s, _ in results):
        return Outcome(case.name, case.reason, f"{status}：{reason}", "被接受")
    if not CJK.search(reason):
        return Outcome(case.name, case.reason, reason, "英文")
    verdict = OK if case.reason in reason else "原因不对"
    return Outcome(case.name, case.reason, reason, verdict)


def _of(name: str, rows: Sequence[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """The (status, reason) rows whose label is `name` or a member of it (`name › member`)."""
    return [(s, r) for label, s, r in rows if label == name or label.startswith(f"{name} › ")]


# ---------------------------------------------------------------- CLI


def _cli_rows(stdout: str) -> list[tuple[str, str, str]]:
    """(label, status, reason) of every line `ingest` printed on stdout."""
    rows = []
    for line in stdout.splitlines():
        parts = line.split("\t")
        if parts and parts[0] in {"added", "duplicate", "failed"} and len(parts) >= 2:
            rows.append((parts[1], parts[0], parts[2] if parts[0] == "failed" else ""))
    return rows


def run_cli(cases: Sequence[Case] = CASES) -> list[Outcome]:
    """`python -m analysis ingest FILE --db …` once per file, in the files' folder."""
    out = []
    with tempfile.TemporaryDirectory(prefix="hostile-cli-") as tmp:
        folder = Path(tmp) / "files"
        write_files(folder, list(cases))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        for case in cases:
            cmd = [sys.executable, "-m", "analysis", "ingest", case.name, "--db", f"{tmp}/c.db"]
            try:
                proc = subprocess.run(
                    cmd, cwd=folder, env=env, capture_output=True, text=True,
                    timeout=CLI_TIMEOUT_S, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                out.append(Outcome(case.name, case.reason, f"> {CLI_TIMEOUT_S} s", "超时"))
                continue
            trace = "Traceback" in proc.stderr
            out.append(judge(case, _of(case.name, _cli_rows(proc.stdout)), trace))
    return out


# ---------------------------------------------------------------- upload functions


def _upload_one(case: Case, db: str) -> list[tuple[str, str, str]]:
    """The file through prepare_batch → commit_batch, as the upload page saves it."""
    from analysis.store import uploads
    from analysis.store.database import CorpusStore

    store = CorpusStore(db)
    items = uploads.commit_batch(store, uploads.prepare_batch([(case.name, case.build())], store))
    return [(i.label, i.status, i.reason) for i in items]


def _bounded(fn: Callable[[], list], seconds: float) -> list | None:
    """fn() in a thread, None when it is still running after `seconds` (it is left behind)."""
    box: list = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            box.append(fn())
        except BaseException as exc:  # reported as a traceback of the path
            error.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        return None
    if error:
        raise error[0]
    return box[0]


def run_upload(cases: Sequence[Case] = (*CASES, *UPLOAD_ONLY)) -> list[Outcome]:
    """Each file through the upload functions on a fresh store, one batch per file."""
    out = []
    with tempfile.TemporaryDirectory(prefix="hostile-upload-") as tmp:
        for n, case in enumerate(cases):
            db = f"{tmp}/c{n}.db"
            try:
                rows = _bounded(lambda c=case, d=db: _upload_one(c, d), UPLOAD_TIMEOUT_S)
            except Exception as exc:
                out.append(Outcome(case.name, case.reason, repr(exc), "堆栈"))
                continue
            if rows is None:
                out.append(Outcome(case.name, case.reason, f"> {UPLOAD_TIMEOUT_S} s", "超时"))
                continue
            out.append(judge(case, _of(_safe(case.name), rows)))
    return out


def _safe(name: str) -> str:
    """The label the upload path gives `name` (hostile names are made safe first)."""
    from analysis.io.names import safe_filename

    return safe_filename(name)


# ---------------------------------------------------------------- real browser

LIST_ITEM = re.compile(r"^(?P<label>.+?)（(?P<status>[^（）]+)）：(?P<reason>.*)$", re.S)
ENGLISH_BOXES = (
    '[data-testid="stException"]',
    '[data-testid="stFileUploaderFileErrorMessage"]',
    '[data-testid="stUploadedFileErrorMessage"]',
)


def _page_rows(page) -> list[tuple[str, str, str]]:
    """(label, status, reason) of every file the page lists under 「未添加的文件」."""
    expander = page.get_by_test_id("stExpander").filter(has_text="查看完整原因").first
    expander.locator("summary").click()
    rows = []
    for text in expander.locator("li").all_inner_texts():
        match = LIST_ITEM.match(text.strip())
        if match:
            status = "failed" if match["status"] == "失败" else match["status"]
            rows.append((match["label"], status, match["reason"]))
    return rows


def _english_on_page(page) -> list[str]:
    """Texts of Streamlit's own (English) error boxes on the page."""
    found = []
    for selector in ENGLISH_BOXES:
        found += [t for t in page.locator(selector).all_inner_texts() if t.strip()]
    return found


def run_browser(cases: Sequence[Case] = (*CASES, *UPLOAD_ONLY)) -> list[Outcome]:
    """All files at once into 数据管理 › 上传报告 of a real server, in headless Chromium (files a
    file system can hold from disk, the others, like `..`, as in-memory payloads after them)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, serve
    from tests.e2e.helpers import FIRST_LOAD_MS, install_run_counter, open_page

    on_disk = [c for c in cases if c.name not in {u.name for u in UPLOAD_ONLY}]
    payloads = [
        {"name": c.name, "mimeType": "application/octet-stream", "buffer": c.build()}
        for c in cases
        if c not in on_disk
    ]
    with tempfile.TemporaryDirectory(prefix="hostile-browser-") as tmp:
        tmp_path = Path(tmp)
        paths = write_files(tmp_path / "files", on_disk)
        with serve(tmp_path / "c.db", tmp_path / "server.log") as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
            install_run_counter(ctx)
            page = ctx.new_page()
            open_page(page, url, "/", "概览", timeout=FIRST_LOAD_MS)
            _upload_all(page, [str(p) for p in paths])
            if payloads:
                _upload_all(page, payloads, navigate=False)
            rows, english = _page_rows(page), _english_on_page(page)
            browser.close()
        log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "browser_server.log").write_text(log, encoding="utf-8")
    shown_traces = [t for t in english if "Traceback" in t]  # a stack on the page itself
    logged = log.count("Traceback")
    print(
        f"browser: 服务器日志中记录的堆栈 {logged} 处（{ARTIFACTS / 'browser_server.log'}）",
        file=sys.stderr,
    )
    out = []
    for case in cases:
        outcome = judge(case, _of(_safe(case.name), rows), bool(shown_traces))
        mentions = [t for t in english if case.name in t]
        if mentions and outcome.verdict == "无结果":
            outcome = Outcome(case.name, case.reason, mentions[0], "英文")
        out.append(outcome)
    return out


def _upload_all(page, files: list, navigate: bool = True) -> None:
    """On 数据管理 › 上传报告, hand `files` (paths or payloads) to the uploader and wait (long)
    for the preview."""
    from tests.e2e.helpers import go_to, rerun

    if navigate:
        go_to(page, "数据管理")
        page.get_by_role("tab", name="上传报告").click()
    chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    rerun(page, lambda: chooser.set_input_files(files), timeout=BROWSER_READ_MS)


PATHS: dict[str, Callable[[], list[Outcome]]] = {
    "cli": run_cli,
    "upload": run_upload,
    "browser": run_browser,
}
